import { css, html, nothing, type TemplateResult } from 'lit';
import { query, state } from 'lit/decorators.js';
import '../confirm-dialog.js';
import type { AdminConfirmDialog } from '../confirm-dialog.js';
import { errorMessage, fieldErrors, READ_ONLY_NOTE } from '../feedback.js';
import { formatNumber, formatVietnamTime } from '../format.js';
import { consoleStyles } from '../styles.js';
import { ConsoleScreen } from '../console-screen.js';
import { DATA_REQUEST_KIND_NAMES, DATA_REQUEST_STATUS_NAMES } from '../../../api/src/domain/data-rights.js';
import type { AdminDataRequestView, DataRequestAnswerRequest, DataRequestListView, PurgeRequest, PurgeView } from '../../../api/src/contract/admin.js';

export type { DataRequestListView, PurgeView };

/** What a purge erases, in the order the committee reads it. */
const PURGE_LINES: { label: string; count: (c: PurgeView['counts']) => number }[] = [
  { label: 'Số định danh', count: (c) => c.idNumbers },
  { label: 'Số điện thoại', count: (c) => c.phones },
  { label: 'Thư điện tử', count: (c) => c.emails },
  { label: 'Ngày sinh', count: (c) => c.birthDates },
  { label: 'Thông tin người giám hộ', count: (c) => c.guardians },
  { label: 'Mục trong danh sách loại trừ', count: (c) => c.exclusions },
  { label: 'Nội dung yêu cầu của thí sinh', count: (c) => c.dataRequests },
  { label: 'Dữ liệu mạng của lượt đăng ký', count: (c) => c.networkData.contestants },
  { label: 'Dữ liệu mạng của lượt thi', count: (c) => c.networkData.attempts },
  { label: 'Dấu vết số lượt thi của người đã tự xoá dữ liệu', count: (c) => c.erasureLimits },
  { label: 'Họ tên rút gọn thành chữ cái đầu', count: (c) => c.names },
  { label: 'Họ tên giữ nguyên (người đoạt giải đã công bố)', count: (c) => c.namesKept },
];

/**
 * Personal data (decision 0029): contestants' requests with their 15-day deadline, answered or
 * refused here (audited); the purge after the retention date, always shown as a dry run first; the
 * impact-assessment dossier to print. Jury tokens see it all read-only.
 */
export class AdminPrivacy extends ConsoleScreen {
  static override styles = [
    consoleStyles,
    css`
      td.message {
        min-width: 16rem;
        max-width: 32rem;
        white-space: pre-wrap;
      }
      .overdue {
        color: var(--c-danger);
        font-weight: 700;
      }
      .due-soon {
        font-weight: 700;
      }
      textarea {
        width: 100%;
        min-height: 4rem;
      }
    `,
  ];

  @query('#purge-confirm') private purgeDialog!: AdminConfirmDialog;

  @state() private list: DataRequestListView | null = null;
  @state() private loadError = '';
  @state() private answers: Record<string, string> = {};
  @state() private answerErrors: Record<string, string> = {};
  @state() private busy = new Set<string>();
  @state() private done = '';
  @state() private preview: PurgeView | null = null;
  @state() private purgeError = '';
  @state() private dossierError = '';

  override updated(changed: Map<string, unknown>): void {
    if (this.contestChanged(changed)) {
      this.preview = null;
      void this.load();
    }
  }

  private path(rest: string): string {
    return `/contests/${encodeURIComponent(this.slug)}/${rest}`;
  }

  private async load(): Promise<void> {
    try {
      this.list = await this.api.get<DataRequestListView>(this.path('data-requests'));
      this.loadError = '';
    } catch (error) {
      this.loadError = errorMessage(error);
    }
  }

  private async withBusy(key: string, work: () => Promise<void>): Promise<void> {
    this.busy = new Set(this.busy).add(key);
    try {
      await work();
    } finally {
      const busy = new Set(this.busy);
      busy.delete(key);
      this.busy = busy;
    }
  }

  private async answer(request: AdminDataRequestView, status: 'answered' | 'refused'): Promise<void> {
    const text = (this.answers[request.id] ?? '').trim();
    this.done = '';
    if (text.length < 5) {
      this.answerErrors = { ...this.answerErrors, [request.id]: 'Cần ghi nội dung trả lời (ít nhất 5 ký tự)' };
      return;
    }
    await this.withBusy(request.id, async () => {
      try {
        await this.api.put(this.path(`data-requests/${encodeURIComponent(request.id)}`), { status, answer: text } satisfies DataRequestAnswerRequest);
        const { [request.id]: _, ...rest } = this.answerErrors;
        this.answerErrors = rest;
        this.done = status === 'answered' ? `Đã trả lời yêu cầu của ${request.contestantName}.` : `Đã từ chối yêu cầu của ${request.contestantName}.`;
        await this.load();
      } catch (error) {
        this.answerErrors = { ...this.answerErrors, [request.id]: fieldErrors(error).answer ?? errorMessage(error) };
      }
    });
  }

