import { css, html, nothing, type TemplateResult } from 'lit';
import { query, state } from 'lit/decorators.js';
import { AdminApiError } from '../admin-api.js';
import '../confirm-dialog.js';
import type { AdminConfirmDialog } from '../confirm-dialog.js';
import { COLLECTIVE_CRITERION_WORDS, PREDICTION_TARGET_WORDS, predictionGap, rankingChain } from '../contest-words.js';
import { errorMessage, READ_ONLY_NOTE } from '../feedback.js';
import { formatCollectiveDecidedBy, formatDecidedBy, formatDurationTenths, formatMoney, formatNumber, formatRate, formatVietnamTime, separatingDecimals } from '../format.js';
import { consoleStyles } from '../styles.js';
import type { ComputedResults as ContractComputedResults, PublishedResults } from '../../../api/src/contract/admin.js';
import { ConsoleScreen } from '../console-screen.js';
import type { ContestUnit } from './units.js';
import { ContestRoundsController, roundPickerStyles, scopePath } from '../rounds.js';

/** Competing units listed openly; a longer list folds behind "Xem N đơn vị dự giải". */
const COMPETING_SHOWN_OPEN = 30;

/** A competing unit the server could not compute a rate for (409 HEADCOUNT_MISSING `units`). */
export interface UnitWithoutHeadcount {
  id: string;
  name: string;
}

/** A winner who carries an integrity flag. */
export type FlaggedWinner = ContractComputedResults['flaggedWinners'][number];

/**
 * Computed prizes exactly as the server's contract declares them, with the winners the integrity
 * review flags (absent from published ones); a type-only import costs the bundle nothing.
 */
export type ComputedResults = Omit<ContractComputedResults, 'flaggedWinners' | 'published'> & { flaggedWinners?: FlaggedWinner[] };

/** Flag kinds as the integrity review screen names them. */
const FLAG_WORDS: Record<string, string> = {
  fastAttempt: 'làm bài quá nhanh',
  sharedNetwork: 'dùng chung mạng',
  registrationBurst: 'đăng ký dồn dập',
  scoreJump: 'điểm tăng vọt',
  identicalAnswers: 'bài làm giống hệt nhau',
  predictionOnly: 'chỉ nộp dự đoán',
};

/** `GET /api/admin/contests/:slug/results`: what was published, when and by whom (the contract's type). */
export type { PublishedResults };

/**
 * Prize computation: a dry run ("Tính thử") to review individual and collective awards with the
 * tie-break chain and the provisional flag, then publishing with a confirmation that says what
 * will be published. Publishing over published results asks a second, explicit confirmation and
 * only then sends `replace: true`. Jury tokens may run the dry run and see what was published.
 * When the contest has rounds, a picker moves all of it — published results, dry run, publishing,
 * the winners' file — to one round's routes (`…/rounds/:id/results`), with the same confirmations.
 */
export class AdminPrizes extends ConsoleScreen {
  static override styles = [
    consoleStyles,
    roundPickerStyles,
    css`
      .summary {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: var(--space-1) var(--space-4);
        margin: 0;
      }
      .summary dt {
        font-weight: 600;
      }
      .summary dd {
        margin: 0;
      }
      /* Figures never break; names and units wrap, but not down to a word per line. */
      table.data td.num {
        white-space: nowrap;
      }
      table.data .person,
      table.data .unit {
        min-width: 8rem;
      }
      table.data .duration {
        min-width: 6.5rem;
      }
      summary {
        cursor: pointer;
        color: var(--c-accent);
        font-weight: 600;
        min-height: 44px;
        display: flex;
        align-items: center;
      }
    `,
  ];

  private requested = '';
  /** The contest's rounds and the one whose prizes are shown (null: the contest's own). */
  private readonly rounds = new ContestRoundsController(this, () => {
    this.dryRun = null;
    this.done = '';
    this.error = '';
    this.withoutHeadcount = [];
    void this.loadPublished();
  });

  @query('#publish-confirm') private publishDialog!: AdminConfirmDialog;
  @query('#republish-confirm') private republishDialog!: AdminConfirmDialog;

  /** undefined while loading; null when nothing is published yet. */
  @state() private published: PublishedResults | null | undefined = undefined;
  @state() private dryRun: ComputedResults | null = null;
  @state() private busy: '' | 'compute' | 'publish' | 'download' = '';
  @state() private error = '';
  @state() private done = '';
  /** undefined while loading; the units and whether each competes, as the server decides. */
  @state() private units: ContestUnit[] | undefined = undefined;
  @state() private unitsError = '';
  @state() private withoutHeadcount: UnitWithoutHeadcount[] = [];


