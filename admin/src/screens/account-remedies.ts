import { css, html, nothing, type TemplateResult } from 'lit';
import { query, state } from 'lit/decorators.js';
import { normalisePhone, PHONE_MESSAGE } from '../../../api/src/domain/phone.js';
import '../confirm-dialog.js';
import type { AdminConfirmDialog } from '../confirm-dialog.js';
import { ConsoleScreen } from '../console-screen.js';
import { errorMessage, renderFieldError } from '../feedback.js';
import { formatNumber } from '../format.js';
import { consoleStyles } from '../styles.js';
import { mapFields, REASON_MESSAGE, REASON_MIN } from './corrections.js';
import type { PhoneChanged, Released } from '../../../api/src/contract/admin.js';

/** `POST …/contestants/:id/release` and `PUT …/contestants/:id/phone`, as the server's contract declares them. */
export type ReleaseResult = Released;
export type PhoneChangeResult = PhoneChanged;

export type AccountRemedy = 'release' | 'phone';

type ReleaseField = 'contestantId' | 'reason';
type PhoneField = 'contestantId' | 'phone' | 'reason';

declare global {
  interface GlobalEventHandlersEventMap {
    'admin-contestant-changed': CustomEvent<{ contestantId: string }>;
  }
}

/**
 * Remedies for a person's account, applied after the organisers checked their identity offline:
 * releasing an ID number that someone else registered (that registration's attempts are voided,
 * its sessions end, and the number can register again) and changing a phone number. Each asks for
 * a reason and a confirmation; the server audits both.
 *
 * @fires admin-contestant-changed - after a release or a phone change, so the search can refresh
 */
export class AdminAccountRemedies extends ConsoleScreen {
  static override styles = [
    consoleStyles,
    css`
      :host {
        display: block;
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 24rem), 1fr));
        gap: var(--space-4);
        align-items: start;
      }
    `,
  ];

  @query('#release-reason') private releaseReasonInput!: HTMLTextAreaElement;
  @query('#phone-new') private phoneInput!: HTMLInputElement;
  @query('#release-confirm') private releaseDialog!: AdminConfirmDialog;
  @query('#phone-confirm') private phoneDialog!: AdminConfirmDialog;

  @state() private releaseForm = { contestantId: '', reason: '' };
  @state() private releaseErrors: Partial<Record<ReleaseField, string>> = {};
  @state() private releaseMessage = '';
  @state() private releaseDone = '';
  @state() private releasing = false;

  @state() private phoneForm = { contestantId: '', phone: '', reason: '' };
  @state() private phoneErrors: Partial<Record<PhoneField, string>> = {};
  @state() private phoneMessage = '';
  @state() private phoneDone = '';
  @state() private changingPhone = false;

  /** Fills in the contestant for one remedy and moves focus to what is left to type. */
  async choose(contestantId: string, remedy: AccountRemedy): Promise<void> {
    if (remedy === 'release') {
      this.releaseForm = { ...this.releaseForm, contestantId };
      this.releaseErrors = {};
      this.releaseDone = '';
    } else {
      this.phoneForm = { ...this.phoneForm, contestantId };
      this.phoneErrors = {};
      this.phoneDone = '';
    }
    await this.updateComplete;
    (remedy === 'release' ? this.releaseReasonInput : this.phoneInput).focus();
  }

  private changed(contestantId: string): void {
    this.dispatchEvent(new CustomEvent('admin-contestant-changed', { detail: { contestantId }, bubbles: true, composed: true }));
  }

  private async submitRelease(event: Event): Promise<void> {
    event.preventDefault();
    const contestantId = this.releaseForm.contestantId.trim();
    const reason = this.releaseForm.reason.trim();
    const errors: Partial<Record<ReleaseField, string>> = {};
    if (!contestantId) errors.contestantId = 'Cần nhập «Mã thí sinh»';
    if (reason.length < REASON_MIN) errors.reason = REASON_MESSAGE;
    this.releaseErrors = errors;
    this.releaseMessage = '';
    this.releaseDone = '';
    if (Object.keys(errors).length) return this.focusFirstError('release');
    if (!(await this.releaseDialog.ask())) return;
    this.releasing = true;
    try {
      const result = await this.api.post<ReleaseResult>(
        `/contests/${encodeURIComponent(this.slug)}/contestants/${encodeURIComponent(contestantId)}/release`,
        { reason },
      );
      this.releaseDone =
        `Đã giải phóng số định danh của thí sinh ${contestantId}: ${formatNumber(result.voidedAttempts)} lượt thi bị huỷ kết quả, ` +
        `${formatNumber(result.endedSessions)} phiên đăng nhập đã kết thúc. Người chủ số định danh có thể đăng ký lại.`;
      this.releaseForm = { contestantId: '', reason: '' };
      this.changed(contestantId);
    } catch (error) {
      this.releaseErrors = mapFields(error, { id: 'contestantId', reason: 'reason' }, 'contestantId');
      this.releaseMessage = errorMessage(error);
      await this.focusFirstError('release');
    } finally {
      this.releasing = false;
    }
  }

