/**
 * The integrity review end to end, against the built server on a fresh database: a script
 * registers throw-away accounts with one phone and submits 5 answers in milliseconds; the organiser
 * opens "Rà soát tính trung thực" in the console, sees the flags with their Vietnamese explanations,
 * selects the fast attempts and voids them with a reason after the confirmation.
 */
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, recordPageProblems, startServer, type RunningServer } from './server.js';

const ADMIN_TOKEN = 'e2e-ban-to-chuc-integrity-0123456789';
const SUFFIX = String(Date.now()).slice(-6);
const SLUG = `ra-soat-${SUFFIX}`;
const SCRIPTED = 'Trần Văn Bảo';

function visible(locator: Locator, timeout = 10_000) {
  return locator.first().waitFor({ state: 'visible', timeout });
}

function containing(locator: Locator, text: string | RegExp, timeout = 10_000) {
  return visible(locator.filter({ hasText: text }), timeout);
}

describe('the integrity review in the console', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const saved = { admin: process.env.ADMIN_TOKEN, challenge: process.env.ATTEMPT_CHALLENGE };

  beforeAll(async () => {
    process.env.ADMIN_TOKEN = ADMIN_TOKEN;
    process.env.ATTEMPT_CHALLENGE = 'off';
    server = await startServer();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    page = await context.newPage();
    recordPageProblems(page, problems);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    for (const [key, value] of [['ADMIN_TOKEN', saved.admin], ['ATTEMPT_CHALLENGE', saved.challenge]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  async function api<T>(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${server.origin}/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as T };
  }

  it('shows the flags of a scripted attack and voids the chosen attempts', async () => {
    const now = Date.now();
    const created = await api('PUT', `/admin/contests/${SLUG}`, {
      title: 'Cuộc thi thử rà soát tính trung thực',
      startsAt: new Date(now - 3_600_000).toISOString(),
      endsAt: new Date(now + 7 * 86_400_000).toISOString(),
      questionsPerAttempt: 5,
    }, ADMIN_TOKEN);
    expect(created.status).toBe(201);
    expect((await api('PUT', `/admin/contests/${SLUG}/units`, [{ id: 'so-tu-phap', name: 'Sở Tư pháp' }], ADMIN_TOKEN)).status).toBe(200);
    const questions = Array.from({ length: 5 }, (_, i) => ({
      topic: 'VNeID',
      text: `Câu hỏi thử số ${i + 1} về định danh điện tử?`,
      options: [`Phương án đúng ${i + 1}`, `Phương án sai ${i + 1}`, 'Phương án khác', 'Không phương án nào'],
      answer: 0,
    }));
    expect((await api('POST', `/admin/contests/${SLUG}/questions`, questions, ADMIN_TOKEN)).status).toBe(200);

    // The script: three accounts with one phone, each submitting a perfect attempt at once.
    const fast: string[] = [];
    for (let i = 0; i < 3; i++) {
      const registered = await api<{ token: string }>('POST', `/contests/${SLUG}/contestants`, {
        fullName: SCRIPTED,
        birthDate: '1990-05-17',
        idNumber: `034090${SUFFIX.slice(0, 5)}${i}`,
        phone: '0987654321',
        unitId: 'so-tu-phap',
        occupation: 'can-bo',
        consent: true,
      });
      expect(registered.status).toBe(201);
      const started = await api<{ id: string; questions: { id: string; options: { id: string; text: string }[] }[] }>(
        'POST',
        `/contests/${SLUG}/attempts`,
        {},
        registered.body.token,
      );
      expect(started.status).toBe(201);
      const answers = Object.fromEntries(started.body.questions.map((q) => [q.id, q.options.find((o) => o.text.startsWith('Phương án đúng'))!.id]));
      expect((await api('POST', `/attempts/${started.body.id}/submit`, { answers, prediction: 99_999 }, registered.body.token)).status).toBe(200);
      fast.push(started.body.id);
    }

    // The organiser signs in and opens the review.
    await page.goto(`${server.origin}/admin`);
    const tokenField = page.getByLabel('Mã truy cập', { exact: true });
    await visible(tokenField);
    await tokenField.fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await containing(page.locator('header'), 'Ban Tổ chức');
    await page.getByRole('combobox', { name: 'Cuộc thi' }).selectOption(SLUG);
    await page.getByRole('navigation', { name: 'Các mục quản trị' }).getByRole('link', { name: 'Rà soát tính trung thực' }).click();
    await containing(page.getByRole('heading', { level: 2 }), 'Rà soát tính trung thực', 15_000);

    const fastGroup = page.locator('[data-kind="fastAttempt"]');
    await containing(fastGroup, 'Làm bài quá nhanh (3)', 15_000);
    await containing(fastGroup, SCRIPTED);
    await containing(fastGroup, 'dưới mức tối thiểu 3 giây mỗi câu');
    await containing(page.locator('[data-kind="registrationBurst"]'), 'cùng số điện thoại');

    // Select the fast group and void it with a reason, after the confirmation.
    await page.getByRole('button', { name: 'Chọn cả nhóm «Làm bài quá nhanh»' }).click();
    await page.getByLabel('Lý do hủy kết quả', { exact: true }).fill('Lượt thi do công cụ tự động nộp, đăng ký hàng loạt');
    await page.getByRole('button', { name: /Hủy kết quả các lượt đã chọn/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Hủy kết quả các lượt đã chọn?' });
    await visible(dialog);
    await containing(page.locator('#void-confirm p'), '3 lượt thi sẽ không còn được tính');
    await dialog.getByRole('button', { name: 'Hủy kết quả', exact: true }).click();
    await containing(page.getByRole('status'), 'Đã hủy kết quả 3 lượt thi', 15_000);
    await page.locator('[data-kind="fastAttempt"]').waitFor({ state: 'detached', timeout: 10_000 });

    const review = await api<{ counts: Record<string, number> }>('GET', `/admin/contests/${SLUG}/integrity`, undefined, ADMIN_TOKEN);
    expect(review.body.counts.fastAttempt).toBe(0);
    const audit = await api<{ action: string; detail: { count: number; attemptIds: string[] } }[]>('GET', '/admin/audit', undefined, ADMIN_TOKEN);
    const entry = audit.body.find((e) => e.action.includes('void'))!;
    expect(entry.detail.count).toBe(3);
    expect([...entry.detail.attemptIds].sort()).toEqual([...fast].sort());
    expect(problems).toEqual([]);
  });
});
