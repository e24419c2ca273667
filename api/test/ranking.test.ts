import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/db/connection.js';
import { saveContest } from '../src/db/contests.js';
import { contestCounts, ranking } from '../src/db/rankings.js';
import { RANKING_CRITERIA, rankContestants, type RankableAttempt, type RankingCriterion } from '../src/domain/ranking.js';
import { demoContest } from '../src/seed/demo.js';
import { correctOptionId, OPEN, ORGANISER_TOKEN, register, startAttempt, testEnv, type TestEnv } from './support.js';

function insertAttempts(db: Db, attempts: readonly RankableAttempt[]): void {
  const contest = demoContest(new Date('2026-11-28T00:00:00Z'));
  saveContest(db, contest, new Date());
  const contestants = new Set(attempts.map((a) => a.contestantId));
  const addContestant = db.prepare(
    `INSERT INTO contestants (id, contest_slug, id_number, full_name, birth_date, phone, unit_id, occupation, created_at)
     VALUES (?, ?, ?, 'Người Thi', '1990-01-01', ?, 'khac', 'nhan-dan', '2026-11-28T00:00:00.000Z')`,
  );
  [...contestants].forEach((id, n) => addContestant.run(id, contest.slug, `0340900${String(n).padStart(5, '0')}`, `09120${String(n).padStart(5, '0')}`));
  const addAttempt = db.prepare(
    `INSERT INTO attempts (id, contest_slug, contestant_id, status, started_at, deadline, submitted_at, score, total, duration_ms, prediction)
     VALUES (?, ?, ?, 'submitted', '2026-11-28T00:00:00.000Z', '2026-11-28T00:15:00.000Z', ?, ?, 20, ?, ?)`,
  );
  for (const a of attempts) addAttempt.run(a.attemptId, contest.slug, a.contestantId, a.submittedAt, a.score, a.durationMs, a.prediction);
}

const attemptArb = fc.record({
  contestantId: fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c5'),
  score: fc.integer({ min: 0, max: 3 }),
  prediction: fc.option(fc.integer({ min: 0, max: 8 }), { nil: null }),
  durationMs: fc.integer({ min: 0, max: 3 }),
  submittedAt: fc.constantFrom('2026-11-28T00:01:00.000Z', '2026-11-28T00:02:00.000Z', '2026-11-28T00:03:00.000Z'),
});

const orderArb = fc
  .shuffledSubarray([...RANKING_CRITERIA] as RankingCriterion[], { minLength: 1 })
  .filter((order) => order.length > 0);

describe('the ranking chain in SQL', () => {
  it('orders exactly as the domain comparator, for any order of criteria and any prediction figure', () => {
    fc.assert(
      fc.property(fc.array(attemptArb, { minLength: 1, maxLength: 14 }), orderArb, fc.integer({ min: 0, max: 8 }), (raw, order, actual) => {
        const attempts = raw.map((a, i) => ({ ...a, attemptId: `a${String(i).padStart(2, '0')}` }));
        const db = openDatabase(':memory:');
        insertAttempts(db, attempts);
        const fromSql = ranking(db, 'de-an-06-thai-binh', order, actual, null).map((e) => [e.rank, e.attemptId]);
        const fromDomain = rankContestants(attempts, order, actual).map((e) => [e.rank, e.attemptId]);
        db.close();
        expect(fromSql).toEqual(fromDomain);
      }),
      { numRuns: 150 },
    );
  });
});

async function play(env: TestEnv, n: number, correct: number, prediction: number | null, minutes: number) {
  const { token } = await register(env, n, { fullName: `Người Thi ${'ABCDEFGHIJ'[n]}` });
  const attempt = await startAttempt(env, token);
  const answers = Object.fromEntries(attempt.questions.slice(0, correct).map((q) => [q.id, correctOptionId(env, attempt.id, q.id)]));
  env.clock.advance(minutes * 60_000);
  const result = await env.call('POST', `/api/attempts/${attempt.id}/submit`, {
    token,
    json: prediction === null ? { answers } : { answers, prediction },
  });
  env.clock.advance(-minutes * 60_000 + 1000);
  return result.body;
}

