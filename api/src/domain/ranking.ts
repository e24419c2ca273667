/**
 * The ranking chain of SPEC §2: each contestant's best attempt counts, and contestants are ordered
 * by the configured criteria in turn, then by attempt id so that the order is total.
 */

/** The criteria a contest may rank by, declared once: the comparator, the SQL terms and the schemas use this list. */
export const RANKING_CRITERIA = ['score', 'prediction', 'duration', 'submittedAt'] as const;

export type RankingCriterion = (typeof RANKING_CRITERIA)[number];

/** The order of SPEC §2: every criterion, as listed. */
export const DEFAULT_RANKING_ORDER: readonly RankingCriterion[] = RANKING_CRITERIA;

export interface RankableAttempt {
  attemptId: string;
  contestantId: string;
  score: number;
  /** null when the contestant gave no prediction; ranks after every given prediction. */
  prediction: number | null;
  durationMs: number;
  /** ISO-8601 UTC. */
  submittedAt: string;
}

type Comparator = (a: RankableAttempt, b: RankableAttempt) => number;

function ascending(x: number, y: number): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

function submittedAtKey(value: string): number {
  const time = Date.parse(value);
  // An unparseable time ranks last rather than poisoning the comparison with NaN.
  return Number.isNaN(time) ? Number.POSITIVE_INFINITY : time;
}

function criterionComparator(criterion: RankingCriterion, actual: number): Comparator {
  switch (criterion) {
    case 'score':
      return (a, b) => ascending(b.score, a.score);
    case 'prediction':
      return (a, b) => {
        if (a.prediction === null || b.prediction === null) {
          return ascending(a.prediction === null ? 1 : 0, b.prediction === null ? 1 : 0);
        }
        return ascending(Math.abs(a.prediction - actual), Math.abs(b.prediction - actual));
      };
    case 'duration':
      return (a, b) => ascending(a.durationMs, b.durationMs);
    case 'submittedAt':
      return (a, b) => ascending(submittedAtKey(a.submittedAt), submittedAtKey(b.submittedAt));
  }
}

function compareByCriteria(order: readonly RankingCriterion[], actual: number): Comparator {
  const chain = order.map((criterion) => criterionComparator(criterion, actual));
  return (a, b) => {
    for (const compare of chain) {
      const result = compare(a, b);
      if (result !== 0) return result;
    }
    return 0;
  };
}

/** Negative when `a` ranks before `b`; `actual` is the figure the predictions are measured against. */
export function compareAttempts(
  order: readonly RankingCriterion[],
  actual: number,
): (a: RankableAttempt, b: RankableAttempt) => number {
  const byCriteria = compareByCriteria(order, actual);
  return (a, b) => {
    const result = byCriteria(a, b);
    if (result !== 0) return result;
    // Code-unit order, not localeCompare, so the result never depends on the server's locale.
    return a.attemptId < b.attemptId ? -1 : a.attemptId > b.attemptId ? 1 : 0;
  };
}

/**
 * The first criterion of `order` on which `a` and `b` differ: what separated two neighbours in the
 * ranking, shown beside each winner so the jury can check a tie-break. Null when they are equal on
 * every criterion (only the attempt id, an arbitrary but fixed order, tells them apart).
 */
export function decidingCriterion(
  a: RankableAttempt,
  b: RankableAttempt,
  order: readonly RankingCriterion[],
  actual: number,
): RankingCriterion | null {
  return order.find((criterion) => criterionComparator(criterion, actual)(a, b) !== 0) ?? null;
}

/**
 * The attempts of ONE contestant that can be their best for some value of the prediction's actual
 * figure, which moves with every submission until the contest closes. Criteria before
 * `prediction` in the order do not depend on it, so only attempts best on those contend; among
 * them a given prediction beats a missing one whatever the figure, and of equal predictions only
 * the best on the later criteria can win. Without the prediction criterion exactly one contends.
 * For every `actual`, the best of these equals the best of all (a property test holds this), so
 * rankings may read only contenders (db/participation.ts keeps them as `standings`).
 */
export function contendingAttempts<A extends RankableAttempt>(attempts: readonly A[], order: readonly RankingCriterion[]): A[] {
  if (attempts.length === 0) return [];
  const at = order.indexOf('prediction');
  if (at < 0) return [[...attempts].sort(compareAttempts(order, 0))[0]!];
  const before = compareByCriteria(order.slice(0, at), 0);
  const after = compareAttempts(order.slice(at + 1), 0);
  const leader = [...attempts].sort(before)[0]!;
  let tied = attempts.filter((a) => before(a, leader) === 0);
  if (tied.some((a) => a.prediction !== null)) tied = tied.filter((a) => a.prediction !== null);
  const bestPerPrediction = new Map<number | null, A>();
  for (const attempt of tied) {
    const current = bestPerPrediction.get(attempt.prediction);
    if (current === undefined || after(attempt, current) < 0) bestPerPrediction.set(attempt.prediction, attempt);
  }
  return [...bestPerPrediction.values()];
}

