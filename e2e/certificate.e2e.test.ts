/**
 * The certificate of participation and sharing in Chromium against the real server (decision 0037):
 * a contestant submits an attempt in the widget, shares the contest (share sheet, or Zalo and
 * Facebook links that carry the contest's page and nothing about the person), opens the certificate,
 * whose QR code — read back with jsQR from the pixels the browser drew — is the verify URL; the
 * printable page prints to exactly one A4 page, its own QR code reads back the same, and it confirms
 * the name and unit. Screenshots at 360 and 1280 px go to /work/notes/shots/cert-*.png.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, recordPageProblems, startServer, type RunningServer } from './server.js';

const CONTEST = 'de-an-06-thai-binh';
const SHOTS = '/work/notes/shots';
const JSQR = readFileSync(createRequire(import.meta.url).resolve('jsqr/dist/jsQR.js'), 'utf8');

function visible(locator: Locator, timeout = 10_000) {
  return locator.first().waitFor({ state: 'visible', timeout });
}

/**
 * Reads the QR code of an image (`<img>` or `<svg>`) on the page: the browser draws it on a canvas,
 * four pixels per module and more, and jsQR decodes the canvas's pixels. jsQR is evaluated through
 * the DevTools protocol, which the page's CSP does not govern (an inline script would be refused).
 */
async function readQr(page: Page, image: Locator): Promise<string | null> {
  await page.evaluate(`${JSQR};window.__jsQR = jsQR;`);
  const source = await image.evaluate((el) =>
    el instanceof HTMLImageElement ? el.src : `data:image/svg+xml,${encodeURIComponent(new XMLSerializer().serializeToString(el))}`,
  );
  return page.evaluate(async (src) => {
    const img = new Image();
    img.src = src;
    await img.decode();
    const size = 400;
    const canvas = Object.assign(document.createElement('canvas'), { width: size, height: size });
    const context = canvas.getContext('2d')!;
    context.imageSmoothingEnabled = false;
    context.drawImage(img, 0, 0, size, size);
    const pixels = context.getImageData(0, 0, size, size);
    const decode = (window as unknown as { __jsQR: (d: Uint8ClampedArray, w: number, h: number) => { data: string } | null }).__jsQR;
    return decode(pixels.data, size, size)?.data ?? null;
  }, source);
}

