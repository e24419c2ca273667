import { orderBy, type Standing } from '../../db/rankings.js';
import type { Contest } from '../../domain/contest.js';
import { predictionActual, type ContestCounts } from '../../domain/prediction.js';
import { rankContestants } from '../../domain/ranking.js';
import { countedRoundAttempts, finalRound, roundsInOrder, roundsOf, sumOfRounds } from '../../domain/rounds.js';
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
    const round = finalRound(rounds)!;
    const { attempts, counts } = await readRound(db, contest.slug, round.id);
    const found = rankContestants(attempts, order, predictionActual(contest.predictionTarget, counts)).find((entry) => entry.contestantId === contestantId);
    return found ? { attemptId: found.attemptId, rank: found.rank } : null;
  }
  const actual = predictionActual(contest.predictionTarget, await contestCounts(db, contest.slug));
  if (how === 'sum') {
    const parts = [];
    for (const round of rounds) {
      const { attempts, counts } = await readRound(db, contest.slug, round.id);
      parts.push(rankContestants(attempts, order, predictionActual(contest.predictionTarget, counts)));
    }
    const found = sumOfRounds(parts, order, actual).find((entry) => entry.contestantId === contestantId);
    return found ? { attemptId: found.attemptId, rank: found.rank } : null;
  }
  // Each person's first standing in the ranking order is their best; their rank is its place among the bests.
  const terms = (t: string) => orderBy(order, t).replaceAll('@actual', '$2::bigint');
  const row = await one<{ attemptId: string; rank: number }>(
    db,
    `SELECT "attemptId", rank FROM (
       SELECT b.attempt_id AS "attemptId", b.contestant_id, ROW_NUMBER() OVER (ORDER BY ${terms('b')}) AS rank
       FROM (SELECT DISTINCT ON (s.contestant_id) s.* FROM standings s WHERE s.contest_slug = $1 ORDER BY s.contestant_id, ${terms('s')}) b
     ) ranked WHERE contestant_id = $3`,
    [contest.slug, actual, contestantId],
  );
  return row;
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
