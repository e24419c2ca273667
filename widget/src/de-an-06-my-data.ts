import { LitElement, css, html, nothing } from 'lit';
import { ApiError, type ApiClient } from './api-client.js';
import { formatVietnamTime } from './format.js';
import { sharedStyles } from './styles.js';
import { stringsFor } from './strings.js';
import './strings-my-data.js';
import type { DataRequestCreateRequest, DataRequestView, ErasureRequest, ErasureView, MyDataView } from '../../api/src/contract/contestant.js';

/** The typed confirmation without diacritics or case: "xoá", "XOA" and "Xóa" all confirm. */
const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toUpperCase();

/**
 * "Dữ liệu của tôi": a signed-in contestant downloads everything stored about them, sends the
 * committee a request (correction, question), or withdraws consent and erases their registration
 * after typing a confirmation word (SPEC §3.1 "Personal data", decision 0029). Part of
 * `<de-an-06-quiz>`, in a chunk of its own.
 *
 * @fires erased - the registration was erased; the quiz signs out
 * @fires cancel - back to the contest
 * @csspart button - each button
 * @csspart input - the text fields and the select
 * @tagname de-an-06-my-data
 */
export class DeAn06MyData extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      section {
        margin: 0 0 1.5em;
      }
      label {
        display: block;
        font-weight: 600;
        margin-bottom: 0.25em;
      }
      input,
      select,
      textarea {
        display: block;
        width: 100%;
        min-height: 44px;
        padding: 0.5em 0.6em;
        margin: 0 0 0.75em;
        font: inherit;
        color: inherit;
        background: var(--de-an-06-surface, #ffffff);
        border: 1px solid var(--de-an-06-input-border, #6b7280);
        border-radius: 6px;
      }
      textarea {
        min-height: 5em;
      }
      [aria-invalid='true'] {
        border: 2px solid var(--de-an-06-danger, #b91c1c);
      }
      .error {
        color: var(--de-an-06-danger, #b91c1c);
        font-weight: 600;
      }
      .btn.danger {
        background: var(--de-an-06-danger, #b91c1c);
        border-color: var(--de-an-06-danger, #b91c1c);
        color: #ffffff;
      }
      .danger-zone {
        border: 1px solid var(--de-an-06-danger, #b91c1c);
        border-radius: 8px;
        padding: 1em;
      }
    `,
  ];

  // Declared here rather than with decorators, whose helpers would cost every page view (decision 0013).
  static override properties = {
    busy: { state: true, attribute: false },
    status: { state: true, attribute: false },
    alert: { state: true, attribute: false },
    kind: { state: true, attribute: false },
    message: { state: true, attribute: false },
    messageError: { state: true, attribute: false },
    typed: { state: true, attribute: false },
    typedError: { state: true, attribute: false },
    requests: { state: true, attribute: false },
    client: { attribute: false },
    contest: {},
    lang: {},
  };

  private busy = false;
  private status = '';
  private alert = '';
  private kind: 'correction' | 'question' = 'correction';
  private message = '';
  private messageError = '';
  private typed = '';
  private typedError = '';
  /** The person's requests and the committee's answers, from their stored data. */
  private requests: DataRequestView[] = [];

  /** API client shared with the quiz element, carrying the contestant's token. */
  client!: ApiClient;
  /** Contest slug. */
  contest = '';
  /** Interface language, `vi` or `en`. */
  override lang = 'vi';

  private get t() {
    return stringsFor(this.lang);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadRequests();
    // The certificate of participation, once an attempt counts (decision 0037), in a chunk of its own.
    import('./de-an-06-certificate.js').catch(() => undefined);
  }

  /** The answers to earlier requests are read from the person's own data; without them the rest still works. */
  private async loadRequests(): Promise<void> {
    await this.updateComplete;
    if (!this.client || !this.contest) return;
    try {
      this.requests = (await this.client.request<MyDataView>('GET', `/contests/${this.contest}/me/data`)).dataRequests;
    } catch {
      this.requests = [];
    }
  }

  private failed(error: unknown): void {
    this.alert = error instanceof ApiError && error.code !== 'NETWORK' ? error.message : this.t.networkError;
  }

  private async run(work: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.status = '';
    this.alert = '';
    try {
      await work();
    } catch (error) {
      this.failed(error);
    } finally {
      this.busy = false;
    }
  }

  private download(): Promise<void> {
    return this.run(async () => {
      const data = await this.client.request<MyDataView>('GET', `/contests/${this.contest}/me/data`);
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const link = Object.assign(document.createElement('a'), { href: url, download: `du-lieu-ca-nhan-${this.contest}.json` });
      this.renderRoot.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      this.status = this.t.downloaded;
    });
  }

  private sendRequest(event: Event): Promise<void> | void {
    event.preventDefault();
    this.messageError = this.message.trim().length < 5 ? this.t.requestTooShort : '';
    if (this.messageError) return;
    return this.run(async () => {
      const request = await this.client.request<DataRequestView>('POST', `/contests/${this.contest}/me/data-requests`, {
        kind: this.kind,
        message: this.message.trim(),
      } satisfies DataRequestCreateRequest);
      this.message = '';
      this.requests = [...this.requests, request];
      this.status = this.t.requestSent(formatVietnamTime(request.dueAt, this.lang));
    });
  }

  private erase(event: Event): Promise<void> | void {
    event.preventDefault();
    const t = this.t;
    this.typedError = fold(this.typed) === fold(t.eraseWord) ? '' : t.eraseMismatch(t.eraseWord);
    if (this.typedError) return;
    return this.run(async () => {
      await this.client.request<ErasureView>('DELETE', `/contests/${this.contest}/me`, { confirm: true } satisfies ErasureRequest);
      this.dispatchEvent(new CustomEvent('erased', { bubbles: true, composed: true }));
    });
  }

  override render() {
    const t = this.t;
    return html`<section aria-labelledby="my-data">
        <h2 id="my-data" tabindex="-1">${t.myDataHeading}</h2>
        <p>${t.myDataIntro}</p>
        <div role="status">${this.status ? html`<p class="notice">${this.status}</p>` : nothing}</div>
        <div role="alert">${this.alert ? html`<p class="alert">${this.alert}</p>` : nothing}</div>
      </section>
      <section aria-labelledby="download">
        <h3 id="download">${t.downloadHeading}</h3>
        <p>${t.downloadAbout}</p>
        <button class="btn primary" part="button" type="button" ?disabled=${this.busy} @click=${this.download}>${t.download}</button>
      </section>
      <de-an-06-certificate exportparts="button" .client=${this.client} contest=${this.contest} lang=${this.lang}></de-an-06-certificate>
      <section aria-labelledby="request">
        <h3 id="request">${t.requestHeading}</h3>
        <form @submit=${this.sendRequest} novalidate>
          <label for="kind">${t.requestKind}</label>
          <select id="kind" part="input" @change=${(e: Event) => (this.kind = (e.target as HTMLSelectElement).value as typeof this.kind)}>
            <option value="correction" ?selected=${this.kind === 'correction'}>${t.requestCorrection}</option>
            <option value="question" ?selected=${this.kind === 'question'}>${t.requestQuestion}</option>
          </select>
          <label for="message">${t.requestMessage}</label>
          <textarea
            id="message"
            part="input"
            maxlength="2000"
            aria-invalid=${this.messageError ? 'true' : 'false'}
            aria-describedby=${this.messageError ? 'message-error' : nothing}
            .value=${this.message}
            @input=${(e: Event) => (this.message = (e.target as HTMLTextAreaElement).value)}
          ></textarea>
          ${this.messageError ? html`<p class="error" id="message-error">${this.messageError}</p>` : nothing}
          <button class="btn" part="button" type="submit" ?disabled=${this.busy}>${t.sendRequest}</button>
        </form>
        ${this.requests.length
          ? html`<h4>${t.requestsSent}</h4>
              <ul class="requests">
                ${this.requests.map(
                  (r) => html`<li>
                    <p><strong>${formatVietnamTime(r.receivedAt, this.lang)}</strong> — ${r.message}</p>
                    <p>${r.status === 'open' ? t.requestOpen(formatVietnamTime(r.dueAt, this.lang)) : html`${t.requestAnswer}: ${r.answer}`}</p>
                  </li>`,
                )}
              </ul>`
          : nothing}
      </section>
      <section class="danger-zone" aria-labelledby="erase">
        <h3 id="erase">${t.eraseHeading}</h3>
        <p id="erase-consequences">${t.eraseConsequences}</p>
        <form @submit=${this.erase} novalidate>
          <label for="erase-word">${t.eraseTypeToConfirm(t.eraseWord)}</label>
          <input
            id="erase-word"
            part="input"
            type="text"
            autocomplete="off"
            aria-invalid=${this.typedError ? 'true' : 'false'}
            aria-describedby=${this.typedError ? 'erase-consequences erase-error' : 'erase-consequences'}
            .value=${this.typed}
            @input=${(e: Event) => (this.typed = (e.target as HTMLInputElement).value)}
          />
          ${this.typedError ? html`<p class="error" id="erase-error">${this.typedError}</p>` : nothing}
          <button class="btn danger" part="button" type="submit" ?disabled=${this.busy}>${t.erase}</button>
        </form>
      </section>
      <div class="actions">
        <button class="btn" part="button" type="button" @click=${() => this.dispatchEvent(new CustomEvent('cancel'))}>${t.backToContest}</button>
      </div>`;
  }
}

const TAG = 'de-an-06-my-data';
customElements.get(TAG) || customElements.define(TAG, DeAn06MyData);

declare global {
  interface HTMLElementTagNameMap {
    'de-an-06-my-data': DeAn06MyData;
  }
}
