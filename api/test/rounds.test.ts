/**
 * Rounds over HTTP (decision 0041): the rounds' settings refused row by row, the round an attempt
 * belongs to at the boundary by the server's clock, per-round tries and draws, no start between
 * rounds, per-round boards, prizes and results, the contest's info and `me` moving with the clock,
 * changes refused once a round has attempts, and `round.closed` once per round.
 */
import { describe, expect, it } from 'vitest';
import { computedResultsSchema, publishedResultsSchema } from '../src/contract/admin.js';
import { leaderboardSchema, meSchema, publicContestSchema, publicResultsSchema } from '../src/contract/contestant.js';
import { roundStatsSchema } from '../src/contract/rounds.js';
import { announceClosedRounds } from '../src/db/rounds.js';
import { correctOption, describeStores, type StoreEnv, type StoreEnvOptions, wrongOption } from './store-env.js';
import { OPEN, ORGANISER_TOKEN, person, register, startAttempt, testEnv, type TestEnv } from './support.js';

const organiser = { token: ORGANISER_TOKEN };
const NOW = '2026-11-28T03:00:00.000Z'; // the demo contest opened an hour before

const ROUNDS = [
  // Out of time order on purpose: numbers follow time.
  { id: 'vong-3', title: 'Vòng 3', startsAt: '2026-11-28T06:00:00.000Z', endsAt: '2026-11-28T07:00:00.000Z' },
  { id: 'vong-1', title: 'Vòng 1', startsAt: '2026-11-28T03:00:00.000Z', endsAt: '2026-11-28T04:00:00.000Z', maxAttempts: 2 },
  {
    id: 'vong-2',
    title: 'Vòng 2',
    startsAt: '2026-11-28T04:00:00.000Z',
    endsAt: '2026-11-28T05:00:00.000Z',
    questionsPerAttempt: 5,
    prizes: { individual: [{ name: 'Giải Nhất vòng 2', count: 1, valueVnd: 1_000_000 }], collective: [] },
  },
];

async function contestBody(env: Pick<TestEnv, 'call'>): Promise<Record<string, unknown>> {
  const { body } = await env.call('GET', `/api/admin/contests/${OPEN}`, organiser);
  const { status: _status, ...rest } = body as Record<string, unknown>;
  return rest;
}

async function withRounds(env: Pick<TestEnv, 'call'>, rounds: unknown[] = ROUNDS, extra: Record<string, unknown> = {}) {
  return env.call('PUT', `/api/admin/contests/${OPEN}`, { ...organiser, json: { ...(await contestBody(env)), rounds, ...extra } });
}

/** Sets ROUNDS (with `extra` settings) in the console, before anyone takes part. */
const withDemoRounds = (extra: Record<string, unknown> = {}) => async (console: TestEnv) => {
  const saved = await withRounds(console, ROUNDS, extra);
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
};

async function roundsEnv(extra: Record<string, unknown> = {}, env: Record<string, string> = {}) {
  const t = testEnv({ now: NOW, env });
  await withDemoRounds(extra)(t);
  return t;
}

type NewEnv = (options?: StoreEnvOptions) => Promise<StoreEnv>;

/** The demo contest with ROUNDS on either store (the rounds set in the console, then copied on PostgreSQL). */
const roundsOn = (newEnv: NewEnv, extra: Record<string, unknown> = {}) => newEnv({ now: NOW, prepare: withDemoRounds(extra) });

const roundOf = async (env: StoreEnv, attemptId: string) =>
  (await env.query<{ roundId: string | null }>('SELECT round_id AS "roundId" FROM attempts WHERE id = ?', attemptId))[0]!.roundId;

/** Submits an attempt with `correct` right answers (the rest wrong). */
async function submit(env: TestEnv | StoreEnv, token: string, attempt: { id: string; questions: { id: string }[] }, correct: number, prediction: number | null = null) {
  const answers: Record<string, string> = {};
  for (const [i, q] of attempt.questions.entries()) answers[q.id] = i < correct ? await correctOption(env, attempt.id, q.id) : await wrongOption(env, attempt.id, q.id);
  const done = await env.call('POST', `/api/attempts/${attempt.id}/submit`, { token, json: { answers, ...(prediction === null ? {} : { prediction }) } });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  return done.body;
}

