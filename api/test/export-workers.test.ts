import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { Hono } from 'hono';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAdminToken } from '../src/db/admin.js';
import { commitGroup, openDatabase, type Db } from '../src/db/connection.js';
import { parseCsv } from '../src/domain/csv.js';
import { getContest, listQuestions } from '../src/db/contests.js';
import { BLOCK_ROWIDS } from '../src/exports/jobs.js';
import { exportJobResponse, MAX_EXPORT_WORKERS } from '../src/exports/runner.js';
import { seedDemoContests } from '../src/seed/demo.js';
import { hashToken } from '../src/tokens.js';
import { smallContest } from './admin-support.js';
import { appEnv, JURY_TOKEN, OPEN, ORGANISER_TOKEN, register, startAttempt, TestClock, type TestEnv } from './support.js';

const SLUG = 'xuat-tep-luong';
const dirs: string[] = [];
const dbs: Db[] = [];

afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The app on a database file, as the server runs it (group commit): exports go to worker threads. */
function fileEnv(): TestEnv {
  const dir = mkdtempSync(join(tmpdir(), 'xuat-tep-'));
  dirs.push(dir);
  const clock = new TestClock(new Date('2026-11-28T03:00:00Z'));
  const db = openDatabase(join(dir, 'thi.db'), { groupCommit: true });
  dbs.push(db);
  createAdminToken(db, hashToken(ORGANISER_TOKEN), 'Ban Tổ chức', 'organiser', clock.now());
  createAdminToken(db, hashToken(JURY_TOKEN), 'Ban Giám khảo', 'jury', clock.now());
  seedDemoContests(db, clock.now());
  return appEnv(db, clock);
}

/** The same data in memory: there the export is made on the main thread, as before workers. */
function memoryCopy(env: TestEnv): TestEnv {
  commitGroup(env.db);
  const image = env.db.serialize();
  image[18] = image[19] = 1; // the file's header says WAL (2), which an in-memory database cannot use: rollback journal (1)
  const db = new Database(image);
  dbs.push(db);
  return appEnv(db, env.clock);
}

async function download(env: TestEnv, path: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const response = await env.app.request(`/api/admin/contests/${path}`, { headers: { authorization: `Bearer ${JURY_TOKEN}` } });
  return { status: response.status, type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
}

async function workbookRows(bytes: Buffer): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  const rows: unknown[][] = [];
  book.worksheets[0]!.eachRow({ includeEmpty: true }, (row, n) => {
    rows[n - 1] = (row.values as unknown[]).slice(1);
  });
  return rows;
}

/**
 * By default more attempts than three blocks of rowids, with attempts of another contest in between (the
 * contest's rowids have gaps), answers, a quoted name, and one attempt left running past its
 * deadline, which the export finalises before reading.
 */
async function largeContest(env: TestEnv, inserted = 3 * BLOCK_ROWIDS + 123): Promise<{ total: number; overdueId: string }> {
  await smallContest(env, SLUG, 4, 2);
  const { token } = await register(env, 1, { fullName: 'Nguyễn Văn An' }, SLUG);
  const overdue = await startAttempt(env, token, SLUG);
  const total = inserted;
  env.db.transaction(() => {
    const contestant = env.db.prepare(
      `INSERT INTO contestants (id, contest_slug, id_number, full_name, birth_date, phone, unit_id, occupation, created_at)
       VALUES (?, ?, ?, ?, '1990-05-17', ?, 'tp-thai-binh', 'can-bo', '2026-11-28T03:00:00.000Z')`,
    );
    const attempt = env.db.prepare(
      `INSERT INTO attempts (id, contest_slug, contestant_id, status, started_at, deadline, submitted_at, score, total, duration_ms, prediction)
       VALUES (?, ?, ?, 'submitted', ?, '2026-11-28T03:15:00.000Z', '2026-11-28T18:05:00.000Z', 1, 2, 300000, 7)`,
    );
    const answer = env.db.prepare(`INSERT INTO attempt_answers (attempt_id, question_id, option_index, saved_at) VALUES (?, ?, ?, '2026-11-28T03:01:00.000Z')`);
    for (let i = 0; i < total; i++) {
      const n = String(i).padStart(6, '0');
      const slug = i % 5 === 4 ? OPEN : SLUG; // every fifth attempt belongs to the other contest
      contestant.run(`c${n}`, slug, `035090${n}`, i === 0 ? '=Nguyễn "Tí", An' : `Thí sinh số ${i}`, `0912${n}`);
      attempt.run(`a${n}`, slug, `c${n}`, new Date(Date.UTC(2026, 10, 28, 3, 0, i)).toISOString());
      if (slug === SLUG) answer.run(`a${n}`, `${SLUG}-q${1 + (i % 4)}`, i % 4);
    }
  })();
  env.clock.advance(30 * 60_000);
  return { total: total - Math.floor((total + 1) / 5) + 1, overdueId: overdue.id };
}

