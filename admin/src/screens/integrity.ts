import { css, html, nothing, type TemplateResult } from 'lit';
import { query, state } from 'lit/decorators.js';
import '../confirm-dialog.js';
import type { AdminConfirmDialog } from '../confirm-dialog.js';
import { errorMessage, fieldErrors, READ_ONLY_NOTE, renderFieldError } from '../feedback.js';
import { formatNumber, formatVietnamTime } from '../format.js';
import { consoleStyles } from '../styles.js';
import { ConsoleScreen } from '../console-screen.js';
import type { IntegrityReview } from '../../../api/src/contract/admin.js';
import type { FlagKind } from '../../../api/src/domain/integrity.js';

/** `GET /api/admin/contests/:slug/integrity`, as the server's contract declares it. */
export type { IntegrityReview };
type IntegrityFlag = IntegrityReview['flags'][number];

/** Each kind's name and what it looks for, in the order the screen shows them. */
const KINDS: { kind: FlagKind; label: string; about: string }[] = [
  { kind: 'fastAttempt', label: 'Làm bài quá nhanh', about: 'Lượt thi nộp nhanh hơn thời gian tối thiểu để đọc các câu hỏi.' },
  { kind: 'scoreJump', label: 'Điểm tăng vọt', about: 'Thí sinh từ điểm thấp lên trọn điểm: đáp án có thể được dò bằng tài khoản khác.' },
  { kind: 'identicalAnswers', label: 'Bài làm giống hệt nhau', about: 'Nhiều tài khoản có cùng câu hỏi và cùng phương án chọn.' },
  { kind: 'predictionOnly', label: 'Chỉ nộp dự đoán', about: 'Lượt thi gần như không trả lời câu nào, chỉ để gửi con số dự đoán.' },
  { kind: 'registrationBurst', label: 'Đăng ký dồn dập', about: 'Nhiều tài khoản cùng số điện thoại, cùng họ tên hoặc cùng đơn vị và trang nguồn trong thời gian ngắn.' },
  {
    kind: 'sharedNetwork',
    label: 'Dùng chung mạng',
    about: 'Nhiều lượt đăng ký hoặc lượt thi từ cùng một mạng. Phòng máy của trường hay cơ quan dùng chung địa chỉ là chuyện bình thường.',
  },
];

const REASON_MIN = 5;
const REASON_MESSAGE = 'Cần ghi rõ lý do (ít nhất 5 ký tự)';
const NOTHING_CHOSEN = 'Chọn ít nhất một thí sinh có lượt thi để hủy kết quả.';

/**
 * The jury's integrity review: flags grouped by kind with their Vietnamese explanations. An organiser
 * selects rows and voids their attempts in one audited step, with a reason and a confirmation;
 * jury tokens see the review read-only. A flag is a reason to look, not a verdict.
 */
export class AdminIntegrity extends ConsoleScreen {
  static override styles = [
    consoleStyles,
    css`
      .counts {
        display: flex;
        flex-wrap: wrap;
        gap: var(--space-2);
        list-style: none;
        padding: 0;
        margin: 0;
      }
      td.explanation {
        min-width: 20rem;
        max-width: 40rem;
      }
      td.pick {
        width: 2.5rem;
      }
      td.pick input {
        width: 1.25rem;
        height: 1.25rem;
      }
      code {
        font-size: 0.85em;
      }
      form.void .field {
        flex: 1 1 24rem;
        max-width: 40rem;
      }
    `,
  ];

  @query('#void-confirm') private voidDialog!: AdminConfirmDialog;
  @query('#void-reason') private reasonInput!: HTMLInputElement;

  @state() private review: IntegrityReview | null = null;
  @state() private reviewedAt = '';
  @state() private loadError = '';
  @state() private selected = new Set<string>();
  @state() private reason = '';
  @state() private errors: { attemptIds?: string; reason?: string } = {};
  @state() private failure = '';
  @state() private done = '';
  @state() private voiding = false;

