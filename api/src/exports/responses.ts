/**
 * Downloads as HTTP responses: a sheet (or several) streamed as UTF-8 CSV with BOM or as an XLSX
 * workbook written by xlsx-stream.ts, a page at a time, never ahead of what the client has taken.
 */
import { PassThrough, Readable } from 'node:stream';
import type { Context } from 'hono';
import { stream } from 'hono/streaming';
import { XLSX_CONTENT_TYPE } from '../http/spreadsheet.js';
import { csvPieces, type ExportCell, type ExportFormat, type ExportSheet } from './sheet.js';
import { writeXlsxSheets } from './xlsx-stream.js';

export type { ExportCell, ExportFormat, ExportSheet };

/** What else a download may be given: when it is made (the workbook's entries carry that time; now by default). */
export interface DownloadOptions {
  at?: Date;
}

/** The headers of a download: its type, and an attachment named `filename`.csv or .xlsx. */
export function exportHeaders(c: Context, format: ExportFormat, filename: string): void {
  c.header('Content-Disposition', `attachment; filename="${filename}.${format}"`);
  c.header('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_CONTENT_TYPE);
}

/** A download of `sheet`, streamed as UTF-8 CSV with BOM or as an XLSX workbook, made on this thread. */
export function exportResponse(c: Context, format: ExportFormat, sheet: ExportSheet, options: DownloadOptions = {}): Response {
  exportHeaders(c, format, sheet.filename);
  return format === 'csv' ? csvResponse(c, sheet) : xlsxResponse(c, sheet, options);
}

function csvResponse(c: Context, sheet: ExportSheet): Response {
  return stream(
    c,
    async (out) => {
      // Awaiting each write holds the next page back until the client has taken this one.
      for await (const pieces of csvPieces(sheet)) {
        if (out.aborted) return;
        for (const piece of pieces) await out.write(piece);
        await nextTurn();
      }
    },
    async (error) => logExportError(c, error),
  );
}

/**
 * A turn of the event loop between pages. Writes that the client takes at once resolve as
 * microtasks only, which would starve zlib, the socket and every other request until the end.
 */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Bytes buffered towards the client before the next page is produced. */
const XLSX_HIGH_WATER = 1024 * 1024;

/**
 * A download of several tables: an XLSX workbook with one worksheet each, or, as CSV (one table
 * per file), `csv`: the same rows in one table that says which one each row belongs to.
 */
export function workbookResponse(c: Context, format: ExportFormat, sheets: readonly ExportSheet[], csv: ExportSheet): Response {
  exportHeaders(c, format, csv.filename);
  return format === 'csv' ? csvResponse(c, csv) : xlsxResponse(c, sheets);
}

function xlsxResponse(c: Context, sheet: ExportSheet | readonly ExportSheet[], options: DownloadOptions = {}): Response {
  const output = new PassThrough({ highWaterMark: XLSX_HIGH_WATER });
  void writeXlsxSheets(output, Array.isArray(sheet) ? sheet : [sheet], { betweenPages: nextTurn, modifiedAt: options.at }).then(
    () => {
      if (!output.destroyed) output.end();
    },
    (error: unknown) => {
      if (output.destroyed) return; // the client went away: nothing to report
      logExportError(c, error);
      output.destroy(error instanceof Error ? error : new Error(String(error)));
    },
  );
  return c.body(Readable.toWeb(output) as unknown as ReadableStream<Uint8Array>, 200);
}

export function logExportError(c: Context, error: unknown): void {
  console.error(`[lỗi] ${c.req.method} ${c.req.path}: xuất tệp bị gián đoạn:`, error instanceof Error ? error.message : error);
}
