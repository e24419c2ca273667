/**
 * "Dữ liệu của tôi" in Chromium against the real server: a signed-in contestant downloads the JSON of
 * everything stored about them, then erases their registration after typing the confirmation word;
 * the widget signs out and the ID number can register again (decision 0029).
 */
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, startServer, type RunningServer } from './server.js';

const CONTEST = 'de-an-06-thai-binh';

function visible(locator: Locator, timeout = 10_000) {
  return locator.first().waitFor({ state: 'visible', timeout });
}

describe('a contestant’s own data in the widget', () => {
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

  const registration = {
    fullName: 'Trần Thị Dữ Liệu',
    birthDate: '1990-05-01',
    idNumber: '034190765432',
    phone: '0912765432',
    unitId: 'tp-thai-binh',
    occupation: 'can-bo',
    consent: true,
  };

  async function register(): Promise<{ status: number; token?: string }> {
    const response = await fetch(`${server.origin}/api/contests/${CONTEST}/contestants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(registration),
    });
    const body = (await response.json()) as { token?: string };
    return { status: response.status, token: body.token };
  }

  it('downloads the data, erases after typing XOÁ, signs out, and the ID number registers again', async () => {
    const { status, token } = await register();
    expect(status).toBe(201);
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'vi-VN', acceptDownloads: true });
    await context.addInitScript(
      ([key, value]) => {
        if (!sessionStorage.getItem('seeded')) {
          localStorage.setItem(key!, value!);
          sessionStorage.setItem('seeded', '1');
        }
      },
      [`de-an-06-quiz:${server.origin}:${CONTEST}`, JSON.stringify({ token })],
    );
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.origin}/demo/bao-thai-binh.html`);
    const widget = page.locator('article de-an-06-quiz');
    await visible(widget.getByText('Xin chào, Trần Thị Dữ Liệu'), 15_000);

    await widget.getByRole('button', { name: 'Dữ liệu của tôi' }).click();
    await visible(widget.getByRole('heading', { name: 'Dữ liệu của tôi' }));
    const [download] = await Promise.all([page.waitForEvent('download'), widget.getByRole('button', { name: 'Tải dữ liệu của tôi' }).click()]);
    expect(download.suggestedFilename()).toBe(`du-lieu-ca-nhan-${CONTEST}.json`);
    const data = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(data.profile).toMatchObject({ idNumber: registration.idNumber, phone: registration.phone, fullName: registration.fullName });
    expect(data.sessions).toHaveLength(1);

    // Nothing is erased before the word is typed.
    await widget.getByRole('button', { name: 'Xoá vĩnh viễn dữ liệu của tôi' }).click();
    await visible(widget.getByText('Hãy gõ đúng chữ XOÁ để xác nhận xoá.'));
    expect((await fetch(`${server.origin}/api/contests/${CONTEST}/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);

    await widget.getByLabel('Gõ XOÁ để xác nhận').fill('XOÁ');
    await widget.getByRole('button', { name: 'Xoá vĩnh viễn dữ liệu của tôi' }).click();
    await visible(widget.getByText('Dữ liệu của bạn đã được xoá và bạn đã được đăng xuất.'));
    await visible(widget.getByRole('button', { name: 'Đăng ký dự thi' }));
    const kept = await page.evaluate((key) => localStorage.getItem(key), `de-an-06-quiz:${server.origin}:${CONTEST}`);
    expect(JSON.parse(kept ?? '{}').token).toBeUndefined();

    expect((await fetch(`${server.origin}/api/contests/${CONTEST}/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    expect((await register()).status).toBe(201);
    expect(errors).toEqual([]);
    await context.close();
  });
});
