/**
 * The iframe embed and the site pages of decision 0035, in Chromium against the built server
 * (SEED_DEMO=off, contests created through the admin API with the code the first start printed):
 * a host page on an allowed origin frames `/embed/:slug` and the iframe takes its content's height;
 * a host page on another origin is refused by frame-ancestors; `/c/:slug` renders its contest; `/`
 * shows an empty state, the one contest, then a list of two. Screenshots at 360 and 1280 px go to
 * test-results/embed/ (not in git) to look at.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, freePort, startServer, type RunningServer } from './server.js';

const SHOTS = 'test-results/embed';
const DAY = 86_400_000;

/** A host site: one page holding the iframe and the documented resize snippet. */
async function hostSite(quiz: string, slug: string): Promise<{ origin: string; server: Server }> {
  const port = await freePort();
  const page = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Báo tỉnh</title></head><body>
<h1>Tin tức</h1>
<iframe id="quiz" src="${quiz}/embed/${slug}" title="Cuộc thi" style="width:100%;border:0;height:150px"></iframe>
<script>
  addEventListener('message', function (e) {
    if (e.origin !== '${quiz}' || !e.data || e.data.type !== 'de-an-06-quiz:height') return;
    document.querySelectorAll('iframe').forEach(function (f) {
      if (f.contentWindow === e.source) f.style.height = e.data.height + 'px';
    });
  });
</script></body></html>`;
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { origin: `http://localhost:${port}`, server };
}

