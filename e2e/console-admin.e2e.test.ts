/**
 * The committee's own administration in the console, end to end against the built server: an
 * access code created on the «Mã truy cập» screen is shown once, copied, signs a jury member in
 * read-only, and stops working once revoked; the report header set on the settings screen prints
 * on the report; a contest without attempts is deleted after a confirmation naming it, and one with
 * an attempt is refused with the reason. Screenshots go to test-results/console-admin/.
 */
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, recordPageProblems, startServer, type RunningServer } from './server.js';

const ADMIN_TOKEN = 'Qm4nB8vC2xZ7lK1jH5gF9dS3aP6oI0uY4tR8eW2qT7y';
const SHOTS = new URL('../test-results/console-admin/', import.meta.url);

function visible(locator: Locator, timeout = 10_000) {
  return locator.first().waitFor({ state: 'visible', timeout });
}

function containing(locator: Locator, text: string | RegExp, timeout = 10_000) {
  return visible(locator.filter({ hasText: text }), timeout);
}

describe('console administration', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  const saved = { admin: process.env.ADMIN_TOKEN, challenge: process.env.ATTEMPT_CHALLENGE, seed: process.env.SEED_DEMO };

  beforeAll(async () => {
    // startServer passes the environment on to the server process.
    process.env.ADMIN_TOKEN = ADMIN_TOKEN;
    process.env.ATTEMPT_CHALLENGE = 'off';
    process.env.SEED_DEMO = 'off';
    server = await startServer();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
    page = await context.newPage();
    recordPageProblems(page, problems);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
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
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${server.origin}/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as T };
  }

  async function signIn(on: Page, token: string) {
    await on.getByLabel('Mã truy cập', { exact: true }).fill(token);
    await on.getByRole('button', { name: 'Đăng nhập' }).click();
  }

  async function go(label: string, heading: string | RegExp) {
    await page.getByRole('navigation', { name: 'Các mục quản trị' }).getByRole('link', { name: label, exact: true }).click();
    await containing(page.getByRole('heading', { level: 2 }), heading);
  }

  it('access codes, the report header and contest deletion', async () => {
    const now = Date.now();
    const window = { startsAt: new Date(now - 3_600_000).toISOString(), endsAt: new Date(now + 86_400_000).toISOString() };
    expect((await api('PUT', '/admin/contests/chinh-thuc', { title: 'Cuộc thi chính thức', ...window, questionsPerAttempt: 1 })).status).toBe(201);
    expect((await api('PUT', '/admin/contests/chinh-thuc/units', [{ id: 'so-tu-phap', name: 'Sở Tư pháp' }])).status).toBe(200);
    const question = { topic: 'vneid', text: 'Ứng dụng VNeID do cơ quan nào quản lý?', options: ['Bộ Công an', 'Bộ Y tế'], answer: 0 };
    expect((await api('POST', '/admin/contests/chinh-thuc/questions', [question])).status).toBe(200);
    expect((await api('PUT', '/admin/contests/tao-nham', { title: 'Cuộc thi tạo nhầm', ...window })).status).toBe(201);

    await page.goto(`${server.origin}/admin#/chinh-thuc/access`);
    await signIn(page, ADMIN_TOKEN);
    await containing(page.getByRole('heading', { level: 2 }), 'Mã truy cập');

    // Create a jury code: its value shows once, and the copy button puts it on the clipboard.
    await page.getByLabel('Tên người hoặc bộ phận dùng mã', { exact: true }).fill('Tổ Thư ký');
    await page.getByLabel('Vai trò', { exact: true }).selectOption('jury');
    await page.getByRole('button', { name: 'Tạo mã truy cập' }).click();
    const value = page.getByLabel('Mã truy cập mới', { exact: true });
    await visible(value);
    const code = await value.inputValue();
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await page.getByRole('button', { name: 'Sao chép mã' }).click();
    await containing(page.locator('[data-created-code]'), 'Đã sao chép mã vào bộ nhớ tạm.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);
    await shoot('01-ma-truy-cap-moi');
    await page.getByRole('button', { name: 'Đã lưu mã, ẩn đi' }).click();
    await value.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(code);

    // The jury member signs in with it, read-only.
    const jury = await browser.newPage();
    await jury.goto(`${server.origin}/admin#/chinh-thuc/units`);
    await signIn(jury, code);
    await containing(jury.locator('[role=note]'), 'Chế độ chỉ xem');
    await containing(jury.locator('header'), 'Tổ Thư ký · Ban Giám khảo');

    // Revoked, the code no longer works.
    const row = page.locator('tr', { hasText: 'Tổ Thư ký' });
    await row.getByRole('button', { name: /^Thu hồi/ }).click();
    const confirm = page.getByRole('dialog', { name: 'Thu hồi mã của «Tổ Thư ký»?' });
    await visible(confirm);
    await confirm.getByRole('button', { name: 'Thu hồi mã', exact: true }).click();
    await containing(page.getByRole('status'), 'Đã thu hồi mã của «Tổ Thư ký»');
    await containing(row, 'Đã thu hồi');
    await shoot('02-da-thu-hoi');
    await jury.reload();
    await containing(jury.locator('.error'), 'Mã truy cập không đúng hoặc đã bị thu hồi');
    await jury.close();

    // The report header of the contest, then the report prints it.
    await go('Cấu hình cuộc thi', 'Cấu hình cuộc thi');
    await page.getByLabel('Cơ quan chủ quản', { exact: true }).fill('ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH');
    await page.getByLabel('Địa danh', { exact: true }).fill('Nam Định');
    await page.getByRole('button', { name: 'Lưu tiêu đề báo cáo' }).click();
    await containing(page.getByRole('status'), 'Đã lưu tiêu đề báo cáo.');
    const report = await fetch(`${server.origin}/api/admin/contests/chinh-thuc/report`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const html = await report.text();
    expect(html).toContain('ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH');
    expect(html).toMatch(/Nam Định, ngày \d{1,2} tháng \d{1,2} năm \d{4}/);

    // A contest with an attempt cannot be deleted: the console shows the server's reason.
    const registered = await api<{ token: string }>(
      'POST',
      '/contests/chinh-thuc/contestants',
      { fullName: 'Nguyễn Văn An', birthDate: '1990-05-17', idNumber: '034090000777', phone: '0912000777', unitId: 'so-tu-phap', occupation: 'can-bo', consent: true },
      '',
    );
    expect(registered.status).toBe(201);
    expect((await api('POST', '/contests/chinh-thuc/attempts', {}, registered.body.token)).status).toBe(201);
    await page.getByRole('button', { name: 'Xoá cuộc thi này' }).click();
    const refuse = page.getByRole('dialog', { name: 'Xoá cuộc thi «Cuộc thi chính thức»?' });
    await visible(refuse);
    await refuse.getByRole('button', { name: 'Xoá cuộc thi', exact: true }).click();
    await containing(page.locator('[role=alert]'), 'Không thể xoá cuộc thi «Cuộc thi chính thức»: đã có lượt thi');
    await shoot('03-khong-xoa-duoc');

    // The contest made by mistake is deleted after the confirmation naming it.
    await page.getByLabel('Cuộc thi', { exact: true }).selectOption('tao-nham');
    await containing(page.locator('#contest-window'), 'Mã tao-nham');
    await page.getByRole('button', { name: 'Xoá cuộc thi này' }).click();
    const sure = page.getByRole('dialog', { name: 'Xoá cuộc thi «Cuộc thi tạo nhầm»?' });
    await visible(sure);
    await sure.getByRole('button', { name: 'Xoá cuộc thi', exact: true }).click();
    await containing(page.getByRole('status'), 'Đã xoá cuộc thi «Cuộc thi tạo nhầm».');
    expect(await page.getByLabel('Cuộc thi', { exact: true }).locator('option').allTextContents()).toEqual(['Cuộc thi chính thức (đang mở)']);
    await shoot('04-da-xoa');
    expect((await api('GET', '/admin/contests/tao-nham')).status).toBe(404);
    const audit = await api<{ action: string; target: string }[]>('GET', '/admin/audit');
    expect(audit.body.map((e) => e.action)).toEqual(expect.arrayContaining(['token.create', 'token.revoke', 'contest.delete']));

    expect(problems).toEqual([]);
  });
});
