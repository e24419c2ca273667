import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { describeStores, type StoreEnv, type StoreEnvOptions } from './store-env.js';
import { CLOSED, OPEN, ORGANISER_TOKEN, register, type TestEnv } from './support.js';

/** The challenge ON, as in production, with a small difficulty so tests solve it at once. */
const withChallenge = (newEnv: (options?: StoreEnvOptions) => Promise<StoreEnv>, options: StoreEnvOptions = {}) =>
  newEnv({ ...options, env: { ATTEMPT_CHALLENGE: 'on', CHALLENGE_MAX_NUMBER: '2000' } });

async function solvedChallenge(env: StoreEnv, slug = OPEN) {
  const { status, body } = await env.call('GET', `/api/contests/${slug}/challenge`);
  expect(status).toBe(200);
  for (let number = 0; number <= body.maxnumber; number++) {
    if (createHash('sha256').update(body.salt + number).digest('hex') === body.challenge) {
      return { algorithm: body.algorithm, challenge: body.challenge, number, salt: body.salt, signature: body.signature };
    }
  }
  throw new Error('unsolvable challenge');
}

const start = (env: StoreEnv, token: string, json?: unknown) => env.call('POST', `/api/contests/${OPEN}/attempts`, { token, json });

function expectChallengeRefused(response: { status: number; body: any }, message: RegExp) {
  expect(response.status).toBe(400);
  expect(response.body.error.code).toBe('VALIDATION');
  expect(Object.keys(response.body.error.fields)).toEqual(['challenge']);
  expect(response.body.error.fields.challenge).toMatch(message);
}

async function submit(env: StoreEnv, token: string, attemptId: string) {
  const response = await env.call('POST', `/api/attempts/${attemptId}/submit`, { token, json: { prediction: 1 } });
  expect(response.status).toBe(200);
}

