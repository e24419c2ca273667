/**
 * SPEC §3.1 "Score feedback": a score shown after each submit is an oracle for the answer key —
 * two attempts that differ in one answer tell whether that answer is right. With
 * `revealScore: "afterClose"` nothing a contestant can read while the contest is open (the submit's
 * answer, the attempt, `me`, the leaderboard) depends on the answers; with `afterSubmit` the same
 * attack does learn (so this test can fail).
 */
import { describe, expect, it } from 'vitest';
import { correctOptionId, OPEN, ORGANISER_TOKEN, person, register, startAttempt, testEnv, wrongOptionId, type TestEnv } from './support.js';

const MINUTE = 60_000;

/** Fields that differ between any two attempts whatever their answers: ids and times. */
const IDS_AND_TIMES = new Set(['id', 'startedAt', 'submittedAt', 'deadline', 'now', 'inProgress']);

function withoutIdsAndTimes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIdsAndTimes);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([key]) => !IDS_AND_TIMES.has(key)).map(([key, v]) => [key, withoutIdsAndTimes(v)]));
  }
  return value;
}

async function configure(env: TestEnv, changes: Record<string, unknown>) {
  const { body: current } = await env.call('GET', `/api/admin/contests/${OPEN}`, { token: ORGANISER_TOKEN });
  const { status: _status, ...rest } = current;
  const response = await env.call('PUT', `/api/admin/contests/${OPEN}`, { token: ORGANISER_TOKEN, json: { ...rest, ...changes } });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
}

/**
 * The attack: two attempts that answer only one question, the same one — wrong the first time,
 * right the second — and everything the contestant can read after each. Every question of the bank
 * is drawn in each attempt, so the probed question is in both.
 */
async function probeOneAnswer(revealScore: 'afterSubmit' | 'afterClose') {
  const env = testEnv();
  const bank = env.db.prepare('SELECT COUNT(*) FROM questions WHERE contest_slug = ? AND retired_at IS NULL').pluck().get(OPEN) as number;
  await configure(env, { revealScore, questionsPerAttempt: bank, maxAttempts: null });
  const { token } = await register(env);
  // The first start is resumed by the first probe: the question is picked from it.
  const probed = (await startAttempt(env, token)).questions[0]!.id;
  const observations = [];
  for (const answer of [wrongOptionId, correctOptionId]) {
    const attempt = await startAttempt(env, token);
    await env.call('PUT', `/api/attempts/${attempt.id}/answers`, { token, json: { answers: { [probed]: answer(env, attempt.id, probed) } } });
    env.clock.advance(MINUTE);
    const submit = await env.call('POST', `/api/attempts/${attempt.id}/submit`, { token, json: { prediction: 100 } });
    expect(submit.status).toBe(200);
    const { questions: _shuffled, answers: _own, ...fetched } = (await env.call('GET', `/api/attempts/${attempt.id}`, { token })).body;
    const me = (await env.call('GET', `/api/contests/${OPEN}/me`, { token })).body;
    const board = (await env.call('GET', `/api/contests/${OPEN}/leaderboard`)).body;
    // `me` lists every attempt so far: compare what it says of this one, and the rest of it.
    const { attempts, ...meRest } = me;
    const thisOne = attempts.find((a: { id: string }) => a.id === attempt.id);
    observations.push(withoutIdsAndTimes({ submit: submit.body, attempt: fetched, me: { ...meRest, thisOne }, board }));
  }
  return { env, token, observations };
}