describe('leaderboard', () => {
  it('ranks by score, then closeness of the prediction, then duration, and shows no personal data', async () => {
    const env = testEnv();
    await play(env, 1, 10, 3, 5); // 3 participants at close: prediction 3 is exact
    await play(env, 2, 10, 7, 2);
    await play(env, 3, 12, 100, 9);
    const { status, body } = await env.call('GET', `/api/contests/${OPEN}/leaderboard`);
    expect(status).toBe(200);
    expect(body.provisional).toBe(true);
    expect(body.actual).toBe(3);
    expect(body.entries.map((e: { name: string }) => e.name)).toEqual(['Người Thi D', 'Người Thi B', 'Người Thi C']);
    expect(body.entries[0]).toEqual({ rank: 1, name: 'Người Thi D', unit: 'Thành phố Thái Bình', score: 12, total: 20, durationMs: 9 * 60_000 });
    expect(JSON.stringify(body)).not.toMatch(/034090|0912|1990-05-17|idNumber|phone|birth/);
  });

  it('puts a missing prediction after every given one', async () => {
    const env = testEnv();
    await play(env, 1, 10, null, 1);
    await play(env, 2, 10, 1000, 5);
    const { body } = await env.call('GET', `/api/contests/${OPEN}/leaderboard`);
    expect(body.entries.map((e: { name: string }) => e.name)).toEqual(['Người Thi C', 'Người Thi B']);
  });

  it('follows a configured order that puts duration before the prediction', async () => {
    const env = testEnv();
    const { body: current } = await env.call('GET', `/api/admin/contests/${OPEN}`, { token: ORGANISER_TOKEN });
    const { status: _status, ...settings } = current;
    void _status;
    await env.call('PUT', `/api/admin/contests/${OPEN}`, {
      token: ORGANISER_TOKEN,
      json: { ...settings, rankingOrder: ['score', 'duration', 'prediction', 'submittedAt'] },
    });
    await play(env, 1, 10, 2, 5);
    await play(env, 2, 10, 500, 2);
    const { body } = await env.call('GET', `/api/contests/${OPEN}/leaderboard`);
    expect(body.entries.map((e: { name: string }) => e.name)).toEqual(['Người Thi C', 'Người Thi B']);
  });

  it('measures the prediction against the configured target', async () => {
    const env = testEnv();
    const { body: current } = await env.call('GET', `/api/admin/contests/${OPEN}`, { token: ORGANISER_TOKEN });
    const { status: _status, ...settings } = current;
    void _status;
    await env.call('PUT', `/api/admin/contests/${OPEN}`, { token: ORGANISER_TOKEN, json: { ...settings, predictionTarget: 'perfectParticipants' } });
    await play(env, 1, 20, 1, 5);
    await play(env, 2, 3, 1, 5);
    const counts = contestCounts(env.db, OPEN);
    expect(counts).toEqual({ participants: 2, attempts: 2, perfectParticipants: 1 });
    const { body } = await env.call('GET', `/api/contests/${OPEN}/leaderboard`);
    expect(body.actual).toBe(1);
  });

  it('limits the number of entries and refuses a bad limit', async () => {
    const env = testEnv();
    for (let n = 1; n <= 3; n++) await play(env, n, n, 1, 1);
    const two = await env.call('GET', `/api/contests/${OPEN}/leaderboard?limit=2`);
    expect(two.body.entries.map((e: { rank: number }) => e.rank)).toEqual([1, 2]);
    for (const limit of ['0', '501', 'abc', '1.5']) {
      const bad = await env.call('GET', `/api/contests/${OPEN}/leaderboard?limit=${limit}`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields.limit).toEqual(expect.any(String));
    }
  });

  it('counts participants and attempts on the contest page', async () => {
    const env = testEnv();
    await play(env, 1, 5, 1, 1);
    await play(env, 2, 5, 1, 1);
    const { body } = await env.call('GET', `/api/contests/${OPEN}`);
    expect(body.stats).toEqual({ participants: 2, attempts: 2 });
  });

  it('is final (not provisional) once the contest has closed', async () => {
    const env = testEnv();
    await play(env, 1, 5, 1, 1);
    const { body: contest } = await env.call('GET', `/api/contests/${OPEN}`);
    env.clock.set(contest.endsAt);
    const { body } = await env.call('GET', `/api/contests/${OPEN}/leaderboard`);
    expect(body.provisional).toBe(false);
    expect(body.entries).toHaveLength(1);
  });
});

describe('results before publication', () => {
  it('answers 404 NOT_PUBLISHED', async () => {
    const env = testEnv();
    const { status, body } = await env.call('GET', `/api/contests/${OPEN}/results`);
    expect(status).toBe(404);
    expect(body.error).toEqual({ code: 'NOT_PUBLISHED', message: expect.stringMatching(/chưa được công bố/) });
  });
});
