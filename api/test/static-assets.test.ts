/**
 * Static files as a phone on a host page receives them (issue 20): compressed by Accept-Encoding with
 * the right length and `Vary`, revalidated by ETag with a 304, the build's precompressed siblings
 * used only while they match the file, and a changed file served afresh.
 */
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chooseEncoding, notModified, type Asset } from '../src/http/static-asset.js';
import { staticRoutes } from '../src/http/static.js';

/** A project folder with a built widget, the contest page and a demo page. */
function project() {
  const root = mkdtempSync(join(tmpdir(), 'quiz-static-'));
  mkdirSync(join(root, 'dist', 'widget', 'de-an-06-quiz'), { recursive: true });
  mkdirSync(join(root, 'site'));
  mkdirSync(join(root, 'demo'));
  const module = `export const texts = ${JSON.stringify(Array.from({ length: 200 }, (_, i) => `Câu hỏi số ${i} về Đề án 06`))};\n`;
  writeFileSync(join(root, 'dist', 'widget', 'de-an-06-quiz.mjs'), module);
  writeFileSync(join(root, 'dist', 'widget', 'de-an-06-quiz', 'board-abc123.mjs'), module);
  writeFileSync(join(root, 'demo', 'index.html'), `<!doctype html><title>Cuộc thi</title>${'<p>Đề án 06</p>'.repeat(50)}`);
  writeFileSync(join(root, 'demo', 'tiny.html'), '<p>x</p>');
  return { root, module };
}

async function get(app: ReturnType<typeof staticRoutes>, path: string, headers: Record<string, string> = {}) {
  const response = await app.request(path, { headers });
  return { response, body: Buffer.from(await response.arrayBuffer()) };
}

