/**
 * Rounds in storage (decision 0041): which round an attempt belongs to, each round's ranking read
 * from the attempts themselves (not from the maintained standings, which are the whole contest's),
 * its counts, its published results and the announcement of its close.
 */
import type { Contest } from '../domain/contest.js';
import type { ContestCounts } from '../domain/prediction.js';
import { predictionActual } from '../domain/prediction.js';
import { countedRoundAttempts, finalRound, overallRankingMethod, roundNumber, roundsInOrder, roundsOf, sumOfRounds, type Round } from '../domain/rounds.js';
import type { UnitCount } from '../domain/units.js';
import { rollbackCount, sql, type Db } from './connection.js';
import { COUNTING, contestantRank, contestCounts, leaderboard, LEADERBOARD_DEPTH, rankingHead, rankingPages, withContestants, type PublishableEntry, type RankedEntry, type Standing } from './rankings.js';
import { rankContestants } from '../domain/ranking.js';
import { emitWebhookEvent } from './webhooks.js';
import { rankedEntry } from '../exports/rules.js';
import { finaliseOverdueAttempts } from './attempts.js';

/**
 * What a kept round ranking depends on: the round's version (moved by triggers whenever one of its
 * attempts changes), the contest's (round '': exclusions, contestants' identities and names, units),
 * both moved by triggers so other processes' writes count too, and this connection's rollbacks (a
 * version rolled back may be reached again by different writes). A submission in the round open now
 * leaves the closed rounds' rankings kept.
 */
function versionKey(db: Db, slug: string, roundId: string): string {
  const versions = sql<{ slug: string; round: string }, { round: number; contest: number }>(
    db,
    `SELECT COALESCE((SELECT version FROM round_versions WHERE contest_slug = @slug AND round_id = @round), 0) AS round,
       COALESCE((SELECT version FROM round_versions WHERE contest_slug = @slug AND round_id = ''), 0) AS contest`,
  ).get({ slug, round: roundId })!;
  return `${versions.round}|${versions.contest}|${rollbackCount(db)}`;
}

/**
 * Participants, counting attempts and people with a perfect attempt of one round (exact), from the
 * round's kept tally: every read of a round's ranking needs them.
 */
export function roundCounts(db: Db, slug: string, roundId: string): ContestCounts {
  return tallyOf(db, slug, roundId, 'exact').counts;
}

/** The rounds of a contest that already have attempts: their windows are fixed. */
export function roundsWithAttempts(db: Db, slug: string): Set<string> {
  return new Set(
    sql<[string], string>(db, 'SELECT DISTINCT round_id FROM attempts WHERE contest_slug = ? AND round_id IS NOT NULL').pluck().all(slug),
  );
}

/**
 * How fresh a ranking read must be. Organisers' reads (prizes, exports, the console's ranking) are
 * `exact`. Public reads (boards, ranks in `me`, a submit's rank) are `public`: while the round's
 * attempts keep changing, a tally that cost `c` ms to make is reused for up to `STALE_FACTOR × c` ms
 * (at most `MAX_STALE_MS`) before it is made again, so however busy the round, remaking its ranking
 * takes at most about 1/STALE_FACTOR of the server's time; a tally under `CHEAP_MS` is always exact.
 */
export type RankingRead = 'exact' | 'public';

const CHEAP_MS = 50;
const STALE_FACTOR = 20;
const MAX_STALE_MS = 30_000;

/** How long a public read may reuse a tally that took `costMs` to make. */
export function staleAllowanceMs(costMs: number): number {
  return costMs < CHEAP_MS ? 0 : Math.min(MAX_STALE_MS, STALE_FACTOR * costMs);
}

type RankedStanding = Standing & { rank: number };

/** A round's counting attempts as of `key`: its counts and each person's best, ranked for `actual`. */
interface Tally {
  key: string;
  madeAt: number;
  costMs: number;
  counts: ContestCounts;
  attempts: Standing[];
  /** Ranked lists by `target|order` (the figure predictions are judged against depends on the target). */
  ranked: Map<string, { actual: number; list: RankedStanding[]; byPerson: Map<string, RankedStanding>; board?: PublishableEntry[] }>;
}

