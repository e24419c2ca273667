/**
 * What a download is, independent of where it is written: the organisers' files as pages of rows,
 * and the CSV text of a sheet. Imported by the export worker (exports/worker.ts) as well as the
 * server, so it must stay free of heavy modules (exceljs, hono).
 */
import { CSV_BOM, csvLine } from '../domain/csv.js';
import type { ExportCell } from './rules.js';
import { WRITE_CHARS } from './xlsx-stream.js';

export type ExportFormat = 'csv' | 'xlsx';
export type { ExportCell };

/**
 * Pages of a download, each read only when the writer asks for the next: synchronous where the
 * rows come from SQLite on this thread, asynchronous where they come from a pool of connections
 * (PostgreSQL). The writers take both.
 */
export type Pages<T> = Iterable<readonly T[]> | AsyncIterable<readonly T[]>;

export interface ExportSheet {
  /** File name without extension, ASCII. */
  filename: string;
  sheetName: string;
  /** Vietnamese column titles. */
  header: readonly string[];
  /** Column widths in characters for XLSX, by position; others get a width from the title. */
  widths?: readonly (number | undefined)[];
  /**
   * Rows page by page. Each page is fetched only when the previous one has been written, so a
   * page query never holds the shared database connection while the client is slow.
   */
  pages: Pages<readonly ExportCell[]>;
  /**
   * The same rows as CSV lines (CRLF-terminated), page by page, when the export writes them
   * straight from its records; otherwise the CSV is made from `pages`. Only one of the two is read.
   */
  csvPages?: Pages<string>;
}

/**
 * The CSV file of `sheet` (BOM and header first unless `withHeader` is false: a later part of a file), page by page, each page in pieces of about
 * `WRITE_CHARS` characters: the writer hands each piece on, and lets other work run between pages.
 */
export async function* csvPieces(sheet: ExportSheet, withHeader = true): AsyncGenerator<string[]> {
  if (withHeader) yield [CSV_BOM + csvLine(sheet.header)];
  const pages = sheet.csvPages ?? linesOf(sheet.pages);
  for await (const lines of pages) {
    const pieces: string[] = [];
    let piece: string[] = [];
    let length = 0;
    for (const line of lines) {
      piece.push(line);
      length += line.length;
      if (length >= WRITE_CHARS) {
        pieces.push(piece.join(''));
        piece = [];
        length = 0;
      }
    }
    if (piece.length) pieces.push(piece.join(''));
    yield pieces;
  }
}

async function* linesOf(pages: ExportSheet['pages']): AsyncGenerator<string[]> {
  for await (const page of pages) yield page.map(csvLine);
}

/** Records' pages mapped page by page, read only as the result is (sync pages stay sync). */
export function mapPages<T, U>(pages: Pages<T>, map: (page: readonly T[]) => U[]): Pages<U> {
  if (Symbol.asyncIterator in pages) {
    return (async function* () {
      for await (const page of pages) yield map(page);
    })();
  }
  return (function* () {
    for (const page of pages) yield map(page);
  })();
}
