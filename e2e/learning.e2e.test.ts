/**
 * Learning Đề án 06 in the widget (decision 0039), in Chromium against the built server: a
 * contestant reviews their attempt right after submitting (revealAnswers: afterSubmit); after the
 * close they sign in again on a second device (another browser context) and review it from the list
 * of their attempts; the contest's page carries the answers with the share answered right and a
 * search; practice gives immediate feedback and never counts.
 */
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, recordPageProblems, startServer, type RunningServer } from './server.js';

const ADMIN_TOKEN = 'Lq7vK2pT9wMz4nR6tB8cX3hJ5fD0gY1aE7uI2oP4sWx';
const SHOTS = new URL('../test-results/learning/', import.meta.url);
const SLUG = 'hoc-de-an-06';
const PERSON = { fullName: 'Phạm Thị Ôn Tập', birthDate: '1992-04-05', idNumber: '034192880033', phone: '0912880033' };

function visible(locator: Locator, timeout = 15_000) {
  return locator.first().waitFor({ state: 'visible', timeout });
}

describe('learning Đề án 06 in the widget', () => {
  let server: RunningServer;
  let browser: Browser;
  const problems: string[] = [];
  const saved = { admin: process.env.ADMIN_TOKEN, challenge: process.env.ATTEMPT_CHALLENGE, seed: process.env.SEED_DEMO };

  async function api<T>(method: string, path: string, body?: unknown, token = ADMIN_TOKEN): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${server.origin}/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as T };
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    process.env.ADMIN_TOKEN = ADMIN_TOKEN;
    process.env.ATTEMPT_CHALLENGE = 'off';
    process.env.SEED_DEMO = 'off';
    server = await startServer();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });

    const now = Date.now();
    const created = await api('PUT', `/admin/contests/${SLUG}`, {
      title: 'Cuộc thi tìm hiểu Đề án 06 — học sau khi thi',
      startsAt: new Date(now - 3_600_000).toISOString(),
      endsAt: new Date(now + 7 * 86_400_000).toISOString(),
      questionsPerAttempt: 3,
      revealAnswers: 'afterSubmit',
      revealScore: 'afterSubmit',
      practice: 'afterClose',
      collectiveCriterion: 'participants',
      integrity: { minSecondsPerQuestion: 0, networkRegistrations: 100_000, networkAttempts: 100_000, identicalMinAnswers: 200, predictionOnlyMaxAnswers: 0 },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const units = await api('PUT', `/admin/contests/${SLUG}/units`, [{ id: 'so-tu-phap', name: 'Sở Tư pháp', parentId: null, kind: 'department', headcount: 100, competes: null }]);
    expect(units.status, JSON.stringify(units.body)).toBe(200);
    const topics = ['dinh-danh-dien-tu', 'dinh-danh-dien-tu', 'vneid'];
    const questions = topics.map((topic, i) => ({
      topic,
      text: `Câu hỏi ôn tập số ${i + 1} về định danh điện tử?`,
      options: [`Đúng: phương án của câu ${i + 1}`, `Sai thứ nhất ${i + 1}`, `Sai thứ hai ${i + 1}`],
      answer: 0,
      explanation: `Giải thích câu ${i + 1}: theo Quyết định 06/QĐ-TTg.`,
      source: `Quyết định 06/QĐ-TTg, mục ${i + 1}`,
      sourceUrl: `https://vanban.chinhphu.vn/qd-06-muc-${i + 1}`,
    }));
    const imported = await api('POST', `/admin/contests/${SLUG}/questions`, questions);
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
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

  async function device(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await context.newPage();
    recordPageProblems(page, problems);
    return { context, page };
  }

  /** The contest journey widget of `/c/:slug` (the page also holds the units and, once closed, the answers). */
  const journey = (page: Page) => page.locator('#du-thi de-an-06-quiz');

  /** The question of the open review (or practice, or answers) whose text holds `text`. */
  const questionItem = (scope: Locator, text: string) => scope.locator('ol.questions > li').filter({ hasText: text });

  /** Readable at the viewport's width: the element ends within it and nothing inside `inner` is wider than it. */
  async function fitsWidth(widget: Locator, width: number, inner = '.container') {
    const box = await widget.evaluate((el, selector) => {
      const container = el.shadowRoot!.querySelector<HTMLElement>(selector)!;
      return { right: el.getBoundingClientRect().right, scroll: container.scrollWidth, client: container.clientWidth };
    }, inner);
    expect(box.right).toBeLessThanOrEqual(width);
    expect(box.scroll).toBeLessThanOrEqual(box.client);
  }

  const shoot = (page: Page, name: string) => page.screenshot({ path: new URL(`${name}.png`, SHOTS).pathname, fullPage: true });

  it('before the close, the answers view says calmly that they come after the contest ends', async () => {
    const { context, page } = await device();
    await page.goto(`${server.origin}/embed/${SLUG}?view=answers`);
    const answers = page.locator('de-an-06-quiz[view="answers"]');
    await visible(answers.getByRole('heading', { name: 'Đáp án và giải thích' }));
    await visible(answers.getByText('Đáp án được công bố sau khi cuộc thi kết thúc.'));
    expect(await answers.getByRole('alert').count()).toBe(0);
    expect(problems, problems.join('\n')).toEqual([]);
    await context.close();
  });

  it('reviews the attempt right after submitting: right, wrong and unanswered, in words, with the explanation and a safe source link', async () => {
    const registered = await api<{ token: string }>('POST', `/contests/${SLUG}/contestants`, { ...PERSON, unitId: 'so-tu-phap', occupation: 'can-bo', consent: true }, '');
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const { context, page } = await device();
    await context.addInitScript(
      ([key, value]) => {
        if (!sessionStorage.getItem('seeded')) {
          localStorage.setItem(key!, value!);
          sessionStorage.setItem('seeded', '1');
        }
      },
      [`de-an-06-quiz:${server.origin}:${SLUG}`, JSON.stringify({ token: registered.body.token })],
    );
    await page.goto(`${server.origin}/c/${SLUG}`);
    const widget = journey(page);
    await visible(widget.getByText(`Xin chào, ${PERSON.fullName}`));
    // Before the close the answer page of the contest is not there, and no practice (afterClose).
    expect(await page.locator('de-an-06-quiz[view="answers"]').count()).toBe(0);
    expect(await widget.getByRole('button', { name: 'Luyện tập' }).count()).toBe(0);

    await widget.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
    // question 1 right, question 2 wrong, question 3 left unanswered
    await visible(widget.getByRole('heading', { name: 'Câu 1/3' }));
    const firstText = await widget.locator('#question-text').innerText();
    await widget.getByRole('radio', { name: /Đúng:/ }).check();
    await visible(widget.getByText('Đã lưu'));
    await widget.getByRole('button', { name: 'Câu tiếp' }).click();
    await visible(widget.getByRole('heading', { name: 'Câu 2/3' }));
    const secondText = await widget.locator('#question-text').innerText();
    await widget.getByRole('radio', { name: /Sai thứ nhất/ }).check();
    await visible(widget.getByText('Đã lưu'));
    await widget.getByRole('button', { name: 'Câu tiếp' }).click();
    await visible(widget.getByRole('heading', { name: 'Câu 3/3' }));
    const thirdText = await widget.locator('#question-text').innerText();
    await widget.getByRole('button', { name: 'Sang câu hỏi phụ' }).click();
    await widget.getByLabel('Dự đoán của bạn (số nguyên)').fill('120');
    await widget.getByRole('button', { name: 'Xem lại và nộp bài' }).click();
    await widget.getByRole('button', { name: 'Xác nhận nộp bài' }).click();
    await visible(widget.getByRole('heading', { name: 'Kết quả bài thi' }));
    await visible(widget.getByText('Bạn trả lời đúng 1/3 câu'));

    await widget.getByRole('button', { name: 'Xem lại bài làm' }).click();
    const heading = widget.getByRole('heading', { name: 'Xem lại bài làm', level: 3 });
    await visible(heading);
    await expect.poll(() => heading.evaluate((h) => (h.getRootNode() as ShadowRoot).activeElement === h)).toBe(true);
    const review = widget.locator('de-an-06-review');

    const right = questionItem(review, firstText.trim());
    await visible(right.getByText('✓ Trả lời đúng'));
    expect(await right.locator('li.opt', { hasText: 'Đúng: phương án' }).innerText()).toMatch(/✓ Đáp án đúng[\s\S]*Bạn đã chọn/);
    await visible(right.getByText(/Giải thích câu \d: theo Quyết định 06\/QĐ-TTg\./));
    const link = right.locator('.source a');
    expect(await link.getAttribute('href')).toMatch(/^https:\/\/vanban\.chinhphu\.vn\/qd-06-muc-\d$/);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');

    const wrong = questionItem(review, secondText.trim());
    await visible(wrong.getByText('✗ Trả lời sai'));
    expect(await wrong.locator('li.opt', { hasText: 'Sai thứ nhất' }).innerText()).toContain('✗ Bạn đã chọn');
    expect(await wrong.locator('li.opt', { hasText: 'Đúng: phương án' }).innerText()).toContain('✓ Đáp án đúng');

    const skipped = questionItem(review, thirdText.trim());
    await visible(skipped.getByText('○ Không trả lời'));
    expect(await skipped.getByText('Bạn đã chọn').count()).toBe(0);

    // Readable at 320 px: the review is no wider than the screen.
    await page.setViewportSize({ width: 320, height: 800 });
    await fitsWidth(review, 320, '.review');
    await shoot(page, '320-xem-lai-bai-lam');
    expect(problems, problems.join('\n')).toEqual([]);
    await context.close();
  });

  it('after the close, signing in again on a second device lists the attempts and reviews one', async () => {
    const { body: settings } = await api<Record<string, unknown>>('GET', `/admin/contests/${SLUG}`);
    const { status: _status, ...rest } = settings;
    void _status;
    const closed = await api('PUT', `/admin/contests/${SLUG}`, { ...rest, endsAt: new Date(Date.now() - 60_000).toISOString() });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);

    // A second browser context: nothing stored from the first device.
    const { context, page } = await device();
    await page.goto(`${server.origin}/c/${SLUG}`);
    const widget = journey(page);
    await visible(widget.getByText('Đã kết thúc'));
    await widget.getByRole('button', { name: 'Tôi đã đăng ký: đăng nhập lại' }).click();
    await widget.getByLabel('Số định danh cá nhân (CCCD, 12 chữ số)').fill(PERSON.idNumber);
    await widget.getByLabel('Ngày sinh').fill(PERSON.birthDate);
    await widget.getByLabel('Số điện thoại di động').fill(PERSON.phone);
    await widget.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await visible(widget.getByText(`Xin chào, ${PERSON.fullName}`));

    const list = widget.locator('de-an-06-my-attempts');
    await visible(list.getByRole('heading', { name: 'Các lượt thi của bạn' }));
    await visible(list.getByText('1/3 câu đúng'));
    await list.getByRole('button', { name: 'Xem lại Lượt 1' }).click();
    const heading = widget.getByRole('heading', { name: 'Xem lại bài làm', level: 3 });
    await visible(heading);
    await expect.poll(() => heading.evaluate((h) => (h.getRootNode() as ShadowRoot).activeElement === h)).toBe(true);
    const review = widget.locator('de-an-06-review');
    await visible(review.getByText('✓ Trả lời đúng'));
    await visible(review.getByText('✗ Trả lời sai'));
    await visible(review.getByText('○ Không trả lời'));
    await shoot(page, '360-xem-lai-sau-khi-ket-thuc');
    await widget.getByRole('button', { name: 'Về danh sách lượt thi' }).click();
    await visible(list.getByRole('button', { name: 'Xem lại Lượt 1' }));
    expect(problems, problems.join('\n')).toEqual([]);
    await context.close();
  });

  it('the contest page shows the answers after the close: the right option, the share answered right, a search', async () => {
    const { context, page } = await device();
    await page.goto(`${server.origin}/c/${SLUG}`);
    const answers = page.locator('#dap-an de-an-06-quiz[view="answers"]');
    await visible(answers.getByRole('heading', { name: /Đáp án và giải thích/ }));
    const items = answers.locator('ol.questions > li');
    await expect.poll(() => items.count()).toBe(3);
    await visible(answers.getByText('100% trả lời đúng'));
    await visible(answers.getByText('0% trả lời đúng'));
    const first = items.first();
    expect(await first.locator('li.opt', { hasText: 'Đúng: phương án' }).innerText()).toContain('✓ Đáp án đúng');
    expect(await first.locator('.source a').getAttribute('rel')).toBe('noopener noreferrer');

    // by topic, without diacritics
    await answers.getByLabel('Tìm theo chủ đề hoặc nội dung câu hỏi').fill('vneid');
    await expect.poll(() => items.count()).toBe(1);
    await visible(answers.getByText('1/3 câu hỏi khớp với từ khoá'));
    // by text, without diacritics
    await answers.getByLabel('Tìm theo chủ đề hoặc nội dung câu hỏi').fill('on tap so 2');
    await expect.poll(() => items.count()).toBe(1);
    await visible(items.first().getByText('Câu hỏi ôn tập số 2'));
    await answers.getByLabel('Tìm theo chủ đề hoặc nội dung câu hỏi').fill('');
    await expect.poll(() => items.count()).toBe(3);

    await page.setViewportSize({ width: 320, height: 800 });
    await fitsWidth(answers, 320);
    await shoot(page, '320-dap-an');
    expect(problems, problems.join('\n')).toEqual([]);
    await context.close();
  });

  it('practice after the close: immediate feedback, a running count, another set, and nothing counts', async () => {
    const before = (await api<{ stats: { participants: number; attempts: number } }>('GET', `/contests/${SLUG}`, undefined, '')).body.stats;
    const { context, page } = await device();
    await page.goto(`${server.origin}/c/${SLUG}`);
    const widget = journey(page);
    await widget.getByRole('button', { name: 'Luyện tập' }).click();
    await visible(widget.getByRole('heading', { name: 'Luyện tập', level: 2 }));
    await visible(widget.getByText('Luyện tập không tính điểm'));
    await visible(widget.getByText('Đúng 0/0 câu đã trả lời (bộ 3 câu)'));
    const items = widget.locator('de-an-06-practice ol.questions > li');
    await expect.poll(() => items.count()).toBe(3);

    const first = items.nth(0);
    await first.getByRole('radio', { name: /Đúng:/ }).check();
    await first.getByRole('button', { name: 'Kiểm tra' }).click();
    await visible(first.getByText('✓ Trả lời đúng'));
    await visible(first.getByText(/Giải thích câu \d/));
    await visible(widget.getByText('Đúng 1/1 câu đã trả lời (bộ 3 câu)'));

    const second = items.nth(1);
    await second.getByRole('radio', { name: /Sai thứ hai/ }).check();
    await second.getByRole('button', { name: 'Kiểm tra' }).click();
    await visible(second.getByText('✗ Trả lời sai'));
    expect(await second.locator('li.opt', { hasText: 'Sai thứ hai' }).innerText()).toContain('✗ Bạn đã chọn');
    expect(await second.locator('li.opt', { hasText: 'Đúng: phương án' }).innerText()).toContain('✓ Đáp án đúng');
    await visible(widget.getByText('Đúng 1/2 câu đã trả lời (bộ 3 câu)'));
    await page.setViewportSize({ width: 320, height: 800 });
    await fitsWidth(widget, 320);
    await shoot(page, '320-luyen-tap');

    await widget.getByRole('button', { name: 'Làm bộ khác' }).click();
    await visible(widget.getByText('Đúng 0/0 câu đã trả lời (bộ 3 câu)'));
    expect(await widget.getByText('✓ Trả lời đúng').count()).toBe(0);

    // Practice never counts: the contest's figures did not move.
    const after = (await api<{ stats: { participants: number; attempts: number } }>('GET', `/contests/${SLUG}`, undefined, '')).body.stats;
    expect(after).toEqual(before);
    expect(problems, problems.join('\n')).toEqual([]);
    await context.close();
  });
});