describeStores('proof of work before an attempt starts (ATTEMPT_CHALLENGE on)', (newEnv) => {
  it('hands out a signed SHA-256 challenge bound to the contest, to anyone, without a token', async () => {
    const env = await withChallenge(newEnv);
    const { status, body, headers } = await env.call('GET', `/api/contests/${OPEN}/challenge`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ algorithm: 'SHA-256', maxnumber: 2000, required: true });
    expect(body.salt).toContain(`contest=${OPEN}`);
    expect(body.salt).toMatch(/expires=\d+/);
    expect(headers.get('cache-control')).toBe('no-store');
    expect((await env.call('GET', '/api/contests/khong-co-cuoc-thi/challenge')).status).toBe(404);
  });

  it('accepts a valid solution once, as an object or in base64', async () => {
    const env = await withChallenge(newEnv);
    const { token } = await register(env, 1);
    const first = await start(env, token, { source: 'baothaibinh.com.vn', challenge: await solvedChallenge(env) });
    expect(first.status).toBe(201);
    await submit(env, token, first.body.id);
    const base64 = Buffer.from(JSON.stringify(await solvedChallenge(env))).toString('base64');
    const second = await start(env, token, { challenge: base64 });
    expect(second.status).toBe(201);
    expect(second.body.id).not.toBe(first.body.id);
  });

  it('refuses a reused solution, changing nothing', async () => {
    const env = await withChallenge(newEnv);
    const { token } = await register(env, 1);
    const { token: other } = await register(env, 2);
    const solution = await solvedChallenge(env);
    const first = await start(env, token, { challenge: solution });
    expect(first.status).toBe(201);
    await submit(env, token, first.body.id);
    const before = await env.snapshot();
    expectChallengeRefused(await start(env, token, { challenge: solution }), /đã được dùng/);
    expectChallengeRefused(await start(env, other, { challenge: solution }), /đã được dùng/);
    expect(await env.snapshot()).toBe(before);
  });

  it('refuses a wrong number', async () => {
    const env = await withChallenge(newEnv);
    const { token } = await register(env, 1);
    const solution = await solvedChallenge(env);
    const before = await env.snapshot();
    expectChallengeRefused(await start(env, token, { challenge: { ...solution, number: solution.number + 1 } }), /không đúng/);
    expectChallengeRefused(await start(env, token, { challenge: { ...solution, signature: '0'.repeat(64) } }), /không đúng/);
    expectChallengeRefused(await start(env, token, { challenge: 'bm90IGEgc29sdXRpb24=' }), /không đúng/);
    expect(await env.snapshot()).toBe(before);
    expect((await start(env, token, { challenge: solution })).status).toBe(201);
  });

  it('refuses a solution past its 10 minutes', async () => {
    const env = await withChallenge(newEnv);
    const { token } = await register(env, 1);
    const solution = await solvedChallenge(env);
    env.clock.advance(10 * 60_000 + 1000);
    expectChallengeRefused(await start(env, token, { challenge: solution }), /hết hạn/);
  });

  it("refuses another contest's challenge", async () => {
    const env = await withChallenge(newEnv);
    const { token } = await register(env, 1);
    expectChallengeRefused(await start(env, token, { challenge: await solvedChallenge(env, CLOSED) }), /không dành cho cuộc thi này/);
  });

  it('refuses a start without a solution, naming the challenge field in Vietnamese', async () => {
    const env = await withChallenge(newEnv);
    const { token } = await register(env, 1);
    const before = await env.snapshot();
    expectChallengeRefused(await start(env, token), /xác minh/);
    expectChallengeRefused(await start(env, token, { source: 'baothaibinh.com.vn' }), /xác minh/);
    const wrongShape = await start(env, token, { challenge: 42 });
    expect(wrongShape.status).toBe(400);
    expect(wrongShape.body.error.fields.challenge).toMatch(/Xác minh/);
    expect(await env.snapshot()).toBe(before);
  });

  it('resumes an attempt in progress without a new challenge', async () => {
    const env = await withChallenge(newEnv);
    const { token } = await register(env, 1);
    const first = await start(env, token, { challenge: await solvedChallenge(env) });
    expect(first.status).toBe(201);
    const resumed = await start(env, token);
    expect(resumed.status).toBe(200);
    expect(resumed.body.id).toBe(first.body.id);
  });

  it('still says when no try is left, and spends no solution on it', async () => {
    const env = await withChallenge(newEnv, {
      prepare: async (console: TestEnv) => {
        const { body: contest } = await console.call('GET', `/api/admin/contests/${OPEN}`, { token: ORGANISER_TOKEN });
        const { status: _status, ...rest } = contest;
        expect((await console.call('PUT', `/api/admin/contests/${OPEN}`, { token: ORGANISER_TOKEN, json: { ...rest, maxAttempts: 1 } })).status).toBe(200);
      },
    });
    const { token } = await register(env, 1);
    const first = await start(env, token, { challenge: await solvedChallenge(env) });
    await submit(env, token, first.body.id);
    const solution = await solvedChallenge(env);
    expect((await start(env, token, { challenge: solution })).body.error.code).toBe('ATTEMPT_LIMIT');
    const { token: other } = await register(env, 2);
    expect((await start(env, other, { challenge: solution })).status).toBe(201);
  });

  it('purges spent solutions once they have expired', async () => {
    const env = await withChallenge(newEnv);
    const { token } = await register(env, 1);
    const first = await start(env, token, { challenge: await solvedChallenge(env) });
    await submit(env, token, first.body.id);
    const spent = async () => (await env.query<{ n: number }>('SELECT COUNT(*) AS n FROM spent_challenges'))[0]!.n;
    expect(await spent()).toBe(1);
    env.clock.advance(11 * 60_000);
    expect((await start(env, token, { challenge: await solvedChallenge(env) })).status).toBe(201);
    expect(await spent()).toBe(1);
  });

  it('is not asked when ATTEMPT_CHALLENGE=off (the test default)', async () => {
    const env = await newEnv();
    const { token } = await register(env, 1);
    expect((await start(env, token)).status).toBe(201);
    // …and the challenge answer says so, so the widget skips the proof of work (plain-http pages).
    expect((await env.call('GET', `/api/contests/${OPEN}/challenge`)).body.required).toBe(false);
  });
});

describe('challenge configuration', () => {
  it('is required by default, with a random key per process unless CHALLENGE_KEY is set', async () => {
    const { configFromEnv } = await import('../src/config.js');
    const config = configFromEnv({});
    expect(config.challenge).toMatchObject({ required: true, maxNumber: 50_000 });
    expect(config.challenge.key).toHaveLength(64);
    expect(configFromEnv({}).challenge.key).not.toBe(config.challenge.key);
    const shared = 'khoa-dung-chung-cho-moi-may-chu-0123456789';
    expect(configFromEnv({ CHALLENGE_KEY: shared, CHALLENGE_MAX_NUMBER: '80000' }).challenge).toEqual({ required: true, key: shared, maxNumber: 80_000 });
    expect(configFromEnv({ ATTEMPT_CHALLENGE: 'off' }).challenge.required).toBe(false);
    expect(() => configFromEnv({ CHALLENGE_KEY: 'ngan' })).toThrow(/CHALLENGE_KEY/);
    expect(() => configFromEnv({ CHALLENGE_MAX_NUMBER: '0' })).toThrow(/CHALLENGE_MAX_NUMBER/);
  });
});
