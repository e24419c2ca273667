import { css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { AdminApi } from '../admin-api.js';
import { errorMessage } from '../feedback.js';
import { formatNumber, formatVietnamTime } from '../format.js';
import { consoleStyles } from '../styles.js';
import { ConsoleScreen } from '../console-screen.js';
import type { AuditEntry } from '../../../api/src/db/admin.js';

/** One entry of `GET /api/admin/audit`: the server's own type. */
export type { AuditEntry };

/** Audit actions as people say them; an action not listed here is shown as recorded. */
export const ACTION_WORDS: Record<string, string> = {
  'contest.create': 'Tạo cuộc thi',
  'contest.update': 'Sửa cấu hình cuộc thi',
  'questions.import': 'Nhập câu hỏi',
  'question.update': 'Sửa câu hỏi',
  'question.retire': 'Ngừng dùng câu hỏi',
  'units.replace': 'Thay danh sách đơn vị',
  'exclusions.replace': 'Thay danh sách loại trừ',
  'results.publish': 'Công bố kết quả',
  'results.republish': 'Công bố lại kết quả',
  'attempt.void': 'Huỷ kết quả lượt thi',
  'contestant.grant': 'Cấp thêm lượt thi',
  'token.create': 'Tạo mã truy cập',
  'token.revoke': 'Thu hồi mã truy cập',
  'read.ranking': 'Tải bảng xếp hạng (có thông tin liên hệ)',
  'read.attempts': 'Tải danh sách lượt thi',
  'read.contestants': 'Tải danh sách thí sinh',
  'read.contestantSearch': 'Tra cứu thí sinh',
  'read.exclusions': 'Xem danh sách loại trừ',
  'read.winners': 'Tải danh sách đoạt giải (có thông tin liên hệ)',
  'contest.regrade': 'Chấm lại theo đáp án hiện tại',
};

/** The few facts of an entry's detail worth a glance; the whole detail stays one click away. */
export function detailSummary(detail: unknown): string {
  if (!detail || typeof detail !== 'object') return '';
  const d = detail as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof d.reason === 'string') parts.push(`Lý do: ${d.reason}`);
  if (typeof d.attempts === 'number') parts.push(`Số lượt: ${formatNumber(d.attempts)}`);
  if (typeof d.imported === 'number') parts.push(`${formatNumber(d.imported)} câu hỏi`);
  if (typeof d.count === 'number') parts.push(`${formatNumber(d.count)} đơn vị`);
  if (typeof d.individual === 'number') parts.push(`${formatNumber(d.individual)} giải cá nhân`);
  if (typeof d.collective === 'number') parts.push(`${formatNumber(d.collective)} giải tập thể`);
  if (typeof d.role === 'string') parts.push(`Vai trò: ${d.role === 'jury' ? 'Ban Giám khảo' : 'Ban Tổ chức'}`);
  if (typeof d.format === 'string') parts.push(`Tệp ${d.format.toUpperCase()}`);
  if (typeof d.found === 'number') parts.push(`${formatNumber(d.found)} người tìm thấy`);
  if (typeof d.idNumbers === 'number' && typeof d.phones === 'number') {
    parts.push(`${formatNumber(d.idNumbers)} số định danh, ${formatNumber(d.phones)} số điện thoại`);
  }
  const after = d.after as Record<string, unknown> | undefined;
  if (after && typeof after.idNumbers === 'number' && typeof after.phones === 'number') {
    parts.push(`${formatNumber(after.idNumbers)} số định danh, ${formatNumber(after.phones)} số điện thoại`);
  }
  return parts.join(' · ');
}

const PAGE_SIZE = 50;

/**
 * The audit log: who changed what and when (Vietnam time), newest first, fifty at a time with
 * "Tải thêm" for older entries. The log covers every contest and the command line's token changes.
 */
