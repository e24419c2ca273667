import { COUNTING, keyTerms, LEADERBOARD_DEPTH, orderBy, WIDEST, type PublishableEntry, type Standing } from '../../db/rankings.js';
import type { Contest } from '../../domain/contest.js';
import { predictionActual, type ContestCounts } from '../../domain/prediction.js';
import { leadCriterion, leadRanges, rankContestants } from '../../domain/ranking.js';
import { countedRoundAttempts, finalRound, overallRankingMethod, roundsInOrder, roundsOf, sumOfRounds, type Round } from '../../domain/rounds.js';
import type { UnitCount } from '../../domain/units.js';
import { all, one, type Queryable } from './rows.js';

/**
 * The contest's overall ranking as the domain ranks it, where it is made from the rounds' attempts
 * (db/rounds.ts `overallRanking`): with `final`, the final round's ranking; with `sum`, the sum of
 * the rounds' rankings (domain `sumOfRounds`). `list` is null without rounds, or with `best`: the
 * maintained standings are ranked in SQL by the same terms as SQLite's (db/rankings.ts `orderBy`).
 * Exact, like SQLite's exact reads; it ranks the whole contest per call (no kept tallies yet).
 */
export async function overallList(db: Queryable, contest: Contest): Promise<{ actual: number; list: (Standing & { rank: number })[] | null }> {
  const rounds = roundsInOrder(roundsOf(contest));
  const how = overallRankingMethod(contest);
  const order = contest.rankingOrder;
  if (how === 'final') return roundRanked(db, contest, finalRound(rounds)!.id);
  const actual = predictionActual(contest.predictionTarget, await contestCounts(db, contest.slug));
  if (how === 'best') return { actual, list: null };
  const parts = [];
  for (const round of rounds) parts.push((await roundRanked(db, contest, round.id)).list);
  return { actual, list: sumOfRounds(parts, order, actual) };
}

/** The ranking chain over the standings aliased `t`, the actual figure as parameter `$n`. */
export const terms = (order: Contest['rankingOrder'], t: string, n: number) => orderBy(order, t).replaceAll('@actual', `$${n}::bigint`);

/**
 * A contestant's place in the contest's overall ranking (db/rounds.ts `overallRanking(…).rankOf`),
 * read in the caller's transaction: without rounds, or with `best`, their best standing's place
 * among the bests; else their place in the domain's ranking.
 */
export async function rankOf(db: Queryable, contest: Contest, contestantId: string): Promise<{ attemptId: string; rank: number } | null> {
  const { actual, list } = await overallList(db, contest);
  if (list) {
    const found = list.find((entry) => entry.contestantId === contestantId);
    return found ? { attemptId: found.attemptId, rank: found.rank } : null;
  }
  return contestantRank(db, contest.slug, contest.rankingOrder, actual, contestantId);
}

/** One round's ranking (db/rounds.ts `roundRanking(…).rankOf`): the contestant's place, predictions against the round's own figure. */
export async function roundRankOf(db: Queryable, contest: Contest, roundId: string, contestantId: string): Promise<{ attemptId: string; rank: number } | null> {
  const found = (await roundRanked(db, contest, roundId)).list.find((entry) => entry.contestantId === contestantId);
  return found ? { attemptId: found.attemptId, rank: found.rank } : null;
}

/** A ranking's first places (db/rounds.ts `RankingSource` `head`), with the figure predictions were judged against. */
export interface RankingHead {
  actual: number;
  head: PublishableEntry[];
}

/** The first `limit` places of the contest's overall ranking (db/rounds.ts `overallRanking(…).head`), with what the prizes and published names need. Exact. */
export async function overallHead(db: Queryable, contest: Contest, limit: number): Promise<RankingHead> {
  const { actual, list } = await overallList(db, contest);
  const head = list?.slice(0, limit) ?? (await bestStandings(db, contest.slug, contest.rankingOrder, actual, limit));
  return { actual, head: await withContestants(db, head, 1) };
}

/**
 * The overall ranking's figure and its first `limit` places (at most LEADERBOARD_DEPTH) with what
 * decides how names are published (db/rounds.ts `overallRanking(…).board`); no places for `limit` null.
 */
export async function overallBoard(db: Queryable, contest: Contest, limit: number | null): Promise<{ actual: number; entries: PublishableEntry[] | null }> {
  if (limit === null) return { actual: (await overallList(db, contest)).actual, entries: null };
  const { actual, head } = await overallHead(db, contest, Math.min(limit, LEADERBOARD_DEPTH));
  return { actual, entries: head };
}

