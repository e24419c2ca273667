import type { AttemptRecord, ContestantRecord } from '../domain/exports.js';
import { sql, type Db } from './connection.js';

/**
 * Exports read whole tables page by page with keyset pagination on rowid: each page is one short
 * query, so the shared connection is never held by an open cursor while a slow client downloads.
 * Attempt rows are wide (one column per question of the bank): 500 of them take a few tens of
 * milliseconds to turn into CSV or XLSX, which bounds how long other requests wait behind a page.
 */
export const EXPORT_PAGE_SIZE = 500;

/** Pages of rows after `after` (a rowid), until a short page; fetched lazily, one per iteration step. */
export function* keysetPages<R extends { rowid: number }>(fetch: (after: number, limit: number) => R[], pageSize = EXPORT_PAGE_SIZE): Generator<R[]> {
  let after = 0;
  for (;;) {
    const rows = fetch(after, pageSize);
    if (rows.length) yield rows;
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]!.rowid;
  }
}

/** An attempt as the export reads it: the record the export's rows are made from, with its rowid. */
export interface AttemptExportRow extends AttemptRecord {
  rowid: number;
  autoSubmitted: number;
  answers: Map<string, number>;
}

/** One page of a contest's attempts with their contestants and saved answers, in rowid order. */
export function attemptsExportPage(db: Db, slug: string, after: number, limit: number): AttemptExportRow[] {
  // Answers come folded into one "questionId:optionIndex,…" string per attempt: a page is then
  // one row per attempt rather than one per answer, several times faster to read.
  const rows = sql<[string, number, number], Omit<AttemptExportRow, 'answers'> & { answers: string | null }>(
    db,
    `SELECT a.rowid AS rowid, a.id, a.contestant_id AS contestantId, c.full_name AS fullName, c.id_number AS idNumber,
            c.phone, COALESCE(u.name, c.unit_id) AS unitName, c.occupation, COALESCE(a.source, c.source) AS source,
            a.status, a.started_at AS startedAt, a.submitted_at AS submittedAt, a.score, a.total,
            a.duration_ms AS durationMs, a.prediction, a.auto_submitted AS autoSubmitted,
            a.voided_at AS voidedAt, a.void_reason AS voidReason,
            (SELECT group_concat(aa.question_id || ':' || aa.option_index) FROM attempt_answers aa WHERE aa.attempt_id = a.id) AS answers
     FROM attempts a
     JOIN contestants c ON c.id = a.contestant_id
     LEFT JOIN units u ON u.contest_slug = a.contest_slug AND u.id = c.unit_id
     WHERE a.contest_slug = ? AND a.rowid > ?
     ORDER BY a.rowid
     LIMIT ?`,
  ).all(slug, after, limit);
  return rows.map((row) => {
    const answers = new Map<string, number>();
    // Question ids are [A-Za-z0-9_-]: neither ":" nor "," can occur inside one.
    if (row.answers) {
      for (const pair of row.answers.split(',')) {
        const colon = pair.lastIndexOf(':');
        answers.set(pair.slice(0, colon), Number(pair.slice(colon + 1)));
      }
    }
    return { ...row, answers };
  });
}

/** A registered contestant as the export reads it, with its rowid. */
export interface ContestantExportRow extends ContestantRecord {
  rowid: number;
}

/** One page of a contest's registered contestants, in registration (rowid) order. */
export function contestantsExportPage(db: Db, slug: string, after: number, limit: number): ContestantExportRow[] {
  return sql<[string, number, number], ContestantExportRow>(
    db,
    `SELECT c.rowid AS rowid, c.id, c.full_name AS fullName, c.birth_date AS birthDate, c.id_number AS idNumber,
            c.phone, c.email, c.unit_id AS unitId, COALESCE(u.name, c.unit_id) AS unitName, c.occupation, c.source,
            c.created_at AS createdAt, c.extra_attempts AS extraAttempts,
            (SELECT COUNT(*) FROM attempts a WHERE a.contestant_id = c.id) AS attemptsUsed
     FROM contestants c
     LEFT JOIN units u ON u.contest_slug = c.contest_slug AND u.id = c.unit_id
     WHERE c.contest_slug = ? AND c.rowid > ?
     ORDER BY c.rowid
     LIMIT ?`,
  ).all(slug, after, limit);
}
