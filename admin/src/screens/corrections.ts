import { css, html, nothing, type TemplateResult } from 'lit';
import { query, state } from 'lit/decorators.js';
import { AdminApiError } from '../admin-api.js';
import '../confirm-dialog.js';
import './account-remedies.js';
import type { AccountRemedy, AdminAccountRemedies } from './account-remedies.js';
import type { AdminConfirmDialog } from '../confirm-dialog.js';
import { errorMessage, fieldErrors, READ_ONLY_NOTE, renderFieldError } from '../feedback.js';
import { formatNumber, formatVietnamTime } from '../format.js';
import { consoleStyles } from '../styles.js';
import { ConsoleScreen } from '../console-screen.js';
import type { ContestantSearch, FoundContestant } from '../../../api/src/contract/admin.js';

/** `GET /api/admin/contests/:slug/contestants/search?q=` and one contestant it finds, as the server's contract declares them. */
export type { ContestantSearch, FoundContestant };

/** The server's rule for reasons (api/src/routes/corrections.ts), checked here before asking. */
export const REASON_MIN = 5;
export const REASON_MESSAGE = 'Cần ghi rõ lý do (ít nhất 5 ký tự)';
const GRANT_MESSAGE = '«Số lượt» phải từ 1 đến 10';

type VoidField = 'attemptId' | 'reason';
type GrantField = 'contestantId' | 'attempts' | 'reason';

/** Server field names (the path's `id` included) → this screen's fields. */
const VOID_FIELDS: Record<string, VoidField> = { id: 'attemptId', reason: 'reason' };
const GRANT_FIELDS: Record<string, GrantField> = { id: 'contestantId', attempts: 'attempts', reason: 'reason' };

export function mapFields<F extends string>(error: unknown, names: Record<string, F>, notFoundField: F): Partial<Record<F, string>> {
  const out: Partial<Record<F, string>> = {};
  for (const [key, message] of Object.entries(fieldErrors(error))) {
    const field = names[key];
    if (field) out[field] = message;
  }
  if (error instanceof AdminApiError && error.status === 404) out[notFoundField] = error.body.message;
  return out;
}

/**
 * Fairness corrections after a documented fault: find the person, void one attempt with a reason,
 * or grant extra attempts with a reason. Each write asks for confirmation and is audited by the
 * server; its refusals show next to the fields they concern.
 */
export class AdminCorrections extends ConsoleScreen {
  static override styles = [
    consoleStyles,
    css`
      form.stack,
      .person {
        max-width: 60rem;
      }
      .person h4 {
        margin: 0 0 var(--space-2);
        font-size: 1.05rem;
      }
      .facts {
        display: flex;
        flex-wrap: wrap;
        gap: var(--space-1) var(--space-4);
        margin: 0 0 var(--space-3);
        padding: 0;
        list-style: none;
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 24rem), 1fr));
        gap: var(--space-4);
        align-items: start;
      }
      input#grant-attempts {
        max-width: 8rem;
      }
      td code {
        word-break: break-all;
      }
      td.status {
        min-width: 9rem;
      }
      td.pick {
        white-space: nowrap;
      }
      .reason {
        display: block;
        color: var(--c-muted);
        font-size: 0.9rem;
      }
    `,
  ];

  private lastSlug = '';

  @query('#search-q') private searchInput!: HTMLInputElement;
  @query('#void-reason') private voidReasonInput!: HTMLTextAreaElement;
  @query('#grant-attempts') private grantAttemptsInput!: HTMLInputElement;
  @query('#void-confirm') private voidDialog!: AdminConfirmDialog;
  @query('#grant-confirm') private grantDialog!: AdminConfirmDialog;
  @query('admin-account-remedies') private remedies!: AdminAccountRemedies;

  @state() private searchText = '';
  @state() private searchError = '';
  @state() private searching = false;
  @state() private found: ContestantSearch | null = null;

  @state() private voidForm = { attemptId: '', reason: '' };
  @state() private voidErrors: Partial<Record<VoidField, string>> = {};
  @state() private voidMessage = '';
  @state() private voidDone = '';
  @state() private voiding = false;

  @state() private grantForm = { contestantId: '', attempts: '1', reason: '' };
  @state() private grantErrors: Partial<Record<GrantField, string>> = {};
  @state() private grantMessage = '';
  @state() private grantDone = '';
  @state() private granting = false;