  override updated(changed: Map<string, unknown>): void {
    if (this.contestChanged(changed)) void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.review = await this.api.get<IntegrityReview>(`/contests/${encodeURIComponent(this.slug)}/integrity`);
      this.reviewedAt = new Date().toISOString();
      this.loadError = '';
      // Attempts voided meanwhile leave the review: keep only what can still be chosen.
      const available = new Set(this.review.flags.flatMap((f) => f.attemptIds));
      this.selected = new Set([...this.selected].filter((id) => available.has(id)));
    } catch (error) {
      this.loadError = errorMessage(error);
    }
  }

  private toggle(flag: IntegrityFlag, on: boolean): void {
    const next = new Set(this.selected);
    for (const id of flag.attemptIds) on ? next.add(id) : next.delete(id);
    this.selected = next;
    this.errors = { ...this.errors, attemptIds: undefined };
  }

  private selectKind(kind: FlagKind, on: boolean): void {
    const next = new Set(this.selected);
    for (const flag of this.review?.flags ?? []) if (flag.kind === kind) for (const id of flag.attemptIds) on ? next.add(id) : next.delete(id);
    this.selected = next;
    this.errors = { ...this.errors, attemptIds: undefined };
  }

  private async submitVoid(event: Event): Promise<void> {
    event.preventDefault();
    const reason = this.reason.trim();
    const errors: typeof this.errors = {};
    if (this.selected.size === 0) errors.attemptIds = NOTHING_CHOSEN;
    if (reason.length < REASON_MIN) errors.reason = REASON_MESSAGE;
    this.errors = errors;
    this.failure = '';
    this.done = '';
    if (errors.reason) {
      await this.updateComplete;
      this.reasonInput.focus();
    }
    if (errors.attemptIds || errors.reason) return;
    if (!(await this.voidDialog.ask())) return;
    this.voiding = true;
    try {
      const attemptIds = [...this.selected].sort();
      const result = await this.api.post<{ voided: number; alreadyVoided: string[] }>(`/contests/${encodeURIComponent(this.slug)}/attempts/void`, {
        attemptIds,
        reason,
      });
      this.done =
        `Đã hủy kết quả ${formatNumber(result.voided)} lượt thi; các lượt này không còn được tính vào xếp hạng, thống kê và giải thưởng.` +
        (result.alreadyVoided.length ? ` ${formatNumber(result.alreadyVoided.length)} lượt đã bị hủy từ trước.` : '');
      this.selected = new Set();
      this.reason = '';
      await this.load();
    } catch (error) {
      const fields = fieldErrors(error);
      this.errors = { attemptIds: fields.attemptIds, reason: fields.reason };
      this.failure = errorMessage(error);
    } finally {
      this.voiding = false;
    }
  }

  override render() {
    return html`<section class="stack" aria-labelledby="integrity-title">
      <h2 id="integrity-title">Rà soát tính trung thực</h2>
      <p>
        Các dấu hiệu dưới đây là lý do để Ban Giám khảo xem xét, không phải kết luận gian lận: mỗi dòng nêu điều có thể khiến nó hoàn
        toàn hợp lệ. Chỉ hủy kết quả sau khi đã đối chiếu.
      </p>
      ${this.loadError ? html`<p class="error-box" role="alert">${this.loadError}</p>` : nothing}
      ${this.review ? this.renderReview(this.review) : this.loadError ? nothing : html`<p class="muted" role="status">Đang rà soát…</p>`}
    </section>`;
  }

  private renderReview(review: IntegrityReview): TemplateResult {
    const total = review.flags.length;
    return html`<section class="card stack" aria-labelledby="summary-title">
        <h3 id="summary-title">Tổng hợp</h3>
        <p>
          Rà soát lúc ${formatVietnamTime(this.reviewedAt)}:
          ${total ? html`<strong>${formatNumber(total)}</strong> dấu hiệu cần xem xét.` : 'không có dấu hiệu nào cần xem xét.'}
        </p>
        <ul class="counts">
          ${KINDS.map(({ kind, label }) => html`<li class="badge ${review.counts[kind] ? '' : 'ok'}" data-count=${kind}>${label}: ${formatNumber(review.counts[kind] ?? 0)}</li>`)}
        </ul>
        <p class="muted">
          Ngưỡng đang dùng: tối thiểu ${formatNumber(review.thresholds.minSecondsPerQuestion)} giây mỗi câu;
          ${formatNumber(review.thresholds.networkRegistrations)} lượt đăng ký hoặc ${formatNumber(review.thresholds.networkAttempts)} lượt thi cùng mạng
          trong ${formatNumber(review.thresholds.networkWindowMinutes)} phút; ${formatNumber(review.thresholds.burstSamePhone)} tài khoản cùng số điện thoại
          trong ${formatNumber(review.thresholds.burstWindowMinutes)} phút; chỉ nộp dự đoán khi trả lời không quá
          ${formatNumber(review.thresholds.predictionOnlyMaxAnswers)} câu.
        </p>
      </section>
      ${this.canWrite ? this.renderVoidForm() : html`<p class="notice-box">${READ_ONLY_NOTE}</p>`}
      ${KINDS.filter(({ kind }) => review.counts[kind] > 0).map((k) => this.renderKind(k, review.flags.filter((f) => f.kind === k.kind)))}
      ${this.canWrite ? this.renderDialog() : nothing}`;
  }

  private renderKind({ kind, label, about }: (typeof KINDS)[number], flags: IntegrityFlag[]): TemplateResult {
    const choosable = flags.flatMap((f) => f.attemptIds);
    const groups = this.groupNumbers(flags);
    const allChosen = choosable.length > 0 && choosable.every((id) => this.selected.has(id));
    return html`<section class="card stack" aria-labelledby=${`kind-${kind}`} data-kind=${kind}>
      <h3 id=${`kind-${kind}`}>${label} (${formatNumber(flags.length)})</h3>
      <p class="muted">${about}</p>
      ${this.canWrite && choosable.length
        ? html`<div class="row">
            <button type="button" class="quiet" @click=${() => this.selectKind(kind, !allChosen)}>
              ${allChosen ? `Bỏ chọn nhóm «${label}»` : `Chọn cả nhóm «${label}»`}
            </button>
          </div>`
        : nothing}
      <div class="table-wrap" role="region" tabindex="0" aria-label=${`Bảng «${label}»`}>
        <table class="data">
          <caption class="visually-hidden">${label}</caption>
          <thead>
            <tr>
              ${this.canWrite ? html`<th scope="col"><span class="visually-hidden">Chọn</span></th>` : nothing}
              <th scope="col">Thí sinh</th>
              <th scope="col">Đơn vị</th>
              <th scope="col">Lượt thi</th>
              <th scope="col">Giải thích</th>
            </tr>
          </thead>
          <tbody>
            ${flags.map((flag) => this.renderRow(flag, groups))}
          </tbody>
        </table>
      </div>
    </section>`;
  }

  /** Groups of identical answers, numbered 1, 2… in the order they are listed. */
  private groupNumbers(flags: IntegrityFlag[]): Map<string, number> {
    const numbers = new Map<string, number>();
    for (const flag of flags) {
      const group = flag.details.group;
      if (typeof group === 'string' && !numbers.has(group)) numbers.set(group, numbers.size + 1);
    }
    return numbers;
  }

  private renderRow(flag: IntegrityFlag, groups: Map<string, number>): TemplateResult {
    const group = typeof flag.details.group === 'string' ? groups.get(flag.details.group) : undefined;
    const chosen = flag.attemptIds.length > 0 && flag.attemptIds.every((id) => this.selected.has(id));
    return html`<tr data-contestant=${flag.contestantId}>
      ${this.canWrite
        ? html`<td class="pick">
            <input
              type="checkbox"
              aria-label=${`Chọn ${flag.contestantName} (${formatNumber(flag.attemptIds.length)} lượt thi)`}
              .checked=${chosen}
              ?disabled=${flag.attemptIds.length === 0}
              @change=${(e: Event) => this.toggle(flag, (e.target as HTMLInputElement).checked)}
            />
          </td>`
        : nothing}
      <td>${flag.contestantName}<br /><code class="muted">${flag.contestantId}</code></td>
      <td>${flag.unit}</td>
      <td>
        ${flag.attemptIds.length
          ? flag.attemptIds.map((id, i) => html`${i ? html`<br />` : nothing}<code>${id}</code>`)
          : html`<span class="muted">không còn lượt được tính</span>`}
      </td>
      <td class="explanation">${group === undefined ? nothing : html`<strong>Nhóm ${group}:</strong> `}${flag.explanation}</td>
    </tr>`;
  }

  private renderVoidForm(): TemplateResult {
    const count = this.selected.size;
    return html`<section class="card stack" aria-labelledby="void-title">
      <h3 id="void-title">Hủy kết quả các lượt đã chọn</h3>
      <form id="void-form" class="row void" @submit=${this.submitVoid} novalidate>
        <div class="field">
          <label for="void-reason">Lý do hủy kết quả</label>
          <input
            id="void-reason"
            autocomplete="off"
            .value=${this.reason}
            @input=${(e: Event) => (this.reason = (e.target as HTMLInputElement).value)}
            aria-invalid=${this.errors.reason ? 'true' : 'false'}
            aria-describedby=${this.errors.reason ? 'void-reason-error' : nothing}
          />
          ${renderFieldError('void-reason-error', this.errors.reason)}
        </div>
        <button type="submit" class="danger" ?disabled=${this.voiding}>
          ${this.voiding ? 'Đang hủy…' : 'Hủy kết quả các lượt đã chọn'} (${formatNumber(count)})
        </button>
      </form>
      <div role="status">
        ${this.errors.attemptIds ? html`<p class="error-box">${this.errors.attemptIds}</p>` : nothing}
        ${this.failure && !this.errors.attemptIds ? html`<p class="error-box">${this.failure}</p>` : nothing}
        ${this.done ? html`<p class="success-box">${this.done}</p>` : nothing}
      </div>
    </section>`;
  }

  private renderDialog(): TemplateResult {
    const count = this.selected.size;
    return html`<admin-confirm-dialog id="void-confirm" heading="Hủy kết quả các lượt đã chọn?" confirm-label="Hủy kết quả" danger>
      <p>
        ${formatNumber(count)} lượt thi sẽ không còn được tính vào xếp hạng, thống kê và giải thưởng (các lượt này vẫn tính là đã dùng).
        Lý do: «${this.reason.trim()}». Thao tác được ghi vào nhật ký.
      </p>
    </admin-confirm-dialog>`;
  }
}

const TAG = 'admin-integrity';
customElements.get(TAG) || customElements.define(TAG, AdminIntegrity);

declare global {
  interface HTMLElementTagNameMap {
    [TAG]: AdminIntegrity;
  }
}
