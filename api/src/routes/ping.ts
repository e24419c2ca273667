import { Hono } from 'hono';

/**
 * `GET /api/ping` → `{"ok": true}`: static JSON with no database access. It is mounted before the
 * /api middleware (whose CORS check reads every contest's allowed origins from the database), so it
 * is the baseline the load benchmark compares every route with (BENCHMARKS.md), and a cheap
 * liveness probe for a load balancer.
 */
export function pingRoutes(): Hono {
  const app = new Hono();
  app.get('/ping', (c) => c.json({ ok: true }, 200, { 'Cache-Control': 'no-store' }));
  return app;
}
