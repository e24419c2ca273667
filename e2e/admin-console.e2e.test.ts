/**
 * The organiser console end to end, against the built server on a fresh database: sign in with the
 * ADMIN_TOKEN, create and configure a contest that is open now, import questions from an XLSX file
 * (first a faulty one, whose row errors show in a table), load units, watch a contestant's attempt
 * appear on the live dashboard, compute and publish the results with the confirmation, and see the
 * winner in the contestant widget's results view. Screenshots of every screen at 1280×800 and at
 * 820×1180 (tablet) go to test-results/admin/.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, recordPageProblems, startServer, type RunningServer } from './server.js';

const ADMIN_TOKEN = 'On4rxYUOKyCnLeDHMPmxgONs7GCa1PBCCi7cXebk5PY';
const SHOTS = new URL('../test-results/admin/', import.meta.url);
const SUFFIX = String(Date.now()).slice(-6);
const SLUG = `e2e-${SUFFIX}`;
const TITLE = 'Cuộc thi thử nghiệm tìm hiểu Đề án 06';
const WINNER = 'Trần Thị Kiểm Thử';

function visible(locator: Locator, timeout = 10_000) {
  return locator.first().waitFor({ state: 'visible', timeout });
}

function containing(locator: Locator, text: string | RegExp, timeout = 10_000) {
  return visible(locator.filter({ hasText: text }), timeout);
}

/** A `datetime-local` value in Vietnam time, `hours` from now. */
function vietnamLocal(hours: number): string {
  return new Date(Date.now() + (hours + 7) * 3_600_000).toISOString().slice(0, 16);
}

async function workbook(rows: (string | number)[][], file: string): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Dữ liệu');
  for (const row of rows) sheet.addRow(row);
  writeFileSync(file, Buffer.from(await book.xlsx.writeBuffer()));
  return file;
}

const QUESTION_HEADER = ['Chủ đề', 'Câu hỏi', 'Phương án A', 'Phương án B', 'Phương án C', 'Phương án D', 'Đáp án', 'Giải thích'];
const QUESTIONS = Array.from({ length: 8 }, (_, i) => [
  i % 2 ? 'VNeID' : 'Căn cước',
  `Câu hỏi thử số ${i + 1} về định danh và xác thực điện tử?\n\nChọn một phương án:\n- đúng với quy định\n- theo Đề án 06`,
  `Phương án đúng của câu ${i + 1}`,
  `Phương án sai thứ nhất ${i + 1}`,
  `Phương án sai thứ hai ${i + 1}`,
  `Phương án sai thứ ba ${i + 1}`,
  'A',
  'Theo Quyết định 06/QĐ-TTg ngày 06/01/2022.',
]);

