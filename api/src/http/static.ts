import { extname, join, normalize, sep } from 'node:path';
import { Hono, type Context } from 'hono';
import { ADMIN_SCRIPT } from './admin-static.js';
import { AssetCache, assetResponse } from './static-asset.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
  '.pdf': 'application/pdf',
};

/** The built widget's fixed URLs. */
export const WIDGET_FILES: ReadonlySet<string> = new Set(['/de-an-06-quiz.js', '/de-an-06-quiz.mjs', '/de-an-06-quiz.js.map', '/de-an-06-quiz.mjs.map']);

/**
 * The widget's later chunks (dist/widget/de-an-06-quiz/<name>-<hash>.mjs, decision 0013), imported by
 * the module next to them. A name is one path segment of safe characters: no way out of the folder.
 */
export const WIDGET_CHUNK_DIR = '/de-an-06-quiz/';
const CHUNK_NAME = /^[A-Za-z0-9_-]{1,100}\.mjs$/;

/** The site's icons, at the paths browsers ask for. */
const ICONS: ReadonlySet<string> = new Set(['/favicon.ico', '/favicon.svg']);

/**
 * The sharing image of the contest pages (og:image, decision 0038): a PNG, since Facebook and Zalo
 * show no SVG. Loadable from any site, like the widget: platforms and chat apps may show it as is.
 */
export const SHARING_IMAGE = '/og-image.png';
export const SHARING_IMAGE_SIZE = { width: 1200, height: 630 } as const;

/** The script of the embed page that reports its height to the framing page (decision 0035). */
export const EMBED_HEIGHT_SCRIPT = '/embed-height.js';

/**
 * Whether a path is a static script, style sheet or image (the widget's files, the console's bundle,
 * the icons): such a response carries only the headers that mean something for it (security-headers.ts).
 */
export function isStaticAsset(path: string): boolean {
  return isWidgetFile(path) || ICONS.has(path) || path === SHARING_IMAGE || path === ADMIN_SCRIPT || path === EMBED_HEIGHT_SCRIPT;
}

/** Whether a path is one of the widget's files, which host sites on any origin may load. */
export function isWidgetFile(path: string): boolean {
  return WIDGET_FILES.has(path) || (path.startsWith(WIDGET_CHUNK_DIR) && CHUNK_NAME.test(path.slice(WIDGET_CHUNK_DIR.length)));
}

/** A path inside `root`, or null for one that would leave it. */
function inside(root: string, relative: string): string | null {
  const path = normalize(join(root, relative));
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep) ? path : null;
}

/** Caching of each kind of file (issue 20): validators everywhere, a year for content-hashed names. */
const CACHE = {
  /** The loader and the entry keep their URLs across releases: short, then revalidated by ETag. */
  widget: 'public, max-age=300, stale-while-revalidate=86400',
  /** A chunk's name carries the hash of its content: it never changes. */
  immutable: 'public, max-age=31536000, immutable',
  /** Pages are checked every time (a 304 costs a few hundred bytes). */
  page: 'no-cache',
  icon: 'public, max-age=86400',
};

/**
 * The built widget at its fixed URLs, the demo host pages, the site's icons, its sharing image and the embed page's
 * script (the contest pages are rendered by routes/pages.ts), compressed by Accept-Encoding, with ETags and 304s. The widget may be loaded by any host
 * site: permissive CORP and CORS on its files only.
 */
export function staticRoutes(projectRoot: string): Hono {
  const app = new Hono();
  const assets = new AssetCache();
  const widgetRoot = join(projectRoot, 'dist', 'widget');

  async function serve(c: Context, root: string, relative: string, headers: Record<string, string>) {
    const path = inside(root, relative);
    const asset = path ? await assets.get(path, TYPES[extname(path)] ?? 'application/octet-stream') : null;
    if (!asset) return c.notFound();
    return assetResponse(asset, { acceptEncoding: c.req.header('accept-encoding'), ifNoneMatch: c.req.header('if-none-match') }, headers);
  }

  const widgetHeaders = { 'Cache-Control': CACHE.widget, 'Access-Control-Allow-Origin': '*' };
  for (const path of WIDGET_FILES) app.get(path, (c) => serve(c, widgetRoot, path.slice(1), widgetHeaders));

  app.get(`${WIDGET_CHUNK_DIR}:file`, (c) =>
    isWidgetFile(c.req.path) ? serve(c, widgetRoot, c.req.path.slice(1), { ...widgetHeaders, 'Cache-Control': CACHE.immutable }) : c.notFound(),
  );

  for (const path of ICONS) app.get(path, (c) => serve(c, join(projectRoot, 'site'), path.slice(1), { 'Cache-Control': CACHE.icon }));
  app.get(SHARING_IMAGE, (c) => serve(c, join(projectRoot, 'site'), SHARING_IMAGE.slice(1), { 'Cache-Control': CACHE.icon, 'Access-Control-Allow-Origin': '*' }));

  app.get(EMBED_HEIGHT_SCRIPT, (c) => serve(c, join(projectRoot, 'site'), EMBED_HEIGHT_SCRIPT.slice(1), { 'Cache-Control': CACHE.widget }));

  app.get('/demo', (c) => c.redirect('/demo/'));
  app.get('/demo/*', (c) => serve(c, join(projectRoot, 'demo'), decodeURIComponent(c.req.path.slice('/demo/'.length)) || 'index.html', { 'Cache-Control': CACHE.page }));

  return app;
}
