import { LitElement, css, html } from 'lit';
import { property, query } from 'lit/decorators.js';
import { consoleStyles } from './styles.js';

/**
 * A modal confirmation built on the native `<dialog>`: focus moves into it (onto "cancel", the safe
 * choice), Esc cancels, Tab stays inside, and focus goes back to where it was when it closes.
 * The question itself is the element's content.
 *
 * @slot - what will happen if the person confirms
 */
export class AdminConfirmDialog extends LitElement {
  static override styles = [
    consoleStyles,
    css`
      dialog {
        border: 1px solid var(--c-border);
        border-radius: var(--radius);
        padding: var(--space-5);
        max-width: min(36rem, calc(100vw - 2rem));
        color: var(--c-text);
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 0.45);
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: var(--space-3);
        justify-content: flex-end;
        margin-top: var(--space-5);
      }
    `,
  ];

  private settle: ((confirmed: boolean) => void) | undefined;
  private returnFocus: HTMLElement | null = null;

  @query('dialog') private dialog!: HTMLDialogElement;

  /** The dialog's title, a question ("Công bố kết quả?"). */
  @property() heading = '';
  /** The confirming button's text, naming the action ("Công bố"). */
  @property({ attribute: 'confirm-label' }) confirmLabel = 'Xác nhận';
  /** Styles the confirming button as a destructive action. */
  @property({ type: Boolean }) danger = false;

  /** Answers the question waiting, once: a second call finds nothing to settle. */
  private finish(confirmed: boolean): void {
    const settle = this.settle;
    this.settle = undefined;
    settle?.(confirmed);
  }

  private onClose(): void {
    // The close event comes a task after the dialog closed: if it was opened again meanwhile, the
    // event belongs to the earlier question, which ask() already answered with what was chosen.
    if (this.dialog.open) return;
    this.finish(this.dialog.returnValue === 'confirm');
    // Chromium restores focus itself; this covers a focus target that re-rendered meanwhile.
    if (this.returnFocus?.isConnected && deepActiveElement() !== this.returnFocus) this.returnFocus.focus();
    this.returnFocus = null;
  }

  /** Whether the dialog is showing. */
  get open(): boolean {
    return this.dialog?.open ?? false;
  }

  /**
   * Shows the dialog; resolves true when confirmed, false when cancelled (button, Esc). Asked again
   * before the earlier question's answer arrived, the earlier one is answered first: with what was
   * chosen when the dialog has already closed, as cancelled when it is still showing (the new
   * question takes its place). Every call resolves exactly once.
   */
  async ask(): Promise<boolean> {
    await this.updateComplete;
    if (this.settle) this.finish(!this.dialog.open && this.dialog.returnValue === 'confirm');
    this.dialog.returnValue = '';
    if (!this.dialog.open) {
      this.returnFocus = deepActiveElement();
      this.dialog.showModal();
    }
    return new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  override render() {
    return html`<dialog aria-labelledby="heading" aria-describedby="body" @close=${this.onClose}>
      <form method="dialog">
        <h2 id="heading">${this.heading}</h2>
        <div id="body"><slot></slot></div>
        <div class="actions">
          <button value="cancel" autofocus>Huỷ bỏ</button>
          <button value="confirm" class=${this.danger ? 'danger' : 'primary'}>${this.confirmLabel}</button>
        </div>
      </form>
    </dialog>`;
  }
}

function deepActiveElement(): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : null;
}

const TAG = 'admin-confirm-dialog';
customElements.get(TAG) || customElements.define(TAG, AdminConfirmDialog);

declare global {
  interface HTMLElementTagNameMap {
    [TAG]: AdminConfirmDialog;
  }
}
