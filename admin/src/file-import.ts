import { LitElement, css, html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { errorMessage, renderRowErrors, rowErrors, type RowError } from './feedback.js';
import { consoleStyles } from './styles.js';

const SPREADSHEET_TYPES = '.xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Picks a spreadsheet and hands it to `upload`; shows the success sentence it returns, or the
 * server's message with every refused row in a table. Used by every import of the console.
 */
export class AdminFileImport extends LitElement {
  static override styles = [
    consoleStyles,
    css`
      .grow {
        flex: 1 1 18rem;
      }
    `,
  ];

  @query('input[type=file]') private input?: HTMLInputElement;

  @state() private file: File | null = null;
  @state() private busy = false;
  @state() private done = '';
  @state() private message = '';
  @state() private rows: RowError[] = [];

  /** Label of the file input, naming what is imported. */
  @property() label = 'Tệp (.xlsx hoặc .csv)';
  /** Text of the submit button. */
  @property() action = 'Nhập tệp';
  /** Sends the file; resolves to the sentence to show on success. */
  @property({ attribute: false }) upload!: (file: File) => Promise<string>;

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    this.done = '';
    this.rows = [];
    if (!this.file) {
      this.message = 'Chọn một tệp XLSX hoặc CSV trước.';
      this.input?.focus();
      return;
    }
    this.message = '';
    this.busy = true;
    try {
      this.done = await this.upload(this.file);
    } catch (error) {
      this.message = errorMessage(error);
      this.rows = rowErrors(error);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`<div class="stack">
      <form class="row" @submit=${this.onSubmit} novalidate>
        <div class="field grow">
          <label for="file">${this.label}</label>
          <input
            id="file"
            type="file"
            accept=${SPREADSHEET_TYPES}
            aria-invalid=${this.message ? 'true' : 'false'}
            aria-describedby=${this.message ? 'file-error' : nothing}
            @change=${(e: Event) => (this.file = (e.target as HTMLInputElement).files?.[0] ?? null)}
          />
        </div>
        <button class="primary" type="submit" ?disabled=${this.busy}>${this.busy ? 'Đang nhập…' : this.action}</button>
      </form>
      <div role="status">${this.done ? html`<p class="success-box">${this.done}</p>` : nothing}</div>
      ${this.message ? html`<div class="error-box" role="alert" id="file-error">${this.message}</div>` : nothing}
      ${renderRowErrors(this.rows, 'Các dòng bị lỗi trong tệp')}
    </div>`;
  }
}

customElements.get('admin-file-import') || customElements.define('admin-file-import', AdminFileImport);

declare global {
  interface HTMLElementTagNameMap {
    'admin-file-import': AdminFileImport;
  }
}
