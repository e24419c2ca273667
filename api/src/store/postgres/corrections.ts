import type { RankableAttempt } from '../../domain/ranking.js';
import { namedPlaces, outdatedPayload, placesMoved, placesOf, regradeAuditDetail, scoreChanges, TOP_PLACES, type Places, type RegradeOutcome } from '../../domain/regrade.js';
import type { Contestant } from '../../db/contestants.js';
import type { Contest } from '../../domain/contest.js';
import { predictionActual } from '../../domain/prediction.js';
import { attemptSummary } from '../../routes/views.js';
import type { CorrectionStore, NotFound } from '../store.js';
import { finaliseOverdueAttempts } from './attempts.js';
import { recordAudit } from './audit.js';
import { refreshParticipation } from './figures.js';
import type { PostgresStoreDeps } from './index.js';
import { inTransaction } from './pool.js';
import { contestCounts } from './ranking.js';
import { all, attemptById, contestBySlug, CONTESTANT_COLUMNS, one, type Queryable } from './rows.js';

const NO_CONTEST: NotFound = Object.freeze({ kind: 'notFound', what: 'contest' });
const NO_ATTEMPT: NotFound = Object.freeze({ kind: 'notFound', what: 'attempt' });
const NO_CONTESTANT: NotFound = Object.freeze({ kind: 'notFound', what: 'contestant' });

/**
 * Submitted attempts of contest `slug` scored again against the key as it stands (db/regrade.ts
 * `rescored`): a drawn question counts when the saved bank option is its answer. With
 * `questionIds`, only attempts that drew one of them.
 */
export async function rescored(db: Queryable, slug: string, questionIds: readonly string[] | null) {
  const rows = await all<{ attemptId: string; contestantId: string; name: string; before: number; after: number }>(
    db,
    `SELECT a.id AS "attemptId", a.contestant_id AS "contestantId", c.full_name AS name, a.score AS before,
       (SELECT COUNT(*) FROM attempt_questions aq
          JOIN questions q ON q.contest_slug = a.contest_slug AND q.id = aq.question_id
          JOIN attempt_answers x ON x.attempt_id = aq.attempt_id AND x.question_id = aq.question_id
        WHERE aq.attempt_id = a.id AND x.option_index = q.answer) AS after
     FROM attempts a JOIN contestants c ON c.id = a.contestant_id
     WHERE a.contest_slug = $1 AND a.status = 'submitted'
       AND ($2::text[] IS NULL OR EXISTS (SELECT 1 FROM attempt_questions z WHERE z.attempt_id = a.id AND z.question_id = ANY($2::text[])))
     ORDER BY a.id`,
    [slug, questionIds],
  );
  return scoreChanges(rows);
}

async function places(db: Queryable, contest: Contest): Promise<Places> {
  const actual = predictionActual(contest.predictionTarget, await contestCounts(db, contest.slug));
  const rows = await all<RankableAttempt>(
    db,
    `SELECT attempt_id AS "attemptId", contestant_id AS "contestantId", score, prediction, duration_ms AS "durationMs", submitted_at AS "submittedAt"
     FROM standings WHERE contest_slug = $1`,
    [contest.slug],
  );
  return placesOf(rows, contest.rankingOrder, actual);
}

async function named(db: Queryable, head: readonly RankableAttempt[]) {
  const names = await all<{ id: string; name: string }>(db, 'SELECT id, full_name AS name FROM contestants WHERE id = ANY($1::text[])', [head.map((a) => a.contestantId)]);
  const nameOf = new Map(names.map((row) => [row.id, row.name]));
  return namedPlaces(head, (id) => nameOf.get(id));
}

/** db/results.ts `markResultsOutdated`: the contest's and its rounds' published results, in the payload as SQLite writes it. */
async function markResultsOutdated(db: Queryable, slug: string, now: Date): Promise<boolean> {
  let marked = 0;
  for (const table of ['results', 'round_results'] as const) {
    const rows = await all<{ key: string; payload: string }>(db, `SELECT ctid::text AS key, payload FROM ${table} WHERE contest_slug = $1 FOR UPDATE`, [slug]);
    for (const row of rows) {
      await db.query(`UPDATE ${table} SET payload = $1 WHERE ctid = $2::tid`, [outdatedPayload(row.payload, now), row.key]);
      marked++;
    }
  }
  return marked > 0;
}

