import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import type { ApiClient, Contest, Me, Round } from './api-client.js';
import type { DeAn06Quiz } from './de-an-06-quiz.js';
import { CountdownController } from './controllers/countdown-controller.js';
import { formatCountdown, formatVietnamTime } from './format.js';
import { sharedStyles } from './styles.js';
import { stringsFor } from './strings.js';
import './strings-rounds.js';
import './de-an-06-board.js';

type RoundTable = 'leaderboard' | 'results';

/**
 * The rounds of a contest that has them (issue 18), on the contest page under its header: the round
 * now open ("Vòng 2/3 · …") with the time left in it, or between rounds the next one and when it
 * starts; then the rounds already over, each opening its leaderboard or its published prizes, with
 * the signed-in contestant's own standing in it. Part of `<de-an-06-quiz>`, which renders it only for
 * a contest with rounds and fetches its chunk then.
 *
 * @csspart countdown - the time left in the round, or until the next one
 * @csspart button - each button
 * @csspart table - leaderboard and winner tables
 * @tagname de-an-06-rounds
 */
export class DeAn06Rounds extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      .round {
        font-weight: 700;
        margin-bottom: 0.25em;
      }
      .countdown {
        font-weight: 700;
        font-variant-numeric: tabular-nums;
      }
      ul.past {
        list-style: none;
        padding-inline-start: 0;
      }
      ul.past > li {
        padding: 0.75em 0;
        border-bottom: 1px solid var(--de-an-06-border, #d0d7de);
        overflow-wrap: anywhere;
      }
      ul.past .actions {
        margin: 0.5em 0 0;
      }
    `,
  ];

  // Declared here rather than with decorators, whose helpers would cost every page view (decision 0013).
  static override properties = {
    opened: { state: true, attribute: false },
    client: { attribute: false },
    contest: { attribute: false },
    me: { attribute: false },
    lang: {},
  };

  /** The past round whose table is open, and which table, or null. */
  private opened: { id: string; table: RoundTable } | null = null;
  private readonly countdown = new CountdownController(this);

  /** API client shared with the quiz element. */
  client!: ApiClient;
  /** What `GET /api/contests/:slug` answered, with its rounds. */
  contest!: Contest;
  /** What `GET /api/contests/:slug/me` answered, or null when nobody is signed in. */
  me: Me | null = null;
  /** Interface language, `vi` or `en`. */
  override lang = 'vi';

  private get t() {
    return stringsFor(this.lang);
  }

  /** The round open now, by the server's clock when the contest was fetched. */
  private get current(): Round | null {
    return this.contest.rounds.find((r) => r.id === this.contest.currentRoundId) ?? null;
  }

  /** The next round to open, when none is open. */
  private get next(): Round | null {
    return this.current ? null : (this.contest.rounds.find((r) => r.status === 'upcoming') ?? null);
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('contest') || !this.contest) return;
    const target = this.current?.endsAt ?? this.next?.startsAt;
    if (!target || this.contest.status === 'closed') {
      this.countdown.stop();
      return;
    }
    this.countdown.start(target, this.contest.now);
    // The round open ended or the next one started: the quiz fetches the contest again, and with it
    // whether a start is possible (a listener there would cost every page view; decision 0013).
    this.countdown.onExpire = () => void ((this.getRootNode() as ShadowRoot).host as DeAn06Quiz | undefined)?.reloadContest?.();
  }

  private name(round: Round) {
    return this.t.roundName(round.number, this.contest.rounds.length, round.title);
  }

  private renderCountdown(label: string) {
    if (!this.countdown.running) return nothing;
    return html`<p class="countdown" part="countdown">${label}: <span>${formatCountdown(this.countdown.remainingMs, this.t)}</span></p>`;
  }

  /** The round open now, the next one, or that all are over; nothing once the contest is closed. */
  private renderNow() {
    const t = this.t;
    const contest = this.contest;
    const current = this.current;
    const next = this.next;
    if (current) {
      const differs = current.questionsPerAttempt !== contest.questionsPerAttempt || current.maxAttempts !== contest.maxAttempts;
      return html`<p class="round">${this.name(current)}</p>
        <p class="muted">${t.roundWindow(formatVietnamTime(current.startsAt, this.lang), formatVietnamTime(current.endsAt, this.lang))}</p>
        ${differs ? html`<p>${t.roundRules(current.questionsPerAttempt, current.maxAttempts)}</p>` : nothing}`;
    }
    if (contest.status === 'closed') return nothing;
    if (next) {
      return html`<p class="round">${this.name(next)}</p>
        <p class="notice">
          ${t.roundStartsAt(next.number, contest.rounds.length, formatVietnamTime(next.startsAt, this.lang))}
          ${contest.status === 'open' ? t.roundWait : nothing}
        </p>`;
    }
    return html`<p class="notice">${t.roundsOver}</p>`;
  }

  /** The signed-in contestant's own result in `round`, from `me.rounds`. */
  private renderStanding(round: Round) {
    const t = this.t;
    const mine = this.me?.rounds?.find((r) => r.roundId === round.id);
    if (!mine) return nothing;
    const text =
      mine.attempts === 0
        ? t.roundNotTaken
        : typeof mine.bestScore === 'number'
          ? t.roundStanding(mine.bestScore, mine.total, mine.rank)
          : t.roundAttemptsOnly(mine.attempts);
    return html`<p>${text}</p>`;
  }

  private toggle(id: string, table: RoundTable) {
    const same = this.opened?.id === id && this.opened.table === table;
    this.opened = same ? null : { id, table };
  }

  private renderPast(past: Round[]) {
    const t = this.t;
    const slug = this.contest.slug;
    return html`<section aria-labelledby="past-rounds">
      <h3 id="past-rounds">${t.pastRoundsHeading}</h3>
      <ul class="past">
        ${past.map((round) => {
          const open = this.opened?.id === round.id ? this.opened.table : null;
          const tableId = `round-table-${round.id}`;
          const toggle = (table: RoundTable, label: string) =>
            html`<button
              class="btn"
              part="button"
              type="button"
              aria-expanded=${open === table ? 'true' : 'false'}
              aria-controls=${tableId}
              @click=${() => this.toggle(round.id, table)}
            >
              ${label}
            </button>`;
          return html`<li>
            <h4>${this.name(round)}</h4>
            <p class="muted">${t.roundWindow(formatVietnamTime(round.startsAt, this.lang), formatVietnamTime(round.endsAt, this.lang))}</p>
            ${this.renderStanding(round)}
            <div class="actions">
              ${toggle('leaderboard', t.roundLeaderboard)} ${round.resultsPublishedAt ? toggle('results', t.roundResults) : nothing}
            </div>
            <div id=${tableId}>
              ${open
                ? html`<de-an-06-board exportparts="table" .client=${this.client} contest=${slug} round=${round.id} view=${open} level="5" lang=${this.lang}></de-an-06-board>`
                : nothing}
            </div>
          </li>`;
        })}
      </ul>
    </section>`;
  }

  override render() {
    if (!this.contest?.rounds.length) return nothing;
    const current = this.current;
    const past = this.contest.rounds.filter((r) => r.status === 'closed');
    return html`<div class="root">
      <div aria-live="polite">${this.renderNow()}</div>
      ${this.renderCountdown(current ? this.t.roundClosesIn : this.t.roundOpensIn)}
      ${current && this.me?.rounds?.some((r) => r.roundId === current.id && r.attempts > 0) ? this.renderStanding(current) : nothing}
      ${past.length ? this.renderPast(past) : nothing}
    </div>`;
  }
}

const TAG = 'de-an-06-rounds';
customElements.get(TAG) || customElements.define(TAG, DeAn06Rounds);

declare global {
  interface HTMLElementTagNameMap {
    'de-an-06-rounds': DeAn06Rounds;
  }
}
