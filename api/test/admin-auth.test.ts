import { describe, expect, it } from 'vitest';
import { revokeAdminTokens } from '../src/db/admin.js';
import { THAI_BINH_UNITS } from '../src/seed/demo.js';
import { admin, contestantWithScore, expectError, jsonQuestion } from './admin-support.js';
import { JURY_TOKEN, OPEN, ORGANISER_TOKEN, register, snapshot, testEnv } from './support.js';

/** Every organiser route, with a body that an organiser's token gets accepted. */
const READS: { path: string; status?: number }[] = [
  { path: '/api/admin/contests' },
  { path: `/api/admin/contests/${OPEN}` },
  { path: `/api/admin/contests/${OPEN}/questions` },
  { path: `/api/admin/contests/${OPEN}/units` },
  { path: `/api/admin/contests/${OPEN}/exclusions` },
  { path: `/api/admin/contests/${OPEN}/ranking?format=json` },
  { path: `/api/admin/contests/${OPEN}/ranking?format=csv` },
  { path: '/api/admin/audit' },
];

const WRITES: { method: string; path: string; json: unknown; status: number }[] = [
  {
    method: 'PUT',
    path: `/api/admin/contests/${OPEN}`,
    json: { title: 'Cuộc thi tìm hiểu Đề án 06', startsAt: '2026-11-01T03:00:00Z', endsAt: '2027-01-01T03:00:00Z' },
    status: 200,
  },
  { method: 'PUT', path: '/api/admin/contests/thi-moi-2027', json: { title: 'Cuộc thi mới', startsAt: '2027-01-01T03:00:00Z', endsAt: '2027-02-01T03:00:00Z' }, status: 201 },
  { method: 'POST', path: `/api/admin/contests/${OPEN}/questions`, json: [jsonQuestion(1)], status: 200 },
  { method: 'PUT', path: `/api/admin/contests/${OPEN}/questions/q001`, json: jsonQuestion(2), status: 200 },
  { method: 'DELETE', path: `/api/admin/contests/${OPEN}/questions/q002`, json: undefined, status: 200 },
  { method: 'PUT', path: `/api/admin/contests/${OPEN}/units`, json: THAI_BINH_UNITS, status: 200 },
  { method: 'PUT', path: `/api/admin/contests/${OPEN}/exclusions`, json: { idNumbers: ['034090000999'], phones: ['0912000999'] }, status: 200 },
];

const ALL = [...READS.map((r) => ({ method: 'GET', path: r.path, json: undefined as unknown })), ...WRITES];

const request = (env: ReturnType<typeof testEnv>, route: { method: string; path: string; json: unknown }, headers: Record<string, string>) =>
  env.call(route.method, route.path, { headers, ...(route.json === undefined ? {} : { json: route.json }) });

describe('organiser routes refuse callers without a valid organiser or jury token', () => {
  const badAuthorizations: [string, Record<string, string>][] = [
    ['no Authorization header', {}],
    ['an empty bearer', { authorization: 'Bearer ' }],
    ['a malformed token', { authorization: 'Bearer not a token!' }],
    ['another scheme', { authorization: `Basic ${ORGANISER_TOKEN}` }],
    ['an unknown well-formed token', { authorization: 'Bearer ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ' }],
  ];

  for (const route of ALL) {
    it(`${route.method} ${route.path}: 401 UNAUTHORIZED for missing, malformed and unknown tokens, nothing changed`, async () => {
      const env = testEnv();
      const before = snapshot(env.db);
      for (const [, headers] of badAuthorizations) {
        const error = expectError(await request(env, route, headers), 401, 'UNAUTHORIZED');
        expect(error.message).toContain('Ban Tổ chức');
      }
      expect(snapshot(env.db)).toBe(before);
    });

    it(`${route.method} ${route.path}: a contestant's token is not an organiser token (401)`, async () => {
      const env = testEnv();
      const { token } = await register(env, 1);
      const before = snapshot(env.db);
      expectError(await request(env, route, { authorization: `Bearer ${token}` }), 401, 'UNAUTHORIZED');
      expect(snapshot(env.db)).toBe(before);
    });
  }

  it('a revoked organiser token is refused on reads and writes', async () => {
    const env = testEnv();
    revokeAdminTokens(env.db, 'Ban Tổ chức', env.clock.now());
    expectError(await admin(env, 'GET', '/contests'), 401, 'UNAUTHORIZED');
    const before = snapshot(env.db);
    expectError(await request(env, WRITES[0]!, { authorization: `Bearer ${ORGANISER_TOKEN}` }), 401, 'UNAUTHORIZED');
    expect(snapshot(env.db)).toBe(before);
  });
});