describeStores('rounds in the contest settings', (newEnv, kind) => {
  // The console's validation: a route of a server on SQLite (501 on PostgreSQL, decision 0045).
  if (kind === 'sqlite') {
    it('refuses overlapping rounds, a round outside the window and a repeated id, naming each row in Vietnamese', async () => {
      const env = testEnv({ now: NOW });
      const before = await contestBody(env);
      const overlap = await withRounds(env, [
        { id: 'a', title: 'A', startsAt: '2026-11-28T03:00:00Z', endsAt: '2026-11-28T05:00:00Z' },
        { id: 'b', title: 'B', startsAt: '2026-11-28T04:00:00Z', endsAt: '2026-11-28T06:00:00Z' },
      ]);
      expect(overlap.status).toBe(400);
      expect(overlap.body.error.code).toBe('VALIDATION');
      expect(overlap.body.error.fields['rounds.1.startsAt']).toBe('Vòng 2 trùng thời gian với vòng 1');

      const outside = await withRounds(env, [{ id: 'a', title: 'A', startsAt: '2026-11-28T01:00:00Z', endsAt: '2027-12-01T00:00:00Z' }]);
      expect(outside.status).toBe(400);
      expect(outside.body.error.fields['rounds.0.startsAt']).toBe('Vòng 1 bắt đầu trước khi cuộc thi mở');
      expect(outside.body.error.fields['rounds.0.endsAt']).toBe('Vòng 1 kết thúc sau khi cuộc thi kết thúc');

      const repeated = await withRounds(env, [
        { id: 'a', title: 'A', startsAt: '2026-11-28T03:00:00Z', endsAt: '2026-11-28T04:00:00Z' },
        { id: 'a', title: 'A lần nữa', startsAt: '2026-11-28T05:00:00Z', endsAt: '2026-11-28T06:00:00Z' },
      ]);
      expect(repeated.status).toBe(400);
      expect(repeated.body.error.fields['rounds.1.id']).toBe('Vòng 2 trùng mã «a» với vòng 1');
      // Nothing was saved.
      expect(await contestBody(env)).toEqual(before);
    });
  }

  it('a contest without rounds answers as before: no rounds, no current round, ranking best', async () => {
    const env = await newEnv({ now: NOW });
    const { body } = await env.call('GET', `/api/contests/${OPEN}`);
    expect(body).toMatchObject({ rounds: [], currentRoundId: null, roundsRanking: 'best' });
    const { token } = await register(env);
    const attempt = await startAttempt(env, token);
    expect(await roundOf(env, attempt.id)).toBeNull();
    const me = await env.call('GET', `/api/contests/${OPEN}/me`, { token });
    expect(me.body.rounds).toBeUndefined();
    expect(me.body.remainingAttempts).toBe(2);
  });
});

describeStores('contest info with rounds', (newEnv) => {
  it('lists the rounds in time order and names the current one as the server clock moves', async () => {
    const env = await roundsOn(newEnv);
    const info = async () => (await env.call('GET', `/api/contests/${OPEN}`)).body;
    const first = await info();
    expect(first.rounds.map((r: { id: string; number: number; status: string }) => [r.id, r.number, r.status])).toEqual([
      ['vong-1', 1, 'open'],
      ['vong-2', 2, 'upcoming'],
      ['vong-3', 3, 'upcoming'],
    ]);
    expect(first.rounds[1]).toMatchObject({ questionsPerAttempt: 5, maxAttempts: 3, resultsPublishedAt: null });
    expect(first.rounds[0]).toMatchObject({ questionsPerAttempt: 20, maxAttempts: 2, prizes: null });
    expect(first.currentRoundId).toBe('vong-1');
    env.clock.set('2026-11-28T03:59:59.999Z');
    expect((await info()).currentRoundId).toBe('vong-1');
    env.clock.set('2026-11-28T04:00:00.000Z');
    expect((await info()).currentRoundId).toBe('vong-2');
    env.clock.set('2026-11-28T05:30:00.000Z');
    const between = await info();
    expect(between.currentRoundId).toBeNull();
    expect(between.rounds.map((r: { status: string }) => r.status)).toEqual(['closed', 'closed', 'upcoming']);
    env.clock.set('2026-11-28T06:00:00.000Z');
    expect((await info()).currentRoundId).toBe('vong-3');
  });
});

