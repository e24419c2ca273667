import { LitElement, css, html, nothing } from 'lit';
import { ApiError, type ApiClient, type Leaderboard, type Results, type UnitStats } from './api-client.js';
import { formatDurationTenths, formatRate, separatingDecimals } from '../../api/src/domain/deciding-figures.js';
import { formatNumber, formatVietnamTime } from './format.js';
import { roundLeaderboard, roundResults } from './api-rounds.js';
import { sharedStyles } from './styles.js';
import { stringsFor } from './strings.js';
import './strings-board.js';

export type BoardView = 'leaderboard' | 'units' | 'results';

/**
 * Public tables: the leaderboard, participation by unit, or the published winners — of the contest,
 * or of one of its rounds (`round`). Part of `<de-an-06-quiz>`.
 *
 * @csspart table - each table
 * @tagname de-an-06-board
 */
export class DeAn06Board extends LitElement {
  /**
   * How long the leaderboard and the units table wait before fetching again (decision 0034). The
   * server answers an unchanged table with 304 to the browser's own If-None-Match.
   */
  static refreshMs = 60_000;

  static override styles = [
    sharedStyles,
    css`
      table {
        width: 100%;
        border-collapse: collapse;
        font-size: 0.95em;
      }
      th,
      td {
        text-align: start;
        padding: 0.5em;
        border-bottom: 1px solid var(--de-an-06-border, #d0d7de);
        vertical-align: top;
      }
      th {
        background: var(--de-an-06-surface-alt, #f6f6f4);
      }
      td.num,
      th.num {
        text-align: end;
        font-variant-numeric: tabular-nums;
      }
      .table-wrap {
        overflow-x: auto;
      }
      tr.me td {
        font-weight: 700;
        background: var(--de-an-06-selected-bg, #fdf1f1);
      }
      .filter {
        display: block;
        width: 100%;
        max-width: 24em;
        min-height: 44px;
        padding: 0.5em 0.6em;
        font: inherit;
        margin: 0 0 0.75em;
        border: 1px solid var(--de-an-06-input-border, #6b7280);
        border-radius: 6px;
      }
      h2[aria-level],
      h3[aria-level] {
        font-size: 1.05em;
      }
      .child td:first-child {
        padding-inline-start: 1.5em;
      }
    `,
  ];

  // Declared here rather than with decorators, whose helpers would cost every page view (decision 0013);
  // `attribute: false` is implied by `state`, spelled out for the custom-elements manifest.
  static override properties = {
    leaderboard: { state: true, attribute: false },
    unitStats: { state: true, attribute: false },
    results: { state: true, attribute: false },
    notPublished: { state: true, attribute: false },
    error: { state: true, attribute: false },
    filter: { state: true, attribute: false },
    client: { attribute: false },
    contest: {},
    round: {},
    level: { type: Number },
    view: {},
    limit: { type: Number },
    lang: {},
  };

  private leaderboard: Leaderboard | null = null;
  private unitStats: UnitStats[] | null = null;
  private results: Results | null = null;
  private notPublished = false;
  private error = '';
  private filter = '';

  /** API client shared with the quiz element. */
  client!: ApiClient;
  /** Contest slug. */
  contest = '';
  /** Id of one round of the contest: its leaderboard or results rather than the contest's (no units table). */
  round = '';
  /** Level of the table's heading, 2 by default; its subheadings are one level below. */
  level = 2;
  /** Which table: `leaderboard`, `units` or `results`. */
  view: BoardView = 'leaderboard';
  /** Rows of the leaderboard. */
  limit = 20;
  /** Interface language, `vi` or `en`. */
  override lang = 'vi';