/** The first `limit` places of one round's ranking (db/rounds.ts `roundRanking`): each person's best attempt in it, predictions against the round's own figure. */
export async function roundHead(db: Queryable, contest: Contest, round: Round, limit: number): Promise<RankingHead> {
  const { actual, list } = await roundRanked(db, contest, round.id);
  return { actual, head: await withContestants(db, list.slice(0, limit), 1) };
}

/** A round's ranking under the contest's target and order (domain `rankContestants`). */
async function roundRanked(db: Queryable, contest: Contest, roundId: string): Promise<{ actual: number; list: (Standing & { rank: number })[] }> {
  const { attempts, counts } = await readRound(db, contest.slug, roundId);
  const actual = predictionActual(contest.predictionTarget, counts);
  return { actual, list: rankContestants(attempts, contest.rankingOrder, actual) };
}

/**
 * Up to `limit` of the standings matching `where` (SQLite's named parameters), in ranking order,
 * each person's first one kept (db/rankings.ts `sortedBest`): read with LIMIT, twice as many rows
 * as places, doubled while people with several contenders leave too few.
 */
async function sortedBest(
  db: Queryable,
  slug: string,
  order: Contest['rankingOrder'],
  actual: number,
  where: string,
  params: Record<string, unknown>,
  limit: number,
): Promise<Standing[]> {
  for (let rows = limit * 2; ; rows *= 2) {
    const [sql, values] = positional(
      `SELECT s.attempt_id AS "attemptId", s.contestant_id AS "contestantId", s.score, s.total, s.prediction,
         s.duration_ms AS "durationMs", s.submitted_at AS "submittedAt"
       FROM standings s WHERE s.contest_slug = @slug ${where} ORDER BY ${orderBy(order)} LIMIT @rows`,
      { ...params, slug, actual, rows },
    );
    const read = await all<Standing>(db, sql, values);
    const seen = new Set<string>();
    const head: Standing[] = [];
    for (const row of read) {
      if (head.length >= limit) break;
      if (seen.has(row.contestantId)) continue;
      seen.add(row.contestantId);
      head.push(row);
    }
    if (head.length >= limit || read.length < rows) return head;
  }
}

/**
 * Up to `limit` participants' best attempts in ranking order (db/rankings.ts `bestStandings`):
 * block by block; in a block larger than what is still needed, only a window of lead values around
 * the best one (predictions nearest the actual figure, shortest durations, earliest times) is
 * sorted, widened by doubling until it holds enough people, from the bucket counts. The cost
 * follows the places asked for, not the size of a score block (a quarter of a million perfect
 * scores at a million attempts).
 */
async function bestStandings(db: Queryable, slug: string, order: Contest['rankingOrder'], actual: number, limit: number): Promise<Standing[]> {
  const lead = leadCriterion(order);
  const blocks =
    order[0] === 'score'
      ? (
          await all<{ block: string; people: number }>(
            db,
            `SELECT key AS block, participants AS people FROM contest_figures WHERE contest_slug = $1 AND dimension = 'bestScore' AND participants > 0`,
            [slug],
          )
        )
          .map((row) => ({ block: Number(row.block), people: row.people }))
          .sort((a, b) => b.block - a.block)
      : [{ block: 0, people: (await contestCounts(db, slug)).participants }];
  const head: Standing[] = [];
  for (const { block, people } of blocks) {
    const need = limit - head.length;
    if (need <= 0) break;
    const whole = () => sortedBest(db, slug, order, actual, 'AND s.block = @block', { block }, need);
    if (people <= need || lead === null) {
      head.push(...(await whole()));
      continue;
    }
    for (let width = 1; ; width *= 2) {
      if (width >= WIDEST) {
        head.push(...(await whole())); // what is left has no lead value (no prediction)
        break;
      }
      const [lo, hi] = lead === 'prediction' ? [actual - width, actual + width] : [0, width];
      if ((await countLeads(db, slug, block, lo, hi)) < need) continue;
      const window = await sortedBest(db, slug, order, actual, 'AND s.block = @block AND s.lead BETWEEN @lo AND @hi', { block, lo, hi }, need);
      // Counted rows may repeat a person with several contending predictions: widen until enough.
      if (window.length >= need) {
        head.push(...window);
        break;
      }
    }
  }
  return head;
}

