import { Hono } from 'hono';
import type { AppDeps } from '../http/deps.js';
import { sendPublicJson } from '../http/public-json.js';
import { openApiDocument } from '../openapi/document.js';
import { referencePage } from '../openapi/reference-page.js';

/** The reference page runs nothing and loads nothing: styles inline, no script, no image. */
const DOCS_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

/**
 * `GET /api/openapi.json` (the OpenAPI 3.1 document) and `GET /api/docs` (the same as a readable
 * page). Both are built on first request and kept: they change only with the server's code.
 */
export function openApiRoutes(deps: Pick<AppDeps, 'config'>): Hono {
  const app = new Hono();
  let built: { json: Buffer<ArrayBuffer>; page: string } | null = null;
  const documents = () => {
    if (!built) {
      const document = openApiDocument(deps.config.version);
      built = { json: Buffer.from(JSON.stringify(document)), page: referencePage(document) };
    }
    return built;
  };

  app.get('/openapi.json', (c) => sendPublicJson(c, documents().json, true));
  app.get('/docs', (c) => c.html(documents().page, 200, { 'Content-Security-Policy': DOCS_CSP, 'Cache-Control': 'no-cache' }));
  return app;
}
