import type { MiddlewareHandler } from 'hono';

const ALLOW_METHODS = 'GET,POST,PUT,OPTIONS';
const ALLOW_HEADERS = 'Content-Type,Authorization';
const MAX_AGE_SECONDS = '600';

/**
 * CORS for the contestant routes: `Access-Control-Allow-Origin` echoes an allowed Origin, and
 * OPTIONS answers the preflight with 204. The same headers as hono/cors with these options, set
 * on the response's own headers: hono/cors appends `Vary` with c.header() after the handler,
 * which copies the whole response on every request.
 */
export function contestantCors(isAllowed: (origin: string) => boolean): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('origin');
    const allowOrigin = origin && isAllowed(origin) ? origin : null;
    if (c.req.method === 'OPTIONS') {
      const headers = new Headers({
        Vary: 'Origin, Access-Control-Request-Headers',
        'Access-Control-Max-Age': MAX_AGE_SECONDS,
        'Access-Control-Allow-Methods': ALLOW_METHODS,
        'Access-Control-Allow-Headers': ALLOW_HEADERS,
      });
      if (allowOrigin) headers.set('Access-Control-Allow-Origin', allowOrigin);
      return new Response(null, { status: 204, headers });
    }
    await next();
    if (allowOrigin) c.res.headers.set('Access-Control-Allow-Origin', allowOrigin);
    c.res.headers.append('Vary', 'Origin');
  };
}