  protected override willUpdate(): void {
    if (this.api && this.slug && this.slug !== this.requested) {
      this.requested = this.slug;
      this.dryRun = null;
      this.done = '';
      this.error = '';
      this.withoutHeadcount = [];
      void this.loadPublished();
      void this.loadUnits();
    }
  }

  private async loadUnits(): Promise<void> {
    this.units = undefined;
    this.unitsError = '';
    try {
      this.units = await this.api.get<ContestUnit[]>(`/contests/${encodeURIComponent(this.slug)}/units`);
    } catch (error) {
      this.unitsError = errorMessage(error);
    }
  }

  /** A 409 HEADCOUNT_MISSING: keep the units it names to show them with a way to fix it. */
  private headcountMissing(error: unknown): boolean {
    if (!(error instanceof AdminApiError && error.body.code === 'HEADCOUNT_MISSING')) return false;
    this.withoutHeadcount = (error.body.units as UnitWithoutHeadcount[] | undefined) ?? [];
    this.error = errorMessage(error);
    this.dryRun = null;
    return true;
  }

  /** The results routes of the contest, or of the picked round (which answer in the same shapes). */
  private get path(): string {
    return `${scopePath(this.slug, this.rounds.selected)}/results`;
  }

  /** "cuộc thi «slug»" or "vòng «Vòng 2 · Tuần 2»": what a confirmation publishes. */
  private get scopeWords(): string {
    const round = this.rounds.roundName;
    return round ? `vòng «${round}»` : `cuộc thi «${this.slug}»`;
  }

  /** " — Vòng 2 · Tuần 2" after a section's title while a round is picked. */
  private get scopeSuffix(): string {
    const round = this.rounds.roundName;
    return round ? ` — ${round}` : '';
  }

  /** What the results are of, in a sentence: the contest, or the round picked. */
  private get scopeWord(): string {
    return this.rounds.roundName ? 'Vòng thi' : 'Cuộc thi';
  }

  private async loadPublished(): Promise<void> {
    const path = this.path;
    this.published = undefined;
    try {
      const published = await this.api.get<PublishedResults>(path);
      if (path === this.path) this.published = published;
    } catch (error) {
      if (path !== this.path) return;
      if (error instanceof AdminApiError && error.body.code === 'NOT_PUBLISHED') this.published = null;
      else this.error = errorMessage(error);
    }
  }

  private async compute(): Promise<void> {
    this.busy = 'compute';
    this.error = '';
    this.done = '';
    this.withoutHeadcount = [];
    void this.loadUnits();
    const path = this.path;
    try {
      const computed = await this.api.post<ComputedResults>(path, { publish: false });
      if (path === this.path) this.dryRun = computed;
    } catch (error) {
      if (path === this.path && !this.headcountMissing(error)) this.error = errorMessage(error);
    } finally {
      this.busy = '';
    }
  }

  private async publish(): Promise<void> {
    if (!this.dryRun) return;
    this.error = '';
    this.done = '';
    if (!(await this.publishDialog.ask())) return;
    let replace = false;
    if (this.published && !(replace = await this.republishDialog.ask())) return;
    this.busy = 'publish';
    try {
      await this.send(replace);
    } catch (error) {
      // A headcount was removed since the dry run: nothing is published, say which units.
      if (this.headcountMissing(error)) return;
      // A winner was flagged since the dry run: show who, and let the organiser confirm again.
      if (error instanceof AdminApiError && error.body.code === 'FLAGGED_WINNERS') {
        this.dryRun = { ...this.dryRun, flaggedWinners: (error.body.flaggedWinners as FlaggedWinner[] | undefined) ?? [] };
        this.error = errorMessage(error);
        return;
      }
      // Someone published meanwhile: show what is there and ask again before replacing it.
      if (error instanceof AdminApiError && error.status === 409 && !replace) {
        await this.loadPublished();
        this.busy = '';
        if (!this.published || !(await this.republishDialog.ask())) return;
        this.busy = 'publish';
        try {
          await this.send(true);
        } catch (again) {
          this.error = errorMessage(again);
        }
      } else {
        this.error = errorMessage(error);
      }
    } finally {
      this.busy = '';
    }
  }

