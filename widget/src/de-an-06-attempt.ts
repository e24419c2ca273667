import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { ApiError, type Answers, type ApiClient, type Attempt, type SubmitResult } from './api-client.js';
import { AutosaveController, type SaveState } from './controllers/autosave-controller.js';
import { CountdownController } from './controllers/countdown-controller.js';
import { RetryController } from './controllers/retry-controller.js';
import { formatClock, renderPlainText } from './format.js';
import { sharedStyles } from './styles.js';
import { stringsFor } from './strings.js';
import './strings-attempt.js';

/** For the quiz's start of a new attempt: loaded with this chunk, not with the first screen. */
export { sourceName } from './source-name.js';

const URGENT_MS = 60_000;
const WARNINGS_MS = [5 * 60_000, URGENT_MS];

/**
 * One attempt: a question per screen, the prediction question, review and submission. Part of
 * `<de-an-06-quiz>`; the deadline and the time left come from the server.
 *
 * @fires submitted - the attempt is submitted; detail `{result, timeUp}`
 * @csspart timer - the countdown
 * @csspart progress - the progress bar
 * @csspart question - the current question
 * @csspart option - each answer option
 * @csspart question-map - the list of question buttons
 * @csspart button - the buttons
 * @csspart banner - the offline banner
 * @tagname de-an-06-attempt
 */
