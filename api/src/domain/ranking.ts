/**
 * The ranking chain of SPEC §2: each contestant's best attempt counts, and contestants are ordered
 * by the configured criteria in turn, then by attempt id so that the order is total.
 */

export type RankingCriterion = 'score' | 'prediction' | 'duration' | 'submittedAt';

export const RANKING_CRITERIA: readonly RankingCriterion[] = [
  'score',
  'prediction',
  'duration',
  'submittedAt',
];

export const DEFAULT_RANKING_ORDER: readonly RankingCriterion[] = [
  'score',
  'prediction',
  'duration',
  'submittedAt',
];

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

/** Negative when `a` ranks before `b`; `actual` is the figure the predictions are measured against. */
export function compareAttempts(
  order: readonly RankingCriterion[],
  actual: number,
): (a: RankableAttempt, b: RankableAttempt) => number {
  const chain = order.map((criterion) => criterionComparator(criterion, actual));
  return (a, b) => {
    for (const compare of chain) {
      const result = compare(a, b);
      if (result !== 0) return result;
    }
    // Code-unit order, not localeCompare, so the result never depends on the server's locale.
    return a.attemptId < b.attemptId ? -1 : a.attemptId > b.attemptId ? 1 : 0;
  };
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

/** Best attempt per contestant, sorted; `rank` is the 1-based position (no shared ranks). */
export function rankContestants<A extends RankableAttempt>(
  attempts: readonly A[],
  order: readonly RankingCriterion[],
  actual: number,
): Array<A & { rank: number }> {
  const compare = compareAttempts(order, actual);
  return bestAttempts(attempts, order, actual)
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
