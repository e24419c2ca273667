import Database from 'better-sqlite3';
import type { AttemptRecord, ContestantRecord } from './rules.js';
import { sql, type Db } from '../db/connection.js';

/**
 * A read-only connection of its own to the contest database, for an export worker thread: in WAL
 * mode it reads committed data while the server's connection writes, and it never writes itself.
 */
export function openExportReader(path: string): Db {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}

/**
 * Exports read whole tables page by page with keyset pagination on rowid: each page is one short
 * query, so the shared connection is never held by an open cursor while a slow client downloads.
 * A page of 2,000 attempts takes about 10 ms to read and write out (measured with
 * scripts/bench-export.mjs), which bounds how long other requests wait behind it; smaller
 * pages cost throughput in per-page overhead (a query, a write, a turn of the event loop).
 *
 * The contest filter is written `+x.contest_slug = ?`: the unary plus keeps SQLite from reading
 * the page through an index that starts with contest_slug (contestants_by_unit was chosen), which
 * scans and sorts the whole contest for every page — quadratic, 2,000 rows/s at 500,000 contestants.
 */
export const EXPORT_PAGE_SIZE = 2_000;

/** Rowids in (`after`, `upTo`]; `upTo` null for no upper bound. */
export interface RowidRange {
  after: number;
  upTo: number | null;
}

export const ALL_ROWS: RowidRange = { after: 0, upTo: null };

/** SQLite's largest rowid: the bound of a range without one. */
const MAX_ROWID = 9223372036854775807n;

/** Pages of rows after `after` (a rowid), until a short page; fetched lazily, one per iteration step. */
export function* keysetPages<R>(fetch: (after: number, limit: number) => { rows: R[]; last: number }, pageSize = EXPORT_PAGE_SIZE, after = 0): Generator<R[]> {
  for (;;) {
    const { rows, last } = fetch(after, pageSize);
    if (rows.length) yield rows;
    if (rows.length < pageSize) return;
    after = last;
  }
}

/** The highest rowid of the attempts table now: where an export's parts of the table end. */
export function lastAttemptRowid(db: Db): number {
  return sql<[], [number | null]>(db, 'SELECT max(rowid) FROM attempts').raw(true).get()![0] ?? 0;
}

/** Unit id → name for a contest: a few thousand rows at most, looked up in memory rather than joined per row. */
export function unitNames(db: Db, slug: string): Map<string, string> {
  const rows = sql<[string], [string, string]>(db, 'SELECT id, name FROM units WHERE contest_slug = ?').raw(true).all(slug);
  return new Map(rows);
}

// Statements return arrays (`.raw()`), not objects: better-sqlite3 builds an object row several
// times slower than an array, and an export reads millions of them.
export type AttemptColumns = [
  rowid: number,
  id: string,
  contestantId: string,
  fullName: string,
  idNumber: string,
  phone: string,
  unitId: string,
  occupation: string,
  source: string | null,
  status: 'inProgress' | 'submitted',
  startedAt: string,
  submittedAt: string | null,
  score: number | null,
  total: number,
  durationMs: number | null,
  prediction: number | null,
  autoSubmitted: number,
  voidedAt: string | null,
  voidReason: string | null,
  answers: string | null,
];

/** An attempt's export record from its columns (the rowid first), its unit named by `units`: one reading for both stores. */
export function attemptRecord(r: AttemptColumns, units: ReadonlyMap<string, string>): AttemptRecord {
  return {
    id: r[1],
    contestantId: r[2],
    fullName: r[3],
    idNumber: r[4],
    phone: r[5],
    unitName: units.get(r[6]) ?? r[6],
    occupation: r[7],
    source: r[8],
    status: r[9],
    startedAt: r[10],
    submittedAt: r[11],
    score: r[12],
    total: r[13],
    durationMs: r[14],
    prediction: r[15],
    autoSubmitted: r[16],
    voidedAt: r[17],
    voidReason: r[18],
    answers: r[19],
  };
}

