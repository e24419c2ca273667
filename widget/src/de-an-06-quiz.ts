import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { ApiClient, ApiError, type Attempt, type Contest, type Me, type Session, type Solution, type SubmitResult } from './api-client.js';
import { CountdownController } from './controllers/countdown-controller.js';
import { formatCountdown, formatDuration, formatMoney, formatNumber, formatVietnamTime, renderPlainText } from './format.js';
import { sharedStyles } from './styles.js';
import { loadStrings, stringsFor, type Strings } from './strings.js';
import { chunkLoaded, loadChunk, prefetchChunk, type LaterChunk } from './later-chunks.js';
import type { BoardView } from './de-an-06-board.js';

type Screen = 'loading' | 'error' | 'info' | 'register' | 'signin' | 'attempt' | 'result' | 'leaderboard' | 'myData' | 'answers' | 'practice';

/** The chunk of later code each screen needs. */
const CHUNK_OF: Partial<Record<Screen, LaterChunk>> = {
  register: 'registration',
  signin: 'registration',
  attempt: 'attempt',
  result: 'board',
  leaderboard: 'board',
  myData: 'myData',
  answers: 'answers',
  practice: 'practice',
};

interface Stored {
  token?: string;
  attemptId?: string;
}

interface Outcome {
  result: SubmitResult;
  timeUp: boolean;
  rank: number | null;
}

/** `score` and `total` are null while the contest shows scores only after its close. */
export interface SubmittedDetail {
  score: number | null;
  total: number | null;
}

/**
 * The contest on a host page: information, registration, timed attempts, results and leaderboards.
 *
 * @fires de-an-06-quiz:registered - a contestant registered; detail `{contestantId}`
 * @fires de-an-06-quiz:started - an attempt started or resumed; detail `{attemptId}`
 * @fires de-an-06-quiz:submitted - an attempt was submitted; detail `{score, total}` (null while scores wait for the close)
 *
 * @cssproperty --de-an-06-primary - brand colour of buttons, links and highlights (default #a3111b)
 * @cssproperty --de-an-06-on-primary - text on the brand colour (default #ffffff)
 * @cssproperty --de-an-06-font - font family
 * @cssproperty --de-an-06-font-size - base font size (default 16px)
 * @cssproperty --de-an-06-text - text colour (default #1f2328)
 * @cssproperty --de-an-06-heading - heading colour (default: the text colour)
 * @cssproperty --de-an-06-muted - secondary text colour (default #4b5563)
 * @cssproperty --de-an-06-surface - background of cards and inputs (default #ffffff)
 * @cssproperty --de-an-06-surface-alt - background of notices and table headers (default #f6f6f4)
 * @cssproperty --de-an-06-border - border colour of cards and tables (default #d0d7de)
 * @cssproperty --de-an-06-input-border - border colour of inputs (default #6b7280)
 * @cssproperty --de-an-06-radius - corner radius (default 8px)
 * @cssproperty --de-an-06-focus - focus ring colour (default #1d4ed8)
 * @cssproperty --de-an-06-danger - errors and the urgent timer (default #b91c1c)
 * @cssproperty --de-an-06-success - the "saved" mark (default #166534)
 * @cssproperty --de-an-06-selected-bg - background of the chosen option and of your row (default #fdf1f1)
 *
 * @csspart container - the outer box
 * @csspart header - contest title, status and dates
 * @csspart status - the status badge
 * @csspart countdown - the countdown to opening or closing
 * @csspart button - every button
 * @csspart input - every text input and select
 * @csspart form - the registration and sign-in forms
 * @csspart timer - the countdown during an attempt
 * @csspart progress - the progress bar during an attempt
 * @csspart question - the current question
 * @csspart option - each answer option
 * @csspart question-map - the question list during an attempt
 * @csspart banner - the offline banner
 * @csspart result - the result card
 * @csspart table - leaderboard, unit and winner tables
 * @tagname de-an-06-quiz
 */
export class DeAn06Quiz extends LitElement {
  /** API origin used when the `api` attribute is absent; set by the loader to the script's origin. */
  static defaultApi = '';

