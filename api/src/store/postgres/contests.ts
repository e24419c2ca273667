import { attemptFromRow, type AttemptRow } from '../../db/attempts.js';
import { contestFromRow, type ContestRow } from '../../db/contests.js';
import type { Contest } from '../../domain/contest.js';
import { scoresVisible } from '../../domain/contest.js';
import { roundScoresVisible, roundsInOrder, roundsOf } from '../../domain/rounds.js';
import { rollUpUnitStats, type TreeUnit, type UnitCount } from '../../domain/units.js';
import type { ContestReadStore, NotFound, ReadVersion } from '../store.js';
import { finaliseOverdueAttempts, triesInRound } from './attempts.js';
import type { PostgresStoreDeps } from './index.js';
import { contestCounts, overallBoard, rankOf, roundHead, roundRankOf } from './ranking.js';
import { LEADERBOARD_DEPTH } from '../../db/rankings.js';
import { coalesced } from './coalesce.js';
import { all, one, type Queryable } from './rows.js';

const NO_CONTEST: NotFound = Object.freeze({ kind: 'notFound', what: 'contest' });

/** Contests kept per node; past this many the lot is emptied (slugs of deleted contests do not pile up). */
const CONTESTS_KEPT = 1024;

/** The version every node reads: the sum of the shards moved by the triggers of schema.ts (`READ_VERSIONS`). */
async function readVersion(db: Queryable): Promise<ReadVersion> {
  const row = await one<{ version: number }>(db, 'SELECT COALESCE(SUM(version), 0)::bigint AS version FROM read_version_shards');
  return String(row!.version);
}

async function listUnits(db: Queryable, slug: string): Promise<TreeUnit[]> {
  const rows = await all<Omit<TreeUnit, 'competes'> & { competes: 0 | 1 | null }>(
    db,
    'SELECT id, name, parent_id AS "parentId", kind, headcount, competes FROM units WHERE contest_slug = $1 ORDER BY position',
    [slug],
  );
  return rows.map((unit) => ({ ...unit, competes: unit.competes === null ? null : unit.competes === 1 }));
}

/**
 * The public reads over PostgreSQL (decision 0044), with the SQLite store's answers. A contest is
 * read on every call (one primary-key lookup, with the version: one round trip for a kept body) and
 * the object kept while its row reads the same, so the routes' bodies, kept per contest object,
 * survive writes that leave the contest as it was.
 */
export function postgresContests({ pool, clock }: PostgresStoreDeps): ContestReadStore {
  const kept = new Map<string, { row: string; contest: Contest }>();

  /** The contest's row with the version read in the same statement (one snapshot), the kept object while the row reads the same; concurrent callers share a read that began after they came. */
  const versioned = coalesced(readVersioned);
  const version = coalesced(() => readVersion(pool));

  async function readVersioned(slug: string): Promise<{ contest: Contest; version: ReadVersion } | null> {
    const found = await one<ContestRow & { read_version: number }>(
      pool,
      `SELECT (SELECT COALESCE(SUM(version), 0) FROM read_version_shards)::bigint AS read_version, c.* FROM contests c WHERE c.slug = $1`,
      [slug],
    );
    if (!found) {
      kept.delete(slug);
      return null;
    }
    const { read_version, ...row } = found;
    const text = JSON.stringify(row);
    const known = kept.get(slug);
    if (known?.row === text) return { contest: known.contest, version: String(read_version) };
    if (kept.size >= CONTESTS_KEPT) kept.clear();
    const contest = Object.freeze(contestFromRow(row));
    kept.set(slug, { row: text, contest });
    return { contest, version: String(read_version) };
  }

  async function contest(slug: string): Promise<Contest | null> {
    return (await versioned(slug))?.contest ?? null;
  }

  return {
    version: () => version(undefined),

    contest,

    versioned,

    async attemptContestSlug(attemptId) {
      return (await one<{ slug: string }>(pool, 'SELECT contest_slug AS slug FROM attempts WHERE id = $1', [attemptId]))?.slug ?? null;
    },

    async practiceSetContestSlug(practiceSetId) {
      return (await one<{ slug: string }>(pool, 'SELECT contest_slug AS slug FROM practice_sets WHERE id = $1', [practiceSetId]))?.slug ?? null;
    },

    async figures(contest) {
      const [counts, results, rounds] = await Promise.all([
        contestCounts(pool, contest.slug),
        one<{ publishedAt: string }>(pool, 'SELECT published_at AS "publishedAt" FROM results WHERE contest_slug = $1', [contest.slug]),
        roundsOf(contest).length
          ? all<{ roundId: string; publishedAt: string }>(pool, 'SELECT round_id AS "roundId", published_at AS "publishedAt" FROM round_results WHERE contest_slug = $1', [
              contest.slug,
            ])
          : Promise.resolve([]),
      ]);
      return {
        counts: Object.freeze(counts),
        resultsPublishedAt: results?.publishedAt ?? null,
        roundsPublishedAt: new Map(rounds.map((row) => [row.roundId, row.publishedAt])),
      };
    },

    units: (found) => listUnits(pool, found.slug),

    async unitStats(slug) {
      const found = await contest(slug);
      if (!found) return NO_CONTEST;
      await finaliseOverdueAttempts(pool, found.slug, clock());
      const counts = await all<UnitCount>(
        pool,
        `SELECT unit_id AS "unitId", participants, attempts, best_score_sum AS "bestScoreSum"
         FROM unit_participation WHERE contest_slug = $1 AND participants > 0`,
        [found.slug],
      );
      return { kind: 'unitStats', units: rollUpUnitStats(await listUnits(pool, found.slug), counts) };
    },

    async me(contestant, slug) {
      const found = await contest(slug);
      if (!found) return NO_CONTEST;
      const now = clock();
      await finaliseOverdueAttempts(pool, found.slug, now);
      const attempts = (await all<AttemptRow>(pool, 'SELECT * FROM attempts WHERE contestant_id = $1 ORDER BY started_at, id', [contestant.id])).map(attemptFromRow);
      const rounds = [];
      for (const round of roundsInOrder(roundsOf(found))) {
        rounds.push({
          round,
          tries: await triesInRound(pool, contestant.id, round.id),
          ranked: roundScoresVisible(found, round, now) ? await roundRankOf(pool, found, round.id, contestant.id) : null,
        });
      }
      const best = scoresVisible(found, now) ? await rankOf(pool, found, contestant.id) : null;
      return { kind: 'me', contest: found, at: now, attempts, best, rounds };
    },

    async roundLeaderboard(found, round, limit, contestantId) {
      await finaliseOverdueAttempts(pool, found.slug, clock());
      const { actual, head } = await roundHead(pool, found, round, Math.min(limit, LEADERBOARD_DEPTH));
      const ranked = contestantId === null ? null : await roundRankOf(pool, found, round.id, contestantId);
      return { actual, entries: head, rank: ranked?.rank ?? null };
    },

    async leaderboard(found, limit) {
      await finaliseOverdueAttempts(pool, found.slug, clock());
      const stamp = await version(undefined);
      const { actual, entries } = await overallBoard(pool, found, limit);
      const due = await one<{ deadline: string | null }>(pool, `SELECT MIN(deadline) AS deadline FROM attempts WHERE contest_slug = $1 AND status = 'inProgress'`, [
        found.slug,
      ]);
      return { version: stamp, actual, entries, dueAt: due?.deadline ? Date.parse(due.deadline) : Infinity };
    },

    rankOf: (found, contestantId) => rankOf(pool, found, contestantId),
  };
}
