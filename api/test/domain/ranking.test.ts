import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_RANKING_ORDER,
  RANKING_CRITERIA,
  bestAttempts,
  compareAttempts,
  decidingCriterion,
  isRankingOrder,
  rankContestants,
  withFirstPrediction,
  type RankableAttempt,
  type RankingCriterion,
} from '../../src/domain/ranking.js';

function attempt(fields: Partial<RankableAttempt> & { attemptId: string }): RankableAttempt {
  return {
    contestantId: `c-${fields.attemptId}`,
    score: 10,
    prediction: 100,
    durationMs: 300_000,
    submittedAt: '2023-03-20T05:00:00.000Z',
    ...fields,
  };
}

// Small domains so that ties, the interesting case, are common.
const attemptArb = fc.record({
  attemptId: fc.constantFrom('a1', 'a2', 'a3', 'a4', 'a5', 'a6'),
  contestantId: fc.constantFrom('c1', 'c2', 'c3', 'c4'),
  score: fc.integer({ min: 0, max: 3 }),
  prediction: fc.option(fc.integer({ min: 0, max: 6 }), { nil: null }),
  durationMs: fc.integer({ min: 0, max: 3 }),
  submittedAt: fc.constantFrom(
    '2023-03-20T03:00:00Z',
    '2023-03-20T03:00:00.000Z',
    '2023-03-21T10:15:30.250Z',
    '2023-05-19T02:59:59.999Z',
  ),
});
// Distinct attempt ids, as in the database.
const attemptsArb = fc.uniqueArray(
  fc.record({
    attemptId: fc.string({ minLength: 1, maxLength: 4 }),
    contestantId: fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c5'),
    score: fc.integer({ min: 0, max: 5 }),
    prediction: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
    durationMs: fc.integer({ min: 0, max: 5 }),
    submittedAt: attemptArb.map((a) => a.submittedAt),
  }),
  { selector: (a) => a.attemptId, maxLength: 30 },
);
const orderArb = fc.shuffledSubarray([...RANKING_CRITERIA]);
const actualArb = fc.integer({ min: 0, max: 6 });