describe('the score as an oracle for the answer key', () => {
  it('with revealScore afterClose, two attempts differing in one answer read identically apart from ids and times', async () => {
    const { observations } = await probeOneAnswer('afterClose');
    const [wrong, right] = observations as any[];
    expect(right).toEqual(wrong);
    // And what they read is the acknowledgement, not a withheld number.
    expect(wrong.submit).toEqual({ status: 'submitted', received: true, scoreShownAt: expect.any(String) });
    expect(JSON.stringify(wrong)).not.toMatch(/"score"|"rank":\d|"correctOptionId"/);
    expect(wrong.board.entries).toEqual([]);
    expect(wrong.me.best).toBeNull();
  });

  it('with revealScore afterSubmit, the same attack sees the score move (the test can fail)', async () => {
    const { observations } = await probeOneAnswer('afterSubmit');
    const [wrong, right] = observations as any[];
    expect(right).not.toEqual(wrong);
    expect(wrong.submit.score).toBe(0);
    expect(right.submit.score).toBe(1);
    expect(right.board.entries[0].score).toBe(1);
  });

  it('shows every score, rank and the leaderboard once the contest has closed', async () => {
    const { env, token } = await probeOneAnswer('afterClose');
    const { body: contest } = await env.call('GET', `/api/contests/${OPEN}`);
    expect(contest.revealScore).toBe('afterClose');
    env.clock.set(contest.endsAt);
    const board = (await env.call('GET', `/api/contests/${OPEN}/leaderboard`)).body;
    expect(board.provisional).toBe(false);
    expect(board.entries).toHaveLength(1);
    expect(board.entries[0].score).toBe(1);
    expect(board).not.toHaveProperty('scoreShownAt');
    const me = (await env.call('GET', `/api/contests/${OPEN}/me`, { token })).body;
    expect(me.best.score).toBe(1);
    expect(me.rank).toBe(1);
    expect(me.attempts.map((a: { score: number | null }) => a.score).sort()).toEqual([0, 1]);
    const attempt = (await env.call('GET', `/api/attempts/${me.best.id}`, { token })).body;
    expect(attempt).toMatchObject({ status: 'submitted', score: 1 });
    expect(attempt).not.toHaveProperty('received');
  });

  it('with revealScore afterSubmit, erasing and registering again gives no more scored attempts than maxAttempts', async () => {
    const env = testEnv();
    await configure(env, { revealScore: 'afterSubmit', maxAttempts: 2 });
    const scored: number[] = [];
    // A script that erases its registration each time the limit is reached and registers the same ID number again.
    for (let round = 0; round < 3; round++) {
      const registered = await env.call('POST', `/api/contests/${OPEN}/contestants`, { json: person(1) });
      expect(registered.status, JSON.stringify(registered.body)).toBe(201);
      const { token } = registered.body as { token: string };
      for (;;) {
        const started = await env.call('POST', `/api/contests/${OPEN}/attempts`, { token });
        if (started.status === 409) {
          expect(started.body.error.code).toBe('ATTEMPT_LIMIT');
          break;
        }
        expect(started.status, JSON.stringify(started.body)).toBe(201);
        const submit = await env.call('POST', `/api/attempts/${started.body.id}/submit`, { token, json: { answers: {}, prediction: 1 } });
        scored.push(submit.body.score as number);
      }
      expect((await env.call('DELETE', `/api/contests/${OPEN}/me`, { token, json: { confirm: true } })).status).toBe(200);
    }
    expect(scored).toHaveLength(2);
  });

  it('keeps a contest from showing the key at once while its score waits for the close', async () => {
    const env = testEnv();
    const { body: current } = await env.call('GET', `/api/admin/contests/${OPEN}`, { token: ORGANISER_TOKEN });
    const { status: _status, ...rest } = current;
    const before = JSON.stringify(env.db.prepare('SELECT * FROM contests').all());
    const refused = await env.call('PUT', `/api/admin/contests/${OPEN}`, {
      token: ORGANISER_TOKEN,
      json: { ...rest, revealScore: 'afterClose', revealAnswers: 'afterSubmit' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('VALIDATION');
    expect(refused.body.error.fields.revealAnswers).toMatch(/Công bố đáp án/);
    const unknown = await env.call('PUT', `/api/admin/contests/${OPEN}`, { token: ORGANISER_TOKEN, json: { ...rest, revealScore: 'never' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields.revealScore).toMatch(/Công bố điểm/);
    expect(JSON.stringify(env.db.prepare('SELECT * FROM contests').all())).toBe(before);
  });
});
