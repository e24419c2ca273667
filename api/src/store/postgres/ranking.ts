import { COUNTING, orderBy, type PublishableEntry, type Standing } from '../../db/rankings.js';
import type { Contest } from '../../domain/contest.js';
import { predictionActual, type ContestCounts } from '../../domain/prediction.js';
import { rankContestants } from '../../domain/ranking.js';
import { countedRoundAttempts, finalRound, roundsInOrder, roundsOf, sumOfRounds, type Round } from '../../domain/rounds.js';
import type { UnitCount } from '../../domain/units.js';
import { all, one, type Queryable } from './rows.js';

/**
 * A contestant's place in the contest's overall ranking (db/rounds.ts `overallRanking(…).rankOf`),
 * read in the caller's transaction: without rounds, or with `best`, each person's best of the
 * maintained standings in the ranking order (db/rankings.ts `orderBy`, the same SQL terms); with
 * `final` or `sum`, the rounds' rankings made from their attempts by the domain's functions.
 * Exact, like SQLite's; it ranks the whole contest per call (no kept tallies or bucket counts yet).
 */
export async function rankOf(db: Queryable, contest: Contest, contestantId: string): Promise<{ attemptId: string; rank: number } | null> {
  const rounds = roundsInOrder(roundsOf(contest));
  const how = rounds.length ? (contest.roundsRanking ?? 'best') : 'best';
  const order = contest.rankingOrder;
  if (how === 'final') {
    const found = (await roundRanked(db, contest, finalRound(rounds)!.id)).list.find((entry) => entry.contestantId === contestantId);
    return found ? { attemptId: found.attemptId, rank: found.rank } : null;
  }
  const actual = predictionActual(contest.predictionTarget, await contestCounts(db, contest.slug));
  if (how === 'sum') {
    const parts = [];
    for (const round of rounds) parts.push((await roundRanked(db, contest, round.id)).list);
    const found = sumOfRounds(parts, order, actual).find((entry) => entry.contestantId === contestantId);
    return found ? { attemptId: found.attemptId, rank: found.rank } : null;
  }
  // Each person's first standing in the ranking order is their best; their rank is its place among the bests.
  const row = await one<{ attemptId: string; rank: number }>(
    db,
    `SELECT "attemptId", rank FROM (
       SELECT b.attempt_id AS "attemptId", b.contestant_id, ROW_NUMBER() OVER (ORDER BY ${terms(order, 'b')}) AS rank
       FROM ${bests(order)} b
     ) ranked WHERE contestant_id = $3`,
    [contest.slug, actual, contestantId],
  );
  return row;
}

/** The ranking chain over the standings aliased `t`, the actual figure as parameter $2. */
function terms(order: Contest['rankingOrder'], t: string): string {
  return orderBy(order, t).replaceAll('@actual', '$2::bigint');
}

/** Each person's best standing (`$1` the contest, `$2` the actual figure): their first in the ranking order. */
function bests(order: Contest['rankingOrder']): string {
  return `(SELECT DISTINCT ON (s.contestant_id) s.* FROM standings s WHERE s.contest_slug = $1 ORDER BY s.contestant_id, ${terms(order, 's')})`;
}

/** A ranking's first places (db/rounds.ts `RankingSource` `head`), with the figure predictions were judged against. */
export interface RankingHead {
  actual: number;
  head: PublishableEntry[];
}

/**
 * The first `limit` places of the contest's overall ranking (db/rounds.ts `overallRanking`): without
 * rounds, or with `best`, each person's best of the maintained standings; with `final`, the final
 * round's ranking; with `sum`, the sum of each person's best score per round. Exact.
 */
export async function overallHead(db: Queryable, contest: Contest, limit: number): Promise<RankingHead> {
  const rounds = roundsInOrder(roundsOf(contest));
  const how = rounds.length ? (contest.roundsRanking ?? 'best') : 'best';
  if (how === 'final') return roundHead(db, contest, finalRound(rounds)!, limit);
  const actual = predictionActual(contest.predictionTarget, await contestCounts(db, contest.slug));
  const order = contest.rankingOrder;
  if (how === 'sum') {
    const parts = [];
    for (const round of rounds) parts.push((await roundRanked(db, contest, round.id)).list);
    return { actual, head: await withContestants(db, sumOfRounds(parts, order, actual).slice(0, limit)) };
  }
  const best = await all<Standing>(
    db,
    `SELECT b.attempt_id AS "attemptId", b.contestant_id AS "contestantId", b.score, b.total, b.prediction,
       b.duration_ms AS "durationMs", b.submitted_at AS "submittedAt"
     FROM ${bests(order)} b ORDER BY ${terms(order, 'b')} LIMIT $3`,
    [contest.slug, actual, limit],
  );
  return { actual, head: await withContestants(db, best) };
}

/** The first `limit` places of one round's ranking (db/rounds.ts `roundRanking`): each person's best attempt in it, predictions against the round's own figure. */
export async function roundHead(db: Queryable, contest: Contest, round: Round, limit: number): Promise<RankingHead> {
  const { actual, list } = await roundRanked(db, contest, round.id);
  return { actual, head: await withContestants(db, list.slice(0, limit)) };
}

