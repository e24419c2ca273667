import { html, nothing, type TemplateResult } from 'lit';
import { AdminApiError } from './admin-api.js';

export type RowError = { row: number; field?: string; message: string };

/** The Vietnamese sentence to show for any failure: the server's own message when it sent one. */
export function errorMessage(error: unknown): string {
  if (error instanceof AdminApiError) return error.body.message;
  return 'Đã có lỗi không mong muốn. Vui lòng thử lại.';
}

/** The server's per-field messages (SPEC §3 `fields`), keyed by field path such as `prizes.individual.0.name`. */
export function fieldErrors(error: unknown): Record<string, string> {
  return error instanceof AdminApiError ? { ...(error.body.fields ?? {}) } : {};
}

/** The rows an import refused (SPEC §3 `rows`). */
export function rowErrors(error: unknown): RowError[] {
  return error instanceof AdminApiError && Array.isArray(error.body.rows) ? error.body.rows : [];
}

/** An error under a field, referenced by the control's `aria-describedby`. */
export function renderFieldError(id: string, message: string | undefined): TemplateResult | typeof nothing {
  return message ? html`<span class="error" id=${id}>${message}</span>` : nothing;
}

/** Column names of imported files, as organisers see them in their spreadsheet. */
const COLUMN_NAMES: Record<string, string> = {
  id: 'Mã',
  topic: 'Chủ đề',
  text: 'Câu hỏi',
  options: 'Các phương án',
  option_a: 'Phương án A',
  option_b: 'Phương án B',
  option_c: 'Phương án C',
  option_d: 'Phương án D',
  option_e: 'Phương án E',
  option_f: 'Phương án F',
  answer: 'Đáp án',
  explanation: 'Giải thích',
  name: 'Tên đơn vị',
  parent_id: 'Mã đơn vị cấp trên',
  parentId: 'Mã đơn vị cấp trên',
  kind: 'Loại',
  headcount: 'Số người',
  competes: 'Dự giải tập thể',
  id_number: 'Số định danh',
  phone: 'Số điện thoại',
};

/** The rows of an import the server refused, as a table: row number, column, what is wrong. */
export function renderRowErrors(rows: readonly RowError[], caption = 'Các dòng bị lỗi'): TemplateResult | typeof nothing {
  if (!rows.length) return nothing;
  return html`<div class="table-wrap">
    <table class="data row-errors">
      <caption>${caption} (${rows.length})</caption>
      <thead>
        <tr><th scope="col" class="num">Dòng</th><th scope="col">Cột</th><th scope="col">Lỗi</th></tr>
      </thead>
      <tbody>
        ${rows.map(
          (r) => html`<tr>
            <td class="num">${r.row}</td>
            <td>${r.field ? (COLUMN_NAMES[r.field] ?? r.field) : '—'}</td>
            <td>${r.message}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** The explanation shown where a jury token sees a screen without its write controls. */
export const READ_ONLY_NOTE = 'Mã truy cập của Ban Giám khảo chỉ được xem: các nút thay đổi dữ liệu đã được ẩn.';
