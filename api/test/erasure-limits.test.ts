/**
 * Erasing one's data does not reset the attempt limit (decision 0029): the erasure keeps only a
 * keyed hash of the ID number with the attempts used and granted, a new registration of that ID
 * number starts with them counted, and the purge after the retention date removes them. Without
 * this, a script could erase and register again for ever and, with `revealScore: afterSubmit`,
 * learn the key from the scores (score-oracle.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { admin, expectError } from './admin-support.js';
import { appEnv, JURY_TOKEN, OPEN, person, register, snapshot, startAttempt, testEnv, type TestEnv } from './support.js';

const DAY = 86_400_000;
const KEY = 'khoa-chung-cua-cac-may-chu-0123456789abcdef';

async function maxAttempts(env: TestEnv): Promise<number> {
  const max = (await env.call('GET', `/api/contests/${OPEN}`)).body.maxAttempts as number;
  expect(max).toBeGreaterThanOrEqual(2);
  return max;
}

/** Starts and submits one attempt (no answers). */
async function useAttempt(env: TestEnv, token: string): Promise<string> {
  const attempt = await startAttempt(env, token);
  const submitted = await env.call('POST', `/api/attempts/${attempt.id}/submit`, { token, json: { answers: {}, prediction: 1 } });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  return attempt.id;
}

const erase = async (env: TestEnv, token: string) => {
  const erased = await env.call('DELETE', `/api/contests/${OPEN}/me`, { token, json: { confirm: true } });
  expect(erased.status, JSON.stringify(erased.body)).toBe(200);
};

const remaining = async (env: TestEnv, token: string) => (await env.call('GET', `/api/contests/${OPEN}/me`, { token })).body.remainingAttempts as number;

const keptRows = (env: TestEnv) => env.db.prepare('SELECT * FROM erasure_limits').all() as { contest_slug: string; id_number_hash: string; attempts: number; granted: number; in_progress: number }[];

/** Registers contestant `n` again after an erasure, with another name and phone but the same ID number. */
async function registerAgain(env: TestEnv, n: number) {
  const again = await env.call('POST', `/api/contests/${OPEN}/contestants`, {
    json: person(n, { fullName: 'Hoàng Thị Mới', phone: `0987${String(n).padStart(6, '0')}`, birthDate: '1990-02-03' }),
  });
  expect(again.status, JSON.stringify(again.body)).toBe(201);
  return again.body as { contestant: { id: string }; token: string };
}