  protected override willUpdate(): void {
    if (this.slug !== this.lastSlug) {
      this.lastSlug = this.slug;
      this.found = null;
      this.searchError = '';
    }
  }

  private async search(event?: Event): Promise<void> {
    event?.preventDefault();
    const q = this.searchText.trim();
    if (q.length < 2) {
      this.searchError = 'Nhập ít nhất 2 ký tự: số định danh, số điện thoại, họ tên hoặc mã lượt thi.';
      this.searchInput.focus();
      return;
    }
    this.searching = true;
    this.searchError = '';
    try {
      this.found = await this.api.get<ContestantSearch>(`/contests/${encodeURIComponent(this.slug)}/contestants/search?q=${encodeURIComponent(q)}`);
    } catch (error) {
      this.searchError = fieldErrors(error).q ?? errorMessage(error);
    } finally {
      this.searching = false;
    }
  }

  /** Re-runs the last search so the list shows the correction just made. */
  private async refreshFound(): Promise<void> {
    if (this.found) await this.search();
  }

  private async chooseAttempt(attemptId: string): Promise<void> {
    this.voidForm = { ...this.voidForm, attemptId };
    this.voidErrors = {};
    this.voidDone = '';
    await this.updateComplete;
    this.voidReasonInput.focus();
  }

  private async chooseContestant(contestantId: string): Promise<void> {
    this.grantForm = { ...this.grantForm, contestantId };
    this.grantErrors = {};
    this.grantDone = '';
    await this.updateComplete;
    this.grantAttemptsInput.focus();
  }

  /**
   * The contestant a correction is about, by name and masked ID number, when the search shows them
   * (a record id alone means nothing to the secretariat); the id itself otherwise.
   */
  private who(match: (person: FoundContestant) => boolean, fallback: string): string {
    const person = this.found?.contestants.find(match);
    if (!person) return fallback;
    const id = /^\d{12}$/.test(person.idNumber) ? `, số định danh ${person.idNumber.slice(0, 4)}****${person.idNumber.slice(-4)}` : '';
    return `${person.fullName}${id}`;
  }

  private async submitVoid(event: Event): Promise<void> {
    event.preventDefault();
    const attemptId = this.voidForm.attemptId.trim();
    const reason = this.voidForm.reason.trim();
    const errors: Partial<Record<VoidField, string>> = {};
    if (!attemptId) errors.attemptId = 'Cần nhập «Mã lượt thi»';
    if (reason.length < REASON_MIN) errors.reason = REASON_MESSAGE;
    this.voidErrors = errors;
    this.voidMessage = '';
    this.voidDone = '';
    if (Object.keys(errors).length) return this.focusFirstError('void');
    if (!(await this.voidDialog.ask())) return;
    this.voiding = true;
    try {
      await this.api.post(`/attempts/${encodeURIComponent(attemptId)}/void`, { reason });
      const whose = this.who((person) => person.attempts.some((a) => a.id === attemptId), '');
      this.voidDone = `Đã huỷ kết quả lượt thi ${whose ? `của ${whose} (mã ${attemptId})` : attemptId}. Lượt này không còn được tính vào xếp hạng, thống kê và giải thưởng.`;
      this.voidForm = { attemptId: '', reason: '' };
      await this.refreshFound();
    } catch (error) {
      this.voidErrors = mapFields(error, VOID_FIELDS, 'attemptId');
      this.voidMessage = errorMessage(error);
      await this.focusFirstError('void');
    } finally {
      this.voiding = false;
    }
  }

  private async submitGrant(event: Event): Promise<void> {
    event.preventDefault();
    const contestantId = this.grantForm.contestantId.trim();
    const reason = this.grantForm.reason.trim();
    const attempts = Number(this.grantForm.attempts);
    const errors: Partial<Record<GrantField, string>> = {};
    if (!contestantId) errors.contestantId = 'Cần nhập «Mã thí sinh»';
    if (!Number.isInteger(attempts) || attempts < 1 || attempts > 10) errors.attempts = GRANT_MESSAGE;
    if (reason.length < REASON_MIN) errors.reason = REASON_MESSAGE;
    this.grantErrors = errors;
    this.grantMessage = '';
    this.grantDone = '';
    if (Object.keys(errors).length) return this.focusFirstError('grant');
    if (!(await this.grantDialog.ask())) return;
    this.granting = true;
    try {
      const result = await this.api.post<{ contestantId: string; extraAttempts: number; remainingAttempts: number | null }>(
        `/contests/${encodeURIComponent(this.slug)}/contestants/${encodeURIComponent(contestantId)}/grants`,
        { attempts, reason },
      );
      this.grantDone =
        `Đã cấp thêm ${formatNumber(attempts)} lượt cho thí sinh ${this.who((person) => person.id === contestantId, contestantId)}. ` +
        (result.remainingAttempts === null ? 'Thí sinh không bị giới hạn số lượt.' : `Thí sinh còn ${formatNumber(result.remainingAttempts)} lượt.`);
      this.grantForm = { contestantId: '', attempts: '1', reason: '' };
      await this.refreshFound();
    } catch (error) {
      this.grantErrors = mapFields(error, GRANT_FIELDS, 'contestantId');
      this.grantMessage = errorMessage(error);
      await this.focusFirstError('grant');
    } finally {
      this.granting = false;
    }
  }