  private async dryRun(): Promise<void> {
    this.purgeError = '';
    this.done = '';
    await this.withBusy('dry-run', async () => {
      try {
        this.preview = await this.api.post<PurgeView>(this.path('purge-personal-data'), { dryRun: true } satisfies PurgeRequest);
      } catch (error) {
        this.purgeError = errorMessage(error);
      }
    });
  }

  private async purge(): Promise<void> {
    if (!(await this.purgeDialog.ask())) return;
    this.purgeError = '';
    await this.withBusy('purge', async () => {
      try {
        const purged = await this.api.post<PurgeView>(this.path('purge-personal-data'), { dryRun: false } satisfies PurgeRequest);
        this.preview = null;
        this.done = `Đã xoá dữ liệu cá nhân: ${formatNumber(purged.counts.idNumbers)} số định danh, ${formatNumber(purged.counts.phones)} số điện thoại, ${formatNumber(purged.counts.birthDates)} ngày sinh; rút gọn ${formatNumber(purged.counts.names)} họ tên.`;
      } catch (error) {
        this.purgeError = errorMessage(error);
      }
    });
  }

  private async downloadDossier(): Promise<void> {
    this.dossierError = '';
    await this.withBusy('dossier', async () => {
      try {
        await this.api.download(this.path('privacy-dossier'), `ho-so-danh-gia-tac-dong-${this.slug}.html`);
      } catch (error) {
        this.dossierError = errorMessage(error);
      }
    });
  }

  override render() {
    return html`<section class="stack" aria-labelledby="privacy-title">
      <h2 id="privacy-title">Dữ liệu cá nhân</h2>
      ${this.canWrite ? nothing : html`<p class="notice-box">${READ_ONLY_NOTE}</p>`}
      <div role="status">${this.done ? html`<p class="success-box">${this.done}</p>` : nothing}</div>
      ${this.renderRequests()} ${this.renderPurge()} ${this.renderDossier()}
    </section>`;
  }

  private renderRequests(): TemplateResult {
    const list = this.list;
    return html`<section class="card stack" aria-labelledby="requests-title">
      <h3 id="requests-title">Yêu cầu của thí sinh</h3>
      <p class="muted">Mỗi yêu cầu phải được trả lời trong 15 ngày kể từ khi nhận (Nghị định 356/2025/NĐ-CP). Mọi câu trả lời được ghi nhật ký và thí sinh xem được trong «Dữ liệu của tôi».</p>
      ${this.loadError ? html`<p class="error-box" role="alert">${this.loadError}</p>` : nothing}
      ${list
        ? html`<p data-request-counts>
              ${formatNumber(list.counts.open)} yêu cầu đang chờ; <span class=${list.counts.overdue ? 'overdue' : ''}>${formatNumber(list.counts.overdue)} quá hạn</span>;
              ${formatNumber(list.counts.dueSoon)} sắp đến hạn (trong 3 ngày).
            </p>
            ${list.requests.length === 0
              ? html`<p>Chưa có yêu cầu nào.</p>`
              : html`<div class="table-wrap" role="region" tabindex="0" aria-label="Bảng yêu cầu về dữ liệu cá nhân"><table class="data">
                  <thead>
                    <tr><th scope="col">Ngày nhận</th><th scope="col">Hạn trả lời</th><th scope="col">Thí sinh</th><th scope="col">Loại</th><th scope="col">Nội dung</th><th scope="col">Trạng thái, trả lời</th></tr>
                  </thead>
                  <tbody>
                    ${list.requests.map((r) => this.renderRequest(r))}
                  </tbody>
                </table></div>`}`
        : this.loadError
          ? nothing
          : html`<p role="status">Đang tải…</p>`}
    </section>`;
  }