/** A round's ranking under the contest's target and order (domain `rankContestants`). */
async function roundRanked(db: Queryable, contest: Contest, roundId: string): Promise<{ actual: number; list: (Standing & { rank: number })[] }> {
  const { attempts, counts } = await readRound(db, contest.slug, roundId);
  const actual = predictionActual(contest.predictionTarget, counts);
  return { actual, list: rankContestants(attempts, contest.rankingOrder, actual) };
}

/** db/rankings.ts `withContestants`: ranked places with what the prizes and their published names need, ranked from 1. */
async function withContestants(db: Queryable, standings: readonly Standing[]): Promise<PublishableEntry[]> {
  if (standings.length === 0) return [];
  type Details = Omit<PublishableEntry, keyof Standing | 'rank' | 'publishName' | 'guardianPublishName'> & {
    id: string;
    publishName: number;
    guardianPublishName: number | null;
  };
  const rows = await all<Details>(
    db,
    `SELECT c.id, c.full_name AS "fullName", c.unit_id AS "unitId", COALESCE(u.name, c.unit_id) AS "unitName", c.birth_date AS "birthDate",
            c.id_number AS "idNumber", c.phone, c.email, c.occupation, c.publish_name AS "publishName",
            c.guardian_publish_name AS "guardianPublishName", c.created_at AS "registeredAt"
     FROM contestants c LEFT JOIN units u ON u.contest_slug = c.contest_slug AND u.id = c.unit_id WHERE c.id = ANY($1::text[])`,
    [standings.map((s) => s.contestantId)],
  );
  const byId = new Map(rows.map(({ id, ...details }) => [id, details]));
  return standings.map((s, index) => {
    const found = byId.get(s.contestantId)!;
    return { ...s, ...found, publishName: found.publishName === 1, guardianPublishName: found.guardianPublishName === 1, rank: 1 + index };
  });
}

/** Per unit the contestants registered with (no roll-up), from the maintained figures (db/rankings.ts `unitCounts`). */
export async function unitCounts(db: Queryable, slug: string): Promise<UnitCount[]> {
  return all<UnitCount>(
    db,
    `SELECT unit_id AS "unitId", participants, attempts, best_score_sum AS "bestScoreSum"
     FROM unit_participation WHERE contest_slug = $1 AND participants > 0`,
    [slug],
  );
}

/** Per unit, over one round: participants, counting attempts, best scores (db/rounds.ts `roundUnitCounts`). */
export async function roundUnitCounts(db: Queryable, slug: string, roundId: string): Promise<UnitCount[]> {
  return all<UnitCount>(
    db,
    `SELECT unit_id AS "unitId", COUNT(*) AS participants, SUM(n)::bigint AS attempts, SUM(best)::bigint AS "bestScoreSum" FROM (
       SELECT c.unit_id, COUNT(*) AS n, MAX(a.score) AS best
       FROM attempts a JOIN contestants c ON c.id = a.contestant_id
       WHERE a.contest_slug = $1 AND a.round_id = $2 AND ${COUNTING}
       GROUP BY a.contestant_id, c.unit_id
     ) per_person GROUP BY unit_id`,
    [slug, roundId],
  );
}

/** Participants, counting attempts and people with a perfect attempt, from the maintained figures. */
export async function contestCounts(db: Queryable, slug: string): Promise<ContestCounts> {
  return (await one<ContestCounts>(
    db,
    `SELECT COALESCE(SUM(participants), 0)::bigint AS participants, COALESCE(SUM(attempts), 0)::bigint AS attempts,
       COALESCE(SUM(perfect_participants), 0)::bigint AS "perfectParticipants"
     FROM unit_participation WHERE contest_slug = $1`,
    [slug],
  ))!;
}

/** db/rounds.ts `readRound`: the counted attempts of a round, less those of excluded people, with the round's counts. */
export async function readRound(db: Queryable, slug: string, roundId: string): Promise<{ attempts: Standing[]; counts: ContestCounts }> {
  const excluded = new Set(
    (
      await all<{ id: string }>(
        db,
        `SELECT c.id FROM exclusions x JOIN contestants c ON c.contest_slug = x.contest_slug AND c.id_number = x.value WHERE x.contest_slug = $1 AND x.kind = 'idNumber'
         UNION SELECT c.id FROM exclusions x JOIN contestants c ON c.contest_slug = x.contest_slug AND c.phone = x.value WHERE x.contest_slug = $1 AND x.kind = 'phone'`,
        [slug],
      )
    ).map((row) => row.id),
  );
  const rows = await all<Standing>(
    db,
    `SELECT a.id AS "attemptId", a.contestant_id AS "contestantId", a.score, a.total, a.prediction, a.duration_ms AS "durationMs", a.submitted_at AS "submittedAt"
     FROM attempts a WHERE a.contest_slug = $1 AND a.round_id = $2 AND a.status = 'submitted' AND a.voided_at IS NULL
     ORDER BY a.contestant_id, a.submitted_at, a.id`,
    [slug, roundId],
  );
  return countedRoundAttempts(rows, excluded);
}
