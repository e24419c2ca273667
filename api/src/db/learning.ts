/**
 * Learning Đề án 06 (decision 0036): what the public answer page reads, and practice sets. Practice
 * sets live in their own table, never in attempts, so nothing that counts (rankings, figures,
 * exports, prizes) can see them.
 */
import { setImmediate } from 'node:timers/promises';
import { sql, type Db } from './connection.js';
import { getQuestion, listQuestions, type Question } from './contests.js';
import { countDraw, drawnQuestionsOf, type DrawnQuestion as DomainDrawnQuestion } from '../domain/learning.js';

/** A question drawn at least once for an attempt of the contest, with how submitted attempts answered it. */
export type DrawnQuestion = DomainDrawnQuestion<Question>;

/** Attempts counted per query: a block of about 80,000 drawn questions, tens of milliseconds. */
export const ANSWER_COUNT_BLOCK = 4_096;

/**
 * Every question drawn for any attempt of the contest (whatever became of the attempt: whoever
 * started it saw the question), in bank order, retired ones too. Counted against the key as it is
 * now, so a corrected key (routes/regrade.ts) shows and counts corrected.
 *
 * Counted by blocks of attempts (by rowid), with a turn of the event loop between blocks: one query
 * over every attempt blocked the server for 1.3–1.7 s at 50,000 attempts of 20 questions (in memory,
 * on the 2-core development machine), so minutes at a province's millions. Writes that land between
 * blocks are those after the close (a void, an erasure), which move the figures' version: the
 * caller keeps the result under the version read before counting and counts again.
 */
export async function drawnQuestions(db: Db, slug: string, blockSize = ANSWER_COUNT_BLOCK): Promise<DrawnQuestion[]> {
  // Counted by (question, saved option), the key applied here: joining the questions for their key
  // in SQL cost about a third more.
  const block = sql<{ slug: string; after: number; upTo: number }, { questionId: string; optionIndex: number | null; counted: number }>(
    db,
    `SELECT aq.question_id AS questionId, aa.option_index AS optionIndex,
            SUM(a.status = 'submitted' AND a.voided_at IS NULL) AS counted
       FROM attempts a
       JOIN attempt_questions aq ON aq.attempt_id = a.id
       LEFT JOIN attempt_answers aa ON aa.attempt_id = aq.attempt_id AND aa.question_id = aq.question_id
      WHERE a.rowid > @after AND a.rowid <= @upTo AND a.contest_slug = @slug
      GROUP BY 1, 2`,
  );
  const lastRowid = sql<[string], number | null>(db, 'SELECT MAX(rowid) FROM attempts WHERE contest_slug = ?').pluck().get(slug) ?? 0;
  const counted = new Map<string, Map<number | null, number>>();
  for (let after = 0; after < lastRowid; after += blockSize) {
    if (after > 0) await setImmediate();
    for (const row of block.all({ slug, after, upTo: after + blockSize })) countDraw(counted, row.questionId, row.optionIndex, row.counted);
  }
  return drawnQuestionsOf(listQuestions(db, slug, true), counted);
}

/**
 * What the answer page shows may have changed when this moves: the figures' version (decision 0011)
 * moves with every counted attempt, void, erasure and contest change, and (migration of decision
 * 0036) every question added or changed. One primary-key read; practice sets never move it.
 */
export function answersVersion(db: Db, slug: string): number {
  return sql<[string], number>(db, 'SELECT version FROM figure_versions WHERE contest_slug = ?').pluck().get(slug) ?? 0;
}

// ── Practice sets ────────────────────────────────────────────────────────

export { PRACTICE_SET_TTL_MS } from '../domain/learning.js';

export interface PracticeSetRow {
  id: string;
  contestSlug: string;
  /** Drawn questions in shown order, each with its options' shown order (bank index at each position). */
  questions: { questionId: string; optionOrder: number[] }[];
  expiresAt: string;
}

/** Stores a practice set, removing the sets that have expired on the way (one transaction). */
export function savePracticeSet(db: Db, set: PracticeSetRow, now: Date): void {
  db.transaction(() => {
    sql(db, 'DELETE FROM practice_sets WHERE expires_at <= ?').run(now.toISOString());
    sql(db, 'INSERT INTO practice_sets (id, contest_slug, question_ids, option_orders, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      set.id,
      set.contestSlug,
      JSON.stringify(set.questions.map((q) => q.questionId)),
      JSON.stringify(set.questions.map((q) => q.optionOrder)),
      now.toISOString(),
      set.expiresAt,
    );
  })();
}

/** A practice set that has not expired at `now`, or null (unknown or expired: the same to the caller). */
export function getPracticeSet(db: Db, id: string, now: Date): PracticeSetRow | null {
  const row = sql<[string, string], { id: string; contestSlug: string; questionIds: string; optionOrders: string; expiresAt: string }>(
    db,
    `SELECT id, contest_slug AS contestSlug, question_ids AS questionIds, option_orders AS optionOrders, expires_at AS expiresAt
       FROM practice_sets WHERE id = ? AND expires_at > ?`,
  ).get(id, now.toISOString());
  if (!row) return null;
  const ids = JSON.parse(row.questionIds) as string[];
  const orders = JSON.parse(row.optionOrders) as number[][];
  return { id: row.id, contestSlug: row.contestSlug, expiresAt: row.expiresAt, questions: ids.map((questionId, i) => ({ questionId, optionOrder: orders[i]! })) };
}

/** The contest a practice set belongs to (expired or not), or null: one primary-key lookup, for CORS. */
export function practiceSetContestSlug(db: Db, id: string): string | null {
  return sql<[string], string>(db, 'SELECT contest_slug FROM practice_sets WHERE id = ?').pluck().get(id) ?? null;
}

/** A question of a practice set as the bank holds it now (retired ones too). */
export function practiceQuestion(db: Db, slug: string, id: string): Question | null {
  return getQuestion(db, slug, id);
}