/** Each contestant's best attempt, in the order contestants first appear in `attempts`. */
export function bestAttempts<A extends RankableAttempt>(
  attempts: readonly A[],
  order: readonly RankingCriterion[],
  actual: number,
): A[] {
  const compare = compareAttempts(order, actual);
  const best = new Map<string, A>();
  for (const attempt of attempts) {
    const current = best.get(attempt.contestantId);
    if (current === undefined || compare(attempt, current) < 0) {
      best.set(attempt.contestantId, attempt);
    }
  }
  return [...best.values()];
}

/**
 * SPEC §3.1 "Prediction": the prediction that counts is the one given with the contestant's first
 * submitted attempt — later attempts may improve the score, not the guess, so a guess made closer
 * to the close, when the figure is better known, cannot be bought with another attempt. Each of
 * `attempts` (a contestant's counting attempts: a voided one no longer counts, so neither does its
 * guess) gets the prediction of its contestant's earliest submission, ties by attempt id; a first
 * attempt without one (finalised at its deadline) leaves the contestant without a prediction.
 */
export function withFirstPrediction<A extends RankableAttempt>(attempts: readonly A[]): A[] {
  const first = new Map<string, A>();
  for (const attempt of attempts) {
    const current = first.get(attempt.contestantId);
    if (current === undefined || submittedFirst(attempt, current)) first.set(attempt.contestantId, attempt);
  }
  return attempts.map((attempt) => {
    const prediction = first.get(attempt.contestantId)!.prediction;
    return attempt.prediction === prediction ? attempt : { ...attempt, prediction };
  });
}

function submittedFirst(a: RankableAttempt, b: RankableAttempt): boolean {
  const order = ascending(submittedAtKey(a.submittedAt), submittedAtKey(b.submittedAt));
  return order !== 0 ? order < 0 : a.attemptId < b.attemptId;
}

/**
 * Best attempt per contestant, sorted; `rank` is the 1-based position (no shared ranks). Every
 * attempt carries its contestant's first prediction (`withFirstPrediction`), as in the standings.
 */
export function rankContestants<A extends RankableAttempt>(
  attempts: readonly A[],
  order: readonly RankingCriterion[],
  actual: number,
): Array<A & { rank: number }> {
  const compare = compareAttempts(order, actual);
  return bestAttempts(withFirstPrediction(attempts), order, actual)
    .sort(compare)
    .map((attempt, index) => ({ ...attempt, rank: index + 1 }));
}

/** A non-empty list of known criteria without repeats. */
export function isRankingOrder(value: unknown): value is RankingCriterion[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((item) => typeof item === 'string' && (RANKING_CRITERIA as readonly string[]).includes(item)) &&
    new Set(value).size === value.length
  );
}

/**
 * Where a contending attempt stands for counting who ranks ahead without sorting everyone: its
 * `block` (the score when the order starts with it, else 0: one block) and its `lead`, the number
 * the next criterion compares — the prediction (null when missing), the duration in ms, or the
 * submission time in ms since 1970; null `lead` with no next criterion. Within a block, rows ahead
 * are a range of `lead` values (closer predictions, shorter durations, earlier times) plus ties on it.
 */
export function leadCriterion(order: readonly RankingCriterion[]): RankingCriterion | null {
  return (order[0] === 'score' ? order[1] : order[0]) ?? null;
}

export function standingPosition(order: readonly RankingCriterion[], attempt: RankableAttempt): { block: number; lead: number | null } {
  const block = order[0] === 'score' ? attempt.score : 0;
  switch (leadCriterion(order)) {
    case 'prediction':
      return { block, lead: attempt.prediction };
    case 'duration':
      return { block, lead: attempt.durationMs };
    case 'submittedAt':
      return { block, lead: submittedAtKey(attempt.submittedAt) };
    default:
      return { block, lead: null };
  }
}

/** Lead values fall in buckets of 256 at each level above 0 (level 0 is the value itself), up to level 5. */
const LEAD_BUCKET = 256;
const TOP_LEAD_LEVEL = 5;

/**
 * The ranges whose counted standings make up the lead values [lo, hi] of a block: whole buckets of
 * the next level cover the middle, the edges are counted at this level (level 0: standings rows;
 * levels 1–5: the maintained bucket counts `standing_counts`). At most two edges a level, so a count
 * over any range reads a few dozen index entries, whatever the number of participants.
 */
export function leadRanges(lo: number, hi: number): { level: number; from: number; to: number }[] {
  const ranges: { level: number; from: number; to: number }[] = [];
  const cover = (level: number, from: number, to: number): void => {
    if (from > to) return;
    const first = Math.ceil(from / LEAD_BUCKET);
    const last = Math.floor((to + 1) / LEAD_BUCKET) - 1;
    if (level === TOP_LEAD_LEVEL || first > last) {
      ranges.push({ level, from, to });
      return;
    }
    if (from <= first * LEAD_BUCKET - 1) ranges.push({ level, from, to: first * LEAD_BUCKET - 1 });
    cover(level + 1, first, last);
    if ((last + 1) * LEAD_BUCKET <= to) ranges.push({ level, from: (last + 1) * LEAD_BUCKET, to });
  };
  cover(0, Math.max(lo, 0), hi);
  return ranges;
}
