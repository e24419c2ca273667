/**
 * The attempts and contestants downloads as plain data (`ExportJob`), so that the sheet can be
 * built from it on any connection to the database: the server's own, the read-only one of the
 * export worker (exports/worker.ts), or over pages a store read (`attemptsSheets`,
 * `contestantsSheet`: PostgreSQL's). Light on imports for the same reason.
 */
import type { Db } from '../db/connection.js';
import { ALL_ROWS, attemptsForExport, contestantsForExport, unitNames, type RowidRange } from './queries.js';
import { attemptCsvLines, attemptRow, attemptsHeader, attemptsLayout, CONTESTANTS_HEADER, contestantRow, type AttemptRecord, type ContestantRecord } from './rules.js';
import { mapPages, type ExportFormat, type ExportSheet, type Pages } from './sheet.js';

interface JobBase {
  slug: string;
  format: ExportFormat;
  /** The contest's occupations as [id, name]: the files show names. */
  occupations: [id: string, name: string][];
}

export type AttemptsJob = JobBase & {
  kind: 'attempts';
  /** Every question of the bank, retired ones too, in bank order: one answer column each. */
  questionIds: string[];
};
export type ContestantsJob = JobBase & { kind: 'contestants' };
export type ExportJob = AttemptsJob | ContestantsJob;

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
  if (job.kind === 'contestants') return () => contestantsSheet(job, () => contestantsForExport(db, job.slug));
  const units = unitNames(db, job.slug);
  const sheetOf = attemptsSheets(job);
  return (range) => sheetOf(() => attemptsForExport(db, job.slug, range, units));
}

/**
 * The attempts sheet of `job` over pages of its records, from whichever store read them: what
 * every such sheet shares (the layout, the caches of the CSV lines) is worked out once. `records`
 * is called for the one of `pages` and `csvPages` the writer reads.
 */
export function attemptsSheets(job: AttemptsJob): (records: () => Pages<AttemptRecord>) => ExportSheet {
  const names = new Map(job.occupations);
  const layout = attemptsLayout(job.questionIds, (id) => names.get(id) ?? id);
  const line = attemptCsvLines(layout);
  const header = attemptsHeader(job.questionIds);
  return (records) => ({
    filename: exportFilename(job),
    sheetName: 'Lượt thi',
    header,
    widths: [24, 24, 28, 16, 13, 30, 20, 24, 10, 20, 26, 20, 26, 7, 7, 10, 10, 8, 8, 30],
    pages: mapPages(records(), (page) => page.map((attempt) => attemptRow(attempt, layout))),
    csvPages: mapPages(records(), (page) => page.map(line)),
  });
}

/** The contestants sheet of `job` over pages of its records. */
export function contestantsSheet(job: ContestantsJob, records: () => Pages<ContestantRecord>): ExportSheet {
  const names = new Map(job.occupations);
  const occupationName = (id: string) => names.get(id) ?? id;
  return {
    filename: exportFilename(job),
    sheetName: 'Thí sinh',
    header: CONTESTANTS_HEADER,
    widths: [24, 28, 12, 16, 13, 26, 16, 30, 20, 24, 20, 26, 10, 10],
    pages: mapPages(records(), (page) => page.map((contestant) => contestantRow(contestant, occupationName))),
  };
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
