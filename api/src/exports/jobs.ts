/**
 * The attempts and contestants downloads as plain data (`ExportJob`), so that the sheet can be
 * built from it on any connection to the database: the server's own, or the read-only one of the
 * export worker (exports/worker.ts). Light on imports for the same reason.
 */
import type { Db } from '../db/connection.js';
import { ALL_ROWS, attemptsForExport, contestantsForExport, unitNames, type RowidRange } from './queries.js';
import { attemptCsvLines, attemptRow, attemptsHeader, attemptsLayout, CONTESTANTS_HEADER, contestantRow } from './rules.js';
import type { ExportFormat, ExportSheet } from './sheet.js';

interface JobBase {
  slug: string;
  format: ExportFormat;
  /** The contest's occupations as [id, name]: the files show names. */
  occupations: [id: string, name: string][];
}

export type ExportJob =
  | (JobBase & {
      kind: 'attempts';
      /** Every question of the bank, retired ones too, in bank order: one answer column each. */
      questionIds: string[];
    })
  | (JobBase & { kind: 'contestants' });

/** The download's file name, without extension. */
export const exportFilename = (job: ExportJob): string => `${job.kind === 'attempts' ? 'luot-thi' : 'thi-sinh'}-${job.slug}`;

/** The sheet of `job`, read page by page from `db` as it is written. */
export function exportSheet(db: Db, job: ExportJob): ExportSheet {
  return exportSheets(db, job)(ALL_ROWS);
}

/**
 * The sheet of `job` restricted to a range of rowids, for each range asked: what the ranges have
 * in common (unit names, the layout, the caches of the CSV lines) is worked out once. Only
 * attempts exports are split in ranges; a contestants sheet always holds every contestant.
 */
export function exportSheets(db: Db, job: ExportJob): (range: RowidRange) => ExportSheet {
  const names = new Map(job.occupations);
  const occupationName = (id: string) => names.get(id) ?? id;
  const filename = exportFilename(job);
  if (job.kind === 'contestants') {
    return () => ({
      filename,
      sheetName: 'Thí sinh',
      header: CONTESTANTS_HEADER,
      widths: [24, 28, 12, 16, 13, 26, 16, 30, 20, 24, 20, 26, 10, 10],
      pages: (function* () {
        for (const page of contestantsForExport(db, job.slug)) yield page.map((contestant) => contestantRow(contestant, occupationName));
      })(),
    });
  }
  const layout = attemptsLayout(job.questionIds, occupationName);
  const units = unitNames(db, job.slug);
  const line = attemptCsvLines(layout);
  const header = attemptsHeader(job.questionIds);
  return (range) => ({
    filename,
    sheetName: 'Lượt thi',
    header,
    widths: [24, 24, 28, 16, 13, 30, 20, 24, 10, 20, 26, 20, 26, 7, 7, 10, 10, 8, 8, 30],
    pages: (function* () {
      for (const page of attemptsForExport(db, job.slug, range, units)) yield page.map((attempt) => attemptRow(attempt, layout));
    })(),
    csvPages: (function* () {
      for (const page of attemptsForExport(db, job.slug, range, units)) yield page.map(line);
    })(),
  });
}

// ── Parts: one attempts CSV written by several workers ───────────────────

/**
 * Rowids per block when workers share an attempts CSV: about two pages. The workers take the
 * blocks in turn (worker i the blocks i, i + n, i + 2n, …) and the file is their blocks in order,
 * so a worker is never more than its share of the messages in flight ahead of the others.
 */
export const BLOCK_ROWIDS = 4_096;

/** Which blocks of the table a worker writes: `index` of `count`, up to the table's end when the export began. */
export interface ExportPart {
  index: number;
  count: number;
  lastRowid: number;
}

/** Blocks 0 … n − 1 cover the rowids up to `lastRowid`; the last is open-ended, for attempts added meanwhile. */
export const blockCount = (lastRowid: number): number => Math.floor(lastRowid / BLOCK_ROWIDS) + 1;

/** The rowids of block `block` of `count`. */
export function blockRange(block: number, count: number): RowidRange {
  return { after: block * BLOCK_ROWIDS, upTo: block === count - 1 ? null : (block + 1) * BLOCK_ROWIDS };
}

/** The blocks `part` writes, in order. */
export function* blocksOf(part: ExportPart): Generator<number> {
  const count = blockCount(part.lastRowid);
  for (let block = part.index; block < count; block += part.count) yield block;
}