describe('iframe embed and contest pages', () => {
  let quiz: RunningServer;
  let browser: Browser;
  let token: string;
  const hosts: Server[] = [];

  const put = async (slug: string, body: Record<string, unknown>) => {
    const response = await fetch(`${quiz.origin}/api/admin/contests/${slug}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ startsAt: new Date(Date.now() - DAY).toISOString(), endsAt: new Date(Date.now() + 30 * DAY).toISOString(), ...body }),
    });
    expect(response.status, await response.clone().text()).toBeLessThan(300);
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    quiz = await startServer({ SEED_DEMO: 'off' });
    // The one-time organiser code the first start prints (the listen callback may still be on its way).
    for (let match = null as RegExpExecArray | null; ; await new Promise((resolve) => setTimeout(resolve, 50))) {
      match = /chỉ in một lần[^\n]*\n\s+(\S+)\n/.exec(quiz.output());
      if (match) {
        token = match[1]!;
        break;
      }
    }
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await quiz?.stop();
    for (const host of hosts) host.close();
  });

  it('/ shows an empty state, then the one contest, then a list; /c/:slug renders its contest', async () => {
    const context = await browser.newContext({ locale: 'vi-VN', viewport: { width: 360, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${quiz.origin}/`);
    await page.getByRole('heading', { name: 'Chưa có cuộc thi nào' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await page.screenshot({ path: `${SHOTS}/home-empty-360.png`, fullPage: true });

    await put('thi-mot', { title: 'Tìm hiểu Đề án 06 – huyện Kiến Xương', description: 'Cuộc thi trắc nghiệm trực tuyến dành cho mọi người dân trong huyện.' });
    await page.goto(`${quiz.origin}/`);
    await page.getByRole('heading', { level: 1, name: 'Tìm hiểu Đề án 06 – huyện Kiến Xương' }).waitFor();
    await page.locator('de-an-06-quiz').first().getByRole('heading', { level: 2 }).filter({ hasText: 'Kiến Xương' }).first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: `${SHOTS}/home-one-360.png`, fullPage: true });

    await put('thi-hai', { title: 'Tìm hiểu Đề án 06 – huyện Tiền Hải' });
    await page.goto(`${quiz.origin}/`);
    await page.getByRole('link', { name: 'Tìm hiểu Đề án 06 – huyện Tiền Hải' }).click();
    await page.waitForURL(`${quiz.origin}/c/thi-hai`);
    await page.locator('de-an-06-quiz').first().getByRole('heading', { level: 2 }).filter({ hasText: 'Tiền Hải' }).first().waitFor({ timeout: 15_000 });
    expect(await page.locator('meta[property="og:title"]').getAttribute('content')).toBe('Tìm hiểu Đề án 06 – huyện Tiền Hải');
    await page.screenshot({ path: `${SHOTS}/contest-page-360.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: `${SHOTS}/contest-page-1280.png`, fullPage: true });
    await page.goto(`${quiz.origin}/`);
    await page.screenshot({ path: `${SHOTS}/home-list-1280.png`, fullPage: true });
    await context.close();
  });

  it('an allowed host page frames /embed/:slug and the iframe takes its content’s height; another origin is refused', async () => {
    const allowed = await hostSite(quiz.origin, 'thi-nhung');
    const other = await hostSite(quiz.origin, 'thi-nhung');
    hosts.push(allowed.server, other.server);
    await put('thi-nhung', { title: 'Tìm hiểu Đề án 06 – báo tỉnh', allowedOrigins: [allowed.origin] });

    const context = await browser.newContext({ locale: 'vi-VN', viewport: { width: 360, height: 800 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to|frame-ancestors/i.test(message.text())) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${allowed.origin}/`);
    const frame = page.frameLocator('#quiz');
    await frame.locator('de-an-06-quiz').getByRole('heading', { level: 2 }).filter({ hasText: 'báo tỉnh' }).first().waitFor({ timeout: 15_000 });
    // The parent resized the iframe to the height the page inside reports.
    await expect
      .poll(async () => {
        const outer = await page.locator('#quiz').evaluate((el) => el.getBoundingClientRect().height);
        const inner = await frame.locator('html').evaluate((el) => Math.ceil(el.getBoundingClientRect().height));
        return outer > 150 && outer === inner;
      }, { timeout: 15_000 })
      .toBe(true);
    await page.screenshot({ path: `${SHOTS}/embed-allowed-360.png`, fullPage: true });
    // The page in the frame runs its scripts (the widget, the height reporter) under its own policy without a violation.
    expect(problems).toEqual([]);
    await context.close();

    const refusedContext = await browser.newContext({ locale: 'vi-VN' });
    const refused = await refusedContext.newPage();
    const messages: string[] = [];
    refused.on('console', (message) => messages.push(message.text()));
    await refused.goto(`${other.origin}/`);
    await expect.poll(() => messages.some((text) => /frame-ancestors/.test(text) && text.includes(quiz.origin) && text.includes('blocked')), { timeout: 15_000 }).toBe(true);
    // Nothing of the quiz loaded in the frame, and the iframe kept the host's own height.
    const child = refused.frames().find((f) => f !== refused.mainFrame());
    expect(child?.url() ?? '').not.toContain('/embed/');
    expect(child && (await child.locator('de-an-06-quiz').count())).toBe(0);
    expect(await refused.locator('#quiz').evaluate((el) => el.getBoundingClientRect().height)).toBe(150);
    await refusedContext.close();
  });

  it('an organiser signs in with the first start’s code, adds a site on “Nhúng vào trang”, and that site may frame the contest', async () => {
    const site = await hostSite(quiz.origin, 'thi-bang-dieu-khien');
    hosts.push(site.server);
    await put('thi-bang-dieu-khien', { title: 'Tìm hiểu Đề án 06 – thị xã' });

    const context = await browser.newContext({ locale: 'vi-VN', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${quiz.origin}/admin#/thi-bang-dieu-khien/embed`);
    await page.getByLabel('Mã truy cập', { exact: true }).fill(token);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { name: 'Nhúng vào trang' }).waitFor();
    await page.getByText('Chưa có trang chủ nào được phép nhúng cuộc thi này.').waitFor();
    await page.getByLabel(/Thêm trang chủ được nhúng/).fill(`${site.origin}/tin-tuc`);
    await page.getByRole('button', { name: 'Thêm trang' }).click();
    await page.getByText(`Đã thêm ${site.origin}.`).waitFor();
    const snippet = page.locator('pre').filter({ hasText: '<iframe' }).first();
    expect(await snippet.textContent()).toContain(`${quiz.origin}/embed/thi-bang-dieu-khien`);
    await page.screenshot({ path: `${SHOTS}/console-embed-1280.png`, fullPage: true });
    await page.setViewportSize({ width: 360, height: 800 });
    await page.screenshot({ path: `${SHOTS}/console-embed-360.png`, fullPage: true });
    await context.close();

    const hostContext = await browser.newContext({ locale: 'vi-VN' });
    const host = await hostContext.newPage();
    await host.goto(`${site.origin}/`);
    await host.frameLocator('#quiz').locator('de-an-06-quiz').getByRole('heading', { level: 2 }).filter({ hasText: 'thị xã' }).first().waitFor({ timeout: 15_000 });
    await hostContext.close();
  });
});