const tallies = new WeakMap<Db, Map<string, Tally>>();

/**
 * The counted attempts of a round, read from the covering index `attempts_round_ranking` (no table
 * row is visited), less those of excluded people, with the round's counts. The exclusion list is
 * short; people on it are found through their ID number or phone.
 */
function readRound(db: Db, slug: string, roundId: string): { attempts: Standing[]; counts: ContestCounts } {
  const excluded = new Set(
    sql<[string, string], string>(
      db,
      `SELECT c.id FROM exclusions x JOIN contestants c ON c.contest_slug = x.contest_slug AND c.id_number = x.value WHERE x.contest_slug = ? AND x.kind = 'idNumber'
       UNION SELECT c.id FROM exclusions x JOIN contestants c ON c.contest_slug = x.contest_slug AND c.phone = x.value WHERE x.contest_slug = ? AND x.kind = 'phone'`,
    )
      .pluck()
      .all(slug, slug),
  );
  const rows = sql<[string, string], Standing>(
    db,
    `SELECT a.id AS attemptId, a.contestant_id AS contestantId, a.score, a.total, a.prediction, a.duration_ms AS durationMs, a.submitted_at AS submittedAt
     FROM attempts a WHERE a.contest_slug = ? AND a.round_id = ? AND a.status = 'submitted' AND a.voided_at IS NULL`,
  ).all(slug, roundId);
  return countedRoundAttempts(rows, excluded);
}

/**
 * The round's tally, made again when its attempts changed (`versionKey`) — for a `public` read only
 * once the allowance of the last one has passed.
 */
function tallyOf(db: Db, slug: string, roundId: string, reading: RankingRead): Tally {
  let cache = tallies.get(db);
  if (!cache) tallies.set(db, (cache = new Map()));
  const key = versionKey(db, slug, roundId);
  const id = `${slug}\n${roundId}`;
  const kept = cache.get(id);
  if (kept && (kept.key === key || (reading === 'public' && performance.now() - kept.madeAt < staleAllowanceMs(kept.costMs)))) return kept;
  const started = performance.now();
  const { attempts, counts } = readRound(db, slug, roundId);
  const tally: Tally = { key, madeAt: performance.now(), costMs: performance.now() - started, counts, attempts, ranked: new Map() };
  cache.set(id, tally);
  return tally;
}

/** The tally ranked under the contest's target and order (domain `rankContestants`, the reference ranking). */
function rankedOf(tally: Tally, contest: Contest) {
  const id = `${contest.predictionTarget}|${contest.rankingOrder.join(',')}`;
  let ranked = tally.ranked.get(id);
  if (!ranked) {
    const started = performance.now();
    const actual = predictionActual(contest.predictionTarget, tally.counts);
    const list = rankContestants(tally.attempts, contest.rankingOrder, actual);
    ranked = { actual, list, byPerson: new Map(list.map((entry) => [entry.contestantId, entry])) };
    tally.ranked.set(id, ranked);
    tally.costMs += performance.now() - started;
  }
  return ranked;
}

/** A ranking as the routes read it, whatever it is made from. */
export interface RankingSource {
  /** The figure predictions are judged against. */
  actual: number;
  /** The first `limit` places. */
  head(limit: number): PublishableEntry[];
  /** The first places for the public board (kept in memory; at most 500). */
  board(limit: number): PublishableEntry[];
  /** One contestant's place, or null before they have a counting attempt. */
  rankOf(contestantId: string): { attemptId: string; rank: number } | null;
}

/** A ranked list as a source: contact and publishing details are read for the places asked for only. */
function listSource(db: Db, ranked: { actual: number; list: RankedStanding[]; byPerson: Map<string, RankedStanding>; board?: PublishableEntry[] }): RankingSource {
  return {
    actual: ranked.actual,
    head: (limit) => withContestants(db, ranked.list.slice(0, limit), 1),
    board: (limit) => {
      ranked.board ??= withContestants(db, ranked.list.slice(0, LEADERBOARD_DEPTH), 1);
      return ranked.board.slice(0, limit);
    },
    rankOf: (id) => {
      const found = ranked.byPerson.get(id);
      return found ? { attemptId: found.attemptId, rank: found.rank } : null;
    },
  };
}