  private async send(replace: boolean): Promise<void> {
    // The confirmation showed the flagged winners (api/src/routes/results.ts refuses without this).
    const acknowledge = (this.dryRun?.flaggedWinners?.length ?? 0) > 0;
    const body = { publish: true, ...(replace ? { replace: true } : {}), ...(acknowledge ? { acknowledgeFlags: true } : {}) };
    const result = await this.api.post<ComputedResults & { publishedAt: string }>(this.path, body);
    this.dryRun = result;
    await this.loadPublished();
    this.done = `Đã công bố kết quả lúc ${formatVietnamTime(result.publishedAt)}: ${formatNumber(result.individual.length)} giải cá nhân, ${formatNumber(result.collective.length)} giải tập thể.`;
  }

  /** The winners' list with contact details, as the secretariat pays from it (audited on the server). */
  private async download(format: 'xlsx' | 'csv'): Promise<void> {
    this.busy = 'download';
    this.error = '';
    try {
      const round = this.rounds.selected ? `-${this.rounds.selected}` : '';
      await this.api.download(`${this.path}/export?format=${format}`, `giai-thuong-${this.slug}${round}.${format}`);
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.busy = '';
    }
  }

  private renderDownload(): TemplateResult {
    return html`<section class="card stack" aria-labelledby="winners-file-title">
      <h3 id="winners-file-title">Danh sách đoạt giải để chi trả${this.scopeSuffix}</h3>
      <p>
        Giải, giá trị, hạng và căn cứ xét giải; họ tên, số định danh, điện thoại, ngày sinh, đơn vị của người đoạt giải cá nhân. Lấy từ kết
        quả đã công bố, nếu chưa công bố thì là kết quả tạm tính. Mỗi lần tải được ghi vào nhật ký vì có dữ liệu cá nhân.
      </p>
      <div class="row">
        <button type="button" @click=${() => this.download('xlsx')} ?disabled=${this.busy !== ''}>Tải danh sách đoạt giải (Excel)</button>
        <button type="button" @click=${() => this.download('csv')} ?disabled=${this.busy !== ''}>Tải danh sách đoạt giải (CSV)</button>
      </div>
    </section>`;
  }

  override render() {
    return html`<section class="stack" aria-labelledby="prizes-title">
      <h2 id="prizes-title">Giải thưởng</h2>
      ${this.rounds.render('prizes-round')} ${this.renderRoundNote()}
      ${this.renderPublished()}
      ${this.renderCompeting()}
      ${this.renderDownload()}
      <section class="card stack" aria-labelledby="dry-run-title">
        <h3 id="dry-run-title">Tính giải${this.scopeSuffix}</h3>
        <p>
          «Tính thử» xếp giải theo số liệu hiện tại mà không công bố gì. Xem kỹ danh sách rồi mới công bố; khi công bố, máy chủ tính
          lại ngay lúc đó.
        </p>
        <div class="row">
          <button type="button" class="${this.dryRun ? '' : 'primary'}" @click=${this.compute} ?disabled=${this.busy !== ''}>
            ${this.busy === 'compute' ? 'Đang tính…' : this.dryRun ? 'Tính lại' : 'Tính thử'}
          </button>
          ${this.canWrite && this.dryRun
            ? html`<button type="button" class="primary" data-publish @click=${this.publish} ?disabled=${this.busy !== ''}>
                ${this.busy === 'publish' ? 'Đang công bố…' : this.published ? 'Công bố lại kết quả' : 'Công bố kết quả'}
              </button>`
            : nothing}
        </div>
        ${this.canWrite ? nothing : html`<p class="notice-box">${READ_ONLY_NOTE} Ban Giám khảo vẫn tính thử và xem được danh sách.</p>`}
        <div role="status">${this.done ? html`<p class="success-box">${this.done}</p>` : nothing}</div>
        ${this.error ? html`<p class="error-box" role="alert">${this.error}</p>` : nothing}
        ${this.renderWithoutHeadcount()}
        ${this.dryRun ? this.renderFlagged(this.dryRun.flaggedWinners ?? []) : nothing}
        ${this.dryRun ? this.renderResults(this.dryRun, 'dry') : nothing}
      </section>
      ${this.canWrite ? this.renderDialogs() : nothing}
    </section>`;
  }

