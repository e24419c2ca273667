/**
 * Learning Đề án 06 (decision 0036): what the public answer page reads, and practice sets. Practice
 * sets live in their own table, never in attempts, so nothing that counts (rankings, figures,
 * exports, prizes) can see them.
 */
import { sql, type Db } from './connection.js';
import { getQuestion, listQuestions, type Question } from './contests.js';

/** A question drawn at least once for an attempt of the contest, with how submitted attempts answered it. */
export interface DrawnQuestion {
  question: Question;
  /** Submitted, not voided attempts that drew it. */
  answered: number;
  /** Of those, the ones whose saved answer is the question's current key. */
  right: number;
}

/**
 * Every question drawn for any attempt of the contest (whatever became of the attempt: whoever
 * started it saw the question), in bank order, retired ones too. Counted against the key as it is
 * now, so a corrected key (routes/regrade.ts) shows and counts corrected. One pass over the draws.
 */
export function drawnQuestions(db: Db, slug: string): DrawnQuestion[] {
  // Counted by (question, saved option), the key applied here: joining the questions for their key
  // in SQL cost about a third more (50,000 attempts of 20 questions, in memory, on the 2-core
  // development machine: 1.9–2.4 s with the join, 1.3–1.7 s without). The route keeps the result.
  const rows = sql<{ slug: string }, { questionId: string; optionIndex: number | null; counted: number }>(
    db,
    `SELECT aq.question_id AS questionId, aa.option_index AS optionIndex,
            SUM(a.status = 'submitted' AND a.voided_at IS NULL) AS counted
       FROM attempts a
       JOIN attempt_questions aq ON aq.attempt_id = a.id
       LEFT JOIN attempt_answers aa ON aa.attempt_id = aq.attempt_id AND aa.question_id = aq.question_id
      WHERE a.contest_slug = @slug
      GROUP BY 1, 2`,
  ).all({ slug });
  const byId = new Map<string, { optionIndex: number | null; counted: number }[]>();
  for (const row of rows) {
    let options = byId.get(row.questionId);
    if (!options) byId.set(row.questionId, (options = []));
    options.push(row);
  }
  return listQuestions(db, slug, true)
    .filter((question) => byId.has(question.id))
    .map((question) => {
      const options = byId.get(question.id)!;
      return {
        question,
        answered: options.reduce((sum, o) => sum + o.counted, 0),
        right: options.reduce((sum, o) => sum + (o.optionIndex === question.answer ? o.counted : 0), 0),
      };
    });
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

/** How long a practice set can be checked: long enough to read, think and look up every source. */
export const PRACTICE_SET_TTL_MS = 2 * 60 * 60 * 1000;

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
