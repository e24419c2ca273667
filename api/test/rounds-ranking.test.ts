import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connection.js';
import { saveContest } from '../src/db/contests.js';
import { rebuildParticipation } from '../src/db/participation.js';
import { ranking } from '../src/db/rankings.js';
import { overallRanking, roundRanking, staleAllowanceMs } from '../src/db/rounds.js';
import type { Contest } from '../src/domain/contest.js';
import { predictionActual, type ContestCounts, type PredictionTarget } from '../src/domain/prediction.js';
import { compareAttempts, RANKING_CRITERIA, rankContestants, type RankableAttempt, type RankingCriterion } from '../src/domain/ranking.js';
import { sumOfRounds, type Round, type RoundsRanking } from '../src/domain/rounds.js';
import { demoContest } from '../src/seed/demo.js';
import { freshDatabase } from './support.js';

const SLUG = 'de-an-06-thai-binh';
const TOTAL = 3;

interface RoundAttempt extends RankableAttempt {
  roundId: string;
  total: number;
}

function roundsWithin(contest: Contest): Round[] {
  const start = Date.parse(contest.startsAt);
  const day = 86_400_000;
  // Written out of time order on purpose: the final round is the one that starts last.
  return [
    { id: 'vong-2', title: 'Vòng 2', startsAt: new Date(start + 2 * day).toISOString(), endsAt: new Date(start + 3 * day).toISOString() },
    { id: 'vong-1', title: 'Vòng 1', startsAt: new Date(start).toISOString(), endsAt: new Date(start + day).toISOString() },
    { id: 'vong-3', title: 'Vòng 3', startsAt: new Date(start + 4 * day).toISOString(), endsAt: new Date(start + 5 * day).toISOString() },
  ].map((r) => ({ ...r, questionsPerAttempt: null, maxAttempts: null, prizes: null }));
}

const ROUND_ORDER = ['vong-1', 'vong-2', 'vong-3'];