  /** What the picked round's prizes are, under the picker. */
  private renderRoundNote(): TemplateResult | typeof nothing {
    const round = this.rounds.round;
    if (!round) return nothing;
    return html`<p class=${round.prizes ? 'muted' : 'notice-box'} data-round-note>
      ${round.prizes
        ? html`Đang xem giải của <strong>${this.rounds.roundName}</strong>: tính thử, công bố và danh sách đoạt giải dưới đây chỉ
            xét các lượt thi của vòng này.`
        : html`<strong>${this.rounds.roundName}</strong> không có giải riêng (khai báo ở màn hình Cấu hình cuộc thi); giải của cuộc thi
            xét theo xếp hạng chung, ở mục «Cả cuộc thi».`}
    </p>`;
  }

  private get unitsLink(): TemplateResult {
    return html`<a href="#/${encodeURIComponent(this.slug)}/units">màn hình Đơn vị</a>`;
  }

  /** The units that compete, as the computation will take them, before anything is computed. */
  private renderCompeting(): TemplateResult {
    const competing = this.units?.filter((u) => u.competing) ?? [];
    const undeclared = competing.filter((u) => u.headcount === null).length;
    return html`<section class="card stack" aria-labelledby="competing-title" data-competing>
      <h3 id="competing-title">Đơn vị dự giải tập thể</h3>
      ${this.unitsError
        ? html`<p class="error-box" role="alert">${this.unitsError}</p>`
        : this.units === undefined
          ? html`<p class="muted">Đang tải…</p>`
          : html`<p>
                ${formatNumber(competing.length)} đơn vị dự giải tập thể${undeclared ? html`, <strong>${formatNumber(undeclared)} đơn vị chưa khai báo số người</strong>` : ''}.
                Người tham gia của đơn vị trực thuộc được tính cho đơn vị dự giải chứa nó; tỷ lệ = số người tham gia của cả đơn vị ÷ số người
                của đơn vị. Chọn đơn vị dự giải và khai báo số người ở ${this.unitsLink}.
              </p>
              ${competing.length <= COMPETING_SHOWN_OPEN
                ? this.renderCompetingList(competing)
                : html`<details>
                    <summary>Xem ${formatNumber(competing.length)} đơn vị dự giải</summary>
                    ${this.renderCompetingList(competing)}
                  </details>`}`}
    </section>`;
  }

  private renderCompetingList(competing: readonly ContestUnit[]): TemplateResult | typeof nothing {
    if (!competing.length) return nothing;
    return html`<ul class="competing">
      ${competing.map(
        (u) => html`<li>
          ${u.name}: ${u.headcount === null ? html`<strong>chưa khai báo số người</strong>` : html`${formatNumber(u.headcount)} người`}
        </li>`,
      )}
    </ul>`;
  }

  private renderWithoutHeadcount(): TemplateResult | typeof nothing {
    if (!this.withoutHeadcount.length) return nothing;
    return html`<div class="notice-box" data-headcount-missing>
      <p>
        <strong>${formatNumber(this.withoutHeadcount.length)} đơn vị dự giải chưa khai báo số người</strong>, nên chưa tính được giải tập thể
        theo tỷ lệ tham gia. Khai báo số người (cả đơn vị, kể cả đơn vị trực thuộc) hoặc bỏ chọn «Dự giải tập thể» ở ${this.unitsLink}, hoặc
        đổi tiêu chí sang số người tham gia ở màn hình Cấu hình cuộc thi.
      </p>
      <ul>
        ${this.withoutHeadcount.map((u) => html`<li>${u.name} <span class="muted">(mã ${u.id})</span></li>`)}
      </ul>
    </div>`;
  }

  private renderFlagged(flagged: FlaggedWinner[]): TemplateResult {
    if (!flagged.length) return html`<p class="muted" data-flagged="0">Không người đoạt giải nào bị gắn cờ trong rà soát tính trung thực.</p>`;
    return html`<div class="notice-box" data-flagged=${flagged.length}>
      <p>
        <strong>${formatNumber(flagged.length)} người đoạt giải bị gắn cờ</strong> trong rà soát tính trung thực. Hãy xem màn hình «Rà
        soát tính trung thực» trước khi công bố.
      </p>
      <ul>
        ${flagged.map((w) => html`<li>${w.prize}: ${w.name} (${w.unit}) — ${w.kinds.map((k) => FLAG_WORDS[k] ?? k).join(', ')}</li>`)}
      </ul>
    </div>`;
  }

