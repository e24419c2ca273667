import { LitElement, css, html, nothing } from 'lit';
import type { ApiClient, Attempt, Me } from './api-client.js';
import { formatDuration, formatVietnamTime } from './format.js';
import { sharedStyles } from './styles.js';
import { stringsFor } from './strings.js';
import './strings-learning.js';
import './de-an-06-review.js';

/**
 * The signed-in contestant's own attempts (decision 0039): when each was submitted, the score once
 * scores show, and "Xem lại" for each once the answers may be shown. Shown on the closed contest's
 * page, so that signing in again on any device leads back to one's attempts.
 *
 * @csspart button - each button
 * @tagname de-an-06-my-attempts
 */
export class DeAn06MyAttempts extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      ol {
        padding-inline-start: 0;
        list-style: none;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 0.5em;
        padding: 0.4em 0;
        border-bottom: 1px solid var(--de-an-06-border, #d0d7de);
      }
    `,
  ];

  // Declared here rather than with decorators, whose helpers would cost every page view (decision 0013).
  static override properties = {
    keyShown: { state: true, attribute: false },
    reviewing: { state: true, attribute: false },
    client: { attribute: false },
    me: { attribute: false },
    lang: {},
  };

  /** Whether the server shows the key of these attempts, read from the latest one's view. */
  private keyShown = false;
  private reviewing = '';
  private views = new Map<string, Attempt>();
  private checkedFor = '';

  /** API client shared with the quiz element, carrying the contestant's token. */
  client!: ApiClient;
  /** What `GET /api/contests/:slug/me` answered. */
  me: Me | null = null;
  /** Interface language, `vi` or `en`. */
  override lang = 'vi';

  private get t() {
    return stringsFor(this.lang);
  }

  private get submitted() {
    return (this.me?.attempts ?? []).filter((a) => a.status === 'submitted');
  }

  override willUpdate(): void {
    // The key shows for every submitted attempt of a contest or for none (answerKeyVisible):
    // the latest one's view tells which, in one request.
    const latest = this.submitted.at(-1);
    if (latest && latest.id !== this.checkedFor) {
      this.checkedFor = latest.id;
      void this.client
        .attempt(latest.id)
        .then((view) => {
          this.views.set(view.id, view);
          this.keyShown = view.answerKeyShown;
        })
        .catch(() => {
          this.checkedFor = '';
        });
    }
  }

  private backToList(): void {
    const id = this.reviewing;
    this.reviewing = '';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[data-attempt="${id}"]`)?.focus());
  }

  override render() {
    const t = this.t;
    const attempts = this.submitted;
    if (!attempts.length) return nothing;
    if (this.reviewing) {
      return html`<div class="root">
        <de-an-06-review
          exportparts="button"
          .client=${this.client}
          .view=${this.views.get(this.reviewing) ?? null}
          attempt=${this.reviewing}
          open
          lang=${this.lang}
          @close=${this.backToList}
        ></de-an-06-review>
      </div>`;
    }
    return html`<section class="root" aria-labelledby="my-attempts">
      <h4 id="my-attempts">${t.myAttemptsHeading}</h4>
      <ol>
        ${attempts.map(
          (a, i) => html`<li>
            <span>
              <strong>${t.attemptN(i + 1)}</strong>
              ${a.submittedAt ? html` · ${t.attemptSubmittedAt(formatVietnamTime(a.submittedAt, this.lang))}` : nothing} ·
              ${typeof a.score === 'number'
                ? html`<strong>${t.attemptScore(a.score, a.total)}</strong>${a.durationMs !== null ? html` · ${formatDuration(a.durationMs, this.lang)}` : nothing}`
                : t.attemptNoScore}
              ${a.voided ? html` · ${t.attemptVoided}` : nothing}
            </span>
            ${this.keyShown
              ? html`<button class="btn" part="button" type="button" data-attempt=${a.id} @click=${() => (this.reviewing = a.id)}>
                  ${t.reviewAttempt}<span class="visually-hidden"> ${t.attemptN(i + 1)}</span>
                </button>`
              : nothing}
          </li>`,
        )}
      </ol>
    </section>`;
  }
}

const TAG = 'de-an-06-my-attempts';
customElements.get(TAG) || customElements.define(TAG, DeAn06MyAttempts);

declare global {
  interface HTMLElementTagNameMap {
    'de-an-06-my-attempts': DeAn06MyAttempts;
  }
}
