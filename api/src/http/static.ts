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
