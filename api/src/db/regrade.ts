import type { RankableAttempt, RankingCriterion } from '../domain/ranking.js';
import { namedPlaces, placesMoved, placesOf, scoreChanges, TOP_PLACES, type Places, type RegradeOutcome, type ScoreChange } from '../domain/regrade.js';
import { sql, type Db } from './connection.js';
import { rebuildParticipation, refreshParticipation } from './participation.js';
import { markResultsOutdated } from './results.js';

/**
 * Re-scoring after an answer key or options changed (decision 0024): every submitted attempt is
 * scored again from its saved answers against the key as it now stands, as `finalise`
 * (db/attempts.ts) scored it at submission: a drawn question counts when the saved bank option is
 * its answer. Voided attempts are re-scored too, so that their score stays true if a void is ever
 * looked at again; they still count nowhere.
 */

export type { RankChanges, RankPlace, RegradeOutcome, ScoreChange } from '../domain/regrade.js';

/** People whose score moves from which the maintained tables are rebuilt rather than refreshed. */
const BULK_FROM = 5_000;

/**
 * Re-scores a contest's submitted attempts, the current score next to the stored one; with
 * `questionIds` only attempts that drew one of those questions. Read in one pass, nothing written.
 */
function rescored(db: Db, slug: string, questionIds: readonly string[] | null): { attempts: number; changed: ScoreChange[] } {
  const rows = sql<{ slug: string; questions: string | null }, { attemptId: string; contestantId: string; name: string; before: number; after: number }>(
    db,
    `SELECT a.id AS attemptId, a.contestant_id AS contestantId, c.full_name AS name, a.score AS before,
       (SELECT COUNT(*) FROM attempt_questions aq
          JOIN questions q ON q.contest_slug = a.contest_slug AND q.id = aq.question_id
          JOIN attempt_answers x ON x.attempt_id = aq.attempt_id AND x.question_id = aq.question_id
        WHERE aq.attempt_id = a.id AND x.option_index = q.answer) AS after
     FROM attempts a JOIN contestants c ON c.id = a.contestant_id
     WHERE a.contest_slug = @slug AND a.status = 'submitted'
       AND (@questions IS NULL OR EXISTS (SELECT 1 FROM attempt_questions z WHERE z.attempt_id = a.id AND z.question_id IN (SELECT value FROM json_each(@questions))))
     ORDER BY a.id`,
  ).iterate({ slug, questions: questionIds === null ? null : JSON.stringify(questionIds) });
  return scoreChanges(rows);
}

/** Submitted attempts that drew one of the questions and whose score the current keys would change. */
export function attemptsAffectedByQuestions(db: Db, slug: string, questionIds: readonly string[]): number {
  return questionIds.length === 0 ? 0 : rescored(db, slug, questionIds).changed.length;
}

/**
 * Every participant's place, from the standings with the domain comparator (the order the SQL
 * ranking is held to): the ranking a regrade moves is compared in full, not only its head.
 */
function places(db: Db, slug: string, order: readonly RankingCriterion[], actual: number): Places {
  const rows = sql<[string], RankableAttempt>(
    db,
    `SELECT attempt_id AS attemptId, contestant_id AS contestantId, score, prediction, duration_ms AS durationMs, submitted_at AS submittedAt
     FROM standings WHERE contest_slug = ?`,
  ).all(slug);
  return placesOf(rows, order, actual);
}

function named(db: Db, head: readonly RankableAttempt[]) {
  const nameOf = sql<[string], string>(db, 'SELECT full_name FROM contestants WHERE id = ?').pluck();
  return namedPlaces(head, (id) => nameOf.get(id));
}

/** Thrown to undo a dry run's writes once its outcome is known. */
class DryRun extends Error {
  constructor(readonly outcome: RegradeOutcome) {
    super('dry run');
  }
}

export interface RegradeOptions {
  dryRun: boolean;
  order: readonly RankingCriterion[];
  /** The prediction's actual figure as the maintained figures stand (a regrade may move it). */
  actual: () => number;
  now: Date;
  /** People re-scored from which every maintained table is rebuilt instead (tests set it low). */
  bulkFrom?: number;
  /** Runs inside the regrade's transaction once the scores are written (the audit entry). */
  record?: (outcome: RegradeOutcome) => void;
}

/**
 * Re-scores every submitted attempt of a contest in ONE transaction: the scores, then the maintained
 * figures and standings of everyone whose score moved (`refreshParticipation`), then published
 * results are marked outdated when a score changed. A dry run does the same and rolls it back, so
 * what it answers (score and rank changes) is exactly what applying would do, and nothing is kept.
 */
export function regradeContest(db: Db, slug: string, options: RegradeOptions): RegradeOutcome {
  try {
    return db.transaction((): RegradeOutcome => {
      const before = places(db, slug, options.order, options.actual());
      const { attempts, changed } = rescored(db, slug, null);
      const update = sql(db, `UPDATE attempts SET score = ? WHERE id = ? AND status = 'submitted'`);
      for (const change of changed) update.run(change.after, change.attemptId);
      const people = new Set(changed.map((change) => change.contestant.id));
      // The refresh keeps indexes and bucket counts up row by row per person; for a key fix that
      // moves many people the bulk rebuild (indexes built once, decision 0011) should be faster —
      // BULK_FROM is an estimate, not a measurement.
      if (people.size >= (options.bulkFrom ?? BULK_FROM)) rebuildParticipation(db);
      else refreshParticipation(db, people);
      const after = places(db, slug, options.order, options.actual());
      const moved = placesMoved(before, after);
      const outdated = changed.length > 0 && markResultsOutdated(db, slug, options.now);
      const outcome: RegradeOutcome = {
        attempts,
        changed,
        rankChanges: { moved, top: TOP_PLACES, before: named(db, before.head), after: named(db, after.head) },
        outdated,
      };
      if (options.dryRun) throw new DryRun(outcome);
      options.record?.(outcome);
      return outcome;
    })();
  } catch (error) {
    if (error instanceof DryRun) return error.outcome;
    throw error;
  }
}