  private async submitPhone(event: Event): Promise<void> {
    event.preventDefault();
    const contestantId = this.phoneForm.contestantId.trim();
    const phone = this.phoneForm.phone.trim();
    const reason = this.phoneForm.reason.trim();
    const errors: Partial<Record<PhoneField, string>> = {};
    if (!contestantId) errors.contestantId = 'Cần nhập «Mã thí sinh»';
    if (!normalisePhone(phone)) errors.phone = PHONE_MESSAGE;
    if (reason.length < REASON_MIN) errors.reason = REASON_MESSAGE;
    this.phoneErrors = errors;
    this.phoneMessage = '';
    this.phoneDone = '';
    if (Object.keys(errors).length) return this.focusFirstError('phone');
    if (!(await this.phoneDialog.ask())) return;
    this.changingPhone = true;
    try {
      const result = await this.api.put<PhoneChangeResult>(
        `/contests/${encodeURIComponent(this.slug)}/contestants/${encodeURIComponent(contestantId)}/phone`,
        { phone, reason },
      );
      this.phoneDone = `Đã đổi số điện thoại của thí sinh ${contestantId} thành ${result.phone}. Thí sinh đăng nhập lại bằng số mới.`;
      this.phoneForm = { contestantId: '', phone: '', reason: '' };
      this.changed(contestantId);
    } catch (error) {
      this.phoneErrors = mapFields(error, { id: 'contestantId', phone: 'phone', reason: 'reason' }, 'contestantId');
      this.phoneMessage = errorMessage(error);
      await this.focusFirstError('phone');
    } finally {
      this.changingPhone = false;
    }
  }

