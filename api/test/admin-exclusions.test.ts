import { describe, expect, it } from 'vitest';
import { admin, contestantWithScore, expectError, smallContest } from './admin-support.js';
import { JURY_TOKEN, OPEN, person, register, snapshot, testEnv, type TestEnv } from './support.js';

const registerRaw = (env: TestEnv, n: number, overrides: Record<string, unknown> = {}) =>
  env.call('POST', `/api/contests/${OPEN}/contestants`, { json: person(n, overrides) });

describe('PUT /api/admin/contests/:slug/exclusions', () => {
  it('stores ID numbers and phones, phones normalised to 0xxxxxxxxx and de-duplicated', async () => {
    const env = testEnv();
    const response = await admin(env, 'PUT', `/contests/${OPEN}/exclusions`, {
      idNumbers: ['034090000777', '034190000778'],
      phones: ['+84 912 000 111', '0912.000.222', '84-912-000-333', '0912000111'],
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const expected = { idNumbers: ['034090000777', '034190000778'], phones: ['0912000111', '0912000222', '0912000333'] };
    expect(response.body).toEqual(expected);
    expect((await admin(env, 'GET', `/contests/${OPEN}/exclusions`, undefined, JURY_TOKEN)).body).toEqual(expected);

    const [read, entry] = (await admin(env, 'GET', '/audit')).body;
    expect(entry).toMatchObject({ actor: 'Ban Tổ chức', action: 'exclusions.replace', target: OPEN });
    expect(read).toMatchObject({ actor: 'Ban Giám khảo', action: 'read.exclusions', target: OPEN }); // reading the list is audited too
  });

  it('replaces the list: what is left out is no longer excluded', async () => {
    const env = testEnv();
    await admin(env, 'PUT', `/contests/${OPEN}/exclusions`, { idNumbers: ['034090000777'], phones: ['0912000888'] });
    const response = await admin(env, 'PUT', `/contests/${OPEN}/exclusions`, { phones: ['0912000999'] });
    expect(response.body).toEqual({ idNumbers: [], phones: ['0912000999'] });
    expect((await registerRaw(env, 777)).status).toBe(201);
  });

  it('an invalid phone → 400 naming phones.N; nothing stored', async () => {
    const env = testEnv();
    const before = snapshot(env.db);
    const error = expectError(
      await admin(env, 'PUT', `/contests/${OPEN}/exclusions`, { idNumbers: ['034090000777'], phones: ['0912000111', '0241234567', 'không có'] }),
      400,
      'VALIDATION',
    );
    expect(Object.keys(error.fields!).sort()).toEqual(['phones.1', 'phones.2']);
    expect(error.fields!['phones.1']).toContain('0241234567');
    expect(snapshot(env.db)).toBe(before);
  });

  it('an invalid ID number → 400 naming idNumbers.N; nothing stored', async () => {
    const env = testEnv();
    const before = snapshot(env.db);
    for (const bad of ['03409000077', '0340900007777', '03409000077a', ' 034090000777']) {
      const error = expectError(await admin(env, 'PUT', `/contests/${OPEN}/exclusions`, { idNumbers: ['034090000776', bad] }), 400, 'VALIDATION');
      expect(error.fields).toHaveProperty(['idNumbers.1']);
    }
    const unknown = expectError(await admin(env, 'PUT', `/contests/${OPEN}/exclusions`, { idNumbers: [], emails: ['a@b.vn'] }), 400, 'VALIDATION');
    expect(unknown.fields).toHaveProperty('emails');
    expect(snapshot(env.db)).toBe(before);
  });
});

describe('registration of an excluded person', () => {
  async function withExclusions() {
    const env = testEnv();
    await admin(env, 'PUT', `/contests/${OPEN}/exclusions`, { idNumbers: ['034090000777'], phones: ['+84 912 000 111'] });
    return env;
  }

  it('an excluded ID number → 403 EXCLUDED with a polite Vietnamese message; no contestant stored', async () => {
    const env = await withExclusions();
    const before = snapshot(env.db);
    const error = expectError(await registerRaw(env, 777), 403, 'EXCLUDED');
    expect(error.message).toMatch(/Ban Tổ chức/);
    expect(error.message).toMatch(/Cảm ơn/);
    expect(snapshot(env.db)).toBe(before);
  });

  it('an excluded phone in any written form → 403 EXCLUDED', async () => {
    const env = await withExclusions();
    const before = snapshot(env.db);
    for (const phone of ['0912000111', '+84912000111', '0912 000 111', '84912000111']) {
      expectError(await registerRaw(env, 5, { phone }), 403, 'EXCLUDED');
    }
    expect(snapshot(env.db)).toBe(before);
  });

  it('exclusions of one contest do not touch another', async () => {
    const env = await withExclusions();
    const { slug } = await smallContest(env, 'thi-khac', 2, 2);
    expect((await env.call('POST', `/api/contests/${slug}/contestants`, { json: person(777) })).status).toBe(201);
    expect((await env.call('POST', `/api/contests/${slug}/contestants`, { json: person(5, { phone: '0912000111' }) })).status).toBe(201);
  });

  it('everyone else still registers', async () => {
    const env = await withExclusions();
    expect((await registerRaw(env, 778)).status).toBe(201);
  });
});

describe('a contestant excluded after taking part', () => {
  it('disappears from the public leaderboard, the admin ranking and the counts; comes back when the exclusion is lifted', async () => {
    const env = testEnv();
    await contestantWithScore(env, 1, 8, { overrides: { fullName: 'Lê Văn Cường', publishName: true } });
    await contestantWithScore(env, 2, 5, { overrides: { fullName: 'Phạm Thị Dung', publishName: true } });

    const names = async () => ({
      leaderboard: (await env.call('GET', `/api/contests/${OPEN}/leaderboard`)).body.entries.map((e: { name: string }) => e.name),
      ranking: (await admin(env, 'GET', `/contests/${OPEN}/ranking`, undefined, JURY_TOKEN)).body.entries.map((e: { fullName: string }) => e.fullName),
      participants: (await env.call('GET', `/api/contests/${OPEN}`)).body.stats.participants,
    });
    expect(await names()).toEqual({ leaderboard: ['Lê Văn Cường', 'Phạm Thị Dung'], ranking: ['Lê Văn Cường', 'Phạm Thị Dung'], participants: 2 });

    // The leader turns out to be a jury member: excluded by phone (written differently than registered).
    expect((await admin(env, 'PUT', `/contests/${OPEN}/exclusions`, { phones: ['+84 912 000 001'] })).status).toBe(200);
    expect(await names()).toEqual({ leaderboard: ['Phạm Thị Dung'], ranking: ['Phạm Thị Dung'], participants: 1 });
    const ranking = (await admin(env, 'GET', `/contests/${OPEN}/ranking`)).body;
    expect(ranking.entries[0].rank).toBe(1);

    // By ID number as well.
    await admin(env, 'PUT', `/contests/${OPEN}/exclusions`, { idNumbers: ['034090000002'] });
    expect(await names()).toEqual({ leaderboard: ['Lê Văn Cường'], ranking: ['Lê Văn Cường'], participants: 1 });

    await admin(env, 'PUT', `/contests/${OPEN}/exclusions`, {});
    expect((await names()).ranking).toEqual(['Lê Văn Cường', 'Phạm Thị Dung']);
  });

  it('an excluded contestant is left out of the unit statistics', async () => {
    const env = testEnv();
    await contestantWithScore(env, 1, 3, { overrides: { unitId: 'dong-hung' } });
    await admin(env, 'PUT', `/contests/${OPEN}/exclusions`, { idNumbers: ['034090000001'] });
    const stats = (await env.call('GET', `/api/contests/${OPEN}/units/stats`)).body as { unitId: string; participants: number }[];
    expect(stats.find((s) => s.unitId === 'dong-hung')!.participants).toBe(0);
    expect(stats.find((s) => s.unitId === 'huyen-thanh-pho')!.participants).toBe(0);
  });

  it('a registered contestant who is then excluded cannot register again under the same number', async () => {
    const env = testEnv();
    await register(env, 1);
    await admin(env, 'PUT', `/contests/${OPEN}/exclusions`, { idNumbers: ['034090000001'] });
    const before = snapshot(env.db);
    const response = await registerRaw(env, 1);
    expect(response.status === 403 || response.status === 409, JSON.stringify(response.body)).toBe(true);
    expect(snapshot(env.db)).toBe(before);
  });
});
