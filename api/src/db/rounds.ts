/**
 * Rounds in storage (decision 0041): which round an attempt belongs to, each round's ranking read
 * from the attempts themselves (not from the maintained standings, which are the whole contest's),
 * its counts, its published results and the announcement of its close.
 */
import type { Contest } from '../domain/contest.js';
import type { ContestCounts } from '../domain/prediction.js';
import { predictionActual } from '../domain/prediction.js';
import { finalRound, roundNumber, roundsInOrder, roundsOf, sumOfRounds, type Round } from '../domain/rounds.js';
import type { UnitCount } from '../domain/units.js';
import { rollbackCount, sql, type Db } from './connection.js';
import { COUNTING, contestantRank, contestCounts, figuresVersion, leaderboard, orderBy, rankingHead, rankingPages, type PublishableEntry, type RankedEntry } from './rankings.js';
import { emitWebhookEvent } from './webhooks.js';
import { finaliseOverdueAttempts } from './attempts.js';

/** Moves whenever a counted attempt of a round changes (triggers of migration "rounds"). */
function roundsVersion(db: Db, slug: string): number {
  return sql<[string], { version: number }>(db, 'SELECT version FROM round_versions WHERE contest_slug = ?').get(slug)?.version ?? 0;
}

/**
 * What a kept round figure depends on: the figures' and the rounds' versions (moved by triggers, so
 * other processes' writes count too) and this connection's rollbacks (a version rolled back may be
 * reached again by different writes).
 */
function versionKey(db: Db, slug: string): string {
  return `${figuresVersion(db, slug)}|${roundsVersion(db, slug)}|${rollbackCount(db)}`;
}

const keptCounts = new WeakMap<Db, Map<string, { key: string; counts: ContestCounts }>>();

/**
 * Participants, counting attempts and people with a perfect attempt of one round, kept until the
 * figures' version or the rounds' version moves (every read of a round's ranking needs them).
 */
export function roundCounts(db: Db, slug: string, roundId: string): ContestCounts {
  let cache = keptCounts.get(db);
  if (!cache) keptCounts.set(db, (cache = new Map()));
  const key = versionKey(db, slug);
  let entry = cache.get(`${slug}\n${roundId}`);
  if (entry?.key !== key) cache.set(`${slug}\n${roundId}`, (entry = { key, counts: countRound(db, slug, roundId) }));
  return entry.counts;
}

function countRound(db: Db, slug: string, roundId: string): ContestCounts {
  return sql<{ slug: string; round: string }, ContestCounts>(
    db,
    `SELECT COUNT(DISTINCT a.contestant_id) AS participants, COUNT(*) AS attempts,
       COUNT(DISTINCT CASE WHEN a.score = a.total THEN a.contestant_id END) AS perfectParticipants
     FROM attempts a JOIN contestants c ON c.id = a.contestant_id
     WHERE a.contest_slug = @slug AND a.round_id = @round AND ${COUNTING}`,
  ).get({ slug, round: roundId })!;
}

/** Attempts a contestant started in a round (voided ones too: each start uses a try). */
export function attemptsInRound(db: Db, contestantId: string, roundId: string): number {
  return sql<[string, string], { n: number }>(db, 'SELECT COUNT(*) AS n FROM attempts WHERE contestant_id = ? AND round_id = ?').get(contestantId, roundId)!.n;
}

/** The rounds of a contest that already have attempts: their windows are fixed. */
export function roundsWithAttempts(db: Db, slug: string): Set<string> {
  return new Set(
    sql<[string], string>(db, 'SELECT DISTINCT round_id FROM attempts WHERE contest_slug = ? AND round_id IS NOT NULL').pluck().all(slug),
  );
}

const ENTRY_COLUMNS = `s.attempt_id AS attemptId, s.contestant_id AS contestantId, s.score, s.total, s.prediction,
  s.duration_ms AS durationMs, s.submitted_at AS submittedAt,
  c.full_name AS fullName, c.unit_id AS unitId, COALESCE(u.name, c.unit_id) AS unitName, c.birth_date AS birthDate,
  c.id_number AS idNumber, c.phone, c.email, c.occupation, c.publish_name AS publishName,
  c.guardian_publish_name AS guardianPublishName, c.created_at AS registeredAt`;

/**
 * Each participant's best counting attempt in one round, ranked by the contest's chain with the
 * prediction of their first submission in the round (as `withFirstPrediction` does for the
 * contest), judged against `actual`. One statement: window functions pick the first prediction and
 * the best attempt per person, in the same ORDER BY terms the maintained standings use.
 */