describe('compareAttempts', () => {
  it('is a total order: reflexive, antisymmetric, transitive, zero only for equal ids', () => {
    fc.assert(
      fc.property(orderArb, actualArb, attemptArb, attemptArb, attemptArb, (order, actual, a, b, c) => {
        const compare = compareAttempts(order, actual);
        expect(compare(a, a)).toBe(0);
        expect(Math.sign(compare(a, b)) + Math.sign(compare(b, a))).toBe(0);
        if (a.attemptId !== b.attemptId) expect(compare(a, b)).not.toBe(0);
        if (compare(a, b) <= 0 && compare(b, c) <= 0) expect(compare(a, c)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('puts a higher score first whenever score leads the order', () => {
    fc.assert(
      fc.property(orderArb, actualArb, attemptArb, attemptArb, (rest, actual, a, b) => {
        fc.pre(a.score !== b.score);
        const order: RankingCriterion[] = ['score', ...rest.filter((criterion) => criterion !== 'score')];
        const [higher, lower] = a.score > b.score ? [a, b] : [b, a];
        expect(compareAttempts(order, actual)(higher, lower)).toBeLessThan(0);
      }),
    );
  });

  it('ranks a missing prediction after any given prediction when scores are equal', () => {
    fc.assert(
      fc.property(actualArb, attemptArb, attemptArb, fc.integer({ min: -1000, max: 1000 }), (actual, a, b, guess) => {
        const given = { ...a, prediction: guess };
        const missing = { ...b, score: a.score, prediction: null };
        const compare = compareAttempts(DEFAULT_RANKING_ORDER, actual);
        expect(compare(given, missing)).toBeLessThan(0);
        expect(compare(missing, given)).toBeGreaterThan(0);
      }),
    );
  });

  it('applies the default chain: score, closeness of prediction, duration, submission time', () => {
    const compare = compareAttempts(DEFAULT_RANKING_ORDER, 1000);
    const base = attempt({ attemptId: 'base' });
    expect(compare(attempt({ attemptId: 'x', score: 11, prediction: null }), base)).toBeLessThan(0);
    // |990 − 1000| = 10 beats |1015 − 1000| = 15, whatever the duration.
    expect(
      compare(attempt({ attemptId: 'x', prediction: 990, durationMs: 900_000 }), attempt({ attemptId: 'y', prediction: 1015, durationMs: 1 })),
    ).toBeLessThan(0);
    // Equally close from either side: the faster attempt wins.
    expect(
      compare(attempt({ attemptId: 'x', prediction: 1010, durationMs: 200_000 }), attempt({ attemptId: 'y', prediction: 990, durationMs: 250_000 })),
    ).toBeLessThan(0);
    expect(
      compare(
        attempt({ attemptId: 'z', submittedAt: '2023-03-20T05:00:00.001Z' }),
        attempt({ attemptId: 'a', submittedAt: '2023-03-20T05:00:00.002Z' }),
      ),
    ).toBeLessThan(0);
    // Same instant written two ways: the attempt id decides.
    expect(
      compare(attempt({ attemptId: 'b', submittedAt: '2023-03-20T05:00:00Z' }), attempt({ attemptId: 'a', submittedAt: '2023-03-20T05:00:00.000Z' })),
    ).toBeGreaterThan(0);
  });

  it('follows a configured order that puts duration before prediction', () => {
    const closer = attempt({ attemptId: 'closer', prediction: 1000, durationMs: 400_000 });
    const faster = attempt({ attemptId: 'faster', prediction: 900, durationMs: 100_000 });
    expect(compareAttempts(['score', 'prediction', 'duration', 'submittedAt'], 1000)(closer, faster)).toBeLessThan(0);
    expect(compareAttempts(['score', 'duration', 'prediction', 'submittedAt'], 1000)(closer, faster)).toBeGreaterThan(0);
  });

  it('ignores criteria that are not in the order, except the attempt id tie-break', () => {
    const a = attempt({ attemptId: 'a', durationMs: 900_000, prediction: null });
    const b = attempt({ attemptId: 'b', durationMs: 1 });
    expect(compareAttempts(['score'], 1000)(a, b)).toBeLessThan(0);
    expect(compareAttempts([], 1000)(b, a)).toBeGreaterThan(0);
  });
});

describe('bestAttempts', () => {
  it('picks, for each contestant, one of their attempts that none of their others beats', () => {
    fc.assert(
      fc.property(attemptsArb, orderArb, actualArb, (attempts, order, actual) => {
        const compare = compareAttempts(order, actual);
        const best = bestAttempts(attempts, order, actual);
        const contestants = new Set(attempts.map((a) => a.contestantId));
        expect(best.map((a) => a.contestantId).sort()).toEqual([...contestants].sort());
        for (const chosen of best) {
          expect(attempts).toContain(chosen);
          for (const other of attempts) {
            if (other.contestantId === chosen.contestantId) expect(compare(other, chosen)).toBeGreaterThanOrEqual(0);
          }
        }
      }),
    );
  });

  it('keeps the best of three tries', () => {
    const tries = [
      attempt({ attemptId: 't1', contestantId: 'lan', score: 17 }),
      attempt({ attemptId: 't2', contestantId: 'lan', score: 20, durationMs: 600_000 }),
      attempt({ attemptId: 't3', contestantId: 'lan', score: 20, durationMs: 420_000 }),
      attempt({ attemptId: 'h1', contestantId: 'hùng', score: 19 }),
    ];
    expect(bestAttempts(tries, DEFAULT_RANKING_ORDER, 1000).map((a) => a.attemptId)).toEqual(['t3', 'h1']);
  });
});

describe('rankContestants', () => {
  it('yields one entry per contestant, sorted, with ranks 1..n', () => {
    fc.assert(
      fc.property(attemptsArb, orderArb, actualArb, (attempts, order, actual) => {
        const ranked = rankContestants(attempts, order, actual);
        const contestants = new Set(attempts.map((a) => a.contestantId));
        expect(ranked).toHaveLength(contestants.size);
        expect(new Set(ranked.map((entry) => entry.contestantId))).toEqual(contestants);
        expect(ranked.map((entry) => entry.rank)).toEqual(ranked.map((_, i) => i + 1));
        const compare = compareAttempts(order, actual);
        for (let i = 1; i < ranked.length; i++) expect(compare(ranked[i - 1]!, ranked[i]!)).toBeLessThan(0);
      }),
    );
  });

  it('does not depend on the order the attempts arrive in', () => {
    fc.assert(
      fc.property(
        attemptsArb.chain((attempts) => fc.tuple(fc.constant(attempts), fc.shuffledSubarray(attempts, { minLength: attempts.length }))),
        orderArb,
        actualArb,
        ([attempts, reordered], order, actual) => {
          const ids = (list: readonly RankableAttempt[]) => rankContestants(list, order, actual).map((entry) => entry.attemptId);
          expect(ids(reordered)).toEqual(ids(attempts));
        },
      ),
    );
  });

  it('orders scores descending when score comes first', () => {
    fc.assert(
      fc.property(attemptsArb, orderArb, actualArb, (attempts, rest, actual) => {
        const order: RankingCriterion[] = ['score', ...rest.filter((criterion) => criterion !== 'score')];
        const ranked = rankContestants(attempts, order, actual);
        for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1]!.score).toBeGreaterThanOrEqual(ranked[i]!.score);
      }),
    );
  });

  it('keeps extra fields of the attempts and adds the rank', () => {
    const ranked = rankContestants(
      [
        { ...attempt({ attemptId: 'a', contestantId: 'lan', score: 18 }), name: 'Nguyễn Thị Lan' },
        { ...attempt({ attemptId: 'b', contestantId: 'hùng', score: 20 }), name: 'Trần Văn Hùng' },
      ],
      DEFAULT_RANKING_ORDER,
      1000,
    );
    expect(ranked.map(({ name, rank }) => ({ name, rank }))).toEqual([
      { name: 'Trần Văn Hùng', rank: 1 },
      { name: 'Nguyễn Thị Lan', rank: 2 },
    ]);
  });

  it('ranks each contestant by the prediction of their first submission, whatever later attempts guessed', () => {
    const tries = [
      attempt({ attemptId: 'l3', contestantId: 'lan', score: 20, prediction: 1000, submittedAt: '2023-03-22T01:00:00Z' }),
      attempt({ attemptId: 'l1', contestantId: 'lan', score: 15, prediction: 5000, submittedAt: '2023-03-20T01:00:00Z' }),
      attempt({ attemptId: 'l2', contestantId: 'lan', score: 20, prediction: 999, submittedAt: '2023-03-21T01:00:00Z' }),
      attempt({ attemptId: 'h1', contestantId: 'hùng', score: 20, prediction: 1200, submittedAt: '2023-03-20T02:00:00Z' }),
    ];
    expect(withFirstPrediction(tries).map((a) => a.prediction)).toEqual([5000, 5000, 5000, 1200]);
    expect(rankContestants(tries, DEFAULT_RANKING_ORDER, 1000).map((e) => [e.contestantId, e.prediction])).toEqual([
      ['hùng', 1200],
      ['lan', 5000],
    ]);
  });

  it('returns nothing for no attempts', () => {
    expect(rankContestants([], DEFAULT_RANKING_ORDER, 0)).toEqual([]);
  });
});

describe('isRankingOrder', () => {
  it('accepts non-empty lists of known criteria without repeats', () => {
    expect(isRankingOrder([...DEFAULT_RANKING_ORDER])).toBe(true);
    expect(isRankingOrder(['score', 'duration', 'prediction', 'submittedAt'])).toBe(true);
    expect(isRankingOrder(['score'])).toBe(true);
  });

  it('refuses empty lists, repeats, unknown criteria and non-arrays', () => {
    expect(isRankingOrder([])).toBe(false);
    expect(isRankingOrder(['score', 'score'])).toBe(false);
    expect(isRankingOrder(['score', 'age'])).toBe(false);
    expect(isRankingOrder(['score', 1])).toBe(false);
    expect(isRankingOrder('score')).toBe(false);
    expect(isRankingOrder(null)).toBe(false);
    expect(isRankingOrder({ 0: 'score', length: 1 })).toBe(false);
  });

  it('accepts exactly the non-empty repeat-free subsets of the criteria, in any order', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...RANKING_CRITERIA, 'rank', ''), { maxLength: 6 }), (list) => {
        const valid =
          list.length > 0 &&
          new Set(list).size === list.length &&
          list.every((item) => (RANKING_CRITERIA as readonly string[]).includes(item));
        expect(isRankingOrder(list)).toBe(valid);
      }),
    );
  });
});