export class DeAn06Attempt extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      .bar {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 0.5em 1em;
        margin-bottom: 0.5em;
      }
      .step {
        font-weight: 700;
      }
      .timer {
        display: inline-flex;
        align-items: center;
        gap: 0.4em;
        padding: 0.3em 0.8em;
        border-radius: 999px;
        border: 2px solid var(--de-an-06-border, #d0d7de);
        font-variant-numeric: tabular-nums;
        font-weight: 700;
      }
      .timer.urgent {
        background: var(--de-an-06-danger, #b91c1c);
        border-color: var(--de-an-06-danger, #b91c1c);
        color: #ffffff;
      }
      progress {
        display: block;
        width: 100%;
        height: 10px;
        margin: 0 0 1em;
        accent-color: var(--de-an-06-primary, #a3111b);
      }
      .question-text {
        font-size: 1.1em;
        margin-bottom: 0.75em;
      }
      .options {
        display: grid;
        gap: 0.6em;
        margin: 0 0 0.75em;
      }
      .option {
        display: flex;
        align-items: flex-start;
        gap: 0.75em;
        min-height: 44px;
        padding: 0.7em 0.9em;
        border: 2px solid var(--de-an-06-border, #d0d7de);
        border-radius: var(--de-an-06-radius, 8px);
        background: var(--de-an-06-surface, #ffffff);
        cursor: pointer;
      }
      .option:has(input:checked) {
        border-color: var(--de-an-06-primary, #a3111b);
        background: var(--de-an-06-selected-bg, #fdf1f1);
      }
      .option:has(input:focus-visible) {
        outline: 3px solid var(--de-an-06-focus, #1d4ed8);
        outline-offset: 2px;
      }
      .option input {
        width: 22px;
        height: 22px;
        margin: 0.1em 0 0;
        flex: none;
        accent-color: var(--de-an-06-primary, #a3111b);
      }
      .option .letter {
        font-weight: 700;
      }
      .save {
        min-height: 1.5em;
        font-size: 0.95em;
      }
      .save.saved {
        color: var(--de-an-06-success, #166534);
      }
      .nav {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        gap: 0.75em;
        margin: 1em 0;
      }
      .map ol {
        list-style: none;
        padding: 0;
        margin: 0.5em 0 0;
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(44px, 1fr));
        gap: 0.4em;
      }
      .map .btn {
        width: 100%;
        padding: 0.25em;
        font-variant-numeric: tabular-nums;
      }
      .map .btn.answered {
        background: var(--de-an-06-primary, #a3111b);
        color: var(--de-an-06-on-primary, #ffffff);
      }
      .map .btn[aria-current='step'] {
        outline: 3px solid var(--de-an-06-text, #1f2328);
        outline-offset: 2px;
      }
      .map h4 {
        margin: 0;
      }
      .prediction input {
        display: block;
        width: 100%;
        max-width: 16em;
        min-height: 44px;
        padding: 0.5em 0.6em;
        font: inherit;
        border: 1px solid var(--de-an-06-input-border, #6b7280);
        border-radius: 6px;
      }
      .error {
        color: var(--de-an-06-danger, #b91c1c);
        font-weight: 600;
      }
      .unanswered {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4em;
        list-style: none;
        padding: 0;
      }
    `,
  ];

  // Declared here rather than with decorators, whose helpers would cost every page view (decision 0013);
  // `attribute: false` is implied by `state`, spelled out for the custom-elements manifest.
  static override properties = {
    index: { state: true, attribute: false },
    answers: { state: true, attribute: false },
    prediction: { state: true, attribute: false },
    predictionError: { state: true, attribute: false },
    submitting: { state: true, attribute: false },
    submitError: { state: true, attribute: false },
    timeUp: { state: true, attribute: false },
    announcement: { state: true, attribute: false },
    client: { attribute: false },
    attempt: { attribute: false },
    predictionQuestion: {},
    storageKey: {},
    lang: {},
  };

  private readonly countdown = new CountdownController(this);
  private autosave!: AutosaveController;
  private readonly submitRetry = new RetryController(this);
  /** The last submission was refused because the server is overloaded; it is sent again after the wait. */
  private submitBusy = false;
  private warned = new Set<number>();
  private focusOnUpdate = false;

  private index = 0;
  private answers: Answers = {};
  private prediction = '';
  private predictionError = '';
  private submitting = false;
  private submitError = '';
  private timeUp = false;
  private announcement = '';

  /** API client shared with the quiz element. */
  client!: ApiClient;
  /** The attempt as the server returned it (with its deadline and the server's `now`). */
  attempt!: Attempt;
  /** Text of the prediction (tie-break) question. */
  predictionQuestion = '';
  /** localStorage key under which unsaved answers are kept. */
  storageKey = '';
  /** Interface language, `vi` or `en`. */
  override lang = 'vi';

  override connectedCallback(): void {
    this.autosave ??= new AutosaveController(this, {
      save: (answers) => this.client.saveAnswers(this.attempt.id, answers),
      storageKey: this.storageKey || undefined,
    });
    this.autosave.onClosed = () => this.handleTimeUp();
    this.countdown.onExpire = () => this.handleTimeUp();
    super.connectedCallback();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('attempt') && this.attempt) {
      this.answers = this.autosave.restore(this.attempt.answers ?? {});
      if (typeof this.attempt.prediction === 'number') this.prediction = String(this.attempt.prediction);
      this.index = Math.max(0, this.attempt.questions.findIndex((q) => !this.answers[q.id]));
      this.countdown.start(this.attempt.deadline, this.attempt.now);
    }
    this.checkWarnings();
  }

  override updated(): void {
    if (this.focusOnUpdate) {
      this.focusOnUpdate = false;
      this.renderRoot.querySelector<HTMLElement>('#step-heading')?.focus();
    }
  }

  private checkWarnings() {
    if (!this.countdown.running || this.timeUp) return;
    const left = this.countdown.remainingMs;
    const t = stringsFor(this.lang);
    for (const threshold of WARNINGS_MS) {
      if (left <= threshold && left > 0 && !this.warned.has(threshold)) {
        WARNINGS_MS.filter((w) => w >= threshold).forEach((w) => this.warned.add(w));
        this.announcement = threshold === URGENT_MS ? t.timeUrgent : t.timeWarning(Math.round(threshold / 60_000));
      }
    }
  }

  private goTo(index: number) {
    this.index = index;
    this.focusOnUpdate = true;
  }

  private choose(questionId: string, optionId: string) {
    if (this.timeUp) return;
    this.answers = { ...this.answers, [questionId]: optionId };
    this.autosave.enqueue(questionId, optionId);
  }

  private parsedPrediction(): number | null {
    const text = this.prediction.trim();
    return /^\d{1,12}$/.test(text) ? Number(text) : null;
  }

  private toReview() {
    if (this.parsedPrediction() === null) {
      this.predictionError = stringsFor(this.lang).predictionInvalid;
      this.renderRoot.querySelector<HTMLInputElement>('#prediction')?.focus();
      return;
    }
    this.predictionError = '';
    this.goTo(this.attempt.questions.length + 1);
  }

  private handleTimeUp() {
    if (this.timeUp) return;
    this.timeUp = true;
    this.countdown.stop();
    this.announcement = stringsFor(this.lang).timeUp;
    // only what the server saved before the deadline counts: send nothing more
    void this.submit({});
  }

  private async submit(answers: Answers = { ...this.answers }) {
    if (this.submitting) return;
    if (!this.submitRetry.failures) this.submitError = '';
    this.submitRetry.cancel();
    this.submitting = true;
    let result: SubmitResult | undefined;
    try {
      result = await this.client.submit(this.attempt.id, answers, this.parsedPrediction());
    } catch (error) {
      const t = stringsFor(this.lang);
      this.submitBusy = error instanceof ApiError && error.busy;
      if (error instanceof ApiError && !error.transient) {
        this.submitRetry.cancel(true);
        this.submitError = error.message;
        if (error.fields?.prediction) {
          this.predictionError = error.fields.prediction;
          if (!this.timeUp) this.goTo(this.attempt.questions.length);
        }
      } else {
        // Sent again with the same answers: a repeated submit answers the same result (SPEC §3).
        this.submitError = this.submitBusy ? t.submitBusyNow : t.submitFailed;
        this.submitRetry.later(error, () => void this.submit(answers));
      }
    } finally {
      this.submitting = false;
    }
    if (!result) return;
    this.submitRetry.cancel(true);
    this.submitError = '';
    this.submitBusy = false;
    this.autosave.clear();
    this.countdown.stop();
    // The result screen's "Giấy chứng nhận" and "Chia sẻ" come in a chunk of their own (decision 0037).
    import('./de-an-06-certificate.js').catch(() => undefined);
    this.dispatchEvent(new CustomEvent('submitted', { detail: { result, timeUp: this.timeUp } }));
  }

  /** What the contestant reads about the submission: while waiting to send it again, for how long. */
  private submitNotice(): string {
    const t = stringsFor(this.lang);
    return this.submitBusy && this.submitRetry.waiting ? t.submitBusy(this.submitRetry.secondsLeft) : this.submitError;
  }

  private saveLabel(state: SaveState | undefined) {
    const t = stringsFor(this.lang);
    if (state === 'saved') return html`<span class="save saved">✓ ${t.saveSaved}</span>`;
    if (state === 'saving') return html`<span class="save">⟳ ${t.saveSaving}</span>`;
    if (state === 'unsaved') {
      const retryIn = this.autosave.retryAt === null ? 0 : Math.ceil((this.autosave.retryAt - performance.now()) / 1000);
      return html`<span class="save">○ ${retryIn > 0 ? t.saveRetrying(retryIn) : t.saveUnsaved}</span>`;
    }
    return nothing;
  }

  private renderTimer() {
    const t = stringsFor(this.lang);
    const left = this.countdown.remainingMs;
    const urgent = left <= URGENT_MS;
    return html`<div class="timer ${urgent ? 'urgent' : ''}" part="timer" role="timer" aria-label=${t.timeLeft}>
      ${urgent ? html`<span aria-hidden="true">!</span>` : nothing}
      <span class="visually-hidden">${t.timeLeft}:</span>
      <span>${formatClock(left)}</span>
      ${urgent ? html`<span class="visually-hidden">${t.timeUrgent}</span>` : nothing}
    </div>`;
  }

  private renderQuestion() {
    const t = stringsFor(this.lang);
    const questions = this.attempt.questions;
    const question = questions[this.index];
    const last = this.index === questions.length - 1;
    return html`<section part="question" aria-labelledby="step-heading">
      <h3 id="step-heading" tabindex="-1">${t.questionOf(this.index + 1, questions.length)}</h3>
      <div class="question-text" id="question-text">${renderPlainText(question.text)}</div>
      <div class="options" role="radiogroup" aria-labelledby="step-heading question-text">
        ${question.options.map(
          (option, i) => html`<label class="option" part="option">
            <input
              type="radio"
              name=${`q-${question.id}`}
              value=${option.id}
              .checked=${this.answers[question.id] === option.id}
              ?disabled=${this.timeUp}
              @change=${() => this.choose(question.id, option.id)}
            />
            <span><span class="letter">${String.fromCharCode(65 + i)}.</span> ${option.text}</span>
          </label>`,
        )}
      </div>
      <p class="save" aria-live="polite">
        ${this.answers[question.id] ? this.saveLabel(this.autosave.states.get(question.id)) : html`<span class="muted">${t.notAnswered}</span>`}
      </p>
      <div class="nav">
        <button class="btn" part="button" type="button" ?disabled=${this.index === 0} @click=${() => this.goTo(this.index - 1)}>
          ← ${t.previous}
        </button>
        <button class="btn primary" part="button" type="button" @click=${() => this.goTo(this.index + 1)}>
          ${last ? t.toPrediction : t.next} →
        </button>
      </div>
    </section>`;
  }

  private renderPrediction() {
    const t = stringsFor(this.lang);
    return html`<section class="prediction" part="question" aria-labelledby="step-heading">
      <h3 id="step-heading" tabindex="-1">${t.predictionHeading}</h3>
      <div id="prediction-text">${renderPlainText(this.predictionQuestion)}</div>
      <p id="prediction-rule">${t.predictionRule}</p>
      <label for="prediction"><strong>${t.predictionLabel}</strong></label>
      <input
        id="prediction"
        type="text"
        inputmode="numeric"
        autocomplete="off"
        part="input"
        .value=${this.prediction}
        aria-invalid=${this.predictionError ? 'true' : 'false'}
        aria-describedby="prediction-text prediction-rule ${this.predictionError ? 'prediction-error' : ''}"
        @input=${(e: Event) => (this.prediction = (e.target as HTMLInputElement).value)}
        @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && this.toReview()}
      />
      <p class="error" id="prediction-error" role="alert">${this.predictionError}</p>
      <div class="nav">
        <button class="btn" part="button" type="button" @click=${() => this.goTo(this.attempt.questions.length - 1)}>← ${t.previous}</button>
        <button class="btn primary" part="button" type="button" @click=${this.toReview}>${t.toReview} →</button>
      </div>
    </section>`;
  }

  private renderReview() {
    const t = stringsFor(this.lang);
    const questions = this.attempt.questions;
    const unanswered = questions.map((q, i) => ({ q, i })).filter(({ q }) => !this.answers[q.id]);
    const unsaved = this.autosave.unsavedCount;
    return html`<section aria-labelledby="step-heading">
      <h3 id="step-heading" tabindex="-1">${t.reviewHeading}</h3>
      ${unanswered.length
        ? html`<p class="notice">${t.reviewUnanswered(unanswered.length)}</p>
            <ul class="unanswered">
              ${unanswered.map(
                ({ i }) => html`<li>
                  <button class="btn" part="button" type="button" @click=${() => this.goTo(i)}>${t.questionOf(i + 1, questions.length)}</button>
                </li>`,
              )}
            </ul>`
        : html`<p>✓ ${t.reviewAllAnswered(questions.length)}</p>`}
      ${this.parsedPrediction() === null ? html`<p class="notice">${t.reviewPredictionMissing}</p>` : nothing}
      ${unsaved ? html`<p class="muted">${t.reviewUnsaved(unsaved)}</p>` : nothing}
      <div class="nav">
        <button class="btn" part="button" type="button" @click=${() => this.goTo(unanswered[0]?.i ?? questions.length)}>← ${t.keepGoing}</button>
        <button class="btn primary" part="button" type="button" ?disabled=${this.submitting} @click=${() => this.submit()}>
          ${this.submitting ? t.submitting : t.confirmSubmit}
        </button>
      </div>
    </section>`;
  }

  private renderMap() {
    const t = stringsFor(this.lang);
    const questions = this.attempt.questions;
    return html`<nav class="map" part="question-map" aria-labelledby="map-heading">
      <h4 id="map-heading">${t.questionMap}</h4>
      <ol>
        ${questions.map((q, i) => {
          const answered = Boolean(this.answers[q.id]);
          return html`<li>
            <button
              class="btn ${answered ? 'answered' : ''}"
              part="button"
              type="button"
              aria-label=${t.mapItem(i + 1, answered)}
              aria-current=${i === this.index ? 'step' : 'false'}
              @click=${() => this.goTo(i)}
            >
              ${i + 1}${answered ? html`<span aria-hidden="true">✓</span>` : nothing}
            </button>
          </li>`;
        })}
      </ol>
    </nav>`;
  }

  override render() {
    if (!this.attempt) return nothing;
    const t = stringsFor(this.lang);
    const total = this.attempt.questions.length;
    const answeredCount = this.attempt.questions.filter((q) => this.answers[q.id]).length;
    let body: TemplateResult;
    if (this.timeUp) {
      body = html`<section aria-labelledby="step-heading">
        <h3 id="step-heading" tabindex="-1">${t.attemptClosed}</h3>
        <p class="notice">${this.submitError ? t.timeUpPending : t.timeUp}</p>
      </section>`;
    } else if (this.index < total) body = this.renderQuestion();
    else if (this.index === total) body = this.renderPrediction();
    else body = this.renderReview();
    return html`<div class="root">
      <div role="status">
        ${this.autosave.offline
          ? html`<p class="alert" part="banner">⚠ ${t.offline}</p>`
          : this.autosave.busy
            ? html`<p class="alert" part="banner">${t.saveBusy}</p>`
            : nothing}
      </div>
      <div class="bar">
        <span class="step">${this.index < total ? t.questionOf(this.index + 1, total) : `${answeredCount}/${total}`}</span>
        ${this.timeUp ? nothing : this.renderTimer()}
      </div>
      <progress part="progress" max=${total} .value=${answeredCount} aria-label="${answeredCount}/${total}"></progress>
      <div class="visually-hidden" aria-live="assertive">${this.announcement}</div>
      ${this.submitError && !this.timeUp ? html`<p class="alert" role="alert">${this.submitNotice()}</p>` : nothing}
      ${body}
      ${this.timeUp ? nothing : this.renderMap()}
    </div>`;
  }
}

const TAG = 'de-an-06-attempt';
customElements.get(TAG) || customElements.define(TAG, DeAn06Attempt);

declare global {
  interface HTMLElementTagNameMap {
    'de-an-06-attempt': DeAn06Attempt;
  }
}