/** db/rankings.ts `withContestants`: the places with their contestants' names, units and publishing choices. */
export async function withContestants(db: Queryable, standings: readonly Standing[], firstRank: number): Promise<PublishableEntry[]> {
  if (standings.length === 0) return [];
  type Details = Omit<PublishableEntry, keyof Standing | 'rank' | 'publishName' | 'guardianPublishName'> & { id: string; publishName: number; guardianPublishName: number | null };
  const rows = await all<Details>(
    db,
    `SELECT c.id, c.full_name AS "fullName", c.unit_id AS "unitId", COALESCE(u.name, c.unit_id) AS "unitName", c.birth_date AS "birthDate",
            c.id_number AS "idNumber", c.phone, c.email, c.occupation, c.publish_name AS "publishName",
            c.guardian_publish_name AS "guardianPublishName", c.created_at AS "registeredAt"
     FROM contestants c LEFT JOIN units u ON u.contest_slug = c.contest_slug AND u.id = c.unit_id WHERE c.id = ANY($1::text[])`,
    [standings.map((s) => s.contestantId)],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return standings.map((s, index) => {
    const { id: _id, ...found } = byId.get(s.contestantId)!;
    return {
      attemptId: s.attemptId,
      contestantId: s.contestantId,
      score: s.score,
      total: s.total,
      prediction: s.prediction,
      durationMs: s.durationMs,
      submittedAt: s.submittedAt,
      ...found,
      publishName: found.publishName === 1,
      guardianPublishName: found.guardianPublishName === 1,
      rank: firstRank + index,
    };
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

/** A statement written with SQLite's named parameters (`@name`), as PostgreSQL's positional ones, with their values. */
function positional(text: string, params: Record<string, unknown>): [string, unknown[]] {
  const names: string[] = [];
  const sql = text.replace(/@([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => {
    let index = names.indexOf(name);
    if (index < 0) index = names.push(name) - 1;
    return `$${index + 1}`;
  });
  return [sql, names.map((name) => params[name])];
}

async function countOf(db: Queryable, text: string, params: Record<string, unknown>): Promise<number> {
  const [sql, values] = positional(text, params);
  return (await one<{ n: number }>(db, sql, values))!.n;
}

/**
 * The count of counted standings of one block whose lead lies in [lo, hi] (db/rankings.ts
 * `countLeads`) as one SQL expression over the ranges of domain `leadRanges`, its parameters named
 * `@<prefix>…`: standings rows at level 0, the bucket counts above.
 */
function leadCount(prefix: string, lo: number, hi: number): { sql: string; params: Record<string, number> } {
  const params: Record<string, number> = {};
  const terms = leadRanges(lo, hi).map(({ level, from, to }, i) => {
    const [f, t, l] = [`${prefix}f${i}`, `${prefix}t${i}`, `${prefix}l${i}`];
    Object.assign(params, { [f]: from, [t]: to, [l]: level });
    return level === 0
      ? `(SELECT COUNT(*) FROM standings WHERE contest_slug = @slug AND block = @block AND lead BETWEEN @${f} AND @${t} AND counted = 1)`
      : `(SELECT COALESCE(SUM(rows), 0)::bigint FROM standing_count_shards WHERE contest_slug = @slug AND block = @block AND level = @${l} AND bucket BETWEEN @${f} AND @${t})`;
  });
  return { sql: terms.length ? terms.join(' + ') : '0', params };
}

/** Counted standings of one block whose lead lies in [lo, hi], in one statement. */
async function countLeads(db: Queryable, slug: string, block: number, lo: number, hi: number): Promise<number> {
  const { sql, params } = leadCount('r', lo, hi);
  return countOf(db, `SELECT ${sql} AS n`, { ...params, slug, block });
}

/**
 * A participant's best attempt and its place (1 + participants ranked ahead), or null when nothing
 * of theirs counts: db/rankings.ts `contestantRank`, the same statements on PostgreSQL. Nobody is
 * sorted: people in better score blocks come from the maintained per-score counts, people strictly
 * better on the next criterion from the bucket counts, and only ties on it (and contestants with
 * several contending predictions) are counted row by row, so a submit's rank costs the same at a
 * thousand participants as at a million.
 */
export async function contestantRank(
  db: Queryable,
  slug: string,
  order: Contest['rankingOrder'],
  actual: number,
  contestantId: string,
): Promise<{ attemptId: string; rank: number } | null> {
  // The best standing with its ranking key (one round trip), then every count in one statement.
  const keys = keyTerms(order);
  const [bestSql, bestValues] = positional(
    `SELECT s.attempt_id AS "attemptId", s.score, s.block, s.lead, ${keys.map((term, i) => `${term} AS k${i}`).join(', ')}
     FROM standings s WHERE s.contestant_id = @id ORDER BY ${orderBy(order)} LIMIT 1`,
    { id: contestantId, actual },
  );
  const found = await one<{ attemptId: string; score: number; block: number; lead: number | null } & Record<string, unknown>>(db, bestSql, bestValues);
  if (!found) return null;
  const best = found as { attemptId: string; score: number; block: number; lead: number | null };
  const mine = Object.fromEntries(keys.map((_, i) => [`k${i}`, found[`k${i}`]]));
  const isAhead = `(${keys.join(', ')}) < (${keys.map((_, i) => `@k${i}`).join(', ')})`;
  const params: Record<string, unknown> = { ...mine, slug, actual, block: best.block, lead: best.lead, score: best.score, scoreKey: String(best.score) };
  const people = (where: string) => `(SELECT COUNT(DISTINCT s.contestant_id) FROM standings s WHERE s.contest_slug = @slug AND ${where})`;
  const lead = leadCriterion(order);
  const scoreFirst = order[0] === 'score';
  // The CASE keeps the cast to the bestScore rows, whatever order PostgreSQL evaluates the conditions in.
  const betterBlocks = scoreFirst
    ? `(SELECT COALESCE(SUM(participants), 0)::bigint FROM contest_figures
        WHERE contest_slug = @slug AND dimension = 'bestScore' AND (CASE WHEN dimension = 'bestScore' THEN CAST(key AS bigint) END) > @score)`
    : '0';
  let inBlock: string;
  if (lead === null) inBlock = people(`s.block = @block AND ${isAhead}`);
  else if (best.lead === null) {
    // No prediction: everyone in the block with one is ahead, and those without one by the rest.
    const blockPeople = scoreFirst
      ? `(SELECT COALESCE(SUM(participants), 0)::bigint FROM contest_figures WHERE contest_slug = @slug AND dimension = 'bestScore' AND key = @scoreKey)`
      : `(SELECT COALESCE(SUM(participants), 0)::bigint FROM unit_participation WHERE contest_slug = @slug)`;
    inBlock = `${blockPeople} - ${people('s.block = @block AND s.lead IS NULL')} + ${people(`s.block = @block AND s.lead IS NULL AND ${isAhead}`)}`;
  } else {
    const [lo, hi] = lead === 'prediction' ? [actual - Math.abs(best.lead - actual) + 1, actual + Math.abs(best.lead - actual) - 1] : [0, best.lead - 1];
    const strictly = leadCount('r', lo, hi);
    Object.assign(params, strictly.params, { lo, hi, loRepeats: Math.max(lo, 0), below: lo - 1, above: hi + 1 });
    // A contestant with several contending predictions in the range was counted once per prediction:
    // once too often for each gap between two of them that lies inside it.
    const repeats =
      lead === 'prediction'
        ? `(SELECT COUNT(*) FROM standings WHERE contest_slug = @slug AND block = @block AND next_lead IS NOT NULL AND lead BETWEEN @loRepeats AND @hi AND next_lead <= @hi)`
        : '0';
    // Ties on the lead value, decided by the later criteria: people with one contender are counted as
    // rows; the others once each, unless already counted above.
    const tied = lead === 'prediction' ? 's.lead IN (@below, @above)' : 's.lead = @lead';
    const ties = `(SELECT COUNT(*) FROM standings s WHERE s.contest_slug = @slug AND s.block = @block AND ${tied} AND s.multi = 0 AND ${isAhead}) + ${people(
      `s.block = @block AND ${tied} AND s.multi = 1 AND ${isAhead} AND NOT EXISTS (
         SELECT 1 FROM standings o WHERE o.contestant_id = s.contestant_id AND o.block = s.block AND o.lead BETWEEN @lo AND @hi)`,
    )}`;
    inBlock = `${strictly.sql} - ${repeats} + ${ties}`;
  }
  const ahead = await countOf(db, `SELECT (${betterBlocks}) + (${inBlock}) AS n`, params);
  return { attemptId: best.attemptId, rank: ahead + 1 };
}
