/**
 * What the organiser console needs from the server: who a token belongs to (GET /api/admin/me) and
 * the console page at /admin with its own strict policy, never cached, never indexed, never CORS.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../src/config.js';
import { ADMIN_SCRIPT } from '../src/http/admin-static.js';
import { appEnv, JURY_TOKEN, ORGANISER_TOKEN, testEnv } from './support.js';

describe('GET /api/admin/me', () => {
  it('names the organiser or jury member behind the token and their role', async () => {
    const env = testEnv();
    expect((await env.call('GET', '/api/admin/me', { token: ORGANISER_TOKEN })).body).toEqual({ name: 'Ban Tổ chức', role: 'organiser' });
    expect((await env.call('GET', '/api/admin/me', { token: JURY_TOKEN })).body).toEqual({ name: 'Ban Giám khảo', role: 'jury' });
  });

  it('refuses a missing or unknown token with 401 and the error shape, and sends no CORS headers', async () => {
    const env = testEnv();
    const none = await env.call('GET', '/api/admin/me', { headers: { origin: 'https://baothaibinh.com.vn' } });
    expect(none.status).toBe(401);
    expect(none.body.error).toMatchObject({ code: 'UNAUTHORIZED', message: 'Cần mã truy cập của Ban Tổ chức hợp lệ' });
    expect(none.headers.get('access-control-allow-origin')).toBeNull();
    const unknown = await env.call('GET', '/api/admin/me', { token: 'khong-co-ma-nay-0123456789abcdef' });
    expect(unknown.status).toBe(401);
  });
});

describe('/admin console page', () => {
  function envWithBundle() {
    const root = mkdtempSync(join(tmpdir(), 'admin-static-'));
    mkdirSync(join(root, 'dist', 'admin'), { recursive: true });
    writeFileSync(join(root, 'dist', 'admin', 'de-an-06-admin.js'), 'customElements.define("x-y", class extends HTMLElement {});');
    const base = testEnv();
    return appEnv(base.db, base.clock, configFromEnv({ RATE_LIMIT: 'off', ATTEMPT_CHALLENGE: 'off', PROJECT_ROOT: root }));
  }

  it('serves the page at /admin and /admin/ loading only the bundle, with a strict policy', async () => {
    const env = envWithBundle();
    for (const path of ['/admin', '/admin/']) {
      const response = await env.app.request(path, { headers: { origin: 'https://evil.example' } });
      const html = await response.text();
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(html).toContain(`<script type="module" src="${ADMIN_SCRIPT}"></script>`);
      expect(html).toContain('<de-an-06-admin>');
      expect(html).toContain('lang="vi"');
      // No inline script: the only <script> has a src.
      expect(html.match(/<script\b[^>]*>/g)).toEqual([`<script type="module" src="${ADMIN_SCRIPT}">`]);
      const csp = response.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('x-robots-tag')).toMatch(/noindex/);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('serves the bundle as JavaScript, not readable cross-origin', async () => {
    const env = envWithBundle();
    const response = await env.app.request(ADMIN_SCRIPT, { headers: { origin: 'https://evil.example' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await response.text()).toContain('customElements.define');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('cross-origin-resource-policy')).toBe('same-site');
    expect(response.headers.get('x-robots-tag')).toMatch(/noindex/);
  });

  it('answers 404 with the error shape when the console was not built', async () => {
    const root = mkdtempSync(join(tmpdir(), 'admin-static-empty-'));
    const base = testEnv();
    const env = appEnv(base.db, base.clock, configFromEnv({ RATE_LIMIT: 'off', ATTEMPT_CHALLENGE: 'off', PROJECT_ROOT: root }));
    const response = await env.call('GET', ADMIN_SCRIPT);
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
  });
});
