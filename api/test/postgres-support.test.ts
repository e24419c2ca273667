import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { postgresStore } from '../src/store/postgres/index.js';
import type { Client } from '../src/store/store.js';
import { hashToken } from '../src/tokens.js';
import { freshPostgresDatabase, type FreshDatabase } from './postgres.js';
import { resetAndSeed, STORE_CONFIG, STORE_START } from './postgres-store.js';
import { JURY_TOKEN, OPEN, ORGANISER_TOKEN, person, seededRandom, TestClock } from './support.js';

/**
 * The support desk and the other organiser routes moved onto the store, through HTTP on a server
 * over PostgreSQL (no SQLite handle): each answers as on SQLite, none with 501.
 */
type Reply = { status: number; body: any };

let database: FreshDatabase | undefined;
beforeAll(async () => {
  database = await freshPostgresDatabase('support');
});
afterAll(async () => {
  await database?.drop();
});

const client: Client = { ip: '203.0.113.91', userAgent: 'postgres-support-test', origin: undefined };
const body =
  <T>(value: T) =>
  async () =>
    value;

function node(pool: pg.Pool, clock: TestClock) {
  const random = seededRandom();
  const store = postgresStore({ pool, clock: clock.now, random, config: STORE_CONFIG });
  const app = createApp({ db: null, store, clock: clock.now, config: STORE_CONFIG, random, log: () => {} });
  const call = async (method: string, path: string, json?: unknown, token = ORGANISER_TOKEN): Promise<Reply> => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (json !== undefined) headers['content-type'] = 'application/json';
    const response = await app.request(`/api${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
    const text = await response.text();
    return { status: response.status, body: text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text };
  };
  return { store, call };
}

describe('organiser routes on a server over PostgreSQL', () => {
  it('release, phone change, data requests, purge dry run, host figures, row edits and contest deletion answer as on SQLite', async () => {
    const clock = new TestClock(STORE_START);
    const pool = database!.pool;
    await resetAndSeed(pool, clock.now());
    for (const [token, name, role] of [
      [ORGANISER_TOKEN, 'Ban Tổ chức', 'organiser'],
      [JURY_TOKEN, 'Ban Giám khảo', 'jury'],
    ] as const) {
      await pool.query('INSERT INTO admin_tokens (token_hash, name, role, created_at) VALUES ($1, $2, $3, $4)', [hashToken(token), name, role, clock.now().toISOString()]);
    }
    const { store, call } = node(pool, clock);
    const registered = await store.contestants.register(OPEN, body(person(1, { source: 'baothaibinh.com.vn' })), client);
    if (registered.kind !== 'registered') throw new Error('registration refused');
    const id = registered.contestant.id;
    const reason = 'Đã đối chiếu căn cước công dân tại trụ sở';

    expect((await call('PUT', `/admin/contests/${OPEN}/contestants/${id}/phone`, { phone: '0987654321', reason }, JURY_TOKEN)).status).toBe(403);
    expect(await call('PUT', `/admin/contests/${OPEN}/contestants/${id}/phone`, { phone: '0987 654 321', reason })).toEqual({ status: 200, body: { contestantId: id, phone: '0987654321' } });

    const filed = await store.personalData.fileRequest(id, OPEN, body({ kind: 'question' as const, message: 'Dữ liệu của tôi được lưu đến khi nào?' }));
    if (filed.kind !== 'filed') throw new Error('request refused');
    const listed = await call('GET', `/admin/contests/${OPEN}/data-requests`, undefined, JURY_TOKEN);
    expect(listed.status).toBe(200);
    expect(listed.body.counts).toEqual({ open: 1, dueSoon: 0, overdue: 0 });
    const answer = { status: 'answered', answer: 'Đến hết thời hạn lưu giữ đã công bố' };
    expect(await call('PUT', `/admin/contests/${OPEN}/data-requests/${filed.request.id}`, answer)).toMatchObject({ status: 200, body: { status: 'answered' } });
    expect((await call('PUT', `/admin/contests/${OPEN}/data-requests/${filed.request.id}`, answer)).status).toBe(409);
    const purge = await call('POST', `/admin/contests/${OPEN}/purge-personal-data`, { dryRun: true }, JURY_TOKEN);
    expect(purge).toMatchObject({ status: 200, body: { slug: OPEN, due: false, dryRun: true, counts: { idNumbers: 1, phones: 1 } } });
    expect(await call('POST', `/admin/contests/${OPEN}/purge-personal-data`, { dryRun: false })).toMatchObject({ status: 409, body: { error: { code: 'RETENTION_NOT_OVER' } } });

    expect(await call('POST', `/admin/contests/${OPEN}/contestants/${id}/release`, { reason })).toMatchObject({
      status: 200,
      body: { contestantId: id, voidedAttempts: 0, endedSessions: 1 },
    });
    expect((await call('POST', `/admin/contests/${OPEN}/contestants/${id}/release`, { reason })).status).toBe(409);

    const host = await call('POST', '/admin/access-codes', { name: 'Báo Thái Bình', role: 'host', contestSlug: OPEN, source: 'baothaibinh.com.vn' });
    expect(host.status).toBe(201);
    const figures = await call('GET', '/admin/host/participation', undefined, host.body.token);
    expect(figures).toMatchObject({ status: 200, body: { source: 'baothaibinh.com.vn', totals: { registrations: 1, attempts: 0, submitted: 0 } } });
    expect((await call('GET', '/admin/host/participation')).status).toBe(403);

    expect((await call('PUT', `/admin/contests/${OPEN}/units/xa-moi`, { name: 'Xã Mới', parentId: 'tp-thai-binh' })).status).toBe(201);
    expect(await call('POST', `/admin/contests/${OPEN}/exclusions/phones`, { value: '0912 999 999' })).toMatchObject({ status: 201, body: { phones: ['0912999999'] } });
    expect(await call('DELETE', `/admin/contests/${OPEN}/exclusions/phones/0912999999`)).toMatchObject({ status: 200, body: { phones: [] } });

    const demo = (await store.contests.contest(OPEN))!;
    await store.setup.saveContest({ ...demo, slug: 'dien-tap-2027', title: 'Diễn tập 2027', rounds: [] }, 'Ban Tổ chức');
    expect(await call('DELETE', '/admin/contests/dien-tap-2027')).toMatchObject({ status: 200, body: { slug: 'dien-tap-2027', removed: { contests: 1 } } });
    expect((await call('DELETE', '/admin/contests/dien-tap-2027')).status).toBe(404);

    const actions = (await pool.query('SELECT action FROM audit_log ORDER BY id')).rows.map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining(['contestant.phone', 'dataRequest.answer', 'contestant.release', 'token.create', 'unit.create', 'exclusion.add', 'exclusion.remove', 'contest.delete']),
    );
  });
});
