import { css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { errorMessage, fieldErrors, READ_ONLY_NOTE } from '../feedback.js';
import { formatNumber } from '../format.js';
import { consoleStyles } from '../styles.js';
import { ConsoleScreen } from '../console-screen.js';
import type { Contest, ContestStatus } from '../../../api/src/domain/contest.js';
import type { ContestStatsResponse } from '../../../api/src/routes/stats.js';

/** `GET /api/admin/contests/:slug`: the server's own type, with its status. */
type ContestSettings = Contest & { status?: ContestStatus };

/** The one script tag a host site pastes (README, "Nhúng vào trang"). */
export function scriptSnippet(quizOrigin: string, slug: string): string {
  return `<script src="${quizOrigin}/de-an-06-quiz.js" data-contest="${slug}" async></script>`;
}

/**
 * The iframe for sites whose editor strips scripts, and the few lines that let it take the height
 * its page reports (decision 0035); only messages from the quiz server are trusted.
 */
export function iframeSnippet(quizOrigin: string, slug: string): string {
  return `<iframe src="${quizOrigin}/embed/${slug}" title="Cuộc thi trắc nghiệm" style="width:100%;border:0;height:640px" loading="lazy"></iframe>
<script>
  addEventListener('message', function (e) {
    if (e.origin !== '${quizOrigin}' || !e.data || e.data.type !== 'de-an-06-quiz:height') return;
    document.querySelectorAll('iframe').forEach(function (f) {
      if (f.contentWindow === e.source) f.style.height = e.data.height + 'px';
    });
  });
</script>`;
}

/** An origin as typed ("https://baothaibinh.com.vn/tin-tuc") → "https://baothaibinh.com.vn", or null. */
export function originOf(text: string): string | null {
  try {
    const url = new URL(text.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * "Nhúng vào trang": for each host site the contest allows, the script-tag and iframe snippets to
 * paste (with copy buttons) and how many people that site brought (the validated `source` of
 * registrations and attempts); an organiser adds a site to the allowlist here (the contest PUT).
 */
export class AdminEmbed extends ConsoleScreen {
  static override styles = [
    consoleStyles,
    css`
      pre {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        background: #f6f6f4;
        border: 1px solid #ddd;
        border-radius: 6px;
        padding: var(--space-3, 12px);
        font-size: 0.85rem;
        margin: 0;
      }
      #origin {
        flex: 1 1 20rem;
        min-width: 0;
      }
    `,
  ];

  @state() private contest: ContestSettings | null = null;
  @state() private stats: ContestStatsResponse | null = null;
  @state() private error = '';
  @state() private draft = '';
  @state() private fieldError = '';
  @state() private saving = false;
  @state() private saved = '';
  @state() private copied = '';

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    if (this.contestChanged(changed)) void this.load();
  }

  private async load(): Promise<void> {
    const slug = encodeURIComponent(this.slug);
    this.error = '';
    try {
      const [contest, stats] = await Promise.all([
        this.api.get<ContestSettings>(`/contests/${slug}`),
        this.api.get<ContestStatsResponse>(`/contests/${slug}/stats`),
      ]);
      this.contest = contest;
      this.stats = stats;
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  private async addOrigin(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (!this.canWrite || !this.contest) return;
    this.saved = '';
    const origin = originOf(this.draft);
    if (!origin) {
      this.fieldError = 'Địa chỉ trang chủ phải bắt đầu bằng https:// hoặc http://, ví dụ https://baothaibinh.com.vn';
      return;
    }
    if (this.contest.allowedOrigins.includes(origin)) {
      this.fieldError = `${origin} đã có trong danh sách.`;
      return;
    }
    this.fieldError = '';
    this.saving = true;
    try {
      // The contest PUT replaces the whole contest: send it back as loaded, with the site added.
      const { slug: _slug, status: _status, ...body } = this.contest;
      this.contest = await this.api.put<ContestSettings>(`/contests/${encodeURIComponent(this.slug)}`, {
        ...body,
        allowedOrigins: [...this.contest.allowedOrigins, origin],
      });
      this.draft = '';
      this.saved = `Đã thêm ${origin}. Trang này gọi được cuộc thi ngay, không cần khởi động lại máy chủ.`;
    } catch (error) {
      this.fieldError = fieldErrors(error).allowedOrigins ?? errorMessage(error);
    } finally {
      this.saving = false;
    }
  }

  private async copy(text: string, what: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      this.copied = `Đã sao chép ${what}.`;
    } catch {
      this.copied = `Không sao chép tự động được: hãy chọn đoạn mã ${what} rồi bấm Ctrl+C.`;
    }
  }

  private participation(origin: string): { participants: number; attempts: number } | null {
    const host = new URL(origin).hostname;
    return this.stats?.bySource.find((s) => s.source === host) ?? null;
  }

  override render() {
    const contest = this.contest;
    const quizOrigin = location.origin;
    return html`<section class="stack" aria-labelledby="embed-title">
      <h2 id="embed-title">Nhúng vào trang</h2>
      <p class="muted">
        Trang chủ của cơ quan, báo, đài dán một thẻ script để có cả cuộc thi trên trang của mình. Trình soạn thảo nào bỏ thẻ script (và trang
        AMP) thì dùng khung iframe. Trang chủ phải có trong danh sách dưới đây thì mới gọi được cuộc thi.
      </p>
      ${this.canWrite ? nothing : html`<p class="notice-box">${READ_ONLY_NOTE}</p>`}
      ${this.error ? html`<p class="error-box" role="alert">${this.error}</p>` : nothing}
      ${contest
        ? html`${this.canWrite
              ? html`<form class="card stack" @submit=${this.addOrigin} novalidate>
                  <label for="origin">Thêm trang chủ được nhúng (địa chỉ trang, ví dụ https://baothaibinh.com.vn)</label>
                  <div class="row">
                    <input
                      id="origin"
                      name="origin"
                      type="url"
                      inputmode="url"
                      autocomplete="url"
                      .value=${this.draft}
                      aria-invalid=${this.fieldError ? 'true' : 'false'}
                      aria-describedby=${this.fieldError ? 'origin-error' : nothing}
                      @input=${(e: Event) => (this.draft = (e.target as HTMLInputElement).value)}
                    />
                    <button type="submit" class="primary" ?disabled=${this.saving} aria-busy=${this.saving ? 'true' : 'false'}>
                      ${this.saving ? 'Đang lưu…' : 'Thêm trang'}
                    </button>
                  </div>
                  ${this.fieldError ? html`<p id="origin-error" class="error-box" role="alert">${this.fieldError}</p>` : nothing}
                  <div role="status">${this.saved ? html`<p class="success-box">${this.saved}</p>` : nothing}</div>
                </form>`
              : nothing}
            ${contest.allowedOrigins.length
              ? contest.allowedOrigins.map((origin) => this.renderSite(origin, quizOrigin, contest.slug))
              : html`<p class="notice-box">Chưa có trang chủ nào được phép nhúng cuộc thi này.</p>`}
            <div role="status">${this.copied ? html`<p class="success-box">${this.copied}</p>` : nothing}</div>
            ${this.renderSources()}`
        : this.error
          ? nothing
          : html`<p role="status">Đang tải…</p>`}
    </section>`;
  }

  private renderSite(origin: string, quizOrigin: string, slug: string) {
    const id = origin.replace(/[^a-z0-9]+/gi, '-');
    const figures = origin === '*' ? null : this.participation(origin);
    const script = scriptSnippet(quizOrigin, slug);
    const iframe = iframeSnippet(quizOrigin, slug);
    return html`<section class="card stack" aria-labelledby=${`site-${id}`} data-origin=${origin}>
      <h3 id=${`site-${id}`}>${origin === '*' ? 'Mọi trang (*)' : origin}</h3>
      <p class="muted" data-participation>
        ${figures
          ? `${formatNumber(figures.participants)} người dự thi, ${formatNumber(figures.attempts)} lượt thi từ trang này.`
          : 'Chưa có lượt thi nào từ trang này.'}
      </p>
      <h4>Thẻ script (khuyên dùng)</h4>
      <pre>${script}</pre>
      <div class="row">
        <button type="button" data-copy="script" @click=${() => void this.copy(script, 'thẻ script')}>
          Sao chép thẻ script<span class="visually-hidden"> cho ${origin}</span>
        </button>
      </div>
      <h4>Khung iframe (trang không cho dán script, trang AMP)</h4>
      <pre>${iframe}</pre>
      <div class="row">
        <button type="button" data-copy="iframe" @click=${() => void this.copy(iframe, 'khung iframe')}>
          Sao chép khung iframe<span class="visually-hidden"> cho ${origin}</span>
        </button>
      </div>
    </section>`;
  }

  private renderSources() {
    const rows = this.stats?.bySource ?? [];
    return html`<section class="card stack" aria-labelledby="sources-title">
      <h3 id="sources-title">Tham gia theo trang</h3>
      ${rows.length
        ? html`<table>
            <thead>
              <tr>
                <th scope="col">Trang</th>
                <th scope="col">Người dự thi</th>
                <th scope="col">Lượt thi</th>
              </tr>
            </thead>
            <tbody>
              ${rows.map(
                (r) => html`<tr>
                  <td>${r.source || '(không rõ)'}</td>
                  <td>${formatNumber(r.participants)}</td>
                  <td>${formatNumber(r.attempts)}</td>
                </tr>`,
              )}
            </tbody>
          </table>`
        : html`<p class="muted">Chưa có ai dự thi.</p>`}
    </section>`;
  }
}

const TAG = 'admin-embed';
customElements.get(TAG) || customElements.define(TAG, AdminEmbed);

declare global {
  interface HTMLElementTagNameMap {
    'admin-embed': AdminEmbed;
  }
}