describe('the jury reads everything and changes nothing', () => {
  for (const route of READS) {
    it(`GET ${route.path}: jury and organiser both read it`, async () => {
      const env = testEnv();
      for (const token of [JURY_TOKEN, ORGANISER_TOKEN]) {
        const response = await env.call('GET', route.path, { token });
        expect(response.status, JSON.stringify(response.body)).toBe(200);
      }
    });
  }

  for (const route of WRITES) {
    it(`${route.method} ${route.path}: jury gets 403 FORBIDDEN and nothing changes; organiser gets ${route.status}`, async () => {
      const env = testEnv();
      const before = snapshot(env.db);
      const error = expectError(await request(env, route, { authorization: `Bearer ${JURY_TOKEN}` }), 403, 'FORBIDDEN');
      expect(error.message).toContain('Ban Giám khảo');
      expect(snapshot(env.db)).toBe(before);

      const response = await request(env, route, { authorization: `Bearer ${ORGANISER_TOKEN}` });
      expect(response.status, JSON.stringify(response.body)).toBe(route.status);
      expect(snapshot(env.db)).not.toBe(before);
    });
  }

  it('jury refusals are not audited as changes; organiser writes are, under the organiser name', async () => {
    const env = testEnv();
    await request(env, WRITES[0]!, { authorization: `Bearer ${JURY_TOKEN}` });
    expect((await admin(env, 'GET', '/audit', undefined, JURY_TOKEN)).body).toEqual([]);
    await request(env, WRITES[0]!, { authorization: `Bearer ${ORGANISER_TOKEN}` });
    const audit = (await admin(env, 'GET', '/audit', undefined, JURY_TOKEN)).body;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'Ban Tổ chức', action: 'contest.update', target: OPEN });
  });
});