function rankRound(db: Db, slug: string, roundId: string, order: Contest['rankingOrder'], actual: number): PublishableEntry[] {
  const rows = sql<{ slug: string; round: string; actual: number }, Omit<PublishableEntry, 'rank' | 'publishName' | 'guardianPublishName'> & { publishName: number; guardianPublishName: number | null }>(
    db,
    `WITH r AS (
       SELECT a.id AS attempt_id, a.contestant_id, a.score, a.total, a.duration_ms, a.submitted_at,
         FIRST_VALUE(a.prediction) OVER (PARTITION BY a.contestant_id ORDER BY a.submitted_at, a.id) AS prediction
       FROM attempts a JOIN contestants c ON c.id = a.contestant_id
       WHERE a.contest_slug = @slug AND a.round_id = @round AND ${COUNTING}
     ), b AS (
       SELECT r.*, ROW_NUMBER() OVER (PARTITION BY r.contestant_id ORDER BY ${orderBy(order, 'r')}) AS n FROM r
     )
     SELECT ${ENTRY_COLUMNS} FROM b s
     JOIN contestants c ON c.id = s.contestant_id
     LEFT JOIN units u ON u.contest_slug = c.contest_slug AND u.id = c.unit_id
     WHERE s.n = 1 ORDER BY ${orderBy(order, 's')}`,
  ).all({ slug, round: roundId, actual });
  return rows.map((row, index) => ({ ...row, publishName: row.publishName === 1, guardianPublishName: row.guardianPublishName === 1, rank: index + 1 }));
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

const kept = new WeakMap<Db, Map<string, { key: string; entries: PublishableEntry[]; byPerson: Map<string, PublishableEntry> }>>();

/** A whole ranking kept until the figures, the rounds' attempts, the actual figure or the order move. */
function keptRanking(db: Db, slug: string, name: string, key: string, compute: () => PublishableEntry[]) {
  let cache = kept.get(db);
  if (!cache) kept.set(db, (cache = new Map()));
  const full = `${versionKey(db, slug)}|${key}`;
  let entry = cache.get(`${slug}\n${name}`);
  if (entry?.key !== full) {
    const entries = compute();
    cache.set(`${slug}\n${name}`, (entry = { key: full, entries, byPerson: new Map(entries.map((e) => [e.contestantId, e])) }));
  }
  return entry;
}

function listSource(actual: number, read: () => { entries: PublishableEntry[]; byPerson: Map<string, PublishableEntry> }): RankingSource {
  return {
    actual,
    head: (limit) => read().entries.slice(0, limit),
    board: (limit) => read().entries.slice(0, limit),
    rankOf: (id) => {
      const found = read().byPerson.get(id);
      return found ? { attemptId: found.attemptId, rank: found.rank } : null;
    },
  };
}

/** One round's ranking: each person's best attempt in it, predictions against the round's own figure. */
export function roundRanking(db: Db, contest: Contest, round: Round): RankingSource {
  const actual = predictionActual(contest.predictionTarget, roundCounts(db, contest.slug, round.id));
  const order = contest.rankingOrder;
  return listSource(actual, () => keptRanking(db, contest.slug, `round:${round.id}`, `${actual}|${order.join(',')}`, () => rankRound(db, contest.slug, round.id, order, actual)));
}

/**
 * The contest's overall ranking: without rounds, or with `best`, each person's best attempt of all
 * (the maintained standings, as ever); with `final`, the final round's ranking; with `sum`, the sum
 * of each person's best score per round (domain `sumOfRounds`).
 */
export function overallRanking(db: Db, contest: Contest): RankingSource {
  const rounds = roundsInOrder(roundsOf(contest));
  const how = rounds.length ? (contest.roundsRanking ?? 'best') : 'best';
  if (how === 'final') return roundRanking(db, contest, finalRound(rounds)!);
  const actual = predictionActual(contest.predictionTarget, contestCounts(db, contest.slug));
  const order = contest.rankingOrder;
  if (how === 'sum') {
    const perRound = rounds.map((round) => roundRanking(db, contest, round));
    const key = `${actual}|${order.join(',')}|${perRound.map((r) => r.actual).join(',')}`;
    return listSource(actual, () =>
      keptRanking(db, contest.slug, 'sum', key, () => sumOfRounds(perRound.map((r) => r.head(Number.MAX_SAFE_INTEGER)), order, actual)),
    );
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

/** Freezes a round's computation as its published results (in the caller's transaction). */
export function publishRoundResults(db: Db, slug: string, roundId: string, payload: unknown, by: string, now: Date): void {
  sql(
    db,
    `INSERT INTO round_results (contest_slug, round_id, published_at, published_by, payload) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (contest_slug, round_id) DO UPDATE SET published_at = excluded.published_at,
       published_by = excluded.published_by, payload = excluded.payload`,
  ).run(slug, roundId, now.toISOString(), by, JSON.stringify(payload));
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
 * memory (a round's ranking is read whole from its attempts).
 */
export function* overallRankingPages(db: Db, contest: Contest, pageSize: number): Generator<RankedEntry[]> {
  const how = roundsOf(contest).length ? (contest.roundsRanking ?? 'best') : 'best';
  const source = overallRanking(db, contest);
  if (how === 'best') {
    yield* rankingPages(db, contest.slug, contest.rankingOrder, source.actual, pageSize);
    return;
  }
  const all = source.head(Number.MAX_SAFE_INTEGER);
  for (let at = 0; at < all.length; at += pageSize) yield all.slice(at, at + pageSize);
}