/** Thrown to undo a dry run's writes once its outcome is known. */
class DryRun extends Error {
  constructor(readonly outcome: RegradeOutcome) {
    super('dry run');
  }
}

/**
 * Corrections over PostgreSQL, the same outcomes, rows and audit entries as the SQLite store. A
 * regrade locks the contest's row (so it queues behind a publication or another regrade on any
 * node), then the contestants whose scores move, in id order, before their attempts: the lock
 * order of every write to a contestant's attempts.
 */
export function postgresCorrections({ pool, clock }: PostgresStoreDeps): CorrectionStore {
  return {
    async regrade(slug, dryRun, actor) {
      const contest = await contestBySlug(pool, slug);
      if (!contest) return NO_CONTEST;
      const now = clock();
      // Attempts left open past their deadline are scored first, with the key as it now stands.
      await finaliseOverdueAttempts(pool, slug, now);
      try {
        return await inTransaction(pool, async (db) => {
          await db.query('SELECT 1 FROM contests WHERE slug = $1 FOR UPDATE', [slug]);
          const before = await places(db, contest);
          const { attempts, changed } = await rescored(db, slug, null);
          const people = [...new Set(changed.map((change) => change.contestant.id))].sort();
          if (people.length > 0) {
            await db.query('SELECT 1 FROM contestants WHERE id = ANY($1::text[]) ORDER BY id FOR NO KEY UPDATE', [people]);
            await db.query(
              `UPDATE attempts a SET score = v.score FROM unnest($1::text[], $2::bigint[]) AS v(id, score) WHERE a.id = v.id AND a.status = 'submitted'`,
              [changed.map((change) => change.attemptId), changed.map((change) => change.after)],
            );
            for (const id of people) await refreshParticipation(db, id);
          }
          const after = await places(db, contest);
          const outdated = changed.length > 0 && (await markResultsOutdated(db, slug, now));
          const outcome: RegradeOutcome = {
            attempts,
            changed,
            rankChanges: { moved: placesMoved(before, after), top: TOP_PLACES, before: await named(db, before.head), after: await named(db, after.head) },
            outdated,
          };
          if (dryRun) throw new DryRun(outcome);
          await recordAudit(db, { at: now.toISOString(), actor, action: 'contest.regrade', target: slug, detail: regradeAuditDetail(outcome) });
          return outcome;
        });
      } catch (error) {
        if (error instanceof DryRun) return error.outcome;
        throw error;
      }
    },
    voidAttempt(id, reason, actor) {
      return inTransaction(pool, async (db) => {
        const owner = await one<{ contestantId: string }>(db, 'SELECT contestant_id AS "contestantId" FROM attempts WHERE id = $1', [id]);
        if (!owner) return NO_ATTEMPT;
        await db.query('SELECT 1 FROM contestants WHERE id = $1 FOR NO KEY UPDATE', [owner.contestantId]);
        const before = (await attemptById(db, id, true))!;
        if (before.voidedAt !== null) return { kind: 'alreadyVoided' as const };
        const now = clock();
        await db.query('UPDATE attempts SET voided_at = $1, void_reason = $2 WHERE id = $3', [now.toISOString(), reason, id]);
        await refreshParticipation(db, before.contestantId);
        await recordAudit(db, {
          at: now.toISOString(),
          actor,
          action: 'attempt.void',
          target: id,
          detail: { reason, contestantId: before.contestantId, before: attemptSummary(before) },
        });
        return { before, after: (await attemptById(db, id))! };
      });
    },
    grant(slug, id, attempts, reason, actor) {
      return inTransaction(pool, async (db) => {
        const before = await one<Contestant>(db, `SELECT ${CONTESTANT_COLUMNS} FROM contestants c WHERE c.id = $1 AND c.contest_slug = $2 FOR NO KEY UPDATE`, [id, slug]);
        if (!before) return NO_CONTESTANT;
        const now = clock();
        const contestant = (await one<Contestant>(
          db,
          `UPDATE contestants c SET extra_attempts = extra_attempts + $1 WHERE c.id = $2 RETURNING ${CONTESTANT_COLUMNS}`,
          [attempts, id],
        ))!;
        await recordAudit(db, { at: now.toISOString(), actor, action: 'contestant.grant', target: id, detail: { reason, attempts, extraBefore: before.extraAttempts } });
        const used = (await one<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM attempts WHERE contestant_id = $1', [id]))!.n;
        return { contestant, attemptsUsed: used };
      });
    },
  };
}
