import type { RankingRecord } from '../exports/rules.js';
import type { ContestCounts } from '../domain/prediction.js';
import { leadCriterion, leadRanges, type RankingCriterion } from '../domain/ranking.js';
import type { UnitCount } from '../domain/units.js';
import { commitGroup, dataStamp, sameData, sql, type DataStamp, type Db } from './connection.js';
import { keysetPages } from '../exports/queries.js';

/**
 * An attempt counts when it is submitted, not voided, and its contestant is not on the
 * exclusion list. Every count, ranking and statistic uses this one definition.
 */
export const COUNTING = `a.status = 'submitted' AND a.voided_at IS NULL AND NOT EXISTS (
  SELECT 1 FROM exclusions x WHERE x.contest_slug = a.contest_slug
    AND ((x.kind = 'idNumber' AND x.value = c.id_number) OR (x.kind = 'phone' AND x.value = c.phone)))`;

/**
 * The ranking chain of domain/ranking.ts (`compareAttempts`) written in SQL over `standings`
 * (each participant's contending attempts, db/participation.ts), so the database sorts without
 * loading every attempt. `order` are ORDER BY terms (score first walks the index
 * `standings_in_order`); `key` are the same terms as an ascending row value, for counting who ranks
 * ahead of someone. A property test holds both to the comparator.
 */
const TERMS: Record<RankingCriterion, { order: (t: string) => string; key: (t: string) => string[] }> = {
  score: { order: (t) => `${t}.score DESC`, key: (t) => [`-${t}.score`] },
  prediction: {
    order: (t) => `(${t}.prediction IS NULL), ABS(${t}.prediction - @actual)`,
    key: (t) => [`(${t}.prediction IS NULL)`, `COALESCE(ABS(${t}.prediction - @actual), 0)`],
  },
  duration: { order: (t) => `${t}.duration_ms`, key: (t) => [`${t}.duration_ms`] },
  submittedAt: { order: (t) => `${t}.submitted_at`, key: (t) => [`${t}.submitted_at`] },
};

/** ORDER BY terms of the ranking chain over the standings aliased `t`. */
export function orderBy(order: readonly RankingCriterion[], t = 's'): string {
  return [...order.map((criterion) => TERMS[criterion].order(t)), `${t}.attempt_id`].join(', ');
}

/** The ranking chain as an ascending row value over the standings aliased `t`. */
export function keyTerms(order: readonly RankingCriterion[], t = 's'): string[] {
  return [...order.flatMap((criterion) => TERMS[criterion].key(t)), `${t}.attempt_id`];
}

const keptCounts = new WeakMap<Db, Map<string, { stamp: DataStamp; counts: Readonly<ContestCounts> }>>();

/**
 * Participants, counting attempts and people with a perfect attempt, from the maintained figures.
 * Every public read needs them; the sum over units is kept until the database changes (`dataStamp`).
 */
export function contestCounts(db: Db, slug: string): Readonly<ContestCounts> {
  const stamp = dataStamp(db);
  let kept = keptCounts.get(db);
  if (!kept) keptCounts.set(db, (kept = new Map()));
  let counts = kept.get(slug);
  if (!counts || !sameData(counts.stamp, stamp)) {
    const read = sql<[string], ContestCounts>(
      db,
      `SELECT COALESCE(SUM(participants), 0) AS participants, COALESCE(SUM(attempts), 0) AS attempts,
         COALESCE(SUM(perfect_participants), 0) AS perfectParticipants
       FROM unit_participation WHERE contest_slug = ?`,
    ).get(slug)!;
    kept.set(slug, (counts = { stamp, counts: Object.freeze(read) }));
  }
  return counts.counts;
}

/** One person's best counting attempt in the ranking, with what the jury's export needs. */
export interface RankedEntry extends RankingRecord {
  contestantId: string;
  unitId: string;
}

export interface Standing {
  attemptId: string;
  contestantId: string;
  score: number;
  total: number;
  prediction: number | null;
  durationMs: number;
  submittedAt: string;
}

const STANDING_COLUMNS = `s.attempt_id AS attemptId, s.contestant_id AS contestantId, s.score, s.total, s.prediction,
  s.duration_ms AS durationMs, s.submitted_at AS submittedAt`;

