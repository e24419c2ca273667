/**
 * Prizes the jury can check, end to end in Chromium against the built server: the committee imports
 * a unit tree whose grouping node ("Khối cơ quan tỉnh") has no headcount, 26 contestants of 13 units
 * take part through the contestant API, computing prizes answers 409 naming the Khối, the committee
 * fixes the tree row by row in the console (the Khối stops competing, its departments compete),
 * computes, publishes, downloads the winners' workbook and it holds the plan's prizes: individual
 * 1×6,000,000, 3×3,000,000, 5×2,000,000, 11×1,000,000 đ; collective 1×8,000,000, 2×6,000,000,
 * 3×5,000,000, 5×2,000,000 đ. Screenshots go to test-results/prizes/.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, recordPageProblems, startServer, type RunningServer } from './server.js';

const ADMIN_TOKEN = 'Wb7pQ2xR9kLm4sT8vN1cZ6hJ3fD0gY5aE2uI7oP9qWe';
const SHOTS = new URL('../test-results/prizes/', import.meta.url);
const SLUG = 'giai-thuong-e2e';

const DEPARTMENTS = [
  ['cong-an', 'Công an tỉnh', 3000],
  ['so-gddt', 'Sở Giáo dục và Đào tạo', 2750],
  ['so-tttt', 'Sở Thông tin và Truyền thông', 90],
  ['so-tu-phap', 'Sở Tư pháp', 120],
  ['so-y-te', 'Sở Y tế', 4000],
] as const;
const DISTRICTS = [
  ['tp-thai-binh', 'Thành phố Thái Bình', 52000],
  ['vu-thu', 'Huyện Vũ Thư', 41000],
  ['kien-xuong', 'Huyện Kiến Xương', 38000],
  ['tien-hai', 'Huyện Tiền Hải', 36000],
  ['thai-thuy', 'Huyện Thái Thụy', 45000],
  ['dong-hung', 'Huyện Đông Hưng', 43000],
  ['quynh-phu', 'Huyện Quỳnh Phụ', 40000],
  ['hung-ha', 'Huyện Hưng Hà', 39000],
] as const;

const UNIT_ROWS: (string | number)[][] = [
  ['Mã đơn vị', 'Tên đơn vị', 'Mã đơn vị cấp trên', 'Loại', 'Số người', 'Dự giải tập thể'],
  ['tinh', 'Tỉnh Thái Bình', '', 'Tỉnh', '', ''],
  ['khoi-tinh', 'Khối cơ quan tỉnh', 'tinh', 'Khối', '', ''],
  ...DEPARTMENTS.map(([id, name, headcount]) => [id, name, 'khoi-tinh', 'Sở', headcount, '']),
  ['thpt-chuyen', 'Trường THPT Chuyên Thái Bình', 'so-gddt', 'Trường', 900, ''],
  ...DISTRICTS.map(([id, name, headcount]) => [id, name, 'tinh', 'Huyện', headcount, '']),
];

/** Where the 26 contestants register: two per competing unit, one of Sở GD&ĐT's through its school. */
const CONTESTANT_UNITS = [...DEPARTMENTS.map(([id]) => id), ...DISTRICTS.map(([id]) => id)].flatMap((id) => [id, id === 'so-gddt' ? 'thpt-chuyen' : id]);

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Ngô', 'Dương', 'Lý', 'Phan'];
const GIVEN = ['An', 'Bình'];

/** The plan's prizes: how many of each value (VND). */
const PLAN = {
  individual: Object.fromEntries([
    [6_000_000, 1],
    [3_000_000, 3],
    [2_000_000, 5],
    [1_000_000, 11],
  ]),
  collective: Object.fromEntries([
    [8_000_000, 1],
    [6_000_000, 2],
    [5_000_000, 3],
    [2_000_000, 5],
  ]),
};

function visible(locator: Locator, timeout = 10_000) {
  return locator.first().waitFor({ state: 'visible', timeout });
}

function containing(locator: Locator, text: string | RegExp, timeout = 10_000) {
  return visible(locator.filter({ hasText: text }), timeout);
}

/** How many prizes of each value a sheet of the winners' workbook lists. */
function prizesByValue(sheet: ExcelJS.Worksheet): Record<number, number> {
  const header = (sheet.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
  const column = header.indexOf('Giá trị (VND)');
  expect(column, `no «Giá trị (VND)» column in ${header.join(', ')}`).toBeGreaterThan(0);
  const counts: Record<number, number> = {};
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const value = Number(row.getCell(column).value);
    counts[value] = (counts[value] ?? 0) + 1;
  });
  return counts;
}

