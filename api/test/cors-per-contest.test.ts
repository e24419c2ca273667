import { describe, expect, it } from 'vitest';
import { smallContest } from './admin-support.js';
import { OPEN, ORGANISER_TOKEN, register, startAttempt, testEnv, type TestEnv } from './support.js';

const B = 'cuoc-thi-khong-mo-cors';
const STRANGER = 'https://trang-la.example';

/** Contest A (the demo contest) lets every origin embed it; contest B lets none. */
async function twoContests(env: TestEnv) {
  const { body: current } = await env.call('GET', `/api/admin/contests/${OPEN}`, { token: ORGANISER_TOKEN });
  const { status: _status, ...settings } = current;
  void _status;
  const saved = await env.call('PUT', `/api/admin/contests/${OPEN}`, { token: ORGANISER_TOKEN, json: { ...settings, allowedOrigins: ['*'] } });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  await smallContest(env, B, 4, 2);
  const a = await register(env, 1);
  const b = await register(env, 2, {}, B);
  return { a: { ...a, attempt: await startAttempt(env, a.token) }, b: { ...b, attempt: await startAttempt(env, b.token, B) } };
}

const allowOrigin = async (env: TestEnv, path: string, init: RequestInit = {}) => {
  const response = await env.app.request(path, { ...init, headers: { origin: STRANGER, ...(init.headers as Record<string, string>) } });
  return response.headers.get('access-control-allow-origin');
};

const preflight = (method: string, headers = 'content-type,authorization') => ({
  method: 'OPTIONS',
  headers: { 'access-control-request-method': method, 'access-control-request-headers': headers },
});

describe("a contest's allowedOrigins open that contest's routes only", () => {
  it('an unknown origin gets CORS headers on the routes of the contest with "*", and not on the other contest\'s', async () => {
    const env = testEnv();
    const { a, b } = await twoContests(env);
    const auth = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

    // Contest A: "*".
    expect(await allowOrigin(env, `/api/contests/${OPEN}`)).toBe(STRANGER);
    expect(await allowOrigin(env, `/api/contests/${OPEN}/leaderboard`)).toBe(STRANGER);
    expect(await allowOrigin(env, `/api/contests/${OPEN}/contestants`, preflight('POST'))).toBe(STRANGER);
    expect(await allowOrigin(env, `/api/attempts/${a.attempt.id}`, auth(a.token))).toBe(STRANGER);
    expect(await allowOrigin(env, `/api/attempts/${a.attempt.id}/answers`, preflight('PUT'))).toBe(STRANGER);

    // Contest B: nothing, though A allows every origin.
    expect(await allowOrigin(env, `/api/contests/${B}`)).toBeNull();
    expect(await allowOrigin(env, `/api/contests/${B}/leaderboard`)).toBeNull();
    expect(await allowOrigin(env, `/api/contests/${B}/contestants`, preflight('POST'))).toBeNull();
    expect(await allowOrigin(env, `/api/attempts/${b.attempt.id}`, auth(b.token))).toBeNull();
    expect(await allowOrigin(env, `/api/attempts/${b.attempt.id}/answers`, preflight('PUT'))).toBeNull();

    // Routes of no contest, and unknown contests or attempts: nothing.
    expect(await allowOrigin(env, '/api/health')).toBeNull();
    expect(await allowOrigin(env, '/api/contests/khong-co-cuoc-thi')).toBeNull();
    expect(await allowOrigin(env, '/api/attempts/khong-co-luot-thi', preflight('PUT'))).toBeNull();
    expect(await allowOrigin(env, '/api/contests/%E0%A4%A/units')).toBeNull();
  });

  it("a contest's listed origin opens that contest, not another", async () => {
    const env = testEnv();
    await smallContest(env, B, 4, 2, { allowedOrigins: ['https://thaibinhtv.vn'] });
    const from = (path: string) => env.app.request(path, { headers: { origin: 'https://thaibinhtv.vn' } });
    expect((await from(`/api/contests/${B}`)).headers.get('access-control-allow-origin')).toBe('https://thaibinhtv.vn');
    expect((await from(`/api/contests/${OPEN}`)).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('ALLOWED_ORIGINS stays global: every contest and attempt route', async () => {
    const env = testEnv({ env: { ALLOWED_ORIGINS: STRANGER } });
    const { b } = await twoContests(env);
    expect(await allowOrigin(env, `/api/contests/${B}`)).toBe(STRANGER);
    expect(await allowOrigin(env, `/api/attempts/${b.attempt.id}/answers`, preflight('PUT'))).toBe(STRANGER);
    expect(await allowOrigin(env, '/api/health')).toBe(STRANGER);
  });

  it('admin routes never get CORS headers, even from an origin a contest allows with "*"', async () => {
    const env = testEnv();
    await twoContests(env);
    expect(await allowOrigin(env, `/api/admin/contests/${OPEN}`, { headers: { authorization: `Bearer ${ORGANISER_TOKEN}` } })).toBeNull();
  });
});

describe('embed-check: a page learns whether it may embed a contest (decision 0034)', () => {
  const check = (env: TestEnv, slug: string, query: string, origin = STRANGER) =>
    env.app.request(`/api/contests/${slug}/embed-check${query}`, { headers: { origin } });

  it('answers any page, allowed or not, with whether the origin is allowed', async () => {
    const env = testEnv();
    await smallContest(env, B, 4, 2, { allowedOrigins: ['https://thaibinhtv.vn'] });
    const refused = await check(env, B, `?origin=${encodeURIComponent(STRANGER)}`);
    expect(refused.status).toBe(200);
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
    expect(await refused.json()).toEqual({ origin: STRANGER, allowed: false });
    const allowed = await check(env, B, '?origin=https://thaibinhtv.vn', 'https://thaibinhtv.vn');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://thaibinhtv.vn');
    expect(await allowed.json()).toEqual({ origin: 'https://thaibinhtv.vn', allowed: true });
  });

  it('counts ALLOWED_ORIGINS too, and refuses a missing origin naming the field', async () => {
    const env = testEnv({ env: { ALLOWED_ORIGINS: STRANGER } });
    await smallContest(env, B, 4, 2);
    expect(await (await check(env, B, `?origin=${encodeURIComponent(STRANGER)}`)).json()).toEqual({ origin: STRANGER, allowed: true });
    const missing = await check(env, B, '');
    expect(missing.status).toBe(400);
    const body = await missing.json();
    expect(body.error.code).toBe('VALIDATION');
    expect(Object.keys(body.error.fields)).toEqual(['origin']);
    expect((await check(env, 'khong-co-cuoc-thi', '?origin=https://a.vn')).status).toBe(404);
  });
});
