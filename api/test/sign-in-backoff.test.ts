/**
 * Account takeover by guessing: the ID number encodes the year of birth, so with someone's ID
 * number and phone only the birth date is left to guess (≤ 366 dates). Sign-in failures are
 * counted per contest and ID number — not per address — in the database, with a doubling back-off.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signInKey } from '../src/db/sessions.js';
import { FIRST_BACKOFF_SECONDS, FREE_SIGN_IN_FAILURES, backoffSeconds, MAX_BACKOFF_SECONDS } from '../src/domain/sign-in-backoff.js';
import { expectError } from './admin-support.js';
import { describeStores, twoServers, type StoreEnv } from './store-env.js';
import { OPEN, person, register } from './support.js';

afterEach(() => vi.restoreAllMocks());

const owner = person(7); // born 1990-05-17
const signIn = (env: StoreEnv, birthDate: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  env.call('POST', `/api/contests/${OPEN}/sessions`, {
    json: { idNumber: owner.idNumber, phone: owner.phone, birthDate, ...extra },
    headers,
  });

/** Every date of 1990 from 1 January, as an attacker who read the year from the ID number would try them. */
function datesOf1990(): string[] {
  const dates: string[] = [];
  for (let day = new Date(Date.UTC(1990, 0, 1)); day.getUTCFullYear() === 1990; day = new Date(day.getTime() + 86_400_000)) {
    dates.push(day.toISOString().slice(0, 10));
  }
  return dates;
}

