import { css, html, nothing, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { AdminApi } from '../admin-api.js';
import { chartFigure, columnChart, dataTable, DEFAULT_CHART_WIDTH, horizontalBarChart, type ChartDatum } from '../charts.js';
import { errorMessage } from '../feedback.js';
import { formatNumber, formatRate, formatVietnamTime } from '../format.js';
import { PollingController } from '../polling-controller.js';
import { consoleStyles } from '../styles.js';
import { daysBetween, formatClockTime, formatDay } from '../vietnam-time.js';
import { ConsoleScreen } from '../console-screen.js';
import type { ContestStatsResponse } from '../../../api/src/routes/stats.js';
import type { DataRequestListView } from '../../../api/src/contract/admin.js';
import type { RoundStats } from '../../../api/src/contract/rounds.js';
import { ContestRoundsController, ROUND_STATUS_WORDS, roundPickerStyles, scopePath } from '../rounds.js';

/** `GET /api/admin/contests/:slug/stats`: the server's own type. */
export type { ContestStatsResponse };

type Totals = ContestStatsResponse['totals'];

/** The big figures, in the order organisers read them. */
const FIGURES: { key: keyof Totals; label: string }[] = [
  { key: 'registered', label: 'Người đã đăng ký' },
  { key: 'participants', label: 'Người tham gia' },
  { key: 'attempts', label: 'Lượt thi đã nộp' },
  { key: 'perfectAttempts', label: 'Lượt đạt điểm tuyệt đối' },
  { key: 'inProgress', label: 'Đang làm bài' },
  { key: 'voided', label: 'Lượt bị huỷ kết quả' },
];

/** Units shown in the chart before "Xem tất cả"; the table always lists every one. */
const UNITS_IN_CHART = 15;
const SOURCES_IN_CHART = 10;
const NO_SOURCE = '(không rõ trang)';

/**
 * The live participation dashboard: totals as big figures, charts by unit (participation rate
 * against headcount where declared), occupation, source site, day and score, each with its table.
 * It refreshes itself every `refreshSeconds` while the page is visible, and tells screen-reader
 * users about new participation at most once every `announceGapMs`, not at every refresh.
 * When the contest has rounds, a picker shows one round's own figures (`…/rounds/:id/stats`) instead.
 */
export class AdminDashboard extends ConsoleScreen {
  static override styles = [
    consoleStyles,
    roundPickerStyles,
    css`
      .figures {
        display: grid;
        grid-template-columns: repeat(2, 1fr);
        gap: var(--space-3);
        margin: 0;
      }
      /* Six figures read as one row on a laptop, two rows of three on a tablet. */
      @media (min-width: 560px) {
        .figures {
          grid-template-columns: repeat(3, 1fr);
        }
      }
      @media (min-width: 1100px) {
        .figures {
          grid-template-columns: repeat(6, 1fr);
        }
      }
      .figure {
        background: var(--c-surface);
        border: 1px solid var(--c-border);
        border-radius: var(--radius);
        padding: var(--space-3) var(--space-4);
        display: flex;
        flex-direction: column-reverse;
        justify-content: flex-end;
      }
      .figure dt {
        color: var(--c-muted);
        font-size: 0.95rem;
      }
      .figure dd {
        margin: 0;
        font-size: 2rem;
        font-weight: 700;
        font-variant-numeric: tabular-nums;
        line-height: 1.2;
      }
      .charts {
        display: grid;
        gap: var(--space-4);
      }
      .chart {
        display: block;
        max-width: 100%;
        margin: var(--space-2) 0;
      }
      summary {
        cursor: pointer;
        color: var(--c-accent);
        font-weight: 600;
        min-height: 44px;
        display: flex;
        align-items: center;
      }
      .status-line {
        display: flex;
        flex-wrap: wrap;
        gap: var(--space-3);
        align-items: center;
      }
    `,
  ];

  private readonly polling = new PollingController(
    this,
    () => this.load(),
    () => this.refreshSeconds * 1000,
  );
  /** The totals last announced to screen readers, and when. */
  private announced: { totals: Totals; at: number } | null = null;
  /** Charts are drawn at the width of their cards, measured here, so their text keeps its size. */
  private readonly resize = new ResizeObserver(([entry]) => {
    // A card's padding and border on both sides.
    const width = Math.max(260, Math.floor((entry?.contentRect.width ?? 0) - 2 * 16 - 2));
    if (Math.abs(width - this.chartWidth) > 4) this.chartWidth = width;
  });
  /** The contest's rounds and the one shown (null: the whole contest); a new pick loads at once. */
  private readonly rounds = new ContestRoundsController(this, () => {
    this.roundStats = null;
    this.error = '';
    void this.polling.refresh();
  });
  /** What the latest load asked for, so a first render does not ask twice. */
  private requested: { api: AdminApi; slug: string } | null = null;

  @query('.charts') private chartsBox!: HTMLElement | null;

  @state() private stats: ContestStatsResponse | null = null;
  /** The picked round's figures (`GET …/rounds/:id/stats`), when a round is picked. */
  @state() private roundStats: RoundStats | null = null;
  /** Contestants' data requests awaiting an answer (decision 0029), or null when not known. */
  @state() private requests: DataRequestListView['counts'] | null = null;
  @state() private updatedAt: Date | null = null;
  @state() private error = '';
  @state() private loading = false;
  @state() private allUnits = false;
  @state() private announcement = '';
  @state() private chartWidth = DEFAULT_CHART_WIDTH;

  /** Seconds between refreshes while the page is visible. */
  @property({ type: Number }) refreshSeconds = 15;
  /** Least time between two announcements of new participation to screen readers. */
  @property({ type: Number }) announceGapMs = 60_000;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize.disconnect();
  }

  protected override updated(): void {
    if (this.chartsBox) this.resize.observe(this.chartsBox);
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (!changed.has('slug') && !changed.has('api')) return;
    if (this.requested?.api === this.api && this.requested.slug === this.slug) return;
    // A new contest (or sign-in) starts from scratch: old figures must not pass for the new ones.
    if (changed.get('slug') !== undefined || changed.get('api') !== undefined) {
      this.stats = null;
      this.roundStats = null;
      this.requests = null;
      this.announced = null;
    }
    void this.polling.refresh();
  }

  private async load(): Promise<void> {
    if (!this.api || !this.slug) return;
    const slug = this.slug;
    this.requested = { api: this.api, slug };
    const round = this.rounds.selected;
    if (round !== null) return this.loadRound(slug, round);
    this.loading = true;
    try {
      const stats = await this.api.get<ContestStatsResponse>(`/contests/${encodeURIComponent(slug)}/stats`);
      if (slug !== this.slug || this.rounds.selected !== null) return;
      const hadError = this.error !== '';
      this.stats = stats;
      this.updatedAt = new Date();
      this.error = '';
      this.announceChanges(stats.totals, hadError);
      void this.loadRequests(slug);
    } catch (error) {
      if (slug !== this.slug) return;
      if (!this.error && this.stats) this.announcement = 'Không cập nhật được số liệu; đang thử lại.';
      this.error = errorMessage(error);
    } finally {
      this.loading = false;
    }
  }

  /** One round's figures, refreshed as the contest's are; a pick changed meanwhile drops the answer. */
  private async loadRound(slug: string, round: string): Promise<void> {
    const current = () => slug === this.slug && round === this.rounds.selected;
    this.loading = true;
    try {
      const stats = await this.api.get<RoundStats>(`${scopePath(slug, round)}/stats`);
      if (!current()) return;
      this.roundStats = stats;
      this.updatedAt = new Date();
      this.error = '';
    } catch (error) {
      if (current()) this.error = errorMessage(error);
    } finally {
      this.loading = false;
    }
  }

  /** The data-request counts are a reminder: when they cannot be read, the figures still show. */
  private async loadRequests(slug: string): Promise<void> {
    try {
      const list = await this.api.get<DataRequestListView>(`/contests/${encodeURIComponent(slug)}/data-requests`);
      if (slug === this.slug) this.requests = list.counts;
    } catch {
      if (slug === this.slug) this.requests = null;
    }
  }

  private announceChanges(totals: Totals, recovered: boolean): void {
    const now = Date.now();
    if (!this.announced) {
      this.announced = { totals, at: now };
      return;
    }
    const before = this.announced.totals;
    const moreParticipants = totals.participants - before.participants;
    const moreAttempts = totals.attempts - before.attempts;
    const changed = moreParticipants !== 0 || moreAttempts !== 0;
    if (recovered && !changed) {
      this.announcement = 'Đã cập nhật lại số liệu.';
      return;
    }
    if (!changed || now - this.announced.at < this.announceGapMs) return;
    this.announced = { totals, at: now };
    this.announcement =
      `Có thêm ${formatNumber(moreParticipants)} người tham gia và ${formatNumber(moreAttempts)} lượt thi. ` +
      `Hiện có ${formatNumber(totals.participants)} người tham gia, ${formatNumber(totals.attempts)} lượt thi.`;
  }

  private refreshNow(): void {
    void this.polling.refresh();
  }

  override render() {
    return html`<section class="stack" aria-labelledby="dashboard-title">
      <h2 id="dashboard-title">Tổng quan tham gia</h2>
      <div class="status-line">
        <p class="muted updated" data-updated>
          ${this.updatedAt
            ? html`Cập nhật lúc <time datetime=${this.updatedAt.toISOString()}>${formatClockTime(this.updatedAt)}</time>, tự làm mới mỗi
                ${this.refreshSeconds} giây khi trang đang mở.`
            : this.loading
              ? 'Đang tải số liệu…'
              : ''}
        </p>
        <button type="button" class="quiet" @click=${this.refreshNow} ?disabled=${this.loading}>Cập nhật ngay</button>
      </div>
      ${this.rounds.render('dashboard-round')}
      <p class="visually-hidden" role="status" data-announcement>${this.announcement}</p>
      ${this.requests && this.requests.open > 0
        ? html`<p class=${this.requests.overdue ? 'error-box' : 'notice-box'} data-data-requests>
            Yêu cầu của thí sinh về dữ liệu cá nhân: ${formatNumber(this.requests.open)} đang chờ trả lời, ${formatNumber(this.requests.overdue)} quá
            hạn 15 ngày, ${formatNumber(this.requests.dueSoon)} sắp đến hạn.
            <a href=${`#/${this.slug}/privacy`}>Xem và trả lời</a>
          </p>`
        : nothing}
      ${this.error ? html`<p class="${this.shownStats ? 'notice-box' : 'error-box'}" role="alert">${this.error}</p>` : nothing}
      ${this.rounds.selected !== null
        ? this.roundStats
          ? this.renderRoundStats(this.roundStats)
          : nothing
        : this.stats
          ? this.renderStats(this.stats)
          : nothing}
    </section>`;
  }

  private get shownStats(): boolean {
    return this.rounds.selected === null ? this.stats !== null : this.roundStats !== null;
  }

  /** A round's own figures: who took part in it, its attempts, its prediction figure and its results. */
  private renderRoundStats(stats: RoundStats): TemplateResult {
    const figures: { key: string; label: string; value: string }[] = [
      { key: 'participants', label: 'Người tham gia vòng', value: formatNumber(stats.participants) },
      { key: 'attempts', label: 'Lượt thi đã nộp trong vòng', value: formatNumber(stats.attempts) },
      { key: 'inProgress', label: 'Đang làm bài', value: formatNumber(stats.inProgress) },
      { key: 'averageBestScore', label: 'Điểm tốt nhất trung bình', value: stats.averageBestScore === null ? '—' : formatNumber(stats.averageBestScore) },
      { key: 'actual', label: 'Đáp án câu dự đoán (tính trên vòng)', value: formatNumber(stats.actual) },
    ];
    return html`<section class="stack" aria-labelledby="round-stats-title" data-round-stats=${stats.roundId}>
      <h3 id="round-stats-title">${this.rounds.roundName} <span class="badge">${ROUND_STATUS_WORDS[stats.status]}</span></h3>
      <dl class="figures" aria-label="Số liệu của vòng">
        ${figures.map(
          (f) => html`<div class="figure" data-figure=${f.key}>
            <dt>${f.label}</dt>
            <dd>${f.value}</dd>
          </div>`,
        )}
      </dl>
      <p data-round-results>
        ${stats.resultsPublishedAt
          ? html`Kết quả của vòng đã công bố lúc ${formatVietnamTime(stats.resultsPublishedAt)}.`
          : 'Kết quả của vòng chưa công bố.'}
        Giải của vòng được tính và công bố ở <a href="#/${encodeURIComponent(this.slug)}/prizes">màn hình Giải thưởng</a>, mục «Xem theo
        vòng».
      </p>
    </section>`;
  }

  private renderStats(stats: ContestStatsResponse): TemplateResult {
    return html`<dl class="figures" aria-label="Số liệu tổng">
        ${FIGURES.map(
          (f) => html`<div class="figure" data-figure=${f.key}>
            <dt>${f.label}</dt>
            <dd>${formatNumber(stats.totals[f.key])}</dd>
          </div>`,
        )}
      </dl>
      <div class="charts">
        ${this.renderUnits(stats)} ${this.renderDays(stats)} ${this.renderOccupations(stats)} ${this.renderSources(stats)}
        ${this.renderScores(stats)}
      </div>`;
  }

  private renderUnits(stats: ContestStatsResponse): TemplateResult {
    // The units competing for collective prizes (api/src/domain/units.ts), compared by the contest's criterion.
    const units = stats.byUnit.filter((u) => u.competing);
    const missing = stats.collectiveCriterion === 'participationRate' ? units.filter((u) => u.headcount === null) : [];
    const byRate = stats.collectiveCriterion === 'participationRate' && !missing.length;
    const metric = (u: (typeof units)[number]) => (byRate ? (u.rate ?? 0) : u.participants);
    const sorted = [...units].sort((a, b) => metric(b) - metric(a) || b.participants - a.participants || a.name.localeCompare(b.name, 'vi'));
    const inChart = this.allUnits ? sorted : sorted.slice(0, UNITS_IN_CHART);
    const data: ChartDatum[] = inChart.map((u) =>
      byRate ? { label: u.name, value: u.rate ?? 0, text: formatRate(u.rate ?? 0) } : { label: u.name, value: u.participants },
    );
    const title = byRate ? 'Tỷ lệ tham gia theo đơn vị' : 'Người tham gia theo đơn vị';
    const note = byRate
      ? 'Tỷ lệ = số người tham gia của cả đơn vị (kể cả đơn vị trực thuộc) ÷ số người của đơn vị đã khai báo.'
      : missing.length
        ? html`<span data-headcount-missing
            >Giải tập thể xét theo tỷ lệ tham gia nhưng ${formatNumber(missing.length)} đơn vị dự giải chưa khai báo số người:
            ${missing.map((u) => u.name).join(', ')}. Chưa tính được tỷ lệ nên biểu đồ tạm xếp theo số người tham gia; giải tập thể chỉ
            tính được khi đã khai báo đủ (<a href="#/${encodeURIComponent(this.slug)}/units">màn hình Đơn vị</a>).</span
          >`
        : 'Giải tập thể xét theo số người tham gia của cả đơn vị (kể cả đơn vị trực thuộc).';
    const chart = html`${horizontalBarChart(title, data, { addsUp: !byRate, width: this.chartWidth })}
    ${sorted.length > UNITS_IN_CHART
      ? html`<button type="button" class="quiet" aria-expanded=${this.allUnits ? 'true' : 'false'} @click=${() => (this.allUnits = !this.allUnits)}>
          ${this.allUnits ? `Chỉ hiện ${UNITS_IN_CHART} đơn vị đầu` : `Xem tất cả ${formatNumber(sorted.length)} đơn vị`}
        </button>`
      : nothing}`;
    const table = dataTable(
      title,
      [
        { label: 'Đơn vị' },
        { label: 'Người tham gia', numeric: true },
        { label: 'Số người của đơn vị', numeric: true },
        { label: 'Tỷ lệ', numeric: true },
        { label: 'Lượt thi', numeric: true },
        { label: 'Điểm trung bình', numeric: true },
      ],
      sorted.map((u) => [
        u.name,
        u.participants,
        u.headcount,
        u.rate === undefined ? null : formatRate(u.rate),
        u.attempts,
        u.averageScore === null ? null : formatNumber(u.averageScore),
      ]),
    );
    return chartFigure('units', title, chart, table, note);
  }

  private renderDays(stats: ContestStatsResponse): TemplateResult {
    const counted = new Map(stats.byDay.map((d) => [d.day, d]));
    const days = stats.byDay.length ? daysBetween(stats.byDay[0]!.day, stats.byDay[stats.byDay.length - 1]!.day) : [];
    const rows = days.map((day) => counted.get(day) ?? { day, participants: 0, attempts: 0 });
    const title = 'Lượt thi theo ngày';
    return chartFigure(
        'days',
        title,
        columnChart(
          title,
          rows.map((d) => ({ label: formatDay(d.day, true), value: d.attempts })),
          { width: this.chartWidth },
        ),
        dataTable(
          title,
          [{ label: 'Ngày' }, { label: 'Lượt thi', numeric: true }, { label: 'Người tham gia', numeric: true }],
          rows.map((d) => [formatDay(d.day), d.attempts, d.participants]),
        ),
        'Theo ngày giờ Việt Nam, tính lượt thi đã nộp và không bị huỷ.',
      );
  }

  private renderOccupations(stats: ContestStatsResponse): TemplateResult {
    const title = 'Người tham gia theo đối tượng';
    const rows = [...stats.byOccupation].sort((a, b) => b.participants - a.participants);
    return chartFigure(
      'occupations',
      title,
      horizontalBarChart(
        title,
        rows.map((o) => ({ label: o.name, value: o.participants })),
        { width: this.chartWidth },
      ),
      dataTable(
        title,
        [{ label: 'Đối tượng' }, { label: 'Người tham gia', numeric: true }, { label: 'Lượt thi', numeric: true }],
        rows.map((o) => [o.name, o.participants, o.attempts]),
      ),
    );
  }

  private renderSources(stats: ContestStatsResponse): TemplateResult {
    const title = 'Người tham gia theo trang nhúng';
    const rows = [...stats.bySource].sort((a, b) => b.participants - a.participants);
    return chartFigure(
      'sources',
      title,
      horizontalBarChart(
        title,
        rows.slice(0, SOURCES_IN_CHART).map((s) => ({ label: s.source || NO_SOURCE, value: s.participants })),
        { addsUp: false, width: this.chartWidth },
      ),
      dataTable(
        title,
        [{ label: 'Trang' }, { label: 'Người tham gia', numeric: true }, { label: 'Lượt thi', numeric: true }],
        rows.map((s) => [s.source || NO_SOURCE, s.participants, s.attempts]),
      ),
      rows.length > SOURCES_IN_CHART ? `Biểu đồ hiện ${SOURCES_IN_CHART} trang nhiều người nhất; bảng số liệu có đủ ${formatNumber(rows.length)} trang.` : undefined,
    );
  }

  private renderScores(stats: ContestStatsResponse): TemplateResult {
    const title = 'Phân bố điểm các lượt thi';
    const counted = new Map(stats.scoreDistribution.map((s) => [s.score, s.attempts]));
    const top = Math.max(0, ...stats.scoreDistribution.map((s) => s.score));
    const rows = stats.scoreDistribution.length ? Array.from({ length: top + 1 }, (_, score) => ({ score, attempts: counted.get(score) ?? 0 })) : [];
    return chartFigure(
        'scores',
        title,
        columnChart(
          title,
          rows.map((s) => ({ label: String(s.score), value: s.attempts })),
          { width: this.chartWidth },
        ),
        dataTable(
          title,
          [{ label: 'Điểm' }, { label: 'Lượt thi', numeric: true }],
          rows.map((s) => [String(s.score), s.attempts]),
        ),
        'Số lượt thi đạt mỗi mức điểm (số câu trả lời đúng).',
      );
  }
}

const TAG = 'admin-dashboard';
customElements.get(TAG) || customElements.define(TAG, AdminDashboard);

declare global {
  interface HTMLElementTagNameMap {
    'admin-dashboard': AdminDashboard;
  }
}