  static override styles = [
    sharedStyles,
    css`
      .container {
        max-width: var(--de-an-06-max-width, 760px);
        margin: 0 auto;
        background: var(--de-an-06-surface, #ffffff);
        border: 1px solid var(--de-an-06-border, #d0d7de);
        border-top: 6px solid var(--de-an-06-primary, #a3111b);
        border-radius: var(--de-an-06-radius, 8px);
        padding: clamp(0.75em, 3vw, 1.5em);
      }
      .badge {
        display: inline-block;
        padding: 0.15em 0.7em;
        border-radius: 999px;
        font-weight: 700;
        font-size: 0.9em;
        border: 2px solid currentColor;
        margin-bottom: 0.5em;
      }
      .badge.open {
        color: var(--de-an-06-success, #166534);
      }
      .badge.upcoming {
        color: var(--de-an-06-focus, #1d4ed8);
      }
      .badge.closed {
        color: var(--de-an-06-muted, #4b5563);
      }
      .countdown {
        font-size: 1.1em;
        font-weight: 700;
        font-variant-numeric: tabular-nums;
      }
      .counters {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75em;
        margin: 1em 0;
      }
      .counter {
        flex: 1 1 8em;
        background: var(--de-an-06-surface-alt, #f6f6f4);
        border-radius: var(--de-an-06-radius, 8px);
        padding: 0.6em 0.9em;
      }
      .counter strong {
        display: block;
        font-size: 1.6em;
        color: var(--de-an-06-primary, #a3111b);
      }
      .score {
        font-size: 1.6em;
        font-weight: 800;
        color: var(--de-an-06-primary, #a3111b);
      }
      dl.facts {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.4em 1em;
        margin: 0 0 1em;
      }
      dl.facts dt {
        font-weight: 600;
      }
      dl.facts dd {
        margin: 0;
      }
      .user {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 0.5em;
      }
      section + section {
        margin-top: 1.25em;
      }
    `,
  ];

  // Declared here rather than with decorators, whose helpers would cost every page view (decision 0013);
  // `attribute: false` is implied by `state`, spelled out for the custom-elements manifest.
  static override properties = {
    screen: { state: true, attribute: false },
    data: { state: true, attribute: false },
    me: { state: true, attribute: false },
    attempt: { state: true, attribute: false },
    outcome: { state: true, attribute: false },
    message: { state: true, attribute: false },
    starting: { state: true, attribute: false },
    verifying: { state: true, attribute: false },
    textLang: { state: true, attribute: false },
    contest: { reflect: true },
    api: {},
    source: {},
    view: { reflect: true },
    lang: { reflect: true },
  };

  private readonly countdown = new CountdownController(this);
  /**
   * When a start the server turned away as overloaded is tried again (performance.now() time), or 0
   * (decision 0031). The contest countdown re-renders every second, so the wait shown counts down.
   */
  private startRetryAt = 0;
  private startRetryTimer?: ReturnType<typeof setTimeout>;
  private client = new ApiClient('');
  private focusOnUpdate = false;
  private loadedFor = '';
  /** Settles once the texts of `lang` are loaded (or could not be: Vietnamese stays). */
  private texts: Promise<void> = Promise.resolve();
  /** What the retry button of the error screen does again. */
  private retry: () => void = () => void this.load();

  private screen: Screen = 'loading';
  private data: Contest | null = null;
  private me: Me | null = null;
  private attempt: Attempt | null = null;
  private outcome: Outcome | null = null;
  private message = '';
  private starting = false;
  private verifying = false;
  /** The language whose texts are loaded and shown; follows `lang` once its table is fetched. */
  private textLang = 'vi';

  /** Slug of the contest, e.g. `de-an-06-thai-binh`. */
  contest = '';
  /** Origin of the contest API; defaults to the origin the script was loaded from. */
  api = '';
  /** Host name of the host site recorded with registrations and attempts (e.g. `baothaibinh.com.vn`); defaults to the page's hostname. */
  source = '';
  /**
   * What to show: `contest` (the whole journey), `leaderboard`, `units`, `results`, `answers` (the
   * answers with explanations and sources, once the contest has closed) or `practice` (practice sets
   * that never count, when the contest offers them).
   */
  view: 'contest' | BoardView | 'answers' | 'practice' = 'contest';
  /** Interface language: `vi` (default) or `en`. */
  override lang = 'vi';

