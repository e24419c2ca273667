/**
 * A 15-year-old registers on the provincial newspaper's page: the privacy notice opens inside the
 * widget (the article above it does not move), the birth date brings up the guardian's part of the
 * same form, and the real server accepts the registration with the guardian.
 */
import { chromium, type Browser, type Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, startServer, type RunningServer } from './server.js';

function visible(locator: Locator, timeout = 10_000) {
  return locator.first().waitFor({ state: 'visible', timeout });
}

describe('a 15-year-old registering with a parent', () => {
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

  it('reads the notice in place, fills in the guardian part and is registered', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'vi-VN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.origin}/demo/bao-thai-binh.html`);
    const widget = page.locator('article de-an-06-quiz');
    await widget.getByRole('button', { name: 'Đăng ký dự thi' }).click();
    await visible(widget.locator('form'));

    // The notice opens inside the widget: same address, the article's heading stays where it was.
    // Where the article's heading sits in the page (not the viewport: opening the notice may scroll to it).
    const headingTop = () => page.locator('article h1').evaluate((h) => h.getBoundingClientRect().top + window.scrollY);
    const headingBefore = await headingTop();
    const address = page.url();
    const link = widget.getByRole('button', { name: 'Thông báo xử lý dữ liệu cá nhân' });
    await link.click();
    const notice = widget.locator('#privacy-notice');
    await visible(notice.getByText('91/2025/QH15'));
    expect(await link.getAttribute('aria-expanded')).toBe('true');
    expect(await notice.innerText()).toContain('Ban Tổ chức');
    expect(page.url()).toBe(address);
    expect(await headingTop()).toBe(headingBefore);
    await widget.getByRole('button', { name: 'Đóng thông báo' }).click();

    // Born on 1 January fifteen years ago (Vietnam time): under 16 today.
    const year = new Date(Date.now() + 7 * 3_600_000).getUTCFullYear() - 15;
    const suffix = String(Date.now()).slice(-6);
    await widget.getByLabel('Họ và tên', { exact: true }).fill('Trần Minh Khôi');
    await widget.getByLabel('Số định danh cá nhân (CCCD, 12 chữ số)').fill(`0342${String(year).slice(2)}${suffix}`);
    await widget.getByLabel('Ngày sinh').fill(`${year}-01-01`);
    await visible(widget.getByText('Thí sinh dưới 16 tuổi cần có sự đồng ý của cha, mẹ hoặc người giám hộ'));
    await widget.getByLabel('Số điện thoại di động').fill(`09${suffix}12`);
    await widget.locator('#unitId').selectOption('tp-thai-binh');
    await widget.locator('#occupation').selectOption('hoc-sinh');
    await widget.getByLabel('Họ và tên cha, mẹ hoặc người giám hộ').fill('Trần Văn Cường');
    await widget.getByLabel('Số điện thoại cha, mẹ hoặc người giám hộ').fill(`08${suffix}34`);
    await widget.getByLabel('Quan hệ với thí sinh').selectOption('mẹ');
    await widget.locator('#guardian-consent').check();
    await widget.locator('#consent').check();

    const answer = page.waitForResponse((response) => response.url().endsWith('/api/contests/de-an-06-thai-binh/contestants'));
    await widget.getByRole('button', { name: 'Đăng ký', exact: true }).click();
    const response = await answer;
    expect(response.status()).toBe(201);
    const sent = response.request().postDataJSON() as { guardian?: unknown; publishName?: boolean };
    expect(sent.guardian).toEqual({ fullName: 'Trần Văn Cường', phone: `08${suffix}34`, relationship: 'mẹ', consent: true });
    expect(sent.publishName).toBeUndefined();
    await visible(widget.getByText('Xin chào, Trần Minh Khôi'));

    // The same person without a guardian is refused by the server itself, naming the guardian.
    const refused = await fetch(`${server.origin}/api/contests/de-an-06-thai-binh/contestants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...sent, guardian: undefined, idNumber: `0342${String(year).slice(2)}${String(Number(suffix) + 1).padStart(6, '0').slice(-6)}`, phone: `09${suffix}13` }),
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { fields: Record<string, string> } }).error.fields.guardian).toMatch(/dưới 16 tuổi/);
    expect(errors).toEqual([]);
    await context.close();
  });
});
