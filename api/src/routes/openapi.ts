import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { Hono } from 'hono';
import type { AppDeps } from '../http/deps.js';
import { sendPublicJson } from '../http/public-json.js';
import { assetResponse, type Asset } from '../http/static-asset.js';
import { openApiDocument } from '../openapi/document.js';
import { referencePage } from '../openapi/reference-page.js';

/** The reference page runs nothing and loads nothing: styles inline, no script, no image. */
const DOCS_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

/** The page as an asset: compressed once (≈ 180 KB of HTML, ≈ 15 KB in brotli), with an ETag. */
function pageAsset(html: string): Asset {
  const body = Buffer.from(html);
  return {
    type: 'text/html; charset=UTF-8',
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
    bodies: {
      identity: body,
      br: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
      gzip: gzipSync(body, { level: 9 }),
    },
  };
}

/**
 * `GET /api/openapi.json` (the OpenAPI 3.1 document) and `GET /api/docs` (the same as a readable
 * page). Both are built on first request and kept: they change only with the server's code.
 */
export function openApiRoutes(deps: Pick<AppDeps, 'config'>): Hono {
  const app = new Hono();
  let built: { json: Buffer<ArrayBuffer>; page: Asset } | null = null;
  const documents = () => {
    if (!built) {
      const document = openApiDocument(deps.config.version);
      built = { json: Buffer.from(JSON.stringify(document)), page: pageAsset(referencePage(document)) };
    }
    return built;
  };

  app.get('/openapi.json', (c) => sendPublicJson(c, documents().json, true));
  app.get('/docs', (c) =>
    assetResponse(
      documents().page,
      { acceptEncoding: c.req.header('accept-encoding'), ifNoneMatch: c.req.header('if-none-match') },
      { 'Content-Security-Policy': DOCS_CSP, 'Cache-Control': 'no-cache' },
    ),
  );
  return app;
}