  private async focusFirstError(form: 'void' | 'grant'): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#${form}-form [aria-invalid="true"]`)?.focus();
  }

  override render() {
    return html`<section class="stack" aria-labelledby="corrections-title">
      <h2 id="corrections-title">Huỷ lượt thi, cấp thêm lượt</h2>
      <p>
        Dùng khi có sự cố đã được xác minh (mất điện, lỗi mạng, gian lận…). Mỗi thao tác cần ghi lý do và được lưu vào nhật ký thao
        tác.
      </p>
      ${this.renderSearch()}
      ${this.canWrite
        ? html`<div class="grid">${this.renderVoid()} ${this.renderGrant()}</div>
            ${this.renderDialogs()}
            <admin-account-remedies .api=${this.api} slug=${this.slug} .canWrite=${this.canWrite} @admin-contestant-changed=${this.refreshFound}></admin-account-remedies>`
        : html`<p class="notice-box">${READ_ONLY_NOTE} Ban Giám khảo vẫn tra cứu được thí sinh và các lượt thi.</p>`}
    </section>`;
  }

  private renderSearch(): TemplateResult {
    return html`<section class="card stack" aria-labelledby="search-title">
      <h3 id="search-title">Tìm thí sinh</h3>
      <form class="row" role="search" @submit=${this.search} novalidate>
        <div class="field" style="flex: 1 1 20rem">
          <label for="search-q">Số định danh, số điện thoại, họ tên hoặc mã lượt thi</label>
          <input
            id="search-q"
            type="search"
            autocomplete="off"
            .value=${this.searchText}
            @input=${(e: Event) => (this.searchText = (e.target as HTMLInputElement).value)}
            aria-invalid=${this.searchError ? 'true' : 'false'}
            aria-describedby=${this.searchError ? 'search-error' : nothing}
          />
          ${renderFieldError('search-error', this.searchError)}
        </div>
        <button type="submit" ?disabled=${this.searching}>${this.searching ? 'Đang tìm…' : 'Tìm'}</button>
      </form>
      <div role="status">
        ${this.found
          ? this.found.contestants.length
            ? html`<p class="visually-hidden">Tìm thấy ${formatNumber(this.found.contestants.length)} thí sinh.</p>`
            : html`<p class="notice-box">Không tìm thấy thí sinh nào khớp với «${this.found.query}».</p>`
          : nothing}
      </div>
      ${this.found?.contestants.map((c) => this.renderPerson(c))}
      ${this.found && this.found.contestants.length >= this.found.limit
        ? html`<p class="muted">Chỉ hiện ${formatNumber(this.found.limit)} người đầu; hãy tìm cụ thể hơn.</p>`
        : nothing}
    </section>`;
  }

  private renderPerson(c: FoundContestant): TemplateResult {
    return html`<article class="card person" aria-labelledby=${`person-${c.id}`} data-contestant=${c.id}>
      <h4 id=${`person-${c.id}`}>${c.fullName}</h4>
      <ul class="facts">
        <li>Mã thí sinh: <code>${c.id}</code></li>
        <li>Ngày sinh: ${c.birthDate.split('-').reverse().join('/')}</li>
        ${c.releasedAt
          ? html`<li><strong>Đã giải phóng số định danh lúc ${formatVietnamTime(c.releasedAt)}</strong></li>`
          : html`<li>Số định danh: ${c.idNumber}</li>`}
        <li>Điện thoại: ${c.phone}</li>
        <li>Đơn vị: ${c.unitName}</li>
        <li>Đối tượng: ${c.occupationName}</li>
        <li>
          Lượt còn lại: ${c.remainingAttempts === null ? 'không giới hạn' : formatNumber(c.remainingAttempts)}
          ${c.extraAttempts ? html`(đã được cấp thêm ${formatNumber(c.extraAttempts)})` : nothing}
        </li>
      </ul>
      ${c.attempts.length
        ? html`<div class="table-wrap" role="region" tabindex="0" aria-label=${`Các lượt thi của ${c.fullName}`}>
            <table class="data">
              <caption>
                Các lượt thi của ${c.fullName}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Mã lượt thi</th>
                  <th scope="col">Tình trạng</th>
                  <th scope="col" class="num">Điểm</th>
                  <th scope="col">Bắt đầu</th>
                  <th scope="col">Nộp lúc</th>
                  ${this.canWrite ? html`<th scope="col"><span class="visually-hidden">Thao tác</span></th>` : nothing}
                </tr>
              </thead>
              <tbody>
                ${c.attempts.map(
                  (a) => html`<tr>
                    <td><code>${a.id}</code></td>
                    <td class="status">
                      ${a.voided
                        ? html`Đã huỷ kết quả${a.voidReason ? html`<span class="reason">Lý do: ${a.voidReason}</span>` : nothing}`
                        : a.status === 'inProgress'
                          ? 'Đang làm bài'
                          : a.autoSubmitted
                            ? 'Tự động nộp khi hết giờ'
                            : 'Đã nộp'}
                    </td>
                    <td class="num">${a.score === null ? '—' : `${a.score}/${a.total}`}</td>
                    <td>${formatVietnamTime(a.startedAt)}</td>
                    <td>${a.submittedAt ? formatVietnamTime(a.submittedAt) : '—'}</td>
                    ${this.canWrite
                      ? html`<td class="pick">
                          ${a.voided
                            ? nothing
                            : html`<button type="button" class="quiet" @click=${() => this.chooseAttempt(a.id)}>
                                Chọn để huỷ<span class="visually-hidden"> lượt ${a.id}</span>
                              </button>`}
                        </td>`
                      : nothing}
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : html`<p class="muted">Chưa có lượt thi nào.</p>`}
      ${this.canWrite && !c.releasedAt
        ? html`<div class="row">
            <button type="button" @click=${() => this.chooseContestant(c.id)}>
              Cấp thêm lượt<span class="visually-hidden"> cho ${c.fullName}</span>
            </button>
            ${this.remedyButton(c, 'release', 'Giải phóng số định danh')} ${this.remedyButton(c, 'phone', 'Đổi số điện thoại')}
          </div>`
        : nothing}
    </article>`;
  }

  private remedyButton(c: FoundContestant, remedy: AccountRemedy, label: string): TemplateResult {
    return html`<button type="button" class="quiet" @click=${() => this.remedies.choose(c.id, remedy)}>
      ${label}<span class="visually-hidden"> của ${c.fullName}</span>
    </button>`;
  }

  private renderVoid(): TemplateResult {
    const e = this.voidErrors;
    return html`<section class="card" aria-labelledby="void-title">
      <form id="void-form" class="stack" @submit=${this.submitVoid} novalidate>
        <h3 id="void-title">Huỷ kết quả một lượt thi</h3>
        <p class="muted">Lượt bị huỷ không còn được tính, nhưng vẫn tính là một lượt đã dùng.</p>
        <div class="field">
          <label for="void-attempt">Mã lượt thi</label>
          <input
            id="void-attempt"
            autocomplete="off"
            .value=${this.voidForm.attemptId}
            @input=${(ev: Event) => (this.voidForm = { ...this.voidForm, attemptId: (ev.target as HTMLInputElement).value })}
            aria-invalid=${e.attemptId ? 'true' : 'false'}
            aria-describedby=${e.attemptId ? 'void-attempt-error' : nothing}
          />
          ${renderFieldError('void-attempt-error', e.attemptId)}
        </div>
        <div class="field">
          <label for="void-reason">Lý do huỷ</label>
          <textarea
            id="void-reason"
            .value=${this.voidForm.reason}
            @input=${(ev: Event) => (this.voidForm = { ...this.voidForm, reason: (ev.target as HTMLTextAreaElement).value })}
            aria-invalid=${e.reason ? 'true' : 'false'}
            aria-describedby=${e.reason ? 'void-reason-hint void-reason-error' : 'void-reason-hint'}
          ></textarea>
          <span class="hint" id="void-reason-hint">Ít nhất 5 ký tự, ví dụ số biên bản xác minh sự cố.</span>
          ${renderFieldError('void-reason-error', e.reason)}
        </div>
        ${this.voidMessage ? html`<p class="error-box" role="alert">${this.voidMessage}</p>` : nothing}
        <div role="status">${this.voidDone ? html`<p class="success-box">${this.voidDone}</p>` : nothing}</div>
        <div><button type="submit" class="danger" ?disabled=${this.voiding}>${this.voiding ? 'Đang huỷ…' : 'Huỷ kết quả lượt thi'}</button></div>
      </form>
    </section>`;
  }

  private renderGrant(): TemplateResult {
    const e = this.grantErrors;
    return html`<section class="card" aria-labelledby="grant-title">
      <form id="grant-form" class="stack" @submit=${this.submitGrant} novalidate>
        <h3 id="grant-title">Cấp thêm lượt thi</h3>
        <p class="muted">Trả lại lượt cho thí sinh gặp sự cố, ngoài số lượt tối đa của cuộc thi.</p>
        <div class="field">
          <label for="grant-contestant">Mã thí sinh</label>
          <input
            id="grant-contestant"
            autocomplete="off"
            .value=${this.grantForm.contestantId}
            @input=${(ev: Event) => (this.grantForm = { ...this.grantForm, contestantId: (ev.target as HTMLInputElement).value })}
            aria-invalid=${e.contestantId ? 'true' : 'false'}
            aria-describedby=${e.contestantId ? 'grant-contestant-error' : nothing}
          />
          ${renderFieldError('grant-contestant-error', e.contestantId)}
        </div>
        <div class="field">
          <label for="grant-attempts">Số lượt cấp thêm</label>
          <input
            id="grant-attempts"
            type="number"
            inputmode="numeric"
            min="1"
            max="10"
            step="1"
            .value=${this.grantForm.attempts}
            @input=${(ev: Event) => (this.grantForm = { ...this.grantForm, attempts: (ev.target as HTMLInputElement).value })}
            aria-invalid=${e.attempts ? 'true' : 'false'}
            aria-describedby=${e.attempts ? 'grant-attempts-error' : nothing}
          />
          ${renderFieldError('grant-attempts-error', e.attempts)}
        </div>
        <div class="field">
          <label for="grant-reason">Lý do cấp thêm</label>
          <textarea
            id="grant-reason"
            .value=${this.grantForm.reason}
            @input=${(ev: Event) => (this.grantForm = { ...this.grantForm, reason: (ev.target as HTMLTextAreaElement).value })}
            aria-invalid=${e.reason ? 'true' : 'false'}
            aria-describedby=${e.reason ? 'grant-reason-error' : nothing}
          ></textarea>
          ${renderFieldError('grant-reason-error', e.reason)}
        </div>
        ${this.grantMessage ? html`<p class="error-box" role="alert">${this.grantMessage}</p>` : nothing}
        <div role="status">${this.grantDone ? html`<p class="success-box">${this.grantDone}</p>` : nothing}</div>
        <div><button type="submit" class="primary" ?disabled=${this.granting}>${this.granting ? 'Đang cấp…' : 'Cấp thêm lượt'}</button></div>
      </form>
    </section>`;
  }

  private renderDialogs(): TemplateResult {
    return html`<admin-confirm-dialog id="void-confirm" heading="Huỷ kết quả lượt thi?" confirm-label="Huỷ kết quả" danger>
        <p>Lượt thi <code>${this.voidForm.attemptId.trim()}</code> sẽ không còn được tính vào xếp hạng, thống kê và giải thưởng.</p>
        <p>Lý do: ${this.voidForm.reason.trim()}</p>
      </admin-confirm-dialog>
      <admin-confirm-dialog id="grant-confirm" heading="Cấp thêm lượt thi?" confirm-label="Cấp thêm lượt">
        <p>Thí sinh <code>${this.grantForm.contestantId.trim()}</code> được thêm ${this.grantForm.attempts} lượt thi.</p>
        <p>Lý do: ${this.grantForm.reason.trim()}</p>
      </admin-confirm-dialog>`;
  }
}

const TAG = 'admin-corrections';
customElements.get(TAG) || customElements.define(TAG, AdminCorrections);

declare global {
  interface HTMLElementTagNameMap {
    'admin-corrections': AdminCorrections;
  }
}
