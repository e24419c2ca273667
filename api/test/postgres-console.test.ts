import type { Hono } from 'hono';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { THAI_BINH_UNITS } from '../src/seed/demo.js';
import { postgresStore } from '../src/store/postgres/index.js';
import { createPool } from '../src/store/postgres/pool.js';
import { hashToken } from '../src/tokens.js';
import { freshPostgresDatabase, type FreshDatabase } from './postgres.js';
import { resetAndSeed, STORE_CONFIG, STORE_START } from './postgres-store.js';
import { JURY_TOKEN, OPEN, ORGANISER_TOKEN, seededRandom, TestClock, testEnv } from './support.js';

/**
 * The organisers' setup through HTTP on a server over PostgreSQL (decision 0047): the console's
 * journey — sign in, create and update a contest, import questions as CSV, replace the units and
 * the exclusion list, manage access codes, read the audit log — answering what a server over
 * SQLite answers; and, with two nodes on one database, each write seen by the other node's next
 * read, the public contest page it keeps included.
 */
type Call = (method: string, path: string, options?: { token?: string; json?: unknown; body?: string; contentType?: string }) => Promise<{ status: number; body: any }>;

function caller(app: Hono): Call {
  return async (method, path, o = {}) => {
    const headers: Record<string, string> = {};
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body = o.body;
    if (o.json !== undefined) {
      body = JSON.stringify(o.json);
      headers['content-type'] = 'application/json';
    }
    if (o.contentType) headers['content-type'] = o.contentType;
    const response = await app.request(path, { method, headers, body });
    const text = await response.text();
    return { status: response.status, body: text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text };
  };
}

let database: FreshDatabase | undefined;
beforeAll(async () => {
  database = await freshPostgresDatabase('console');
});
afterAll(async () => {
  await database?.drop();
});

/** A node over PostgreSQL on `pool`: the app a server on DATABASE_URL builds (no SQLite handle). */
function node(pool: pg.Pool, clock: TestClock): Call {
  const random = seededRandom();
  const store = postgresStore({ pool, clock: clock.now, random, config: STORE_CONFIG });
  return caller(createApp({ db: null, store, clock: clock.now, config: STORE_CONFIG, random, log: () => {} }));
}

/** The database emptied and seeded, with the organiser's and the jury's codes of support.ts's `testEnv`. */
async function seeded(clock: TestClock): Promise<void> {
  const pool = database!.pool;
  await resetAndSeed(pool, clock.now());
  for (const [token, name, role] of [
    [ORGANISER_TOKEN, 'Ban Tổ chức', 'organiser'],
    [JURY_TOKEN, 'Ban Giám khảo', 'jury'],
  ]) {
    await pool.query('INSERT INTO admin_tokens (token_hash, name, role, created_at) VALUES ($1, $2, $3, $4)', [hashToken(token!), name, role, clock.now().toISOString()]);
  }
}

const NEW = 'cuoc-thi-chuyen-doi-so';
const CSV = [
  'id,topic,text,option_a,option_b,option_c,option_d,answer,explanation',
  'cds-1,vneid,Ứng dụng VNeID do cơ quan nào quản lý?,Bộ Công an,Bộ Y tế,Bộ Tài chính,Bộ Nội vụ,A,Bộ Công an xây dựng VNeID.',
  'cds-2,dvc,Cổng Dịch vụ công quốc gia có địa chỉ nào?,dichvucong.gov.vn,vneid.gov.vn,,,A,',
  ',vneid,Căn cước điện tử được cấp qua ứng dụng nào?,VNeID,Zalo,,,A,',
].join('\r\n');

/**
 * The console's journey, step by step, with the answers that are the same on every store (a
 * new question's id, made at random, left out). `calls` gives the node of each step.
 */