describe('static files', () => {
  it('sends brotli, gzip or identity by Accept-Encoding, each with its own length and Vary', async () => {
    const { root, module } = project();
    const app = staticRoutes(root);
    const br = await get(app, '/de-an-06-quiz.mjs', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.response.headers.get('content-encoding')).toBe('br');
    expect(br.response.headers.get('vary')).toBe('Accept-Encoding');
    expect(Number(br.response.headers.get('content-length'))).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(Buffer.byteLength(module) / 4);
    expect(brotliDecompressSync(br.body).toString()).toBe(module);

    const gz = await get(app, '/de-an-06-quiz.mjs', { 'accept-encoding': 'gzip' });
    expect(gz.response.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(module);

    const plain = await get(app, '/de-an-06-quiz.mjs');
    expect(plain.response.headers.get('content-encoding')).toBeNull();
    expect(plain.body.toString()).toBe(module);
    expect(Number(plain.response.headers.get('content-length'))).toBe(Buffer.byteLength(module));

    const refused = await get(app, '/de-an-06-quiz.mjs', { 'accept-encoding': 'br;q=0, gzip;q=0' });
    expect(refused.response.headers.get('content-encoding')).toBeNull();

    // Pages are compressed too; a body too small to gain is sent as it is.
    expect((await get(app, '/demo/', { 'accept-encoding': 'br' })).response.headers.get('content-encoding')).toBe('br');
    expect((await get(app, '/demo/tiny.html', { 'accept-encoding': 'br' })).response.headers.get('content-encoding')).toBeNull();
  });

  it('answers 304 to a client that has the file, for every encoding, and 200 once it changed', async () => {
    const { root } = project();
    const app = staticRoutes(root);
    for (const encoding of ['br', 'gzip', 'identity']) {
      const first = await get(app, '/de-an-06-quiz.mjs', { 'accept-encoding': encoding });
      const etag = first.response.headers.get('etag')!;
      expect(etag).toMatch(/^"[\w-]+"$/);
      const again = await get(app, '/de-an-06-quiz.mjs', { 'accept-encoding': encoding, 'if-none-match': etag });
      expect(again.response.status).toBe(304);
      expect(again.body.length).toBe(0);
      expect(again.response.headers.get('etag')).toBe(etag);
      expect(again.response.headers.get('cache-control')).toMatch(/stale-while-revalidate/);
    }
    const { response } = await get(app, '/de-an-06-quiz.mjs');
    const before = response.headers.get('etag')!;
    writeFileSync(join(root, 'dist', 'widget', 'de-an-06-quiz.mjs'), 'export const texts = ["Phiên bản mới"];\n');
    const changed = await get(app, '/de-an-06-quiz.mjs', { 'if-none-match': before });
    expect(changed.response.status).toBe(200);
    expect(changed.body.toString()).toContain('Phiên bản mới');
    expect(changed.response.headers.get('etag')).not.toBe(before);
  });

  it('keeps hashed chunks for a year and the loader and entry briefly', async () => {
    const { root } = project();
    const app = staticRoutes(root);
    expect((await get(app, '/de-an-06-quiz/board-abc123.mjs')).response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await get(app, '/de-an-06-quiz.mjs')).response.headers.get('cache-control')).toBe('public, max-age=300, stale-while-revalidate=86400');
    expect((await get(app, '/demo/')).response.headers.get('cache-control')).toBe('no-cache');
  });

  it('uses the build’s precompressed sibling while it is current, and ignores a stale one', async () => {
    const { root, module } = project();
    const file = join(root, 'dist', 'widget', 'de-an-06-quiz.mjs');
    const marker = brotliCompressSync(Buffer.from(`${module}// from the build\n`));
    writeFileSync(`${file}.br`, marker);
    const app = staticRoutes(root);
    expect(brotliDecompressSync((await get(app, '/de-an-06-quiz.mjs', { 'accept-encoding': 'br' })).body).toString()).toContain('// from the build');

    // The file is rebuilt after its sibling: the sibling no longer describes it.
    const later = new Date(Date.now() + 60_000);
    writeFileSync(file, `${module}// rebuilt\n`);
    utimesSync(file, later, later);
    const fresh = staticRoutes(root);
    const decoded = brotliDecompressSync((await get(fresh, '/de-an-06-quiz.mjs', { 'accept-encoding': 'br' })).body).toString();
    expect(decoded).toContain('// rebuilt');
    expect(decoded).not.toContain('// from the build');
  });

  it('serves nothing outside its folders', async () => {
    const { root } = project();
    const app = staticRoutes(root);
    for (const path of ['/demo/..%2f..%2fetc%2fpasswd', '/demo/../dist/widget/de-an-06-quiz.mjs', '/de-an-06-quiz/..%2f..%2fsite%2findex.html', '/demo/khong-co.html']) {
      expect((await get(app, path)).response.status, path).toBe(404);
    }
  });
});

describe('choosing an encoding and matching a validator', () => {
  const asset: Asset = { type: 'text/javascript', etag: '"abc"', bodies: { identity: Buffer.from('x'), br: Buffer.from('b'), gzip: Buffer.from('g') } };

  it('prefers brotli, honours q=0 and the wildcard', () => {
    expect(chooseEncoding(undefined, asset)).toBe('identity');
    expect(chooseEncoding('gzip, br', asset)).toBe('br');
    expect(chooseEncoding('br;q=0, gzip', asset)).toBe('gzip');
    expect(chooseEncoding('*', asset)).toBe('br');
    expect(chooseEncoding('*;q=0', asset)).toBe('identity');
    expect(chooseEncoding('deflate', asset)).toBe('identity');
    expect(chooseEncoding('br', { ...asset, bodies: { ...asset.bodies, br: null } })).toBe('identity');
  });

  it('matches the ETag of any encoding, weak or strong, in a list', () => {
    expect(notModified('"abc"', asset)).toBe(true);
    expect(notModified('"abc-br"', asset)).toBe(true);
    expect(notModified('W/"abc-gzip"', asset)).toBe(true);
    expect(notModified('"zzz", "abc"', asset)).toBe(true);
    expect(notModified('*', asset)).toBe(true);
    expect(notModified('"abcd"', asset)).toBe(false);
    expect(notModified(undefined, asset)).toBe(false);
  });
});