  private renderPublished(): TemplateResult {
    const p = this.published;
    return html`<section class="card stack" aria-labelledby="published-title" data-published>
      <h3 id="published-title">Kết quả đã công bố${this.scopeSuffix}</h3>
      ${p === undefined
        ? html`<p class="muted">Đang tải…</p>`
        : p === null
          ? html`<p>Chưa công bố kết quả. Thí sinh chưa thấy danh sách đoạt giải.</p>`
          : html`<p>
                Đã công bố lúc <strong>${formatVietnamTime(p.publishedAt)}</strong>, người công bố: <strong>${p.publishedBy}</strong>.
                ${p.payload.provisional ? html`<span class="badge">Tạm thời</span> Công bố khi ${this.scopeWord.toLowerCase()} chưa kết thúc.` : nothing}
              </p>
              ${p.outdated || p.payload.outdated
                ? html`<p class="notice-box" data-outdated>
                    <strong>Kết quả đã công bố chưa tính lại sau khi chấm lại.</strong> Điểm đã thay đổi sau khi công bố; danh sách công
                    khai vẫn là danh sách cũ và được đánh dấu cần tính lại. Hãy tính thử rồi công bố lại.
                  </p>`
                : nothing}
              <p>${formatNumber(p.payload.individual.length)} giải cá nhân, ${formatNumber(p.payload.collective.length)} giải tập thể.</p>
              <details>
                <summary>Xem danh sách đã công bố</summary>
                ${this.renderResults(p.payload, 'published')}
              </details>`}
    </section>`;
  }

