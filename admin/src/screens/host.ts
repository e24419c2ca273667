import { html, LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { AdminApi } from '../admin-api.js';
import { errorMessage } from '../feedback.js';
import { consoleStyles } from '../styles.js';
import type { HostParticipation } from '../../../api/src/contract/admin.js';

const number = new Intl.NumberFormat('vi-VN');

/** `2026-11-28` → `28/11/2026` (the day is already Vietnam's). */
const vietnameseDay = (day: string) => day.split('-').reverse().join('/');

/**
 * What a host site's code sees (decision 0040): registrations and attempts that came from its own
 * site, per day, in the one contest it was given. Counts only; no person is ever listed.
 */
export class AdminHost extends LitElement {
  static override styles = [consoleStyles];

  @property({ attribute: false }) api!: AdminApi;
  @state() private figures: HostParticipation | null = null;
  @state() private loadError = '';

  override updated(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('api') && this.api) void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.figures = await this.api.get<HostParticipation>('/host/participation');
      this.loadError = '';
    } catch (error) {
      this.loadError = errorMessage(error);
    }
  }

  override render() {
    if (this.loadError) return html`<div class="error-box" role="alert">${this.loadError}</div>`;
    const f = this.figures;
    if (!f) return html`<p role="status">Đang tải…</p>`;
    return html`<div class="stack">
      <h2>${f.contest.title}</h2>
      <p>
        Số người đăng ký và số lượt thi đến từ trang <strong>${f.source}</strong>, theo ngày (giờ Việt Nam). Chỉ có số đếm, không có thông tin
        của từng người.
      </p>
      <p>
        Tổng cộng: <strong>${number.format(f.totals.registrations)}</strong> lượt đăng ký, <strong>${number.format(f.totals.attempts)}</strong> lượt
        thi (<strong>${number.format(f.totals.submitted)}</strong> đã nộp bài).
      </p>
      ${f.days.length === 0
        ? html`<p>Chưa có ai đến từ trang này.</p>`
        : html`<div class="table-wrap" role="region" tabindex="0" aria-label="Số liệu theo ngày">
            <table class="data" data-host-days>
              <thead>
                <tr>
                  <th scope="col">Ngày</th>
                  <th scope="col">Đăng ký</th>
                  <th scope="col">Lượt thi</th>
                  <th scope="col">Đã nộp bài</th>
                </tr>
              </thead>
              <tbody>
                ${f.days.map(
                  (d) => html`<tr>
                    <th scope="row">${vietnameseDay(d.day)}</th>
                    <td>${number.format(d.registrations)}</td>
                    <td>${number.format(d.attempts)}</td>
                    <td>${number.format(d.submitted)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`}
    </div>`;
  }
}

customElements.get('admin-host') || customElements.define('admin-host', AdminHost);

declare global {
  interface HTMLElementTagNameMap {
    'admin-host': AdminHost;
  }
}