describeStores('starting attempts in a contest with rounds', (newEnv) => {
  it('an attempt started 1 ms before a round ends belongs to it and is cut at its end; at the end itself, to the next round', async () => {
    const env = await roundsOn(newEnv);
    const { token } = await register(env);
    env.clock.set('2026-11-28T03:59:59.999Z');
    const late = await startAttempt(env, token);
    expect(await roundOf(env, late.id)).toBe('vong-1');
    expect(late.deadline).toBe('2026-11-28T04:00:00.000Z');
    env.clock.set('2026-11-28T04:00:00.000Z');
    const next = await startAttempt(env, token);
    expect(next.id).not.toBe(late.id); // the first was finalised at its deadline
    expect(await roundOf(env, next.id)).toBe('vong-2');
    expect(next.questions).toHaveLength(5); // the round's own draw
    expect(next.deadline).toBe('2026-11-28T04:15:00.000Z');
  });

  it('counts tries per round: the round’s own limit, then the contest’s in the next round', async () => {
    const env = await roundsOn(newEnv);
    const { token } = await register(env);
    for (let i = 0; i < 2; i++) await submit(env, token, await startAttempt(env, token), 1);
    const refused = await env.call('POST', `/api/contests/${OPEN}/attempts`, { token });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'ATTEMPT_LIMIT', message: 'Bạn đã dùng hết số lượt thi của vòng này' });
    const me = await env.call('GET', `/api/contests/${OPEN}/me`, { token });
    expect(me.body.remainingAttempts).toBe(0);
    expect(me.body.rounds.map((r: { roundId: string; attempts: number; remainingAttempts: number }) => [r.roundId, r.attempts, r.remainingAttempts])).toEqual([
      ['vong-1', 2, 0],
      ['vong-2', 0, 3],
      ['vong-3', 0, 3],
    ]);
    env.clock.set('2026-11-28T04:10:00.000Z');
    for (let i = 0; i < 3; i++) await submit(env, token, await startAttempt(env, token), 1);
    expect((await env.call('POST', `/api/contests/${OPEN}/attempts`, { token })).body.error.code).toBe('ATTEMPT_LIMIT');
  });

  it('refuses to start between rounds, naming when the next round opens in Vietnam time, and after the last', async () => {
    const env = await roundsOn(newEnv);
    const { token } = await register(env);
    env.clock.set('2026-11-28T05:30:00.000Z');
    const between = await env.call('POST', `/api/contests/${OPEN}/attempts`, { token });
    expect(between.status).toBe(409);
    expect(between.body.error).toEqual({
      code: 'CONTEST_NOT_OPEN',
      message: 'Hiện không có vòng thi nào đang mở. Vòng tiếp theo «Vòng 3» mở lúc 13 giờ 00, ngày 28/11/2026 (giờ Việt Nam)',
    });
    expect((await env.call('GET', `/api/contests/${OPEN}/me`, { token })).body.remainingAttempts).toBe(0);
    env.clock.set('2026-11-28T08:00:00.000Z');
    const after = await env.call('POST', `/api/contests/${OPEN}/attempts`, { token });
    expect(after.body.error).toEqual({ code: 'CONTEST_NOT_OPEN', message: 'Các vòng thi đã kết thúc, không nhận lượt thi mới' });
    expect(await env.query('SELECT COUNT(*) AS n FROM attempts')).toEqual([{ n: 0 }]);
  });
});