  private renderResults(r: ComputedResults, id: string): TemplateResult {
    const rateDecimals = separatingDecimals(r.collective.map((a) => a.rate ?? 0));
    return html`<div class="stack" data-results=${id}>
      <dl class="summary">
        <dt>Tính lúc</dt>
        <dd>${formatVietnamTime(r.computedAt)}</dd>
        <dt>Tình trạng</dt>
        <dd>
          ${r.provisional
            ? html`<span class="badge" data-provisional>Tạm thời</span> ${this.scopeWord} chưa kết thúc, kết quả còn có thể thay đổi.`
            : html`<span class="badge ok">Chính thức</span> ${this.scopeWord} đã kết thúc.`}
        </dd>
        <dt>Câu hỏi phụ</dt>
        <dd>${PREDICTION_TARGET_WORDS[r.predictionTarget] ?? r.predictionTarget}: <strong>${formatNumber(r.actual)}</strong></dd>
        <dt>Thứ tự xét giải cá nhân</dt>
        <dd>${rankingChain(r.rankingOrder)}</dd>
        <dt>Tiêu chí giải tập thể</dt>
        <dd>
          ${COLLECTIVE_CRITERION_WORDS[r.collectiveCriterion] ?? r.collectiveCriterion}; bằng nhau thì xét điểm trung bình, rồi số lượt thi.
        </dd>
      </dl>
      ${r.individual.length
        ? html`<div class="table-wrap" role="region" tabindex="0" aria-label="Bảng giải cá nhân">
            <table class="data" data-individual>
              <caption>
                Giải cá nhân (${formatNumber(r.individual.length)})
              </caption>
              <thead>
                <tr>
                  <th scope="col">Giải</th>
                  <th scope="col" class="num">Hạng</th>
                  <th scope="col">Họ và tên</th>
                  <th scope="col" class="num">Năm sinh</th>
                  <th scope="col">Đơn vị</th>
                  <th scope="col" class="num">Điểm</th>
                  <th scope="col">Thời gian</th>
                  <th scope="col" class="num">Dự đoán (độ lệch)</th>
                  <th scope="col" title="Tiêu chí xếp hạng đầu tiên phân định người này với người xếp ngay sau">Hơn người kế tiếp nhờ</th>
                  <th scope="col" class="num">Giá trị</th>
                </tr>
              </thead>
              <tbody>
                ${r.individual.map((a) => {
                  const gap = predictionGap(a.prediction, r.actual);
                  return html`<tr>
                    <td>${a.prize}</td>
                    <td class="num">${a.rank}</td>
                    <th scope="row" class="person">${a.name}</th>
                    <td class="num">${a.birthYear}</td>
                    <td class="unit">${a.unit}</td>
                    <td class="num">${a.score}/${a.total}</td>
                    <td class="duration">${formatDurationTenths(a.durationMs)}</td>
                    <td class="num">${a.prediction === null ? 'Không dự đoán' : `${formatNumber(a.prediction)} (${formatNumber(gap!)})`}</td>
                    <td class="decided-by">${formatDecidedBy(a.decidedBy)}</td>
                    <td class="num">${formatMoney(a.valueVnd)}</td>
                  </tr>`;
                })}
              </tbody>
            </table>
          </div>`
        : html`<p class="notice-box">Chưa có thí sinh nào đủ điều kiện nhận giải cá nhân.</p>`}
      ${r.collective.length
        ? html`<div class="table-wrap" role="region" tabindex="0" aria-label="Bảng giải tập thể">
            <table class="data" data-collective>
              <caption>
                Giải tập thể (${formatNumber(r.collective.length)})
              </caption>
              <thead>
                <tr>
                  <th scope="col">Giải</th>
                  <th scope="col">Đơn vị</th>
                  <th scope="col" class="num">Người tham gia</th>
                  <th scope="col" class="num">Tỷ lệ tham gia</th>
                  <th scope="col" class="num">Điểm trung bình</th>
                  <th scope="col" class="num">Lượt thi</th>
                  <th scope="col" title="Tiêu chí đầu tiên phân định đơn vị này với đơn vị xếp ngay sau">Hơn đơn vị kế tiếp nhờ</th>
                  <th scope="col" class="num">Giá trị</th>
                </tr>
              </thead>
              <tbody>
                ${r.collective.map(
                  (a) => html`<tr>
                    <td>${a.prize}</td>
                    <th scope="row" class="unit">${a.unit}</th>
                    <td class="num">${formatNumber(a.participants)}</td>
                    <td class="num">${a.rate === undefined ? '—' : formatRate(a.rate, 'vi', rateDecimals)}</td>
                    <td class="num">${formatNumber(a.averageScore)}</td>
                    <td class="num">${formatNumber(a.attempts)}</td>
                    <td class="decided-by">${formatCollectiveDecidedBy(a.decidedBy, r.collectiveCriterion)}</td>
                    <td class="num">${formatMoney(a.valueVnd)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : html`<p class="notice-box">Chưa có đơn vị nào đủ điều kiện nhận giải tập thể.</p>`}
    </div>`;
  }

  private renderDialogs(): TemplateResult {
    const r = this.dryRun;
    const p = this.published;
    return html`<admin-confirm-dialog id="publish-confirm" heading="Công bố kết quả?" confirm-label="Công bố">
        ${r
          ? html`<p>
                Sẽ công bố <strong>${formatNumber(r.individual.length)} giải cá nhân</strong> và
                <strong>${formatNumber(r.collective.length)} giải tập thể</strong> của ${this.scopeWords}. Danh sách hiện công khai
                cho thí sinh và các trang nhúng ngay sau khi công bố.
              </p>
              <p>Máy chủ tính lại giải ngay lúc công bố, theo số liệu lúc đó.</p>
              ${r.provisional ? html`<p><strong>${this.scopeWord} chưa kết thúc:</strong> kết quả sẽ được ghi là tạm thời.</p>` : nothing}
              ${r.flaggedWinners?.length
                ? html`<p data-flagged-confirm>
                    <strong>${formatNumber(r.flaggedWinners.length)} người đoạt giải đang bị gắn cờ</strong> trong rà soát tính trung thực
                    (${r.flaggedWinners.map((w) => w.name).join(', ')}). Công bố nghĩa là Ban Tổ chức xác nhận đã xem xét các trường hợp này;
                    việc xác nhận được ghi vào nhật ký thao tác.
                  </p>`
                : nothing}`
          : nothing}
      </admin-confirm-dialog>
      <admin-confirm-dialog id="republish-confirm" heading="Thay thế kết quả đã công bố?" confirm-label="Thay thế kết quả đã công bố" danger>
        ${p
          ? html`<p>
                Kết quả đã công bố lúc ${formatVietnamTime(p.publishedAt)} (người công bố: ${p.publishedBy}) sẽ bị thay thế bằng kết quả
                tính lại bây giờ. Việc công bố lại được ghi vào nhật ký thao tác.
              </p>`
          : nothing}
      </admin-confirm-dialog>`;
  }
}

const TAG = 'admin-prizes';
customElements.get(TAG) || customElements.define(TAG, AdminPrizes);

declare global {
  interface HTMLElementTagNameMap {
    'admin-prizes': AdminPrizes;
  }
}
