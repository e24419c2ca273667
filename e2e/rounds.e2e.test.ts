/**
 * A contest in three rounds (issue 18, decision 0041), in Chromium against the built server: someone
 * takes the first round, it closes by the server's clock, the committee finds the rounds in the
 * console's settings and publishes the first round's prizes there, and the widget then shows the second round open ("Vòng 2/3"), the time left in it, and the first round's
 * leaderboard, prizes and the contestant's own standing; the third round is to come.
 */
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHROMIUM_ARGS, recordPageProblems, startServer, type RunningServer } from './server.js';

const ADMIN_TOKEN = 'Rd3vK2pT9wMz4nR6tB8cX3hJ5fD0gY1aE7uI2oP4sWx';
const SHOTS = new URL('../test-results/rounds/', import.meta.url);
const SLUG = 'thi-theo-vong';
const PERSON = { fullName: 'Vũ Thị Vòng Một', birthDate: '1990-08-09', idNumber: '034190770011', phone: '0912770011' };
/** How long the first round lasts after the contest is created: enough to register, start and submit. */
const FIRST_ROUND_MS = 12_000;
const DAY = 86_400_000;

function visible(locator: Locator, timeout = 15_000) {
  return locator.first().waitFor({ state: 'visible', timeout });
}

describe('a contest in three rounds in the widget', () => {
  let server: RunningServer;
  let browser: Browser;
  let token = '';
  const problems: string[] = [];
  const saved = { admin: process.env.ADMIN_TOKEN, challenge: process.env.ATTEMPT_CHALLENGE, seed: process.env.SEED_DEMO };

  async function api<T>(method: string, path: string, body?: unknown, bearer = ADMIN_TOKEN): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = {};
    if (bearer) headers.authorization = `Bearer ${bearer}`;
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
    const at = (ms: number) => new Date(now + ms).toISOString();
    const prizes = { individual: [{ name: 'Giải Nhất vòng một', count: 1, valueVnd: 2_000_000 }], collective: [] };
    const created = await api('PUT', `/admin/contests/${SLUG}`, {
      title: 'Cuộc thi tìm hiểu Đề án 06 — thi theo vòng',
      startsAt: at(-3_600_000),
      endsAt: at(21 * DAY),
      questionsPerAttempt: 3,
      revealAnswers: 'afterClose',
      revealScore: 'afterSubmit',
      collectiveCriterion: 'participants',
      integrity: { minSecondsPerQuestion: 0, networkRegistrations: 100_000, networkAttempts: 100_000, identicalMinAnswers: 200, predictionOnlyMaxAnswers: 0 },
      rounds: [
        { id: 'vong-1', title: 'Vòng một', startsAt: at(-3_600_000), endsAt: at(FIRST_ROUND_MS), prizes },
        { id: 'vong-2', title: 'Vòng hai', startsAt: at(FIRST_ROUND_MS), endsAt: at(7 * DAY), questionsPerAttempt: 2 },
        { id: 'vong-3', title: 'Vòng chung kết', startsAt: at(7 * DAY), endsAt: at(14 * DAY) },
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const units = await api('PUT', `/admin/contests/${SLUG}/units`, [{ id: 'so-tu-phap', name: 'Sở Tư pháp', parentId: null, kind: 'department', headcount: 100, competes: null }]);
    expect(units.status, JSON.stringify(units.body)).toBe(200);
    const questions = [1, 2, 3].map((n) => ({
      topic: 'vneid',
      text: `Câu hỏi số ${n} về ứng dụng VNeID?`,
      options: [`Đúng: phương án của câu ${n}`, `Sai thứ nhất ${n}`, `Sai thứ hai ${n}`],
      answer: 0,
    }));
    const imported = await api('POST', `/admin/contests/${SLUG}/questions`, questions);
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);

    // The first round: one person answers everything right and submits before it closes.
    const registered = await api<{ token: string }>('POST', `/contests/${SLUG}/contestants`, { ...PERSON, unitId: 'so-tu-phap', occupation: 'can-bo', consent: true }, '');
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    token = registered.body.token;
    const started = await api<{ id: string; questions: { id: string; options: { id: string; text: string }[] }[] }>('POST', `/contests/${SLUG}/attempts`, {}, token);
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const answers = Object.fromEntries(started.body.questions.map((q) => [q.id, q.options.find((o) => o.text.startsWith('Đúng'))!.id]));
    const submitted = await api('POST', `/attempts/${started.body.id}/submit`, { answers, prediction: 1 }, token);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);

    // The server's clock closes the first round; then its prizes are published.
    await vi.waitFor(
      async () => expect((await api<{ currentRoundId: string | null }>('GET', `/contests/${SLUG}`, undefined, '')).body.currentRoundId).toBe('vong-2'),
      { timeout: FIRST_ROUND_MS + 30_000, interval: 500 },
    );
  }, 90_000);

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

  it('the committee sees the rounds in the settings, and computes and publishes the first round’s prizes in the console', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await context.newPage();
    recordPageProblems(page, problems);
    await page.goto(`${server.origin}/admin#/${SLUG}/settings`);
    await page.getByLabel('Mã truy cập', { exact: true }).fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Cấu hình cuộc thi' }));
    // The three rounds as saved, each its own group with its id, and the overall ranking.
    for (const [i, id, title] of [
      [0, 'vong-1', 'Vòng một'],
      [1, 'vong-2', 'Vòng hai'],
      [2, 'vong-3', 'Vòng chung kết'],
    ] as const) {
      const group = page.getByRole('group', { name: `Vòng ${i + 1} · ${title}` });
      await visible(group);
      expect(await group.getByLabel(/Mã vòng/).inputValue()).toBe(id);
    }
    await visible(page.getByLabel('Xếp hạng chung', { exact: true }));
    await page.screenshot({ path: new URL('console-vong-thi.png', SHOTS).pathname, fullPage: true });

    // Prizes of the first round: picked, computed, published with the confirmation.
    await page.getByRole('navigation', { name: 'Các mục quản trị' }).getByRole('link', { name: 'Giải thưởng', exact: true }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Giải thưởng' }));
    await page.getByLabel('Xem theo vòng', { exact: true }).selectOption({ label: 'Vòng 1 · Vòng một (đã kết thúc)' });
    await page.getByRole('button', { name: 'Tính thử' }).click();
    await visible(page.locator('[data-results]').filter({ hasText: PERSON.fullName }));
    await visible(page.locator('[data-results]').filter({ hasText: 'Giải Nhất vòng một' }));
    // Final for the round, which is over, though the contest runs on.
    await visible(page.locator('[data-results]').getByText('Vòng thi đã kết thúc.'));
    await page.getByRole('button', { name: 'Công bố kết quả' }).click();
    const dialog = page.getByRole('dialog', { name: 'Công bố kết quả?' });
    await visible(dialog);
    await dialog.getByRole('button', { name: 'Công bố', exact: true }).click();
    await visible(page.getByRole('status').filter({ hasText: 'Đã công bố kết quả lúc' }));
    await page.screenshot({ path: new URL('console-giai-vong-1.png', SHOTS).pathname, fullPage: true });

    // Published for the round only: the round's results are public, the contest's are not.
    const round = await api<{ individual: { name: string; prize: string }[] }>('GET', `/contests/${SLUG}/rounds/vong-1/results`, undefined, '');
    expect(round.status).toBe(200);
    expect(round.body.individual.map((w) => w.prize)).toEqual(['Giải Nhất vòng một']);
    expect((await api('GET', `/contests/${SLUG}/results`, undefined, '')).status).toBe(404);
    expect(problems, problems.join('\n')).toEqual([]);
    await context.close();
  });

  it('shows the round open with its time left and own rules, and the past round with its board, prizes and one’s standing', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    await context.addInitScript(
      ([key, value]) => {
        if (!sessionStorage.getItem('seeded')) {
          localStorage.setItem(key!, value!);
          sessionStorage.setItem('seeded', '1');
        }
      },
      [`de-an-06-quiz:${server.origin}:${SLUG}`, JSON.stringify({ token })],
    );
    const page = await context.newPage();
    recordPageProblems(page, problems);
    await page.goto(`${server.origin}/c/${SLUG}`);
    const widget = page.locator('#du-thi de-an-06-quiz');
    await visible(widget.getByText(`Xin chào, ${PERSON.fullName}`));

    // The round open now, counted against all three, with the time left in it and its own rules.
    const rounds = widget.locator('de-an-06-rounds');
    await visible(rounds.getByText('Vòng 2/3 · Vòng hai'));
    await visible(rounds.getByText('Vòng thi kết thúc sau'));
    await visible(rounds.getByText(/Vòng này: mỗi lượt 2 câu hỏi/));
    await visible(widget.getByRole('button', { name: 'Bắt đầu làm bài' }));

    // The first round is over: one's own standing, its leaderboard and its published prizes.
    const past = rounds.locator('ul.past > li').filter({ hasText: 'Vòng 1/3 · Vòng một' });
    await visible(rounds.getByRole('heading', { name: 'Kết quả các vòng đã qua' }));
    await visible(past.getByText('Điểm cao nhất 3/3 · hạng 1'));
    await past.getByRole('button', { name: 'Bảng xếp hạng vòng' }).click();
    await visible(past.locator('de-an-06-board').getByRole('cell', { name: 'Sở Tư pháp' }));
    await past.getByRole('button', { name: 'Giải thưởng của vòng' }).click();
    await visible(past.locator('de-an-06-board').getByText('Giải Nhất vòng một'));
    // The rounds still to come are not among the past ones.
    expect(await rounds.locator('ul.past > li').count()).toBe(1);
    await page.screenshot({ path: new URL('vong-2-cua-3.png', SHOTS).pathname, fullPage: true });

    // Readable at 320 px: nothing of the rounds is wider than the screen.
    await page.setViewportSize({ width: 320, height: 800 });
    const overflow = await rounds.evaluate((el) => {
      const root = el.shadowRoot!.querySelector<HTMLElement>('.root')!;
      return root.scrollWidth - root.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    expect(problems, problems.join('\n')).toEqual([]);
    await context.close();
  });

  it('a new attempt belongs to the round open now: its own number of questions', async () => {
    const started = await api<{ id: string; questions: unknown[] }>('POST', `/contests/${SLUG}/attempts`, {}, token);
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(started.body.questions).toHaveLength(2);
    const me = await api<{ rounds: { roundId: string; attempts: number }[] }>('GET', `/contests/${SLUG}/me`, undefined, token);
    expect(me.body.rounds.map((r) => [r.roundId, r.attempts])).toEqual([
      ['vong-1', 1],
      ['vong-2', 1],
      ['vong-3', 0],
    ]);
  });
});
