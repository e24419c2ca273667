import { Hono } from 'hono';
import { ApiError } from './errors.js';

/**
 * What a server on PostgreSQL answers for the routes whose use cases only the SQLite store has yet
 * (decision 0045): 501 with a message that says why, rather than a 404 that would look like a
 * wrong address, or a page that half works. `routes` are those of a server on SQLite (method and
 * path pattern); an address no server serves stays a 404, as on SQLite.
 */
export function notOnPostgresRoutes(routes: readonly { method: string; path: string }[]): Hono {
  const app = new Hono();
  const notHere = () => {
    throw new ApiError(
      'NOT_IMPLEMENTED',
      'Chức năng này chưa chạy được khi máy chủ dùng PostgreSQL (DATABASE_URL); hãy dùng máy chủ chạy SQLite cho chức năng này',
    );
  };
  for (const { method, path } of routes) if (method !== 'ALL' && path.startsWith('/api/')) app.on(method, path, notHere);
  return app;
}