describe('the organiser console', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let dir: string;
  const problems: string[] = [];
  const saved = { admin: process.env.ADMIN_TOKEN, challenge: process.env.ATTEMPT_CHALLENGE };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'admin-e2e-'));
    // startServer passes the environment on to the server process.
    process.env.ADMIN_TOKEN = ADMIN_TOKEN;
    process.env.ATTEMPT_CHALLENGE = 'off';
    server = await startServer();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    page = await context.newPage();
    recordPageProblems(page, problems);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    for (const [key, value] of [['ADMIN_TOKEN', saved.admin], ['ATTEMPT_CHALLENGE', saved.challenge]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  /** Laptop then tablet, full page; the tablet shot is taken after the layout settles. */
  async function shoot(name: string) {
    for (const [width, height] of [[1280, 800], [820, 1180]] as const) {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(200);
      await page.screenshot({ path: new URL(`${width}x${height}-${name}.png`, SHOTS).pathname, fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  }

  async function go(label: string, heading: string | RegExp) {
    await page.getByRole('navigation', { name: 'Các mục quản trị' }).getByRole('link', { name: label, exact: true }).click();
    await containing(page.getByRole('heading', { level: 2 }), heading);
  }

  async function api<T>(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${server.origin}/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as T };
  }

  it('signs in, configures a contest, imports questions and units, watches an attempt arrive and publishes the results', async () => {
    // Sign in. A wrong token is refused next to the field.
    const response = await page.goto(`${server.origin}/admin`);
    expect(response!.headers()['cache-control']).toBe('no-store');
    const tokenField = page.getByLabel('Mã truy cập', { exact: true });
    await visible(tokenField);
    await tokenField.fill('sai-ma-truy-cap-0123456789abcdef');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await containing(page.locator('.error'), 'Mã truy cập không đúng');
    await shoot('01-dang-nhap');
    await tokenField.fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await containing(page.locator('header'), 'Ban Tổ chức');

    // Create a contest that is open now.
    await page.getByRole('button', { name: 'Tạo cuộc thi mới' }).click();
    await page.getByLabel('Mã cuộc thi', { exact: true }).fill(SLUG);
    await page.getByLabel('Tên cuộc thi', { exact: true }).fill(TITLE);
    await page.getByLabel('Bắt đầu (giờ Việt Nam)', { exact: true }).fill(vietnamLocal(-1));
    await page.getByLabel('Kết thúc (giờ Việt Nam)', { exact: true }).fill(vietnamLocal(24 * 7));
    await page.getByRole('button', { name: 'Tạo cuộc thi', exact: true }).click();
    await page.waitForURL(`**/admin#/${SLUG}/settings`);
    await containing(page.getByRole('heading', { level: 2 }), 'Cấu hình cuộc thi');

    // Configure it: 5 questions in 10 minutes, two tries; a wrong value is refused next to its field first.
    const perAttempt = page.getByLabel('Số câu hỏi mỗi lượt', { exact: true });
    await visible(perAttempt);
    await perAttempt.fill('0');
    await page.getByRole('button', { name: 'Lưu cấu hình' }).click();
    await containing(page.locator('.field .error'), '«Số câu hỏi mỗi lượt» phải lớn hơn hoặc bằng 1');
    await perAttempt.fill('5');
    await page.getByLabel('Thời gian làm bài (giây)', { exact: true }).fill('600');
    await page.getByLabel('Số lượt thi tối đa mỗi người', { exact: true }).fill('2');
    await page.getByLabel('Mỗi dòng một địa chỉ trang (origin)', { exact: true }).fill(server.origin);
    await page.getByRole('button', { name: 'Lưu cấu hình' }).click();
    await containing(page.getByRole('status'), 'Đã lưu cấu hình lúc');
    const configured = await api<{ questionsPerAttempt: number; timeLimitSeconds: number; maxAttempts: number; status: string }>(
      'GET',
      `/admin/contests/${SLUG}`,
      undefined,
      ADMIN_TOKEN,
    );
    expect(configured.body).toMatchObject({ questionsPerAttempt: 5, timeLimitSeconds: 600, maxAttempts: 2, status: 'open' });
    await shoot('02-cau-hinh');

    // Questions: a file with a bad row imports nothing and lists the row; the good file imports all.
    await go('Ngân hàng câu hỏi', 'Ngân hàng câu hỏi');
    const fileInput = page.getByLabel('Tệp câu hỏi (.xlsx hoặc .csv)');
    const faulty = QUESTIONS.map((row) => [...row]);
    faulty[2]![6] = 'G';
    await fileInput.setInputFiles(await workbook([QUESTION_HEADER, ...faulty], join(dir, 'cau-hoi-loi.xlsx')));
    await page.getByRole('button', { name: 'Nhập câu hỏi' }).click();
    const rowErrors = page.locator('table.row-errors');
    await visible(rowErrors);
    expect(await rowErrors.locator('tbody tr').first().locator('td').first().textContent()).toBe('4');
    await shoot('03-cau-hoi-loi-nhap');
    await fileInput.setInputFiles(await workbook([QUESTION_HEADER, ...QUESTIONS], join(dir, 'cau-hoi.xlsx')));
    await page.getByRole('button', { name: 'Nhập câu hỏi' }).click();
    await containing(page.getByRole('status'), 'Đã nhập 8 câu hỏi từ tệp cau-hoi.xlsx');
    await containing(page.locator('p'), '8 câu đang dùng thuộc 2 chủ đề');
    await page.getByRole('button', { name: /^Xem trước câu / }).first().click();
    const preview = page.locator('.preview');
    await visible(preview);
    expect(await preview.locator('li').allTextContents()).toEqual(expect.arrayContaining(['đúng với quy định', 'theo Đề án 06']));
    await shoot('04-cau-hoi');

    // Units with headcounts.
    await go('Đơn vị', 'Đơn vị');
    await page
      .getByLabel('Tệp đơn vị (.xlsx hoặc .csv)')
      .setInputFiles(
        await workbook(
          [
            ['Mã đơn vị', 'Tên đơn vị', 'Mã đơn vị cấp trên', 'Loại', 'Số người'],
            ['tinh', 'Tỉnh Thái Bình', '', 'Tỉnh', ''],
            ['so-tu-phap', 'Sở Tư pháp', 'tinh', 'Sở', 120],
            ['huyen-vu-thu', 'Huyện Vũ Thư', 'tinh', 'Huyện', 2500],
          ],
          join(dir, 'don-vi.xlsx'),
        ),
      );
    await page.getByRole('button', { name: 'Nạp danh sách đơn vị' }).click();
    await containing(page.getByRole('status'), 'Đã thay danh sách bằng 3 đơn vị');
    await containing(page.locator('ul.tree'), '2.500 người');
    await shoot('05-don-vi');

    await go('Danh sách loại trừ', 'Danh sách loại trừ');
    writeFileSync(join(dir, 'loai-tru.csv'), 'id_number,phone\n034090009999,0987654321\n');
    await page.getByLabel('Tệp danh sách loại trừ (.xlsx hoặc .csv)').setInputFiles(join(dir, 'loai-tru.csv'));
    await page.getByRole('button', { name: 'Nạp danh sách loại trừ' }).click();
    await containing(page.getByRole('status'), '1 số định danh, 1 số điện thoại');
    await shoot('06-loai-tru');

    // The dashboard before anyone takes part.
    await go('Tổng quan', /Tổng quan/);
    const attempts = page.locator('[data-figure="attempts"] dd');
    await containing(attempts, /^0$/, 15_000);

    // A contestant registers and plays one attempt through the contestant API.
    const registered = await api<{ token: string }>('POST', `/contests/${SLUG}/contestants`, {
      fullName: WINNER,
      birthDate: '1992-04-30',
      idNumber: `034092${SUFFIX}`,
      phone: `0913${SUFFIX}`,
      unitId: 'so-tu-phap',
      occupation: 'can-bo',
      consent: true,
    });
    expect(registered.status).toBe(201);
    const token = registered.body.token;
    const started = await api<{ id: string; questions: { id: string; options: { id: string; text: string }[] }[] }>(
      'POST',
      `/contests/${SLUG}/attempts`,
      {},
      token,
    );
    expect(started.status).toBe(201);
    expect(started.body.questions).toHaveLength(5);
    const answers = Object.fromEntries(
      started.body.questions.map((q) => [q.id, q.options.find((o) => o.text.startsWith('Phương án đúng'))!.id]),
    );
    const submitted = await api<{ score: number }>('POST', `/attempts/${started.body.id}/submit`, { answers, prediction: 1 }, token);
    expect(submitted.status).toBe(200);

    // The live dashboard shows it at its next refresh, without a reload.
    await containing(attempts, /^1$/, 40_000);
    await containing(page.locator('[data-figure="participants"] dd'), /^1$/);
    await shoot('07-tong-quan');

    await go('Xếp hạng', 'Xếp hạng');
    await containing(page.locator('main'), WINNER, 15_000);
    await shoot('08-xep-hang');

    // Prizes: dry run, review, publish with the confirmation.
    await go('Giải thưởng', 'Giải thưởng');
    await page.getByRole('button', { name: 'Tính thử' }).click();
    await containing(page.locator('[data-results]'), WINNER, 15_000);
    await shoot('09-giai-thuong-tinh-thu');
    await page.getByRole('button', { name: 'Công bố kết quả' }).click();
    const dialog = page.getByRole('dialog', { name: 'Công bố kết quả?' });
    await visible(dialog);
    await page.screenshot({ path: new URL('1280x800-10-xac-nhan-cong-bo.png', SHOTS).pathname });
    await dialog.getByRole('button', { name: 'Công bố', exact: true }).click();
    await containing(page.getByRole('status'), 'Đã công bố kết quả lúc', 15_000);
    await containing(page.locator('[data-published]'), 'Đã công bố lúc');
    await shoot('11-giai-thuong-da-cong-bo');

    for (const [label, heading, name] of [
      ['Huỷ lượt, cấp thêm lượt', /Huỷ|Điều chỉnh/, '12-dieu-chinh'],
      ['Xuất dữ liệu', 'Xuất dữ liệu', '13-xuat-du-lieu'],
      ['Nhật ký thao tác', 'Nhật ký', '14-nhat-ky'],
    ] as const) {
      await go(label, heading);
      await page.waitForTimeout(300);
      await shoot(name);
    }

    // The published winner in the contestant widget's results view, on a host page of this origin.
    const host = await context.newPage();
    host.on('pageerror', (error) => problems.push(`host pageerror: ${error.message}`));
    await host.route(`${server.origin}/ket-qua-thu.html`, (route) =>
      route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Kết quả</title>
          <script src="/de-an-06-quiz.js" async></script></head>
          <body><de-an-06-quiz contest="${SLUG}" view="results"></de-an-06-quiz></body></html>`,
      }),
    );
    await host.goto(`${server.origin}/ket-qua-thu.html`);
    await containing(host.locator('de-an-06-quiz'), WINNER, 15_000);
    await containing(host.locator('de-an-06-quiz'), 'Sở Tư pháp');
    await host.screenshot({ path: new URL('1280x800-15-ket-qua-widget.png', SHOTS).pathname, fullPage: true });
    await host.close();

    // Reload keeps the place; sign-out forgets the token.
    await page.reload();
    await containing(page.getByRole('heading', { level: 2 }), 'Nhật ký');
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await visible(page.getByLabel('Mã truy cập', { exact: true }));
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

    expect(problems).toEqual([]);
  });
});
