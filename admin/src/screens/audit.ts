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
  'webhook.create': 'Thêm địa chỉ nhận webhook',
  'webhook.delete': 'Xoá địa chỉ nhận webhook',
  'webhook.retry': 'Gửi lại webhook',
  'webhook.disable': 'Tự động tắt địa chỉ nhận webhook',
  'read.ranking': 'Tải bảng xếp hạng (có thông tin liên hệ)',
  'read.attempts': 'Tải danh sách lượt thi',
  'read.contestants': 'Tải danh sách thí sinh',
  'read.contestantSearch': 'Tra cứu thí sinh',
  'read.exclusions': 'Xem danh sách loại trừ',
  'read.winners': 'Tải danh sách đoạt giải (có thông tin liên hệ)',
  'read.certificates': 'Tải danh sách giấy chứng nhận',
  'contest.regrade': 'Chấm lại theo đáp án hiện tại',
  'contest.delete': 'Xoá cuộc thi',
  'unit.create': 'Thêm đơn vị',
  'unit.update': 'Sửa đơn vị',
  'unit.delete': 'Xoá đơn vị',
  'exclusion.add': 'Thêm vào danh sách loại trừ',
  'exclusion.remove': 'Bỏ khỏi danh sách loại trừ',
  'contestant.erase': 'Thí sinh rút lại đồng ý, xoá dữ liệu',
  'dataRequest.file': 'Thí sinh gửi yêu cầu về dữ liệu cá nhân',
  'dataRequest.answer': 'Trả lời yêu cầu về dữ liệu cá nhân',
  'personalData.purge': 'Xoá dữ liệu cá nhân sau thời hạn lưu giữ',
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

/** Contest settings as the settings screen names them; a field not listed is shown by its key. */
export const SETTING_WORDS: Record<string, string> = {
  title: 'Tên cuộc thi',
  description: 'Mô tả',
  startsAt: 'Bắt đầu',
  endsAt: 'Kết thúc',
  questionsPerAttempt: 'Số câu mỗi lượt',
  timeLimitSeconds: 'Thời gian làm bài (giây)',
  maxAttempts: 'Số lượt tối đa',
  predictionQuestion: 'Câu hỏi dự đoán',
  predictionTarget: 'Đáp án câu dự đoán',
  rankingOrder: 'Thứ tự xếp hạng',
  revealAnswers: 'Hiện đáp án',
  revealScore: 'Hiện điểm',
  phoneVerification: 'Xác minh số điện thoại',
  prizes: 'Cơ cấu giải',
  collectiveCriterion: 'Tiêu chí giải tập thể',
  topicQuotas: 'Số câu theo chủ đề',
  allowedOrigins: 'Trang được nhúng',
  occupations: 'Nhóm đối tượng',
  documents: 'Tài liệu',
  networkDataRetentionDays: 'Số ngày giữ dữ liệu mạng',
  integrity: 'Ngưỡng hậu kiểm',
};

const shown = (value: unknown): string => {
  if (value === undefined || value === null || value === '') return '(trống)';
  if (typeof value === 'boolean') return value ? 'có' : 'không';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return /^\d{4}-\d\d-\d\dT/.test(value) ? formatVietnamTime(value) : value;
  return JSON.stringify(value);
};

/**
 * The settings a contest change changed, field by field, from its entry's `{before, after}`:
 * each field whose value differs, named as the settings screen names it. A creation has no before.
 */
export function settingsChanges(detail: unknown): { field: string; before: string; after: string }[] {
  if (!detail || typeof detail !== 'object') return [];
  const { before, after } = detail as { before?: Record<string, unknown> | null; after?: Record<string, unknown> | null };
  if (!after || typeof after !== 'object') return [];
  const old = before && typeof before === 'object' ? before : {};
  const keys = [...new Set([...Object.keys(old), ...Object.keys(after)])].filter((key) => key !== 'slug');
  return keys
    .filter((key) => JSON.stringify(old[key]) !== JSON.stringify(after[key]))
    .map((key) => ({ field: SETTING_WORDS[key] ?? key, before: shown(old[key]), after: shown(after[key]) }));
}

const SETTINGS_ACTIONS = new Set(['contest.create', 'contest.update']);

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
      ul.changes {
        margin: 0 0 var(--space-1);
        padding-left: 1.1rem;
        word-break: break-word;
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

  private renderChanges(detail: unknown) {
    const changes = settingsChanges(detail);
    if (!changes.length) return html`<p class="muted">Không có thay đổi.</p>`;
    return html`<ul class="changes">
      ${changes.map(
        (change) => html`<li><strong>${change.field}</strong>: ${change.before} <span aria-label="thành">→</span> ${change.after}</li>`,
      )}
    </ul>`;
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
                    <td>
                      ${e.contestant
                        ? html`${e.contestant.fullName}<br /><span class="muted"
                              >${e.contestant.idNumber ? `Số định danh ${e.contestant.idNumber}` : 'Đã giải phóng số định danh'}</span
                            >`
                        : html`<code>${e.target}</code>`}
                    </td>
                    <td class="detail">
                      ${detailSummary(e.detail)} ${SETTINGS_ACTIONS.has(e.action) ? this.renderChanges(e.detail) : nothing}
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
