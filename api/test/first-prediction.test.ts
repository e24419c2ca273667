/**
 * SPEC §3.1 "Prediction": the prediction that counts is the one given with the contestant's first
 * submitted attempt. Later attempts may improve the score, not the guess: the tie-break cannot be
 * bought by taking another attempt once the figure is better known.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { saveContest } from '../src/db/contests.js';
import { rebuildParticipation } from '../src/db/participation.js';
import { contestantRank, ranking } from '../src/db/rankings.js';
import { RANKING_CRITERIA, rankContestants, withFirstPrediction, type RankableAttempt, type RankingCriterion } from '../src/domain/ranking.js';
import { demoContest } from '../src/seed/demo.js';
import { correctOptionId, freshDatabase, OPEN, ORGANISER_TOKEN, register, startAttempt, testEnv, type TestEnv } from './support.js';

const MINUTE = 60_000;

/** Takes one attempt: `correct` questions answered correctly, then submitted with `prediction`. */
async function attemptWith(env: TestEnv, token: string, correct: number, prediction: number | null) {
  const attempt = await startAttempt(env, token);
  const answers = Object.fromEntries(attempt.questions.slice(0, correct).map((q) => [q.id, correctOptionId(env, attempt.id, q.id)]));
  env.clock.advance(MINUTE);
  const submitted = await env.call('POST', `/api/attempts/${attempt.id}/submit`, { token, json: { answers, prediction } });
  expect(submitted.status).toBe(200);
  expect(submitted.body.score).toBe(correct);
  return attempt.id;
}

describe('the prediction that counts', () => {
  it('is the one of the first submitted attempt: three attempts, three guesses, only the first ranks and wins', async () => {
    const env = testEnv();
    // Both agreed to publish their names, so the public leaderboard names them.
    const an = await register(env, 1, { publishName: true });
    const binh = await register(env, 2, { fullName: 'Trần Thị Bình', publishName: true });
    // Two participants, so the figure is 2. An's later guesses are exact; Bình's only guess is off by 3.
    const anFirst = await attemptWith(env, an.token, 2, 1000);
    await attemptWith(env, an.token, 3, 2);
    await attemptWith(env, an.token, 3, 3);
    await attemptWith(env, binh.token, 3, 5);

    const board = await env.call('GET', `/api/contests/${OPEN}/leaderboard`);
    expect(board.body.actual).toBe(2);
    expect(board.body.entries.map((e: { name: string; score: number }) => [e.name, e.score])).toEqual([
      ['Trần Thị Bình', 3],
      ['Nguyễn Văn An', 3],
    ]);
    const me = await env.call('GET', `/api/contests/${OPEN}/me`, { token: an.token });
    expect(me.body.rank).toBe(2);

    const jury = await env.call('GET', `/api/admin/contests/${OPEN}/ranking.json`, { token: ORGANISER_TOKEN });
    expect(jury.body.entries.map((e: { contestantId: string; prediction: number }) => [e.contestantId, e.prediction])).toEqual([
      [binh.contestant.id, 5],
      [an.contestant.id, 1000],
    ]);

    const prizes = await env.call('POST', `/api/admin/contests/${OPEN}/results`, { token: ORGANISER_TOKEN, json: { publish: false } });
    expect(prizes.status).toBe(200);
    expect(prizes.body.individual.slice(0, 2).map((p: { prize: string; name: string; prediction: number }) => [p.prize, p.name, p.prediction])).toEqual([
      ['Giải Nhất', 'Trần Thị Bình', 5],
      ['Giải Nhì', 'Nguyễn Văn An', 1000],
    ]);

    // Voided, the first attempt no longer counts, and neither does its guess: the next one's does.
    const voided = await env.call('POST', `/api/admin/attempts/${anFirst}/void`, { token: ORGANISER_TOKEN, json: { reason: 'Lỗi kỹ thuật đã xác minh' } });
    expect(voided.status).toBe(200);
    const after = await env.call('GET', `/api/admin/contests/${OPEN}/ranking.json`, { token: ORGANISER_TOKEN });
    expect(after.body.entries.map((e: { contestantId: string; prediction: number }) => [e.contestantId, e.prediction])).toEqual([
      [an.contestant.id, 2],
      [binh.contestant.id, 5],
    ]);
  });

  it('counts only contestants with a non-voided submitted attempt in the figure predictions are measured against', async () => {
    const env = testEnv();
    const an = await register(env, 1);
    const binh = await register(env, 2, { fullName: 'Trần Thị Bình' });
    await attemptWith(env, an.token, 1, 10);
    const only = await attemptWith(env, binh.token, 1, 10);
    expect((await env.call('GET', `/api/contests/${OPEN}/leaderboard`)).body.actual).toBe(2);
    await env.call('POST', `/api/admin/attempts/${only}/void`, { token: ORGANISER_TOKEN, json: { reason: 'Vi phạm thể lệ' } });
    const board = await env.call('GET', `/api/contests/${OPEN}/leaderboard`);
    expect(board.body.actual).toBe(1);
    expect(board.body.entries).toHaveLength(1);
    const prizes = await env.call('POST', `/api/admin/contests/${OPEN}/results`, { token: ORGANISER_TOKEN, json: {} });
    expect(prizes.body.actual).toBe(1);
  });
});

