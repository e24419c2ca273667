import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { ApiError, type ApiClient, type Contest, type PhoneCodeSent, type PrivacyNoticeText, type Session, type Unit } from './api-client.js';
import { CountdownController } from './controllers/countdown-controller.js';
import { RetryController } from './controllers/retry-controller.js';
import { sharedStyles } from './styles.js';
import { stringsFor } from './strings.js';
import './strings-registration.js';
import { sourceName } from './source-name.js';
import { formatVietnamTime } from './format.js';
import { checkMinAge, isMinor, normalisePhone, validateRegistration, validateSignIn, type FieldErrors } from './validation.js';

/** The relationships the server accepts, in the order offered. */
const RELATIONSHIPS = ['cha', 'mẹ', 'người giám hộ'] as const;

interface UnitGroup {
  parent: Unit;
  members: { unit: Unit; depth: number }[];
}

/**
 * The registration form, or the sign-in-again form with `mode="signin"`. Part of `<de-an-06-quiz>`.
 *
 * @fires session - a contestant was registered or signed in; detail `{session, registered}`
 * @fires cancel - the contestant went back
 * @csspart form - the form
 * @csspart input - each text input and select
 * @csspart button - the buttons
 * @tagname de-an-06-registration
 */
export class DeAn06Registration extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      .field {
        margin: 0 0 1em;
      }
      label,
      .label {
        display: block;
        font-weight: 600;
        margin-bottom: 0.25em;
      }
      input[type='text'],
      input[type='tel'],
      input[type='email'],
      input[type='date'],
      input[type='search'],
      select {
        display: block;
        width: 100%;
        min-height: 44px;
        padding: 0.5em 0.6em;
        font: inherit;
        color: inherit;
        background: var(--de-an-06-surface, #ffffff);
        border: 1px solid var(--de-an-06-input-border, #6b7280);
        border-radius: 6px;
      }
      [aria-invalid='true'] {
        border: 2px solid var(--de-an-06-danger, #b91c1c);
      }
      .error {
        color: var(--de-an-06-danger, #b91c1c);
        margin: 0.25em 0 0;
        font-weight: 600;
      }
      .error::before {
        content: '⚠ ';
      }
      .consent {
        display: flex;
        gap: 0.6em;
        align-items: flex-start;
        font-weight: 400;
        min-height: 44px;
        cursor: pointer;
      }
      .consent input {
        width: 24px;
        height: 24px;
        margin: 0.1em 0 0;
        flex: none;
        accent-color: var(--de-an-06-primary, #a3111b);
      }
      .unit-search {
        margin-bottom: 0.5em;
      }
      .hint {
        font-size: 0.9em;
        margin: 0.25em 0 0;
      }
      .with-button {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5em;
      }
      .with-button input {
        flex: 1 1 12em;
        width: auto;
      }
      .link {
        background: none;
        border: 0;
        padding: 0.5em 0;
        min-height: 44px;
        font: inherit;
        color: var(--de-an-06-link, var(--de-an-06-primary, #a3111b));
        text-decoration: underline;
        cursor: pointer;
        text-align: start;
      }
      .notice {
        border: 1px solid var(--de-an-06-border, #d1d5db);
        border-radius: 6px;
        padding: 0.75em 1em;
        margin: 0 0 1em;
        max-height: 24em;
        overflow-y: auto;
        overscroll-behavior: contain;
      }
      .notice p,
      .notice ul {
        margin: 0 0 0.75em;
      }
      .notice dl {
        margin: 0 0 0.75em;
      }
      .notice dt {
        font-weight: 600;
      }
      .notice dd {
        margin: 0 0 0.5em;
      }
      fieldset.guardian {
        border: 1px solid var(--de-an-06-border, #d1d5db);
        border-radius: 6px;
        padding: 0.75em 1em;
        margin: 0 0 1em;
      }
      fieldset.guardian legend {
        font-weight: 600;
        padding: 0 0.25em;
      }
      /* Rendered even when empty: a live region must exist before its text changes to be announced. */
      .code-status:empty {
        margin: 0;
      }
    `,
  ];

  // Declared here rather than with decorators, whose helpers would cost every page view (decision 0013);
  // `attribute: false` is implied by `state`, spelled out for the custom-elements manifest.
  static override properties = {
    errors: { state: true, attribute: false },
    formError: { state: true, attribute: false },
    sending: { state: true, attribute: false },
    units: { state: true, attribute: false },
    unitFilter: { state: true, attribute: false },
    unitId: { state: true, attribute: false },
    submitted: { state: true, attribute: false },
    codeSending: { state: true, attribute: false },
    codeStatus: { state: true, attribute: false },
    noticeOpen: { state: true, attribute: false },
    noticeText: { state: true, attribute: false },
    noticeFailed: { state: true, attribute: false },
    minor: { state: true, attribute: false },
    client: { attribute: false },
    contest: { attribute: false },
    mode: {},
    source: {},
    lang: {},
  };

  private get form(): HTMLFormElement {
    return this.renderRoot.querySelector('form')!;
  }

  private errors: FieldErrors = {};
  private formError = '';
  private sending = false;
  private units: Unit[] = [];
  private unitFilter = '';
  private unitId = '';
  private submitted = false;
  /** Counts down to when another phone code may be asked, on the server's clock. */
  private resend = new CountdownController(this);
  /** A form the server turned away as overloaded is sent again by itself after the wait (decision 0031). */
  private readonly sendRetry = new RetryController(this);
  private codeSending = false;
  private codeStatus = '';
  /** The privacy notice is shown in place, inside the form, when asked for. */
  private noticeOpen = false;
  /** The notice's full text, fetched the first time the notice is opened (the contest info leaves it out). */
  private noticeText: PrivacyNoticeText | null = null;
  private noticeFailed = false;
  /** The birth date entered makes the person under 16: the guardian's part of the form shows. */
  private minor = false;

  /** API client shared with the quiz element. */
  client!: ApiClient;
  /** The contest being registered for. */
  contest!: Contest;
  /** `register` or `signin`. */
  mode: 'register' | 'signin' = 'register';
  /** Site the contestant came from, as the quiz's `source` attribute says it; the page's own host name when that is not one. */
  source = '';
  /** Interface language, `vi` or `en`. */
  override lang = 'vi';

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.mode === 'register' && !this.units.length) void this.loadUnits();
  }

  /** Whether this contest confirms the phone by a code (`phoneVerification`), and this is the registration form. */
  private get verifiesPhone(): boolean {
    return this.mode === 'register' && this.contest.phoneVerification === true;
  }

  private async loadUnits() {
    try {
      this.units = await this.client.request<Unit[]>('GET', `/contests/${this.contest.slug}/units`);
    } catch {
      this.formError = stringsFor(this.lang).networkError;
    }
  }

  private values(): Record<string, string> {
    const data = new FormData(this.form);
    return Object.fromEntries([...data.entries()].map(([k, v]) => [k, String(v)]));
  }

  private validate(): FieldErrors {
    const t = stringsFor(this.lang);
    const v = this.values();
    if (this.mode === 'signin') return validateSignIn({ idNumber: v.idNumber ?? '', phone: v.phone ?? '', birthDate: v.birthDate ?? '' }, t);
    const errors = validateRegistration(
      {
        fullName: v.fullName ?? '',
        birthDate: v.birthDate ?? '',
        idNumber: v.idNumber ?? '',
        phone: v.phone ?? '',
        email: v.email ?? '',
        unitId: this.unitId,
        occupation: v.occupation ?? '',
        consent: v.consent === 'on',
        guardian: {
          fullName: v.guardianFullName ?? '',
          phone: v.guardianPhone ?? '',
          relationship: v.guardianRelationship ?? '',
          consent: v.guardianConsent === 'on',
        },
      },
      t,
      this.contest.minAge ?? null,
    );
    if (this.verifiesPhone && !/^\d{6}$/.test((v.phoneCode ?? '').trim())) errors.phoneCode = t.errPhoneCode;
    return errors;
  }

  private async handleSendCode() {
    const t = stringsFor(this.lang);
    const phone = normalisePhone(this.values().phone ?? '');
    const { phone: _phone, ...others } = this.errors;
    this.codeStatus = '';
    // normalisePhone answers the stored form 0[35789]xxxxxxxx for a valid number, else the input as typed.
    if (!/^0[35789]\d{8}$/.test(phone)) {
      this.errors = { ...others, phone: t.errPhoneFirst };
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('#phone')?.focus();
      return;
    }
    this.errors = others;
    this.codeSending = true;
    try {
      const sent = await this.client.request<PhoneCodeSent>('POST', `/contests/${this.contest.slug}/phone-codes`, { phone });
      this.resend.start(sent.resendAfter, sent.now);
      this.codeStatus = t.phoneCodeSent(`${phone.slice(0, 4)}…${phone.slice(-3)}`);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('#phoneCode')?.focus();
    } catch (error) {
      const message = error instanceof ApiError && error.code !== 'NETWORK' ? (error.fields.phone ?? error.message) : t.networkError;
      this.errors = { ...this.errors, phone: message };
    } finally {
      this.codeSending = false;
    }
  }

  private handleInput = () => {
    if (this.mode === 'register') {
      // Someone below the contest's minimum age is refused anyway: no guardian to ask for.
      const birthDate = this.values().birthDate ?? '';
      this.minor = isMinor(birthDate) && checkMinAge(birthDate, this.contest.minAge ?? null, stringsFor(this.lang)) === undefined;
    }
    // after a first attempt to send, errors follow the input as it is corrected
    if (this.submitted) this.errors = this.validate();
  };

  private async toggleNotice() {
    this.noticeOpen = !this.noticeOpen;
    if (this.noticeOpen) {
      if (!this.noticeText) void this.loadNoticeText();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#privacy-notice')?.focus();
    }
  }

  /** The full text, from its own cacheable route (a browser that has it gets a 304). */
  private async loadNoticeText() {
    this.noticeFailed = false;
    try {
      this.noticeText = await this.client.request<PrivacyNoticeText>('GET', `/contests/${this.contest.slug}/privacy-notice`);
    } catch {
      this.noticeFailed = true;
    }
  }

  private handleUnitFilter(event: Event) {
    this.unitFilter = (event.target as HTMLInputElement).value;
  }

  private handleUnitChange(event: Event) {
    this.unitId = (event.target as HTMLSelectElement).value;
    this.handleInput();
  }

  private async handleSubmit(event: SubmitEvent) {
    event.preventDefault();
    this.submitted = true;
    this.formError = '';
    this.errors = this.validate();
    if (Object.keys(this.errors).length) {
      await this.updateComplete;
      this.focusFirstError();
      return;
    }
    const v = this.values();
    this.sending = true;
    try {
      const slug = this.contest.slug;
      const session: Session =
        this.mode === 'signin'
          ? await this.client.signIn(slug, { idNumber: v.idNumber.trim(), phone: normalisePhone(v.phone), birthDate: v.birthDate })
          : await this.client.register(slug, {
              fullName: v.fullName.normalize('NFC').trim().replace(/\s+/g, ' '),
              birthDate: v.birthDate,
              idNumber: v.idNumber.trim(),
              phone: normalisePhone(v.phone),
              ...(v.email?.trim() ? { email: v.email.trim() } : {}),
              unitId: this.unitId,
              occupation: v.occupation,
              consent: true,
              ...(v.publishName === 'on' ? { publishName: true } : {}),
              ...(this.minor
                ? {
                    guardian: {
                      fullName: v.guardianFullName!.normalize('NFC').trim().replace(/\s+/g, ' '),
                      phone: normalisePhone(v.guardianPhone ?? ''),
                      relationship: v.guardianRelationship as (typeof RELATIONSHIPS)[number],
                      consent: true as const,
                      ...(v.guardianPublishName === 'on' ? { publishName: true } : {}),
                    },
                  }
                : {}),
              ...(sourceName(this.source) ? { source: sourceName(this.source) } : {}),
              ...(this.verifiesPhone ? { phoneCode: (v.phoneCode ?? '').trim() } : {}),
            });
      this.sendRetry.cancel(true);
      this.dispatchEvent(new CustomEvent('session', { detail: { session, registered: this.mode === 'register' } }));
    } catch (error) {
      const t = stringsFor(this.lang);
      if (error instanceof ApiError && error.busy) {
        this.sendRetry.later(error, () => this.form.requestSubmit());
      } else if (error instanceof ApiError && error.code !== 'NETWORK') {
        this.sendRetry.cancel(true);
        this.formError = error.message;
        this.errors = { ...error.fields };
      } else {
        this.formError = t.networkError;
      }
      await this.updateComplete;
      if (Object.keys(this.errors).length) this.focusFirstError();
    } finally {
      this.sending = false;
    }
  }

  private focusFirstError() {
    const first = this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]');
    first?.focus();
  }

  private cancel() {
    this.dispatchEvent(new CustomEvent('cancel'));
  }

  /** Parent units, each with its sub-units (deeper levels flattened under them). */
  private unitGroups(): { groups: UnitGroup[]; loose: Unit[] } {
    const children = new Map<string, Unit[]>();
    for (const unit of this.units) {
      if (unit.parentId) children.set(unit.parentId, [...(children.get(unit.parentId) ?? []), unit]);
    }
    const filter = this.unitFilter.normalize('NFC').trim().toLocaleLowerCase('vi');
    const matches = (unit: Unit) => !filter || unit.name.toLocaleLowerCase('vi').includes(filter);
    const groups: UnitGroup[] = [];
    const loose: Unit[] = [];
    const known = new Set(this.units.map((u) => u.id));
    for (const root of this.units.filter((u) => !u.parentId || !known.has(u.parentId))) {
      const kids = children.get(root.id);
      if (!kids) {
        if (matches(root)) loose.push(root);
        continue;
      }
      const members: UnitGroup['members'] = [];
      const walk = (unit: Unit, depth: number) => {
        for (const child of children.get(unit.id) ?? []) {
          members.push({ unit: child, depth });
          walk(child, depth + 1);
        }
      };
      walk(root, 0);
      const rootMatches = matches(root);
      const shown = rootMatches ? members : members.filter((m) => matches(m.unit));
      if (rootMatches || shown.length) groups.push({ parent: root, members: shown });
    }
    return { groups, loose };
  }

  private field(name: string, label: string, input: TemplateResult, hint?: string) {
    const error = this.errors[name];
    return html`<div class="field">
      <label for=${name}>${label}</label>
      ${input}
      ${hint ? html`<p class="hint muted" id=${`${name}-hint`}>${hint}</p>` : nothing}
      <p class="error" id=${`${name}-error`} ?hidden=${!error}>${error ?? ''}</p>
    </div>`;
  }

  private describedBy(name: string, hint = false) {
    return [hint ? `${name}-hint` : '', this.errors[name] ? `${name}-error` : ''].filter(Boolean).join(' ') || nothing;
  }

  private renderUnitPicker() {
    const t = stringsFor(this.lang);
    const { groups, loose } = this.unitGroups();
    const error = this.errors.unitId;
    const none = !groups.length && !loose.length;
    return html`<div class="field" role="group" aria-labelledby="unit-label">
      <span class="label" id="unit-label">${t.unit}</span>
      <div class="unit-search">
        <label class="visually-hidden" for="unitFilter">${t.unitSearch}</label>
        <input
          id="unitFilter"
          type="search"
          part="input"
          placeholder=${t.unitSearch}
          autocomplete="off"
          .value=${this.unitFilter}
          @input=${this.handleUnitFilter}
        />
      </div>
      <label class="visually-hidden" for="unitId">${t.unit}</label>
      <select
        id="unitId"
        name="unitId"
        part="input"
        required
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${this.describedBy('unitId')}
        @change=${this.handleUnitChange}
      >
        <option value="" ?selected=${!this.unitId}>${none ? t.unitNoMatch : t.unitChoose}</option>
        ${groups.map(
          (group) => html`<optgroup label=${group.parent.name}>
            <option value=${group.parent.id} ?selected=${this.unitId === group.parent.id}>${group.parent.name}</option>
            ${group.members.map(
              ({ unit, depth }) =>
                html`<option value=${unit.id} ?selected=${this.unitId === unit.id}>${'\u00a0\u00a0'.repeat(depth)}${unit.name}</option>`,
            )}
          </optgroup>`,
        )}
        ${loose.map((unit) => html`<option value=${unit.id} ?selected=${this.unitId === unit.id}>${unit.name}</option>`)}
      </select>
      <p class="error" id="unitId-error" ?hidden=${!error}>${error ?? ''}</p>
    </div>`;
  }

  private renderPhoneInput() {
    return html`<input id="phone" name="phone" type="tel" part="input" autocomplete="tel" inputmode="tel" required maxlength="16"
      aria-invalid=${this.errors.phone ? 'true' : 'false'} aria-describedby=${this.describedBy('phone')} />`;
  }

  /** The phone with its "send code" button, and the polite announcement that a code went out. */
  private renderPhoneWithCodeButton() {
    const t = stringsFor(this.lang);
    const waitSeconds = Math.ceil(this.resend.remainingMs / 1000);
    const label = this.codeSending
      ? t.sendingPhoneCode
      : waitSeconds > 0
        ? t.resendPhoneCodeIn(waitSeconds)
        : this.codeStatus
          ? t.resendPhoneCode
          : t.sendPhoneCode;
    return html`<div class="with-button">
        ${this.renderPhoneInput()}
        <button class="btn" part="button" type="button" ?disabled=${this.codeSending || waitSeconds > 0} @click=${this.handleSendCode}>
          ${label}
        </button>
      </div>
      <p class="hint code-status" id="phoneCode-status" role="status" aria-live="polite">${this.codeStatus}</p>`;
  }

  /** The link to the notice and, once opened, the notice itself in place: nothing leaves the page. */
  private renderNotice() {
    const t = stringsFor(this.lang);
    // Once fetched, the whole notice is shown as one: its parts and its text of the same version.
    const notice = this.noticeText ?? this.contest.privacyNotice;
    if (!notice) return nothing;
    return html`<div class="field">
        <button class="link" type="button" aria-expanded=${this.noticeOpen ? 'true' : 'false'} aria-controls="privacy-notice"
          @click=${this.toggleNotice}>${t.noticeLink}</button>
      </div>
      <section id="privacy-notice" class="notice" tabindex="-1" aria-label=${t.noticeLink} ?hidden=${!this.noticeOpen}>
        ${this.noticeOpen
          ? html`<dl>
                <dt>${t.noticeController}</dt>
                <dd>${notice.controller}</dd>
                <dt>${t.noticePurposes}</dt>
                <dd><ul>${notice.purposes.map((purpose) => html`<li>${purpose}</li>`)}</ul></dd>
                <dt>${t.noticeRetention}</dt>
                <dd>${formatVietnamTime(notice.retentionUntil, this.lang)}</dd>
                <dt>${t.noticeContact}</dt>
                <dd>${notice.contact}</dd>
              </dl>
              ${this.renderNoticeText()}
              <button class="btn" part="button" type="button" @click=${this.toggleNotice}>${t.noticeClose}</button>`
          : nothing}
      </section>`;
  }

  /** The notice's paragraphs and the version they are (the fetched text's own: it may be newer than the contest info's). */
  private renderNoticeText() {
    const t = stringsFor(this.lang);
    const full = this.noticeText;
    if (full) {
      return html`${full.text.split(/\n{2,}/).map((paragraph) => html`<p>${paragraph}</p>`)}
        <p class="muted">${t.noticeVersion(full.version)}</p>`;
    }
    if (this.noticeFailed) {
      return html`<p class="error" role="alert">${t.networkError}</p>
        <button class="btn" part="button" type="button" @click=${this.loadNoticeText}>${t.retry}</button>`;
    }
    return html`<p class="muted" role="status">${t.loading}</p>`;
  }

  /** The parent's or guardian's part, in the same form, for a person under 16 (decision 0027). */
  private renderGuardian() {
    const t = stringsFor(this.lang);
    const guardianField = (key: string, label: string, input: TemplateResult) => {
      const error = this.errors[`guardian.${key}`];
      return html`<div class="field">
        <label for=${`guardian-${key}`}>${label}</label>
        ${input}
        <p class="error" id=${`guardian-${key}-error`} ?hidden=${!error}>${error ?? ''}</p>
      </div>`;
    };
    const invalid = (key: string) => (this.errors[`guardian.${key}`] ? 'true' : 'false');
    const describedBy = (key: string) => (this.errors[`guardian.${key}`] ? `guardian-${key}-error` : nothing);
    return html`<fieldset class="guardian" aria-describedby="guardian-explain">
      <legend>${t.guardianHeading}</legend>
      <p class="hint" id="guardian-explain">${t.guardianExplain}</p>
      ${this.errors.guardian ? html`<p class="error" id="guardian-error">${this.errors.guardian}</p>` : nothing}
      ${guardianField(
        'fullName',
        t.guardianFullName,
        html`<input id="guardian-fullName" name="guardianFullName" type="text" part="input" autocomplete="off" required maxlength="100"
          aria-invalid=${invalid('fullName')} aria-describedby=${describedBy('fullName')} />`,
      )}
      ${guardianField(
        'phone',
        t.guardianPhone,
        html`<input id="guardian-phone" name="guardianPhone" type="tel" part="input" autocomplete="off" inputmode="tel" required maxlength="16"
          aria-invalid=${invalid('phone')} aria-describedby=${describedBy('phone')} />`,
      )}
      ${guardianField(
        'relationship',
        t.guardianRelationship,
        html`<select id="guardian-relationship" name="guardianRelationship" part="input" required
          aria-invalid=${invalid('relationship')} aria-describedby=${describedBy('relationship')}>
          <option value="">${t.guardianRelationshipChoose}</option>
          ${RELATIONSHIPS.map((r) => html`<option value=${r}>${t.guardianRelationships[r]}</option>`)}
        </select>`,
      )}
      <div class="field">
        <label class="consent">
          <input id="guardian-consent" name="guardianConsent" type="checkbox" required
            aria-invalid=${invalid('consent')} aria-describedby=${describedBy('consent')} />
          <span>${t.guardianConsent}</span>
        </label>
        <p class="error" id="guardian-consent-error" ?hidden=${!this.errors['guardian.consent']}>${this.errors['guardian.consent'] ?? ''}</p>
      </div>
      <div class="field">
        <label class="consent">
          <input id="guardian-publishName" name="guardianPublishName" type="checkbox" />
          <span>${t.guardianPublishName}</span>
        </label>
      </div>
    </fieldset>`;
  }

  override render() {
    const t = stringsFor(this.lang);
    const signin = this.mode === 'signin';
    const invalid = (name: string) => (this.errors[name] ? 'true' : 'false');
    const errorCount = Object.keys(this.errors).length;
    return html`<div class="root">
      <form part="form" novalidate @submit=${this.handleSubmit} @input=${this.handleInput} @change=${this.handleInput}>
        <h2 tabindex="-1" id="heading">${signin ? t.signInHeading : t.registerHeading}</h2>
        ${signin ? html`<p class="muted">${t.signInHelp}</p>` : nothing}
        <div role="alert">
          ${this.formError ? html`<p class="alert">${this.formError}</p>` : nothing}
          ${errorCount && !this.formError ? html`<p class="alert">${t.formHasErrors(errorCount)}</p>` : nothing}
        </div>
        <div role="status">${this.sendRetry.waiting ? html`<p class="notice">${t.busyWaiting(this.sendRetry.secondsLeft)}</p>` : nothing}</div>
        ${signin
          ? nothing
          : this.field(
              'fullName',
              t.fullName,
              html`<input id="fullName" name="fullName" type="text" part="input" autocomplete="name" required maxlength="100"
                aria-invalid=${invalid('fullName')} aria-describedby=${this.describedBy('fullName')} />`,
            )}
        ${this.field(
          'idNumber',
          t.idNumber,
          html`<input id="idNumber" name="idNumber" type="text" part="input" inputmode="numeric" autocomplete="off" required maxlength="12"
            aria-invalid=${invalid('idNumber')} aria-describedby=${this.describedBy('idNumber')} />`,
        )}
        ${this.field(
          'birthDate',
          t.birthDate,
          html`<input id="birthDate" name="birthDate" type="date" part="input" autocomplete="bday" required min="1900-01-01"
            aria-invalid=${invalid('birthDate')} aria-describedby=${this.describedBy('birthDate')} />`,
        )}
        ${this.field(
          'phone',
          t.phone,
          this.verifiesPhone ? this.renderPhoneWithCodeButton() : this.renderPhoneInput(),
        )}
        ${this.verifiesPhone
          ? this.field(
              'phoneCode',
              t.phoneCode,
              html`<input id="phoneCode" name="phoneCode" type="text" part="input" inputmode="numeric" autocomplete="one-time-code"
                required maxlength="6" pattern="[0-9]{6}"
                aria-invalid=${invalid('phoneCode')} aria-describedby=${this.describedBy('phoneCode', true)} />`,
              t.phoneCodeHint,
            )
          : nothing}
        ${signin
          ? nothing
          : html`${this.field(
              'email',
              t.email,
              html`<input id="email" name="email" type="email" part="input" autocomplete="email" maxlength="200"
                aria-invalid=${invalid('email')} aria-describedby=${this.describedBy('email')} />`,
            )}
            ${this.renderUnitPicker()}
            ${this.field(
              'occupation',
              t.occupation,
              html`<select id="occupation" name="occupation" part="input" required
                aria-invalid=${invalid('occupation')} aria-describedby=${this.describedBy('occupation')}>
                <option value="">${t.occupationChoose}</option>
                ${this.contest.occupations.map((o) => html`<option value=${o.id}>${o.name}</option>`)}
              </select>`,
            )}
            ${this.minor ? this.renderGuardian() : nothing}
            ${this.renderNotice()}
            <div class="field">
              <label class="consent">
                <input id="consent" name="consent" type="checkbox" required
                  aria-invalid=${invalid('consent')} aria-describedby=${this.describedBy('consent')} />
                <span>${t.consent}</span>
              </label>
              <p class="error" id="consent-error" ?hidden=${!this.errors.consent}>${this.errors.consent ?? ''}</p>
            </div>
            <div class="field">
              <label class="consent">
                <input id="publishName" name="publishName" type="checkbox" />
                <span>${t.publishName}</span>
              </label>
            </div>`}
        <div class="actions">
          <button class="btn primary" part="button" type="submit" ?disabled=${this.sending || this.sendRetry.waiting}>
            ${this.sending ? t.sending : signin ? t.submitSignIn : t.submitRegistration}
          </button>
          <button class="btn" part="button" type="button" @click=${this.cancel}>${t.cancel}</button>
        </div>
      </form>
    </div>`;
  }
}

const TAG = 'de-an-06-registration';
customElements.get(TAG) || customElements.define(TAG, DeAn06Registration);

declare global {
  interface HTMLElementTagNameMap {
    'de-an-06-registration': DeAn06Registration;
  }
}
