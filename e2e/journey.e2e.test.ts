import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase, type FreshDatabase } from '../api/test/postgres.js';
import { CHROMIUM_ARGS, startServer, type RunningServer } from './server.js';

/** playwright-core has no `expect`: wait for what a person would see. */
function visible(locator: Locator, timeout = 10_000) {
  return locator.first().waitFor({ state: 'visible', timeout });
}

function containing(locator: Locator, text: string | RegExp, timeout = 10_000) {
  return visible(locator.filter({ hasText: text }), timeout);
}

async function eventually(check: () => Promise<boolean>, what: string, timeout = 10_000) {
  const end = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`never true: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const SHOTS = new URL('../test-results/screenshots/', import.meta.url);
const CONTEST = 'de-an-06-thai-binh';

// The same journey on both stores (decision 0045): SQLite, the default, and PostgreSQL through DATABASE_URL.
for (const store of ['sqlite', 'postgres'] as const) describe(`a contestant on the provincial newspaper page (${store === 'sqlite' ? 'SQLite' : 'PostgreSQL'})`, () => {
  let server: RunningServer;
  let browser: Browser;
  let database: FreshDatabase | null = null;
  const consoleErrors: string[] = [];
  /** Screenshots of the PostgreSQL run carry a suffix of their own. */
  const suffix = store === 'sqlite' ? '' : '-postgres';

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    if (store === 'postgres') database = await freshPostgresDatabase('e2e_journey');
    server = await startServer(database ? { DATABASE_URL: database.url, CHALLENGE_KEY: 'e'.repeat(64) } : {});
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await database?.drop();
  });

  async function shoot(page: Page, name: string) {
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
      await page.waitForTimeout(150);
      await page.screenshot({ path: new URL(`${width}-${name}${suffix}.png`, SHOTS).pathname, fullPage: true });
    }
    await page.setViewportSize({ width: 375, height: 812 });
  }

  async function stored(page: Page): Promise<{ token: string; attemptId?: string }> {
    return page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '{}'), `de-an-06-quiz:${server.origin}:${CONTEST}`);
  }

  async function api<T>(path: string, token: string): Promise<T> {
    const response = await fetch(`${server.origin}/api${path}`, { headers: { authorization: `Bearer ${token}` } });
    return (await response.json()) as T;
  }

  it('registers, starts, answers, reloads without losing anything, submits and finds themselves on the leaderboard', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'vi-VN' });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) consoleErrors.push(message.text());
    });
    page.on('response', (response) => {
      if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) consoleErrors.push(`${response.status()} ${response.url()}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));

    await page.goto(`${server.origin}/demo/bao-thai-binh.html`);
    const widget = page.locator('article de-an-06-quiz');
    await containing(widget.getByRole('heading', { level: 2 }), 'Đề án 06', 15_000);
    expect(await widget.getAttribute('contest')).toBe(CONTEST);
    await shoot(page, 'contest');

    // register
    const suffix = String(Date.now()).slice(-6);
    const fullName = 'Nguyễn Thị Kiểm Thử';
    await widget.getByRole('button', { name: 'Đăng ký dự thi' }).click();
    await widget.getByLabel('Họ và tên').fill(fullName);
    await widget.getByLabel('Số định danh cá nhân (CCCD, 12 chữ số)').fill(`034190${suffix}`);
    await widget.getByLabel('Ngày sinh').fill('1990-05-01');
    await widget.getByLabel('Số điện thoại di động').fill(`09${suffix}12`);
    await widget.locator('#unitId').selectOption('tp-thai-binh');
    await widget.locator('#occupation').selectOption('can-bo');
    await widget.locator('#consent').check();
    // Agrees to publication, so the leaderboard shows the full name rather than initials.
    await widget.locator('#publishName').check();
    await shoot(page, 'register');
    await widget.getByRole('button', { name: 'Đăng ký', exact: true }).click();
    await visible(widget.getByText(`Xin chào, ${fullName}`));

    // start and answer three questions
    await widget.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
    await eventually(
      () => widget.getByRole('heading', { name: 'Câu 1/20' }).evaluate((h) => h.getRootNode() instanceof ShadowRoot && (h.getRootNode() as ShadowRoot).activeElement === h),
      'the first question heading has focus',
    );
    for (let n = 1; n <= 3; n += 1) {
      await visible(widget.getByRole('heading', { name: `Câu ${n}/20` }));
      await widget.getByRole('radio').first().check();
      await visible(widget.getByText('Đã lưu'));
      if (n === 2) await shoot(page, 'question');
      await widget.getByRole('button', { name: 'Câu tiếp' }).click();
    }
    const before = await stored(page);
    expect(before.attemptId).toBeTruthy();
    const attemptBefore = await api<{ deadline: string; answers: Record<string, string> }>(`/attempts/${before.attemptId}`, before.token);
    expect(Object.keys(attemptBefore.answers)).toHaveLength(3);

    // reload mid-attempt: same attempt, same deadline, same answers
    await page.reload();
    await visible(widget.getByRole('heading', { name: 'Câu 4/20' }), 15_000);
    const timerText = await widget.getByRole('timer').innerText();
    expect(timerText).toMatch(/1[45]:\d\d/);
    const after = await stored(page);
    expect(after.attemptId).toBe(before.attemptId);
    const attemptAfter = await api<{ deadline: string; answers: Record<string, string> }>(`/attempts/${after.attemptId}`, after.token);
    expect(attemptAfter.deadline).toBe(attemptBefore.deadline);
    expect(attemptAfter.answers).toEqual(attemptBefore.answers);
    await widget.getByRole('button', { name: 'Câu 1, đã trả lời' }).click();
    await eventually(() => widget.getByRole('radio').first().isChecked(), 'the saved answer is checked after the reload');
    const me = await api<{ attempts: unknown[] }>(`/contests/${CONTEST}/me`, after.token);
    expect(me.attempts).toHaveLength(1);

    // prediction, review, submit
    await widget.getByRole('button', { name: 'Câu 20, chưa trả lời' }).click();
    await widget.getByRole('button', { name: 'Sang câu hỏi phụ' }).click();
    await widget.getByLabel('Dự đoán của bạn (số nguyên)').fill('45000');
    await widget.getByRole('button', { name: 'Xem lại và nộp bài' }).click();
    await visible(widget.getByText('Bạn còn 17 câu chưa trả lời:'));
    await shoot(page, 'review');
    await widget.getByRole('button', { name: 'Xác nhận nộp bài' }).click();
    await visible(widget.getByRole('heading', { name: 'Kết quả bài thi' }));
    await visible(widget.getByText(/Bạn trả lời đúng \d+\/20 câu/));
    await visible(widget.getByText('Còn 2 lượt thi'));

    // on the leaderboard
    const myRow = widget.locator('tr.me');
    await containing(myRow, fullName);
    await containing(myRow, '(bạn)');
    await containing(myRow, 'Thành phố Thái Bình');
    await visible(widget.getByText('Thứ hạng tạm thời'));
    await shoot(page, 'result');

    expect(consoleErrors, consoleErrors.join("\n")).toEqual([]);
    await context.close();
  });

  // What the page's CSS does to the widget does not depend on the store.
  if (store === 'sqlite') it('keeps the hostile page CSS out of the widget', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 812 } });
    await page.goto(`${server.origin}/demo/hostile.html`);
    const widget = page.locator('de-an-06-quiz');
    const heading = widget.getByRole('heading', { level: 2 });
    await visible(heading, 15_000);
    expect(await heading.evaluate((h) => getComputedStyle(h).fontSize)).toBe('24px');
    const register = widget.getByRole('button', { name: 'Đăng ký dự thi' });
    const box = await register.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: new URL(`${width}-hostile.png`, SHOTS).pathname, fullPage: true });
    }
    await page.close();
  });

  it('shows the leaderboard, units and results views', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.origin}/demo/bang-xep-hang.html`);
    await visible(page.locator('de-an-06-quiz[view="units"]').getByRole('table'), 15_000);
    await containing(page.locator('de-an-06-quiz[contest="de-an-06-thai-binh"][view="results"]'), 'Kết quả chưa được công bố');
    await page.screenshot({ path: new URL(`1280-views${suffix}.png`, SHOTS).pathname, fullPage: true });
    await page.setViewportSize({ width: 375, height: 812 });
    await page.screenshot({ path: new URL(`375-views${suffix}.png`, SHOTS).pathname, fullPage: true });
    await page.close();
  });
});
