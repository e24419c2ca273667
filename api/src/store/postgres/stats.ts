import { unitFromRow, type UnitRow } from '../../db/contests.js';
import { roundsOf } from '../../domain/rounds.js';
import { contestStatsOf, contestStatsResponse, roundStatsOf, type ContestStats, type Figure } from '../../domain/stats.js';
import type { UnitCount } from '../../domain/units.js';
import type { NotFound, StatsStore } from '../store.js';
import { finaliseOverdueAttempts } from './attempts.js';
import type { PostgresStoreDeps } from './index.js';
import { contestCounts, readRound, roundUnitCounts } from './ranking.js';
import { inTransaction } from './pool.js';
import { all, contestBySlug, one, type Queryable } from './rows.js';

const NO_CONTEST: NotFound = Object.freeze({ kind: 'notFound', what: 'contest' });
const NO_ROUND: NotFound = Object.freeze({ kind: 'notFound', what: 'round' });

/** db/stats.ts `contestStats`: the maintained sums (the views over the counters' shards), shaped by the domain. */
export async function contestStats(db: Queryable, slug: string): Promise<ContestStats> {
  const small = (await one<{ inProgress: number; voided: number }>(
    db,
    `SELECT (SELECT COUNT(*) FROM attempts WHERE contest_slug = $1 AND status = 'inProgress') AS "inProgress",
       (SELECT COUNT(*) FROM attempts WHERE contest_slug = $1 AND voided_at IS NOT NULL) AS voided`,
    [slug],
  ))!;
  // Every dimension in one read; a view's sums are numeric, cast back as the counters are bigint.
  const rows = await all<Figure & { dimension: string }>(
    db,
    `SELECT dimension, key, participants::bigint AS participants, attempts::bigint AS attempts FROM contest_figures
     WHERE contest_slug = $1 AND (participants > 0 OR attempts > 0)`,
    [slug],
  );
  return contestStatsOf(await contestCounts(db, slug), small, (dimension) =>
    rows.filter((row) => row.dimension === dimension).map(({ key, participants, attempts }) => ({ key, participants, attempts })),
  );
}

/** db/contests.ts `listUnits`. */
async function listUnits(db: Queryable, slug: string) {
  return (
    await all<UnitRow>(db, 'SELECT id, name, parent_id AS "parentId", kind, headcount, competes FROM units WHERE contest_slug = $1 ORDER BY position', [slug])
  ).map(unitFromRow);
}

/** db/rankings.ts `unitCounts`. */
function unitCounts(db: Queryable, slug: string): Promise<UnitCount[]> {
  return all<UnitCount>(
    db,
    `SELECT unit_id AS "unitId", participants::bigint AS participants, attempts::bigint AS attempts, best_score_sum::bigint AS "bestScoreSum"
     FROM unit_participation WHERE contest_slug = $1 AND participants > 0`,
    [slug],
  );
}


/**
 * The organisers' participation figures on PostgreSQL: the same reads as SQLite's (sharded counters
 * behind views with SQLite's names, decision 0042), the same shaping (domain/stats.ts). Overdue
 * attempts are finalised first; the reads then share one snapshot, so the totals agree.
 */
export function postgresStats({ pool, clock }: PostgresStoreDeps): StatsStore {
  return {
    async contest(slug) {
      const contest = await contestBySlug(pool, slug);
      if (!contest) return NO_CONTEST;
      await finaliseOverdueAttempts(pool, contest.slug, clock());
      const read = await inSnapshot(async (db) => ({
        stats: await contestStats(db, contest.slug),
        units: await listUnits(db, contest.slug),
        counts: await unitCounts(db, contest.slug),
      }));
      return { kind: 'stats', stats: contestStatsResponse(contest, read.stats, read.units, read.counts) };
    },

    async round(slug, roundId) {
      const contest = await contestBySlug(pool, slug);
      if (!contest) return NO_CONTEST;
      const round = roundsOf(contest).find((r) => r.id === roundId);
      if (!round) return NO_ROUND;
      const now = clock();
      await finaliseOverdueAttempts(pool, contest.slug, now);
      const read = await inSnapshot(async (db) => ({
        counts: (await readRound(db, contest.slug, round.id)).counts,
        bests: await roundUnitCounts(db, contest.slug, round.id),
        inProgress: (await one<{ n: number }>(db, `SELECT COUNT(*) AS n FROM attempts WHERE contest_slug = $1 AND round_id = $2 AND status = 'inProgress'`, [
          contest.slug,
          round.id,
        ]))!.n,
        resultsPublishedAt:
          (await one<{ publishedAt: string }>(db, 'SELECT published_at AS "publishedAt" FROM round_results WHERE contest_slug = $1 AND round_id = $2', [contest.slug, round.id]))
            ?.publishedAt ?? null,
      }));
      return { kind: 'stats', stats: roundStatsOf(contest, round, now, read) };
    },

    hostParticipation(scope) {
      // db/admin.ts `hostParticipation`: the day of an ISO time in Vietnam (UTC+7).
      const day = (column: string) => `((${column}::timestamptz AT TIME ZONE 'UTC') + interval '7 hours')::date::text`;
      return all(
        pool,
        `WITH events AS (
           SELECT ${day('created_at')} AS day, 1 AS registrations, 0 AS attempts, 0 AS submitted
           FROM contestants WHERE contest_slug = $1 AND source = $2
           UNION ALL
           SELECT ${day('started_at')}, 0, 1, CASE WHEN status = 'submitted' THEN 1 ELSE 0 END
           FROM attempts WHERE contest_slug = $1 AND source = $2
         )
         SELECT day, SUM(registrations)::int AS registrations, SUM(attempts)::int AS attempts, SUM(submitted)::int AS submitted
         FROM events GROUP BY day ORDER BY day`,
        [scope.contestSlug, scope.source],
      );
    },
  };

  function inSnapshot<T>(read: (db: Queryable) => Promise<T>): Promise<T> {
    return inTransaction(pool, read, { isolation: 'repeatable read', readOnly: true });
  }
}
