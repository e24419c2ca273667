// `node scripts/og-image.mjs`: draws the sharing image of the contest pages (og:image, decision 0038),
// site/og-image.png (1200 × 630), from site/og-image.svg with Debian Chromium's screenshot. Run it again
// after editing the SVG and commit both files: neither the build nor the server needs a browser.
import { readFileSync, statSync } from 'node:fs';
import { chromium } from 'playwright-core';

const SVG = 'site/og-image.svg';
const PNG = 'site/og-image.png';
const WIDTH = 1200;
const HEIGHT = 630;
/** Facebook and Zalo fetch the image on every share preview: keep it small. */
const LIMIT = 80 * 1024;

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-dev-shm-usage', '--font-render-hinting=none'],
});
try {
  const page = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT }, deviceScaleFactor: 1 });
  await page.setContent(`<!doctype html><html><body style="margin:0">${readFileSync(SVG, 'utf8')}</body></html>`);
  await page.evaluate('document.fonts.ready.then(() => true)');
  await page.screenshot({ path: PNG, type: 'png', clip: { x: 0, y: 0, width: WIDTH, height: HEIGHT } });
} finally {
  await browser.close();
}
const bytes = statSync(PNG).size;
console.log(`${PNG}: ${WIDTH}×${HEIGHT}, ${bytes} B`);
if (bytes > LIMIT) {
  console.error(`${PNG} nặng hơn ${LIMIT} B: hãy đơn giản hình (bớt chuyển màu, bớt chữ nhỏ).`);
  process.exit(1);
}