  private renderRequest(r: AdminDataRequestView): TemplateResult {
    const error = this.answerErrors[r.id];
    const busy = this.busy.has(r.id);
    return html`<tr data-request=${r.id}>
      <td>${formatVietnamTime(r.receivedAt)}</td>
      <td>
        ${formatVietnamTime(r.dueAt)}
        ${r.overdue ? html`<br /><span class="overdue">Quá hạn</span>` : r.dueSoon ? html`<br /><span class="due-soon">Sắp đến hạn</span>` : nothing}
      </td>
      <td>${r.contestantName}<br /><span class="muted">${r.unitName}</span></td>
      <td>${DATA_REQUEST_KIND_NAMES[r.kind]}</td>
      <td class="message">${r.message}</td>
      <td>
        ${r.status !== 'open'
          ? html`<strong>${DATA_REQUEST_STATUS_NAMES[r.status]}</strong> (${r.answeredBy}, ${r.answeredAt ? formatVietnamTime(r.answeredAt) : ''})<br />${r.answer}`
          : this.canWrite
            ? html`<label for=${`answer-${r.id}`}>Trả lời thí sinh</label>
                <textarea
                  id=${`answer-${r.id}`}
                  aria-invalid=${error ? 'true' : 'false'}
                  aria-describedby=${error ? `answer-${r.id}-error` : nothing}
                  .value=${this.answers[r.id] ?? ''}
                  @input=${(e: Event) => (this.answers = { ...this.answers, [r.id]: (e.target as HTMLTextAreaElement).value })}
                ></textarea>
                ${error ? html`<span class="error" id=${`answer-${r.id}-error`}>${error}</span>` : nothing}
                <div class="row">
                  <button type="button" data-answer="answered" ?disabled=${busy} @click=${() => this.answer(r, 'answered')}>Gửi trả lời</button>
                  <button type="button" class="quiet" data-answer="refused" ?disabled=${busy} @click=${() => this.answer(r, 'refused')}>Từ chối</button>
                </div>`
            : html`${DATA_REQUEST_STATUS_NAMES[r.status]}`}
      </td>
    </tr>`;
  }

  private renderPurge(): TemplateResult {
    const preview = this.preview;
    return html`<section class="card stack" aria-labelledby="purge-title">
      <h3 id="purge-title">Xoá dữ liệu sau thời hạn lưu giữ</h3>
      <p class="muted">
        Xoá số định danh, số điện thoại, thư điện tử, ngày sinh, thông tin người giám hộ, dữ liệu mạng; họ tên rút gọn thành chữ cái đầu, trừ
        người đoạt giải đã công bố. Điểm, xếp hạng, kết quả và thống kê giữ nguyên. Các bản sao lưu tạo trước đó vẫn chứa dữ liệu: người vận
        hành phải huỷ chúng.
      </p>
      <div class="row">
        <button type="button" data-purge="dry-run" ?disabled=${this.busy.has('dry-run')} @click=${this.dryRun}>Chạy thử (chỉ đếm)</button>
      </div>
      ${this.purgeError ? html`<p class="error-box" role="alert">${this.purgeError}</p>` : nothing}
      ${preview
        ? html`<p>
              Thời hạn lưu giữ đến <strong>${formatVietnamTime(preview.retentionUntil)}</strong>:
              ${preview.due ? 'đã đến hạn xoá.' : 'chưa đến hạn, chưa được xoá.'}
            </p>
            <table class="data" data-purge-preview>
              <thead><tr><th scope="col">Dữ liệu</th><th scope="col">Số lượng ${preview.dryRun ? 'sẽ xoá' : 'đã xoá'}</th></tr></thead>
              <tbody>
                ${PURGE_LINES.map((line) => html`<tr><td>${line.label}</td><td>${formatNumber(line.count(preview.counts))}</td></tr>`)}
              </tbody>
            </table>
            ${this.canWrite && preview.due
              ? html`<div class="row">
                  <button type="button" class="primary" data-purge="run" ?disabled=${this.busy.has('purge')} @click=${this.purge}>Xoá dữ liệu cá nhân</button>
                </div>`
              : nothing}`
        : nothing}
      ${this.canWrite
        ? html`<admin-confirm-dialog id="purge-confirm" heading="Xoá dữ liệu cá nhân của cuộc thi?" confirm-label="Xoá dữ liệu" danger>
            <p>Dữ liệu đã xoá không khôi phục được từ phần mềm. Hãy chắc chắn các bản sao lưu cũ cũng sẽ được huỷ theo cùng thời hạn. Thao tác được ghi vào nhật ký.</p>
          </admin-confirm-dialog>`
        : nothing}
    </section>`;
  }

  private renderDossier(): TemplateResult {
    return html`<section class="card stack" aria-labelledby="dossier-title">
      <h3 id="dossier-title">Hồ sơ đánh giá tác động xử lý dữ liệu cá nhân</h3>
      <p class="muted">Bản dự thảo điền sẵn từ cấu hình cuộc thi và máy chủ (loại dữ liệu, mục đích, thời hạn, nơi lưu, biện pháp bảo vệ); Ban Tổ chức hoàn thiện các mục để trống, in khổ A4, ký và lưu.</p>
      <div class="row">
        <button type="button" data-dossier ?disabled=${this.busy.has('dossier')} @click=${this.downloadDossier}>
          ${this.busy.has('dossier') ? 'Đang tải hồ sơ…' : 'Tải hồ sơ để in'}
        </button>
      </div>
      ${this.dossierError ? html`<p class="error-box" role="alert">${this.dossierError}</p>` : nothing}
    </section>`;
  }
}

const TAG = 'admin-privacy';
customElements.get(TAG) || customElements.define(TAG, AdminPrivacy);

declare global {
  interface HTMLElementTagNameMap {
    'admin-privacy': AdminPrivacy;
  }
}
