import { css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import '../file-import.js';
import { errorMessage, fieldErrors, READ_ONLY_NOTE, renderFieldError } from '../feedback.js';
import { formatNumber } from '../format.js';
import { consoleStyles } from '../styles.js';
import { ConsoleScreen } from '../console-screen.js';
import type { ExclusionAddRequest, Exclusions } from '../../../api/src/contract/admin.js';

/** `GET /api/admin/contests/:slug/exclusions`: people who may not take part (organisers, jury, secretariat). */
export type ExclusionList = Exclusions;

type Kind = 'idNumbers' | 'phones';

/** The route segment of each list (`…/exclusions/id-numbers`, `…/exclusions/phones`). */
const KIND_PATHS: Record<Kind, string> = { idNumbers: 'id-numbers', phones: 'phones' };
const KIND_ONE: Record<Kind, string> = { idNumbers: 'số định danh', phones: 'số điện thoại' };

/** How many entries a list shows before the organiser narrows it with the search. */
const SHOWN = 200;

/**
 * The exclusion list — ID numbers and phone numbers of the Organising Committee, the jury and the
 * secretariat, who may not register — with a search and the import that replaces it.
 */
export class AdminExclusions extends ConsoleScreen {
  static override styles = [
    consoleStyles,
    css`
      .lists {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));
        gap: var(--space-4);
      }
      ul.values {
        list-style: none;
        padding: 0;
        margin: 0;
        columns: 2 12rem;
        font-variant-numeric: tabular-nums;
      }
      ul.values li {
        display: flex;
        gap: var(--space-2);
        align-items: center;
        break-inside: avoid;
      }
      form.add {
        align-items: flex-end;
      }
      form.add .field {
        flex: 1 1 12rem;
      }
      .toolbar .field {
        flex: 1 1 16rem;
        max-width: 28rem;
      }
    `,
  ];

  @state() private list: ExclusionList | null = null;
  @state() private loadError = '';
  @state() private query = '';
  @state() private drafts: Record<Kind, string> = { idNumbers: '', phones: '' };
  @state() private addErrors: Partial<Record<Kind, string>> = {};
  @state() private done = '';
  @state() private rowError = '';
  @state() private busy = false;


  override updated(changed: Map<string, unknown>): void {
    if (this.contestChanged(changed)) void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.list = await this.api.get<ExclusionList>(`/contests/${this.slug}/exclusions`);
      this.loadError = '';
    } catch (error) {
      this.loadError = errorMessage(error);
    }
  }

  private readonly importList = async (file: File): Promise<string> => {
    this.list = await this.api.upload<ExclusionList>('PUT', `/contests/${this.slug}/exclusions`, file);
    return `Đã thay danh sách loại trừ từ tệp ${file.name}: ${formatNumber(this.list.idNumbers.length)} số định danh, ${formatNumber(this.list.phones.length)} số điện thoại.`;
  };

  private async add(kind: Kind, event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const value = this.drafts[kind].trim();
    this.done = '';
    this.rowError = '';
    this.addErrors = value ? {} : { [kind]: `Nhập ${KIND_ONE[kind]} cần thêm` };
    if (!value) return;
    this.busy = true;
    try {
      const before = this.list?.[kind].length ?? 0;
      this.list = await this.api.post<ExclusionList>(`/contests/${this.slug}/exclusions/${KIND_PATHS[kind]}`, { value } satisfies ExclusionAddRequest);
      this.done = this.list[kind].length > before ? `Đã thêm ${KIND_ONE[kind]} ${value} vào danh sách loại trừ.` : `${KIND_ONE[kind]} ${value} đã có trong danh sách.`;
      this.drafts = { ...this.drafts, [kind]: '' };
    } catch (error) {
      this.addErrors = { [kind]: fieldErrors(error).value ?? errorMessage(error) };
    } finally {
      this.busy = false;
    }
  }

  private async removeValue(kind: Kind, value: string): Promise<void> {
    this.done = '';
    this.rowError = '';
    this.busy = true;
    try {
      this.list = await this.api.delete<ExclusionList>(`/contests/${this.slug}/exclusions/${KIND_PATHS[kind]}/${encodeURIComponent(value)}`);
      this.done = `Đã bỏ ${KIND_ONE[kind]} ${value} khỏi danh sách loại trừ.`;
    } catch (error) {
      this.rowError = errorMessage(error);
    } finally {
      this.busy = false;
    }
  }

  private renderAdd(kind: Kind, label: string, hint: string) {
    const id = `add-${kind}`;
    const error = this.addErrors[kind];
    return html`<form class="row add" @submit=${(e: SubmitEvent) => this.add(kind, e)} novalidate>
      <div class="field">
        <label for=${id}>${label}</label>
        <input
          id=${id}
          inputmode="numeric"
          .value=${this.drafts[kind]}
          @input=${(e: Event) => (this.drafts = { ...this.drafts, [kind]: (e.target as HTMLInputElement).value })}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby="${id}-hint${error ? ` ${id}-error` : ''}"
        />
        <span class="hint" id="${id}-hint">${hint}</span> ${renderFieldError(`${id}-error`, error)}
      </div>
      <button type="submit" ?disabled=${this.busy}>Thêm</button>
    </form>`;
  }

  private renderValues(title: string, values: string[], kind: Kind) {
    const digits = this.query.replace(/\D/g, '');
    const matching = digits ? values.filter((v) => v.replace(/\D/g, '').includes(digits)) : values;
    const shown = matching.slice(0, SHOWN);
    return html`<section class="card stack" aria-label=${title}>
      <h3>${title} (${formatNumber(values.length)})</h3>
      ${digits ? html`<p class="muted">${formatNumber(matching.length)} khớp với «${this.query}».</p>` : nothing}
      ${shown.length
        ? html`<ul class="values">
            ${shown.map(
              (v) =>
                html`<li>
                  <span class="value">${v}</span>
                  ${this.canWrite
                    ? html`<button type="button" class="quiet" ?disabled=${this.busy} @click=${() => this.removeValue(kind, v)}>
                        Bỏ<span class="visually-hidden"> ${KIND_ONE[kind]} ${v}</span>
                      </button>`
                    : nothing}
                </li>`,
            )}
          </ul>`
        : html`<p class="muted">${values.length ? 'Không có số nào khớp.' : 'Danh sách trống.'}</p>`}
      ${matching.length > SHOWN ? html`<p class="muted">Đang hiện ${formatNumber(SHOWN)} số đầu; nhập vài chữ số để tìm.</p>` : nothing}
    </section>`;
  }

  override render() {
    if (this.loadError) return html`<h2>Danh sách loại trừ</h2><div class="error-box" role="alert">${this.loadError}</div>`;
    if (!this.list) return html`<h2>Danh sách loại trừ</h2><p role="status">Đang tải…</p>`;
    return html`<div class="stack">
      <h2>Danh sách loại trừ</h2>
      <p>
        Thành viên Ban Tổ chức, Ban Giám khảo và Tổ Thư ký không được dự thi. Người có số định danh hoặc số điện thoại trong danh sách này không
        đăng ký được.
      </p>
      ${this.canWrite
        ? html`<section class="card stack" aria-labelledby="exclusions-import">
            <h3 id="exclusions-import">Nạp danh sách loại trừ</h3>
            <p class="muted">
              Cột «Số định danh» (id_number, 12 chữ số) và/hoặc «Số điện thoại» (phone). Danh sách mới thay toàn bộ danh sách cũ; có dòng sai thì
              không có thay đổi nào được lưu.
            </p>
            <admin-file-import label="Tệp danh sách loại trừ (.xlsx hoặc .csv)" action="Nạp danh sách loại trừ" .upload=${this.importList}></admin-file-import>
          </section>`
        : html`<p class="notice-box">${READ_ONLY_NOTE}</p>`}
      <div class="row toolbar" role="search">
        <div class="field">
          <label for="q">Tìm số định danh hoặc số điện thoại</label>
          <input id="q" type="search" inputmode="numeric" .value=${this.query} @input=${(e: Event) => (this.query = (e.target as HTMLInputElement).value)} />
        </div>
      </div>
      ${this.canWrite
        ? html`<section class="card stack" aria-labelledby="exclusions-add">
            <h3 id="exclusions-add">Thêm từng người</h3>
            <p class="muted">Kiểm tra như khi nạp tệp. Muốn sửa một số, hãy bỏ số cũ rồi thêm số mới.</p>
            <div class="lists">
              ${this.renderAdd('idNumbers', 'Số định danh cần thêm', '12 chữ số')}
              ${this.renderAdd('phones', 'Số điện thoại cần thêm', 'Ví dụ 0912345678')}
            </div>
          </section>`
        : nothing}
      <div role="status">${this.done ? html`<p class="success-box">${this.done}</p>` : nothing}</div>
      ${this.rowError ? html`<div class="error-box" role="alert">${this.rowError}</div>` : nothing}
      <div class="lists">
        ${this.renderValues('Số định danh cá nhân', this.list.idNumbers, 'idNumbers')} ${this.renderValues('Số điện thoại', this.list.phones, 'phones')}
      </div>
    </div>`;
  }
}

customElements.get('admin-exclusions') || customElements.define('admin-exclusions', AdminExclusions);

declare global {
  interface HTMLElementTagNameMap {
    'admin-exclusions': AdminExclusions;
  }
}
