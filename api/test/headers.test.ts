/**
 * Security headers (api/src/http/security-headers.ts) on every kind of response: API JSON, refusals,
 * exports, the widget files, the contest page, the demo pages and the printable report.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { completePolicy, HSTS, PAGE_CSP, overTls } from '../src/http/security-headers.js';
import { OPEN, ORGANISER_TOKEN, register, testEnv, type TestEnv } from './support.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** Directive name → its sources, from a Content-Security-Policy value. */
function directives(policy: string | null): Map<string, string[]> {
  expect(policy, 'a Content-Security-Policy').toBeTruthy();
  return new Map(
    policy!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!.toLowerCase(), sources]),
  );
}

async function raw(env: TestEnv, path: string, init: RequestInit = {}) {
  const response = await env.app.request(path, init);
  await response.arrayBuffer();
  return response;
}

/** One request of every kind the server answers. */
async function everyKind(env: TestEnv): Promise<[string, Response][]> {
  const { token } = await register(env, 1);
  const admin = { authorization: `Bearer ${ORGANISER_TOKEN}` };
  return [
    ['health', await raw(env, '/api/health')],
    ['contest JSON', await raw(env, `/api/contests/${OPEN}`)],
    ['me', await raw(env, `/api/contests/${OPEN}/me`, { headers: { authorization: `Bearer ${token}` } })],
    ['400 refusal', await raw(env, `/api/contests/${OPEN}/contestants`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' })],
    ['401 refusal', await raw(env, `/api/contests/${OPEN}/me`)],
    ['404', await raw(env, '/api/khong-co')],
    ['413', await raw(env, `/api/contests/${OPEN}/contestants`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(100_000) })],
    ['CORS preflight', await raw(env, `/api/contests/${OPEN}/contestants`, { method: 'OPTIONS', headers: { origin: 'https://baothaibinh.com.vn', 'access-control-request-method': 'POST' } })],
    ['CSV export', await raw(env, `/api/admin/contests/${OPEN}/contestants?format=csv`, { headers: admin })],
    ['report', await raw(env, `/api/admin/contests/${OPEN}/report`, { headers: admin })],
    ['widget script', await raw(env, '/de-an-06-quiz.js')],
    ['widget module', await raw(env, '/de-an-06-quiz.mjs')],
    ['icon', await raw(env, '/favicon.ico')],
    ['contest page', await raw(env, '/')],
    ['contest page by slug', await raw(env, `/c/${OPEN}`)],
    ['demo page', await raw(env, '/demo/bao-thai-binh.html')],
    ['demo index', await raw(env, '/demo/')],
    ['demo redirect', await raw(env, '/demo')],
  ];
}

/** Static scripts and icons: they carry what matters to a script or an image, nothing page-level. */
const ASSETS = new Set(['widget script', 'widget module', 'icon']);

describe('security headers', () => {
  it('sets nosniff, frame rules, a referrer policy and a CSP with frame-ancestors on every page and API response', async () => {
    const env = testEnv();
    for (const [what, response] of await everyKind(env)) {
      expect(response.status, what).toBeLessThan(500);
      expect(response.headers.get('x-content-type-options'), what).toBe('nosniff');
      if (ASSETS.has(what)) continue;
      expect(response.headers.get('x-content-type-options'), what).toBe('nosniff');
      expect(response.headers.get('x-frame-options'), what).toBe('SAMEORIGIN');
      expect(response.headers.get('referrer-policy'), what).toBe('strict-origin-when-cross-origin');
      expect(directives(response.headers.get('content-security-policy')).get('frame-ancestors'), what).toEqual(["'self'"]);
      expect(response.headers.get('x-powered-by'), what).toBeNull();
    }
  });

  it('gives the contest page and every demo page a policy that allows the widget from self and nothing else', async () => {
    const env = testEnv();
    const pages = ['/', `/c/${OPEN}`, ...readdirSync(join(ROOT, 'demo')).filter((f) => f.endsWith('.html')).map((f) => `/demo/${f}`)];
    for (const path of pages) {
      const response = await raw(env, path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(response.headers.get('content-security-policy'), path).toBe(PAGE_CSP);
    }
    const policy = directives(PAGE_CSP);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(PAGE_CSP).not.toMatch(/unsafe-eval|\*|https?:/);
  });

  it('keeps a page’s policy on the 304 that answers a reload, since its headers replace the cached ones', async () => {
    const env = testEnv();
    for (const path of ['/', `/c/${OPEN}`, '/demo/bao-thai-binh.html']) {
      const first = await raw(env, path);
      const again = await raw(env, path, { headers: { 'if-none-match': first.headers.get('etag')! } });
      expect(again.status, path).toBe(304);
      expect(again.headers.get('content-security-policy'), path).toBe(PAGE_CSP);
    }
    const script = await raw(env, '/de-an-06-quiz.mjs');
    const revalidated = await raw(env, '/de-an-06-quiz.mjs', { headers: { 'if-none-match': script.headers.get('etag')! } });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('content-security-policy')).toBeNull();
  });

  it('the pages need no inline script, so script-src without unsafe-inline does not break them', () => {
    const files = [...readdirSync(join(ROOT, 'demo')).filter((f) => f.endsWith('.html')).map((f) => join(ROOT, 'demo', f))];
    for (const file of files) {
      const html = readFileSync(file, 'utf8');
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
      for (const [, attributes, body] of scripts) {
        expect(attributes, file).toMatch(/\bsrc="\/de-an-06-quiz\.m?js"/);
        expect(body!.trim(), file).toBe('');
      }
      expect(html, file).not.toMatch(/\son[a-z]+\s*=/i);
      expect(html, file).not.toMatch(/javascript:/i);
    }
  });

  it('keeps the printable report’s own policy and adds the directives that never fall back to default-src', async () => {
    const env = testEnv();
    const response = await raw(env, `/api/admin/contests/${OPEN}/report`, { headers: { authorization: `Bearer ${ORGANISER_TOKEN}` } });
    expect(response.status).toBe(200);
    const policy = directives(response.headers.get('content-security-policy'));
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('style-src')).toEqual(["'unsafe-inline'"]);
    expect(policy.get('img-src')).toEqual(['data:']);
    expect(policy.get('frame-ancestors')).toEqual(["'self'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
    expect(policy.has('connect-src')).toBe(false); // falls back to default-src 'none'
    expect(completePolicy("default-src 'none'; frame-ancestors 'none'")).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
  });

  it('gives scripts and icons only the headers that mean something for them', async () => {
    const env = testEnv();
    for (const [what, response] of await everyKind(env)) {
      if (!ASSETS.has(what)) continue;
      expect(response.status, what).toBe(200);
      expect(response.headers.get('etag'), what).toMatch(/^"[\w-]+"$/);
      expect(response.headers.get('cache-control'), what).toMatch(/max-age=\d+/);
      for (const pageLevel of ['content-security-policy', 'x-frame-options', 'referrer-policy', 'cross-origin-opener-policy', 'permissions-policy', 'x-xss-protection', 'origin-agent-cluster']) {
        expect(response.headers.get(pageLevel), `${what}: ${pageLevel}`).toBeNull();
      }
    }
    // An SVG is a document that could run script: it keeps the resource policy.
    const svg = await raw(env, '/favicon.svg');
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(directives(svg.headers.get('content-security-policy')).get('default-src')).toEqual(["'none'"]);
  });

  it('lets nothing run in JSON or CSV responses opened as documents', async () => {
    const env = testEnv();
    for (const path of ['/api/health', `/api/contests/${OPEN}`, '/api/khong-co']) {
      const policy = directives((await raw(env, path)).headers.get('content-security-policy'));
      expect(policy.get('default-src'), path).toEqual(["'none'"]);
    }
  });

  it('lets host sites on any origin load the widget files, and only those', async () => {
    const env = testEnv();
    for (const path of ['/de-an-06-quiz.js', '/de-an-06-quiz.mjs']) {
      const response = await raw(env, path, { headers: { origin: 'https://any-host.example' } });
      expect(response.status, path).toBe(200);
      expect(response.headers.get('cross-origin-resource-policy'), path).toBe('cross-origin');
      expect(response.headers.get('access-control-allow-origin'), path).toBe('*');
    }
    for (const path of ['/', '/demo/bao-thai-binh.html', '/api/health', `/api/contests/${OPEN}`]) {
      const response = await raw(env, path, { headers: { origin: 'https://any-host.example' } });
      expect(response.headers.get('cross-origin-resource-policy'), path).toBe('same-site');
      expect(response.headers.get('access-control-allow-origin'), path).toBeNull();
    }
    const admin = await raw(env, `/api/admin/contests/${OPEN}`, { headers: { origin: 'https://baothaibinh.com.vn', authorization: `Bearer ${ORGANISER_TOKEN}` } });
    expect(admin.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends HSTS only for requests that came over TLS', async () => {
    const plain = testEnv();
    const proxied = testEnv({ env: { TRUST_PROXY: '1' } });
    const hsts = async (env: TestEnv, url: string, headers: Record<string, string> = {}) =>
      (await raw(env, url, { headers })).headers.get('strict-transport-security');

    expect(await hsts(plain, '/api/health')).toBeNull();
    expect(await hsts(plain, 'http://quiz.example/')).toBeNull();
    expect(await hsts(plain, 'https://quiz.example/api/health')).toBe(HSTS);
    expect(await hsts(plain, 'https://quiz.example/demo/bao-thai-binh.html')).toBe(HSTS);
    // X-Forwarded-Proto counts only from a trusted proxy: anyone can send the header.
    expect(await hsts(plain, '/api/health', { 'x-forwarded-proto': 'https' })).toBeNull();
    expect(await hsts(proxied, '/api/health', { 'x-forwarded-proto': 'https' })).toBe(HSTS);
    expect(await hsts(proxied, '/de-an-06-quiz.js', { 'x-forwarded-proto': 'HTTPS, http' })).toBe(HSTS);
    expect(await hsts(proxied, '/api/health', { 'x-forwarded-proto': 'http' })).toBeNull();
    expect(await hsts(proxied, '/api/health')).toBeNull();
    expect(HSTS).toBe('max-age=31536000; includeSubDomains');

    expect(overTls('https://x/', undefined, false)).toBe(true);
    expect(overTls('http://x/', 'https', false)).toBe(false);
    expect(overTls('http://x/', ' https ', true)).toBe(true);
    expect(overTls('http://x/', 'http, https', true)).toBe(false);
  });
});