describe('certificate of participation and sharing', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const person = {
    fullName: 'Nguyễn Thị Chứng Nhận',
    birthDate: '1988-02-14',
    idNumber: '034188123987',
    phone: '0912123987',
    unitId: 'so-tu-phap',
    occupation: 'can-bo',
    consent: true,
  };

  it('submits, shares, shows the certificate with a QR code of the verify URL, and prints one A4 page that confirms name and unit', async () => {
    const registered = await fetch(`${server.origin}/api/contests/${CONTEST}/contestants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(person),
    });
    expect(registered.status).toBe(201);
    const { token } = (await registered.json()) as { token: string };

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    await context.addInitScript(
      ([key, value]) => {
        if (!sessionStorage.getItem('seeded')) {
          localStorage.setItem(key!, value!);
          sessionStorage.setItem('seeded', '1');
        }
        // No share sheet: the widget falls back to its links (Chromium on Linux has none anyway).
        Object.defineProperty(Navigator.prototype, 'share', { value: undefined, configurable: true, writable: true });
      },
      [`de-an-06-quiz:${server.origin}:${CONTEST}`, JSON.stringify({ token })],
    );
    const page = await context.newPage();
    const problems: string[] = [];
    recordPageProblems(page, problems);
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
    });

    // Submit an attempt in the widget of the contest page.
    await page.goto(`${server.origin}/c/${CONTEST}`);
    const widget = page.locator('#du-thi de-an-06-quiz');
    await visible(widget.getByText(`Xin chào, ${person.fullName}`), 15_000);
    await widget.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
    await visible(widget.getByRole('heading', { name: 'Câu 1/20' }), 15_000);
    await widget.getByRole('radio').first().check();
    await visible(widget.getByText('Đã lưu'));
    await widget.getByRole('button', { name: 'Câu 20, chưa trả lời' }).click();
    await widget.getByRole('button', { name: 'Sang câu hỏi phụ' }).click();
    await widget.getByLabel('Dự đoán của bạn (số nguyên)').fill('12000');
    await widget.getByRole('button', { name: 'Xem lại và nộp bài' }).click();
    await widget.getByRole('button', { name: 'Xác nhận nộp bài' }).click();
    await visible(widget.getByRole('heading', { name: 'Kết quả bài thi' }));

    // Sharing without a share sheet: Zalo and Facebook get the contest page's address, nothing about the person.
    const contestUrl = `${server.origin}/c/${CONTEST}`;
    await widget.getByRole('button', { name: 'Chia sẻ' }).click();
    const zalo = await widget.getByRole('link', { name: 'Chia sẻ qua Zalo' }).getAttribute('href');
    const facebook = await widget.getByRole('link', { name: 'Chia sẻ qua Facebook' }).getAttribute('href');
    expect(zalo).toBe(`https://sp.zalo.me/share_to_zalo?href=${encodeURIComponent(contestUrl)}`);
    expect(facebook).toBe(`https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(contestUrl)}`);

    // With a share sheet: title, an invitation and the same address.
    await page.evaluate(() => {
      Object.defineProperty(Navigator.prototype, 'share', {
        configurable: true,
        value: async (data: ShareData) => {
          (window as unknown as { shared: ShareData }).shared = data;
        },
      });
    });
    await widget.getByRole('button', { name: 'Chia sẻ' }).click();
    const shared = await page.waitForFunction(() => (window as unknown as { shared?: ShareData }).shared).then((handle) => handle.jsonValue());
    expect(shared).toEqual({
      title: 'Cuộc thi trắc nghiệm tìm hiểu Đề án 06 trên địa bàn tỉnh Thái Bình',
      text: 'Mời bạn cùng tham gia Cuộc thi trắc nghiệm tìm hiểu Đề án 06 trên địa bàn tỉnh Thái Bình',
      url: contestUrl,
    });
    for (const link of [zalo!, facebook!, JSON.stringify(shared)]) {
      for (const personal of [person.fullName, encodeURIComponent(person.fullName), person.idNumber, person.phone, person.birthDate, 'chung-nhan', token]) {
        expect(link).not.toContain(personal);
      }
    }

    // The certificate.
    await widget.getByRole('button', { name: 'Giấy chứng nhận' }).click();
    const certificate = widget.locator('de-an-06-certificate article');
    await visible(certificate.getByRole('heading', { name: 'Giấy chứng nhận đã tham gia' }));
    const mine = (await (await fetch(`${server.origin}/api/contests/${CONTEST}/me/certificate`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      code: string;
      verifyUrl: string;
    };
    expect(mine.verifyUrl).toBe(`${server.origin}/chung-nhan/${mine.code}`);
    for (const text of [person.fullName, 'Đơn vị: Sở Tư pháp', 'Cuộc thi trắc nghiệm tìm hiểu Đề án 06 trên địa bàn tỉnh Thái Bình', mine.code]) {
      await visible(certificate.getByText(text, { exact: false }));
    }
    await visible(certificate.getByText(/^Cấp ngày \d{1,2} tháng \d{1,2} năm 20\d\d$/));
    await visible(certificate.getByText(/^Điểm cao nhất: [01]\/20$/));
    const qr = certificate.getByRole('img', { name: 'Mã QR dẫn đến trang xác minh giấy chứng nhận' });
    expect(await readQr(page, qr)).toBe(mine.verifyUrl);
    expect(await widget.getByRole('link', { name: 'In giấy chứng nhận' }).getAttribute('href')).toBe(`${mine.verifyUrl}?in=1`);
    await certificate.screenshot({ path: `${SHOTS}/cert-widget-1280.png` });
    await page.setViewportSize({ width: 360, height: 800 });
    await certificate.scrollIntoViewIfNeeded();
    await certificate.screenshot({ path: `${SHOTS}/cert-widget-360.png` });

    // The printable page: confirms name and unit, reads back its own QR code, prints on exactly one A4 page.
    const printable = await context.newPage();
    recordPageProblems(printable, problems);
    printable.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
    });
    const response = await printable.goto(mine.verifyUrl);
    expect(response!.status()).toBe(200);
    await visible(printable.getByText('Giấy chứng nhận hợp lệ.'));
    const confirmation = printable.locator('.valid');
    expect(await confirmation.innerText()).toContain(`${person.fullName} (Sở Tư pháp)`);
    await visible(printable.getByRole('button', { name: 'In giấy chứng nhận' }));
    const paper = printable.getByRole('article', { name: 'Giấy chứng nhận' });
    expect(await readQr(printable, paper.locator('svg'))).toBe(mine.verifyUrl);
    await printable.setViewportSize({ width: 1280, height: 1000 });
    await paper.screenshot({ path: `${SHOTS}/cert-page-1280.png` });
    await printable.setViewportSize({ width: 360, height: 800 });
    await paper.screenshot({ path: `${SHOTS}/cert-page-360.png` });
    await printable.emulateMedia({ media: 'print' });
    await printable.setViewportSize({ width: 794, height: 1123 });
    await printable.screenshot({ path: `${SHOTS}/cert-print-a4.png` });
    await printable.emulateMedia({ media: 'screen' });
    const pdf = await printable.pdf({ format: 'A4' });
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages).toHaveLength(1);
    const boxes = [...pdf.toString('latin1').matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map(([, w, h]) => [Math.round(Number(w)), Math.round(Number(h))]);
    // A4 is 595 × 842 points (Chromium's 8.27 × 11.7 inches may round up by one).
    expect(boxes).toHaveLength(1);
    expect(Math.abs(boxes[0]![0]! - 595)).toBeLessThanOrEqual(1);
    expect(Math.abs(boxes[0]![1]! - 842)).toBeLessThanOrEqual(1);

    // `?in=1` (the widget's "In giấy chứng nhận") opens the print dialog at once; the button opens it again.
    await printable.addInitScript(() => {
      window.print = () => {
        const w = window as unknown as { printed?: number };
        w.printed = (w.printed ?? 0) + 1;
      };
    });
    await printable.goto(`${mine.verifyUrl}?in=1`);
    await printable.waitForFunction(() => (window as unknown as { printed?: number }).printed === 1);
    await printable.getByRole('button', { name: 'In giấy chứng nhận' }).click();
    await printable.waitForFunction(() => (window as unknown as { printed?: number }).printed === 2);

    // A wrong code: a page that says so, 404.
    const wrong = await printable.goto(`${server.origin}/chung-nhan/ABCD-EFGH-JKLM`);
    expect(wrong!.status()).toBe(404);
    await visible(printable.getByRole('heading', { name: 'Mã xác minh không hợp lệ' }));

    expect(problems.filter((p) => !/^404 |Failed to load resource/.test(p))).toEqual([]);
    await context.close();
  });
});