describe('erasure and the attempt limit', () => {
  it('in a contest with rounds, the tries of each round are kept: the same round refuses, the next one counts afresh', async () => {
    const env = testEnv({ now: '2026-11-28T03:10:00.000Z' });
    const contest = (await admin(env, 'GET', `/contests/${OPEN}`)).body as Record<string, unknown>;
    const { status: _status, ...settings } = contest;
    void _status;
    const rounds = [
      { id: 'vong-1', title: 'Vòng 1', startsAt: '2026-11-28T03:00:00Z', endsAt: '2026-11-28T04:00:00Z', maxAttempts: 2 },
      { id: 'vong-2', title: 'Vòng 2', startsAt: '2026-11-28T04:00:00Z', endsAt: '2026-11-28T05:00:00Z', maxAttempts: 2 },
    ];
    const saved = await admin(env, 'PUT', `/contests/${OPEN}`, { ...settings, startsAt: '2026-11-28T03:00:00Z', rounds });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const first = await register(env, 7);
    await useAttempt(env, first.token);
    await useAttempt(env, first.token);
    expectError(await env.call('POST', `/api/contests/${OPEN}/attempts`, { token: first.token }), 409, 'ATTEMPT_LIMIT');
    await erase(env, first.token);
    expect(keptRows(env)).toEqual([expect.objectContaining({ attempts: 2, rounds: JSON.stringify({ 'vong-1': 2 }) })]);

    const again = await registerAgain(env, 7);
    expect(await remaining(env, again.token)).toBe(0);
    expectError(await env.call('POST', `/api/contests/${OPEN}/attempts`, { token: again.token }), 409, 'ATTEMPT_LIMIT');
    // Erased again with nothing new used: still two tries in the first round.
    await erase(env, again.token);
    const third = await registerAgain(env, 7);
    expectError(await env.call('POST', `/api/contests/${OPEN}/attempts`, { token: third.token }), 409, 'ATTEMPT_LIMIT');
    env.clock.set('2026-11-28T04:10:00.000Z');
    expect(await remaining(env, third.token)).toBe(2);
    await useAttempt(env, third.token);
    expect(await remaining(env, third.token)).toBe(1);
  });

  it('a person who used every attempt, erased and registered again, is refused ATTEMPT_LIMIT', async () => {
    const env = testEnv();
    const max = await maxAttempts(env);
    const first = await register(env, 1, { fullName: 'Trịnh Văn Cũ' });
    const used: string[] = [];
    for (let i = 0; i < max; i++) used.push(await useAttempt(env, first.token));
    expectError(await env.call('POST', `/api/contests/${OPEN}/attempts`, { token: first.token }), 409, 'ATTEMPT_LIMIT');
    await erase(env, first.token);

    // What is kept: a hash, the counts; no name, phone, birth date or ID number anywhere but the audit's masked tail.
    const kept = keptRows(env);
    expect(kept).toEqual([expect.objectContaining({ contest_slug: OPEN, attempts: max, granted: 0, in_progress: 0 })]);
    expect(kept[0]!.id_number_hash).toMatch(/^[0-9a-f]{64}$/);
    const stored = JSON.parse(snapshot(env.db)) as [string, unknown[]][];
    for (const [table, rows] of stored) {
      const text = JSON.stringify(rows);
      for (const gone of [person(1).idNumber, person(1).phone, person(1).birthDate, 'Trịnh Văn Cũ']) expect(text, table).not.toContain(gone);
      // The audit names the registration and its attempts by id (data-rights.test.ts); nothing else does.
      if (table !== 'audit_log') for (const gone of [first.contestant.id, ...used]) expect(text, table).not.toContain(gone);
    }

    const again = await registerAgain(env, 1);
    expect(await remaining(env, again.token)).toBe(0);
    expectError(await env.call('POST', `/api/contests/${OPEN}/attempts`, { token: again.token }), 409, 'ATTEMPT_LIMIT');
    // The count moved onto the registration: the kept row is gone.
    expect(keptRows(env)).toEqual([]);
  });

  it('counts attempts used before the erasure, the one in progress included, and not those of another ID number', async () => {
    const env = testEnv();
    const max = await maxAttempts(env);
    const first = await register(env, 1);
    await useAttempt(env, first.token);
    await startAttempt(env, first.token);
    await erase(env, first.token);
    expect(keptRows(env)).toEqual([expect.objectContaining({ attempts: 2, in_progress: 1 })]);

    const other = await register(env, 2);
    expect(await remaining(env, other.token)).toBe(max);

    const again = await registerAgain(env, 1);
    expect(await remaining(env, again.token)).toBe(max - 2);
    for (let i = 2; i < max; i++) await useAttempt(env, again.token);
    expect(await remaining(env, again.token)).toBe(0);
    expectError(await env.call('POST', `/api/contests/${OPEN}/attempts`, { token: again.token }), 409, 'ATTEMPT_LIMIT');

    // Erasing again keeps the whole count, the carried attempts with the new ones.
    await erase(env, again.token);
    expect(keptRows(env)).toEqual([expect.objectContaining({ attempts: max, in_progress: 0 })]);
    const third = await registerAgain(env, 1);
    expectError(await env.call('POST', `/api/contests/${OPEN}/attempts`, { token: third.token }), 409, 'ATTEMPT_LIMIT');
  });

  it('keeps the attempts an organiser granted, and keeps nothing for a registration that never started', async () => {
    const env = testEnv();
    const max = await maxAttempts(env);
    const granted = await register(env, 1);
    expect((await admin(env, 'POST', `/contests/${OPEN}/contestants/${granted.contestant.id}/grants`, { attempts: 1, reason: 'Mất kết nối do sự cố máy chủ' })).status).toBe(200);
    await useAttempt(env, granted.token);
    await erase(env, granted.token);
    const again = await registerAgain(env, 1);
    expect(await remaining(env, again.token)).toBe(max);

    const idle = await register(env, 2);
    await erase(env, idle.token);
    expect(keptRows(env)).toEqual([]);
    expect((await env.call('POST', `/api/contests/${OPEN}/contestants`, { json: person(2) })).status).toBe(201);
  });

  it('does not show the erased registration in the new one’s download, the console or the exports', async () => {
    const env = testEnv();
    const first = await register(env, 1, { fullName: 'Trịnh Văn Cũ', email: 'cu@example.vn' });
    const oldAttempt = await useAttempt(env, first.token);
    await erase(env, first.token);
    const again = await registerAgain(env, 1);

    const data = (await env.call('GET', `/api/contests/${OPEN}/me/data`, { token: again.token })).body;
    expect(data.attempts).toEqual([]);
    expect(data.audit).toEqual([]);
    // The count the limit needs is stored with the new registration, so its owner sees it.
    expect(data.profile).toMatchObject({ id: again.contestant.id, fullName: 'Hoàng Thị Mới', attemptsBeforeErasure: 1 });
    const download = JSON.stringify(data);
    for (const old of ['Trịnh Văn Cũ', 'cu@example.vn', person(1).phone, person(1).birthDate, first.contestant.id, oldAttempt]) expect(download).not.toContain(old);

    const hash = (env.db.prepare('SELECT id_number_hash FROM erasure_limits').pluck().get() as string | undefined) ?? null;
    expect(hash).toBeNull();
    const exports = [
      `/contests/${OPEN}/contestants?format=csv`,
      `/contests/${OPEN}/ranking?format=json`,
      `/contests/${OPEN}/attempts?format=csv`,
    ];
    for (const path of exports) {
      const response = await env.app.request(`/api/admin${path}`, { headers: { authorization: `Bearer ${JURY_TOKEN}` } });
      expect(response.status).toBe(200);
      const text = await response.text();
      for (const old of ['Trịnh Văn Cũ', 'cu@example.vn', person(1).phone, first.contestant.id, oldAttempt]) expect(text, path).not.toContain(old);
    }

    // The console's search finds the new registration with the limit as it stands.
    const found = (await admin(env, 'GET', `/contests/${OPEN}/contestants/search?q=${person(1).idNumber}`)).body.contestants;
    expect(found).toEqual([expect.objectContaining({ id: again.contestant.id, remainingAttempts: (await maxAttempts(env)) - 1, attempts: [] })]);
    expect(found[0]).not.toHaveProperty('attemptsBeforeErasure');
  });

  it('holds across a restart without CHALLENGE_KEY (the key is kept in the database) and with it (nothing kept there)', async () => {
    const env = testEnv();
    const max = await maxAttempts(env);
    const first = await register(env, 1);
    for (let i = 0; i < max; i++) await useAttempt(env, first.token);
    await erase(env, first.token);
    const restarted = appEnv(env.db, env.clock);
    const again = await registerAgain(restarted, 1);
    expectError(await restarted.call('POST', `/api/contests/${OPEN}/attempts`, { token: again.token }), 409, 'ATTEMPT_LIMIT');

    const keyed = testEnv({ env: { CHALLENGE_KEY: KEY } });
    const mine = await register(keyed, 1);
    await useAttempt(keyed, mine.token);
    await erase(keyed, mine.token);
    expect(keyed.db.prepare('SELECT COUNT(*) FROM server_keys').pluck().get()).toBe(0);
    const keyedAgain = await registerAgain(keyed, 1);
    expect(await remaining(keyed, keyedAgain.token)).toBe(max - 1);
  });

  it('is removed by the purge after the retention date, which counts it', async () => {
    const env = testEnv();
    const first = await register(env, 1);
    await useAttempt(env, first.token);
    await erase(env, first.token);
    const second = await register(env, 2);
    await startAttempt(env, second.token);
    await erase(env, second.token);
    expect(keptRows(env)).toHaveLength(2);

    const early = await admin(env, 'POST', `/contests/${OPEN}/purge-personal-data`, { dryRun: true });
    expect(early.body.counts.erasureLimits).toBe(2);
    expect(keptRows(env)).toHaveLength(2);

    const endsAt = Date.parse((await env.call('GET', `/api/contests/${OPEN}`)).body.endsAt);
    env.clock.set(new Date(endsAt + 366 * DAY));
    const purged = await admin(env, 'POST', `/contests/${OPEN}/purge-personal-data`, { dryRun: false });
    expect(purged.status, JSON.stringify(purged.body)).toBe(200);
    expect(purged.body.counts.erasureLimits).toBe(2);
    expect(keptRows(env)).toEqual([]);
  });
});
