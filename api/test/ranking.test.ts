import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connection.js';
import { saveContest } from '../src/db/contests.js';
import { rebuildParticipation } from '../src/db/participation.js';
import { contestantRank, leaderboard, ranking, rankingPages } from '../src/db/rankings.js';
import { contendingAttempts, RANKING_CRITERIA, rankContestants, bestAttempts, type RankableAttempt, type RankingCriterion } from '../src/domain/ranking.js';
import { demoContest } from '../src/seed/demo.js';
import { correctAnswers, describeStores, type StoreEnv } from './store-env.js';
import { freshDatabase, OPEN, ORGANISER_TOKEN, register, startAttempt, type TestEnv } from './support.js';

function insertAttempts(db: Db, attempts: readonly RankableAttempt[], order: RankingCriterion[]): void {
  // Standings are kept in the contest's own order, so the contest carries the order under test.
  const contest = { ...demoContest(new Date('2026-11-28T00:00:00Z')), rankingOrder: order };
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
  rebuildParticipation(db); // rows inserted directly, as a bulk load does
}

const attemptArb = fc.record({
  contestantId: fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c5'),
  score: fc.integer({ min: 0, max: 3 }),
  prediction: fc.option(fc.integer({ min: 0, max: 8 }), { nil: null }),
  durationMs: fc.integer({ min: 0, max: 3 }),
  submittedAt: fc.constantFrom('2026-11-28T00:01:00.000Z', '2026-11-28T00:02:00.000Z', '2026-11-28T00:03:00.000Z'),
});

/** Values on both sides of the bucket edges (multiples of 256, 65 536, 2^24…) the rank counts use. */
const EDGES = [0, 1, 255, 256, 257, 511, 65_535, 65_536, 65_537, 131_071, 16_777_215, 16_777_216, 16_777_300, 1_000_000_000];
const wideAttemptArb = fc.record({
  contestantId: fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c5', 'c6'),
  score: fc.integer({ min: 0, max: 2 }),
  prediction: fc.option(fc.constantFrom(...EDGES), { nil: null, freq: 8 }),
  durationMs: fc.constantFrom(...EDGES.filter((e) => e < 2_000_000_000)),
  submittedAt: fc.constantFrom('2026-11-28T00:00:00.000Z', '2026-11-28T00:00:00.255Z', '2026-11-28T00:00:00.256Z', '2026-11-28T04:39:37.216Z', '2027-03-01T00:00:00.000Z'),
});

const orderArb = fc
  .shuffledSubarray([...RANKING_CRITERIA] as RankingCriterion[], { minLength: 1 })
  .filter((order) => order.length > 0);

describe('the ranking chain in SQL', () => {
  it('orders exactly as the domain comparator, for any order of criteria and any prediction figure', () => {
    fc.assert(
      fc.property(fc.array(attemptArb, { minLength: 1, maxLength: 14 }), orderArb, fc.integer({ min: 0, max: 8 }), (raw, order, actual) => {
        const attempts = raw.map((a, i) => ({ ...a, attemptId: `a${String(i).padStart(2, '0')}` }));
        const db = freshDatabase();
        insertAttempts(db, attempts, order);
        const fromSql = ranking(db, 'de-an-06-thai-binh', order, actual, null).map((e) => [e.rank, e.attemptId]);
        const fromDomain = rankContestants(attempts, order, actual).map((e) => [e.rank, e.attemptId]);
        const ranks = fromDomain.map(([, attemptId]) => {
          const contestantId = attempts.find((a) => a.attemptId === attemptId)!.contestantId;
          const mine = contestantRank(db, 'de-an-06-thai-binh', order, actual, contestantId)!;
          return [mine.rank, mine.attemptId];
        });
        const top = leaderboard(db, 'de-an-06-thai-binh', order, actual, 2).map((e) => [e.rank, e.attemptId]);
        const heads = fromDomain.map((_, k) => ranking(db, 'de-an-06-thai-binh', order, actual, k + 1).map((e) => [e.rank, e.attemptId]));
        const paged = [...rankingPages(db, 'de-an-06-thai-binh', order, actual, 2)].flat().map((e) => [e.rank, e.attemptId]);
        db.close();
        expect(paged).toEqual(fromDomain);
        expect(heads).toEqual(fromDomain.map((_, k) => fromDomain.slice(0, k + 1)));
        expect(fromSql).toEqual(fromDomain);
        expect(ranks).toEqual(fromDomain);
        expect(top).toEqual(fromDomain.slice(0, 2));
      }),
      { numRuns: 300 },
    );
  });
});