/** Participants' best attempts among the standings matching `where`, in ranking order, up to `limit`. */
function sortedBest(
  db: Db,
  slug: string,
  order: readonly RankingCriterion[],
  actual: number,
  where: string,
  params: Record<string, number>,
  limit: number,
): Standing[] {
  const rows = sql<Record<string, unknown>, Standing>(
    db,
    `SELECT ${STANDING_COLUMNS} FROM standings s WHERE s.contest_slug = @slug ${where} ORDER BY ${orderBy(order)}`,
  ).iterate({ ...params, slug, actual });
  // A participant's first contender in this order is their best; later ones are skipped.
  const seen = new Set<string>();
  const best: Standing[] = [];
  for (const row of rows) {
    if (best.length >= limit) break;
    if (seen.has(row.contestantId)) continue;
    seen.add(row.contestantId);
    best.push(row);
  }
  return best;
}

/** Beyond every lead value: predictions (≤ 10^9), durations and times in ms (< 2^43). */
export const WIDEST = 2 ** 43;

/**
 * Up to `limit` participants' best attempts in ranking order. The head is read
 * block by block; in a block larger than what is still needed, only a window of lead values around
 * the best one (predictions nearest the actual figure, shortest durations, earliest times) is
 * sorted, widened by doubling until it holds enough people — everyone outside it ranks after
 * everyone inside — so the cost follows the places asked for, not the size of a score block.
 */
function bestStandings(db: Db, slug: string, order: readonly RankingCriterion[], actual: number, limit: number): Standing[] {
  const lead = leadCriterion(order);
  const blocks =
    order[0] === 'score'
      ? sql<[string], { block: string; people: number }>(
          db,
          `SELECT key AS block, participants AS people FROM contest_figures WHERE contest_slug = ? AND dimension = 'bestScore' AND participants > 0`,
        )
          .all(slug)
          .map((row) => ({ block: Number(row.block), people: row.people }))
          .sort((a, b) => b.block - a.block)
      : [{ block: 0, people: contestCounts(db, slug).participants }];
  const head: Standing[] = [];
  for (const { block, people } of blocks) {
    const need = limit - head.length;
    if (need <= 0) break;
    const whole = () => sortedBest(db, slug, order, actual, 'AND s.block = @block', { block }, need);
    if (people <= need || lead === null) {
      head.push(...whole());
      continue;
    }
    for (let width = 1; ; width *= 2) {
      if (width >= WIDEST) {
        head.push(...whole()); // what is left has no lead value (no prediction)
        break;
      }
      const [lo, hi] = lead === 'prediction' ? [actual - width, actual + width] : [0, width];
      if (countLeads(db, slug, block, lo, hi) < need) continue;
      const window = sortedBest(db, slug, order, actual, 'AND s.block = @block AND s.lead BETWEEN @lo AND @hi', { block, lo, hi }, need);
      // Counted rows may repeat a person with several contending predictions: widen until enough.
      if (window.length >= need) {
        head.push(...window);
        break;
      }
    }
  }
  return head;
}

/** A ranked entry with what decides how its name may be published (domain/personal-data.ts). */
export interface PublishableEntry extends RankedEntry {
  publishName: boolean;
  guardianPublishName: boolean;
  registeredAt: string;
}

export function withContestants(db: Db, standings: readonly Standing[], firstRank: number): PublishableEntry[] {
  const details = sql<[string], Omit<PublishableEntry, keyof Standing | 'rank' | 'publishName' | 'guardianPublishName'> & { publishName: number; guardianPublishName: number | null }>(
    db,
    `SELECT c.full_name AS fullName, c.unit_id AS unitId, COALESCE(u.name, c.unit_id) AS unitName, c.birth_date AS birthDate,
            c.id_number AS idNumber, c.phone, c.email, c.occupation, c.publish_name AS publishName,
            c.guardian_publish_name AS guardianPublishName, c.created_at AS registeredAt
     FROM contestants c LEFT JOIN units u ON u.contest_slug = c.contest_slug AND u.id = c.unit_id WHERE c.id = ?`,
  );
  return standings.map((s, index) => {
    const found = details.get(s.contestantId)!;
    return { ...s, ...found, publishName: found.publishName === 1, guardianPublishName: found.guardianPublishName === 1, rank: firstRank + index };
  });
}

