/**
 * Contestant sessions: tokens stop working some days after the contest's end, signing out ends the
 * token it is called with, and a sign-in may end the person's other sessions.
 */
import { expect, it } from 'vitest';
import { expectError } from './admin-support.js';
import { describeStores, type StoreEnv } from './store-env.js';
import { OPEN, person, register, startAttempt } from './support.js';

const me = (env: StoreEnv, token: string) => env.call('GET', `/api/contests/${OPEN}/me`, { token });
const signOut = (env: StoreEnv, token?: string, slug = OPEN) => env.call('DELETE', `/api/contests/${slug}/sessions`, token ? { token } : {});
const signIn = (env: StoreEnv, n: number, extra: Record<string, unknown> = {}) =>
  env.call('POST', `/api/contests/${OPEN}/sessions`, { json: { idNumber: person(n).idNumber, phone: person(n).phone, birthDate: person(n).birthDate, ...extra } });

async function contestEnd(env: StoreEnv): Promise<number> {
  return Date.parse((await env.call('GET', `/api/contests/${OPEN}`)).body.endsAt);
}

describeStores('contestant token lifetime', (newEnv) => {
  it('works until 30 days after the contest ends by default, then answers 401 UNAUTHORIZED', async () => {
    const env = await newEnv();
    const { token } = await register(env, 1);
    const attempt = await startAttempt(env, token);
    const endsAt = await contestEnd(env);

    env.clock.set(new Date(endsAt + 30 * 86_400_000 - 1000));
    expect((await me(env, token)).status).toBe(200);
    expect((await env.call('GET', `/api/attempts/${attempt.id}`, { token })).status).toBe(200);

    env.clock.set(new Date(endsAt + 30 * 86_400_000));
    const expired = expectError(await me(env, token), 401, 'UNAUTHORIZED');
    expect(expired.message).toMatch(/hết hạn/);
    expectError(await env.call('GET', `/api/attempts/${attempt.id}`, { token }), 401, 'UNAUTHORIZED');
    expectError(await env.call('PUT', `/api/attempts/${attempt.id}/answers`, { token, json: { answers: {} } }), 401, 'UNAUTHORIZED');
    expectError(await env.call('POST', `/api/attempts/${attempt.id}/submit`, { token, json: { prediction: 1 } }), 401, 'UNAUTHORIZED');
  });

  it('follows CONTESTANT_TOKEN_DAYS_AFTER_END', async () => {
    const env = await newEnv({ env: { CONTESTANT_TOKEN_DAYS_AFTER_END: '2' } });
    const { token } = await register(env, 1);
    const endsAt = await contestEnd(env);
    env.clock.set(new Date(endsAt + 2 * 86_400_000 - 1));
    expect((await me(env, token)).status).toBe(200);
    env.clock.set(new Date(endsAt + 2 * 86_400_000));
    expectError(await me(env, token), 401, 'UNAUTHORIZED');
  });

  it('refuses a setting that is not a whole number of days', async () => {
    await expect(newEnv({ env: { CONTESTANT_TOKEN_DAYS_AFTER_END: '-1' } })).rejects.toThrow(/CONTESTANT_TOKEN_DAYS_AFTER_END/);
    await expect(newEnv({ env: { CONTESTANT_TOKEN_DAYS_AFTER_END: 'mãi mãi' } })).rejects.toThrow(/CONTESTANT_TOKEN_DAYS_AFTER_END/);
  });
});

describeStores('signing out', (newEnv) => {
  it('ends the token it is called with and no other', async () => {
    const env = await newEnv();
    const first = await register(env, 1);
    const second = await signIn(env, 1);
    expect(second.status).toBe(200);

    const out = await signOut(env, first.token);
    expect(out.status).toBe(204);
    expectError(await me(env, first.token), 401, 'UNAUTHORIZED');
    expect((await me(env, second.body.token)).status).toBe(200);
    // A second sign-out with the ended token is refused, and writes nothing.
    const before = await env.snapshot();
    expectError(await signOut(env, first.token), 401, 'UNAUTHORIZED');
    expect(await env.snapshot()).toBe(before);
  });

  it('can be called from a host site: the preflight allows DELETE with the token header', async () => {
    const env = await newEnv({ env: { ALLOWED_ORIGINS: 'https://baothaibinh.com.vn' } });
    const { token } = await register(env, 1);
    const preflight = await env.app.request(`/api/contests/${OPEN}/sessions`, {
      method: 'OPTIONS',
      headers: { origin: 'https://baothaibinh.com.vn', 'access-control-request-method': 'DELETE', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')?.split(',')).toContain('DELETE');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const out = await env.app.request(`/api/contests/${OPEN}/sessions`, {
      method: 'DELETE',
      headers: { origin: 'https://baothaibinh.com.vn', authorization: `Bearer ${token}` },
    });
    expect(out.status).toBe(204);
    expect(out.headers.get('access-control-allow-origin')).toBe('https://baothaibinh.com.vn');
  });

  it('refuses without a token, with a junk token, or with a token of another contest, writing nothing', async () => {
    const env = await newEnv();
    const { token } = await register(env, 1);
    const before = await env.snapshot();
    expectError(await signOut(env), 401, 'UNAUTHORIZED');
    expectError(await env.call('DELETE', `/api/contests/${OPEN}/sessions`, { headers: { authorization: 'Bearer ' + 'x'.repeat(43) } }), 401, 'UNAUTHORIZED');
    expectError(await signOut(env, token, 'thai-binh-2023'), 401, 'UNAUTHORIZED');
    expect(await env.snapshot()).toBe(before);
    expect((await me(env, token)).status).toBe(200);
  });
});

describeStores('ending the other sessions at sign-in', (newEnv) => {
  it('keeps other sessions by default and ends them all with endOtherSessions: true', async () => {
    const env = await newEnv();
    const first = await register(env, 1);
    const second = await signIn(env, 1);
    expect(second.body.endedSessions).toBe(0);
    expect((await me(env, first.token)).status).toBe(200);

    const third = await signIn(env, 1, { endOtherSessions: true });
    expect(third.status).toBe(200);
    expect(third.body.endedSessions).toBe(2);
    expectError(await me(env, first.token), 401, 'UNAUTHORIZED');
    expectError(await me(env, second.body.token), 401, 'UNAUTHORIZED');
    expect((await me(env, third.body.token)).status).toBe(200);
  });

  it('ends nothing when the sign-in is refused, and validates the flag', async () => {
    const env = await newEnv();
    const first = await register(env, 1);
    const wrong = await signIn(env, 1, { birthDate: '1990-05-18', endOtherSessions: true });
    expectError(wrong, 401, 'UNAUTHORIZED');
    expect((await me(env, first.token)).status).toBe(200);
    const before = await env.snapshot();
    const bad = expectError(await signIn(env, 1, { endOtherSessions: 'có' }), 400, 'VALIDATION');
    expect(Object.keys(bad.fields ?? {})).toEqual(['endOtherSessions']);
    expect(await env.snapshot()).toBe(before);
  });
});