describe('the ranking export', () => {
  const scratchTables = (db: Db) => db.prepare("SELECT name FROM sqlite_temp_master WHERE type = 'table'").all();
  const people = Array.from({ length: 30 }, (_, i) => ({
    attemptId: `a${String(i).padStart(2, '0')}`,
    contestantId: `c${i % 12}`,
    score: i % 3,
    prediction: i % 5 === 0 ? null : i,
    durationMs: 1000 + (i % 4),
    submittedAt: '2026-11-28T00:01:00.000Z',
  }));

  it('pages the whole ranking with continuous ranks and leaves no temporary table behind', () => {
    const db = freshDatabase();
    insertAttempts(db, people, ['score', 'prediction', 'duration', 'submittedAt']);
    const pages = [...rankingPages(db, 'de-an-06-thai-binh', ['score', 'prediction', 'duration', 'submittedAt'], 7, 5)];
    expect(pages.every((page) => page.length > 0 && page.length <= 5)).toBe(true);
    expect(pages.flat().map((e) => e.rank)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(pages.flat().every((e) => e.fullName === 'Người Thi' && e.idNumber.startsWith('0340900'))).toBe(true);
    expect(scratchTables(db)).toEqual([]);
    db.close();
  });

  it('drops its temporary table when the download stops half-way', () => {
    const db = freshDatabase();
    insertAttempts(db, people, ['score', 'prediction', 'duration', 'submittedAt']);
    for (const page of rankingPages(db, 'de-an-06-thai-binh', ['score', 'prediction', 'duration', 'submittedAt'], 7, 2)) {
      expect(scratchTables(db)).toHaveLength(1);
      expect(page).toHaveLength(2);
      break;
    }
    expect(scratchTables(db)).toEqual([]);
    db.close();
  });
});

describe('a change of ranking order', () => {
  it('rebuilds the standings so that ranks, pages and bucket counts follow the new order', () => {
    fc.assert(
      fc.property(fc.array(wideAttemptArb, { minLength: 1, maxLength: 14 }), orderArb, orderArb, fc.constantFrom(...EDGES), (raw, before, after, actual) => {
        const attempts = raw.map((a, i) => ({ ...a, attemptId: `a${String(i).padStart(2, '0')}` }));
        const db = freshDatabase();
        insertAttempts(db, attempts, before);
        const contest = { ...demoContest(new Date('2026-11-28T00:00:00Z')), rankingOrder: after };
        saveContest(db, contest, new Date()); // rebuilds the standings when the order moved
        const fromDomain = rankContestants(attempts, after, actual);
        const ranks = fromDomain.map((e) => contestantRank(db, contest.slug, after, actual, e.contestantId)?.rank);
        const paged = [...rankingPages(db, contest.slug, after, actual, 3)].flat().map((e) => e.attemptId);
        const counts = () => db.prepare('SELECT * FROM standing_counts WHERE rows > 0 ORDER BY 1, 2, 3, 4').all();
        const maintained = counts();
        rebuildParticipation(db);
        const recounted = counts();
        db.close();
        expect(ranks).toEqual(fromDomain.map((e) => e.rank));
        expect(paged).toEqual(fromDomain.map((e) => e.attemptId));
        expect(maintained).toEqual(recounted);
      }),
      { numRuns: 100 },
    );
  });
});

describe('ranks counted from buckets and heads read through windows', () => {
  it('equal the domain ranking for values on either side of every bucket edge', () => {
    fc.assert(
      fc.property(fc.array(wideAttemptArb, { minLength: 1, maxLength: 16 }), orderArb, fc.constantFrom(...EDGES), (raw, order, actual) => {
        const attempts = raw.map((a, i) => ({ ...a, attemptId: `a${String(i).padStart(2, '0')}` }));
        const db = freshDatabase();
        insertAttempts(db, attempts, order);
        const fromDomain = rankContestants(attempts, order, actual);
        const ranks = fromDomain.map((e) => contestantRank(db, 'de-an-06-thai-binh', order, actual, e.contestantId)?.rank);
        // Every head of the ranking (as the leaderboard and the prizes read it) is a prefix of the whole.
        const heads = fromDomain.map((_, k) => ranking(db, 'de-an-06-thai-binh', order, actual, k + 1).map((e) => e.attemptId));
        db.close();
        expect(ranks).toEqual(fromDomain.map((e) => e.rank));
        expect(heads).toEqual(fromDomain.map((_, k) => fromDomain.slice(0, k + 1).map((e) => e.attemptId)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('contending attempts', () => {
  it('hold, for every figure the prediction may be measured against, the best attempt of a contestant', () => {
    fc.assert(
      fc.property(fc.array(attemptArb, { minLength: 1, maxLength: 8 }), orderArb, (raw, order) => {
        const attempts = raw.map((a, i) => ({ ...a, contestantId: 'c1', attemptId: `a${i}` }));
        const contenders = contendingAttempts(attempts, order);
        expect(contenders.length).toBeGreaterThan(0);
        for (let actual = -1; actual <= 9; actual++) {
          expect(bestAttempts(contenders, order, actual)).toEqual(bestAttempts(attempts, order, actual));
        }
        if (!order.includes('prediction')) expect(contenders).toHaveLength(1);
      }),
      { numRuns: 300 },
    );
  });
});

/** Changes the contest's settings in the console, before anyone takes part. */
async function setContest(console: TestEnv, changes: Record<string, unknown>) {
  const { body: current } = await console.call('GET', `/api/admin/contests/${OPEN}`, { token: ORGANISER_TOKEN });
  const { status: _status, ...settings } = current;
  void _status;
  expect((await console.call('PUT', `/api/admin/contests/${OPEN}`, { token: ORGANISER_TOKEN, json: { ...settings, ...changes } })).status).toBe(200);
}

async function play(env: StoreEnv, n: number, correct: number, prediction: number | null, minutes: number) {
  // Names published by choice, so the board's order can be read by name.
  const { token } = await register(env, n, { fullName: `Người Thi ${'ABCDEFGHIJ'[n]}`, publishName: true });
  const attempt = await startAttempt(env, token);
  const answers = await correctAnswers(env, attempt.id, attempt.questions.slice(0, correct).map((q) => q.id));
  env.clock.advance(minutes * 60_000);
  const result = await env.call('POST', `/api/attempts/${attempt.id}/submit`, {
    token,
    json: prediction === null ? { answers } : { answers, prediction },
  });
  env.clock.advance(-minutes * 60_000 + 1000);
  return result.body;
}

describeStores('leaderboard', (newEnv) => {
  it('ranks by score, then closeness of the prediction, then duration, and shows no personal data', async () => {
    const env = await newEnv();
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
    const env = await newEnv();
    await play(env, 1, 10, null, 1);
    await play(env, 2, 10, 1000, 5);
    const { body } = await env.call('GET', `/api/contests/${OPEN}/leaderboard`);
    expect(body.entries.map((e: { name: string }) => e.name)).toEqual(['Người Thi C', 'Người Thi B']);
  });

  it('follows a configured order that puts duration before the prediction', async () => {
    const env = await newEnv({
      prepare: (console) => setContest(console, { rankingOrder: ['score', 'duration', 'prediction', 'submittedAt'] }),
    });
    await play(env, 1, 10, 2, 5);
    await play(env, 2, 10, 500, 2);
    const { body } = await env.call('GET', `/api/contests/${OPEN}/leaderboard`);
    expect(body.entries.map((e: { name: string }) => e.name)).toEqual(['Người Thi C', 'Người Thi B']);
  });

  it('measures the prediction against the configured target', async () => {
    const env = await newEnv({ prepare: (console) => setContest(console, { predictionTarget: 'perfectParticipants' }) });
    await play(env, 1, 20, 1, 5);
    await play(env, 2, 3, 1, 5);
    const { counts } = await env.store.contests.figures((await env.store.contests.contest(OPEN))!);
    expect(counts).toEqual({ participants: 2, attempts: 2, perfectParticipants: 1 });
    const { body } = await env.call('GET', `/api/contests/${OPEN}/leaderboard`);
    expect(body.actual).toBe(1);
  });

  it('limits the number of entries and refuses a bad limit', async () => {
    const env = await newEnv();
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
    const env = await newEnv();
    await play(env, 1, 5, 1, 1);
    await play(env, 2, 5, 1, 1);
    const { body } = await env.call('GET', `/api/contests/${OPEN}`);
    expect(body.stats).toEqual({ participants: 2, attempts: 2 });
  });

  it('is final (not provisional) once the contest has closed', async () => {
    const env = await newEnv();
    await play(env, 1, 5, 1, 1);
    const { body: contest } = await env.call('GET', `/api/contests/${OPEN}`);
    env.clock.set(contest.endsAt);
    const { body } = await env.call('GET', `/api/contests/${OPEN}/leaderboard`);
    expect(body.provisional).toBe(false);
    expect(body.entries).toHaveLength(1);
  });
});

describeStores('results before publication', (newEnv) => {
  it('answers 404 NOT_PUBLISHED', async () => {
    const env = await newEnv();
    const { status, body } = await env.call('GET', `/api/contests/${OPEN}/results`);
    expect(status).toBe(404);
    expect(body.error).toEqual({ code: 'NOT_PUBLISHED', message: expect.stringMatching(/chưa được công bố/) });
  });
});