export class AdminAudit extends ConsoleScreen {
  static override styles = [
    consoleStyles,
    css`
      pre {
        white-space: pre-wrap;
        word-break: break-word;
        max-height: 20rem;
        overflow: auto;
        background: var(--c-surface-alt);
        padding: var(--space-2);
        border-radius: var(--radius);
        font-size: 0.85rem;
      }
      summary {
        cursor: pointer;
        color: var(--c-accent);
      }
      td.when {
        min-width: 9rem;
      }
      td.action {
        min-width: 9rem;
      }
      td.detail {
        min-width: 14rem;
      }
      td code {
        word-break: break-all;
      }
    `,
  ];

  private loadedFor: AdminApi | null = null;

  @state() private entries: AuditEntry[] = [];
  @state() private more = false;
  @state() private loading = false;
  @state() private error = '';

  /** Entries per page. */
  @property({ type: Number }) pageSize = PAGE_SIZE;

  protected override willUpdate(): void {
    if (this.api && this.api !== this.loadedFor) {
      this.loadedFor = this.api;
      void this.load(false);
    }
  }

  private async load(older: boolean): Promise<void> {
    this.loading = true;
    this.error = '';
    const before = older ? this.entries[this.entries.length - 1]?.id : undefined;
    try {
      const page = await this.api.get<AuditEntry[]>(`/audit?limit=${this.pageSize}${before ? `&before=${before}` : ''}`);
      this.entries = older ? [...this.entries, ...page] : page;
      this.more = page.length === this.pageSize;
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.loading = false;
    }
  }

  override render() {
    return html`<section class="stack" aria-labelledby="audit-title" aria-busy=${this.loading ? 'true' : 'false'}>
      <h2 id="audit-title">Nhật ký thao tác</h2>
      <div class="row">
        <p class="muted" style="flex:1 1 20rem;margin:0">
          Mọi thay đổi của Ban Tổ chức trên mọi cuộc thi, mới nhất ở trên; thời gian theo giờ Việt Nam.
        </p>
        <button type="button" @click=${() => void this.load(false)} ?disabled=${this.loading}>Tải lại</button>
      </div>
      ${this.error ? html`<p class="error-box" role="alert">${this.error}</p>` : nothing}
      ${this.entries.length
        ? html`<div class="table-wrap" role="region" tabindex="0" aria-label="Bảng nhật ký thao tác">
            <table class="data" data-audit>
              <caption>
                ${formatNumber(this.entries.length)} thao tác gần nhất
              </caption>
              <thead>
                <tr>
                  <th scope="col">Thời gian</th>
                  <th scope="col">Người thực hiện</th>
                  <th scope="col">Thao tác</th>
                  <th scope="col">Đối tượng</th>
                  <th scope="col">Chi tiết</th>
                </tr>
              </thead>
              <tbody>
                ${this.entries.map(
                  (e) => html`<tr>
                    <td class="when"><time datetime=${e.at}>${formatVietnamTime(e.at)}</time></td>
                    <td>${e.actor}</td>
                    <td class="action">${ACTION_WORDS[e.action] ?? e.action}</td>
                    <td><code>${e.target}</code></td>
                    <td class="detail">
                      ${detailSummary(e.detail)}
                      ${e.detail === null || e.detail === undefined
                        ? nothing
                        : html`<details>
                            <summary>Xem đầy đủ<span class="visually-hidden"> chi tiết thao tác ${e.id}</span></summary>
                            <pre>${JSON.stringify(e.detail, null, 2)}</pre>
                          </details>`}
                    </td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : this.loading
          ? html`<p class="muted">Đang tải…</p>`
          : this.error
            ? nothing
            : html`<p>Chưa có thao tác nào được ghi.</p>`}
      ${this.more
        ? html`<div><button type="button" @click=${() => void this.load(true)} ?disabled=${this.loading}>${this.loading ? 'Đang tải…' : 'Tải thêm'}</button></div>`
        : nothing}
    </section>`;
  }
}

const TAG = 'admin-audit';
customElements.get(TAG) || customElements.define(TAG, AdminAudit);

declare global {
  interface HTMLElementTagNameMap {
    'admin-audit': AdminAudit;
  }
}
