import type { RankingRecord } from '../domain/exports.js';
import type { ContestCounts } from '../domain/prediction.js';
import type { RankingCriterion } from '../domain/ranking.js';
import type { UnitCount } from '../domain/units.js';
import { sql, type Db } from './connection.js';

/**
 * An attempt counts when it is submitted, not voided, and its contestant is not on the
 * exclusion list. Every count, ranking and statistic uses this one definition.
 */
export const COUNTING = `a.status = 'submitted' AND a.voided_at IS NULL AND NOT EXISTS (
  SELECT 1 FROM exclusions x WHERE x.contest_slug = a.contest_slug
    AND ((x.kind = 'idNumber' AND x.value = c.id_number) OR (x.kind = 'phone' AND x.value = c.phone)))`;

/**
 * The ranking chain of domain/ranking.ts (`compareAttempts`) written as SQL ORDER BY terms, so
 * the database picks each contestant's best attempt and sorts without loading every attempt.
 * A test holds the two to the same order.
 */
const ORDER_TERMS: Record<RankingCriterion, string> = {
  score: 'a.score DESC',
  prediction: '(a.prediction IS NULL), ABS(a.prediction - @actual)',
  duration: 'a.duration_ms',
  submittedAt: 'a.submitted_at',
};

function orderBy(order: readonly RankingCriterion[]): string {
  return [...order.map((criterion) => ORDER_TERMS[criterion]), 'a.id'].join(', ');
}

/** Participants, counting attempts and people with a perfect attempt, from the maintained figures. */
export function contestCounts(db: Db, slug: string): ContestCounts {
  return sql<[string], ContestCounts>(
    db,
    `SELECT COALESCE(SUM(participants), 0) AS participants, COALESCE(SUM(attempts), 0) AS attempts,
       COALESCE(SUM(perfect_participants), 0) AS perfectParticipants
     FROM unit_participation WHERE contest_slug = ?`,
  ).get(slug)!;
}

/** One person's best counting attempt in the ranking, with what the jury's export needs. */
export interface RankedEntry extends RankingRecord {
  contestantId: string;
  unitId: string;
}

/** Each contestant's best counting attempt, ranked; `limit` null for the whole ranking. */
export function ranking(
  db: Db,
  slug: string,
  order: readonly RankingCriterion[],
  actual: number,
  limit: number | null,
): RankedEntry[] {
  const terms = orderBy(order);
  const rows = sql<{ slug: string; actual: number; limit: number }, Omit<RankedEntry, 'rank'>>(
    db,
    `WITH best AS (
       SELECT a.id, a.contestant_id, a.score, a.total, a.duration_ms, a.prediction, a.submitted_at,
              ROW_NUMBER() OVER (PARTITION BY a.contestant_id ORDER BY ${terms}) AS nth
       FROM attempts a JOIN contestants c ON c.id = a.contestant_id
       WHERE a.contest_slug = @slug AND ${COUNTING})
     SELECT a.id AS attemptId, a.contestant_id AS contestantId, c.full_name AS fullName, c.unit_id AS unitId,
            COALESCE(u.name, c.unit_id) AS unitName, c.birth_date AS birthDate, c.id_number AS idNumber,
            c.phone, c.email, c.occupation, a.score, a.total, a.duration_ms AS durationMs, a.prediction,
            a.submitted_at AS submittedAt
     FROM best a
     JOIN contestants c ON c.id = a.contestant_id
     LEFT JOIN units u ON u.contest_slug = c.contest_slug AND u.id = c.unit_id
     WHERE a.nth = 1
     ORDER BY ${terms}
     LIMIT @limit`,
  ).all({ slug, actual, limit: limit ?? -1 });
  return rows.map((row, index) => ({ ...row, rank: index + 1 }));
}

/** Per unit the contestants registered with (no roll-up): participants, counting attempts, best scores. */
export function unitCounts(db: Db, slug: string): UnitCount[] {
  return sql<[string], UnitCount>(
    db,
    `SELECT unit_id AS unitId, participants, attempts, best_score_sum AS bestScoreSum
     FROM unit_participation WHERE contest_slug = ? AND participants > 0`,
  ).all(slug);
}
