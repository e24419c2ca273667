import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { Hono } from 'hono';

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

/** Whether a path is one of the widget's files, which host sites on any origin may load. */
export function isWidgetFile(path: string): boolean {
  return WIDGET_FILES.has(path) || (path.startsWith(WIDGET_CHUNK_DIR) && CHUNK_NAME.test(path.slice(WIDGET_CHUNK_DIR.length)));
}

async function readInside(root: string, relative: string): Promise<Buffer | null> {
  const path = normalize(join(root, relative));
  if (path !== root && !path.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  try {
    return await readFile(path);
  } catch {
    return null;
  }
}

function fileResponse(body: Buffer, name: string, headers: Record<string, string>): Response {
  return new Response(new Uint8Array(body), {
    headers: { 'Content-Type': TYPES[extname(name)] ?? 'application/octet-stream', ...headers },
  });
}

/**
 * The built widget at its fixed URLs, the demo host pages, and the contest's own page at `/`.
 * The widget may be loaded by any host site: permissive CORP and CORS on the script only.
 */
export function staticRoutes(projectRoot: string): Hono {
  const app = new Hono();
  const widgetRoot = join(projectRoot, 'dist', 'widget');
  const widgetHeaders = {
    'Cache-Control': 'public, max-age=300, stale-while-revalidate=86400',
    'Access-Control-Allow-Origin': '*',
  };

  for (const path of WIDGET_FILES) {
    const file = path.slice(1);
    app.get(path, async (c) => {
      const body = await readInside(widgetRoot, file);
      return body ? fileResponse(body, file, widgetHeaders) : c.notFound();
    });
  }

  // A chunk's name carries the hash of its content: it never changes, so browsers keep it for a year.
  app.get(`${WIDGET_CHUNK_DIR}:file`, async (c) => {
    if (!isWidgetFile(c.req.path)) return c.notFound();
    const file = c.req.path.slice(1);
    const body = await readInside(widgetRoot, file);
    return body ? fileResponse(body, file, { ...widgetHeaders, 'Cache-Control': 'public, max-age=31536000, immutable' }) : c.notFound();
  });

  app.get('/', async (c) => {
    const body = await readInside(join(projectRoot, 'site'), 'index.html');
    return body ? fileResponse(body, 'index.html', { 'Cache-Control': 'no-cache' }) : c.notFound();
  });

  app.get('/demo', (c) => c.redirect('/demo/'));
  app.get('/demo/*', async (c) => {
    const relative = decodeURIComponent(c.req.path.slice('/demo/'.length)) || 'index.html';
    const body = await readInside(join(projectRoot, 'demo'), relative);
    return body ? fileResponse(body, relative, { 'Cache-Control': 'no-cache' }) : c.notFound();
  });

  return app;
}
