import { join } from 'node:path';
import { Hono } from 'hono';
import { AssetCache, assetResponse } from './static-asset.js';

/** The console bundle's fixed URL; dist/admin/de-an-06-admin.js is built by vite.admin.config.ts. */
export const ADMIN_SCRIPT = '/admin/de-an-06-admin.js';

/**
 * The console page runs only this origin's script, talks only to this origin and may not be framed:
 * it holds an organiser token, so no other page may embed or script it.
 */
export const ADMIN_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // Lit adopts constructed style sheets; the page itself has one <style> block.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Bảng điều khiển Ban Tổ chức — Cuộc thi tìm hiểu Đề án 06</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<style>
  html { background: #f6f8fa; }
  body { margin: 0; }
</style>
<script type="module" src="${ADMIN_SCRIPT}"></script>
</head>
<body>
<de-an-06-admin>
<noscript>Bảng điều khiển cần bật JavaScript.</noscript>
</de-an-06-admin>
</body>
</html>
`;

/** Never cached, never indexed, never cross-origin readable (no CORS headers are set here). */
const PRIVATE = { 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex, nofollow' };

/** The organiser console at `/admin`: one HTML page and its bundle. */
export function adminStaticRoutes(projectRoot: string): Hono {
  const app = new Hono();
  const bundle = join(projectRoot, 'dist', 'admin', 'de-an-06-admin.js');

  const page = () =>
    new Response(PAGE, {
      headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': ADMIN_CSP, ...PRIVATE },
    });
  app.get('/admin', page);
  app.get('/admin/', page);

  // Compressed and revalidated like the widget's files (static-asset.ts); only organisers load it.
  const assets = new AssetCache();
  app.get(ADMIN_SCRIPT, async (c) => {
    const asset = await assets.get(bundle, 'text/javascript; charset=utf-8');
    if (!asset) return c.notFound();
    return assetResponse(asset, { acceptEncoding: c.req.header('accept-encoding'), ifNoneMatch: c.req.header('if-none-match') }, {
      'Cache-Control': 'no-cache',
      'X-Robots-Tag': 'noindex',
    });
  });

  return app;
}
