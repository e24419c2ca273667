import { LitElement, css, html, nothing } from 'lit';
import { ApiError, type ApiClient } from './api-client.js';
import { renderPlainText } from './format.js';
import { learningStyles, letter, renderExplanation, renderKeyedOptions, renderVerdict, unavailableText } from './learning-parts.js';
import { sharedStyles } from './styles.js';
import { stringsFor } from './strings.js';
import type { PracticeCheck, PracticeChecked, PracticeSet } from '../../api/src/contract/learning.js';

type Problem = { kind: 'notAvailable'; reason: string } | { kind: 'rateLimited'; until: number } | { kind: 'network' } | { kind: 'refused'; message: string };

/**
 * `view="practice"` and "Luyện tập" (decision 0039): a practice set drawn like an attempt, each
 * answer checked at once — right or wrong in words and an icon, the right option, the explanation,
 * the source — with a running count and "Làm bộ khác". Nothing of it counts: not the ranking, not
 * the statistics, not the prizes. Part of `<de-an-06-quiz>`, in a chunk of its own.
 *
 * @csspart button - each button
 * @csspart option - each option to choose
 * @tagname de-an-06-practice
 */
export class DeAn06Practice extends LitElement {
  static override styles = [
    sharedStyles,
    learningStyles,
    css`
      fieldset {
        border: 0;
        padding: 0;
        margin: 0 0 0.5em;
        min-width: 0;
      }
      legend {
        padding: 0;
        margin-bottom: 0.5em;
      }
      .choice {
        display: flex;
        align-items: flex-start;
        gap: 0.6em;
        min-height: 44px;
        padding: 0.5em 0.7em;
        margin: 0 0 0.4em;
        border: 1px solid var(--de-an-06-border, #d0d7de);
        border-radius: 6px;
        cursor: pointer;
      }
      .choice:has(input:checked) {
        border: 2px solid var(--de-an-06-primary, #a3111b);
        background: var(--de-an-06-selected-bg, #fdf1f1);
      }
      .choice input {
        width: 22px;
        height: 22px;
        margin: 0.1em 0 0;
        flex: none;
        accent-color: var(--de-an-06-primary, #a3111b);
      }
      .count {
        font-weight: 700;
      }
      .error {
        color: var(--de-an-06-danger, #b91c1c);
        font-weight: 600;
      }
    `,
  ];

  // Declared here rather than with decorators, whose helpers would cost every page view (decision 0013).
  static override properties = {
    set: { state: true, attribute: false },
    problem: { state: true, attribute: false },
    chosen: { state: true, attribute: false },
    checked: { state: true, attribute: false },
    checking: { state: true, attribute: false },
    errors: { state: true, attribute: false },
    tick: { state: true, attribute: false },
    client: { attribute: false },
    contest: {},
    lang: {},
  };

  private set: PracticeSet | null = null;
  private problem: Problem | null = null;
  /** Question id → the option chosen, before and after the check. */
  private chosen: Record<string, string> = {};
  /** Question id → what the server said about the answer. */
  private checked: Record<string, PracticeChecked> = {};
  private checking = '';
  /** Question id → why its check did not go through. */
  private errors: Record<string, string> = {};
  /** Re-renders the rate-limit wait each second. */
  private tick = 0;
  private timer?: ReturnType<typeof setInterval>;
  private focusHeading = false;
  /** The question just checked: its verdict takes the focus from the button it replaces. */
  private focusVerdict = '';

  /** API client shared with the quiz element. */
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
    void this.newSet();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  override updated(): void {
    if (this.focusVerdict) this.renderRoot.querySelector<HTMLElement>(`[data-question="${this.focusVerdict}"] .feedback`)?.focus();
    else if (this.focusHeading) this.renderRoot.querySelector<HTMLElement>('#practice-heading')?.focus();
    this.focusVerdict = '';
    this.focusHeading = false;
  }

  /** `POST /api/contests/:slug/practice`: a fresh set; the first one when the view opens, then "Làm bộ khác". */
  async newSet(focus = false): Promise<void> {
    await this.updateComplete;
    if (!this.client || !this.contest) return;
    clearInterval(this.timer);
    this.problem = null;
    this.set = null;
    this.chosen = {};
    this.checked = {};
    this.errors = {};
    try {
      this.set = await this.client.request<PracticeSet>('POST', `/contests/${this.contest}/practice`, {});
      this.focusHeading = focus;
    } catch (error) {
      this.problem = this.problemOf(error);
      if (this.problem.kind === 'rateLimited') this.timer = setInterval(() => this.waitTick(), 1000);
    }
  }

  private waitTick(): void {
    this.tick += 1;
    if (this.problem?.kind === 'rateLimited' && Date.now() >= this.problem.until) clearInterval(this.timer);
  }

  private problemOf(error: unknown): Problem {
    if (!(error instanceof ApiError) || error.code === 'NETWORK' || error.status >= 500) return { kind: 'network' };
    if (error.status === 429) return { kind: 'rateLimited', until: Date.now() + (error.retryAfterSeconds ?? 30) * 1000 };
    if (error.status === 404 && error.code !== 'NOT_FOUND') return { kind: 'notAvailable', reason: error.message };
    return { kind: 'refused', message: error.message };
  }

