import { describe, expect, it } from 'vitest';
import { configFromEnv, estimatedEntropyBits } from '../src/config.js';
import type { LogEvent } from '../src/http/log.js';
import { JURY_TOKEN, OPEN, ORGANISER_TOKEN, person, testEnv } from './support.js';

const WRONG = 'khong-phai-ma-that-0123456789abcdef';

/** An app with rate limits on (as in production) whose security log lines are kept for the test. */
function loggedEnv(env: NodeJS.ProcessEnv = {}) {
  const lines: string[] = [];
  // Each event is serialised as the server writes it, so the test reads what an operator would.
  const app = testEnv({ env: { RATE_LIMIT: 'on', RATE_LIMIT_ADMIN_FAILURES_PER_MINUTE: '5', RATE_LIMIT_REGISTRATION_PER_MINUTE: '2', ...env }, log: (e) => lines.push(JSON.stringify(e)) });
  const events = () => lines.map((line) => JSON.parse(line) as LogEvent);
  return { ...app, lines, events };
}

const fromIp = (ip: string) => ({ 'x-forwarded-for': ip });

describe('guessing admin tokens', () => {
  it('after the allowance of failures per minute an address gets 429 with Retry-After, even with a right token; other addresses are not affected', async () => {
    const env = loggedEnv({ TRUST_PROXY: '1' });
    for (let i = 0; i < 5; i++) {
      const miss = await env.call('GET', '/api/admin/contests', { token: `${WRONG}${i}`, headers: fromIp('203.0.113.7') });
      expect(miss.status).toBe(401);
    }
    const blocked = await env.call('GET', '/api/admin/contests', { token: ORGANISER_TOKEN, headers: fromIp('203.0.113.7') });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('RATE_LIMITED');
    expect(blocked.body.error.message).toMatch(/mã truy cập/);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(env.events().map((e) => e.event)).toEqual([...Array(5).fill('admin-auth-failed'), 'rate-limited']);
    expect(env.events().at(-1)).toMatchObject({ route: '/api/admin/contests', method: 'GET', retryAfterSeconds: Number(blocked.headers.get('retry-after')) });

    expect((await env.call('GET', '/api/admin/contests', { token: JURY_TOKEN, headers: fromIp('203.0.113.8') })).status).toBe(200);

    env.clock.advance(61_000);
    expect((await env.call('GET', '/api/admin/contests', { token: ORGANISER_TOKEN, headers: fromIp('203.0.113.7') })).status).toBe(200);
  });

  it('right tokens do not count as failures', async () => {
    const env = loggedEnv({ TRUST_PROXY: '1' });
    for (let i = 0; i < 20; i++) expect((await env.call('GET', '/api/admin/contests', { token: JURY_TOKEN, headers: fromIp('203.0.113.9') })).status).toBe(200);
    expect(env.events()).toEqual([]);
  });

  it('each failure is one JSON line: event, route, method, hashed address, time; no token, no address in clear', async () => {
    const env = loggedEnv({ TRUST_PROXY: '1' });
    await env.call('GET', `/api/admin/contests/${OPEN}/ranking`, { token: WRONG, headers: fromIp('198.51.100.23') });
    await env.call('GET', '/api/admin/audit', { headers: fromIp('198.51.100.23') });
    expect(env.lines).toHaveLength(2);
    const [first, second] = env.events();
    expect(first).toEqual({ event: 'admin-auth-failed', route: '/api/admin/contests/:slug/ranking', method: 'GET', ipHash: expect.stringMatching(/^[0-9a-f]{16}$/), time: '2026-11-28T03:00:00.000Z' });
    expect(second!.route).toBe('/api/admin/audit');
    expect(second!.ipHash).toBe(first!.ipHash);
    for (const line of env.lines) {
      expect(line).not.toContain(WRONG);
      expect(line).not.toContain('198.51.100.23');
    }
  });

  it('rate-limit hits are logged too, without the personal data of the refused request', async () => {
    const env = loggedEnv({ TRUST_PROXY: '1' });
    const statuses: number[] = [];
    for (let n = 1; n <= 3; n++) statuses.push((await env.call('POST', `/api/contests/${OPEN}/contestants`, { json: person(n), headers: fromIp('192.0.2.44') })).status);
    expect(statuses).toEqual([201, 201, 429]);
    const limited = env.events().filter((e) => e.event === 'rate-limited');
    expect(limited).toEqual([
      { event: 'rate-limited', route: '/api/contests/:slug/contestants', method: 'POST', ipHash: expect.stringMatching(/^[0-9a-f]{16}$/), time: '2026-11-28T03:00:00.000Z', retryAfterSeconds: 60 },
    ]);
    const text = env.lines.join('\n');
    for (const secret of [person(3).idNumber, person(3).phone, person(3).fullName, '192.0.2.44']) expect(text).not.toContain(secret);
  });
});

describe('ADMIN_TOKEN strength at start', () => {
  it('refuses guessable values with a Vietnamese and English message', () => {
    for (const weak of ['aaaaaaaaaaaaaaaa', 'a'.repeat(100), 'abcdefghijklmnopqrstuvwxyz', 'ab'.repeat(40), 'passwordpasswordpassword', '0123456789012345678901234567890123456789', 'Matkhau2026Matkhau2026']) {
      expect(() => configFromEnv({ ADMIN_TOKEN: weak }), weak).toThrow(/ADMIN_TOKEN quá dễ đoán.*ADMIN_TOKEN is too guessable/s);
    }
  });

  it('accepts random keys of 128 bits and more as generated by openssl', () => {
    for (const strong of ['q8Z+u/3kLm0pX9yT1vB2nC4dE6fG7hJ8=', 'wLMF1fnx0EQbpKikMf1bUi1BVch6V0IiPAxfM3v2f3g', '3f9c1a7e0b5d4c2a8e6f1b3d5c7a9e0f']) {
      expect(configFromEnv({ ADMIN_TOKEN: strong }).adminToken).toBe(strong);
    }
  });

  it('the estimate counts repeats, steps and repeated chunks as nothing', () => {
    expect(estimatedEntropyBits('aaaaaaaaaaaaaaaa')).toBeLessThan(20);
    expect(estimatedEntropyBits('abcabcabcabcabcabcabc')).toBeLessThan(20);
    expect(estimatedEntropyBits('0123456789')).toBeLessThan(10);
  });
});

describe('server start with a guessable ADMIN_TOKEN', () => {
  it('prints the reason in Vietnamese and English, no stack trace, and exits non-zero before creating the database', async () => {
    const { spawn } = await import('node:child_process');
    const { existsSync } = await import('node:fs');
    const { tempDatabase } = await import('./server-process.js');
    const databasePath = tempDatabase('yeu-');
    const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/server.ts'], {
      env: { ...process.env, PORT: '8799', HOST: '127.0.0.1', DATABASE_PATH: databasePath, ADMIN_TOKEN: 'aaaaaaaaaaaaaaaa' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let printed = '';
    child.stdout.on('data', (chunk) => (printed += chunk));
    child.stderr.on('data', (chunk) => (printed += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, printed).toBe(1);
    expect(printed).toMatch(/ADMIN_TOKEN quá dễ đoán/);
    expect(printed).toMatch(/ADMIN_TOKEN is too guessable/);
    expect(printed).not.toMatch(/\n\s+at /);
    expect(existsSync(databasePath)).toBe(false);
  }, 30_000);
});
