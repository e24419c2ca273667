import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../src/db/connection.js';
import { MIGRATIONS } from '../src/db/schema.js';
import { admin, contestantWithScore, expectError, smallContest } from './admin-support.js';
import { JURY_TOKEN, OPEN, ORGANISER_TOKEN, register, startAttempt, testEnv, type TestEnv } from './support.js';

/** Three people: 8/20 slow; 5/20 with the exact prediction; 5/20 with a far prediction but fast. */
async function threeContestants(env: TestEnv) {
  const an = await contestantWithScore(env, 1, 8, { prediction: 10, thinkMs: 300_000, overrides: { fullName: 'Nguyễn Văn An' } });
  const binh = await contestantWithScore(env, 2, 5, { prediction: 3, thinkMs: 120_000, overrides: { fullName: 'Trần Thị Bình', unitId: 'dong-hung' } });
  const cuong = await contestantWithScore(env, 3, 5, { prediction: 100, thinkMs: 30_000, overrides: { fullName: 'Lê Văn Cường' } });
  return { an, binh, cuong };
}

describe('GET /api/admin/contests/:slug/ranking.json', () => {
  it('the head of the ranking in rank order, with names and units but no contact data', async () => {
    const env = testEnv();
    const { an, binh, cuong } = await threeContestants(env);
    const response = await admin(env, 'GET', `/contests/${OPEN}/ranking.json?limit=2`, undefined, JURY_TOKEN);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      provisional: true,
      predictionTarget: 'participants',
      actual: 3,
      participants: 3,
      limit: 2,
      rankingOrder: ['score', 'prediction', 'duration', 'submittedAt'],
    });
    expect(response.body.entries.map((e: { contestantId: string }) => e.contestantId)).toEqual([an.contestantId, binh.contestantId]);
    expect(response.body.entries[1]).toEqual({
      rank: 2,
      contestantId: binh.contestantId,
      attemptId: binh.attemptId,
      fullName: 'Trần Thị Bình',
      birthYear: 1990,
      unitId: 'dong-hung',
      unitName: expect.stringContaining('Đông Hưng'),
      occupation: 'can-bo',
      score: 5,
      total: 20,
      durationMs: 120_000,
      prediction: 3,
      submittedAt: expect.any(String),
    });
    const text = JSON.stringify(response.body);
    expect(text).not.toContain('034090000002');
    expect(text).not.toContain('0912000002');

    const all = await admin(env, 'GET', `/contests/${OPEN}/ranking.json`);
    expect(all.body.limit).toBe(100);
    expect(all.body.entries.map((e: { contestantId: string }) => e.contestantId)).toEqual([an.contestantId, binh.contestantId, cuong.contestantId]);
  });

  it('gives no birth year (null, not 0) once the purge after the retention date erased the birth dates', async () => {
    const env = testEnv();
    await threeContestants(env);
    const endsAt = Date.parse((await env.call('GET', `/api/contests/${OPEN}`)).body.endsAt);
    env.clock.set(new Date(endsAt + 366 * 86_400_000));
    expect((await admin(env, 'POST', `/contests/${OPEN}/purge-personal-data`, { dryRun: false })).status).toBe(200);
    const response = await admin(env, 'GET', `/contests/${OPEN}/ranking.json?limit=20`, undefined, JURY_TOKEN);
    expect(response.status).toBe(200);
    expect(response.body.entries.map((e: { birthYear: number | null }) => e.birthYear)).toEqual([null, null, null]);
  });

  it('leaves out voided attempts', async () => {
    const env = testEnv();
    const { an, binh } = await threeContestants(env);
    expect((await admin(env, 'POST', `/attempts/${an.attemptId}/void`, { reason: 'Sự cố kỹ thuật đã xác minh' })).status).toBe(200);
    const response = await admin(env, 'GET', `/contests/${OPEN}/ranking.json?limit=10`);
    expect(response.body.entries[0].contestantId).toBe(binh.contestantId);
    expect(response.body.entries).toHaveLength(2);
  });

  it('refuses a limit out of range, unknown parameters, a missing token and an unknown contest', async () => {
    const env = testEnv();
    for (const query of ['limit=0', 'limit=5001', 'limit=abc', 'limit=2.5']) {
      const error = expectError(await admin(env, 'GET', `/contests/${OPEN}/ranking.json?${query}`), 400, 'VALIDATION');
      expect(error.fields?.limit, query).toMatch(/Số dòng/);
    }
    expectError(await admin(env, 'GET', `/contests/${OPEN}/ranking.json?order=name`), 400, 'VALIDATION');
    expectError(await env.call('GET', `/api/admin/contests/${OPEN}/ranking.json`), 401, 'UNAUTHORIZED');
    expectError(await admin(env, 'GET', '/contests/khong-co-cuoc-thi/ranking.json'), 404, 'NOT_FOUND');
  });
});

