/**
 * The widget as a guest on host pages (issue 20), in Chromium against the real built server: what a
 * new visitor's first screen downloads over the wire (the browser's own `transferSize`, headers
 * included), compression and revalidation as the browser meets them, no layout shift while the
 * widget arrives over a slow network, and no console error or warning on any page of the project.
 */
import { readdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, startServer, type RunningServer } from './server.js';

/** The budget of the first screen's scripts over the wire, headers included (issue 20). */
const FIRST_SCREEN_WIRE_LIMIT = 20_000;
const CLS_LIMIT = 0.02;
const PAGES = ['/', ...readdirSync('demo').filter((file) => file.endsWith('.html')).map((file) => `/demo/${file}`)];

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Pages that place `<de-an-06-quiz>` in their own HTML, with the reserve rule the README gives editors. */
const PLACED_IN_HTML = ['/', '/demo/bang-xep-hang.html', '/demo/cong-so.html', '/demo/esm.html'];

/** The widget's module, its chunks and the API; with `loader`, the classic loader script too. */
const WIDGET_MODULE_AND_API = /\/(de-an-06-quiz\.mjs|de-an-06-quiz\/.*|api\/.*)$/;
const WIDGET_ALL_AND_API = /\/(de-an-06-quiz\.m?js|de-an-06-quiz\/.*|api\/.*)$/;

/** A phone-sized page whose widget files and API answers arrive only after `delayMs`, as on a slow network. */
async function phone(delayMs = 0, slow: RegExp = WIDGET_MODULE_AND_API): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'vi-VN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  if (delayMs > 0) {
    await context.route(slow, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      await route.continue();
    });
  }
  // Every layout shift not caused by input, from the first paint on.
  await context.addInitScript(() => {
    const w = window as unknown as { shifts: number[] };
    w.shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
        if (!entry.hadRecentInput) w.shifts.push(entry.value);
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  return context;
}

describe('a good guest on host pages', () => {
  it('a new visitor’s first screen downloads at most 20,000 B of script over the wire', async () => {
    const context = await phone();
    const page = await context.newPage();
    await page.goto(`${server.origin}/demo/bao-thai-binh.html`);
    await page.locator('de-an-06-quiz').getByRole('button', { name: 'Đăng ký dự thi' }).waitFor();
    await page.waitForLoadState('networkidle');
    const scripts = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((entry) => /\.m?js$/.test(new URL(entry.name).pathname))
        .map((entry) => ({ name: new URL(entry.name).pathname, transferSize: (entry as PerformanceResourceTiming).transferSize })),
    );
    const total = scripts.reduce((sum, s) => sum + s.transferSize, 0);
    console.log(`first screen over the wire: ${scripts.map((s) => `${s.name} ${s.transferSize}`).join(' + ')} = ${total} B`);
    expect(scripts.map((s) => s.name)).toEqual(['/de-an-06-quiz.js', '/de-an-06-quiz.mjs']);
    expect(total).toBeLessThanOrEqual(FIRST_SCREEN_WIRE_LIMIT);
    await context.close();
  });

  it('sends the scripts compressed and answers the browser’s revalidation with 304', async () => {
    const context = await phone();
    const page = await context.newPage();
    const first = await page.request.get(`${server.origin}/de-an-06-quiz.mjs`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(first.status()).toBe(200);
    expect(first.headers()['content-encoding']).toBe('br');
    expect(first.headers().vary).toBe('Accept-Encoding');
    const etag = first.headers().etag!;
    const again = await page.request.get(`${server.origin}/de-an-06-quiz.mjs`, { headers: { 'accept-encoding': 'br, gzip', 'if-none-match': etag } });
    expect(again.status()).toBe(304);
    const gzip = await page.request.get(`${server.origin}/de-an-06-quiz.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers()['content-encoding']).toBe('gzip');
    await context.close();
  });

  /** The layout shift each page suffers while its widgets load, for the pages over the limit. */
  async function shiftsOver(context: BrowserContext, pages: string[]): Promise<Record<string, number>> {
    const shifted: Record<string, number> = {};
    for (const path of pages) {
      const page = await context.newPage();
      await page.goto(`${server.origin}${path}`);
      await page.waitForLoadState('networkidle');
      // Every widget on the page has left its loading state.
      await page.waitForFunction(() =>
        [...document.querySelectorAll('de-an-06-quiz')].every((el) => el.shadowRoot && !el.shadowRoot.textContent?.includes('Đang tải')),
      );
      const cls = await page.evaluate(() => (window as unknown as { shifts: number[] }).shifts.reduce((a, b) => a + b, 0));
      if (cls > CLS_LIMIT) shifted[path] = cls;
      await page.close();
    }
    return shifted;
  }

  it('shifts no host content while the widget’s code and data arrive over a slow network', async () => {
    const context = await phone(600);
    expect(await shiftsOver(context, PAGES)).toEqual({});
    await context.close();
  });

  it('shifts nothing even when the loader script itself is slow, on pages that place the element with the reserve rule', async () => {
    const context = await phone(600, WIDGET_ALL_AND_API);
    expect(await shiftsOver(context, PLACED_IN_HTML)).toEqual({});
    await context.close();
  });

  it('logs no console error or warning on any page of the project', async () => {
    const context = await phone();
    const problems: string[] = [];
    for (const path of [...PAGES, '/admin']) {
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') problems.push(`${path}: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`${path}: ${error.message}`));
      await page.goto(`${server.origin}${path}`);
      await page.waitForLoadState('networkidle');
      await page.close();
    }
    expect(problems).toEqual([]);
    await context.close();
  });
});
