import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeStores, type StoreEnv } from './store-env.js';
import { OPEN, ORGANISER_TOKEN, register, startAttempt } from './support.js';

/**
 * Every route that writes, with a valid token where it needs one: on PostgreSQL those of the
 * portable store, the console's answering 501 there (decision 0045).
 */
async function writeRoutes(env: StoreEnv) {
  const { token } = await register(env, 1);
  const attempt = await startAttempt(env, token);
  const routes: { method: string; path: string; token?: string }[] = [
    { method: 'POST', path: `/api/contests/${OPEN}/contestants` },
    { method: 'POST', path: `/api/contests/${OPEN}/sessions` },
    { method: 'POST', path: `/api/contests/${OPEN}/attempts`, token },
    { method: 'PUT', path: `/api/attempts/${attempt.id}/answers`, token },
    { method: 'POST', path: `/api/attempts/${attempt.id}/submit`, token },
    { method: 'PUT', path: `/api/admin/contests/${OPEN}`, token: ORGANISER_TOKEN },
    { method: 'POST', path: `/api/admin/contests/${OPEN}/questions`, token: ORGANISER_TOKEN },
    { method: 'PUT', path: `/api/admin/contests/${OPEN}/questions/q001`, token: ORGANISER_TOKEN },
    { method: 'PUT', path: `/api/admin/contests/${OPEN}/units`, token: ORGANISER_TOKEN },
    { method: 'PUT', path: `/api/admin/contests/${OPEN}/exclusions`, token: ORGANISER_TOKEN },
  ].filter((route) => env.kind === 'sqlite' || !route.path.startsWith('/api/admin/'));
  return { env, routes };
}

function expectRefusal(response: { status: number; body: any }) {
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  expect(response.body.error.code).toMatch(/^[A-Z_]+$/);
  expect(response.body.error.message).toMatch(/[àáảãạăâđêôơưếềệộớờợứừự]/i);
  expect(JSON.stringify(response.body)).not.toMatch(/SQLITE|at .*\.ts:|stack/i);
}

const nasty = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom(
    "'; DROP TABLE contestants; --",
    '<script>alert(1)</script>',
    '\u0000',
    '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
    '\u202e',
    'x'.repeat(5000),
    '../../etc/passwd',
  ),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);

const bodies = fc.oneof(
  fc.dictionary(
    fc.constantFrom('fullName', 'birthDate', 'idNumber', 'phone', 'unitId', 'occupation', 'consent', 'answers', 'prediction', 'title', 'startsAt', 'endsAt', 'idNumbers', 'phones', 'topic', 'text', 'options', 'answer', 'zzz'),
    fc.oneof(nasty, fc.array(nasty, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), nasty, { maxKeys: 3 })),
  ),
  fc.array(nasty, { maxLength: 4 }),
  nasty,
);

describeStores('bad input on every writing route', (newEnv) => {
  // A fingerprint of the database before and after each of 400 requests: about 15 ms each on PostgreSQL.
  it('never answers 5xx, always the error shape, and changes nothing (generated bodies)', { timeout: 60_000 }, async () => {
    const { env, routes } = await writeRoutes(await newEnv());
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), bodies, async (route, body) => {
        const before = await env.snapshot();
        const response = await env.call(route.method, route.path, { token: route.token, json: body });
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) {
          expectRefusal(response);
          expect(await env.snapshot()).toBe(before);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('refuses broken JSON, a wrong content type and an empty body with 4xx', async () => {
    const { env, routes } = await writeRoutes(await newEnv());
    const before = await env.snapshot();
    for (const route of routes) {
      const broken = await env.call(route.method, route.path, { token: route.token, body: '{"fullName": ', contentType: 'application/json' });
      expectRefusal(broken);
      const form = await env.call(route.method, route.path, { token: route.token, body: 'a=1&b=2', contentType: 'application/x-www-form-urlencoded' });
      expect(form.status).toBe(415);
      expectRefusal(form);
    }
    expect(await env.snapshot()).toBe(before);
  });

  it('refuses a 10 MB body with 413 and the error shape', async () => {
    const { env, routes } = await writeRoutes(await newEnv());
    const before = await env.snapshot();
    const huge = JSON.stringify({ fullName: 'x'.repeat(10 * 1024 * 1024) });
    for (const route of routes) {
      const response = await env.call(route.method, route.path, { token: route.token, body: huge, contentType: 'application/json' });
      expect(response.status).toBe(413);
      expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    }
    expect(await env.snapshot()).toBe(before);
  });

  it('answers an address no server serves 404 on either store; a console route 501 on PostgreSQL (decision 0045)', async () => {
    const env = await newEnv();
    for (const path of ['/api/khong-co', '/api/admin/khong-co', `/api/admin/contests/${OPEN}/khong-co`, '/api/admin/contests//results']) {
      const response = await env.call('GET', path, { token: ORGANISER_TOKEN });
      expect(response.status, path).toBe(404);
      expect(response.body.error.code, path).toBe('NOT_FOUND');
    }
    // The privacy dossier names the SQLite file it describes: a server on SQLite only.
    const dossier = await env.call('GET', `/api/admin/contests/${OPEN}/privacy-dossier`, { token: ORGANISER_TOKEN });
    expect(dossier.status).toBe(env.kind === 'postgres' ? 501 : 200);
    // A route of a server on SQLite with another method is no route at all.
    expect((await env.call('PATCH', `/api/admin/contests/${OPEN}/privacy-dossier`, { token: ORGANISER_TOKEN, json: {} })).status).toBe(404);
  });

  it('answers odd paths and queries with 4xx, never 5xx', async () => {
    const env = await newEnv();
    const paths = [
      '/api/contests/%E0%A4%A',
      '/api/contests/' + 'a'.repeat(500),
      `/api/contests/${OPEN}/leaderboard?limit=1e309`,
      `/api/contests/${OPEN}/leaderboard?limit=-0`,
      `/api/contests/${OPEN}/leaderboard?other=1`,
      '/api/attempts/..%2F..%2Fetc',
      '/api/attempts/<script>',
      '/api/khong-co',
      '/demo/../../package.json',
      '/demo/%2e%2e/%2e%2e/package.json',
    ];
    for (const path of paths) {
      const response = await env.call('GET', path);
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.status, path).toBeLessThan(500);
    }
  });
});