/** The first `limit` places of the ranking, with what decides how names are published. */
export function rankingHead(db: Db, slug: string, order: readonly RankingCriterion[], actual: number, limit: number): PublishableEntry[] {
  return withContestants(db, bestStandings(db, slug, order, actual, limit), 1);
}

/**
 * Each participant's best counting attempt, ranked; `limit` null for the whole ranking. Exact for
 * the given `actual`: the standings hold every attempt that can be a person's best for some figure.
 */
export function ranking(
  db: Db,
  slug: string,
  order: readonly RankingCriterion[],
  actual: number,
  limit: number | null,
): RankedEntry[] {
  if (limit === null) return [...rankingPages(db, slug, order, actual)].flat();
  return rankingHead(db, slug, order, actual, limit);
}

/** Temporary tables of ranking exports in progress on a connection get distinct names. */
let scratchTables = 0;

type RankedColumns = [
  rowid: number,
  attemptId: string,
  contestantId: string,
  multi: number,
  score: number,
  total: number,
  prediction: number | null,
  durationMs: number,
  submittedAt: string,
  fullName: string,
  unitId: string,
  unitName: string,
  birthDate: string,
  idNumber: string,
  phone: string,
  email: string | null,
  occupation: string,
];

/**
 * The whole ranking in pages of at most `pageSize` (for streaming exports). Each score block (the
 * whole contest when the order does not start with the score) is sorted by SQLite from the
 * covering index `standings_by_lead` (db/participation.ts) into a temporary table in ranking order, then read back in
 * keyset pages of its rowid with contact details joined per page: memory stays within SQLite's
 * caches (the sort and the temporary table spill to disk) however many people share a score, and
 * no cursor stays open between pages. The table is dropped when the pages end or the consumer
 * stops early. The open group of writes is committed before the temporary table is written, so a
 * group that fails cannot take the sorted block with it.
 *
 * Someone with several contenders (several predictions at their best score, `multi`; all in one
 * block) counts at the first of them in this order: only those people are remembered, per block.
 */
export function* rankingPages(
  db: Db,
  slug: string,
  order: readonly RankingCriterion[],
  actual: number,
  pageSize = 5000,
): Generator<RankedEntry[]> {
  const blocks =
    order[0] === 'score'
      ? sql<[string], { block: string }>(db, `SELECT key AS block FROM contest_figures WHERE contest_slug = ? AND dimension = 'bestScore' AND participants > 0`)
          .all(slug)
          .map((row) => Number(row.block))
          .sort((a, b) => b - a)
      : [null];
  const table = `temp.ranking_scratch_${++scratchTables}`;
  commitGroup(db);
  db.exec(`CREATE TABLE ${table} (attempt_id TEXT, contestant_id TEXT, multi INTEGER, score INTEGER, total INTEGER, prediction INTEGER, duration_ms INTEGER, submitted_at TEXT)`);
  try {
    const fill = db.prepare(
      `INSERT INTO ${table} SELECT s.attempt_id, s.contestant_id, s.multi, s.score, s.total, s.prediction, s.duration_ms, s.submitted_at
       FROM standings s WHERE s.contest_slug = @slug ${order[0] === 'score' ? 'AND s.block = @block' : ''} ORDER BY ${orderBy(order)}`,
    );
    const page = db
      .prepare<[number, number], RankedColumns>(
        `SELECT t.rowid, t.attempt_id, t.contestant_id, t.multi, t.score, t.total, t.prediction, t.duration_ms, t.submitted_at,
                c.full_name, c.unit_id, COALESCE(u.name, c.unit_id), c.birth_date, c.id_number, c.phone, c.email, c.occupation
         FROM ${table} t
         JOIN contestants c ON c.id = t.contestant_id
         LEFT JOIN units u ON u.contest_slug = c.contest_slug AND u.id = c.unit_id
         WHERE t.rowid > ? ORDER BY t.rowid LIMIT ?`,
      )
      .raw(true);
    let rank = 1;
    for (const block of blocks) {
      commitGroup(db);
      db.exec(`DELETE FROM ${table}`);
      fill.run(block === null ? { slug, actual } : { slug, block, actual });
      const counted = new Set<string>();
      const pages = keysetPages((after, limit) => {
        const rows = page.all(after, limit);
        return { rows, last: rows.length ? rows[rows.length - 1]![0] : after };
      }, pageSize);
      for (const rows of pages) {
        const entries: RankedEntry[] = [];
        for (const r of rows) {
          if (r[3] === 1) {
            if (counted.has(r[2])) continue;
            counted.add(r[2]);
          }
          entries.push({
            attemptId: r[1],
            contestantId: r[2],
            score: r[4],
            total: r[5],
            prediction: r[6],
            durationMs: r[7],
            submittedAt: r[8],
            fullName: r[9],
            unitId: r[10],
            unitName: r[11],
            birthDate: r[12],
            idNumber: r[13],
            phone: r[14],
            email: r[15],
            occupation: r[16],
            rank: rank++,
          });
        }
        if (entries.length) yield entries;
      }
    }
  } finally {
    commitGroup(db);
    db.exec(`DROP TABLE IF EXISTS ${table}`);
  }
}

