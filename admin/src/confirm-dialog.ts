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

  private onClose(): void {
    const confirmed = this.dialog.returnValue === 'confirm';
    this.settle?.(confirmed);
    this.settle = undefined;
    // Chromium restores focus itself; this covers a focus target that re-rendered meanwhile.
    if (this.returnFocus?.isConnected && deepActiveElement() !== this.returnFocus) this.returnFocus.focus();
    this.returnFocus = null;
  }

  /** Whether the dialog is showing. */
  get open(): boolean {
    return this.dialog?.open ?? false;
  }

  /** Shows the dialog; resolves true when confirmed, false when cancelled (button, Esc). */
  async ask(): Promise<boolean> {
    await this.updateComplete;
    this.returnFocus = deepActiveElement();
    this.dialog.returnValue = '';
    this.dialog.showModal();
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