// ── Property: no later guess moves anyone, in the domain and in the SQL standings ──

const attemptArb = fc.record({
  contestantId: fc.constantFrom('c1', 'c2', 'c3', 'c4'),
  score: fc.integer({ min: 0, max: 2 }),
  prediction: fc.option(fc.integer({ min: 0, max: 8 }), { nil: null }),
  durationMs: fc.integer({ min: 0, max: 3 }),
  submittedAt: fc.constantFrom('2026-11-28T00:01:00.000Z', '2026-11-28T00:02:00.000Z', '2026-11-28T00:03:00.000Z'),
});
const orderArb = fc.shuffledSubarray([...RANKING_CRITERIA] as RankingCriterion[], { minLength: 1 });

function sqlRanking(attempts: readonly RankableAttempt[], order: RankingCriterion[], actual: number) {
  const db = freshDatabase();
  const contest = { ...demoContest(new Date('2026-11-28T00:00:00Z')), rankingOrder: order };
  saveContest(db, contest, new Date());
  const contestants = [...new Set(attempts.map((a) => a.contestantId))];
  const addContestant = db.prepare(
    `INSERT INTO contestants (id, contest_slug, id_number, full_name, birth_date, phone, unit_id, occupation, created_at)
     VALUES (?, ?, ?, 'Người Thi', '1990-01-01', ?, 'khac', 'nhan-dan', '2026-11-28T00:00:00.000Z')`,
  );
  contestants.forEach((id, n) => addContestant.run(id, contest.slug, `0340900${String(n).padStart(5, '0')}`, `09120${String(n).padStart(5, '0')}`));
  const addAttempt = db.prepare(
    `INSERT INTO attempts (id, contest_slug, contestant_id, status, started_at, deadline, submitted_at, score, total, duration_ms, prediction)
     VALUES (?, ?, ?, 'submitted', '2026-11-28T00:00:00.000Z', '2026-11-28T00:15:00.000Z', ?, ?, 20, ?, ?)`,
  );
  for (const a of attempts) addAttempt.run(a.attemptId, contest.slug, a.contestantId, a.submittedAt, a.score, a.durationMs, a.prediction);
  rebuildParticipation(db);
  const whole = ranking(db, contest.slug, order, actual, null).map((e) => [e.rank, e.contestantId, e.prediction]);
  const ranks = contestants.map((id) => [id, contestantRank(db, contest.slug, order, actual, id)?.rank]);
  db.close();
  return { whole, ranks };
}

describe('later guesses', () => {
  it('move no rank and no counted prediction, in the domain comparator and in the SQL standings alike', () => {
    fc.assert(
      fc.property(
        fc.array(attemptArb, { minLength: 1, maxLength: 10 }),
        fc.array(fc.option(fc.integer({ min: 0, max: 8 }), { nil: null }), { minLength: 10, maxLength: 10 }),
        orderArb,
        fc.integer({ min: 0, max: 8 }),
        (raw, guesses, order, actual) => {
          const attempts = raw.map((a, i) => ({ ...a, attemptId: `a${String(i).padStart(2, '0')}` }));
          // Each contestant's first submission (earliest time, then attempt id); every other attempt gets another guess.
          const first = new Map<string, RankableAttempt>();
          for (const a of [...attempts].sort((x, y) => x.submittedAt.localeCompare(y.submittedAt) || x.attemptId.localeCompare(y.attemptId))) {
            if (!first.has(a.contestantId)) first.set(a.contestantId, a);
          }
          const reguessed = attempts.map((a, i) => (first.get(a.contestantId) === a ? a : { ...a, prediction: guesses[i]! }));
          expect(withFirstPrediction(attempts).map((a) => a.prediction)).toEqual(attempts.map((a) => first.get(a.contestantId)!.prediction));

          const domain = (list: RankableAttempt[]) => rankContestants(list, order, actual).map((e) => [e.rank, e.contestantId, e.prediction]);
          expect(domain(reguessed)).toEqual(domain(attempts));
          for (const entry of rankContestants(attempts, order, actual)) expect(entry.prediction).toBe(first.get(entry.contestantId)!.prediction);
          const before = sqlRanking(attempts, order, actual);
          expect(before.whole).toEqual(domain(attempts));
          expect(sqlRanking(reguessed, order, actual)).toEqual(before);
        },
      ),
      { numRuns: 150 },
    );
  });
});
