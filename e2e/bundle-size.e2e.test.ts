/**
 * What a host page downloads for the widget (SPEC §6, decision 0013). The first screen is the
 * classic loader plus the ES entry it imports and whatever that entry imports statically, read from
 * the build's own manifest; it must stay within 15 KB gzipped (level 9). No single file may pass
 * 25 KB, and the total of every shipped widget file is reported. In Chromium, against the real server:
 * the contest view renders with the later chunks unreachable (so the first screen really is that set),
 * a later chunk that fails to arrive leaves a Vietnamese message and a retry that works, and a host
 * page on another origin loads the script, the module and the chunks from the contest's origin only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, startServer, type RunningServer } from './server.js';

const WIDGET_DIR = fileURLToPath(new URL('../dist/widget/', import.meta.url));
const FIRST_SCREEN_LIMIT = 15 * 1024;
const FILE_LIMIT = 25 * 1024;
/** The classic-script URL every host page uses (SPEC §4); it imports the module build. */
const LOADER = 'de-an-06-quiz.js';

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

const manifest: Record<string, ManifestChunk> = JSON.parse(readFileSync(join(WIDGET_DIR, '.vite', 'manifest.json'), 'utf8'));

function gzipped(file: string): number {
  return gzipSync(readFileSync(join(WIDGET_DIR, file)), { level: 9 }).length;
}

/** A chunk and everything it imports statically: what the browser must fetch before it runs. */
function withStaticImports(key: string, into = new Set<string>()): Set<string> {
  const chunk = manifest[key]!;
  if (into.has(chunk.file)) return into;
  into.add(chunk.file);
  for (const imported of chunk.imports ?? []) withStaticImports(imported, into);
  return into;
}

const entryKey = Object.keys(manifest).find((key) => manifest[key]!.isEntry)!;
const firstScreen = [LOADER, ...withStaticImports(entryKey)];
const shipped = (readdirSync(WIDGET_DIR, { recursive: true }) as string[])
  .filter((file) => /\.m?js$/.test(file))
  .map((file) => relative(WIDGET_DIR, join(WIDGET_DIR, file)).split('\\').join('/'));
const laterChunks = shipped.filter((file) => !firstScreen.includes(file));

