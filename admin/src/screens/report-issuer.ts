import { css, html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { AdminApi } from '../admin-api.js';
import { errorMessage, fieldErrors, renderFieldError } from '../feedback.js';
import { consoleStyles } from '../styles.js';
import type { ReportIssuer } from '../../../api/src/domain/contest.js';
import type { ContestSettings } from './settings.js';

/** What the report prints when the contest names no issuer (the server's REPORT_ISSUER). */
export const PLAN_ISSUER: ReportIssuer = { authority: 'ỦY BAN NHÂN DÂN TỈNH THÁI BÌNH', organiser: 'BAN TỔ CHỨC CUỘC THI', place: 'Thái Bình' };

const FIELDS: { key: keyof ReportIssuer; label: string; hint: string }[] = [
  { key: 'authority', label: 'Cơ quan chủ quản', hint: 'Dòng đầu góc trái, ví dụ ỦY BAN NHÂN DÂN TỈNH THÁI BÌNH' },
  { key: 'organiser', label: 'Cơ quan ban hành', hint: 'Dòng in đậm bên dưới, ví dụ BAN TỔ CHỨC CUỘC THI' },
  { key: 'place', label: 'Địa danh', hint: 'Viết trước ngày tháng: «Thái Bình, ngày … tháng … năm …»' },
];

/**
 * The printed report's header — who issues it and where — saved on its own (the rest of the
 * settings form is sent back as loaded). Fires `admin-report-issuer-saved` with the saved contest.
 */
export class AdminReportIssuer extends LitElement {
  static override styles = [
    consoleStyles,
    css`
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr));
        gap: var(--space-3);
      }
    `,
  ];

  /** The admin API with the signed-in token. */
  @property({ attribute: false }) api!: AdminApi;
  /** The contest as loaded, sent back with the new header. */
  @property({ attribute: false }) contest!: ContestSettings;
  /** False for jury tokens. */
  @property({ type: Boolean }) canWrite = false;

  @state() private draft: ReportIssuer | null = null;
  @state() private errors: Record<string, string> = {};
  @state() private message = '';
  @state() private saved = false;
  @state() private saving = false;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('contest') && this.contest && !this.draft) this.draft = { ...(this.contest.reportIssuer ?? PLAN_ISSUER) };
  }

  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (!this.draft || !this.canWrite) return;
    const trimmed = { authority: this.draft.authority.trim(), organiser: this.draft.organiser.trim(), place: this.draft.place.trim() };
    this.errors = Object.fromEntries(FIELDS.filter((f) => trimmed[f.key].length < 2).map((f) => [`reportIssuer.${f.key}`, `«${f.label}» phải có ít nhất 2 ký tự`]));
    this.saved = false;
    this.message = '';
    if (Object.keys(this.errors).length) return;
    this.saving = true;
    try {
      const { status: _status, ...contest } = this.contest;
      const saved = await this.api.put<ContestSettings>(`/contests/${contest.slug}`, { ...contest, reportIssuer: trimmed });
      this.draft = { ...(saved.reportIssuer ?? trimmed) };
      this.saved = true;
      this.dispatchEvent(new CustomEvent('admin-report-issuer-saved', { bubbles: true, composed: true, detail: saved }));
    } catch (error) {
      this.errors = fieldErrors(error);
      this.message = errorMessage(error);
    } finally {
      this.saving = false;
    }
  }

  override render() {
    if (!this.draft) return nothing;
    const d = this.draft;
    return html`<section class="card stack" aria-labelledby="issuer-title">
      <h3 id="issuer-title">Tiêu đề báo cáo in</h3>
      <p class="muted">
        Báo cáo trình Ban Tổ chức (màn hình Xuất dữ liệu) in cơ quan ban hành ở góc trái và địa danh trước ngày tháng, theo thể thức văn bản
        hành chính.${this.contest.reportIssuer ? '' : ' Cuộc thi này chưa khai báo: báo cáo đang in theo kế hoạch mẫu (UBND tỉnh Thái Bình).'}
      </p>
      ${this.message ? html`<div class="error-box" role="alert">${this.message}</div>` : nothing}
      <div role="status">${this.saved ? html`<p class="success-box">Đã lưu tiêu đề báo cáo.</p>` : nothing}</div>
      <form class="stack" @submit=${this.save} novalidate>
        <fieldset class="plain" ?disabled=${!this.canWrite}>
          <div class="grid">
            ${FIELDS.map(({ key, label, hint }) => {
              const error = this.errors[`reportIssuer.${key}`];
              return html`<div class="field">
                <label for="issuer-${key}">${label}</label>
                <input
                  id="issuer-${key}"
                  name=${key}
                  .value=${d[key]}
                  @input=${(e: Event) => {
                    this.draft = { ...this.draft!, [key]: (e.target as HTMLInputElement).value };
                    this.saved = false;
                  }}
                  aria-invalid=${error ? 'true' : 'false'}
                  aria-describedby="issuer-${key}-hint${error ? ` issuer-${key}-error` : ''}"
                />
                <span class="hint" id="issuer-${key}-hint">${hint}</span> ${renderFieldError(`issuer-${key}-error`, error)}
              </div>`;
            })}
          </div>
        </fieldset>
        ${this.canWrite
          ? html`<div class="row"><button class="primary" type="submit" ?disabled=${this.saving}>${this.saving ? 'Đang lưu…' : 'Lưu tiêu đề báo cáo'}</button></div>`
          : nothing}
      </form>
    </section>`;
  }
}

customElements.get('admin-report-issuer') || customElements.define('admin-report-issuer', AdminReportIssuer);

declare global {
  interface HTMLElementTagNameMap {
    'admin-report-issuer': AdminReportIssuer;
  }
}