/** One round's ranking: each person's best attempt in it, predictions against the round's own figure. */
export function roundRanking(db: Db, contest: Contest, round: Round, reading: RankingRead = 'exact'): RankingSource {
  return listSource(db, rankedOf(tallyOf(db, contest.slug, round.id, reading), contest));
}

const sums = new WeakMap<Db, Map<string, { parts: readonly object[]; ranked: { actual: number; list: RankedStanding[]; byPerson: Map<string, RankedStanding>; board?: PublishableEntry[] } }>>();

/**
 * The contest's overall ranking: without rounds, or with `best`, each person's best attempt of all
 * (the maintained standings, as ever); with `final`, the final round's ranking; with `sum`, the sum
 * of each person's best score per round (domain `sumOfRounds`), kept while the rounds' rankings are.
 */
export function overallRanking(db: Db, contest: Contest, reading: RankingRead = 'exact'): RankingSource {
  const rounds = roundsInOrder(roundsOf(contest));
  const how = overallRankingMethod(contest);
  if (how === 'final') return roundRanking(db, contest, finalRound(rounds)!, reading);
  const actual = predictionActual(contest.predictionTarget, contestCounts(db, contest.slug));
  const order = contest.rankingOrder;
  if (how === 'sum') {
    const parts = rounds.map((round) => rankedOf(tallyOf(db, contest.slug, round.id, reading), contest));
    let cache = sums.get(db);
    if (!cache) sums.set(db, (cache = new Map()));
    const id = `${contest.slug}\n${actual}|${order.join(',')}`;
    let kept = cache.get(id);
    if (!kept || kept.parts.length !== parts.length || kept.parts.some((part, i) => part !== parts[i])) {
      const list = sumOfRounds(parts.map((part) => part.list), order, actual);
      kept = { parts, ranked: { actual, list, byPerson: new Map(list.map((entry) => [entry.contestantId, entry])) } };
      cache.set(id, kept);
    }
    return listSource(db, kept.ranked);
  }
  return {
    actual,
    head: (limit) => rankingHead(db, contest.slug, order, actual, limit),
    board: (limit) => leaderboard(db, contest.slug, order, actual, limit),
    rankOf: (id) => contestantRank(db, contest.slug, order, actual, id),
  };
}

/** Per unit the contestants registered with, over one round: participants, counting attempts, best scores. */
export function roundUnitCounts(db: Db, slug: string, roundId: string): UnitCount[] {
  return sql<{ slug: string; round: string }, UnitCount>(
    db,
    `SELECT unit_id AS unitId, COUNT(*) AS participants, SUM(n) AS attempts, SUM(best) AS bestScoreSum FROM (
       SELECT c.unit_id, COUNT(*) AS n, MAX(a.score) AS best
       FROM attempts a JOIN contestants c ON c.id = a.contestant_id
       WHERE a.contest_slug = @slug AND a.round_id = @round AND ${COUNTING}
       GROUP BY a.contestant_id
     ) GROUP BY unit_id`,
  ).all({ slug, round: roundId });
}

/** Attempts in progress in one round. */
export function roundInProgress(db: Db, slug: string, roundId: string): number {
  return sql<[string, string], { n: number }>(db, `SELECT COUNT(*) AS n FROM attempts WHERE contest_slug = ? AND round_id = ? AND status = 'inProgress'`).get(slug, roundId)!.n;
}

// ── Published results of a round ────────────────────────────────────────

export interface PublishedRoundResults<P> {
  publishedAt: string;
  publishedBy: string;
  payload: P;
}

export function getRoundResults<P>(db: Db, slug: string, roundId: string): PublishedRoundResults<P> | null {
  const row = sql<[string, string], { publishedAt: string; publishedBy: string; payload: string }>(
    db,
    'SELECT published_at AS publishedAt, published_by AS publishedBy, payload FROM round_results WHERE contest_slug = ? AND round_id = ?',
  ).get(slug, roundId);
  return row ? { ...row, payload: JSON.parse(row.payload) as P } : null;
}

