import { css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { errorMessage } from '../feedback.js';
import { consoleStyles } from '../styles.js';
import { ConsoleScreen } from '../console-screen.js';

type Format = 'csv' | 'xlsx';

/** The organisers' downloads (api/src/exports/routes.ts), in the order they are usually needed. */
export const EXPORTS = [
  {
    id: 'ranking',
    title: 'Bảng xếp hạng đầy đủ',
    description: 'Mỗi người một dòng theo thứ hạng, kèm ngày sinh, số định danh, điện thoại, thư điện tử để Ban Giám khảo liên hệ.',
    path: (slug: string) => `/contests/${slug}/ranking`,
    file: 'xep-hang',
  },
  {
    id: 'attempts',
    title: 'Tất cả lượt thi',
    description: 'Mỗi lượt thi một dòng, kèm phương án đã chọn cho từng câu hỏi, để hậu kiểm.',
    path: (slug: string) => `/contests/${slug}/attempts`,
    file: 'luot-thi',
  },
  {
    id: 'contestants',
    title: 'Danh sách thí sinh',
    description: 'Mọi người đã đăng ký, kể cả người chưa nộp bài, với đơn vị, đối tượng và trang đăng ký.',
    path: (slug: string) => `/contests/${slug}/contestants`,
    file: 'thi-sinh',
  },
  {
    id: 'certificates',
    title: 'Giấy chứng nhận đã cấp',
    description: 'Mã xác minh của từng giấy chứng nhận theo đơn vị, kèm địa chỉ xác minh và còn hiệu lực hay không (quyết định 0037).',
    path: (slug: string) => `/contests/${slug}/certificates`,
    file: 'giay-chung-nhan',
  },
] as const;

const FORMAT_WORDS: Record<Format, string> = { csv: 'CSV', xlsx: 'Excel (XLSX)' };

/**
 * Downloads for organisers and the jury: the ranking, every attempt and every contestant as CSV or
 * Excel, and the printable report. Each request carries the admin token, so files are fetched and
 * then handed to the browser rather than linked.
 */
export class AdminExports extends ConsoleScreen {
  static override styles = [
    consoleStyles,
    css`
      .exports {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 20rem), 1fr));
        gap: var(--space-4);
      }
      .card h3 {
        font-size: 1.1rem;
      }
    `,
  ];

  /** Downloads under way, by `<export>.<format>`. */
  @state() private busy = new Set<string>();
  @state() private errors: Record<string, string> = {};
  @state() private done = '';


  private async fetchFile(key: string, path: string, fileName: string): Promise<void> {
    this.busy = new Set(this.busy).add(key);
    const { [key]: _, ...others } = this.errors;
    this.errors = others;
    this.done = '';
    try {
      await this.api.download(path, fileName);
      this.done = `Đã tải xong tệp ${fileName}.`;
    } catch (error) {
      this.errors = { ...this.errors, [key]: errorMessage(error) };
    } finally {
      const busy = new Set(this.busy);
      busy.delete(key);
      this.busy = busy;
    }
  }

  private downloadExport(id: (typeof EXPORTS)[number]['id'], format: Format): void {
    const item = EXPORTS.find((e) => e.id === id)!;
    const slug = encodeURIComponent(this.slug);
    void this.fetchFile(`${id}.${format}`, `${item.path(slug)}?format=${format}`, `${item.file}-${this.slug}.${format}`);
  }

  override render() {
    return html`<section class="stack" aria-labelledby="exports-title">
      <h2 id="exports-title">Xuất dữ liệu</h2>
      <p class="notice-box">
        Các tệp có dữ liệu cá nhân (số định danh, điện thoại). Chỉ lưu trên máy của Ban Tổ chức, Ban Giám khảo và không gửi qua kênh công
        khai.
      </p>
      <div class="exports">
        ${EXPORTS.map(
          (item) => html`<section class="card stack" aria-labelledby=${`export-${item.id}`} aria-describedby=${`export-${item.id}-desc`}>
            <h3 id=${`export-${item.id}`}>${item.title}</h3>
            <p id=${`export-${item.id}-desc`} class="muted">${item.description}</p>
            <div class="row">
              ${(['xlsx', 'csv'] as const).map((format) => {
                const key = `${item.id}.${format}`;
                const busy = this.busy.has(key);
                return html`<button
                  type="button"
                  data-export=${key}
                  aria-busy=${busy ? 'true' : 'false'}
                  ?disabled=${busy}
                  @click=${() => this.downloadExport(item.id, format)}
                >
                  ${busy ? `Đang tải ${FORMAT_WORDS[format]}…` : `Tải ${FORMAT_WORDS[format]}`}<span class="visually-hidden">
                    — ${item.title}</span
                  >
                </button>`;
              })}
            </div>
            ${(['xlsx', 'csv'] as const).map((format) => {
              const error = this.errors[`${item.id}.${format}`];
              return error ? html`<p class="error-box" role="alert">Không tải được tệp ${FORMAT_WORDS[format]}: ${error}</p>` : nothing;
            })}
          </section>`,
        )}
        <section class="card stack" aria-labelledby="export-report">
          <h3 id="export-report">Báo cáo tổng hợp (bản in)</h3>
          <p class="muted">
            Một trang cho lãnh đạo tỉnh: số liệu tổng, tham gia theo đơn vị và đối tượng, diễn biến theo ngày, danh sách đoạt giải. Mở tệp
            đã tải bằng trình duyệt rồi chọn In (Ctrl + P).
          </p>
          <div class="row">
            <button
              type="button"
              data-export="report"
              aria-busy=${this.busy.has('report') ? 'true' : 'false'}
              ?disabled=${this.busy.has('report')}
              @click=${() =>
                void this.fetchFile('report', `/contests/${encodeURIComponent(this.slug)}/report`, `bao-cao-${this.slug}.html`)}
            >
              ${this.busy.has('report') ? 'Đang tải báo cáo…' : 'Tải báo cáo để in'}
            </button>
          </div>
          ${this.errors.report ? html`<p class="error-box" role="alert">Không tải được báo cáo: ${this.errors.report}</p>` : nothing}
        </section>
      </div>
      <div role="status">${this.done ? html`<p class="success-box">${this.done}</p>` : nothing}</div>
    </section>`;
  }
}

const TAG = 'admin-exports';
customElements.get(TAG) || customElements.define(TAG, AdminExports);

declare global {
  interface HTMLElementTagNameMap {
    'admin-exports': AdminExports;
  }
}