describe('widget weight', () => {
  it('the first screen (loader + module + its static imports) is at most 15 KB gzipped', () => {
    expect(manifest[entryKey]!.file).toBe('de-an-06-quiz.mjs');
    const sizes = firstScreen.map((file) => ({ file, bytes: gzipped(file) }));
    const total = sizes.reduce((sum, s) => sum + s.bytes, 0);
    console.log(`first screen: ${sizes.map((s) => `${s.file} ${s.bytes}`).join(' + ')} = ${total} bytes gzipped (level 9)`);
    expect(total).toBeLessThanOrEqual(FIRST_SCREEN_LIMIT);
  });

  it('no shipped file is above 25 KB gzipped, and the total is reported', () => {
    let total = 0;
    for (const file of shipped) {
      const bytes = gzipped(file);
      total += bytes;
      console.log(`${file}: ${readFileSync(join(WIDGET_DIR, file)).length} bytes, ${bytes} bytes gzipped`);
      expect(bytes, file).toBeLessThanOrEqual(FILE_LIMIT);
    }
    console.log(`all ${shipped.length} widget files: ${total} bytes gzipped`);
    expect(laterChunks.length).toBeGreaterThan(0);
  });

  it('the classic script needs no module loader, and no shipped file fetches anything but the API', () => {
    expect(readFileSync(join(WIDGET_DIR, LOADER), 'utf8')).not.toMatch(/^\s*(import|export)\s/m);
    for (const file of shipped) {
      const source = readFileSync(join(WIDGET_DIR, file), 'utf8');
      // Links are no fetches: the share links of the certificate chunk (decision 0037) open Zalo or Facebook on a click.
      expect(source, file).not.toMatch(/https?:\/\/(?!www\.w3\.org|lit\.dev|sp\.zalo\.me\/share_to_zalo\?|www\.facebook\.com\/sharer\/sharer\.php\?)[a-z0-9.-]+\//i);
      // later code is imported only relative to the module itself, i.e. from the contest's origin
      for (const [, specifier] of source.matchAll(/import\(\s*["'`]([^"'`]+)["'`]\s*\)/g)) expect(specifier, file).toMatch(/^\.\.?\//);
    }
  });
});

describe('custom-elements manifest', () => {
  it('documents the public element: attributes, events, CSS parts and custom properties', () => {
    const elements = JSON.parse(readFileSync(join(WIDGET_DIR, 'custom-elements.json'), 'utf8'));
    const element = elements.modules
      .flatMap((m: { declarations?: unknown[] }) => m.declarations ?? [])
      .find((d: { tagName?: string }) => d.tagName === 'de-an-06-quiz');
    expect(element).toBeDefined();
    expect(element.attributes.map((a: { name: string }) => a.name)).toEqual(expect.arrayContaining(['contest', 'api', 'source', 'view', 'lang']));
    expect(element.events.map((e: { name: string }) => e.name)).toEqual(
      expect.arrayContaining(['de-an-06-quiz:registered', 'de-an-06-quiz:started', 'de-an-06-quiz:submitted']),
    );
    expect(element.cssParts.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['button', 'question', 'option', 'timer', 'table']));
    expect(element.cssProperties.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['--de-an-06-primary', '--de-an-06-font']));
  });
});

describe('the widget loading in parts, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  /** A news site on another origin than the contest's, whose article embeds the widget. */
  let hostSite: Server;
  let hostOrigin: string;

  beforeAll(async () => {
    hostSite = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(`<!doctype html><html lang="vi"><meta charset="utf-8"><title>Trang tin</title>
        <p>Bài viết về cuộc thi.</p>
        <script src="${server.origin}/${LOADER}" data-contest="de-an-06-thai-binh" async></script>`);
    });
    await new Promise<void>((resolve) => hostSite.listen(0, '127.0.0.1', resolve));
    hostOrigin = `http://127.0.0.1:${(hostSite.address() as AddressInfo).port}`;
    // the contest server inherits this: the host site may call the API
    process.env.ALLOWED_ORIGINS = hostOrigin;
    server = await startServer();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await new Promise((resolve) => hostSite?.close(resolve));
  });

  /** A fresh page that records every URL it requests; `block` makes the later chunks unreachable. */
  async function openPage(block: { on: boolean }): Promise<{ page: Page; requested: string[] }> {
    const context = await browser.newContext({ locale: 'vi-VN' });
    const page = await context.newPage();
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await page.route(`${server.origin}/de-an-06-quiz/*`, (route) => (block.on ? route.abort('internetdisconnected') : route.continue()));
    return { page, requested };
  }

  async function contestViewShown(page: Page) {
    const widget = page.locator('de-an-06-quiz').first();
    await widget.getByRole('heading', { level: 2 }).filter({ hasText: 'Đề án 06' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await widget.getByRole('button', { name: 'Đăng ký dự thi' }).waitFor({ state: 'visible' });
    return widget;
  }

  it('shows the contest view from the first-screen files alone; a later chunk that fails leaves a message and a retry that works', async () => {
    const block = { on: true };
    const { page, requested } = await openPage(block);
    await page.goto(`${server.origin}/demo/bao-thai-binh.html`);
    const widget = await contestViewShown(page);
    const widgetFiles = requested.filter((url) => url.startsWith(`${server.origin}/de-an-06-quiz`)).map((url) => new URL(url).pathname.slice(1));
    expect(widgetFiles.filter((file) => !laterChunks.includes(file)).sort()).toEqual([...firstScreen].sort());

    await widget.getByRole('button', { name: 'Đăng ký dự thi' }).click();
    await widget.getByRole('alert').filter({ hasText: 'Không kết nối được máy chủ' }).waitFor({ state: 'visible' });
    const retry = widget.getByRole('button', { name: 'Thử lại' });
    await retry.waitFor({ state: 'visible' });

    block.on = false;
    await retry.click();
    await widget.getByRole('heading', { level: 2, name: 'Đăng ký dự thi' }).waitFor({ state: 'visible' });
    await widget.getByLabel('Họ và tên').waitFor({ state: 'visible' });
    await page.context().close();
  });

  it('a host page on another origin gets the script, the module and the chunks from the contest origin only', async () => {
    const { page, requested } = await openPage({ on: false });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${hostOrigin}/bai-viet.html`);
    const widget = await contestViewShown(page);
    await widget.getByRole('button', { name: 'Đăng ký dự thi' }).click();
    await widget.getByLabel('Họ và tên').waitFor({ state: 'visible' });
    const elsewhere = requested.filter((url) => !url.startsWith(`${server.origin}/`) && !url.startsWith(`${hostOrigin}/`));
    expect(elsewhere).toEqual([]);
    expect(requested.some((url) => url.startsWith(`${server.origin}/de-an-06-quiz/`))).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('serves each chunk for any origin with immutable caching, and nothing outside the chunk folder', async () => {
    for (const file of laterChunks) {
      const response = await fetch(`${server.origin}/${file}`, { headers: { origin: 'https://baothaibinh.com.vn' } });
      expect(response.status, file).toBe(200);
      expect(response.headers.get('content-type'), file).toMatch(/^text\/javascript/);
      expect(response.headers.get('access-control-allow-origin'), file).toBe('*');
      expect(response.headers.get('cross-origin-resource-policy'), file).toBe('cross-origin');
      expect(response.headers.get('cache-control'), file).toContain('immutable');
    }
    for (const path of ['/de-an-06-quiz/..%2F..%2Fpackage.json', '/de-an-06-quiz/%2e%2e%2fpackage.json', '/de-an-06-quiz/khong-co.mjs', '/de-an-06-quiz/.vite']) {
      const response = await fetch(`${server.origin}${path}`);
      expect(response.status, path).toBe(404);
      expect((await response.json()).error.code, path).toBe('NOT_FOUND');
    }
  });

  it('when the module itself cannot be fetched, the classic script says so where the widget would be, and retries', async () => {
    const { page } = await openPage({ on: false });
    let moduleReachable = false;
    await page.route(`${server.origin}/de-an-06-quiz.mjs`, (route) => (moduleReachable ? route.continue() : route.abort('internetdisconnected')));
    await page.goto(`${server.origin}/demo/bao-thai-binh.html`);
    const notice = page.getByRole('alert').filter({ hasText: 'Không tải được cuộc thi' });
    await notice.waitFor({ state: 'visible' });
    moduleReachable = true;
    await notice.getByRole('button', { name: 'Thử lại' }).click();
    await contestViewShown(page);
    expect(await notice.count()).toBe(0);
    await page.context().close();
  });
});
