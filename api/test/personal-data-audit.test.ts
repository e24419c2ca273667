import { describe, expect, it } from 'vitest';
import { admin } from './admin-support.js';
import { JURY_TOKEN, OPEN, ORGANISER_TOKEN, person, register, snapshot, testEnv, type TestEnv } from './support.js';

/** The audit entries of reads, newest last, as the organisers' console shows them. */
async function reads(env: TestEnv) {
  const { status, body } = await env.call('GET', '/api/admin/audit', { token: ORGANISER_TOKEN });
  expect(status).toBe(200);
  return (body as { actor: string; action: string; target: string; at: string; detail: unknown }[]).filter((e) => e.action.startsWith('read.')).reverse();
}

describe('reads of personal data by organisers are audited: who, what, when, which contest', () => {
  it('every export with contact details, the contestant search and the exclusion list', async () => {
    const env = testEnv();
    await register(env, 1);
    await register(env, 2, { fullName: 'Trần Thị Bình' });
    expect((await admin(env, 'PUT', `/contests/${OPEN}/exclusions`, { idNumbers: ['034090009999'], phones: [] })).status).toBe(200);

    const get = async (path: string, token = JURY_TOKEN) => {
      const response = await env.app.request(`/api/admin/contests/${OPEN}${path}`, { headers: { authorization: `Bearer ${token}` } });
      await response.arrayBuffer();
      expect(response.status, path).toBe(200);
    };
    await get('/ranking?format=json');
    env.clock.advance(1000);
    await get('/ranking?format=csv');
    await get('/ranking?format=xlsx', ORGANISER_TOKEN);
    await get('/attempts?format=csv');
    await get('/contestants?format=xlsx');
    await get(`/contestants/search?q=${person(2).idNumber}`);
    await get('/contestants/search?q=Bình');
    await get('/exclusions');

    const entries = await reads(env);
    expect(entries.map((e) => [e.actor, e.action, e.target, e.detail])).toEqual([
      ['Ban Giám khảo', 'read.ranking', OPEN, { format: 'json' }],
      ['Ban Giám khảo', 'read.ranking', OPEN, { format: 'csv' }],
      ['Ban Tổ chức', 'read.ranking', OPEN, { format: 'xlsx' }],
      ['Ban Giám khảo', 'read.attempts', OPEN, { format: 'csv' }],
      ['Ban Giám khảo', 'read.contestants', OPEN, { format: 'xlsx' }],
      ['Ban Giám khảo', 'read.contestantSearch', OPEN, { matchedBy: 'idNumber', found: 1 }],
      ['Ban Giám khảo', 'read.contestantSearch', OPEN, { matchedBy: expect.any(String), found: 1 }],
      ['Ban Giám khảo', 'read.exclusions', OPEN, { idNumbers: 1, phones: 0 }],
    ]);
    expect(entries[0]!.at).toBe('2026-11-28T03:00:00.000Z');
    expect(entries[1]!.at).toBe('2026-11-28T03:00:01.000Z');
    // The audit itself holds no personal data of the people read about, nor the search words.
    const text = JSON.stringify(entries);
    for (const secret of [person(2).idNumber, person(1).idNumber, person(2).phone, 'Bình', '034090009999']) expect(text).not.toContain(secret);
  });

  it('a refused read leaves no entry and writes nothing', async () => {
    const env = testEnv();
    await register(env, 1);
    const before = snapshot(env.db);
    for (const path of [`/contests/${OPEN}/ranking?format=pdf`, `/contests/khong-co-cuoc-thi/attempts`, `/contests/${OPEN}/contestants/search?q=a`]) {
      const response = await env.call('GET', `/api/admin${path}`, { token: JURY_TOKEN });
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.status, path).toBeLessThan(500);
    }
    expect((await env.call('GET', `/api/admin/contests/${OPEN}/ranking?format=csv`, { token: 'khong-phai-ma-that-0123456789abcdef' })).status).toBe(401);
    expect(snapshot(env.db)).toBe(before);
  });
});