describe('decidingCriterion', () => {
  it('names the first criterion of the order on which two attempts differ, consistent with compareAttempts', () => {
    fc.assert(
      fc.property(orderArb, actualArb, attemptArb, attemptArb, (order, actual, a, b) => {
        const decided = decidingCriterion(a, b, order, actual);
        const byIdOnly = compareAttempts([], actual)(a, b);
        expect(decidingCriterion(b, a, order, actual)).toBe(decided);
        if (decided === null) {
          // Equal on every criterion: only the attempt id orders them.
          expect(compareAttempts(order, actual)(a, b)).toBe(byIdOnly);
          return;
        }
        const at = order.indexOf(decided);
        expect(at).toBeGreaterThanOrEqual(0);
        // Equal on every earlier criterion…
        expect(compareAttempts(order.slice(0, at), actual)(a, b)).toBe(byIdOnly);
        // …different on this one, which alone gives the whole order's verdict.
        expect(decidingCriterion(a, b, [decided], actual)).toBe(decided);
        expect(Math.sign(compareAttempts([decided], actual)(a, b))).toBe(Math.sign(compareAttempts(order, actual)(a, b)));
      }),
    );
  });

  it('names, for neighbours in a ranking, a criterion that puts the first ahead', () => {
    fc.assert(
      fc.property(attemptsArb, orderArb, actualArb, (attempts, order, actual) => {
        const ranked = rankContestants(attempts, order, actual);
        for (let i = 0; i + 1 < ranked.length; i++) {
          const decided = decidingCriterion(ranked[i]!, ranked[i + 1]!, order, actual);
          if (decided !== null) expect(compareAttempts([decided], actual)(ranked[i]!, ranked[i + 1]!)).toBeLessThan(0);
        }
      }),
    );
  });

  it('reads the ranking order, not a fixed one', () => {
    const a = attempt({ attemptId: 'a', score: 10, durationMs: 100_000 });
    const b = attempt({ attemptId: 'b', score: 9, durationMs: 200_000 });
    expect(decidingCriterion(a, b, DEFAULT_RANKING_ORDER, 100)).toBe('score');
    expect(decidingCriterion(a, b, ['duration', 'score'], 100)).toBe('duration');
    expect(decidingCriterion(a, { ...a, attemptId: 'c' }, DEFAULT_RANKING_ORDER, 100)).toBeNull();
  });
});
