import { css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { PREDICTION_TARGET_WORDS, predictionGap, rankingChain } from '../contest-words.js';
import { errorMessage } from '../feedback.js';
import { formatDurationTenths, formatNumber, formatVietnamTime } from '../format.js';
import { consoleStyles } from '../styles.js';
import { ConsoleScreen } from '../console-screen.js';
import type { ConsoleRanking } from '../../../api/src/contract/admin.js';

/** `GET /api/admin/contests/:slug/ranking.json?limit=`, as the server's contract declares it. */
export type { ConsoleRanking };

/** How many rows the screen can show; the full ranking is an export. */
export const RANKING_LIMITS = [20, 50, 100, 200, 500, 1000] as const;

/**
 * The current ranking for organisers and the jury: each person's best counting attempt in the
 * contest's tie-break order, with full names, unit, score, time, prediction and submission time.
 */
export class AdminRanking extends ConsoleScreen {
  static override styles = [
    consoleStyles,
    css`
      .controls {
        align-items: flex-end;
      }
      .field {
        min-width: 10rem;
      }
      td.name {
        font-weight: 600;
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
    `,
  ];

  private requested = '';

  @state() private ranking: ConsoleRanking | null = null;
  @state() private error = '';
  @state() private loading = false;

  /** How many people to show from the top. */
  @property({ type: Number }) limit = 100;

  protected override willUpdate(): void {
    const key = `${this.slug}|${this.limit}`;
    if (this.api && this.slug && key !== this.requested) void this.load();
  }

  private async load(): Promise<void> {
    const slug = this.slug;
    const limit = this.limit;
    this.requested = `${slug}|${limit}`;
    this.loading = true;
    this.error = '';
    try {
      const ranking = await this.api.get<ConsoleRanking>(`/contests/${encodeURIComponent(slug)}/ranking.json?limit=${limit}`);
      if (this.requested === `${slug}|${limit}`) this.ranking = ranking;
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.loading = false;
    }
  }

  private onLimit(event: Event): void {
    this.limit = Number((event.target as HTMLSelectElement).value);
    this.dispatchEvent(new CustomEvent('admin-ranking:limit-change', { detail: { limit: this.limit }, bubbles: true, composed: true }));
  }

  override render() {
    const r = this.ranking;
    return html`<section class="stack" aria-labelledby="ranking-title" aria-busy=${this.loading ? 'true' : 'false'}>
      <h2 id="ranking-title">Xếp hạng hiện tại</h2>
      <div class="row controls">
        <div class="field">
          <label for="limit">Số người hiển thị</label>
          <select id="limit" @change=${this.onLimit}>
            ${RANKING_LIMITS.map((n) => html`<option value=${n} ?selected=${n === this.limit}>${formatNumber(n)} người đầu</option>`)}
          </select>
        </div>
        <button type="button" @click=${() => void this.load()} ?disabled=${this.loading}>${this.loading ? 'Đang tải…' : 'Tải lại'}</button>
      </div>
      ${this.error ? html`<p class="error-box" role="alert">${this.error}</p>` : nothing}
      ${r
        ? html`<div class="card stack">
              <p>
                ${r.provisional
                  ? html`<span class="badge">Tạm tính</span> Cuộc thi chưa kết thúc: thứ hạng còn thay đổi.`
                  : html`<span class="badge ok">Chính thức</span> Cuộc thi đã kết thúc.`}
              </p>
              <p>
                Thứ tự xét: ${rankingChain(r.rankingOrder)}.<br />
                Câu hỏi phụ: ${PREDICTION_TARGET_WORDS[r.predictionTarget] ?? r.predictionTarget} hiện là
                <strong>${formatNumber(r.actual)}</strong>.
              </p>
              <p class="muted">Bảng xếp hạng đầy đủ kèm số định danh, điện thoại có ở mục «Xuất dữ liệu».</p>
            </div>
            ${this.renderTable(r)}`
        : nothing}
    </section>`;
  }

  private renderTable(r: ConsoleRanking) {
    if (!r.entries.length) return html`<p class="notice-box">Chưa có ai nộp bài được tính điểm.</p>`;
    return html`<div class="table-wrap" role="region" tabindex="0" aria-label="Bảng xếp hạng">
      <table class="data" data-ranking>
        <caption>
          ${formatNumber(r.entries.length)} người đầu bảng trong tổng số ${formatNumber(r.participants)} người tham gia
        </caption>
        <thead>
          <tr>
            <th scope="col" class="num">Hạng</th>
            <th scope="col">Họ và tên</th>
            <th scope="col" class="num">Năm sinh</th>
            <th scope="col">Đơn vị</th>
            <th scope="col" class="num">Điểm</th>
            <th scope="col">Thời gian làm bài</th>
            <th scope="col" class="num">Dự đoán (độ lệch)</th>
            <th scope="col">Nộp lúc</th>
          </tr>
        </thead>
        <tbody>
          ${r.entries.map((e) => {
            const gap = predictionGap(e.prediction, r.actual);
            return html`<tr>
              <td class="num">${e.rank}</td>
              <td class="name person">${e.fullName}</td>
              <td class="num">${e.birthYear ?? '—'}</td>
              <td class="unit">${e.unitName}</td>
              <td class="num">${e.score}/${e.total}</td>
              <td class="duration">${formatDurationTenths(e.durationMs)}</td>
              <td class="num">${e.prediction === null ? 'Không dự đoán' : html`${formatNumber(e.prediction)} (${formatNumber(gap!)})`}</td>
              <td>${formatVietnamTime(e.submittedAt)}</td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }
}

const TAG = 'admin-ranking';
customElements.get(TAG) || customElements.define(TAG, AdminRanking);

declare global {
  interface HTMLElementTagNameMap {
    'admin-ranking': AdminRanking;
  }
}
