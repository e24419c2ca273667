/**
 * The demo pages and the contest page still work under their Content-Security-Policy
 * (api/src/http/security-headers.ts): the real server from dist/, headless Chromium, no CSP
 * violation reported, and the widget renders its contest view.
 */
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, startServer, type RunningServer } from './server.js';

describe('pages under their Content-Security-Policy', () => {
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

  for (const path of ['/demo/bao-thai-binh.html', '/demo/esm.html', '/demo/cong-so.html', '/']) {
    it(`${path}: the widget renders and the browser reports no CSP violation`, async () => {
      const context = await browser.newContext({ locale: 'vi-VN' });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      await page.exposeFunction('reportViolation', (text: string) => problems.push(text));
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          (window as unknown as { reportViolation: (t: string) => void }).reportViolation(`${event.violatedDirective} ${event.blockedURI}`);
        });
      });

      const response = await page.goto(`${server.origin}${path}`);
      expect(response?.status()).toBe(200);
      const policy = response?.headers()['content-security-policy'] ?? '';
      expect(policy).toContain("script-src 'self'");
      expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);

      const widget = page.locator('de-an-06-quiz').first();
      await widget.getByRole('heading', { level: 2 }).filter({ hasText: 'Đề án 06' }).first().waitFor({ state: 'visible', timeout: 15_000 });
      // The widget's own styles applied (Shadow DOM, constructed style sheets): it is laid out as a block.
      expect(await widget.evaluate((el) => getComputedStyle(el).display)).toBe('block');
      await page.waitForTimeout(300);
      expect(problems).toEqual([]);
      console.log(`${path}: widget rendered, CSP violations: ${problems.length}`);
      await context.close();
    });
  }
});