describe('changing rounds once attempts exist', () => {
  it('refuses moving or removing a round with attempts and adding one already started; allows titles, prizes and future rounds', async () => {
    const env = await roundsEnv();
    const { token } = await register(env);
    await submit(env, token, await startAttempt(env, token), 1);
    const moved = await withRounds(env, ROUNDS.map((r) => (r.id === 'vong-1' ? { ...r, endsAt: '2026-11-28T03:30:00.000Z' } : r)));
    expect(moved.status).toBe(400);
    expect(moved.body.error.fields).toEqual({ 'rounds.1.endsAt': 'Vòng 2 đã có lượt thi, không thể đổi thời gian kết thúc' });
    const removed = await withRounds(env, ROUNDS.filter((r) => r.id !== 'vong-1'));
    expect(removed.status).toBe(400);
    expect(removed.body.error.fields['rounds.1.id']).toBe('Vòng «Vòng 1» đã có lượt thi, không thể xoá');
    const started = await withRounds(env, [...ROUNDS, { id: 'vong-0', title: 'Vòng 0', startsAt: '2026-11-28T02:00:00.000Z', endsAt: '2026-11-28T02:30:00.000Z' }]);
    expect(started.status).toBe(400);
    expect(started.body.error.fields['rounds.3.startsAt']).toMatch(/chỉ được thêm hoặc dời vòng chưa bắt đầu/);
    const renamed = await withRounds(env, [
      ...ROUNDS.map((r) => (r.id === 'vong-1' ? { ...r, title: 'Vòng loại' } : r)),
      { id: 'vong-4', title: 'Vòng 4', startsAt: '2026-11-28T08:00:00.000Z', endsAt: '2026-11-28T09:00:00.000Z' },
    ]);
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect((await env.call('GET', `/api/contests/${OPEN}`)).body.rounds.map((r: { title: string }) => r.title)).toEqual(['Vòng loại', 'Vòng 2', 'Vòng 3', 'Vòng 4']);
  });
});