describeStores('sign-in back-off per ID number', (newEnv, kind) => {
  it('stops birth-date guessing within 10 tries, the right date included, from ever-changing addresses', async () => {
    const env = await newEnv({ env: { TRUST_PROXY: '1' } });
    await register(env, 7);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const dates = datesOf1990();
    const rightAt = dates.indexOf(owner.birthDate);
    // The right date comes 7th: after the free failures, before the tenth try.
    const guesses = [...dates.slice(0, 6), owner.birthDate, ...dates.slice(6, rightAt), ...dates.slice(rightAt + 1)].slice(0, 10);
    expect(guesses.indexOf(owner.birthDate)).toBe(6);
    const statuses: number[] = [];
    for (const [n, date] of guesses.entries()) {
      const response = await signIn(env, date, {}, { 'x-forwarded-for': `1.2.3.${n}` });
      statuses.push(response.status);
      expect(response.body.token, `try ${n + 1} (${date})`).toBeUndefined();
    }
    expect(statuses).toEqual([...Array(FREE_SIGN_IN_FAILURES).fill(401), ...Array(10 - FREE_SIGN_IN_FAILURES).fill(429)]);
    expect(statuses.indexOf(200)).toBe(-1);
  });

  it('answers 429 RATE_LIMITED with Retry-After and a Vietnamese message, doubling after each further failure', async () => {
    const env = await newEnv();
    await register(env, 7);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    for (let n = 0; n < FREE_SIGN_IN_FAILURES; n++) expectError(await signIn(env, '1990-01-01'), 401, 'UNAUTHORIZED');

    const blocked = await signIn(env, owner.birthDate);
    const error = expectError(blocked, 429, 'RATE_LIMITED');
    expect(error.message).toMatch(/Đăng nhập sai quá nhiều lần/);
    expect(blocked.headers.get('retry-after')).toBe(String(FIRST_BACKOFF_SECONDS));

    env.clock.advance(30_000);
    expect((await signIn(env, owner.birthDate)).headers.get('retry-after')).toBe(String(FIRST_BACKOFF_SECONDS - 30));

    // After the wait, one more failure closes sign-in for twice as long.
    env.clock.advance(30_000);
    expectError(await signIn(env, '1990-01-02'), 401, 'UNAUTHORIZED');
    expect((await signIn(env, owner.birthDate)).headers.get('retry-after')).toBe(String(2 * FIRST_BACKOFF_SECONDS));
    env.clock.advance(2 * FIRST_BACKOFF_SECONDS * 1000);
    expectError(await signIn(env, '1990-01-03'), 401, 'UNAUTHORIZED');
    expect((await signIn(env, owner.birthDate)).headers.get('retry-after')).toBe(String(4 * FIRST_BACKOFF_SECONDS));
  });

  it("lets the owner in after the back-off, and their success starts the count afresh", async () => {
    const env = await newEnv();
    const first = await register(env, 7);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    for (let n = 0; n < FREE_SIGN_IN_FAILURES; n++) await signIn(env, '1990-01-01');
    expect((await signIn(env, owner.birthDate)).status).toBe(429);

    env.clock.advance(FIRST_BACKOFF_SECONDS * 1000);
    const ok = await signIn(env, owner.birthDate);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.contestant.id).toBe(first.contestant.id);
    expect(await env.query('SELECT COUNT(*) AS n FROM sign_in_failures')).toEqual([{ n: 0 }]);

    // Free failures again, then the first back-off again (not a doubled one).
    for (let n = 0; n < FREE_SIGN_IN_FAILURES - 1; n++) expect((await signIn(env, '1990-01-01')).status).toBe(401);
    expect((await signIn(env, owner.birthDate)).status).toBe(200);
    for (let n = 0; n < FREE_SIGN_IN_FAILURES; n++) expect((await signIn(env, '1990-01-01')).status).toBe(401);
    expect((await signIn(env, owner.birthDate)).headers.get('retry-after')).toBe(String(FIRST_BACKOFF_SECONDS));
  });

  it('answers an unregistered ID number exactly like a registered one, so the counter tells nothing', async () => {
    const env = await newEnv();
    await register(env, 7);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const stranger = person(8);
    const registered: unknown[] = [];
    const unregistered: unknown[] = [];
    for (let n = 0; n < FREE_SIGN_IN_FAILURES + 1; n++) {
      const a = await signIn(env, '1990-01-01');
      const b = await env.call('POST', `/api/contests/${OPEN}/sessions`, { json: { idNumber: stranger.idNumber, phone: stranger.phone, birthDate: '1990-01-01' } });
      registered.push([a.status, a.body, a.headers.get('retry-after')]);
      unregistered.push([b.status, b.body, b.headers.get('retry-after')]);
    }
    expect(unregistered).toEqual(registered);
  });

  it('keeps the count in the database: a restart, or a second server on the same database, does not reset it', async () => {
    // A fresh app (a restarted or second process, another node on PostgreSQL) over the same database.
    const [before, after] = await twoServers(kind);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    await register(before, 7);
    for (let n = 0; n < FREE_SIGN_IN_FAILURES - 1; n++) expect((await signIn(before, '1990-01-01')).status).toBe(401);
    // One more failure on the other blocks.
    expect((await signIn(after, '1990-01-01')).status).toBe(401);
    expect((await signIn(after, owner.birthDate)).status).toBe(429);
    expect((await signIn(before, owner.birthDate)).status).toBe(429);
  });

  it('stores and logs only a hash of the contest and ID number, one JSON line per failure', async () => {
    const env = await newEnv();
    await register(env, 7);
    const lines: string[] = [];
    vi.spyOn(console, 'warn').mockImplementation((line: unknown) => void lines.push(String(line)));
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
    vi.spyOn(console, 'error').mockImplementation((line: unknown) => void lines.push(String(line)));
    for (let n = 0; n < FREE_SIGN_IN_FAILURES + 1; n++) await signIn(env, '1990-01-01');
    expect(lines).toHaveLength(FREE_SIGN_IN_FAILURES + 1);
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries[0]).toEqual({ event: 'sign-in.failed', at: '2026-11-28T03:00:00.000Z', contest: OPEN, idNumberHash: signInKey(OPEN, owner.idNumber), failures: 1, blockedUntil: null });
    expect(entries.at(-1)).toMatchObject({ blocked: true, retryAfterSeconds: FIRST_BACKOFF_SECONDS });
    for (const line of lines) {
      expect(line).not.toContain(owner.idNumber);
      expect(line).not.toContain(owner.phone.slice(1));
      expect(line).not.toContain('1990-01-01');
    }
    const stored = JSON.stringify(await env.query('SELECT * FROM sign_in_failures'));
    expect(stored).toContain(signInKey(OPEN, owner.idNumber));
    expect(stored).not.toContain(owner.idNumber);
  });

  it('counts failures of one ID number per contest', async () => {
    expect(signInKey(OPEN, owner.idNumber)).not.toBe(signInKey('thai-binh-2023', owner.idNumber));
  });
});

describe('the back-off rule', () => {
  it('is free for a few failures, then doubles from a minute up to a day', () => {
    for (let n = 1; n < FREE_SIGN_IN_FAILURES; n++) expect(backoffSeconds(n)).toBe(0);
    expect(backoffSeconds(FREE_SIGN_IN_FAILURES)).toBe(FIRST_BACKOFF_SECONDS);
    expect(backoffSeconds(FREE_SIGN_IN_FAILURES + 1)).toBe(2 * FIRST_BACKOFF_SECONDS);
    expect(backoffSeconds(FREE_SIGN_IN_FAILURES + 3)).toBe(8 * FIRST_BACKOFF_SECONDS);
    expect(backoffSeconds(FREE_SIGN_IN_FAILURES + 40)).toBe(MAX_BACKOFF_SECONDS);
    expect(backoffSeconds(1_000_000)).toBe(MAX_BACKOFF_SECONDS);
  });
});