  private async focusFirstError(form: 'release' | 'phone'): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#${form}-form [aria-invalid="true"]`)?.focus();
  }

  override render() {
    if (!this.canWrite) return nothing;
    return html`<div class="grid">${this.renderRelease()} ${this.renderPhone()}</div>
      ${this.renderDialogs()}`;
  }

  private renderRelease(): TemplateResult {
    const e = this.releaseErrors;
    return html`<section class="card" aria-labelledby="release-title">
      <form id="release-form" class="stack" @submit=${this.submitRelease} novalidate>
        <h3 id="release-title">Giải phóng số định danh</h3>
        <p class="muted">
          Khi người khác đã đăng ký bằng số định danh của một người dân (đã xác minh giấy tờ trực tiếp): các lượt thi của đăng ký đó bị
          huỷ kết quả, các phiên đăng nhập kết thúc, và người chủ số định danh đăng ký lại như mới.
        </p>
        <div class="field">
          <label for="release-contestant">Mã thí sinh cần giải phóng</label>
          <input
            id="release-contestant"
            autocomplete="off"
            .value=${this.releaseForm.contestantId}
            @input=${(ev: Event) => (this.releaseForm = { ...this.releaseForm, contestantId: (ev.target as HTMLInputElement).value })}
            aria-invalid=${e.contestantId ? 'true' : 'false'}
            aria-describedby=${e.contestantId ? 'release-contestant-error' : nothing}
          />
          ${renderFieldError('release-contestant-error', e.contestantId)}
        </div>
        <div class="field">
          <label for="release-reason">Lý do giải phóng</label>
          <textarea
            id="release-reason"
            .value=${this.releaseForm.reason}
            @input=${(ev: Event) => (this.releaseForm = { ...this.releaseForm, reason: (ev.target as HTMLTextAreaElement).value })}
            aria-invalid=${e.reason ? 'true' : 'false'}
            aria-describedby=${e.reason ? 'release-reason-hint release-reason-error' : 'release-reason-hint'}
          ></textarea>
          <span class="hint" id="release-reason-hint">Ít nhất 5 ký tự, ví dụ giấy tờ đã kiểm tra và số biên bản.</span>
          ${renderFieldError('release-reason-error', e.reason)}
        </div>
        ${this.releaseMessage ? html`<p class="error-box" role="alert">${this.releaseMessage}</p>` : nothing}
        <div role="status">${this.releaseDone ? html`<p class="success-box">${this.releaseDone}</p>` : nothing}</div>
        <div>
          <button type="submit" class="danger" ?disabled=${this.releasing}>${this.releasing ? 'Đang giải phóng…' : 'Giải phóng số định danh'}</button>
        </div>
      </form>
    </section>`;
  }

  private renderPhone(): TemplateResult {
    const e = this.phoneErrors;
    return html`<section class="card" aria-labelledby="phone-title">
      <form id="phone-form" class="stack" @submit=${this.submitPhone} novalidate>
        <h3 id="phone-title">Đổi số điện thoại</h3>
        <p class="muted">Khi thí sinh không còn dùng số đã đăng ký và đã được xác minh danh tính trực tiếp.</p>
        <div class="field">
          <label for="phone-contestant">Mã thí sinh cần đổi số</label>
          <input
            id="phone-contestant"
            autocomplete="off"
            .value=${this.phoneForm.contestantId}
            @input=${(ev: Event) => (this.phoneForm = { ...this.phoneForm, contestantId: (ev.target as HTMLInputElement).value })}
            aria-invalid=${e.contestantId ? 'true' : 'false'}
            aria-describedby=${e.contestantId ? 'phone-contestant-error' : nothing}
          />
          ${renderFieldError('phone-contestant-error', e.contestantId)}
        </div>
        <div class="field">
          <label for="phone-new">Số điện thoại mới</label>
          <input
            id="phone-new"
            type="tel"
            inputmode="tel"
            autocomplete="off"
            .value=${this.phoneForm.phone}
            @input=${(ev: Event) => (this.phoneForm = { ...this.phoneForm, phone: (ev.target as HTMLInputElement).value })}
            aria-invalid=${e.phone ? 'true' : 'false'}
            aria-describedby=${e.phone ? 'phone-new-error' : nothing}
          />
          ${renderFieldError('phone-new-error', e.phone)}
        </div>
        <div class="field">
          <label for="phone-reason">Lý do đổi số</label>
          <textarea
            id="phone-reason"
            .value=${this.phoneForm.reason}
            @input=${(ev: Event) => (this.phoneForm = { ...this.phoneForm, reason: (ev.target as HTMLTextAreaElement).value })}
            aria-invalid=${e.reason ? 'true' : 'false'}
            aria-describedby=${e.reason ? 'phone-reason-error' : nothing}
          ></textarea>
          ${renderFieldError('phone-reason-error', e.reason)}
        </div>
        ${this.phoneMessage ? html`<p class="error-box" role="alert">${this.phoneMessage}</p>` : nothing}
        <div role="status">${this.phoneDone ? html`<p class="success-box">${this.phoneDone}</p>` : nothing}</div>
        <div>
          <button type="submit" class="primary" ?disabled=${this.changingPhone}>${this.changingPhone ? 'Đang đổi…' : 'Đổi số điện thoại'}</button>
        </div>
      </form>
    </section>`;
  }

  private renderDialogs(): TemplateResult {
    return html`<admin-confirm-dialog id="release-confirm" heading="Giải phóng số định danh?" confirm-label="Giải phóng" danger>
        <p>
          Mọi lượt thi của thí sinh <code>${this.releaseForm.contestantId.trim()}</code> sẽ bị huỷ kết quả, các phiên đăng nhập kết thúc, và
          số định danh được đăng ký lại như mới. Không thể hoàn tác.
        </p>
        <p>Lý do: ${this.releaseForm.reason.trim()}</p>
      </admin-confirm-dialog>
      <admin-confirm-dialog id="phone-confirm" heading="Đổi số điện thoại?" confirm-label="Đổi số">
        <p>Thí sinh <code>${this.phoneForm.contestantId.trim()}</code> sẽ đăng nhập bằng số ${this.phoneForm.phone.trim()}.</p>
        <p>Lý do: ${this.phoneForm.reason.trim()}</p>
      </admin-confirm-dialog>`;
  }
}

const TAG = 'admin-account-remedies';
customElements.get(TAG) || customElements.define(TAG, AdminAccountRemedies);

declare global {
  interface HTMLElementTagNameMap {
    'admin-account-remedies': AdminAccountRemedies;
  }
}
