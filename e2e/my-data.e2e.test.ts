/**
 * Personal data in Chromium against the real server (decision 0029): a signed-in contestant downloads
 * the JSON of everything stored about them, then erases their registration after typing the
 * confirmation word, and the ID number can register again; the committee sees a request on the
 * dashboard and answers it on the console's «Dữ liệu cá nhân» screen; the dossier prints on A4.
 */
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, startServer, type RunningServer } from './server.js';

const CONTEST = 'de-an-06-thai-binh';
const ADMIN_TOKEN = 'Wq3vTn8ZkPbR1yLs6HcD0mEaUf5GjX2oKi7NdVt9QwA';

function visible(locator: Locator, timeout = 10_000) {
  return locator.first().waitFor({ state: 'visible', timeout });
}

describe('a contestant’s own data in the widget', () => {
  let server: RunningServer;
  let browser: Browser;

  const saved = process.env.ADMIN_TOKEN;

  beforeAll(async () => {
    // startServer passes the environment on to the server process.
    process.env.ADMIN_TOKEN = ADMIN_TOKEN;
    server = await startServer();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (saved === undefined) delete process.env.ADMIN_TOKEN;
    else process.env.ADMIN_TOKEN = saved;
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

  async function register(overrides: Record<string, string> = {}): Promise<{ status: number; token?: string }> {
    const response = await fetch(`${server.origin}/api/contests/${CONTEST}/contestants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...registration, ...overrides }),
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

  it('shows the committee a request on the dashboard, and the answer reaches the contestant', async () => {
    const { token } = await register({ fullName: 'Lê Văn Yêu Cầu', idNumber: '034190765433', phone: '0912765433' });
    const filed = await fetch(`${server.origin}/api/contests/${CONTEST}/me/data-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ kind: 'correction', message: 'Tên đúng của tôi là Lê Văn Yêu Cầu Mới' }),
    });
    expect(filed.status).toBe(201);

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.origin}/admin`);
    await page.getByLabel('Mã truy cập', { exact: true }).fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await visible(page.getByText('1 đang chờ trả lời, 0 quá hạn 15 ngày'), 15_000);
    await page.getByRole('link', { name: 'Xem và trả lời' }).click();
    await visible(page.getByRole('heading', { name: 'Dữ liệu cá nhân', level: 2 }));
    await visible(page.getByRole('cell', { name: 'Tên đúng của tôi là Lê Văn Yêu Cầu Mới' }));
    await page.getByLabel('Trả lời thí sinh').fill('Đã sửa họ tên theo thẻ căn cước của bạn.');
    await page.getByRole('button', { name: 'Gửi trả lời' }).click();
    await visible(page.getByText('Đã trả lời yêu cầu của Lê Văn Yêu Cầu.'));

    const mine = await fetch(`${server.origin}/api/contests/${CONTEST}/me/data`, { headers: { authorization: `Bearer ${token}` } });
    const data = (await mine.json()) as { dataRequests: { status: string; answer: string }[] };
    expect(data.dataRequests).toEqual([expect.objectContaining({ status: 'answered', answer: 'Đã sửa họ tên theo thẻ căn cước của bạn.' })]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('prints the impact-assessment dossier on A4 pages under its own CSP', async () => {
    const context = await browser.newContext({ extraHTTPHeaders: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    const response = await page.goto(`${server.origin}/api/admin/contests/${CONTEST}/privacy-dossier`);
    expect(response!.status()).toBe(200);
    await visible(page.getByRole('heading', { name: 'Hồ sơ đánh giá tác động xử lý dữ liệu cá nhân' }));
    for (const field of ['Số định danh cá nhân (số thẻ căn cước)', 'Số điện thoại di động', 'Ngày, tháng, năm sinh']) {
      await visible(page.getByRole('cell', { name: field }));
    }
    const pdf = await page.pdf({ preferCSSPageSize: true });
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(2);
    // A4 is 595 × 842 points; every page of the PDF has that size.
    const boxes = [...pdf.toString('latin1').matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map(([, w, h]) => [Math.round(Number(w)), Math.round(Number(h))]);
    expect(boxes.length).toBeGreaterThan(0);
    for (const box of boxes) expect(box).toEqual([595, 842]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
