import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../src/db/connection.js';
import { listUnits } from '../src/db/contests.js';
import { MIGRATIONS } from '../src/db/schema.js';
import { competingUnits } from '../src/domain/units.js';
import { admin, expectError } from './admin-support.js';
import { correctOptionId, OPEN, ORGANISER_TOKEN, register, snapshot, startAttempt, testEnv, type TestEnv } from './support.js';

/** Person n registers with `unitId`, answers `correct` questions right and submits. */
async function play(env: TestEnv, n: number, unitId: string, correct = 10) {
  const { token } = await register(env, n, { fullName: `Thí Sinh ${'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[n % 26]}`, unitId });
  const attempt = await startAttempt(env, token);
  const answers = Object.fromEntries(attempt.questions.slice(0, correct).map((q) => [q.id, correctOptionId(env, attempt.id, q.id)]));
  env.clock.advance(5 * 60_000);
  const result = await env.call('POST', `/api/attempts/${attempt.id}/submit`, { token, json: { answers, prediction: 10 } });
  expect(result.status).toBe(200);
}

interface UnitRow {
  id: string;
  name: string;
  parentId?: string | null;
  kind?: string | null;
  headcount?: number | null;
  competes?: boolean | null;
}

/** The secretariat's case: a grouping node of kind "Khối" with no headcount, holding the departments. */
const TREE: UnitRow[] = [
  { id: 'khoi-co-quan', name: 'Khối cơ quan tỉnh', kind: 'Khối' },
  { id: 'cong-an', name: 'Công an tỉnh', parentId: 'khoi-co-quan', kind: 'department' },
  { id: 'so-gd-dt', name: 'Sở Giáo dục và Đào tạo', parentId: 'khoi-co-quan', kind: 'department' },
  { id: 'thpt-chuyen', name: 'Trường THPT Chuyên Thái Bình', parentId: 'so-gd-dt', kind: 'school', headcount: 1200 },
  { id: 'thpt-bac-dh', name: 'Trường THPT Bắc Duyên Hà', parentId: 'so-gd-dt', kind: 'school', headcount: 1200 },
  { id: 'so-tt-tt', name: 'Sở Thông tin và Truyền thông', parentId: 'khoi-co-quan', kind: 'department' },
  { id: 'vu-thu', name: 'Huyện Vũ Thư', kind: 'district' },
];

const HEADCOUNTS: Record<string, number> = { 'cong-an': 50, 'so-gd-dt': 2750, 'so-tt-tt': 40, 'vu-thu': 1000 };
const withHeadcounts = (tree: UnitRow[]) => tree.map((u) => (u.id in HEADCOUNTS ? { ...u, headcount: HEADCOUNTS[u.id] } : u));

