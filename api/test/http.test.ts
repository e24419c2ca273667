import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connection.js';
import { getContest, saveContest } from '../src/db/contests.js';
import { seedDemoContests } from '../src/seed/demo.js';
import { appEnv, OPEN, ORGANISER_TOKEN, person, register, startAttempt, TestClock, testEnv } from './support.js';

function projectWithWidget(): string {
  const root = mkdtempSync(join(tmpdir(), 'quiz-static-'));
  mkdirSync(join(root, 'dist', 'widget'), { recursive: true });
  mkdirSync(join(root, 'demo'));
  mkdirSync(join(root, 'site'));
  writeFileSync(join(root, 'dist', 'widget', 'de-an-06-quiz.js'), '/* widget */');
  writeFileSync(join(root, 'dist', 'widget', 'de-an-06-quiz.mjs'), 'export {};');
  writeFileSync(join(root, 'demo', 'index.html'), '<h1>Trang nhúng mẫu</h1>');
  writeFileSync(join(root, 'secret.txt'), 'bí mật');
  return root;
}

describe('static files', () => {
  it('serves the widget at fixed URLs so any host site may load it', async () => {
    const env = testEnv({ env: { PROJECT_ROOT: projectWithWidget() } });
    for (const [path, body] of [
      ['/de-an-06-quiz.js', '/* widget */'],
      ['/de-an-06-quiz.mjs', 'export {};'],
    ] as const) {
      const response = await env.app.request(path, { headers: { origin: 'https://baothaibinh.com.vn' } });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(body);
      expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(response.headers.get('cache-control')).toMatch(/max-age=\d+/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('serves the contest page at / and the demo pages, and nothing outside them', async () => {
    const env = testEnv({ env: { PROJECT_ROOT: projectWithWidget() } });
    expect(await (await env.app.request('/')).text()).toContain('<de-an-06-quiz contest="de-an-06-thai-binh"></de-an-06-quiz>');
    expect(await (await env.app.request('/demo/')).text()).toContain('Trang nhúng mẫu');
    expect((await env.app.request('/demo/../secret.txt')).status).toBe(404);
    expect((await env.app.request('/demo/%2e%2e/secret.txt')).status).toBe(404);
    expect((await env.app.request('/secret.txt')).status).toBe(404);
  });
});

describe('CORS', () => {
  it('lets configured host sites call contestant routes, and no one else', async () => {
    const env = testEnv({ env: { ALLOWED_ORIGINS: 'https://baothaibinh.com.vn' } });
    const allowed = await env.app.request(`/api/contests/${OPEN}`, { headers: { origin: 'https://baothaibinh.com.vn' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://baothaibinh.com.vn');
    const other = await env.app.request(`/api/contests/${OPEN}`, { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await env.app.request(`/api/contests/${OPEN}/contestants`, {
      method: 'OPTIONS',
      headers: { origin: 'https://baothaibinh.com.vn', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it("adds each contest's own allowedOrigins", async () => {
    const env = testEnv();
    const { body: current } = await env.call('GET', `/api/admin/contests/${OPEN}`, { token: ORGANISER_TOKEN });
    const { status: _s, ...settings } = current;
    void _s;
    await env.call('PUT', `/api/admin/contests/${OPEN}`, { token: ORGANISER_TOKEN, json: { ...settings, allowedOrigins: ['https://thaibinhtv.vn'] } });
    const response = await env.app.request(`/api/contests/${OPEN}/leaderboard`, { headers: { origin: 'https://thaibinhtv.vn' } });
    expect(response.headers.get('access-control-allow-origin')).toBe('https://thaibinhtv.vn');
  });

  it('sees allowedOrigins and contest changes another process saved to the same file', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'quiz-origins-')), 'quiz.db');
    const db = openDatabase(path);
    const clock = new TestClock(new Date('2026-11-28T03:00:00Z'));
    seedDemoContests(db, clock.now());
    const env = appEnv(db, clock);
    const fromTv = () => env.app.request(`/api/contests/${OPEN}`, { headers: { origin: 'https://thaibinhtv.vn' } });
    expect((await fromTv()).headers.get('access-control-allow-origin')).toBeNull(); // now cached

    const other = openDatabase(path);
    const contest = getContest(other, OPEN)!;
    saveContest(other, { ...contest, title: 'Tên mới của cuộc thi', allowedOrigins: ['https://thaibinhtv.vn'] }, clock.now());
    other.close();
    const response = await fromTv();
    expect(response.headers.get('access-control-allow-origin')).toBe('https://thaibinhtv.vn');
    expect((await response.json()).title).toBe('Tên mới của cuộc thi');
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After when one address registers too often', async () => {
    const env = testEnv({ env: { RATE_LIMIT: 'on', RATE_LIMIT_REGISTRATION_PER_MINUTE: '3' } });
    const statuses: number[] = [];
    for (let n = 1; n <= 4; n++) {
      statuses.push((await env.call('POST', `/api/contests/${OPEN}/contestants`, { json: person(n) })).status);
    }
    expect(statuses).toEqual([201, 201, 201, 429]);
    const refused = await env.call('POST', `/api/contests/${OPEN}/contestants`, { json: person(9) });
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    env.clock.advance(61_000);
    expect((await env.call('POST', `/api/contests/${OPEN}/contestants`, { json: person(5) })).status).toBe(201);
  });

  it('allows a person to autosave ten times a second', async () => {
    const env = testEnv({ env: { RATE_LIMIT: 'on' } });
    const { token } = await register(env);
    const attempt = await startAttempt(env, token);
    for (let i = 0; i < 10; i++) {
      const response = await env.call('PUT', `/api/attempts/${attempt.id}/answers`, {
        token,
        json: { answers: { [attempt.questions[i]!.id]: 'a' } },
      });
      expect(response.status).toBe(200);
    }
  });

  it('limits attempt starts per contestant', async () => {
    const env = testEnv({ env: { RATE_LIMIT: 'on', RATE_LIMIT_START_PER_MINUTE: '2' } });
    const { token } = await register(env);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await env.call('POST', `/api/contests/${OPEN}/attempts`, { token })).status);
    expect(statuses).toEqual([201, 200, 429]);
  });
});

describe('errors', () => {
  it('answers unknown API paths with 404 in the error shape', async () => {
    const env = testEnv();
    const { status, body } = await env.call('GET', '/api/khong-co');
    expect(status).toBe(404);
    expect(body.error.code).toBe('NOT_FOUND');
  });

  it('does not let responses be cached by shared caches', async () => {
    const env = testEnv();
    const response = await env.app.request(`/api/contests/${OPEN}`);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});

describe('admin tokens', () => {
  it('accepts tokens written with base64 characters, as openssl rand -base64 makes them', async () => {
    const { createAdminToken } = await import('../src/db/admin.js');
    const { hashToken } = await import('../src/tokens.js');
    const env = testEnv();
    const token = 'q8Z+u/3kLm0pX9yT1vB2nC4dE6fG7hJ8=';
    createAdminToken(env.db, hashToken(token), 'Thư ký', 'organiser', env.clock.now());
    expect((await env.call('GET', '/api/admin/contests', { token })).status).toBe(200);
  });

  it('refuses to start with an ADMIN_TOKEN too short to be a secret', async () => {
    const { configFromEnv } = await import('../src/config.js');
    expect(() => configFromEnv({ ADMIN_TOKEN: 'ngan' })).toThrow(/ADMIN_TOKEN/);
    expect(configFromEnv({ ADMIN_TOKEN: 'q8Z+u/3kLm0pX9yT1vB2nC4dE6fG7hJ8=' }).adminToken).toBe('q8Z+u/3kLm0pX9yT1vB2nC4dE6fG7hJ8=');
  });
});
