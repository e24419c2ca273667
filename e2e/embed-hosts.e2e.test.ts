/**
 * The one script tag on host sites as they really are (issue 16, decision 0034), in Chromium against
 * the built server with the proof of work on. Host pages are served by a small server of their own
 * under `.test` names that Chromium resolves to 127.0.0.1: `http://quiz.test:…` is a plain-http page,
 * so the browser gives it no `crypto.subtle`, and `http://la.test:…` is a page the contest does not
 * allow. A contest created through the API follows its life on the same tag: open, closed (sign-in
 * and the ranking), published (the winners).
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, startServer, type RunningServer } from './server.js';

const ADMIN_TOKEN = 'Hs8vK3pQ7wLz2mR5tN9cX4bJ6fD1gY0aE8uI3oP5qWr';
const SHOTS = new URL('../test-results/embed-hosts/', import.meta.url);
const OPEN = 'nhung-trang-http';
const CLOSING = 'nhung-da-ket-thuc';

function visible(locator: Locator, timeout = 15_000) {
  return locator.first().waitFor({ state: 'visible', timeout });
}

describe('the one tag on real host sites', () => {
  let server: RunningServer;
  let hosts: Server;
  let hostPort: number;
  let browser: Browser;
  const saved = { admin: process.env.ADMIN_TOKEN, challenge: process.env.ATTEMPT_CHALLENGE, max: process.env.CHALLENGE_MAX_NUMBER };

  const insecureHost = () => `http://quiz.test:${hostPort}`;
  const strangerHost = () => `http://la.test:${hostPort}`;

  async function api<T>(method: string, path: string, body?: unknown, token = ADMIN_TOKEN): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${server.origin}/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as T };
  }

  async function createContest(slug: string, title: string) {
    const now = Date.now();
    const created = await api('PUT', `/admin/contests/${slug}`, {
      title,
      startsAt: new Date(now - 3_600_000).toISOString(),
      endsAt: new Date(now + 7 * 86_400_000).toISOString(),
      questionsPerAttempt: 3,
      collectiveCriterion: 'participants',
      allowedOrigins: [insecureHost()],
      integrity: { minSecondsPerQuestion: 0, networkRegistrations: 100_000, networkAttempts: 100_000, identicalMinAnswers: 200, predictionOnlyMaxAnswers: 0 },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const units = await api('PUT', `/admin/contests/${slug}/units`, [
      { id: 'so-tu-phap', name: 'Sở Tư pháp', parentId: null, kind: 'department', headcount: 120, competes: null },
      { id: 'vu-thu', name: 'Huyện Vũ Thư', parentId: null, kind: 'district', headcount: 7000, competes: null },
    ]);
    expect(units.status, JSON.stringify(units.body)).toBe(200);
    const questions = Array.from({ length: 4 }, (_, i) => ({
      topic: 'de-an-06',
      text: `Câu hỏi thử số ${i + 1} về Đề án 06?`,
      options: [`Đúng: phương án của câu ${i + 1}`, `Sai thứ nhất ${i + 1}`, `Sai thứ hai ${i + 1}`],
      answer: 0,
    }));
    expect((await api('POST', `/admin/contests/${slug}/questions`, questions)).status).toBe(200);
  }

  /** The host page: the README's one tag, for `contest`, on whatever name the browser asked for. */
  function hostPage(contest: string) {
    return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Cổng thông tin</title></head>
<body><main><h1>Cổng thông tin huyện</h1>
<script src="${server.origin}/de-an-06-quiz.js" data-contest="${contest}" async></script>
</main></body></html>`;
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    process.env.ADMIN_TOKEN = ADMIN_TOKEN;
    process.env.ATTEMPT_CHALLENGE = 'on';
    process.env.CHALLENGE_MAX_NUMBER = '20000';
    server = await startServer();
    hosts = createServer((request, response) => {
      const contest = new URL(request.url ?? '/', 'http://host').searchParams.get('contest') ?? OPEN;
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(hostPage(contest));
    });
    await new Promise<void>((resolve) => hosts.listen(0, '127.0.0.1', resolve));
    hostPort = (hosts.address() as AddressInfo).port;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP quiz.test 127.0.0.1, MAP la.test 127.0.0.1'],
    });
    await createContest(OPEN, 'Cuộc thi nhúng trên trang http');
    await createContest(CLOSING, 'Cuộc thi sắp kết thúc');
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (hosts ? hosts.close(resolve) : resolve(undefined)));
    await server?.stop();
    for (const [key, value] of [
      ['ADMIN_TOKEN', saved.admin],
      ['ATTEMPT_CHALLENGE', saved.challenge],
      ['CHALLENGE_MAX_NUMBER', saved.max],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  async function open(url: string): Promise<{ page: Page; widget: Locator; problems: string[] }> {
    const context = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(url);
    return { page, widget: page.locator('de-an-06-quiz'), problems };
  }

  async function shoot(page: Page, name: string) {
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: new URL(`${width}-${name}.png`, SHOTS).pathname, fullPage: true });
    }
  }

  it('a plain-http host page registers, starts with the proof of work on, answers and submits', async () => {
    const { page, widget, problems } = await open(`${insecureHost()}/?contest=${OPEN}`);
    // The page really is insecure: the browser withholds crypto.subtle.
    expect(await page.evaluate(() => [window.isSecureContext, typeof crypto.subtle])).toEqual([false, 'undefined']);
    await widget.getByRole('button', { name: 'Đăng ký dự thi' }).click();
    await widget.getByLabel('Họ và tên').fill('Đỗ Thị Cổng Thông Tin');
    await widget.getByLabel('Số định danh cá nhân (CCCD, 12 chữ số)').fill('034188880011');
    await widget.getByLabel('Ngày sinh').fill('1988-04-12');
    await widget.getByLabel('Số điện thoại di động').fill('0912880011');
    await widget.locator('#unitId').selectOption('vu-thu');
    await widget.locator('#occupation').selectOption('can-bo');
    await widget.locator('#consent').check();
    await widget.getByRole('button', { name: 'Đăng ký', exact: true }).click();
    await visible(widget.getByText('Xin chào, Đỗ Thị Cổng Thông Tin'));

    await widget.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
    for (let n = 1; n <= 3; n += 1) {
      await visible(widget.getByRole('heading', { name: `Câu ${n}/3` }));
      await widget.getByRole('radio').first().check();
      await visible(widget.getByText('Đã lưu'));
      if (n < 3) await widget.getByRole('button', { name: 'Câu tiếp' }).click();
    }
    await widget.getByRole('button', { name: 'Sang câu hỏi phụ' }).click();
    await widget.getByLabel('Dự đoán của bạn (số nguyên)').fill('120');
    await widget.getByRole('button', { name: 'Xem lại và nộp bài' }).click();
    await widget.getByRole('button', { name: 'Xác nhận nộp bài' }).click();
    await visible(widget.getByRole('heading', { name: 'Kết quả bài thi' }));
    await visible(widget.getByText(/Bạn trả lời đúng \d\/3 câu/));
    await shoot(page, 'http-ket-qua');

    // The server holds the submitted attempt: with the challenge on, it started only with a solved one.
    const { token } = await page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '{}'), `de-an-06-quiz:${server.origin}:${OPEN}`);
    const me = await api<{ attempts: { status: string }[] }>('GET', `/contests/${OPEN}/me`, undefined, token);
    expect(me.body.attempts.map((a) => a.status)).toEqual(['submitted']);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('a host page the contest does not allow is told so, naming its origin', async () => {
    const { page, widget } = await open(`${strangerHost()}/?contest=${OPEN}`);
    const message = `Trang ${strangerHost()} chưa được Ban Tổ chức cho phép nhúng cuộc thi này`;
    await visible(widget.getByText(message));
    expect(await widget.getByRole('alert').first().innerText()).toContain(`gửi địa chỉ ${strangerHost()} cho Ban Tổ chức`);
    expect(await widget.getByText('kiểm tra kết nối mạng').count()).toBe(0);
    await shoot(page, 'trang-chua-duoc-phep');
    await page.context().close();
  });

  it('after the close the one tag offers sign-in and the ranking; after publication, the winners', async () => {
    // One contestant takes part through the API, solving the challenge as the widget does.
    const registered = await api<{ token: string }>(
      'POST',
      `/contests/${CLOSING}/contestants`,
      { fullName: 'Lê Văn Đoạt Giải', birthDate: '1991-02-03', idNumber: '034091770022', phone: '0912770022', unitId: 'so-tu-phap', occupation: 'can-bo', consent: true, publishName: true },
      '',
    );
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const token = registered.body.token;
    const { body: challenge } = await api<{ algorithm: string; challenge: string; maxnumber: number; salt: string; signature: string }>('GET', `/contests/${CLOSING}/challenge`, undefined, '');
    let number = 0;
    while (createHash('sha256').update(challenge.salt + number).digest('hex') !== challenge.challenge) number += 1;
    const { algorithm, salt, signature } = challenge;
    const started = await api<{ id: string; questions: { id: string; options: { id: string; text: string }[] }[] }>(
      'POST',
      `/contests/${CLOSING}/attempts`,
      { source: 'quiz.test', challenge: { algorithm, challenge: challenge.challenge, number, salt, signature } },
      token,
    );
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const answers = Object.fromEntries(started.body.questions.map((q) => [q.id, q.options.find((o) => o.text.startsWith('Đúng'))!.id]));
    expect((await api('POST', `/attempts/${started.body.id}/submit`, { answers, prediction: 3 }, token)).status).toBe(200);

    // The contest closes.
    const { body: settings } = await api<Record<string, unknown>>('GET', `/admin/contests/${CLOSING}`);
    const { status: _status, ...rest } = settings;
    void _status;
    const closed = await api('PUT', `/admin/contests/${CLOSING}`, { ...rest, endsAt: new Date(Date.now() - 60_000).toISOString() });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);

    const { page, widget } = await open(`${insecureHost()}/?contest=${CLOSING}`);
    await visible(widget.getByText('Đã kết thúc'));
    await visible(widget.getByRole('heading', { name: 'Bảng xếp hạng' }));
    await visible(widget.locator('td', { hasText: 'Lê Văn Đoạt Giải' }));
    expect(await widget.getByRole('button', { name: 'Đăng ký dự thi' }).count()).toBe(0);
    await shoot(page, 'da-ket-thuc');

    // A refresh of the ranking is a revalidation: the browser sends the ETag it holds as If-None-Match
    // (an unchanged table is then a 304, http/public-json.ts), with no cache of the widget's own.
    const revalidations: { sent: string | undefined; etag: string | undefined }[] = [];
    page.on('response', async (response) => {
      if (!response.url().includes('/leaderboard')) return;
      revalidations.push({ sent: (await response.request().allHeaders())['if-none-match'], etag: (await response.allHeaders()).etag });
    });
    await page.evaluate(() => (document.querySelector('de-an-06-quiz')!.shadowRoot!.querySelector('de-an-06-board') as unknown as { load(): Promise<void> }).load());
    await expect.poll(() => revalidations.length).toBeGreaterThan(0);
    expect(revalidations[0]!.sent).toBeTruthy();
    expect(revalidations[0]!.sent).toBe(revalidations[0]!.etag);

    // On another device: sign in again and see one's own result.
    await widget.getByRole('button', { name: 'Tôi đã đăng ký: đăng nhập lại' }).click();
    await widget.getByLabel('Số định danh cá nhân (CCCD, 12 chữ số)').fill('034091770022');
    await widget.getByLabel('Ngày sinh').fill('1991-02-03');
    await widget.getByLabel('Số điện thoại di động').fill('0912770022');
    await widget.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await visible(widget.getByText('Xin chào, Lê Văn Đoạt Giải'));
    await visible(widget.getByText(/Kết quả tốt nhất: 3\/3/));

    // Published: the winners, individual and collective, on the same tag.
    const published = await api('POST', `/admin/contests/${CLOSING}/results`, { publish: true, acknowledgeFlags: true });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    await page.reload();
    await visible(widget.getByRole('heading', { name: 'Kết quả cuộc thi' }));
    await visible(widget.getByRole('heading', { name: 'Giải cá nhân' }).last());
    await visible(widget.getByRole('heading', { name: 'Giải tập thể' }).last());
    await visible(widget.locator('td', { hasText: 'Lê Văn Đoạt Giải' }));
    await visible(widget.locator('td', { hasText: 'Sở Tư pháp' }));
    await shoot(page, 'da-cong-bo');
    await page.context().close();
  });
});