describeStores('rankings, prizes and results per round', (newEnv) => {
  /** Three people: A best in round 1, B best in round 2, C only in round 2. */
  async function played(extra: Record<string, unknown> = {}) {
    const env = await roundsOn(newEnv, extra);
    const a = await register(env, 1);
    const b = await register(env, 2);
    const c = await register(env, 3);
    await submit(env, a.token, await startAttempt(env, a.token), 15, 3);
    await submit(env, b.token, await startAttempt(env, b.token), 10, 2);
    await submit(env, a.token, await startAttempt(env, a.token), 5); // not A's best
    env.clock.set('2026-11-28T04:05:00.000Z');
    await submit(env, a.token, await startAttempt(env, a.token), 1, 2);
    await submit(env, b.token, await startAttempt(env, b.token), 5, 2);
    await submit(env, c.token, await startAttempt(env, c.token), 4, 3);
    return { env, a, b, c };
  }

  it('each round has its own board and the caller’s rank in it; an unknown round is 404', async () => {
    const { env, a, c } = await played();
    const r1 = await env.call('GET', `/api/contests/${OPEN}/rounds/vong-1/leaderboard`);
    expect(r1.status).toBe(200);
    expect(r1.body).toMatchObject({ provisional: false, actual: 2 });
    expect(r1.body.entries.map((e: { rank: number; score: number }) => [e.rank, e.score])).toEqual([
      [1, 15],
      [2, 10],
    ]);
    const r2 = await env.call('GET', `/api/contests/${OPEN}/rounds/vong-2/leaderboard?limit=2`, { token: c.token });
    expect(r2.body.provisional).toBe(true);
    expect(r2.body.actual).toBe(3); // the round's own participants
    expect(r2.body.entries.map((e: { score: number; total: number }) => [e.score, e.total])).toEqual([
      [5, 5],
      [4, 5],
    ]);
    expect(r2.body.you).toEqual({ rank: 2 });
    for (const board of [r1.body, r2.body]) expect(leaderboardSchema.safeParse(board).error).toBeUndefined();
    const me = await env.call('GET', `/api/contests/${OPEN}/me`, { token: a.token });
    expect(me.body.rounds.map((r: { roundId: string; bestScore?: number; rank?: number }) => [r.roundId, r.bestScore, r.rank])).toEqual([
      ['vong-1', 15, 1],
      ['vong-2', 1, 3],
      ['vong-3', null, null],
    ]);
    expect(meSchema.safeParse(me.body).error).toBeUndefined();
    // A voided attempt leaves the round's board at once (the kept ranking follows the attempts). Voiding is a console
    // route, which a server on PostgreSQL answers 501 (decision 0045).
    if (env.kind === 'sqlite') {
      const [{ id: fifteen }] = (await env.query<{ id: string }>(`SELECT id FROM attempts WHERE round_id = 'vong-1' AND score = 15`)) as [{ id: string }];
      expect((await env.call('POST', `/api/admin/attempts/${fifteen}/void`, { ...organiser, json: { reason: 'Kiểm tra vòng thi' } })).status).toBe(200);
      const after = await env.call('GET', `/api/contests/${OPEN}/rounds/vong-1/leaderboard`);
      expect(after.body.entries.map((e: { score: number }) => e.score)).toEqual([10, 5]);
    }
    const unknown = await env.call('GET', `/api/contests/${OPEN}/rounds/vong-9/leaderboard`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toEqual({ code: 'NOT_FOUND', message: 'Không tìm thấy vòng thi' });
  });

  it('a round’s kept board follows exclusions and units, and a submission in the open round leaves a closed round’s ranking kept', async () => {
    const { env, a } = await played();
    const board = async (round: string) => (await env.call('GET', `/api/contests/${OPEN}/rounds/${round}/leaderboard`)).body.entries as { score: number; unit: string }[];
    expect((await board('vong-1')).map((e) => e.score)).toEqual([15, 10]);
    const closedVersion = () => env.query(`SELECT version FROM round_versions WHERE contest_slug = ? AND round_id = 'vong-1'`, OPEN);
    const before = await closedVersion();
    const d = await register(env, 4);
    await submit(env, d.token, await startAttempt(env, d.token), 2, 1);
    expect(await closedVersion()).toEqual(before);
    // Exclusions and units are edited in the console, whose routes a server on PostgreSQL answers 501 (decision 0045).
    if (env.kind === 'postgres') return;
    // Excluding A (by ID number) takes them off every round's board at once.
    const excluded = await env.call('PUT', `/api/admin/contests/${OPEN}/exclusions`, { ...organiser, json: { idNumbers: [person(1).idNumber], phones: [] } });
    expect(excluded.status, JSON.stringify(excluded.body)).toBe(200);
    expect((await board('vong-1')).map((e) => e.score)).toEqual([10]);
    expect((await env.call('GET', `/api/contests/${OPEN}/me`, { token: a.token })).body.rounds[0].rank).toBeNull();
    // A unit renamed shows on the board at once.
    const units = await env.query<{ id: string; name: string; parentId: string | null }>('SELECT id, name, parent_id AS "parentId" FROM units WHERE contest_slug = ?', OPEN);
    const renamed = units.map((u) => (u.id === 'tp-thai-binh' ? { ...u, name: 'Thành phố Thái Bình (mới)' } : u));
    expect((await env.call('PUT', `/api/admin/contests/${OPEN}/units`, { ...organiser, json: renamed })).status).toBe(200);
    expect((await board('vong-1')).map((e) => e.unit)).toEqual(['Thành phố Thái Bình (mới)']);
  });

  it('the overall board follows roundsRanking: best of all, sum of rounds, or the final round', async () => {
    const best = await played();
    const overall = async (env: StoreEnv) =>
      (await env.call('GET', `/api/contests/${OPEN}/leaderboard`)).body.entries.map((e: { score: number }) => e.score);
    expect(await overall(best.env)).toEqual([15, 10, 4]);
    const sum = await played({ roundsRanking: 'sum' });
    expect(await overall(sum.env)).toEqual([16, 15, 4]);
    const me = await sum.env.call('GET', `/api/contests/${OPEN}/me`, { token: sum.b.token });
    expect(me.body.rank).toBe(2);
    // The organisers' ranking, its export and the contest's prizes follow the same ranking (the console's
    // ranking and its export are routes of a server on SQLite, 501 on PostgreSQL, decision 0045).
    if (sum.env.kind === 'sqlite') {
      const consoleRanking = await sum.env.call('GET', `/api/admin/contests/${OPEN}/ranking.json?limit=10`, organiser);
      expect(consoleRanking.body.entries.map((e: { score: number }) => e.score)).toEqual([16, 15, 4]);
      const exported = await sum.env.call('GET', `/api/admin/contests/${OPEN}/ranking?format=json`, organiser);
      expect(exported.status).toBe(200);
      expect(exported.body.entries.map((e: { rank: number; score: number }) => [e.rank, e.score])).toEqual([
        [1, 16],
        [2, 15],
        [3, 4],
      ]);
    }
    const sumPrizes = await sum.env.call('POST', `/api/admin/contests/${OPEN}/results`, organiser);
    expect(sumPrizes.body.individual.slice(0, 2).map((w: { contestantId: string; score: number }) => [w.contestantId, w.score])).toEqual([
      [sum.a.contestant.id, 16],
      [sum.b.contestant.id, 15],
    ]);
    const final = await played({ roundsRanking: 'final' });
    expect(await overall(final.env)).toEqual([]); // the final round has no attempts yet
    final.env.clock.set('2026-11-28T06:05:00.000Z');
    await submit(final.env, final.c.token, await startAttempt(final.env, final.c.token), 7);
    await submit(final.env, final.a.token, await startAttempt(final.env, final.a.token), 2);
    expect(await overall(final.env)).toEqual([7, 2]);
    const prizes = await final.env.call('POST', `/api/admin/contests/${OPEN}/results`, organiser);
    expect(prizes.body.individual.map((w: { contestantId: string }) => w.contestantId)).toEqual([final.c.contestant.id, final.a.contestant.id]);
  });

  it('round prizes: dry run, publish, refused republish without replace, public read, and the contest lists when', async () => {
    const { env, b } = await played();
    const none = await env.call('POST', `/api/admin/contests/${OPEN}/rounds/vong-1/results`, organiser);
    expect(none.status).toBe(409);
    expect(none.body.error.message).toMatch(/Vòng «Vòng 1» không có giải riêng/);
    expect((await env.call('GET', `/api/contests/${OPEN}/rounds/vong-2/results`)).body.error.code).toBe('NOT_PUBLISHED');
    const dry = await env.call('POST', `/api/admin/contests/${OPEN}/rounds/vong-2/results`, organiser);
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body).toMatchObject({ published: false, provisional: true, actual: 3, collective: [] });
    expect(dry.body.individual.map((w: { prize: string; contestantId: string; score: number }) => [w.prize, w.contestantId, w.score])).toEqual([
      ['Giải Nhất vòng 2', b.contestant.id, 5],
    ]);
    env.clock.set('2026-11-28T05:10:00.000Z');
    const published = await env.call('POST', `/api/admin/contests/${OPEN}/rounds/vong-2/results`, { ...organiser, json: { publish: true, acknowledgeFlags: true } });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect(published.body).toMatchObject({ published: true, provisional: false, publishedAt: '2026-11-28T05:10:00.000Z' });
    const again = await env.call('POST', `/api/admin/contests/${OPEN}/rounds/vong-2/results`, { ...organiser, json: { publish: true, acknowledgeFlags: true } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
    env.clock.set('2026-11-28T05:20:00.000Z');
    const replaced = await env.call('POST', `/api/admin/contests/${OPEN}/rounds/vong-2/results`, { ...organiser, json: { publish: true, replace: true, acknowledgeFlags: true } });
    expect(replaced.status).toBe(200);
    const read = await env.call('GET', `/api/contests/${OPEN}/rounds/vong-2/results`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ publishedAt: '2026-11-28T05:20:00.000Z', actual: 3 });
    expect(read.body.individual).toHaveLength(1);
    expect(publicResultsSchema.safeParse(read.body).error).toBeUndefined();
    expect(computedResultsSchema.safeParse(dry.body).error).toBeUndefined();
    expect(computedResultsSchema.safeParse(replaced.body).error).toBeUndefined();
    const adminRead = await env.call('GET', `/api/admin/contests/${OPEN}/rounds/vong-2/results`, organiser);
    expect(adminRead.status).toBe(200);
    expect(publishedResultsSchema.safeParse(adminRead.body).error).toBeUndefined();
    expect(JSON.stringify(read.body)).not.toContain('034090');
    const info = (await env.call('GET', `/api/contests/${OPEN}`)).body;
    expect(info.rounds.find((r: { id: string }) => r.id === 'vong-2').resultsPublishedAt).toBe('2026-11-28T05:20:00.000Z');
    expect(info.resultsPublishedAt).toBeNull();
    expect(publicContestSchema.safeParse(info).error).toBeUndefined();
    const audit = await env.query(`SELECT action, target FROM audit_log WHERE action LIKE 'round.%' ORDER BY id`);
    expect(audit).toEqual([
      { action: 'round.results.publish', target: `${OPEN}/vong-2` },
      { action: 'round.results.republish', target: `${OPEN}/vong-2` },
    ]);
    const stats = await env.call('GET', `/api/admin/contests/${OPEN}/rounds/vong-2/stats`, organiser);
    expect(stats.body).toEqual({
      roundId: 'vong-2',
      status: 'closed',
      participants: 3,
      attempts: 3,
      inProgress: 0,
      averageBestScore: 10 / 3,
      actual: 3,
      resultsPublishedAt: '2026-11-28T05:20:00.000Z',
    });
    expect(roundStatsSchema.safeParse(stats.body).error).toBeUndefined();
    const exported = await env.call('GET', `/api/admin/contests/${OPEN}/rounds/vong-2/results/export?format=csv`, organiser);
    expect(exported.status).toBe(200);
    expect(String(exported.body)).toContain('Giải Nhất vòng 2');
  });

  it('collective prizes of a round come from the round’s own participation, rolled up as the contest’s', async () => {
    const collective = [{ name: 'Giải tập thể vòng 2', count: 1, valueVnd: 2_000_000 }];
    const rounds = ROUNDS.map((r) => (r.id === 'vong-2' ? { ...r, prizes: { individual: [], collective } } : r));
    const env = await newEnv({
      now: NOW,
      prepare: async (console) => {
        await withDemoRounds()(console);
        expect((await withRounds(console, rounds, { collectiveCriterion: 'participants' })).status).toBe(200);
      },
    });
    const a = await register(env, 1);
    const b = await register(env, 2, { unitId: 'tp-thai-binh' });
    await submit(env, a.token, await startAttempt(env, a.token), 3); // round 1: does not count in round 2
    env.clock.set('2026-11-28T04:05:00.000Z');
    await submit(env, b.token, await startAttempt(env, b.token), 2);
    await submit(env, b.token, await startAttempt(env, b.token), 4);
    const dry = await env.call('POST', `/api/admin/contests/${OPEN}/rounds/vong-2/results`, organiser);
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.individual).toEqual([]);
    expect(dry.body.collective).toEqual([expect.objectContaining({ prize: 'Giải tập thể vòng 2', participants: 1, attempts: 2, averageScore: 4 })]);
  });

  it('with scores shown after the close, a round’s board and standing wait for the ROUND’s close', async () => {
    const { env, a } = await played({ revealScore: 'afterClose', revealAnswers: 'afterClose' });
    const open = await env.call('GET', `/api/contests/${OPEN}/rounds/vong-2/leaderboard`);
    expect(open.body).toMatchObject({ entries: [], scoreShownAt: '2026-11-28T05:00:00.000Z' });
    const closed = await env.call('GET', `/api/contests/${OPEN}/rounds/vong-1/leaderboard`);
    expect(closed.body.entries).toHaveLength(2);
    const me = await env.call('GET', `/api/contests/${OPEN}/me`, { token: a.token });
    expect(me.body.rounds[0]).toMatchObject({ roundId: 'vong-1', bestScore: 15, rank: 1 });
    expect(me.body.rounds[1].bestScore).toBeUndefined();
    expect(me.body.rounds[1].rank).toBeUndefined();
  });
});

