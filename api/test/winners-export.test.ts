import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../src/domain/csv.js';
import { THAI_BINH_UNITS } from '../src/seed/demo.js';
import { admin, contestantWithScore, expectError } from './admin-support.js';
import { JURY_TOKEN, OPEN, snapshot, testEnv, type TestEnv } from './support.js';

const COMPETING = THAI_BINH_UNITS.filter((u) => u.kind !== 'group').map((u) => u.id);

/**
 * 24 people in 12 competing units, two per unit, with scores 20, 19, … so that plan 34's prizes
 * (20 individual, 11 collective) all find winners. Every unit declares a headcount (3, 4, 5, …),
 * so the collective criterion is the participation rate.
 */
async function plan34Contest() {
  const env = testEnv();
  const units = THAI_BINH_UNITS.map((u, i) => ({ ...u, headcount: u.kind === 'group' ? null : 3 + i }));
  expect((await admin(env, 'PUT', `/contests/${OPEN}/units`, units)).status).toBe(200);
  for (let n = 1; n <= 24; n++) {
    await contestantWithScore(env, n, 21 - Math.ceil(n / 1.2), {
      prediction: 20 + n,
      thinkMs: 60_000 + n * 1000,
      overrides: { fullName: `Người Dự Thi ${String.fromCharCode(64 + n)}`, unitId: COMPETING[(n - 1) % 12] },
    });
  }
  return env;
}

