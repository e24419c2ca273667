import { css, html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { Role } from '../admin-api.js';
import '../confirm-dialog.js';
import type { AdminConfirmDialog } from '../confirm-dialog.js';
import { errorMessage, fieldErrors, READ_ONLY_NOTE, renderFieldError } from '../feedback.js';
import { formatVietnamTime } from '../format.js';
import { consoleStyles } from '../styles.js';
import { ConsoleScreen } from '../console-screen.js';
import type { AccessCode, AccessCodeCreateRequest, AccessCodes, CreatedAccessCode } from '../../../api/src/contract/admin.js';

const ROLE_WORDS: Record<Role, string> = {
  organiser: 'Ban Tổ chức (toàn quyền)',
  jury: 'Ban Giám khảo (chỉ xem)',
  host: 'Trang đăng cai (chỉ số liệu của trang mình)',
};

/**
 * Access codes of the committee and the jury: who has one, since when, whether it still works. An
 * organiser creates a code (its value is shown once, with a copy button: only its hash is kept) and
 * revokes one after a confirmation naming it. The last organiser code cannot be revoked.
 */
export class AdminAccess extends ConsoleScreen {
  static override styles = [
    consoleStyles,
    css`
      .secret {
        display: flex;
        flex-wrap: wrap;
        gap: var(--space-2);
        align-items: center;
      }
      .secret input {
        flex: 1 1 24rem;
        font-family: ui-monospace, monospace;
      }
      .create .row {
        align-items: flex-start;
      }
      .create .row .field {
        flex: 1 1 16rem;
      }
    `,
  ];

  /** Who is signed in, to mark their own code. */
  @property({ attribute: false }) me: { name: string; role: Role } | null = null;

  @query('admin-confirm-dialog') private dialog!: AdminConfirmDialog;

  @state() private codes: AccessCode[] = [];
  @state() private loaded = false;
  @state() private loadError = '';
  @state() private created: CreatedAccessCode | null = null;
  @state() private copied = '';
  @state() private createErrors: Record<string, string> = {};
  @state() private createMessage = '';
  @state() private revoking: AccessCode | null = null;
  @state() private revokeMessage = '';
  @state() private revokeError = '';
  @state() private busy = false;
  @state() private newRole: Role = 'jury';

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('api') && this.api) void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.codes = await this.api.get<AccessCodes>('/access-codes');
      this.loadError = '';
    } catch (error) {
      this.loadError = errorMessage(error);
    }
    this.loaded = true;
  }

  private async create(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    // Read before any await: once the event is dispatched its target (inside a shadow root) is cleared.
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    const role = String(data.get('role') ?? 'jury') as Role;
    const source = String(data.get('source') ?? '').trim();
    this.created = null;
    this.copied = '';
    this.createMessage = '';
    this.revokeMessage = '';
    this.createErrors = name.length < 2 ? { name: '«Tên người hoặc bộ phận dùng mã» phải có ít nhất 2 ký tự' } : {};
    if (this.createErrors.name) return;
    this.busy = true;
    try {
      // A host site's code is for the contest on screen and the site named (decision 0040).
      const request: AccessCodeCreateRequest = role === 'host' ? { name, role, contestSlug: this.slug, source } : { name, role };
      this.created = await this.api.post<CreatedAccessCode>('/access-codes', request);
      form.reset();
      this.newRole = 'jury';
      await this.load();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('#new-code')?.focus();
    } catch (error) {
      this.createErrors = fieldErrors(error);
      this.createMessage = errorMessage(error);
    } finally {
      this.busy = false;
    }
  }

  private async copy(): Promise<void> {
    const input = this.renderRoot.querySelector<HTMLInputElement>('#new-code');
    if (!this.created || !input) return;
    try {
      await navigator.clipboard.writeText(this.created.token);
      this.copied = 'Đã sao chép mã vào bộ nhớ tạm.';
    } catch {
      // No clipboard permission (plain http, an old browser): select it so Ctrl+C copies it.
      input.select();
      this.copied = 'Không sao chép tự động được: mã đã được chọn sẵn, hãy bấm Ctrl+C.';
    }
  }

  private async revoke(code: AccessCode): Promise<void> {
    this.revoking = code;
    this.revokeMessage = '';
    this.revokeError = '';
    if (!(await this.dialog.ask())) return;
    this.busy = true;
    try {
      await this.api.delete<AccessCode>(`/access-codes/${code.id}`);
      this.revokeMessage = `Đã thu hồi mã của «${code.name}». Mã này không dùng được nữa.`;
      if (this.created?.code.id === code.id) this.created = null;
      await this.load();
    } catch (error) {
      this.revokeError = errorMessage(error);
    } finally {
      this.busy = false;
    }
  }

  private renderCreated() {
    if (!this.created) return nothing;
    const { code, token } = this.created;
    return html`<div class="success-box stack" data-created-code>
      <p><strong>Đã tạo mã truy cập của «${code.name}»</strong> (${ROLE_WORDS[code.role]}).</p>
      <p>
        Mã chỉ hiện <strong>một lần</strong> ở đây: máy chủ chỉ lưu dạng băm nên không xem lại được. Hãy sao chép và trao tận tay người dùng
        mã; nếu làm mất, thu hồi mã này và tạo mã mới.
      </p>
      <div class="field">
        <label for="new-code">Mã truy cập mới</label>
        <div class="secret">
          <input id="new-code" readonly spellcheck="false" autocomplete="off" .value=${token} @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />
          <button type="button" class="primary" @click=${this.copy}>Sao chép mã</button>
          <button type="button" @click=${() => (this.created = null)}>Đã lưu mã, ẩn đi</button>
        </div>
      </div>
      <p role="status">${this.copied}</p>
    </div>`;
  }

  private renderCreate() {
    const e = this.createErrors;
    return html`<section class="card stack create" aria-labelledby="access-create">
      <h3 id="access-create">Tạo mã truy cập</h3>
      ${this.createMessage ? html`<div class="error-box" role="alert">${this.createMessage}</div>` : nothing}
      <form class="stack" @submit=${this.create} novalidate>
        <div class="row">
          <div class="field">
            <label for="code-name">Tên người hoặc bộ phận dùng mã</label>
            <input
              id="code-name"
              name="name"
              maxlength="200"
              aria-invalid=${e.name ? 'true' : 'false'}
              aria-describedby="code-name-hint${e.name ? ' code-name-error' : ''}"
            />
            <span class="hint" id="code-name-hint">Ví dụ: Nguyễn Văn An (Tổ Thư ký). Tên này hiện trong nhật ký thao tác.</span>
            ${renderFieldError('code-name-error', e.name)}
          </div>
          <div class="field">
            <label for="code-role">Vai trò</label>
            <select
              id="code-role"
              name="role"
              aria-invalid=${e.role ? 'true' : 'false'}
              aria-describedby=${e.role ? 'code-role-error' : nothing}
              @change=${(event: Event) => (this.newRole = (event.target as HTMLSelectElement).value as Role)}>
              <option value="jury" selected>${ROLE_WORDS.jury}</option>
              <option value="organiser">${ROLE_WORDS.organiser}</option>
              <option value="host">${ROLE_WORDS.host}</option>
            </select>
            ${renderFieldError('code-role-error', e.role)}
          </div>
          ${this.newRole === 'host'
            ? html`<div class="field">
                <label for="code-source">Tên miền trang đăng cai</label>
                <input
                  id="code-source"
                  name="source"
                  maxlength="253"
                  placeholder="baothaibinh.com.vn"
                  aria-invalid=${e.source ? 'true' : 'false'}
                  aria-describedby="code-source-hint${e.source ? ' code-source-error' : ''}"
                />
                <span class="hint" id="code-source-hint">Mã chỉ xem được số người đăng ký và lượt thi đến từ trang này, trong cuộc thi đang chọn.</span>
                ${renderFieldError('code-source-error', e.source)}
              </div>`
            : nothing}
        </div>
        <div class="row"><button class="primary" type="submit" ?disabled=${this.busy}>Tạo mã truy cập</button></div>
      </form>
      ${this.renderCreated()}
    </section>`;
  }

  override render() {
    if (this.loadError) return html`<h2>Mã truy cập</h2><div class="error-box" role="alert">${this.loadError}</div>`;
    if (!this.loaded) return html`<h2>Mã truy cập</h2><p role="status">Đang tải…</p>`;
    const active = this.codes.filter((c) => !c.revokedAt);
    return html`<div class="stack">
      <h2>Mã truy cập</h2>
      <p>
        Mỗi người hoặc bộ phận dùng bảng điều khiển có một mã riêng. Mã Ban Tổ chức được thay đổi dữ liệu; mã Ban Giám khảo chỉ được xem. Thu
        hồi mã khi người dùng không còn cần đến. ${active.length} mã đang dùng.
      </p>
      ${this.canWrite ? this.renderCreate() : html`<p class="notice-box">${READ_ONLY_NOTE}</p>`}
      <div role="status">${this.revokeMessage ? html`<p class="success-box">${this.revokeMessage}</p>` : nothing}</div>
      ${this.revokeError ? html`<div class="error-box" role="alert">${this.revokeError}</div>` : nothing}
      <div class="table-wrap" role="region" tabindex="0" aria-label="Bảng mã truy cập">
        <table class="data" data-codes>
          <caption>
            Các mã truy cập (${this.codes.length})
          </caption>
          <thead>
            <tr>
              <th scope="col">Tên</th>
              <th scope="col">Vai trò</th>
              <th scope="col">Tạo lúc</th>
              <th scope="col">Trạng thái</th>
              ${this.canWrite ? html`<th scope="col"><span class="visually-hidden">Thao tác</span></th>` : nothing}
            </tr>
          </thead>
          <tbody>
            ${this.codes.map(
              (c) => html`<tr data-code=${c.id}>
                <th scope="row">${c.name}${this.me?.name === c.name ? html` <span class="badge">bạn</span>` : nothing}</th>
                <td>${ROLE_WORDS[c.role]}${c.scope ? html`<br />${c.scope.source} · ${c.scope.contestSlug}` : nothing}</td>
                <td>${formatVietnamTime(c.createdAt)}</td>
                <td>${c.revokedAt ? `Đã thu hồi ${formatVietnamTime(c.revokedAt)}` : html`<span class="badge ok">Đang dùng</span>`}</td>
                ${this.canWrite
                  ? html`<td>
                      ${c.revokedAt
                        ? nothing
                        : html`<button type="button" class="danger" ?disabled=${this.busy} @click=${() => this.revoke(c)}>
                            Thu hồi<span class="visually-hidden">: ${c.name}</span>
                          </button>`}
                    </td>`
                  : nothing}
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${this.canWrite
        ? html`<admin-confirm-dialog heading="Thu hồi mã của «${this.revoking?.name ?? ''}»?" confirm-label="Thu hồi mã" danger>
        <p>Người đang dùng mã này sẽ bị đăng xuất ở lần thao tác tiếp theo và không đăng nhập lại được bằng mã đó.</p>
          </admin-confirm-dialog>`
        : nothing}
    </div>`;
  }
}

customElements.get('admin-access') || customElements.define('admin-access', AdminAccess);

declare global {
  interface HTMLElementTagNameMap {
    'admin-access': AdminAccess;
  }
}
