import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeStores, type StoreEnv, type StoreEnvOptions } from './store-env.js';
import { OPEN, register } from './support.js';

/** The challenge ON, as in production, with a difficulty small enough to solve here at once. */
const withChallenge = (newEnv: (options?: StoreEnvOptions) => Promise<StoreEnv>, options: StoreEnvOptions = {}) =>
  newEnv({ ...options, env: { ATTEMPT_CHALLENGE: 'on', CHALLENGE_MAX_NUMBER: '2000' } });

async function solved(env: StoreEnv) {
  const { body } = await env.call('GET', `/api/contests/${OPEN}/challenge`);
  for (let number = 0; number <= body.maxnumber; number++) {
    if (createHash('sha256').update(body.salt + number).digest('hex') === body.challenge) {
      return { algorithm: body.algorithm as string, challenge: body.challenge as string, number, salt: body.salt as string, signature: body.signature as string };
    }
  }
  throw new Error('unsolvable challenge');
}

const start = (env: StoreEnv, token: string, challenge: unknown) => env.call('POST', `/api/contests/${OPEN}/attempts`, { token, json: { challenge } });

describeStores('a spent proof of work, spelled another way', (newEnv) => {
  it('is refused: salt without its trailing "&", as an object or in base64, for its owner or anyone else', async () => {
    const env = await withChallenge(newEnv);
    const solution = await solved(env);
    const { token } = await register(env, 1);
    const first = await start(env, token, solution);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect((await env.call('POST', `/api/attempts/${first.body.id}/submit`, { token, json: { prediction: 1 } })).status).toBe(200);

    const variants = [
      { ...solution, salt: solution.salt.replace(/&$/, '') },
      Buffer.from(JSON.stringify({ ...solution, salt: solution.salt.replace(/&$/, '') })).toString('base64'),
    ];
    expect(solution.salt.endsWith('&')).toBe(true);
    const { token: other } = await register(env, 2);
    const before = await env.snapshot();
    for (const variant of variants) {
      for (const who of [token, other]) {
        const refused = await start(env, who, variant);
        expect(refused.status, JSON.stringify(refused.body)).toBe(400);
        expect(refused.body.error.code).toBe('VALIDATION');
        expect(refused.body.error.fields).toEqual({ challenge: expect.stringMatching(/đã được dùng/) });
      }
    }
    expect(await env.snapshot()).toBe(before);
  });

  it('a variant spent first makes the original refused too', async () => {
    const env = await withChallenge(newEnv);
    const solution = await solved(env);
    const { token } = await register(env, 1);
    const { token: other } = await register(env, 2);
    expect((await start(env, token, { ...solution, salt: solution.salt.replace(/&$/, '') })).status).toBe(201);
    const refused = await start(env, other, solution);
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields.challenge).toMatch(/đã được dùng/);
  });
});