describe('exports made by worker threads (a database file)', () => {
  it('the attempts CSV is byte for byte the one made on the main thread, overdue attempts finalised first', async () => {
    const env = fileEnv();
    const { total, overdueId } = await largeContest(env);
    const fromWorkers = await download(env, `${SLUG}/attempts?format=csv`);
    expect(fromWorkers.status).toBe(200);
    expect(fromWorkers.type).toMatch(/^text\/csv; charset=utf-8/i);

    const rows = parseCsv(fromWorkers.bytes.toString('utf8'));
    expect(rows).toHaveLength(total + 1);
    const overdue = rows.find((row) => row[0] === overdueId)!;
    expect(overdue[8]).toBe('Đã nộp'); // finalised on the server's connection, committed before the workers read
    expect(overdue[17]).toBe('Có');
    const numbers = rows.slice(2).map((row) => Number(row[0]!.slice(1)));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b)); // the workers' blocks in rowid order
    expect(rows[2]!.slice(2, 3)).toEqual([`'=Nguyễn "Tí", An`]); // quoted, and defused for Excel
    expect(rows[2]!.slice(9, 13)).toEqual(['28/11/2026 10:00:00', '2026-11-28T03:00:00.000Z', '29/11/2026 01:05:00', '2026-11-28T18:05:00.000Z']);

    const onMainThread = await download(memoryCopy(env), `${SLUG}/attempts?format=csv`);
    expect(fromWorkers.bytes.equals(onMainThread.bytes)).toBe(true);
  });

  it('workers sharing an attempts CSV, by turns of blocks of rowids, write the same file as one', async () => {
    const env = fileEnv();
    const { total } = await largeContest(env);
    const single = await download(env, `${SLUG}/attempts?format=csv`); // finalises the overdue attempt too
    const questionIds = listQuestions(env.db, SLUG, true).map((q) => q.id);
    const occupations = getContest(env.db, SLUG)!.occupations.map((o): [string, string] => [o.id, o.name]);
    for (const workers of [2, 3]) {
      const app = new Hono().get('/', (c) =>
        exportJobResponse(c, env.db, { kind: 'attempts', slug: SLUG, format: 'csv', questionIds, occupations }, workers),
      );
      const shared = Buffer.from(await (await app.request('/')).arrayBuffer());
      expect(parseCsv(shared.toString('utf8')), `${workers} workers`).toHaveLength(total + 1);
      expect(shared.equals(single.bytes), `${workers} workers`).toBe(true);
    }
  });

  it('the attempts workbook and the contestants files hold the same rows as those made on the main thread', async () => {
    const env = fileEnv();
    const { total } = await largeContest(env, 2_345);
    const fromWorker = await download(env, `${SLUG}/attempts?format=xlsx`);
    expect(fromWorker.status).toBe(200);
    expect(fromWorker.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const copy = memoryCopy(env);
    const sheet = await workbookRows(fromWorker.bytes);
    expect(sheet).toHaveLength(total + 1);
    expect(sheet).toEqual(await workbookRows((await download(copy, `${SLUG}/attempts?format=xlsx`)).bytes));

    const contestants = await download(env, `${SLUG}/contestants?format=csv`);
    expect(contestants.bytes.equals((await download(copy, `${SLUG}/contestants?format=csv`)).bytes)).toBe(true);
    expect(parseCsv(contestants.bytes.toString('utf8')).length).toBeGreaterThan(total / 2);
    const contestantsBook = await download(env, `${SLUG}/contestants?format=xlsx`);
    expect(await workbookRows(contestantsBook.bytes)).toEqual(await workbookRows((await download(copy, `${SLUG}/contestants?format=xlsx`)).bytes));
  });

  it('refuses a download beyond the workers it may run at once, with a Vietnamese 429, until one ends', async () => {
    const env = fileEnv();
    const { total } = await largeContest(env);
    const open = [];
    for (let i = 0; i < MAX_EXPORT_WORKERS; i++) {
      const response = await env.app.request(`/api/admin/contests/${SLUG}/attempts?format=csv`, { headers: { authorization: `Bearer ${JURY_TOKEN}` } });
      const reader = response.body!.getReader();
      expect((await reader.read()).done).toBe(false); // its worker is running
      open.push(reader);
    }
    const refused = await env.app.request(`/api/admin/contests/${SLUG}/contestants?format=xlsx`, { headers: { authorization: `Bearer ${JURY_TOKEN}` } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect((await refused.json()).error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('Vui lòng thử lại') });
    for (const reader of open) await reader.cancel();
    await expect.poll(async () => (await download(env, `${SLUG}/attempts?format=csv`)).status, { timeout: 10_000 }).toBe(200);
    expect(parseCsv((await download(env, `${SLUG}/attempts?format=csv`)).bytes.toString('utf8'))).toHaveLength(total + 1);
  });

  it('a client that stops reading ends the download; the next one is whole', async () => {
    const env = fileEnv();
    const { total } = await largeContest(env);
    const response = await env.app.request(`/api/admin/contests/${SLUG}/attempts?format=csv`, { headers: { authorization: `Bearer ${JURY_TOKEN}` } });
    const reader = response.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    await reader.cancel();
    const again = await download(env, `${SLUG}/attempts?format=csv`);
    expect(parseCsv(again.bytes.toString('utf8'))).toHaveLength(total + 1);
  });
});
