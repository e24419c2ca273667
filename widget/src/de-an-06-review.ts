import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import type { ApiClient, Attempt } from './api-client.js';
import { renderPlainText } from './format.js';
import { learningStyles, renderExplanation, renderKeyedOptions, renderVerdict } from './learning-parts.js';
import { sharedStyles } from './styles.js';
import { stringsFor } from './strings.js';

/**
 * "Xem lại bài làm" (decision 0039): one's own attempt, question by question in the order it was
 * shown, with the option chosen, the right one, the explanation and the source — only once the
 * server sends the key (`answerKeyShown`). Part of `<de-an-06-quiz>`, in a chunk of its own: under
 * the result after a submission, and from the list of one's attempts after the close.
 *
 * Until opened it is a "Xem lại bài làm" button, shown only when the key may be shown; `open` shows
 * the review at once.
 *
 * @fires close - the review was closed while `open` was set from outside
 * @csspart button - each button
 * @tagname de-an-06-review
 */
export class DeAn06Review extends LitElement {
  static override styles = [
    sharedStyles,
    learningStyles,
    css`
      .review {
        margin: 1em 0;
      }
    `,
  ];

  // Declared here rather than with decorators, whose helpers would cost every page view (decision 0013).
  static override properties = {
    shown: { state: true, attribute: false },
    failed: { state: true, attribute: false },
    client: { attribute: false },
    view: { attribute: false },
    attempt: {},
    open: { type: Boolean },
    lang: {},
  };

  private shown = false;
  private failed = false;
  private focusOnUpdate = false;

  /** API client shared with the quiz element, carrying the contestant's token. */
  client!: ApiClient;
  /** Id of the attempt to review. */
  attempt = '';
  /** The attempt as `GET /api/attempts/:id` answered, when the caller already has it. */
  view: Attempt | null = null;
  /** Show the review at once, without the "Xem lại bài làm" button first. */
  open = false;
  /** Interface language, `vi` or `en`. */
  override lang = 'vi';

  private get t() {
    return stringsFor(this.lang);
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('attempt') && this.attempt && this.view?.id !== this.attempt) void this.load();
    if (changed.has('open') && this.open) {
      this.shown = true;
      this.focusOnUpdate = true;
    }
  }

  override updated(): void {
    if (!this.focusOnUpdate || !this.view) return;
    this.focusOnUpdate = false;
    this.renderRoot.querySelector<HTMLElement>('#review-heading')?.focus();
  }

  private async load(): Promise<void> {
    this.failed = false;
    const id = this.attempt;
    try {
      const view = await this.client.attempt(id);
      if (id === this.attempt) this.view = view;
    } catch {
      this.failed = true;
    }
  }

  private toggle(shown: boolean): void {
    this.shown = shown;
    this.focusOnUpdate = shown;
    if (!shown && this.open) this.dispatchEvent(new CustomEvent('close'));
    else if (!shown) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('button')?.focus());
  }

  private renderReview(view: Attempt) {
    const t = this.t;
    const total = view.questions.length;
    return html`<section class="review" aria-labelledby="review-heading">
      <h3 id="review-heading" tabindex="-1">${t.reviewTitle}</h3>
      ${typeof view.score === 'number' ? html`<p class="meta">${t.reviewSummary(view.score, view.total ?? total)}</p>` : nothing}
      <ol class="questions">
        ${view.questions.map((question, i) => {
          const chosen = view.answers[question.id] ?? null;
          return html`<li>
            <h4>${t.questionN(i + 1, total)}</h4>
            ${renderVerdict(t, !chosen ? 'none' : chosen === question.correctOptionId ? 'right' : 'wrong')}
            <div>${renderPlainText(question.text)}</div>
            ${renderKeyedOptions(t, question, chosen)} ${renderExplanation(t, question)}
          </li>`;
        })}
      </ol>
      <div class="actions">
        <button class="btn" part="button" type="button" @click=${() => this.toggle(false)}>${this.open ? t.backToList : t.reviewClose}</button>
      </div>
    </section>`;
  }

  override render() {
    const t = this.t;
    const view = this.view;
    if (this.failed) {
      return html`<div class="root">
        <p class="alert" role="alert">${t.reviewLoadFailed}</p>
        <button class="btn" part="button" type="button" @click=${this.load}>${t.retry}</button>
      </div>`;
    }
    if (!view) return this.open ? html`<div class="root"><p role="status">${t.loading}</p></div>` : nothing;
    if (!view.answerKeyShown) return this.open ? html`<div class="root"><p class="notice">${t.reviewKeyHidden}</p></div>` : nothing;
    return html`<div class="root">
      ${this.shown
        ? this.renderReview(view)
        : html`<div class="actions">
            <button class="btn" part="button" type="button" @click=${() => this.toggle(true)}>${t.reviewOpen}</button>
          </div>`}
    </div>`;
  }
}

const TAG = 'de-an-06-review';
customElements.get(TAG) || customElements.define(TAG, DeAn06Review);

declare global {
  interface HTMLElementTagNameMap {
    'de-an-06-review': DeAn06Review;
  }
}