describe('CORS: contestant routes for allowed origins only, organiser routes never', () => {
  const HOST_SITE = 'https://baothaibinh.com.vn';
  const OTHER_SITE = 'https://trang-la.example';

  async function envWithHostSite(env = testEnv()) {
    const current = (await admin(env, 'GET', `/contests/${OPEN}`)).body;
    const { status: _status, ...contest } = current;
    const saved = await admin(env, 'PUT', `/contests/${OPEN}`, { ...contest, allowedOrigins: [HOST_SITE] });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    return env;
  }

  it('a contest that lists a host site lets that site, and only it, call contestant routes', async () => {
    const env = await envWithHostSite();
    const allowed = await env.call('GET', `/api/contests/${OPEN}`, { headers: { origin: HOST_SITE } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(HOST_SITE);

    const other = await env.call('GET', `/api/contests/${OPEN}`, { headers: { origin: OTHER_SITE } });
    expect(other.status).toBe(200);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();

    const preflight = await env.call('OPTIONS', `/api/contests/${OPEN}/contestants`, {
      headers: { origin: HOST_SITE, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(HOST_SITE);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('a host site is not allowed before an organiser lists it', async () => {
    const env = testEnv();
    const response = await env.call('GET', `/api/contests/${OPEN}`, { headers: { origin: HOST_SITE } });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('organiser routes answer no CORS headers, even to a listed host site or with ALLOWED_ORIGINS=*', async () => {
    for (const env of [await envWithHostSite(), await envWithHostSite(testEnv({ env: { ALLOWED_ORIGINS: '*' } }))]) {
      for (const route of READS) {
        const response = await env.call('GET', route.path, { token: ORGANISER_TOKEN, headers: { origin: HOST_SITE } });
        expect(response.status).toBe(200);
        expect(response.headers.get('access-control-allow-origin'), route.path).toBeNull();
        expect(response.headers.get('access-control-allow-credentials')).toBeNull();
      }
      const preflight = await env.call('OPTIONS', `/api/admin/contests/${OPEN}`, {
        headers: { origin: HOST_SITE, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
    }
  });

  it('ALLOWED_ORIGINS from the environment is honoured on contestant routes', async () => {
    const env = testEnv({ env: { ALLOWED_ORIGINS: 'https://thaibinh.gov.vn, https://thaibinhtv.vn' } });
    const response = await env.call('GET', `/api/contests/${OPEN}/units`, { headers: { origin: 'https://thaibinhtv.vn' } });
    expect(response.headers.get('access-control-allow-origin')).toBe('https://thaibinhtv.vn');
  });
});

describe('the other organiser routes (stats, exports, report, results, voids, grants) follow the same rules', () => {
  async function withAttempt() {
    const env = testEnv();
    const done = await contestantWithScore(env, 1, 4);
    return { env, ...done };
  }

  const readPaths = [
    `/api/admin/contests/${OPEN}/stats`,
    `/api/admin/contests/${OPEN}/attempts?format=csv`,
    `/api/admin/contests/${OPEN}/contestants?format=csv`,
    `/api/admin/contests/${OPEN}/report`,
  ];

  it('reads: 401 without a valid organiser token (contestant tokens included); the jury and organiser read them', async () => {
    const { env, token } = await withAttempt();
    for (const path of readPaths) {
      expectError(await env.call('GET', path), 401, 'UNAUTHORIZED');
      expectError(await env.call('GET', path, { token }), 401, 'UNAUTHORIZED');
      for (const reader of [JURY_TOKEN, ORGANISER_TOKEN]) {
        const response = await env.call('GET', path, { token: reader });
        expect(response.status, `${path}: ${JSON.stringify(response.body).slice(0, 200)}`).toBe(200);
        expect(response.headers.get('access-control-allow-origin')).toBeNull();
      }
    }
  });

  it('computing results without publishing is a read; publishing is a write the jury may not do', async () => {
    const { env, token } = await withAttempt();
    const path = `/api/admin/contests/${OPEN}/results`;
    expectError(await env.call('POST', path, { json: {} }), 401, 'UNAUTHORIZED');
    expectError(await env.call('POST', path, { token, json: {} }), 401, 'UNAUTHORIZED');
    expect((await env.call('POST', path, { token: JURY_TOKEN, json: {} })).status).toBe(200);
    const before = snapshot(env.db);
    expectError(await env.call('POST', path, { token: JURY_TOKEN, json: { publish: true } }), 403, 'FORBIDDEN');
    expectError(await env.call('POST', path, { json: { publish: true } }), 401, 'UNAUTHORIZED');
    expect(snapshot(env.db)).toBe(before);
    expect((await env.call('POST', path, { token: ORGANISER_TOKEN, json: { publish: true } })).status).toBe(200);
  });

  it('voids and grants: 401 without an organiser token, 403 for the jury, nothing changed; the organiser may', async () => {
    const { env, token, attemptId, contestantId } = await withAttempt();
    const writes = [
      { path: `/api/admin/attempts/${attemptId}/void`, json: { reason: 'Lỗi kỹ thuật đã được xác minh' } },
      { path: `/api/admin/contests/${OPEN}/contestants/${contestantId}/grants`, json: { attempts: 1, reason: 'Mất kết nối do sự cố máy chủ' } },
    ];
    const before = snapshot(env.db);
    for (const { path, json } of writes) {
      expectError(await env.call('POST', path, { json }), 401, 'UNAUTHORIZED');
      expectError(await env.call('POST', path, { token, json }), 401, 'UNAUTHORIZED');
      expectError(await env.call('POST', path, { token: JURY_TOKEN, json }), 403, 'FORBIDDEN');
    }
    expect(snapshot(env.db)).toBe(before);
    for (const { path, json } of writes) {
      const response = await env.call('POST', path, { token: ORGANISER_TOKEN, json });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
    }
  });
});