async function download(env: TestEnv, query: string, token: string | null = JURY_TOKEN) {
  const response = await env.app.request(`/api/admin/contests/${OPEN}/results/export${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}

async function workbook(env: TestEnv) {
  const { response, bytes } = await download(env, '?format=xlsx');
  expect(response.status, new TextDecoder().decode(bytes)).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="giai-thuong-[a-z0-9-]+\.xlsx"$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return book.worksheets.map((sheet) => {
    const rows: Record<string, unknown>[] = [];
    const header: string[] = [];
    sheet.getRow(1).eachCell((cell, c) => {
      header[c - 1] = String(cell.value);
    });
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      rows.push(Object.fromEntries(header.map((title, c) => [title, row.getCell(c + 1).value ?? null])));
    });
    return { name: sheet.name, header, rows };
  });
}

const prizeCounts = (rows: Record<string, unknown>[]) => {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(`${row.Giải}|${row['Giá trị (VND)']}`, (counts.get(`${row.Giải}|${row['Giá trị (VND)']}`) ?? 0) + 1);
  return Object.fromEntries(counts);
};

describe('GET /api/admin/contests/:slug/results/export', () => {
  it('XLSX: an individual and a collective sheet matching the computation, plan 34 prizes, contact details and the figures used', async () => {
    const env = await plan34Contest();
    const computed = (await admin(env, 'POST', `/contests/${OPEN}/results`, {})).body;
    const [individual, collective, ...others] = await workbook(env);
    expect(others).toEqual([]);
    expect(individual!.name).toBe('Cá nhân');
    expect(collective!.name).toBe('Tập thể');

    expect(prizeCounts(individual!.rows)).toEqual({ 'Giải Nhất|6000000': 1, 'Giải Nhì|3000000': 3, 'Giải Ba|2000000': 5, 'Giải Khuyến khích|1000000': 11 });
    expect(prizeCounts(collective!.rows)).toEqual({ 'Giải Nhất|8000000': 1, 'Giải Nhì|6000000': 2, 'Giải Ba|5000000': 3, 'Giải Khuyến khích|2000000': 5 });

    for (const title of ['Họ và tên', 'Số định danh', 'Điện thoại', 'Ngày sinh', 'Đơn vị', 'Điểm', 'Độ lệch dự đoán', 'Thời gian làm bài (ms)', 'Hạng', 'Con số thực tế (câu hỏi phụ)']) {
      expect(individual!.header).toContain(title);
    }
    expect(individual!.rows.map((r) => [r.Hạng, r['Họ và tên'], r.Giải, r.Điểm, r['Thời gian làm bài (ms)']])).toEqual(
      computed.individual.map((w: { rank: number; name: string; prize: string; score: number; durationMs: number }) => [w.rank, w.name, w.prize, w.score, w.durationMs]),
    );
    const first = individual!.rows[0]!;
    expect(first['Số định danh']).toMatch(/^034090\d{6}$/);
    expect(first['Điện thoại']).toMatch(/^0912\d{6}$/);
    expect(first['Ngày sinh']).toBe('1990-05-17');
    expect(first['Độ lệch dự đoán']).toBe(Math.abs(computed.individual[0].prediction - computed.actual));
    expect(first['Con số thực tế (câu hỏi phụ)']).toBe(computed.actual);
    expect(String(first['Căn cứ'])).toMatch(/^Tạm tính/);

    expect(computed.collectiveCriterion).toBe('participationRate');
    expect(collective!.rows.map((r) => [r.Hạng, r['Mã đơn vị'], r.Giải, r['Số người dự thi']])).toEqual(
      computed.collective.map((u: { unitId: string; prize: string; participants: number }, i: number) => [i + 1, u.unitId, u.prize, u.participants]),
    );
    for (const [i, row] of collective!.rows.entries()) {
      expect(row['Tỷ lệ tham gia']).toBe(Math.round(computed.collective[i].rate * 10_000) / 10_000);
      expect(row['Tỷ lệ tham gia']).toBeCloseTo((row['Số người dự thi'] as number) / (row['Quân số'] as number), 4);
      expect(row['Tiêu chí xét giải tập thể']).toBe('Tỷ lệ tham gia');
    }
    expect(String(collective!.rows[0]!['Tỷ lệ tham gia']).replace(/^0\./, '').length).toBeLessThanOrEqual(4);
  });

  it('CSV: UTF-8 with BOM, one table whose first column names the sheet; formula-like text is defused', async () => {
    const env = await plan34Contest();
    const renamed = THAI_BINH_UNITS.map((u, i) => ({ ...u, headcount: u.kind === 'group' ? null : 3 + i, name: u.id === COMPETING[0] ? '=HYPERLINK("http://x")' : u.name }));
    expect((await admin(env, 'PUT', `/contests/${OPEN}/units`, renamed)).status).toBe(200);
    const { response, bytes } = await download(env, '?format=csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/i);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes));
    const [header, ...body] = rows;
    expect(header![0]).toBe('Bảng');
    expect(header).toEqual(expect.arrayContaining(['Giải', 'Giá trị (VND)', 'Hạng', 'Số định danh', 'Điện thoại', 'Ngày sinh', 'Tỷ lệ tham gia', 'Căn cứ']));
    expect(body.filter((r) => r[0] === 'Cá nhân')).toHaveLength(20);
    expect(body.filter((r) => r[0] === 'Tập thể')).toHaveLength(11);
    const at = (title: string) => header!.indexOf(title);
    const collective = body.filter((r) => r[0] === 'Tập thể');
    expect(collective.map((r) => r[at('Giá trị (VND)')])).toEqual(['8000000', '6000000', '6000000', '5000000', '5000000', '5000000', '2000000', '2000000', '2000000', '2000000', '2000000']);
    for (const row of collective) expect(row[at('Tỷ lệ tham gia')]).toMatch(/^0\.\d{1,4}$|^1$/);
    expect(rows.flat().filter((cell) => cell.includes('HYPERLINK'))).not.toHaveLength(0);
    for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+@]/);
    // A person's column stays empty on a unit's row.
    expect(collective[0]![at('Số định danh')]).toBe('');
  });

  it('after publication: the published list, marked so; audited as a read of personal data; the jury may download', async () => {
    const env = await plan34Contest();
    expect((await admin(env, 'POST', `/contests/${OPEN}/results`, { publish: true })).status).toBe(200);
    const [individual] = await workbook(env);
    expect(String(individual!.rows[0]!['Căn cứ'])).toMatch(/^Đã công bố/);
    const [entry] = (await admin(env, 'GET', '/audit')).body;
    expect(entry).toMatchObject({ actor: 'Ban Giám khảo', action: 'read.winners', target: OPEN, detail: { format: 'xlsx', individual: 20, collective: 11, source: 'published' } });
    expect(JSON.stringify(entry)).not.toMatch(/034090|0912/);
  });

  it('refuses a bad format or no token with the error shape, writing nothing', async () => {
    const env = testEnv();
    const before = snapshot(env.db);
    const bad = await download(env, '?format=pdf');
    const error = expectError({ status: bad.response.status, body: JSON.parse(new TextDecoder().decode(bad.bytes)) }, 400, 'VALIDATION');
    expect(Object.keys(error.fields ?? {})).toEqual(['format']);
    const none = await download(env, '?format=csv', null);
    expectError({ status: none.response.status, body: JSON.parse(new TextDecoder().decode(none.bytes)) }, 401, 'UNAUTHORIZED');
    expect(snapshot(env.db)).toBe(before);
  });
});