  private async check(questionId: string): Promise<void> {
    const t = this.t;
    const optionId = this.chosen[questionId];
    if (!optionId) {
      this.errors = { ...this.errors, [questionId]: t.practiceChoose };
      return;
    }
    this.checking = questionId;
    this.errors = { ...this.errors, [questionId]: '' };
    try {
      const result = await this.client.request<PracticeChecked>('POST', `/practice/${this.set!.id}/check`, { questionId, optionId } satisfies PracticeCheck);
      this.checked = { ...this.checked, [questionId]: result };
      this.focusVerdict = questionId;
    } catch (error) {
      const problem = this.problemOf(error);
      const message =
        problem.kind === 'network'
          ? t.networkError
          : problem.kind === 'rateLimited'
            ? t.practiceRateLimited(Math.ceil((problem.until - Date.now()) / 1000))
            : problem.kind === 'refused'
              ? problem.message
              : unavailableText(this.lang, problem.reason, t.practiceNotAvailable);
      this.errors = { ...this.errors, [questionId]: message };
    } finally {
      this.checking = '';
    }
  }

  private renderProblem(problem: Problem) {
    const t = this.t;
    if (problem.kind === 'notAvailable') return html`<p class="notice">${unavailableText(this.lang, problem.reason, t.practiceNotAvailable)}</p>`;
    const wait = problem.kind === 'rateLimited' ? Math.max(0, Math.ceil((problem.until - Date.now()) / 1000)) : 0;
    const message = problem.kind === 'rateLimited' ? t.practiceRateLimited(Math.max(1, wait)) : problem.kind === 'network' ? t.networkError : problem.message;
    return html`<p class="alert" role="alert">${message}</p>
      <button class="btn" part="button" type="button" ?disabled=${wait > 0} @click=${() => this.newSet()}>${t.retry}</button>`;
  }

  private renderQuestion(set: PracticeSet, index: number) {
    const t = this.t;
    const question = set.questions[index]!;
    const result = this.checked[question.id];
    const chosen = this.chosen[question.id];
    const error = this.errors[question.id];
    const headingId = `pq-${index}`;
    const heading = html`<h3 id=${headingId}>${t.questionN(index + 1, set.questions.length)}</h3>
      <div id=${`${headingId}-text`}>${renderPlainText(question.text)}</div>`;
    if (result) {
      return html`<li data-question=${question.id}>
        ${heading}
        <div class="feedback" tabindex="-1">
          ${renderVerdict(t, result.correct ? 'right' : 'wrong')} ${renderKeyedOptions(t, { ...question, ...result }, chosen)}
          ${renderExplanation(t, result)}
        </div>
      </li>`;
    }
    return html`<li data-question=${question.id}>
      ${heading}
      <fieldset aria-labelledby=${`${headingId} ${headingId}-text`} aria-describedby=${error ? `${headingId}-error` : nothing}>
        ${question.options.map(
          (option, i) => html`<label class="choice" part="option">
            <input
              type="radio"
              name=${`p-${question.id}`}
              value=${option.id}
              .checked=${chosen === option.id}
              @change=${() => (this.chosen = { ...this.chosen, [question.id]: option.id })}
            />
            <span><span class="letter">${letter(i)}</span> ${option.text}</span>
          </label>`,
        )}
      </fieldset>
      ${error ? html`<p class="error" id=${`${headingId}-error`} role="alert">${error}</p>` : nothing}
      <button class="btn primary" part="button" type="button" ?disabled=${this.checking === question.id} @click=${() => this.check(question.id)}>
        ${t.practiceCheck}
      </button>
    </li>`;
  }

  override render() {
    const t = this.t;
    const set = this.set;
    const answered = Object.values(this.checked);
    const right = answered.filter((c) => c.correct).length;
    const done = set !== null && answered.length === set.questions.length;
    return html`<section class="root" aria-labelledby="practice-heading">
      <h2 id="practice-heading" tabindex="-1">${t.practiceHeading}</h2>
      <p class="notice"><strong>${t.practiceNeverCounts}</strong></p>
      ${this.problem
        ? this.renderProblem(this.problem)
        : !set
          ? html`<p role="status">${t.practiceLoading}</p>`
          : html`<p class="count" role="status">${done ? t.practiceDone(right, set.questions.length) : t.practiceCount(right, answered.length, set.questions.length)}</p>
              <ol class="questions">
                ${set.questions.map((_, i) => this.renderQuestion(set, i))}
              </ol>
              <div class="actions">
                <button class="btn" part="button" type="button" @click=${() => this.newSet(true)}>${t.practiceAnotherSet}</button>
              </div>`}
    </section>`;
  }
}

const TAG = 'de-an-06-practice';
customElements.get(TAG) || customElements.define(TAG, DeAn06Practice);

declare global {
  interface HTMLElementTagNameMap {
    'de-an-06-practice': DeAn06Practice;
  }
}
