/**
 * Remedies for ID squatting and lost phone numbers: an organiser releases a registration (its
 * attempts stop counting, its sessions end, the ID number can register again) or changes a phone
 * after checking who the person is offline. Both organiser-only and audited without the ID number.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signInKey } from '../src/db/sessions.js';
import { admin, contestantWithScore, expectError } from './admin-support.js';
import { JURY_TOKEN, OPEN, person, register, snapshot, testEnv, type TestEnv } from './support.js';

afterEach(() => vi.restoreAllMocks());

const REASON = 'Người dân trình CCCD gốc tại Công an tỉnh ngày 2/12';
const release = (env: TestEnv, id: string, json: unknown = { reason: REASON }, token?: string, slug = OPEN) =>
  admin(env, 'POST', `/contests/${slug}/contestants/${id}/release`, json, token);
const changePhone = (env: TestEnv, id: string, json: unknown, token?: string) => admin(env, 'PUT', `/contests/${OPEN}/contestants/${id}/phone`, json, token);

describe('releasing an ID number someone else registered', () => {
  it('voids the squatter\'s attempts everywhere, ends their sessions and lets the owner register afresh', async () => {
    const env = testEnv();
    const victim = person(7);
    // The squatter knows the ID number (and so the year of birth) and registers with their own phone.
    const squatter = await contestantWithScore(env, 7, 12, { overrides: { fullName: 'Kẻ Chiếm Chỗ', phone: '0987000111' } });
    expect((await env.call('GET', `/api/contests/${OPEN}/leaderboard`)).body.entries).toHaveLength(1);
    expect((await env.call('GET', `/api/contests/${OPEN}`)).body.stats).toEqual({ participants: 1, attempts: 1 });
    expectError(await env.call('POST', `/api/contests/${OPEN}/contestants`, { json: victim }), 409, 'ALREADY_REGISTERED');

    vi.spyOn(console, 'warn').mockImplementation(() => {});
    // The owner, locked out by their own failed sign-ins against the squatter's details.
    for (let n = 0; n < 6; n++) {
      await env.call('POST', `/api/contests/${OPEN}/sessions`, { json: { idNumber: victim.idNumber, phone: victim.phone, birthDate: victim.birthDate } });
    }
    expect(env.db.prepare('SELECT COUNT(*) FROM sign_in_failures').pluck().get()).toBe(1);

    const released = await release(env, squatter.contestantId);
    expect(released.status, JSON.stringify(released.body)).toBe(200);
    expect(released.body).toMatchObject({ contestantId: squatter.contestantId, voidedAttempts: 1, endedSessions: 1 });
    expect(env.db.prepare('SELECT COUNT(*) FROM sign_in_failures').pluck().get()).toBe(0);

    expect((await env.call('GET', `/api/contests/${OPEN}/leaderboard`)).body.entries).toEqual([]);
    expect((await env.call('GET', `/api/contests/${OPEN}`)).body.stats).toEqual({ participants: 0, attempts: 0 });
    expect((await admin(env, 'GET', `/contests/${OPEN}/stats`)).body.totals).toMatchObject({ participants: 0, attempts: 0, voided: 1 });
    const prizes = await admin(env, 'POST', `/contests/${OPEN}/results`, {});
    expect(prizes.status).toBe(200);
    expect(JSON.stringify(prizes.body)).not.toContain('Kẻ Chiếm Chỗ');
    expectError(await env.call('GET', `/api/contests/${OPEN}/me`, { token: squatter.token }), 401, 'UNAUTHORIZED');

    // The owner registers with their own ID number: a fresh account, nothing of the squatter's.
    const fresh = await env.call('POST', `/api/contests/${OPEN}/contestants`, { json: victim });
    expect(fresh.status, JSON.stringify(fresh.body)).toBe(201);
    expect(fresh.body.contestant.id).not.toBe(squatter.contestantId);
    const me = await env.call('GET', `/api/contests/${OPEN}/me`, { token: fresh.body.token });
    expect(me.body).toMatchObject({ attempts: [], best: null, remainingAttempts: 3 });
    // The squatter can no longer sign in with the ID number either.
    const squatterSignIn = await env.call('POST', `/api/contests/${OPEN}/sessions`, { json: { idNumber: victim.idNumber, phone: '0987000111', birthDate: victim.birthDate } });
    expectError(squatterSignIn, 401, 'UNAUTHORIZED');

    const audit = await admin(env, 'GET', '/audit');
    const entry = audit.body.find((e: { action: string }) => e.action.includes('release'));
    expect(entry).toMatchObject({
      actor: 'Ban Tổ chức',
      target: squatter.contestantId,
      detail: { reason: REASON, idNumberHash: signInKey(OPEN, victim.idNumber), voidedAttempts: 1, endedSessions: 1 },
    });
    expect(JSON.stringify(audit.body)).not.toContain(victim.idNumber);

    // The console's search finds the new registration by the ID number, the released one by name.
    const byId = await admin(env, 'GET', `/contests/${OPEN}/contestants/search?q=${victim.idNumber}`);
    expect(byId.body.contestants.map((c: { id: string }) => c.id)).toEqual([fresh.body.contestant.id]);
    const byName = await admin(env, 'GET', `/contests/${OPEN}/contestants/search?q=${encodeURIComponent('Kẻ Chiếm')}`);
    expect(byName.body.contestants).toEqual([
      expect.objectContaining({ id: squatter.contestantId, releasedAt: released.body.releasedAt, attempts: [expect.objectContaining({ voided: true })] }),
    ]);
  });

  it('refuses the jury, a missing reason, an unknown or another contest\'s contestant — writing nothing — and a second release', async () => {
    const env = testEnv();
    const { contestant } = await register(env, 1);
    const before = snapshot(env.db);
    expectError(await release(env, contestant.id, { reason: REASON }, JURY_TOKEN), 403, 'FORBIDDEN');
    expect(Object.keys(expectError(await release(env, contestant.id, {}), 400, 'VALIDATION').fields ?? {})).toEqual(['reason']);
    expect(Object.keys(expectError(await release(env, contestant.id, { reason: 'ừ' }), 400, 'VALIDATION').fields ?? {})).toEqual(['reason']);
    expectError(await release(env, 'khong-co-ai', { reason: REASON }), 404, 'NOT_FOUND');
    expectError(await release(env, contestant.id, { reason: REASON }, undefined, 'thai-binh-2023'), 404, 'NOT_FOUND');
    expectError(await env.call('POST', `/api/admin/contests/${OPEN}/contestants/${contestant.id}/release`, { json: { reason: REASON } }), 401, 'UNAUTHORIZED');
    expect(snapshot(env.db)).toBe(before);

    expect((await release(env, contestant.id)).status).toBe(200);
    const afterFirst = snapshot(env.db);
    expectError(await release(env, contestant.id), 409, 'CONFLICT');
    expect(snapshot(env.db)).toBe(afterFirst);
  });
});

describe("changing a contestant's phone", () => {
  it('lets the person sign in with the new number only, audited with both numbers masked', async () => {
    const env = testEnv();
    const p = person(3);
    const { contestant, token } = await register(env, 3);
    const changed = await changePhone(env, contestant.id, { phone: '+84 987 654 321', reason: REASON });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toEqual({ contestantId: contestant.id, phone: '0987654321' });

    const signIn = (phone: string) => env.call('POST', `/api/contests/${OPEN}/sessions`, { json: { idNumber: p.idNumber, phone, birthDate: p.birthDate } });
    expectError(await signIn(p.phone), 401, 'UNAUTHORIZED');
    expect((await signIn('0987654321')).status).toBe(200);
    expect((await env.call('GET', `/api/contests/${OPEN}/me`, { token })).status).toBe(200);

    const audit = await admin(env, 'GET', '/audit');
    expect(audit.body[0]).toMatchObject({ action: 'contestant.phone', target: contestant.id, detail: { reason: REASON, phoneBefore: '0912****03', phoneAfter: '0987****21' } });
    expect(JSON.stringify(audit.body)).not.toContain('0987654321');
    expect(JSON.stringify(audit.body)).not.toContain(p.phone);
  });

  it('validates the number like registration and refuses the jury, writing nothing', async () => {
    const env = testEnv();
    const { contestant } = await register(env, 3);
    expect((await admin(env, 'PUT', `/contests/${OPEN}/exclusions`, { idNumbers: [], phones: ['0977000000'] })).status).toBe(200);
    const before = snapshot(env.db);
    const bad = expectError(await changePhone(env, contestant.id, { phone: '12345', reason: REASON }), 400, 'VALIDATION');
    expect(Object.keys(bad.fields ?? {})).toEqual(['phone']);
    expect(Object.keys(expectError(await changePhone(env, contestant.id, { phone: '0977000000', reason: REASON }), 400, 'VALIDATION').fields ?? {})).toEqual(['phone']);
    expect(Object.keys(expectError(await changePhone(env, contestant.id, { phone: person(3).phone, reason: REASON }), 400, 'VALIDATION').fields ?? {})).toEqual(['phone']);
    expect(Object.keys(expectError(await changePhone(env, contestant.id, { phone: '0987654321' }), 400, 'VALIDATION').fields ?? {})).toEqual(['reason']);
    expectError(await changePhone(env, contestant.id, { phone: '0987654321', reason: REASON, extra: 1 }), 400, 'VALIDATION');
    expectError(await changePhone(env, contestant.id, { phone: '0987654321', reason: REASON }, JURY_TOKEN), 403, 'FORBIDDEN');
    expectError(await changePhone(env, 'khong-co-ai', { phone: '0987654321', reason: REASON }), 404, 'NOT_FOUND');
    expect(snapshot(env.db)).toBe(before);

    expect((await release(env, contestant.id)).status).toBe(200);
    expectError(await changePhone(env, contestant.id, { phone: '0987654321', reason: REASON }), 409, 'CONFLICT');
  });
});