describe('prizes the jury can check', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let dir: string;
  const problems: string[] = [];
  const saved = { admin: process.env.ADMIN_TOKEN, challenge: process.env.ATTEMPT_CHALLENGE, seed: process.env.SEED_DEMO };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'prizes-e2e-'));
    // startServer passes the environment on to the server process.
    process.env.ADMIN_TOKEN = ADMIN_TOKEN;
    process.env.ATTEMPT_CHALLENGE = 'off';
    process.env.SEED_DEMO = 'off';
    server = await startServer();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', acceptDownloads: true });
    page = await context.newPage();
    recordPageProblems(page, problems);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    for (const [key, value] of [
      ['ADMIN_TOKEN', saved.admin],
      ['ATTEMPT_CHALLENGE', saved.challenge],
      ['SEED_DEMO', saved.seed],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  const shoot = (name: string) => page.screenshot({ path: new URL(`${name}.png`, SHOTS).pathname, fullPage: true });

  async function api<T>(method: string, path: string, body?: unknown, token = ADMIN_TOKEN): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${server.origin}/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as T };
  }

  async function go(label: string, heading: string | RegExp) {
    await page.getByRole('navigation', { name: 'Các mục quản trị' }).getByRole('link', { name: label, exact: true }).click();
    await containing(page.getByRole('heading', { level: 2 }), heading);
  }

  /** Contestant n registers with `unitId` and submits one attempt with `correct` right answers. */
  async function play(n: number, unitId: string, correct: number) {
    const registered = await api<{ token: string }>(
      'POST',
      `/contests/${SLUG}/contestants`,
      {
        fullName: `${FAMILY[Math.floor(n / 2) % FAMILY.length]} Văn ${GIVEN[n % 2]}`,
        birthDate: '1990-05-17',
        idNumber: `034090${String(500 + n).padStart(6, '0')}`,
        phone: `0912${String(500 + n).padStart(6, '0')}`,
        unitId,
        occupation: 'can-bo',
        consent: true,
      },
      '',
    );
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const token = registered.body.token;
    const started = await api<{ id: string; questions: { id: string; options: { id: string; text: string }[] }[] }>('POST', `/contests/${SLUG}/attempts`, {}, token);
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const answers = Object.fromEntries(
      started.body.questions.map((q, i) => [q.id, q.options.find((o) => o.text.startsWith('Đúng') === i < correct)!.id]),
    );
    const submitted = await api('POST', `/attempts/${started.body.id}/submit`, { answers, prediction: 100 + n }, token);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  }

  it('import a tree with a grouping node, 409 naming it, fix it row by row, compute, publish, and the workbook holds the plan’s prizes', async () => {
    // A contest open now with the plan's prizes (the defaults), rates as the collective criterion and
    // an integrity review that does not flag a scripted test run.
    const now = Date.now();
    const created = await api('PUT', `/admin/contests/${SLUG}`, {
      title: 'Cuộc thi tìm hiểu Đề án 06 — thử giải thưởng',
      startsAt: new Date(now - 3_600_000).toISOString(),
      endsAt: new Date(now + 7 * 86_400_000).toISOString(),
      questionsPerAttempt: 5,
      collectiveCriterion: 'participationRate',
      integrity: { minSecondsPerQuestion: 0, networkRegistrations: 100_000, networkAttempts: 100_000, identicalMinAnswers: 200, predictionOnlyMaxAnswers: 0 },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const questions = Array.from({ length: 8 }, (_, i) => ({
      topic: 'de-an-06',
      text: `Câu hỏi thử số ${i + 1} về Đề án 06?`,
      options: [`Đúng: phương án của câu ${i + 1}`, `Sai thứ nhất ${i + 1}`, `Sai thứ hai ${i + 1}`, `Sai thứ ba ${i + 1}`],
      answer: 0,
    }));
    expect((await api('POST', `/admin/contests/${SLUG}/questions`, questions)).status).toBe(200);

    // Sign in to the console on the contest's units screen and import the tree.
    await page.goto(`${server.origin}/admin#/${SLUG}/units`);
    await page.getByLabel('Mã truy cập', { exact: true }).fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await containing(page.getByRole('heading', { level: 2 }), 'Đơn vị');
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Đơn vị');
    for (const row of UNIT_ROWS) sheet.addRow(row);
    writeFileSync(join(dir, 'don-vi.xlsx'), Buffer.from(await book.xlsx.writeBuffer()));
    await page.getByLabel('Tệp đơn vị (.xlsx hoặc .csv)').setInputFiles(join(dir, 'don-vi.xlsx'));
    await page.getByRole('button', { name: 'Nạp danh sách đơn vị' }).click();
    await containing(page.getByRole('status'), `Đã thay danh sách bằng ${UNIT_ROWS.length - 1} đơn vị`);
    // By default the children of the province compete: the Khối and the districts.
    await containing(page.locator('#units-competing').locator('..'), '9 đơn vị dự giải tập thể');
    await shoot('01-don-vi-da-nap');

    // 26 people of 13 units take part, with scores from 0 to 5.
    for (const [n, unitId] of CONTESTANT_UNITS.entries()) await play(n, unitId, (n * 7) % 6);

    // Computing refuses: a competing unit has no headcount, and the console names it with a link.
    await go('Giải thưởng', 'Giải thưởng');
    await page.getByRole('button', { name: 'Tính thử' }).click();
    const missing = page.locator('[data-headcount-missing]');
    await containing(missing, '1 đơn vị dự giải chưa khai báo số người');
    expect(await missing.locator('li').allTextContents()).toEqual(['Khối cơ quan tỉnh (mã khoi-tinh)']);
    await shoot('02-thieu-so-nguoi');

    // Fix: the Khối only groups its departments; it stops competing and each department competes.
    await missing.getByRole('link', { name: 'màn hình Đơn vị' }).click();
    await containing(page.getByRole('heading', { level: 2 }), 'Đơn vị');
    await page.locator('tr[data-unit="khoi-tinh"]').getByRole('button', { name: /^Sửa/ }).click();
    const editor = page.locator('[data-unit-editor]');
    await visible(editor);
    expect(await editor.getByLabel('Mã đơn vị', { exact: true }).inputValue()).toBe('khoi-tinh');
    await editor.getByLabel('Dự giải tập thể', { exact: true }).selectOption({ label: 'Không' });
    await shoot('03-sua-khoi');
    await editor.getByRole('button', { name: 'Lưu đơn vị' }).click();
    await containing(page.getByRole('status'), 'Đã lưu đơn vị Khối cơ quan tỉnh (không dự giải tập thể).');
    for (const [id, name] of DEPARTMENTS) {
      await page.locator(`tr[data-unit="${id}"]`).getByRole('checkbox').click();
      await containing(page.getByRole('status'), `Đã lưu: ${name} dự giải tập thể.`);
    }
    await containing(page.locator('#units-competing').locator('..'), '13 đơn vị dự giải tập thể');
    await shoot('04-don-vi-da-sua');

    // Compute again: 20 individual and 11 collective prizes; then publish with the confirmation.
    await go('Giải thưởng', 'Giải thưởng');
    await page.getByRole('button', { name: 'Tính thử' }).click();
    await visible(page.locator('[data-results]'), 15_000);
    await expect.poll(() => page.locator('[data-headcount-missing]').count()).toBe(0);
    await shoot('05-tinh-thu');
    await page.getByRole('button', { name: 'Công bố kết quả' }).click();
    const dialog = page.getByRole('dialog', { name: 'Công bố kết quả?' });
    await visible(dialog);
    await dialog.getByRole('button', { name: 'Công bố', exact: true }).click();
    await containing(page.locator('[data-published]'), 'Đã công bố lúc', 15_000);
    await shoot('06-da-cong-bo');

    // The winners' workbook, downloaded as the committee does, holds the plan's prizes.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải danh sách đoạt giải (Excel)' }).click()]);
    const file = join(dir, download.suggestedFilename());
    await download.saveAs(file);
    const winners = new ExcelJS.Workbook();
    await winners.xlsx.readFile(file);
    expect(winners.worksheets.map((s) => s.name)).toEqual(['Cá nhân', 'Tập thể']);
    expect(prizesByValue(winners.getWorksheet('Cá nhân')!)).toEqual(PLAN.individual);
    expect(prizesByValue(winners.getWorksheet('Tập thể')!)).toEqual(PLAN.collective);
    // The Khối does not appear among the collective winners; its departments may.
    const collectiveNames = JSON.stringify(winners.getWorksheet('Tập thể')!.getSheetValues());
    expect(collectiveNames).not.toContain('Khối cơ quan tỉnh');
    expect(collectiveNames).toMatch(/Sở Thông tin và Truyền thông|Sở Tư pháp|Công an tỉnh/);

    expect(problems).toEqual([]);
  });
});
