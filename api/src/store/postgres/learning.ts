import { questionFromRow, type QuestionRow } from '../../db/contests.js';
import type { PracticeSetRow } from '../../db/learning.js';
import { contestStatus } from '../../domain/contest.js';
import { countDraw, drawnQuestionsOf, drawPractice, judgePractice, PRACTICE_SET_TTL_MS, practicePool } from '../../domain/learning.js';
import { newId } from '../../tokens.js';
import type { LearningStore, NotFound } from '../store.js';
import { finaliseOverdueAttempts } from './attempts.js';
import type { PostgresStoreDeps } from './index.js';
import { inTransaction } from './pool.js';
import { all, contestBySlug, one, questionsInUse } from './rows.js';

const NO_CONTEST: NotFound = Object.freeze({ kind: 'notFound', what: 'contest' });

/**
 * The answer page and practice sets over PostgreSQL (decision 0036), with the SQLite store's rows
 * and answers. Practice sets live in `practice_sets` only: nothing that counts reads that table.
 */
export function postgresLearning({ pool, clock, random }: PostgresStoreDeps): LearningStore {
  return {
    async answersVersion(contest) {
      await finaliseOverdueAttempts(pool, contest.slug, clock());
      return (await one<{ version: number }>(pool, 'SELECT version FROM figure_versions WHERE contest_slug = $1', [contest.slug]))?.version ?? 0;
    },

    // One statement: unlike SQLite's counting in blocks (db/learning.ts), the count runs in the
    // database server, so this node's event loop is free meanwhile.
    async drawnQuestions(contest) {
      const rows = await all<{ questionId: string; optionIndex: number | null; counted: number }>(
        pool,
        `SELECT aq.question_id AS "questionId", aa.option_index AS "optionIndex",
                COUNT(*) FILTER (WHERE a.status = 'submitted' AND a.voided_at IS NULL) AS counted
           FROM attempts a
           JOIN attempt_questions aq ON aq.attempt_id = a.id
           LEFT JOIN attempt_answers aa ON aa.attempt_id = aq.attempt_id AND aa.question_id = aq.question_id
          WHERE a.contest_slug = $1
          GROUP BY 1, 2`,
        [contest.slug],
      );
      const counted = new Map<string, Map<number | null, number>>();
      for (const row of rows) countDraw(counted, row.questionId, row.optionIndex, row.counted);
      const bank = await all<QuestionRow>(pool, 'SELECT * FROM questions WHERE contest_slug = $1 ORDER BY position', [contest.slug]);
      return drawnQuestionsOf(bank.map(questionFromRow), counted);
    },

    async startPractice(slug, body) {
      const contest = await contestBySlug(pool, slug);
      if (!contest) return NO_CONTEST;
      await body();
      const now = clock();
      const available = practicePool(contest, contestStatus(contest, now), await questionsInUse(pool, contest.slug));
      if (!available.available) return { kind: 'unavailable', message: available.message };
      const questions = drawPractice(available.questions, contest, random);
      const id = newId();
      const expiresAt = new Date(now.getTime() + PRACTICE_SET_TTL_MS).toISOString();
      await inTransaction(pool, async (db) => {
        await db.query('DELETE FROM practice_sets WHERE expires_at <= $1', [now.toISOString()]);
        await db.query('INSERT INTO practice_sets (id, contest_slug, question_ids, option_orders, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [
          id,
          contest.slug,
          JSON.stringify(questions.map(({ question }) => question.id)),
          JSON.stringify(questions.map(({ optionOrder }) => optionOrder)),
          now.toISOString(),
          expiresAt,
        ]);
      });
      return { kind: 'started', id, contest, questions, expiresAt };
    },

    async checkPractice(setId, answer) {
      const set = await practiceSet(setId, clock());
      if (!set) return { kind: 'gone' };
      const body = await answer();
      const [contest, question] = await Promise.all([
        contestBySlug(pool, set.contestSlug),
        one<QuestionRow>(pool, 'SELECT * FROM questions WHERE contest_slug = $1 AND id = $2', [set.contestSlug, body.questionId]),
      ]);
      return judgePractice(set.questions, body, contest, question && questionFromRow(question), clock());
    },
  };

  /** A practice set that has not expired at `now` (db/learning.ts `getPracticeSet`). */
  async function practiceSet(id: string, now: Date): Promise<PracticeSetRow | null> {
    const row = await one<{ id: string; contestSlug: string; questionIds: string; optionOrders: string; expiresAt: string }>(
      pool,
      `SELECT id, contest_slug AS "contestSlug", question_ids AS "questionIds", option_orders AS "optionOrders", expires_at AS "expiresAt"
         FROM practice_sets WHERE id = $1 AND expires_at > $2`,
      [id, now.toISOString()],
    );
    if (!row) return null;
    const ids = JSON.parse(row.questionIds) as string[];
    const orders = JSON.parse(row.optionOrders) as number[][];
    return { id: row.id, contestSlug: row.contestSlug, expiresAt: row.expiresAt, questions: ids.map((questionId, i) => ({ questionId, optionOrder: orders[i]! })) };
  }
}