  private refreshTimer?: ReturnType<typeof setTimeout>;
  /** The refresh came due while the tab was in the background: it happens when the tab is shown. */
  private refreshDue = false;
  private readonly onVisibility = () => {
    if (this.refreshDue && document.visibilityState === 'visible') void this.load(true);
  };

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.onVisibility);
    clearTimeout(this.refreshTimer);
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('view') || changed.has('contest') || changed.has('round') || changed.has('client')) void this.load();
  }

  /**
   * Fetches the current view's data again. The leaderboard and the units table then fetch again by
   * themselves at most once every `refreshMs`, never while the tab is hidden; a `quiet` refresh
   * that fails keeps the table shown.
   */
  async load(quiet = false): Promise<void> {
    clearTimeout(this.refreshTimer);
    this.refreshDue = false;
    if (!this.client || !this.contest) return;
    if (!quiet) this.error = '';
    if (this.view !== 'results' && this.isConnected) {
      this.refreshTimer = setTimeout(() => {
        this.refreshDue = true;
        this.onVisibility();
      }, DeAn06Board.refreshMs);
    }
    try {
      if (this.view === 'units') this.unitStats = await this.client.request<UnitStats[]>('GET', `/contests/${this.contest}/units/stats`);
      else if (this.view === 'results') {
        // Contest info says whether there is anything to fetch: asking /results first would answer
        // 404 before publication, which browsers log as an error on the host's page.
        const info = await this.client.contest(this.contest);
        const published = this.round ? info.rounds.find((r) => r.id === this.round)?.resultsPublishedAt : info.resultsPublishedAt;
        this.notPublished = !published;
        this.results = !published
          ? null
          : this.round
            ? await roundResults(this.client, this.contest, this.round)
            : await this.client.request<Results>('GET', `/contests/${this.contest}/results`);
      } else {
        this.leaderboard = this.round ? await roundLeaderboard(this.client, this.contest, this.round, this.limit) : await this.client.leaderboard(this.contest, this.limit);
      }
    } catch (error) {
      if (error instanceof ApiError && (error.code === 'NOT_PUBLISHED' || (this.view === 'results' && error.status === 404))) {
        this.notPublished = true;
      } else if (!quiet) {
        this.error = error instanceof ApiError && error.code !== 'NETWORK' ? error.message : stringsFor(this.lang).networkError;
      }
    }
  }

  private renderLeaderboard() {
    const t = stringsFor(this.lang);
    const board = this.leaderboard;
    if (!board) return html`<p role="status">${t.loading}</p>`;
    if (board.scoreShownAt) {
      return html`${this.heading(t.leaderboardHeading)}
        <p>${t.boardAfterClose(formatVietnamTime(board.scoreShownAt, this.lang))}</p>`;
    }
    return html`${this.heading(t.leaderboardHeading)}
      ${board.provisional ? html`<p class="muted">${t.provisional}</p>` : nothing}
      ${board.entries.length
        ? html`<div class="table-wrap">
            <table part="table">
              <thead>
                <tr>
                  <th scope="col" class="num">${t.rank}</th>
                  <th scope="col">${t.name}</th>
                  <th scope="col">${t.unitColumn}</th>
                  <th scope="col" class="num">${t.score}</th>
                  <th scope="col" class="num">${t.duration}</th>
                </tr>
              </thead>
              <tbody>
                ${board.entries.map((entry) => {
                  // The server marks the caller's own row from their token: two people may share a name.
                  const me = entry.you === true;
                  return html`<tr class=${me ? 'me' : ''}>
                    <td class="num">${entry.rank}</td>
                    <td>${entry.name} ${me ? html`<strong>${t.you}</strong>` : nothing}</td>
                    <td>${entry.unit}</td>
                    <td class="num">${entry.score}/${entry.total}</td>
                    <td class="num">${formatDurationTenths(entry.durationMs, this.lang)}</td>
                  </tr>`;
                })}
              </tbody>
            </table>
          </div>`
        : html`<p>${t.emptyLeaderboard}</p>`}`;
  }

  private renderUnits() {
    const t = stringsFor(this.lang);
    const stats = this.unitStats;
    if (!stats) return html`<p role="status">${t.loading}</p>`;
    const filter = this.filter.trim().toLocaleLowerCase('vi');
    const byParent = new Map<string | null, UnitStats[]>();
    const ids = new Set(stats.map((s) => s.unitId));
    for (const row of stats) {
      const parent = row.parentId && ids.has(row.parentId) ? row.parentId : null;
      byParent.set(parent, [...(byParent.get(parent) ?? []), row]);
    }
    const rows: { row: UnitStats; depth: number }[] = [];
    const walk = (parent: string | null, depth: number) => {
      for (const row of byParent.get(parent) ?? []) {
        rows.push({ row, depth });
        walk(row.unitId, depth + 1);
      }
    };
    walk(null, 0);
    const shown = rows.filter(({ row }) => !filter || row.name.toLocaleLowerCase('vi').includes(filter));
    const hasRate = stats.some((s) => typeof s.rate === 'number');
    return html`<h2 tabindex="-1">${t.unitsHeading}</h2>
      <label class="visually-hidden" for="filter">${t.unitSearchTable}</label>
      <input id="filter" class="filter" type="search" placeholder=${t.unitSearchTable} .value=${this.filter}
        @input=${(e: Event) => (this.filter = (e.target as HTMLInputElement).value)} />
      ${shown.length
        ? html`<div class="table-wrap">
            <table part="table">
              <thead>
                <tr>
                  <th scope="col">${t.unitColumn}</th>
                  <th scope="col" class="num">${t.participants}</th>
                  <th scope="col" class="num">${t.attempts}</th>
                  ${hasRate ? html`<th scope="col" class="num">${t.rate}</th>` : nothing}
                </tr>
              </thead>
              <tbody>
                ${shown.map(
                  ({ row, depth }) => html`<tr class=${depth ? 'child' : ''}>
                    <td>${depth ? html`<span aria-hidden="true">└ </span>` : nothing}${row.name}</td>
                    <td class="num">${formatNumber(row.participants, this.lang)}</td>
                    <td class="num">${formatNumber(row.attempts, this.lang)}</td>
                    ${hasRate ? html`<td class="num">${typeof row.rate === 'number' ? formatRate(row.rate, this.lang) : '–'}</td>` : nothing}
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : html`<p>${t.emptyUnits}</p>`}`;
  }

  private renderResults() {
    const t = stringsFor(this.lang);
    const heading = this.heading(this.round ? t.roundResultsHeading : t.resultsHeading);
    if (this.notPublished) return html`${heading}<p class="notice">${t.notPublished}</p>`;
    const results = this.results;
    if (!results) return html`<p role="status">${t.loading}</p>`;
    const sub = this.level === 2 ? nothing : this.level + 1;
    return html`${heading}
      <p class="muted">${t.publishedAt(formatVietnamTime(results.publishedAt, this.lang))}</p>
      ${results.outdated ? html`<p class="notice">${t.resultsOutdated}</p>` : nothing}
      ${typeof results.actual === 'number' ? html`<p>${t.actualFigure(results.actual)}</p>` : nothing}
      ${this.round && !results.individual.length
        ? nothing
        : html`<h3 aria-level=${sub}>${t.individualWinners}</h3>
          <div class="table-wrap">
            <table part="table">
              <thead>
                <tr>
                  <th scope="col">${t.prize}</th>
                  <th scope="col">${t.name}</th>
                  <th scope="col" class="num">${t.birthYear}</th>
                  <th scope="col">${t.unitColumn}</th>
                  <th scope="col" class="num">${t.score}</th>
                  <th scope="col" class="num">${t.duration}</th>
                  <th scope="col" class="num">${t.prediction}</th>
                </tr>
              </thead>
              <tbody>
                ${results.individual.map(
                  (w) => html`<tr>
                    <td>${w.prize}</td>
                    <td>${w.name}</td>
                    <td class="num">${w.birthYear}</td>
                    <td>${w.unit}</td>
                    <td class="num">${w.score}</td>
                    <td class="num">${formatDurationTenths(w.durationMs, this.lang)}</td>
                    <td class="num">${w.prediction === null ? '–' : formatNumber(w.prediction, this.lang)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`}
      ${this.round && !results.collective.length
        ? nothing
        : html`<h3 aria-level=${sub}>${t.collectiveWinners}</h3>
          <div class="table-wrap">
            <table part="table">
              <thead>
                <tr>
                  <th scope="col">${t.prize}</th>
                  <th scope="col">${t.unitColumn}</th>
                  <th scope="col" class="num">${t.participants}</th>
                  <th scope="col" class="num">${t.rate}</th>
                  <th scope="col" class="num">${t.averageScore}</th>
                </tr>
              </thead>
              <tbody>
                ${results.collective.map(
                  (c, _, all) => html`<tr>
                    <td>${c.prize}</td>
                    <td>${c.unit}</td>
                    <td class="num">${formatNumber(c.participants, this.lang)}</td>
                    <td class="num">${typeof c.rate === 'number' ? formatRate(c.rate, this.lang, separatingDecimals(all.map((u) => u.rate ?? 0))) : '–'}</td>
                    <td class="num">${formatNumber(Math.round(c.averageScore * 100) / 100, this.lang)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`}`;
  }

  /** The table's heading, at `level` (an h2, whose level the accessibility tree reads from aria-level). */
  private heading(text: string) {
    return html`<h2 tabindex="-1" aria-level=${this.level === 2 ? nothing : this.level}>${text}</h2>`;
  }

  override render() {
    const body = this.error
      ? html`<p class="alert" role="alert">${this.error}</p>
          <button class="btn" type="button" @click=${() => this.load()}>${stringsFor(this.lang).retry}</button>`
      : this.view === 'units'
        ? this.renderUnits()
        : this.view === 'results'
          ? this.renderResults()
          : this.renderLeaderboard();
    return html`<div class="root">${body}</div>`;
  }
}

const TAG = 'de-an-06-board';
customElements.get(TAG) || customElements.define(TAG, DeAn06Board);

declare global {
  interface HTMLElementTagNameMap {
    'de-an-06-board': DeAn06Board;
  }
}