async function journey(calls: Call[], clock: TestClock) {
  let step = 0;
  const next = () => calls[step++ % calls.length]!;
  const admin = (method: string, path: string, json?: unknown, token = ORGANISER_TOKEN) => next()(method, `/api/admin${path}`, json === undefined ? { token } : { token, json });
  const answers: { status: number; body: any }[] = [];
  const keep = (reply: { status: number; body: any }) => {
    answers.push({ status: reply.status, body: reply.body });
    return reply;
  };

  keep(await admin('GET', '/me'));
  const open = keep(await admin('GET', `/contests/${OPEN}`)).body;
  const { status: _status, rounds: _rounds, roundsRanking: _ranking, slug: _slug, ...contest } = open;
  keep(await admin('PUT', `/contests/${NEW}`, { ...contest, title: 'Cuộc thi chuyển đổi số' }));
  clock.advance(1_000);
  keep(await admin('PUT', `/contests/${NEW}`, { ...contest, title: 'Cuộc thi chuyển đổi số 2026' }));
  keep(await admin('PUT', `/contests/${NEW}`, { ...contest, title: 'Ghi bởi Ban Giám khảo' }, JURY_TOKEN));
  keep(await admin('GET', '/contests'));
  keep(await next()('POST', `/api/admin/contests/${NEW}/questions`, { token: ORGANISER_TOKEN, body: `\uFEFF${CSV}\r\n`, contentType: 'text/csv; charset=utf-8' }));
  keep(await next()('POST', `/api/admin/contests/${NEW}/questions`, { token: ORGANISER_TOKEN, body: `${CSV.split('\r\n')[0]}\r\ncds-9,vneid,,A,B,,,E,\r\n`, contentType: 'text/csv' }));
  keep(await admin('PUT', `/contests/${NEW}/questions/cds-2`, { topic: 'dvc', text: 'Cổng Dịch vụ công quốc gia ở địa chỉ nào?', options: ['dichvucong.gov.vn', 'vneid.gov.vn'], answer: 0 }));
  keep(await admin('DELETE', `/contests/${NEW}/questions/cds-1`));
  keep(await admin('GET', `/contests/${NEW}/questions?includeRetired=true`));
  keep(await admin('PUT', `/contests/${NEW}/units`, THAI_BINH_UNITS.slice(0, 5)));
  keep(await admin('PUT', `/contests/${NEW}/units`, [{ id: 'con', name: 'Đơn vị con', parentId: 'khong-co' }]));
  keep(await admin('GET', `/contests/${NEW}/units`));
  keep(await admin('PUT', `/contests/${NEW}/exclusions`, { idNumbers: ['034090000777'], phones: ['0912 000 777'] }));
  keep(await admin('GET', `/contests/${NEW}/exclusions`));
  keep(await admin('GET', '/contests/khong-co/units'));
  const created = keep(await admin('POST', '/access-codes', { name: 'Thư ký', role: 'jury' }));
  keep(await admin('GET', '/access-codes'));
  keep(await admin('DELETE', `/access-codes/${created.body.code.id}`));
  keep(await admin('GET', '/audit?limit=50'));
  const [newest] = answers.at(-1)!.body;
  keep(await admin('GET', `/audit?limit=3&before=${newest.id}`));
  const text = JSON.stringify(answers, (key, value) => (key === 'token' ? '<mã>' : value));
  // A question imported without an id got one of its own (tokens.ts newId): the same on every store but for that.
  return JSON.parse(text.replace(/\b[0-9a-f]{32}\b/g, '<id>')) as { status: number; body: any }[];
}