function setUp(attempts: readonly RoundAttempt[], order: RankingCriterion[], target: PredictionTarget, how: RoundsRanking, voided: ReadonlySet<string>): { db: Db; contest: Contest } {
  const db = freshDatabase();
  const base = demoContest(new Date('2026-11-28T00:00:00Z'));
  const contest: Contest = { ...base, rankingOrder: order, predictionTarget: target, rounds: roundsWithin(base), roundsRanking: how };
  saveContest(db, contest, new Date());
  const contestants = [...new Set(attempts.map((a) => a.contestantId))];
  const addContestant = db.prepare(
    `INSERT INTO contestants (id, contest_slug, id_number, full_name, birth_date, phone, unit_id, occupation, created_at)
     VALUES (?, ?, ?, 'Người Thi', '1990-01-01', ?, 'khac', 'nhan-dan', '2026-11-28T00:00:00.000Z')`,
  );
  contestants.forEach((id, n) => addContestant.run(id, SLUG, `0340900${String(n).padStart(5, '0')}`, `09120${String(n).padStart(5, '0')}`));
  const addAttempt = db.prepare(
    `INSERT INTO attempts (id, contest_slug, contestant_id, status, started_at, deadline, submitted_at, score, total, duration_ms, prediction, round_id, voided_at)
     VALUES (?, ?, ?, 'submitted', '2026-11-28T00:00:00.000Z', '2026-11-28T00:15:00.000Z', ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const a of attempts) {
    addAttempt.run(a.attemptId, SLUG, a.contestantId, a.submittedAt, a.score, a.total, a.durationMs, a.prediction, a.roundId, voided.has(a.attemptId) ? '2026-11-28T01:00:00.000Z' : null);
  }
  rebuildParticipation(db);
  return { db, contest };
}

/** The counts of SPEC §3.1 over some counting attempts, from scratch. */
function countsOf(attempts: readonly RoundAttempt[]): ContestCounts {
  return {
    participants: new Set(attempts.map((a) => a.contestantId)).size,
    attempts: attempts.length,
    perfectParticipants: new Set(attempts.filter((a) => a.score === a.total).map((a) => a.contestantId)).size,
  };
}

/** Each round's ranking from scratch: the contest's chain on the round's attempts and the round's own figure. */
function roundFromScratch(attempts: readonly RoundAttempt[], roundId: string, order: RankingCriterion[], target: PredictionTarget) {
  const mine = attempts.filter((a) => a.roundId === roundId);
  return rankContestants(mine, order, predictionActual(target, countsOf(mine)));
}

/** The `sum` ranking from scratch, written out without the domain's aggregation. */
function sumFromScratch(attempts: readonly RoundAttempt[], order: RankingCriterion[], target: PredictionTarget) {
  const actual = predictionActual(target, countsOf(attempts));
  const people = new Map<string, { contestantId: string; score: number; durationMs: number; submittedAt: string; prediction: number | null; lastRound: number }>();
  ROUND_ORDER.forEach((roundId, index) => {
    for (const best of roundFromScratch(attempts, roundId, order, target)) {
      const so = people.get(best.contestantId) ?? { contestantId: best.contestantId, score: 0, durationMs: 0, submittedAt: '0000', prediction: null, lastRound: -1 };
      so.score += best.score;
      so.durationMs += best.durationMs;
      if (best.submittedAt > so.submittedAt) so.submittedAt = best.submittedAt;
      if (index > so.lastRound) {
        so.lastRound = index;
        so.prediction = best.prediction;
      }
      people.set(best.contestantId, so);
    }
  });
  const compare = compareAttempts(order, actual);
  return [...people.values()]
    .map((p) => ({ ...p, attemptId: p.contestantId }))
    .sort(compare)
    .map((p, index) => [index + 1, p.contestantId, p.score] as const);
}

const attemptArb = fc.record({
  contestantId: fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c5'),
  roundId: fc.constantFrom(...ROUND_ORDER),
  score: fc.integer({ min: 0, max: TOTAL }),
  prediction: fc.option(fc.integer({ min: 0, max: 8 }), { nil: null }),
  durationMs: fc.integer({ min: 0, max: 3 }),
  submittedAt: fc.constantFrom('2026-11-28T00:01:00.000Z', '2026-11-28T00:02:00.000Z', '2026-11-28T00:03:00.000Z'),
});

const orderArb = fc.shuffledSubarray([...RANKING_CRITERIA] as RankingCriterion[], { minLength: 1 });
const targetArb = fc.constantFrom<PredictionTarget>('participants', 'attempts', 'perfectParticipants');

const withIds = (raw: readonly Omit<RoundAttempt, 'attemptId' | 'total'>[]): RoundAttempt[] =>
  raw.map((a, i) => ({ ...a, total: TOTAL, attemptId: `a${String(i).padStart(2, '0')}` }));

describe('per-round rankings against a from-scratch computation', () => {
  it('each round ranks each person by their best counting attempt in it, predictions against the round’s own figure', () => {
    fc.assert(
      fc.property(fc.array(attemptArb, { minLength: 1, maxLength: 16 }), orderArb, targetArb, fc.array(fc.nat(15), { maxLength: 3 }), (raw, order, target, voidAt) => {
        const attempts = withIds(raw);
        const voided = new Set(voidAt.map((i) => attempts[i % attempts.length]!.attemptId));
        const { db, contest } = setUp(attempts, order, target, 'best', voided);
        const counting = attempts.filter((a) => !voided.has(a.attemptId));
        for (const round of contest.rounds!) {
          const source = roundRanking(db, contest, round);
          const expected = roundFromScratch(counting, round.id, order, target);
          expect(source.actual).toBe(predictionActual(target, countsOf(counting.filter((a) => a.roundId === round.id))));
          expect(source.head(100).map((e) => [e.rank, e.attemptId])).toEqual(expected.map((e) => [e.rank, e.attemptId]));
          for (const e of expected) expect(source.rankOf(e.contestantId)).toEqual({ attemptId: e.attemptId, rank: e.rank });
        }
        db.close();
      }),
      { numRuns: 100 },
    );
  }, 120_000);
});

describe('the overall ranking of a contest with rounds', () => {
  it('sum: best score per round added up; ties by the last round’s prediction, summed durations, latest submission, then id', () => {
    fc.assert(
      fc.property(fc.array(attemptArb, { minLength: 1, maxLength: 16 }), orderArb, targetArb, (raw, order, target) => {
        const attempts = withIds(raw);
        const { db, contest } = setUp(attempts, order, target, 'sum', new Set());
        const overall = overallRanking(db, contest);
        const got = overall.head(100).map((e) => [e.rank, e.contestantId, e.score] as const);
        expect(overall.actual).toBe(predictionActual(target, countsOf(attempts)));
        expect(got).toEqual(sumFromScratch(attempts, order, target));
        for (const [rank, id] of got) expect(overall.rankOf(id)?.rank).toBe(rank);
        db.close();
      }),
      { numRuns: 100 },
    );
  }, 120_000);

  it('final: the final round’s ranking is the contest’s; best: every attempt of any round, as without rounds', () => {
    fc.assert(
      fc.property(fc.array(attemptArb, { minLength: 1, maxLength: 14 }), orderArb, targetArb, (raw, order, target) => {
        const attempts = withIds(raw);
        const final = setUp(attempts, order, target, 'final', new Set());
        const expected = roundFromScratch(attempts, 'vong-3', order, target).map((e) => [e.rank, e.attemptId]);
        expect(overallRanking(final.db, final.contest).head(100).map((e) => [e.rank, e.attemptId])).toEqual(expected);
        final.db.close();
        const best = setUp(attempts, order, target, 'best', new Set());
        const actual = predictionActual(target, countsOf(attempts));
        const all = rankContestants(attempts, order, actual).map((e) => [e.rank, e.attemptId]);
        expect(overallRanking(best.db, best.contest).head(100).map((e) => [e.rank, e.attemptId])).toEqual(all);
        expect(ranking(best.db, SLUG, order, actual, null).map((e) => [e.rank, e.attemptId])).toEqual(all);
        best.db.close();
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it('sumOfRounds keeps the last round’s attempt and prediction, and the sums', () => {
    const a = (contestantId: string, attemptId: string, score: number, prediction: number | null, submittedAt: string) => ({
      contestantId,
      attemptId,
      score,
      total: 10,
      prediction,
      durationMs: 1000,
      submittedAt,
    });
    const ranked = sumOfRounds(
      [
        [a('x', 'x1', 7, 5, '2026-12-01T00:00:00.000Z'), a('y', 'y1', 9, 1, '2026-12-01T00:00:00.000Z')],
        [a('x', 'x2', 8, 9, '2026-12-05T00:00:00.000Z')],
      ],
      ['score', 'prediction'],
      9,
    );
    expect(ranked).toEqual([
      { ...a('x', 'x2', 15, 9, '2026-12-05T00:00:00.000Z'), total: 20, durationMs: 2000, rank: 1 },
      { ...a('y', 'y1', 9, 1, '2026-12-01T00:00:00.000Z'), rank: 2 },
    ]);
  });
});

describe('how stale a public read of a round’s ranking may be', () => {
  it('never when the tally is cheap; else twenty times what it cost, at most 30 s', () => {
    expect(staleAllowanceMs(0)).toBe(0);
    expect(staleAllowanceMs(49.9)).toBe(0);
    expect(staleAllowanceMs(50)).toBe(1_000);
    expect(staleAllowanceMs(400)).toBe(8_000);
    expect(staleAllowanceMs(1_500)).toBe(30_000);
    expect(staleAllowanceMs(20_000)).toBe(30_000);
  });
});
