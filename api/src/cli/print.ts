/** How the command line shows things to organisers: Vietnamese numbers, times and plain tables. */

const NUMBER = new Intl.NumberFormat('vi-VN');
const DECIMAL = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const PERCENT = new Intl.NumberFormat('vi-VN', { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const TIME = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

export const formatNumber = (n: number): string => NUMBER.format(n);
export const formatPercent = (ratio: number): string => PERCENT.format(ratio);
export const formatSeconds = (ms: number): string => `${DECIMAL.format(ms / 1000)} giây`;
export const formatVnd = (vnd: number): string => `${NUMBER.format(vnd)} đ`;
/** Contest times are shown in Vietnam time, as organisers read them. */
export const formatTime = (iso: string): string => `${TIME.format(new Date(iso))} (giờ Việt Nam)`;

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${NUMBER.format(bytes)} byte`;
  if (bytes < 1024 * 1024) return `${DECIMAL.format(bytes / 1024)} KB`;
  return `${DECIMAL.format(bytes / (1024 * 1024))} MB`;
}

/** Columns padded to their widest cell, two spaces apart. */
export function table(headers: readonly string[], rows: readonly (readonly unknown[])[]): string[] {
  const cells = [headers, ...rows].map((row) => row.map((cell) => (cell === null || cell === undefined ? '—' : String(cell)).normalize('NFC')));
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => [...(row[i] ?? '')].length)));
  return cells.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i]! - [...cell].length))).join('  '));
}

/** The API's error shape (SPEC §3), as far as a response carries it. */
export interface ApiErrorBody {
  code?: string;
  message?: string;
  fields?: Record<string, string>;
  rows?: { row: number; field?: string; message: string }[];
}

/**
 * A refusal as organisers read it: the message, every refused field, and every refused row of a file
 * ("Dòng 5, cột answer: …" for CSV and Excel, "Mục 3, trường answer: …" for a JSON list).
 */
export function errorLines(status: number, error: ApiErrorBody | null, rowsAre: 'lines' | 'items' = 'lines'): string[] {
  if (!error?.message) return [`Lỗi: máy chủ trả lời mã ${status}.`];
  const lines = [`Lỗi: ${error.message}`];
  for (const [field, message] of Object.entries(error.fields ?? {})) {
    lines.push(field === '_' ? `  ${message}` : `  «${field}»: ${message}`);
  }
  const [rowWord, fieldWord] = rowsAre === 'lines' ? ['Dòng', 'cột'] : ['Mục', 'trường'];
  for (const row of error.rows ?? []) {
    const where = [row.row > 0 ? `${rowWord} ${row.row}` : null, row.field ? `${fieldWord} ${row.field}` : null].filter(Boolean).join(', ');
    lines.push(where ? `  ${where}: ${row.message}` : `  ${row.message}`);
  }
  return lines;
}

/** The `error` object of an API response, or null when the body is not the error shape. */
export async function readApiError(response: Response): Promise<ApiErrorBody | null> {
  try {
    const body = (await response.json()) as { error?: ApiErrorBody };
    return body && typeof body.error === 'object' ? body.error : null;
  } catch {
    return null;
  }
}