describe('the console over PostgreSQL', () => {
  it('answers the setup journey as a server over SQLite does, each step on another node', async () => {
    const onSqlite = testEnv();
    const expected = await journey([onSqlite.call], onSqlite.clock);
    expect(expected.map((reply) => reply.status)).toEqual([200, 200, 201, 200, 403, 200, 200, 400, 200, 200, 200, 200, 400, 200, 200, 200, 404, 201, 200, 200, 200, 200]);
    expect(expected[10]!.body.map((q: { id: string; retiredAt: string | null }) => [q.id, q.retiredAt !== null])).toEqual([
      ['cds-1', true],
      ['cds-2', false],
      ['<id>', false],
    ]);
    expect(expected[20]!.body.slice(0, 6).map((entry: { action: string }) => entry.action)).toEqual([
      'token.revoke',
      'token.create',
      'read.exclusions',
      'exclusions.replace',
      'units.replace',
      'question.retire',
    ]);

    const clock = new TestClock(STORE_START);
    await seeded(clock);
    const poolB = createPool({ url: database!.url, poolSize: 2, applicationName: 'test console node B' });
    try {
      expect(await journey([node(database!.pool, clock), node(poolB, clock)], clock)).toEqual(expected);
    } finally {
      await poolB.end();
    }
    const rows = await database!.pool.query(`SELECT id, position, retired_at IS NOT NULL AS retired FROM questions WHERE contest_slug = $1 ORDER BY position`, [NEW]);
    expect(rows.rows.map((row) => [row.position, row.retired])).toEqual([
      [0, true],
      [1, false],
      [2, false],
    ]);
  });

  it("shows on one node's public reads what the console changed through another: the contest's page, its units and the leaderboard of who is excluded", async () => {
    const clock = new TestClock(STORE_START);
    await seeded(clock);
    const poolB = createPool({ url: database!.url, poolSize: 2, applicationName: 'test console node B' });
    try {
      const nodeA = node(database!.pool, clock);
      const nodeB = node(poolB, clock);
      const page = async () => {
        const reply = await nodeA('GET', `/api/contests/${OPEN}`);
        expect(reply.status).toBe(200);
        return reply.body as { title: string; stats: { participants: number } };
      };
      const units = async () => ((await nodeA('GET', `/api/contests/${OPEN}/units`)).body as { id: string; name: string }[]).map((u) => u.name);
      const before = await page();
      // Read twice: the second answer is the body node A keeps.
      expect(await page()).toEqual(before);
      expect(await units()).toContain('Thành phố Thái Bình');

      const console = (await nodeB('GET', `/api/admin/contests/${OPEN}`, { token: ORGANISER_TOKEN })).body;
      const { status: _status, rounds: _rounds, roundsRanking: _ranking, slug: _slug, ...contest } = console;
      const saved = await nodeB('PUT', `/api/admin/contests/${OPEN}`, { token: ORGANISER_TOKEN, json: { ...contest, title: 'Tìm hiểu Đề án 06 (đã đổi tên)' } });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      expect((await page()).title).toBe('Tìm hiểu Đề án 06 (đã đổi tên)');

      const renamed = THAI_BINH_UNITS.map((u) => (u.id === 'tp-thai-binh' ? { ...u, name: 'TP. Thái Bình' } : u));
      expect((await nodeB('PUT', `/api/admin/contests/${OPEN}/units`, { token: ORGANISER_TOKEN, json: renamed })).status).toBe(200);
      expect(await units()).toContain('TP. Thái Bình');

      // Someone plays on node A; excluded through node B, they leave node A's board and figures.
      const registered = await nodeA('POST', `/api/contests/${OPEN}/contestants`, {
        json: { fullName: 'Trần Thị Bình', birthDate: '1991-02-03', idNumber: '034091000123', phone: '0912000123', unitId: 'tp-thai-binh', occupation: 'can-bo', consent: true },
      });
      expect(registered.status, JSON.stringify(registered.body)).toBe(201);
      const token = registered.body.token as string;
      const attempt = await nodeA('POST', `/api/contests/${OPEN}/attempts`, { token });
      expect(attempt.status, JSON.stringify(attempt.body)).toBe(201);
      clock.advance(30_000);
      const submitted = await nodeA('POST', `/api/attempts/${attempt.body.id}/submit`, { token, json: { answers: {}, prediction: 1 } });
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
      const board = async () => ((await nodeA('GET', `/api/contests/${OPEN}/leaderboard`)).body as { entries: unknown[] }).entries;
      expect(await board()).toHaveLength(1);
      expect((await page()).stats.participants).toBe(1);
      expect((await nodeB('PUT', `/api/admin/contests/${OPEN}/exclusions`, { token: ORGANISER_TOKEN, json: { idNumbers: ['034091000123'], phones: [] } })).status).toBe(200);
      expect(await board()).toEqual([]);
      expect((await page()).stats.participants).toBe(0);
    } finally {
      await poolB.end();
    }
  });

  it('still answers 501 for an organiser route not on PostgreSQL yet', async () => {
    const clock = new TestClock(STORE_START);
    await seeded(clock);
    const reply = await node(database!.pool, clock)('GET', `/api/admin/contests/${OPEN}/contestants/search?q=Nguyen`, { token: ORGANISER_TOKEN });
    expect(reply.status).toBe(501);
    expect(reply.body.error.code).toBe('NOT_IMPLEMENTED');
  });

  it('serves the integrity review and the bulk void: the jury reads, only organisers void, an unknown attempt refused by name', async () => {
    const clock = new TestClock(STORE_START);
    await seeded(clock);
    const call = node(database!.pool, clock);
    const review = await call('GET', `/api/admin/contests/${OPEN}/integrity`, { token: JURY_TOKEN });
    expect(review.status, JSON.stringify(review.body)).toBe(200);
    expect(review.body).toMatchObject({
      flags: [],
      counts: { fastAttempt: 0, sharedNetwork: 0, registrationBurst: 0, scoreJump: 0, identicalAnswers: 0, predictionOnly: 0 },
      thresholds: { minSecondsPerQuestion: 3 },
    });
    expect((await call('GET', '/api/admin/contests/khong-co/integrity', { token: JURY_TOKEN })).status).toBe(404);
    const request = { attemptIds: ['khong-co'], reason: 'Tấn công bằng kịch bản' };
    const jury = await call('POST', `/api/admin/contests/${OPEN}/attempts/void`, { token: JURY_TOKEN, json: request });
    expect(jury.status).toBe(403);
    const unknown = await call('POST', `/api/admin/contests/${OPEN}/attempts/void`, { token: ORGANISER_TOKEN, json: request });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'VALIDATION', fields: { attemptIds: 'Không tìm thấy lượt thi: khong-co' } });
  });

  it('serves the console ranking and the printable report to the jury', async () => {
    const clock = new TestClock(STORE_START);
    await seeded(clock);
    const call = node(database!.pool, clock);
    const ranking = await call('GET', `/api/admin/contests/${OPEN}/ranking.json?limit=10`, { token: JURY_TOKEN });
    expect(ranking.status, JSON.stringify(ranking.body)).toBe(200);
    expect(ranking.body).toMatchObject({ provisional: true, participants: 0, limit: 10, entries: [] });
    expect((await call('GET', `/api/admin/contests/${OPEN}/ranking.json?limit=0`, { token: JURY_TOKEN })).status).toBe(400);
    const report = await call('GET', `/api/admin/contests/${OPEN}/report`, { token: JURY_TOKEN });
    expect(report.status).toBe(200);
    expect(report.body).toContain('<!doctype html>');
    expect(report.body).toContain('ỦY BAN NHÂN DÂN TỈNH THÁI BÌNH');
    expect((await call('GET', '/api/admin/contests/khong-co/report', { token: JURY_TOKEN })).status).toBe(404);
  });
});