  private get apiBase(): string {
    const base = this.api || DeAn06Quiz.defaultApi || location.origin;
    return base.replace(/\/+$/, '').replace(/\/api$/, '');
  }

  private get storageKey(): string {
    return `de-an-06-quiz:${this.apiBase}:${this.contest}`;
  }

  private get t(): Strings {
    return stringsFor(this.textLang);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.startRetryTimer);
    this.startRetryAt = 0;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('lang')) this.texts = this.loadTexts();
    const key = `${this.apiBase}|${this.contest}|${this.view}`;
    if ((changed.has('contest') || changed.has('api') || changed.has('view')) && this.contest && key !== this.loadedFor) {
      this.loadedFor = key;
      void this.load();
    }
  }

  override updated(): void {
    this.prefetchNext();
    if (!this.focusOnUpdate) return;
    this.focusOnUpdate = false;
    const own = this.renderRoot.querySelector<HTMLElement>('h2[tabindex="-1"]');
    if (own) {
      own.focus();
      return;
    }
    // the view of the screen: registration, attempt, board, my data, answers, practice
    const child = this.renderRoot.querySelector('[exportparts]');
    if (child) {
      void (child as LitElement).updateComplete.then(() => {
        child.shadowRoot?.querySelector<HTMLElement>('h2[tabindex="-1"], h3[tabindex="-1"]')?.focus();
      });
    }
  }

  private readStored(): Stored {
    try {
      return JSON.parse(localStorage.getItem(this.storageKey) ?? '{}') as Stored;
    } catch {
      return {};
    }
  }

  private writeStored(patch: Stored): void {
    try {
      const next = { ...this.readStored(), ...patch };
      for (const key of Object.keys(next) as (keyof Stored)[]) if (next[key] === undefined) delete next[key];
      localStorage.setItem(this.storageKey, JSON.stringify(next));
    } catch {
      // storage unavailable (private mode, blocked): the session lasts as long as the page
    }
  }

  /**
   * Shows a screen, fetching its view's chunk first if need be. Should the network fail, the error
   * screen says so and its retry button tries the same screen again.
   */
  private show(screen: Screen, focus = true) {
    const chunk = CHUNK_OF[screen];
    if (chunk && !chunkLoaded(chunk)) {
      this.screen = 'loading';
      loadChunk(chunk).then(
        () => this.show(screen, focus),
        () => this.fail(this.t.networkError, () => this.show(screen, focus)),
      );
      return;
    }
    this.screen = screen;
    this.focusOnUpdate = focus;
  }

  private fail(message: string, retry: () => void) {
    this.message = message;
    this.retry = retry;
    this.show('error');
  }

  /** Once a screen is up, what the contestant most likely needs next is fetched in the background. */
  private prefetchNext() {
    if (this.screen === 'info' && this.me) {
      prefetchChunk('proofOfWork');
      prefetchChunk('attempt');
    }
    if (this.screen === 'attempt' || (this.screen === 'info' && this.data?.status === 'closed')) prefetchChunk('board');
    if (this.screen === 'result' || (this.screen === 'info' && this.me && this.data?.status === 'closed')) prefetchChunk('review');
    if (this.data?.rounds.length) prefetchChunk('rounds');
  }

  private async loadTexts() {
    const lang = this.lang === 'en' ? 'en' : 'vi';
    try {
      await loadStrings(lang);
      // a later change of `lang` wins over a slow fetch
      if (this.lang === lang || lang === 'vi') this.textLang = lang;
    } catch {
      // the English table did not arrive: the widget stays in Vietnamese
    }
  }

  private emit<K extends keyof DeAn06QuizEventMap>(name: K, detail: DeAn06QuizEventMap[K]['detail']) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  private async load() {
    this.client = new ApiClient(this.apiBase);
    this.message = '';
    if (this.view !== 'contest') return this.show(this.view === 'answers' || this.view === 'practice' ? this.view : 'leaderboard', false);
    this.screen = 'loading';
    try {
      this.data = await this.client.contest(this.contest);
      await this.texts;
    } catch (error) {
      const network = error instanceof ApiError && error.code === 'NETWORK';
      // A page the contest does not allow fails exactly as a lost connection: ask which (decision 0034).
      const refused = network && (await loadChunk('refusal').then((m) => m.refusedOrigin(this.client, this.contest)).catch(() => null));
      await this.texts;
      this.fail(refused ? this.t.notAllowed(refused) : network || !(error instanceof ApiError) ? this.t.loadFailed : error.message, () => void this.load());
      return;
    }
    this.startContestCountdown();
    const stored = this.readStored();
    if (stored.token) {
      this.client.token = stored.token;
      await this.refreshMe();
      const attemptId = this.me?.inProgress ?? stored.attemptId;
      if (this.me && attemptId && (await this.resume(attemptId))) return;
    }
    this.show('info', false);
  }

  private startContestCountdown() {
    const contest = this.data;
    if (!contest || contest.status === 'closed') return this.countdown.stop();
    this.countdown.start(contest.status === 'upcoming' ? contest.startsAt : contest.endsAt, contest.now);
    this.countdown.onExpire = () => void this.reloadContest();
  }

  /**
   * Fetches the contest's state again. Also called by the rounds' view (de-an-06-rounds.ts) when a
   * round ends or the next one opens: what may be started changes with it.
   * @internal
   */
  async reloadContest() {
    try {
      this.data = await this.client.contest(this.contest);
      this.startContestCountdown();
    } catch {
      // keep what is shown; the next action will retry
    }
  }

  private async refreshMe() {
    try {
      this.me = await this.client.me(this.contest);
    } catch (error) {
      this.me = null;
      if (error instanceof ApiError && error.status === 401) {
        this.client.token = null;
        this.writeStored({ token: undefined, attemptId: undefined });
      }
    }
  }

  /** Picks up an attempt after a reload: the same questions, answers and deadline, from the server. */
  private async resume(attemptId: string): Promise<boolean> {
    try {
      const attempt = await this.client.attempt(attemptId);
      if (attempt.status === 'inProgress') {
        this.attempt = attempt;
        this.writeStored({ attemptId: attempt.id });
        this.show('attempt', false);
        this.emit('de-an-06-quiz:started', { attemptId: attempt.id });
        return true;
      }
      this.writeStored({ attemptId: undefined });
      if (attempt.status === 'submitted' && (typeof attempt.score === 'number' || attempt.received)) {
        // finalised while the contestant was away (e.g. the deadline passed)
        await this.finish(
          {
            id: attempt.id,
            status: 'submitted',
            score: attempt.score,
            total: attempt.total,
            durationMs: attempt.durationMs,
            submittedAt: attempt.submittedAt ?? '',
            received: attempt.received,
            scoreShownAt: attempt.scoreShownAt,
          },
          Boolean(attempt.autoSubmitted),
          false,
        );
        return true;
      }
    } catch {
      // an attempt that cannot be fetched is not resumed; the contest page offers to start again
    }
    return false;
  }

  private handleSession(event: CustomEvent<{ session: Session; registered: boolean }>) {
    const { session, registered } = event.detail;
    this.client.token = session.token;
    this.writeStored({ token: session.token });
    if (registered) this.emit('de-an-06-quiz:registered', { contestantId: session.contestant.id });
    void this.refreshMe().then(() => this.show('info'));
  }

  private async start() {
    this.starting = true;
    this.message = '';
    try {
      let attempt: Attempt;
      // The server takes host names only: an attribute that is not one gives way to the page's own
      // (the rule comes with the attempt's chunk, needed next anyway).
      const source = (await loadChunk('attempt')).sourceName(this.source);
      try {
        // Resuming needs no proof of work; a new attempt does.
        attempt = await this.client.startAttempt(this.contest, source, this.me?.inProgress ? undefined : await this.solve());
      } catch (error) {
        // A refused solution (expired, already used, or the attempt ended meanwhile): a fresh one, once.
        if (!(error instanceof ApiError && error.fields.challenge)) throw error;
        attempt = await this.client.startAttempt(this.contest, source, await this.solve());
      }
      this.attempt = attempt;
      this.outcome = null;
      this.writeStored({ attemptId: attempt.id });
      this.emit('de-an-06-quiz:started', { attemptId: attempt.id });
      this.show('attempt');
    } catch (error) {
      if (error instanceof ApiError && error.busy) {
        // Too many people at once: wait as long as the server asks, then try again by itself.
        // As long as Retry-After asks (the server always sends it with 503 and 429), up to half again at random.
        const delay = (error.retryAfterSeconds ?? 5) * (1000 + Math.random() * 500);
        this.startRetryAt = performance.now() + delay;
        this.startRetryTimer = setTimeout(() => {
          this.startRetryAt = 0;
          void this.start();
        }, delay);
        return;
      }
      this.message = error instanceof ApiError && error.code !== 'NETWORK' ? error.message : this.t.networkError;
      if (error instanceof ApiError && error.status === 401) this.signOut();
      else await this.refreshMe();
    } finally {
      this.starting = false;
    }
  }

  /** Fetches and solves the server's challenge, saying so while it works; nothing when the server asks none. */
  private async solve(): Promise<Solution | undefined> {
    this.verifying = true;
    try {
      const challenge = await this.client.challenge(this.contest);
      if (!challenge.required) return;
      const { solveChallenge } = await loadChunk('proofOfWork').catch(() => {
        throw new ApiError(0, 'NETWORK', 'network');
      });
      const solution = await solveChallenge(challenge).catch(() => null);
      if (!solution) throw new ApiError(400, 'CHALLENGE', this.t.verifyFailed);
      return solution;
    } finally {
      this.verifying = false;
    }
  }

  private handleSubmitted(event: CustomEvent<{ result: SubmitResult; timeUp: boolean }>) {
    void this.finish(event.detail.result, event.detail.timeUp, true);
  }

  private async finish(result: SubmitResult, timeUp: boolean, announce: boolean) {
    this.writeStored({ attemptId: undefined });
    this.attempt = null;
    this.outcome = { result, timeUp, rank: result.rank ?? null };
    // While scores wait for the close the host learns what the contestant does: received, no score.
    if (announce) this.emit('de-an-06-quiz:submitted', { score: result.score ?? null, total: result.total ?? null });
    this.show('result');
    await this.refreshMe();
    void this.reloadContest();
    if (result.score === undefined) return;
    // `me.rank` is the caller's own rank, found by their token (never by matching a name).
    const rank = result.rank ?? this.me?.rank ?? null;
    if (this.outcome) this.outcome = { ...this.outcome, rank };
  }

  /**
   * "Đăng xuất": ends the session on the server too, best effort — the token is forgotten here at
   * once, whether or not the server is reachable (it expires some days after the contest anyway).
   */
  private signOutByChoice() {
    const token = this.client.token;
    if (token) void this.client.endSession(this.contest, token).catch(() => {});
    this.signOut();
  }

  /** The registration is gone and its sessions with it: forget the token, say so on the contest page. */
  private handleErased() {
    this.signOut();
    this.message = this.t.erased;
    void this.reloadContest();
  }

  private signOut() {
    this.client.token = null;
    this.me = null;
    this.writeStored({ token: undefined, attemptId: undefined });
    this.show('info');
  }

  private renderCountdown() {
    const contest = this.data!;
    if (contest.status === 'closed' || !this.countdown.running) return nothing;
    const t = this.t;
    return html`<p class="countdown" part="countdown">
      ${contest.status === 'upcoming' ? t.opensIn : t.closesIn}: <span>${formatCountdown(this.countdown.remainingMs, t)}</span>
    </p>`;
  }

  private renderAccount() {
    const contest = this.data!;
    const t = this.t;
    const me = this.me;
    if (!me) {
      // The form's code is fetched when a person reaches for these buttons, not for every reader of
      // the host page: a phone pays for those bytes (decision 0013).
      const reach = { handleEvent: () => prefetchChunk('registration'), passive: true };
      return html`<div class="actions" @pointerover=${reach} @focusin=${reach} @touchstart=${reach}>
        ${contest.status === 'closed' ? nothing : html`<button class="btn primary" part="button" type="button" @click=${() => this.show('register')}>${t.register}</button>`}
        <button class="btn" part="button" type="button" @click=${() => this.show('signin')}>${t.signIn}</button>
      </div>`;
    }
    // Between two rounds nobody starts a new attempt (the rounds' view says when the next one opens);
    // one still running may be resumed.
    const canStart =
      contest.status === 'open' &&
      (me.inProgress || ((contest.currentRoundId || !contest.rounds.length) && (me.remainingAttempts === null || me.remainingAttempts > 0)));
    return html`<section class="card" aria-labelledby="hello">
      <div class="user">
        <h3 id="hello">${t.hello(me.contestant.fullName)}</h3>
        <button class="btn" part="button" type="button" @click=${() => this.show('myData')}>${t.myData}</button>
        <button class="btn" part="button" type="button" @click=${this.signOutByChoice}>${t.signOut}</button>
      </div>
      ${contest.status === 'closed' ? nothing : html`<p>${me.remainingAttempts === 0 && !me.inProgress ? t.noAttemptsLeft : t.attemptsLeft(me.remainingAttempts)}</p>`}
      ${me.best && typeof me.best.score === 'number'
        ? html`<p>${t.bestResult}: <strong>${me.best.score}/${me.best.total}</strong> · ${formatDuration(me.best.durationMs ?? 0, this.textLang)}</p>`
        : nothing}
      ${contest.status === 'closed' ? html`<de-an-06-my-attempts exportparts="button" .client=${this.client} .me=${me} lang=${this.textLang}></de-an-06-my-attempts>` : nothing}
      ${canStart
        ? html`<div class="actions">
            <button class="btn primary" part="button" type="button" ?disabled=${this.starting || this.startRetryAt > 0} @click=${this.start}>
              ${me.inProgress ? t.resume : t.start}
            </button>
          </div>`
        : nothing}
      ${this.renderVerifying()}
    </section>`;
  }

  private renderVerifying() {
    const t = this.t;
    return html`<div role="status">
      ${this.verifying
        ? html`<p class="muted">${t.verifying}</p>`
        : this.startRetryAt
          ? html`<p class="notice">${t.busyWaiting(Math.max(1, Math.ceil((this.startRetryAt - performance.now()) / 1000)))}</p>`
          : nothing}
    </div>`;
  }

  private renderInfo() {
    const contest = this.data!;
    const t = this.t;
    const statusText = { upcoming: t.statusUpcoming, open: t.statusOpen, closed: t.statusClosed }[contest.status];
    const icon = { upcoming: '◷', open: '●', closed: '■' }[contest.status];
    const practice = (contest.status === 'closed' ? contest.practice && contest.practice !== 'off' : contest.status === 'open' && contest.practice === 'always')
      ? html`<button class="btn" part="button" type="button" @click=${() => this.show('practice')}>${t.practice}</button>`
      : nothing;
    const prizeList = (prizes: Contest['prizes']['individual']) =>
      html`<ul>
        ${prizes.map((p) => html`<li>${t.prizeRow(p.name, p.count, formatMoney(p.valueVnd, this.textLang))}</li>`)}
      </ul>`;
    return html`<header part="header">
        <span class="badge ${contest.status}" part="status"><span aria-hidden="true">${icon}</span> ${statusText}</span>
        <h2 tabindex="-1">${contest.title}</h2>
        <p class="muted">${t.window(formatVietnamTime(contest.startsAt, this.textLang), formatVietnamTime(contest.endsAt, this.textLang))}</p>
        ${this.renderCountdown()}
      </header>
      ${contest.rounds.length
        ? html`<de-an-06-rounds exportparts="countdown,button,table" .client=${this.client} .contest=${contest} .me=${this.me} lang=${this.textLang}></de-an-06-rounds>`
        : nothing}
      ${contest.status === 'closed' ? html`<p class="notice">${t.closedNotice}</p>` : nothing}
      <div role="alert">${this.message ? html`<p class="alert">${this.message}</p>` : nothing}</div>
      ${this.renderAccount()}
      <div class="counters">
        <p class="counter"><strong>${formatNumber(contest.stats.participants, this.textLang)}</strong> ${t.statsParticipants}</p>
        <p class="counter"><strong>${formatNumber(contest.stats.attempts, this.textLang)}</strong> ${t.statsAttempts}</p>
      </div>
      <section>${renderPlainText(contest.description)}</section>
      <section aria-labelledby="rules">
        <h3 id="rules">${t.rulesHeading}</h3>
        <ul>
          <li>${t.ruleQuestions(contest.questionsPerAttempt)}</li>
          <li>${t.ruleTime(Math.round(contest.timeLimitSeconds / 60))}</li>
          <li>${t.ruleAttempts(contest.maxAttempts)}</li>
          <li>${t.rulePrediction}</li>
          ${contest.revealScore === 'afterClose' ? html`<li>${t.ruleScoreAfterClose}</li>` : nothing}
        </ul>
      </section>
      ${contest.prizes.individual.length || contest.prizes.collective.length
        ? html`<section aria-labelledby="prizes">
            <h3 id="prizes">${t.prizesHeading}</h3>
            ${contest.prizes.individual.length ? html`<h4>${t.prizesIndividual}</h4>${prizeList(contest.prizes.individual)}` : nothing}
            ${contest.prizes.collective.length ? html`<h4>${t.prizesCollective}</h4>${prizeList(contest.prizes.collective)}` : nothing}
          </section>`
        : nothing}
      ${contest.documents.length
        ? html`<section aria-labelledby="documents">
            <h3 id="documents">${t.documentsHeading}</h3>
            <ul>
              ${contest.documents.map((d) => html`<li><a href=${d.url} target="_blank" rel="noopener">${d.title}</a></li>`)}
            </ul>
          </section>`
        : nothing}
      ${contest.status === 'closed'
        ? // After the close the ranking, then the winners once published, are part of the contest view.
          html`<div class="actions">${practice}</div>
            ${this.renderBoard(contest.resultsPublishedAt ? 'results' : 'leaderboard')}`
        : html`<div class="actions">
            <button class="btn" part="button" type="button" @click=${() => this.show('leaderboard')}>${t.viewLeaderboard}</button>${practice}
          </div>`}`;
  }

  private renderBoard(view: BoardView) {
    return html`<de-an-06-board exportparts="table" .client=${this.client} contest=${this.contest} view=${view} lang=${this.textLang}></de-an-06-board>`;
  }

  private renderResult() {
    const outcome = this.outcome!;
    const t = this.t;
    const { result } = outcome;
    const me = this.me;
    const open = this.data?.status === 'open';
    const canRetry = open && me && (me.remainingAttempts === null || me.remainingAttempts > 0);
    const provisional = this.data?.status !== 'closed';
    const shownAt = result.score === undefined ? result.scoreShownAt ?? this.data?.endsAt ?? '' : null;
    return html`<section class="card" part="result" aria-labelledby="result-heading">
        <h2 id="result-heading" tabindex="-1">${t.resultHeading}</h2>
        ${outcome.timeUp ? html`<p class="notice" role="status">${t.timeUp}</p>` : nothing}
        ${shownAt !== null
          ? html`<p class="score">${t.resultReceived}</p>
              <p>${t.scoreAfterClose(formatVietnamTime(shownAt, this.textLang))}</p>`
          : html`<p class="score">${t.resultScore(result.score!, result.total ?? 0)}</p>
              <dl class="facts">
                <dt>${t.resultTime}</dt>
                <dd>${formatDuration(result.durationMs ?? 0, this.textLang)}</dd>
                ${outcome.rank
                  ? html`<dt>${provisional ? t.resultRank : t.resultRankFinal}</dt>
                      <dd>${outcome.rank}</dd>`
                  : nothing}
              </dl>`}
        ${me ? html`<p>${me.remainingAttempts === 0 ? t.noAttemptsLeft : t.attemptsLeft(me.remainingAttempts)}</p>` : nothing}
        <div class="actions">
          ${canRetry ? html`<button class="btn primary" part="button" type="button" ?disabled=${this.starting || this.startRetryAt > 0} @click=${this.start}>${t.tryAgain}</button>` : nothing}
          <button class="btn" part="button" type="button" @click=${() => this.show('info')}>${t.backToContest}</button>
        </div>
        <de-an-06-review exportparts="button" .client=${this.client} attempt=${result.id} lang=${this.textLang}></de-an-06-review>
        <de-an-06-certificate lang=${this.textLang}></de-an-06-certificate>
        ${this.renderVerifying()}
        <div role="alert">${this.message ? html`<p class="alert">${this.message}</p>` : nothing}</div>
      </section>
      ${this.renderBoard('leaderboard')}`;
  }

  private renderScreen() {
    const t = this.t;
    const back =
      this.view === 'contest'
        ? html`<div class="actions">
            <button class="btn" part="button" type="button" @click=${() => this.show('info')}>${t.backToContest}</button>
          </div>`
        : nothing;
    switch (this.screen) {
      case 'loading':
        return html`<p class="reserve" role="status">${t.loading}</p>`;
      case 'error':
        return html`<p class="alert" role="alert">${this.message}</p>
          <button class="btn" part="button" type="button" @click=${this.retry}>${t.retry}</button>`;
      case 'register':
      case 'signin':
        return html`<de-an-06-registration
          exportparts="form, input, button"
          .client=${this.client}
          .contest=${this.data!}
          mode=${this.screen}
          source=${this.source}
          lang=${this.textLang}
          @session=${this.handleSession}
          @cancel=${() => this.show('info')}
        ></de-an-06-registration>`;
      case 'attempt':
        return html`<de-an-06-attempt
          exportparts="timer, progress, question, option, question-map, button, banner, input"
          .client=${this.client}
          .attempt=${this.attempt!}
          predictionQuestion=${this.data?.predictionQuestion ?? ''}
          storageKey=${`${this.storageKey}:pending:${this.attempt!.id}`}
          lang=${this.textLang}
          @submitted=${this.handleSubmitted}
        ></de-an-06-attempt>`;
      case 'result':
        return this.renderResult();
      case 'myData':
        return html`<de-an-06-my-data
          exportparts="button, input"
          .client=${this.client}
          contest=${this.contest}
          lang=${this.textLang}
          @erased=${this.handleErased}
          @cancel=${() => this.show('info')}
        ></de-an-06-my-data>`;
      case 'answers':
        return html`<de-an-06-answers exportparts="button, input" .client=${this.client} contest=${this.contest} lang=${this.textLang}></de-an-06-answers>${back}`;
      case 'practice':
        return html`<de-an-06-practice exportparts="button, option" .client=${this.client} contest=${this.contest} lang=${this.textLang}></de-an-06-practice>${back}`;
      case 'leaderboard':
        return html`${this.renderBoard(this.view === 'contest' ? 'leaderboard' : (this.view as BoardView))}${back}`;
      default:
        return this.renderInfo();
    }
  }

  override render() {
    return html`<div class="root" lang=${this.textLang}>
      <div class="container" part="container">${this.renderScreen()}</div>
    </div>`;
  }
}

const TAG = 'de-an-06-quiz';
customElements.get(TAG) || customElements.define(TAG, DeAn06Quiz);

export interface DeAn06QuizEventMap {
  'de-an-06-quiz:registered': CustomEvent<{ contestantId: string | number }>;
  'de-an-06-quiz:started': CustomEvent<{ attemptId: string }>;
  'de-an-06-quiz:submitted': CustomEvent<SubmittedDetail>;
}

declare global {
  interface HTMLElementTagNameMap {
    'de-an-06-quiz': DeAn06Quiz;
  }
  interface GlobalEventHandlersEventMap extends DeAn06QuizEventMap {}
}