describe('GET /api/admin/contests/:slug/contestants/search', () => {
  it('finds a contestant by ID number, phone, name, contestant id or attempt id, with their attempts', async () => {
    const env = testEnv();
    const { an, binh } = await threeContestants(env);
    const search = (q: string, token = ORGANISER_TOKEN) =>
      admin(env, 'GET', `/contests/${OPEN}/contestants/search?q=${encodeURIComponent(q)}`, undefined, token);

    const byIdNumber = await search('034090000001', JURY_TOKEN);
    expect(byIdNumber.status).toBe(200);
    expect(byIdNumber.body.matchedBy).toBe('idNumber');
    expect(byIdNumber.body.contestants).toHaveLength(1);
    expect(byIdNumber.body.contestants[0]).toMatchObject({
      id: an.contestantId,
      fullName: 'Nguyễn Văn An',
      idNumber: '034090000001',
      phone: '0912000001',
      unitName: 'Thành phố Thái Bình',
      occupationName: expect.any(String),
      extraAttempts: 0,
      remainingAttempts: 2,
      attempts: [{ id: an.attemptId, status: 'submitted', score: 8, total: 20, voided: false, prediction: 10, voidReason: null }],
    });

    const byPhone = await search('+84 912 000 002');
    expect(byPhone.body.matchedBy).toBe('phone');
    expect(byPhone.body.contestants.map((c: { id: string }) => c.id)).toEqual([binh.contestantId]);

    const byName = await search('Thị Bình');
    expect(byName.body.matchedBy).toBe('name');
    expect(byName.body.contestants.map((c: { id: string }) => c.id)).toEqual([binh.contestantId]);

    expect((await search(an.contestantId)).body.contestants.map((c: { id: string }) => c.id)).toEqual([an.contestantId]);
    expect((await search(binh.attemptId)).body.contestants.map((c: { id: string }) => c.id)).toEqual([binh.contestantId]);
    // LIKE wildcards typed by a person match themselves, not everything.
    expect((await search('%%')).body.contestants).toEqual([]);
  });

  it('finds a name typed without diacritics or capitals, đ as d, from an index', async () => {
    const env = testEnv();
    const { an, binh } = await threeContestants(env);
    const dat = await register(env, 9, { fullName: 'Đặng Quốc Đạt' });
    const ids = async (q: string) =>
      (await admin(env, 'GET', `/contests/${OPEN}/contestants/search?q=${encodeURIComponent(q)}`)).body.contestants.map(
        (c: { id: string }) => c.id,
      );
    expect(await ids('nguyen van an')).toEqual([an.contestantId]);
    expect(await ids('NGUYEN  VAN')).toEqual([an.contestantId]);
    expect(await ids('thi binh')).toEqual([binh.contestantId]);
    expect(await ids('dang quoc dat')).toEqual([dat.contestant.id]);
    expect(await ids('Đạt')).toEqual([dat.contestant.id]);
    // Typed with diacritics in decomposed form (some phone keyboards) it still matches.
    expect(await ids('Nguyễn Văn'.normalize('NFD'))).toEqual([an.contestantId]);
    const plan = env.db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT c.id FROM contestants c WHERE c.contest_slug = ? AND c.name_folded LIKE ? ESCAPE '\\' LIMIT 50`,
      )
      .all(OPEN, '%an%') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('contestants_by_folded_name');
  });

  it('the migration folds the names of contestants registered before it', () => {
    const db = new Database(':memory:');
    const before = MIGRATIONS.findIndex((m) => typeof m === 'function' && m.toString().includes('name_folded'));
    expect(before).toBeGreaterThan(0);
    for (let version = 0; version < before; version++) {
      const migration = MIGRATIONS[version]!;
      if (typeof migration === 'string') db.exec(migration);
      else migration(db);
      db.pragma(`user_version = ${version + 1}`);
    }
    const at = '2026-01-01T00:00:00.000Z';
    db.prepare('INSERT INTO contests (slug, title, starts_at, ends_at, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      'cu',
      'Cuộc thi cũ',
      at,
      at,
      '{}',
      at,
      at,
    );
    db.prepare(
      `INSERT INTO contestants (id, contest_slug, id_number, full_name, birth_date, phone, email, unit_id, occupation, source, created_at)
       VALUES ('a', 'cu', '034090000001', 'Trần Thị Đào', '1990-01-01', '0912000001', NULL, 'u', 'o', 'web', ?)`,
    ).run(at);
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.prepare("SELECT name_folded FROM contestants WHERE id = 'a'").pluck().get()).toBe('tran thi dao');
    db.close();
  });

  it('shows a voided attempt with its reason and a grant in the remaining tries', async () => {
    const env = testEnv();
    const { an } = await threeContestants(env);
    await admin(env, 'POST', `/attempts/${an.attemptId}/void`, { reason: 'Mất điện khi đang thi' });
    await admin(env, 'POST', `/contests/${OPEN}/contestants/${an.contestantId}/grants`, { attempts: 2, reason: 'Bù lượt do mất điện' });
    const response = await admin(env, 'GET', `/contests/${OPEN}/contestants/search?q=034090000001`);
    expect(response.body.contestants[0]).toMatchObject({
      extraAttempts: 2,
      remainingAttempts: 4,
      attempts: [{ id: an.attemptId, voided: true, voidReason: 'Mất điện khi đang thi', voidedAt: expect.any(String) }],
    });
  });

  it('never finds a contestant of another contest', async () => {
    const env = testEnv();
    const { slug } = await smallContest(env, 'cuoc-thi-khac', 5, 5);
    const other = await register(env, 7, { fullName: 'Phạm Văn Khác' }, slug);
    const mine = await register(env, 8, { fullName: 'Phạm Văn Mình' });
    await startAttempt(env, mine.token);
    const response = await admin(env, 'GET', `/contests/${OPEN}/contestants/search?q=${encodeURIComponent('Phạm Văn')}`);
    expect(response.body.contestants.map((c: { id: string }) => c.id)).toEqual([mine.contestant.id]);
    expect(JSON.stringify(response.body)).not.toContain(other.contestant.id);
    const there = await admin(env, 'GET', `/contests/${slug}/contestants/search?q=${encodeURIComponent('Phạm Văn')}`);
    expect(there.body.contestants.map((c: { id: string }) => c.id)).toEqual([other.contestant.id]);
    // The attempt in progress is listed as such.
    expect(response.body.contestants[0].attempts[0]).toMatchObject({ status: 'inProgress', voided: false });
  });

  it('refuses a missing or too short query, a bad token, and sends no CORS headers', async () => {
    const env = testEnv();
    const missing = expectError(await admin(env, 'GET', `/contests/${OPEN}/contestants/search`), 400, 'VALIDATION');
    expect(missing.fields?.q).toMatch(/Từ khoá tìm kiếm/);
    const short = expectError(await admin(env, 'GET', `/contests/${OPEN}/contestants/search?q=a`), 400, 'VALIDATION');
    expect(short.fields?.q).toMatch(/ít nhất 2 ký tự/);
    expectError(await admin(env, 'GET', `/contests/${OPEN}/contestants/search?q=${'x'.repeat(101)}`), 400, 'VALIDATION');
    expectError(await admin(env, 'GET', `/contests/${OPEN}/contestants/search?q=An`, undefined, 'not-a-real-token-0000000000'), 401, 'UNAUTHORIZED');
    const preflight = await env.call('GET', `/api/admin/contests/${OPEN}/contestants/search?q=An`, {
      token: ORGANISER_TOKEN,
      headers: { origin: 'https://baothaibinh.com.vn' },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});