/** The version of everything a leaderboard shows, moved by triggers on every change (decision 0011). */
export function figuresVersion(db: Db, slug: string): number {
  return sql<[string], { version: number }>(db, 'SELECT version FROM figure_versions WHERE contest_slug = ?').get(slug)?.version ?? 0;
}

export const LEADERBOARD_DEPTH = 500;
const leaderboards = new WeakMap<Db, Map<string, { key: string; entries: PublishableEntry[] }>>();

/**
 * The top of the ranking for the public leaderboard (at most 500 places), kept in memory until the
 * figures' version, the actual figure or the order moves. The version lives in the database, so a
 * write by another server process invalidates this copy too; reading it is one primary-key lookup.
 */
export function leaderboard(db: Db, slug: string, order: readonly RankingCriterion[], actual: number, limit: number): PublishableEntry[] {
  let cache = leaderboards.get(db);
  if (!cache) leaderboards.set(db, (cache = new Map()));
  const key = `${figuresVersion(db, slug)}|${actual}|${order.join(',')}`;
  let kept = cache.get(slug);
  if (kept?.key !== key) cache.set(slug, (kept = { key, entries: rankingHead(db, slug, order, actual, LEADERBOARD_DEPTH) }));
  return kept.entries.slice(0, limit);
}

/** Counted standings of one block whose lead lies in [lo, hi], from the bucket counts (levels 1–5, domain `leadRanges`). */
function countLeads(db: Db, slug: string, block: number, lo: number, hi: number): number {
  const exact = sql<[string, number, number, number], { n: number }>(
    db,
    'SELECT COUNT(*) AS n FROM standings WHERE contest_slug = ? AND block = ? AND lead BETWEEN ? AND ? AND counted = 1',
  );
  const buckets = sql<[string, number, number, number, number], { n: number }>(
    db,
    'SELECT COALESCE(SUM(rows), 0) AS n FROM standing_counts WHERE contest_slug = ? AND block = ? AND level = ? AND bucket BETWEEN ? AND ?',
  );
  let count = 0;
  for (const { level, from, to } of leadRanges(lo, hi)) count += level === 0 ? exact.get(slug, block, from, to)!.n : buckets.get(slug, block, level, from, to)!.n;
  return count;
}

/**
 * A participant's best attempt and its rank (1 + participants ranked ahead), or null when nothing of
 * theirs counts. Exact for the given `actual`, without sorting anyone: people in better score
 * blocks come from the maintained per-score counts, people strictly better on the next criterion
 * from bucket counts of its values (closer predictions, shorter durations, earlier times), and
 * only ties on it — and contestants with several contending predictions — are counted row by row.
 */