/**
 * Every attempt of a contest (of `range` of rowids) with its contestant and saved answers, page by page in rowid order.
 * Answers come folded into one "questionId:optionIndex,…" string per attempt (the encoding of
 * `AttemptRecord.answers`): a page is then one row per attempt rather than one per answer.
 */
export function* attemptsForExport(
  db: Db,
  slug: string,
  range: RowidRange = ALL_ROWS,
  units: ReadonlyMap<string, string> = unitNames(db, slug),
  pageSize = EXPORT_PAGE_SIZE,
): Generator<AttemptRecord[]> {
  const statement = sql<[string, number, number | bigint, number], AttemptColumns>(
    db,
    `SELECT a.rowid, a.id, a.contestant_id, c.full_name, c.id_number, c.phone, c.unit_id, c.occupation,
            COALESCE(a.source, c.source), a.status, a.started_at, a.submitted_at, a.score, a.total,
            a.duration_ms, a.prediction, a.auto_submitted, a.voided_at, a.void_reason,
            (SELECT group_concat(aa.question_id || ':' || aa.option_index) FROM attempt_answers aa WHERE aa.attempt_id = a.id)
     FROM attempts a
     JOIN contestants c ON c.id = a.contestant_id
     WHERE +a.contest_slug = ? AND a.rowid > ? AND a.rowid <= ?
     ORDER BY a.rowid
     LIMIT ?`,
  ).raw(true);
  const upTo = range.upTo ?? MAX_ROWID;
  yield* keysetPages((after, limit) => {
    const rows = statement.all(slug, after, upTo, limit);
    const records = rows.map((r) => attemptRecord(r, units));
    return { rows: records, last: rows.length ? rows[rows.length - 1]![0] : after };
  }, pageSize, range.after);
}

export type ContestantColumns = [
  rowid: number,
  id: string,
  fullName: string,
  birthDate: string,
  idNumber: string,
  phone: string,
  email: string | null,
  unitId: string,
  occupation: string,
  source: string | null,
  createdAt: string,
  extraAttempts: number,
  attemptsUsed: number,
  publishName: number,
  guardianFullName: string | null,
  guardianRelationship: string | null,
  guardianPhone: string | null,
  guardianPublishName: number | null,
];

/** A contestant's export record from their columns (the rowid first), their unit named by `units`: one reading for both stores. */
export function contestantRecord(r: ContestantColumns, units: ReadonlyMap<string, string>): ContestantRecord {
  return {
    id: r[1],
    fullName: r[2],
    birthDate: r[3],
    idNumber: r[4],
    phone: r[5],
    email: r[6],
    unitId: r[7],
    unitName: units.get(r[7]) ?? r[7],
    occupation: r[8],
    source: r[9],
    createdAt: r[10],
    extraAttempts: r[11],
    attemptsUsed: r[12],
    publishName: r[13] === 1,
    guardian: r[14] === null ? null : { fullName: r[14], relationship: r[15] ?? '', phone: r[16] ?? '', publishName: r[17] === null ? null : r[17] === 1 },
  };
}

/** Every registered contestant of a contest, page by page in registration (rowid) order. */
export function* contestantsForExport(db: Db, slug: string, pageSize = EXPORT_PAGE_SIZE): Generator<ContestantRecord[]> {
  const units = unitNames(db, slug);
  const statement = sql<[string, number, number], ContestantColumns>(
    db,
    `SELECT c.rowid, c.id, c.full_name, c.birth_date, c.id_number, c.phone, c.email, c.unit_id, c.occupation, c.source,
            c.created_at, c.extra_attempts,
            (SELECT COUNT(*) FROM attempts a WHERE a.contestant_id = c.id),
            c.publish_name, c.guardian_full_name, c.guardian_relationship, c.guardian_phone, c.guardian_publish_name
     FROM contestants c
     WHERE +c.contest_slug = ? AND c.rowid > ?
     ORDER BY c.rowid
     LIMIT ?`,
  ).raw(true);
  yield* keysetPages((after, limit) => {
    const rows = statement.all(slug, after, limit);
    const records = rows.map((r) => contestantRecord(r, units));
    return { rows: records, last: rows.length ? rows[rows.length - 1]![0] : after };
  }, pageSize);
}
