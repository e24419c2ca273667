import { LitElement, html, nothing } from 'lit';
import { ApiError, type ApiClient } from './api-client.js';
import { renderPlainText } from './format.js';
import { fold, learningStyles, renderExplanation, renderKeyedOptions, unavailableText } from './learning-parts.js';
import { sharedStyles } from './styles.js';
import { stringsFor } from './strings.js';
import type { PublicAnswers } from '../../api/src/contract/learning.js';

/** Names of the topics of the bundled Đề án 06 bank; a contest's own topics show as written. */
const TOPIC_NAMES: Record<string, string> = {
  'de-an-06': 'Đề án 06',
  'can-cuoc': 'Căn cước',
  'dinh-danh-dien-tu': 'Định danh điện tử',
  vneid: 'VNeID',
  'dich-vu-cong': 'Dịch vụ công',
  'du-lieu-dan-cu': 'Dữ liệu dân cư',
};

export const topicName = (topic: string) => TOPIC_NAMES[topic] ?? topic;

/**
 * `view="answers"` (decision 0039): after the close, every question the contest drew, its options
 * with the right one marked in words and an icon, the explanation, the source and the share of
 * answers that were right; a search box filters by topic and text, without regard to diacritics.
 * Before the close (or when the contest never reveals answers) a calm note says when they come.
 * Part of `<de-an-06-quiz>`, in a chunk of its own.
 *
 * @csspart button - each button
 * @csspart input - the search box
 * @tagname de-an-06-answers
 */
export class DeAn06Answers extends LitElement {
  static override styles = [sharedStyles, learningStyles];

  // Declared here rather than with decorators, whose helpers would cost every page view (decision 0013).
  static override properties = {
    data: { state: true, attribute: false },
    problem: { state: true, attribute: false },
    query: { state: true, attribute: false },
    client: { attribute: false },
    contest: {},
    lang: {},
  };

  private data: PublicAnswers | null = null;
  /** '' while loading or loaded; else what went wrong: not yet available, or the network. */
  private problem: '' | 'notAvailable' | 'network' | string = '';
  private query = '';
  /** The server's reason when the answers are not available (before the close, or never published). */
  private reason = '';
  /** Each question's searchable text, folded once. */
  private haystacks = new Map<string, string>();

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
    void this.load();
  }

  async load(): Promise<void> {
    await this.updateComplete;
    if (!this.client || !this.contest) return;
    this.problem = '';
    try {
      const data = await this.client.request<PublicAnswers>('GET', `/contests/${this.contest}/answers`);
      this.haystacks = new Map(
        data.questions.map((q) => [q.id, fold([q.topic, topicName(q.topic), q.text, ...q.options.map((o) => o.text)].join(' '))]),
      );
      this.data = data;
    } catch (error) {
      this.reason = error instanceof ApiError ? error.message : '';
      this.problem =
        error instanceof ApiError && error.status === 404 && error.code !== 'NOT_FOUND'
          ? 'notAvailable'
          : error instanceof ApiError && error.code !== 'NETWORK' && !error.transient
            ? error.message
            : 'network';
    }
  }

  private percent(share: number): string {
    return new Intl.NumberFormat(this.lang === 'en' ? 'en' : 'vi', { style: 'percent', maximumFractionDigits: 0 }).format(share);
  }

  private renderBody() {
    const t = this.t;
    if (this.problem === 'notAvailable') return html`<p class="notice">${unavailableText(this.lang, this.reason, t.answersNotAvailable)}</p>`;
    if (this.problem === 'network') {
      return html`<p class="alert" role="alert">${t.networkError}</p>
        <button class="btn" part="button" type="button" @click=${this.load}>${t.retry}</button>`;
    }
    if (this.problem) return html`<p class="alert" role="alert">${this.problem}</p>`;
    const data = this.data;
    if (!data) return html`<p role="status">${t.loading}</p>`;
    const words = fold(this.query).split(/\s+/).filter(Boolean);
    const shown = data.questions.filter((q) => words.every((w) => this.haystacks.get(q.id)!.includes(w)));
    return html`<label for="answers-search">${t.answersSearch}</label>
      <input
        id="answers-search"
        part="input"
        type="search"
        autocomplete="off"
        aria-describedby="answers-count"
        .value=${this.query}
        @input=${(e: Event) => (this.query = (e.target as HTMLInputElement).value)}
      />
      <p id="answers-count" class="muted" role="status">${shown.length ? t.answersShown(shown.length, data.questions.length) : data.questions.length ? t.answersNone : t.answersNoneDrawn}</p>
      <ol class="questions">
        ${shown.map(
          (q) => html`<li data-question=${q.id}>
            <h3>${t.questionN(data.questions.indexOf(q) + 1, data.questions.length)}</h3>
            <p class="meta muted">
              ${t.topic}: ${topicName(q.topic)} ·
              <strong>${q.rightShare === null ? t.noShare : t.rightShare(this.percent(q.rightShare))}</strong>
            </p>
            <div>${renderPlainText(q.text)}</div>
            ${renderKeyedOptions(t, q)} ${renderExplanation(t, q)}
          </li>`,
        )}
      </ol>`;
  }

  override render() {
    const t = this.t;
    return html`<section class="root" aria-labelledby="answers-heading">
      <h2 id="answers-heading" tabindex="-1">${t.answersHeading}${this.data ? html`: ${this.data.contest.title}` : nothing}</h2>
      ${this.renderBody()}
    </section>`;
  }
}

const TAG = 'de-an-06-answers';
customElements.get(TAG) || customElements.define(TAG, DeAn06Answers);

declare global {
  interface HTMLElementTagNameMap {
    'de-an-06-answers': DeAn06Answers;
  }
}
