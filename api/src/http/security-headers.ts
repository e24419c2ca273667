/**
 * Security headers on every response (SPEC §6 "secure headers that still let any host site load
 * the widget script"). One place decides them:
 *
 * - every response: nosniff, frame rules (X-Frame-Options SAMEORIGIN), a referrer policy, COOP, and
 *   CORP `same-site` — except the widget files, which host sites on any origin load (CORP
 *   `cross-origin`; their `Access-Control-Allow-Origin: *` is set by http/static.ts);
 * - HTML pages (`/`, `/c/:slug`, the demo host pages): a Content-Security-Policy that allows
 *   exactly what they need — scripts only from this origin (the widget; no inline script), inline
 *   `<style>` blocks, fetches only to this origin — and `frame-ancestors 'self'`; the embed page
 *   `/embed/:slug` sets the same policy with the contest's allowed origins as frame-ancestors, and
 *   no X-Frame-Options (decision 0035);
 * - a page that sets its own policy (the printable report) keeps it, with the directives that
 *   never fall back to `default-src` (frame-ancestors, base-uri, form-action) added when missing;
 * - everything else (JSON, CSV, XLSX, scripts): `default-src 'none'`, so a response opened as a
 *   document can run nothing;
 * - static scripts, styles and images (widget files, console bundle, icons): only what means
 *   something for them — nosniff, CORP, and for SVG (a document that could run script) the resource
 *   policy; the page-level headers cost every script download ~760 bytes for nothing (issue 20);
 * - HSTS only when the request reached us over TLS: an https URL, or `X-Forwarded-Proto: https` from
 *   a trusted proxy (TRUST_PROXY). Sent over plain http it would be ignored at best and, on a
 *   host name later served over http, lock browsers out.
 */
import type { MiddlewareHandler } from 'hono';
import type { Config } from '../config.js';
import { isStaticAsset, isWidgetFile, SHARING_IMAGE } from './static.js';

/** The policy of the contest page and the demo host pages (see demo/*.html, site/index.html). */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // The pages and the report style themselves with <style> blocks; Lit adopts constructed sheets.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

/** For responses that are not pages: nothing may run if one is opened as a document. */
export const RESOURCE_CSP = "default-src 'none'; frame-ancestors 'self'";

/** Directives that do not fall back to default-src, added to a route's own policy when it lacks them. */
const ALWAYS: readonly [string, string][] = [
  ['frame-ancestors', "frame-ancestors 'self'"],
  ['base-uri', "base-uri 'none'"],
  ['form-action', "form-action 'none'"],
];

export const HSTS = 'max-age=31536000; includeSubDomains';

/** Whether the request came over TLS: the URL's scheme, or a trusted proxy's X-Forwarded-Proto. */
export function overTls(url: string, forwardedProto: string | undefined, trustProxy: boolean): boolean {
  if (url.startsWith('https:')) return true;
  if (!trustProxy || !forwardedProto) return false;
  // A chain of proxies appends its hops; the first one is what the client used.
  return forwardedProto.split(',')[0]!.trim().toLowerCase() === 'https';
}

/** A route's own policy with the never-inherited directives added where it leaves them out. */
export function completePolicy(policy: string): string {
  const present = new Set(policy.split(';').map((d) => d.trim().split(/\s+/)[0]!.toLowerCase()));
  const missing = ALWAYS.filter(([name]) => !present.has(name)).map(([, directive]) => directive);
  return missing.length ? `${policy.replace(/[;\s]+$/, '')}; ${missing.join('; ')}` : policy;
}

export function securityHeaders(config: Pick<Config, 'trustProxy'>): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    const path = c.req.path;
    const widget = isWidgetFile(path) || path === SHARING_IMAGE;
    const tls = overTls(c.req.url, c.req.header('x-forwarded-proto'), config.trustProxy > 0);
    if (isStaticAsset(path)) {
      headers.set('X-Content-Type-Options', 'nosniff');
      headers.set('Cross-Origin-Resource-Policy', widget ? 'cross-origin' : 'same-site');
      if (/^image\/svg/i.test(headers.get('Content-Type') ?? '')) headers.set('Content-Security-Policy', RESOURCE_CSP);
      if (tls) headers.set('Strict-Transport-Security', HSTS);
      return;
    }
    headers.set('X-Content-Type-Options', 'nosniff');
    // The embed page (/embed/:slug) is framed by the contest's allowed origins: its own CSP
    // frame-ancestors says which (routes/pages.ts); X-Frame-Options cannot name other origins.
    if (!path.startsWith('/embed/')) headers.set('X-Frame-Options', 'SAMEORIGIN');
    headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
    headers.set('Cross-Origin-Opener-Policy', 'same-origin');
    headers.set('Cross-Origin-Resource-Policy', widget ? 'cross-origin' : 'same-site');
    headers.set('Origin-Agent-Cluster', '?1');
    headers.set('X-DNS-Prefetch-Control', 'off');
    headers.set('X-Permitted-Cross-Domain-Policies', 'none');
    headers.set('X-Download-Options', 'noopen');
    // The old XSS auditor is switched off: it could be abused to blank parts of a page.
    headers.set('X-XSS-Protection', '0');
    headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
    headers.delete('X-Powered-By');

    const own = headers.get('Content-Security-Policy');
    const isPage = /^text\/html/i.test(headers.get('Content-Type') ?? '');
    headers.set('Content-Security-Policy', own ? completePolicy(own) : isPage ? PAGE_CSP : RESOURCE_CSP);

    if (tls) headers.set('Strict-Transport-Security', HSTS);
    else headers.delete('Strict-Transport-Security');
  };
}