/** When each round's results were published, by round id (absent: not published). */
export function roundResultsPublishedAt(db: Db, slug: string): Map<string, string> {
  return new Map(
    sql<[string], { roundId: string; publishedAt: string }>(db, 'SELECT round_id AS roundId, published_at AS publishedAt FROM round_results WHERE contest_slug = ?')
      .all(slug)
      .map((row) => [row.roundId, row.publishedAt]),
  );
}

/** Freezes a round's computation as its published results; emits `results.published` naming the round, in the caller's transaction. */
export function publishRoundResults(db: Db, contest: Contest, round: Round, payload: unknown, by: string, now: Date): void {
  const slug = contest.slug;
  const roundId = round.id;
  sql(
    db,
    `INSERT INTO round_results (contest_slug, round_id, published_at, published_by, payload) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (contest_slug, round_id) DO UPDATE SET published_at = excluded.published_at,
       published_by = excluded.published_by, payload = excluded.payload`,
  ).run(slug, roundId, now.toISOString(), by, JSON.stringify(payload));
  emitWebhookEvent(db, slug, 'results.published', now, () => ({
    publishedAt: now.toISOString(),
    round: { id: round.id, title: round.title, number: roundNumber(roundsOf(contest), round.id) },
  }));
}

// ── round.closed ─────────────────────────────────────────────────────────

/**
 * Announces every round that has closed by `now` and was not announced yet: one `round.closed`
 * event each, written to the outbox in the same transaction as the row that marks it announced,
 * so it goes out exactly once whichever server process gets there first. Answers how many.
 * The payload has counts only, no personal data.
 */
export function announceClosedRounds(db: Db, now: Date): number {
  const at = now.toISOString();
  const due = sql<[string], { slug: string; roundId: string }>(
    db,
    `SELECT k.slug, json_extract(r.value, '$.id') AS roundId FROM contests k, json_each(k.settings, '$.rounds') r
     WHERE json_extract(r.value, '$.endsAt') <= ?
       AND NOT EXISTS (SELECT 1 FROM round_closures x WHERE x.contest_slug = k.slug AND x.round_id = json_extract(r.value, '$.id'))
     ORDER BY json_extract(r.value, '$.endsAt'), k.slug`,
  ).all(at);
  let announced = 0;
  for (const { slug, roundId } of due) {
    db.transaction(() => {
      const marked = sql(db, 'INSERT INTO round_closures (contest_slug, round_id, announced_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(slug, roundId, at);
      if (marked.changes === 0) return;
      const settings = JSON.parse(sql<[string], string>(db, 'SELECT settings FROM contests WHERE slug = ?').pluck().get(slug)!) as { rounds?: Round[] };
      const rounds = settings.rounds ?? [];
      const round = rounds.find((r) => r.id === roundId)!;
      finaliseOverdueAttempts(db, slug, now); // the round's last attempts are counted before it is announced
      const counts = roundCounts(db, slug, roundId);
      emitWebhookEvent(db, slug, 'round.closed', now, () => ({
        round: { id: round.id, title: round.title, number: roundNumber(rounds, round.id), startsAt: round.startsAt, endsAt: round.endsAt },
        participants: counts.participants,
        attempts: counts.attempts,
      }));
      announced++;
    })();
  }
  return announced;
}

/**
 * The whole overall ranking in pages, for the ranking exports: without rounds or with `best`, the
 * streamed pages of the maintained standings; with `sum` or `final`, pages of the ranking kept in
 * memory (a round's ranking is read whole from its attempts), each entry with the export's fields only.
 */
export function* overallRankingPages(db: Db, contest: Contest, pageSize: number): Generator<RankedEntry[]> {
  const how = overallRankingMethod(contest);
  const source = overallRanking(db, contest);
  if (how === 'best') {
    yield* rankingPages(db, contest.slug, contest.rankingOrder, source.actual, pageSize);
    return;
  }
  const all = source.head(Number.MAX_SAFE_INTEGER);
  for (let at = 0; at < all.length; at += pageSize) yield all.slice(at, at + pageSize).map(rankedEntry);
}