async function uploadCsv(env: TestEnv, csv: string) {
  const response = await env.app.request(`/api/admin/contests/${OPEN}/units`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${ORGANISER_TOKEN}`, 'content-type': 'text/csv; charset=utf-8' },
    body: csv,
  });
  return { status: response.status, body: await response.json() };
}

const putUnits = (env: TestEnv, tree: unknown) => admin(env, 'PUT', `/contests/${OPEN}/units`, tree);
const compute = (env: TestEnv) => admin(env, 'POST', `/contests/${OPEN}/results`, {});

async function setCriterion(env: TestEnv, collectiveCriterion: string) {
  const { body } = await admin(env, 'GET', `/contests/${OPEN}`);
  const { status: _s, ...settings } = body;
  void _s;
  expect((await admin(env, 'PUT', `/contests/${OPEN}`, { ...settings, collectiveCriterion })).status).toBe(200);
}

async function playTheTree(env: TestEnv) {
  await play(env, 1, 'cong-an', 12);
  await play(env, 2, 'cong-an', 14);
  await play(env, 3, 'so-gd-dt', 15);
  await play(env, 4, 'thpt-chuyen', 16);
  await play(env, 5, 'thpt-chuyen', 17);
  await play(env, 6, 'thpt-bac-dh', 18);
  await play(env, 7, 'so-tt-tt', 11);
  // People who registered with the grouping node itself: they count for it, and it never competes.
  for (let n = 8; n <= 12; n++) await play(env, n, 'khoi-co-quan', 19);
}

describe('collective prizes with a grouping node "Khối cơ quan tỉnh"', () => {
  it('by rate: 409 naming the competing units without headcount; once declared the departments compete and the Khối never wins', async () => {
    const env = testEnv();
    expect((await putUnits(env, TREE)).status).toBe(200);
    await playTheTree(env);

    const units = await admin(env, 'GET', `/contests/${OPEN}/units`);
    expect(units.body.filter((u: { competing: boolean }) => u.competing).map((u: { id: string }) => u.id)).toEqual([
      'cong-an',
      'so-gd-dt',
      'so-tt-tt',
      'vu-thu',
    ]);

    const before = snapshot(env.db);
    const refused = expectError(await compute(env), 409, 'HEADCOUNT_MISSING');
    expect(refused.units).toEqual([
      { id: 'cong-an', name: 'Công an tỉnh' },
      { id: 'so-gd-dt', name: 'Sở Giáo dục và Đào tạo' },
      { id: 'so-tt-tt', name: 'Sở Thông tin và Truyền thông' },
      { id: 'vu-thu', name: 'Huyện Vũ Thư' },
    ]);
    expect(refused.message).toContain('Công an tỉnh, Sở Giáo dục và Đào tạo, Sở Thông tin và Truyền thông, Huyện Vũ Thư');
    expect(refused.fields).toHaveProperty('headcount');
    // Publishing is refused the same way, and nothing is written.
    const publish = await admin(env, 'POST', `/contests/${OPEN}/results`, { publish: true });
    expect(expectError(publish, 409, 'HEADCOUNT_MISSING').units).toHaveLength(4);
    expect(snapshot(env.db)).toBe(before);

    expect((await putUnits(env, withHeadcounts(TREE))).status).toBe(200);
    const { status, body } = await compute(env);
    expect(status).toBe(200);
    expect(body.collectiveCriterion).toBe('participationRate');
    // Sở GD&ĐT counts its schools' people over its whole headcount: 4 ÷ 2,750.
    expect(body.collective.map((a: { unitId: string; participants: number; rate: number }) => [a.unitId, a.participants, a.rate])).toEqual([
      ['cong-an', 2, 2 / 50],
      ['so-tt-tt', 1, 1 / 40],
      ['so-gd-dt', 4, 4 / 2750],
    ]);
    expect(body.collective.map((a: { unit: string }) => a.unit)).not.toContain('Khối cơ quan tỉnh');
  });

  it('by distinct participants, headcounts are not needed and the Khối still never competes', async () => {
    const env = testEnv();
    expect((await putUnits(env, TREE)).status).toBe(200);
    await playTheTree(env);
    await setCriterion(env, 'participants');
    const { status, body } = await compute(env);
    expect(status).toBe(200);
    expect(body.collectiveCriterion).toBe('participants');
    expect(body.collective.map((a: { unitId: string; participants: number }) => [a.unitId, a.participants])).toEqual([
      ['so-gd-dt', 4],
      ['cong-an', 2],
      ['so-tt-tt', 1],
    ]);
    expect(body.collective.every((a: { rate?: number }) => a.rate === undefined)).toBe(true);
  });

  it('an explicit competes overrides the default: the schools compete instead of their department, the police not at all', async () => {
    const env = testEnv();
    const tree = withHeadcounts(TREE).map((u) =>
      u.id === 'so-gd-dt' || u.id === 'cong-an' ? { ...u, competes: false } : u.parentId === 'so-gd-dt' ? { ...u, competes: true } : u,
    );
    const put = await putUnits(env, tree);
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.find((u: { id: string }) => u.id === 'so-gd-dt')).toMatchObject({ competes: false, competing: false });
    expect(put.body.find((u: { id: string }) => u.id === 'thpt-chuyen')).toMatchObject({ competes: true, competing: true });
    expect(put.body.find((u: { id: string }) => u.id === 'so-tt-tt')).toMatchObject({ competes: null, competing: true });
    await playTheTree(env);
    const { body } = await compute(env);
    expect(body.collective.map((a: { unitId: string; participants: number; rate: number }) => [a.unitId, a.participants, a.rate])).toEqual([
      ['so-tt-tt', 1, 1 / 40],
      ['thpt-chuyen', 2, 2 / 1200],
      ['thpt-bac-dh', 1, 1 / 1200],
    ]);

    // The grouping node may be made to compete explicitly, once nothing below it does.
    const whole = withHeadcounts(TREE).map((u) =>
      u.id === 'khoi-co-quan' ? { ...u, competes: true, headcount: 9000 } : u.parentId === 'khoi-co-quan' ? { ...u, competes: false } : u,
    );
    expect((await putUnits(env, whole)).status).toBe(200);
    const again = await compute(env);
    expect(again.body.collective.map((a: { unitId: string; participants: number }) => [a.unitId, a.participants])).toEqual([['khoi-co-quan', 12]]);
  });

  it('competing units nested in one another are refused with the rows named, and nothing is written', async () => {
    const env = testEnv();
    expect((await putUnits(env, withHeadcounts(TREE))).status).toBe(200);
    const before = snapshot(env.db);
    // A school made to compete under its department, which competes by default.
    const nested = withHeadcounts(TREE).map((u) => (u.id === 'thpt-chuyen' ? { ...u, competes: true } : u));
    const refused = expectError(await putUnits(env, nested), 400, 'VALIDATION');
    expect(refused.rows).toEqual([{ row: 4, field: 'competes', message: expect.stringContaining('Sở Giáo dục và Đào tạo (mã so-gd-dt, dòng 3)') }]);
    expect(refused.rows![0]!.message).toContain('Trường THPT Chuyên Thái Bình');

    // The Khối made to compete above its competing departments: one row per department.
    const khoi = withHeadcounts(TREE).map((u) => (u.id === 'khoi-co-quan' ? { ...u, competes: true } : u));
    expect(expectError(await putUnits(env, khoi), 400, 'VALIDATION').rows!.map((r) => [r.row, r.field])).toEqual([
      [2, 'competes'],
      [3, 'competes'],
      [6, 'competes'],
    ]);

    // The same in a file, numbered as the spreadsheet shows its rows (the header is row 1).
    const csv = [
      'Mã đơn vị,Tên đơn vị,Mã đơn vị cấp trên,Số người,Dự giải tập thể',
      'khoi-co-quan,Khối cơ quan tỉnh,,,không',
      'so-gd-dt,Sở Giáo dục và Đào tạo,khoi-co-quan,2750,có',
      'thpt-chuyen,Trường THPT Chuyên Thái Bình,so-gd-dt,1200,x',
      'cong-an,Công an tỉnh,khoi-co-quan,50,',
    ].join('\r\n');
    const file = await uploadCsv(env, csv);
    expect(expectError(file, 400, 'VALIDATION').rows).toEqual([
      { row: 4, field: 'competes', message: expect.stringContaining('Sở Giáo dục và Đào tạo (mã so-gd-dt, dòng 3)') },
    ]);
    expect(snapshot(env.db)).toBe(before);
  });

  it('an unreadable competes value is refused by field (JSON) or by row and column (file)', async () => {
    const env = testEnv();
    const before = snapshot(env.db);
    const json = expectError(await putUnits(env, [{ id: 'a', name: 'Đơn vị A', competes: 'có' }]), 400, 'VALIDATION');
    expect(json.fields).toHaveProperty(['0.competes']);
    const csv = 'id,name,parent_id,headcount,competes\r\na,Đơn vị A,,10,có lẽ\r\nb,Đơn vị B,,10,không\r\n';
    const file = expectError(await uploadCsv(env, csv), 400, 'VALIDATION');
    expect(file.rows).toEqual([{ row: 2, field: 'competes', message: expect.stringContaining('có, không, x, 1, 0, true, false') }]);
    expect(snapshot(env.db)).toBe(before);
  });

  it('the report prints without collective prizes and says which units lack a headcount', async () => {
    const env = testEnv();
    expect((await putUnits(env, TREE)).status).toBe(200);
    await play(env, 1, 'cong-an');
    const report = await env.app.request(`/api/admin/contests/${OPEN}/report`, { headers: { authorization: `Bearer ${ORGANISER_TOKEN}` } });
    expect(report.status).toBe(200);
    const html = await report.text();
    expect(html).toContain('chưa khai báo số người');
    expect(html).toContain('Công an tỉnh, Sở Giáo dục và Đào tạo');
    expect(html).toContain('tỷ lệ người dự thi');
  });
});

describe('the migration that adds competes', () => {
  it('keeps existing units, leaves their choice to the default, and no longer reads the kind "group"', () => {
    const db = new Database(':memory:');
    const before = MIGRATIONS.findIndex((m) => typeof m === 'string' && m.includes('ADD COLUMN competes'));
    expect(before).toBeGreaterThan(0);
    for (let version = 0; version < before; version++) {
      const migration = MIGRATIONS[version]!;
      if (typeof migration === 'string') db.exec(migration);
      else migration(db);
      db.pragma(`user_version = ${version + 1}`);
    }
    db.prepare('INSERT INTO contests (slug, title, starts_at, ends_at, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      'cu',
      'Cuộc thi cũ',
      '2026-01-01T00:00:00.000Z',
      '2026-02-01T00:00:00.000Z',
      '{}',
      '2026-01-01T00:00:00.000Z',
      '2026-01-01T00:00:00.000Z',
    );
    const insert = db.prepare('INSERT INTO units (contest_slug, id, name, parent_id, kind, headcount, position) VALUES (?, ?, ?, ?, ?, ?, ?)');
    [
      ['huyen', 'Các huyện, thành phố', null, 'group', null],
      ['vu-thu', 'Huyện Vũ Thư', 'huyen', 'district', 1000],
      ['khoi', 'Khối cơ quan tỉnh', null, 'Khối', null],
      ['cong-an', 'Công an tỉnh', 'khoi', 'department', 50],
      ['khac', 'Đơn vị khác', null, 'other', 10],
    ].forEach((row, position) => insert.run('cu', ...row, position));
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const units = listUnits(db, 'cu');
    expect(units.map((u) => u.competes)).toEqual([null, null, null, null, null]);
    expect(competingUnits(units).map((u) => u.id)).toEqual(['vu-thu', 'cong-an', 'khac']);
    db.close();
  });
});