describe('round.closed', () => {
  it('goes into the outbox once per round after it closes, with counts and no personal data', async () => {
    const env = await roundsEnv({}, { WEBHOOKS_ALLOW_LOOPBACK: '1' });
    const endpoint = await env.call('POST', `/api/admin/contests/${OPEN}/webhooks`, { ...organiser, json: { url: 'http://127.0.0.1:9/hook', events: ['round.closed'] } });
    expect(endpoint.status, JSON.stringify(endpoint.body)).toBe(201);
    const { token } = await register(env);
    await submit(env, token, await startAttempt(env, token), 3);
    expect(announceClosedRounds(env.db, env.clock.now())).toBe(0);
    env.clock.set('2026-11-28T04:00:00.000Z');
    expect(announceClosedRounds(env.db, env.clock.now())).toBe(1);
    expect(announceClosedRounds(env.db, env.clock.now())).toBe(0);
    env.clock.set('2026-11-28T09:00:00.000Z');
    expect(announceClosedRounds(env.db, env.clock.now())).toBe(2);
    const bodies = (env.db.prepare(`SELECT body FROM webhook_deliveries WHERE type = 'round.closed' ORDER BY rowid`).all() as { body: string }[]).map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => b.data.round.id)).toEqual(['vong-1', 'vong-2', 'vong-3']);
    expect(bodies[0]).toMatchObject({
      type: 'round.closed',
      contest: { slug: OPEN },
      data: {
        round: { id: 'vong-1', title: 'Vòng 1', number: 1, startsAt: '2026-11-28T03:00:00.000Z', endsAt: '2026-11-28T04:00:00.000Z' },
        participants: 1,
        attempts: 1,
      },
    });
    expect(JSON.stringify(bodies)).not.toMatch(/034090|0912|Nguyễn/);
  });

  it('publishing a round’s prizes sends results.published naming the round', async () => {
    const env = await roundsEnv({}, { WEBHOOKS_ALLOW_LOOPBACK: '1' });
    const endpoint = await env.call('POST', `/api/admin/contests/${OPEN}/webhooks`, { ...organiser, json: { url: 'http://127.0.0.1:9/hook', events: ['results.published'] } });
    expect(endpoint.status, JSON.stringify(endpoint.body)).toBe(201);
    const { token } = await register(env);
    await submit(env, token, await startAttempt(env, token), 3);
    env.clock.set('2026-11-28T04:05:00.000Z');
    await submit(env, token, await startAttempt(env, token), 2);
    const published = await env.call('POST', `/api/admin/contests/${OPEN}/rounds/vong-2/results`, { ...organiser, json: { publish: true, acknowledgeFlags: true } });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    const bodies = (env.db.prepare(`SELECT body FROM webhook_deliveries WHERE type = 'results.published'`).all() as { body: string }[]).map((r) => JSON.parse(r.body));
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toMatchObject({ type: 'results.published', contest: { slug: OPEN }, data: { round: { id: 'vong-2', title: 'Vòng 2', number: 2 } } });
    expect(JSON.stringify(bodies)).not.toMatch(/034090|0912|Nguyễn/);
  });
});