export function contestantRank(
  db: Db,
  slug: string,
  order: readonly RankingCriterion[],
  actual: number,
  contestantId: string,
): (Standing & { rank: number }) | null {
  const best = sql<{ id: string; actual: number }, Standing & { block: number; lead: number | null }>(
    db,
    `SELECT ${STANDING_COLUMNS}, s.block, s.lead FROM standings s WHERE s.contestant_id = @id ORDER BY ${orderBy(order)} LIMIT 1`,
  ).get({ id: contestantId, actual });
  if (!best) return null;
  const terms = keyTerms(order);
  const mine = sql<Record<string, unknown>, Record<string, unknown>>(
    db,
    `SELECT ${terms.map((term, i) => `${term} AS k${i}`).join(', ')} FROM standings s WHERE s.attempt_id = @id`,
  ).get({ id: best.attemptId, actual })!;
  const isAhead = `(${terms.join(', ')}) < (${terms.map((_, i) => `@k${i}`).join(', ')})`;
  const params = { ...mine, slug, actual, block: best.block, lo: 0, hi: 0, lead: best.lead };
  const count = (where: string, extra: Record<string, unknown> = {}) =>
    sql<Record<string, unknown>, { n: number }>(db, `SELECT COUNT(DISTINCT s.contestant_id) AS n FROM standings s WHERE s.contest_slug = @slug AND ${where}`).get({
      ...params,
      ...extra,
    })!.n;
  const lead = leadCriterion(order);
  const scoreFirst = order[0] === 'score';
  const betterBlocks = scoreFirst
    ? sql<{ slug: string; score: number }, { n: number }>(
        db,
        `SELECT COALESCE(SUM(participants), 0) AS n FROM contest_figures
         WHERE contest_slug = @slug AND dimension = 'bestScore' AND CAST(key AS INTEGER) > @score`,
      ).get({ slug, score: best.score })!.n
    : 0;
  if (lead === null) return { ...best, rank: betterBlocks + count(`s.block = @block AND ${isAhead}`) + 1 };
  let inBlock: number;
  if (best.lead === null) {
    // No prediction: everyone in the block with one is ahead, and those without one by the rest.
    const blockPeople = scoreFirst
      ? sql<[string, string], { n: number }>(db, `SELECT COALESCE(SUM(participants), 0) AS n FROM contest_figures WHERE contest_slug = ? AND dimension = 'bestScore' AND key = ?`).get(slug, String(best.score))!.n
      : contestCounts(db, slug).participants;
    inBlock = blockPeople - count('s.block = @block AND s.lead IS NULL') + count(`s.block = @block AND s.lead IS NULL AND ${isAhead}`);
  } else {
    const [lo, hi] = lead === 'prediction' ? [actual - Math.abs(best.lead - actual) + 1, actual + Math.abs(best.lead - actual) - 1] : [0, best.lead - 1];
    const strictly = countLeads(db, slug, best.block, lo, hi);
    // A contestant with several contending predictions in the range was counted once per prediction:
    // once too often for each gap between two of them that lies inside it.
    const repeats =
      lead === 'prediction'
        ? sql<Record<string, unknown>, { n: number }>(
            db,
            `SELECT COUNT(*) AS n FROM standings
             WHERE contest_slug = @slug AND block = @block AND next_lead IS NOT NULL AND lead BETWEEN @lo AND @hi AND next_lead <= @hi`,
          ).get({ slug, block: best.block, lo: Math.max(lo, 0), hi })!.n
        : 0;
    // Ties on the lead value, decided by the later criteria, from the covering index: people with one
    // contender are counted as rows; the others once each, unless already counted above.
    const tied = lead === 'prediction' ? 's.lead IN (@below, @above)' : 's.lead = @lead';
    const ties =
      sql<Record<string, unknown>, { n: number }>(
        db,
        `SELECT COUNT(*) AS n FROM standings s WHERE s.contest_slug = @slug AND s.block = @block AND ${tied} AND s.multi = 0 AND ${isAhead}`,
      ).get({ ...params, below: lo - 1, above: hi + 1 })!.n +
      count(
        `s.block = @block AND ${tied} AND s.multi = 1 AND ${isAhead} AND NOT EXISTS (
           SELECT 1 FROM standings o WHERE o.contestant_id = s.contestant_id AND o.block = s.block AND o.lead BETWEEN @lo AND @hi)`,
        { lo, hi, below: lo - 1, above: hi + 1 },
      );
    inBlock = strictly - repeats + ties;
  }
  return { ...best, rank: betterBlocks + inBlock + 1 };
}

/** Per unit the contestants registered with (no roll-up): participants, counting attempts, best scores. */
export function unitCounts(db: Db, slug: string): UnitCount[] {
  return sql<[string], UnitCount>(
    db,
    `SELECT unit_id AS unitId, participants, attempts, best_score_sum AS bestScoreSum
     FROM unit_participation WHERE contest_slug = ? AND participants > 0`,
  ).all(slug);
}
