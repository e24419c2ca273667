/**
 * Spreadsheets in: imported CSV and XLSX bodies become rows of cell texts (read with exceljs, the
 * only module that knows it). Downloads stream from api/src/exports/ (responses.ts), which writes
 * XLSX itself: exceljs's streaming writer managed a tenth of the rows per second.
 */
import ExcelJS from 'exceljs';
import type { Context } from 'hono';
import { csvSeparator, decodeCsv, parseCsv } from '../domain/csv.js';
import { isBlankRow, type Table } from '../domain/table.js';
import { ApiError } from './errors.js';
import { isJsonContentType } from './validate.js';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** More rows than any real import (20,000 units, 10,000 exclusions, a few thousand questions). */
const MAX_IMPORT_ROWS = 100_000;
const MAX_IMPORT_COLUMNS = 200;

export type UploadKind = 'json' | 'csv' | 'xlsx';

/** What an import body is, from its content type; 415 UNSUPPORTED_MEDIA_TYPE for anything else. */
export function uploadKind(contentType: string | undefined, what: string): UploadKind {
  const type = (contentType ?? '').trim();
  if (isJsonContentType(type)) return 'json';
  if (/^text\/csv\s*(?:;|$)/i.test(type)) return 'csv';
  if (type.toLowerCase().split(';')[0]!.trim() === XLSX_CONTENT_TYPE) return 'xlsx';
  throw new ApiError(
    'UNSUPPORTED_MEDIA_TYPE',
    `${what} phải ở dạng JSON (application/json), CSV (text/csv) hoặc Excel .xlsx (${XLSX_CONTENT_TYPE})`,
  );
}

/**
 * The rows of an uploaded CSV (its encoding and separator read from the bytes: domain/csv.ts) or
 * of a workbook's first worksheet. A CSV that cannot be read is refused with what it is and how
 * to save it as one that can.
 */
export async function readTable(c: Context, kind: 'csv' | 'xlsx'): Promise<Table> {
  if (kind === 'csv') {
    const decoded = decodeCsv(new Uint8Array(await c.req.arrayBuffer()));
    if (decoded.kind === 'refused') throw new ApiError('VALIDATION', decoded.message, { file: decoded.message });
    const separator = csvSeparator(decoded.text);
    if (separator.kind === 'refused') throw new ApiError('VALIDATION', separator.message, { file: separator.message });
    const table = parseCsv(decoded.text, separator.separator);
    if (table.length > MAX_IMPORT_ROWS) throw tooManyRows();
    return table;
  }
  return xlsxTable(Buffer.from(await c.req.arrayBuffer()));
}

const unreadable = () =>
  new ApiError('VALIDATION', 'Không đọc được tệp Excel: tệp bị hỏng hoặc không phải tệp .xlsx', { _: 'Hãy lưu lại tệp bằng Excel ở dạng .xlsx rồi gửi lại' });
const tooManyRows = () => new ApiError('VALIDATION', `Tệp có quá nhiều dòng (tối đa ${MAX_IMPORT_ROWS.toLocaleString('vi-VN')} dòng)`);

/** The first worksheet as the texts Excel displays; blank rows at the end are dropped. */
export async function xlsxTable(body: Buffer): Promise<Table> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(body as unknown as ExcelJS.Buffer);
  } catch {
    throw unreadable();
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw unreadable();
  const table: string[][] = [];
  let failure: ApiError | null = null;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (failure) return;
    if (rowNumber > MAX_IMPORT_ROWS) {
      failure = tooManyRows();
      return;
    }
    const cells: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      if (column <= MAX_IMPORT_COLUMNS) cells[column - 1] = cellText(cell.value, cell.numFmt);
    });
    table[rowNumber - 1] = Array.from(cells, (cell) => cell ?? '');
  });
  if (failure) throw failure;
  const rows = Array.from(table, (cells) => cells ?? []);
  while (rows.length && isBlankRow(rows[rows.length - 1])) rows.pop();
  return rows;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** A cell's value as Excel shows it: numbers, dates, rich text, links and formula results as text. */
export function cellText(value: ExcelJS.CellValue, numFmt?: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    // A "000000000000" format shows the leading zeros of ID numbers and phones typed as numbers.
    if (numFmt && /^0+$/.test(numFmt) && Number.isInteger(value)) return String(value).padStart(numFmt.length, '0');
    return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15)));
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    // exceljs reads Excel's serial dates as UTC instants of the wall-clock time written.
    const date = `${pad2(value.getUTCDate())}/${pad2(value.getUTCMonth() + 1)}/${value.getUTCFullYear()}`;
    const hasTime = value.getUTCHours() || value.getUTCMinutes() || value.getUTCSeconds();
    return hasTime ? `${date} ${pad2(value.getUTCHours())}:${pad2(value.getUTCMinutes())}:${pad2(value.getUTCSeconds())}` : date;
  }
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('hyperlink' in value) return cellText(value.text as ExcelJS.CellValue, numFmt);
  if ('error' in value) return value.error;
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result as ExcelJS.CellValue, numFmt);
  return '';
}
