import type { Context } from 'hono';

const ALLOW_METHODS = 'GET,POST,PUT,DELETE,OPTIONS'; // DELETE: signing out (DELETE /contests/:slug/sessions)
const ALLOW_HEADERS = 'Content-Type,Authorization';
const MAX_AGE_SECONDS = '600';

/**
 * CORS for the contestant routes: `Access-Control-Allow-Origin` echoes an allowed Origin, and
 * OPTIONS answers the preflight with 204. The same headers as hono/cors with these options, set
 * on the response's own headers: hono/cors appends `Vary` with c.header() after the handler,
 * which copies the whole response on every request. Two steps rather than a middleware, so that
 * app.ts runs them in the one layer every /api request passes.
 */
export interface ContestantCors {
  /** The answer to a preflight (OPTIONS request), or null for any other request. */
  preflight(c: Context): Response | null;
  /** Adds the CORS headers to a response (`headers`, its own) for the request `c`. */
  allow(c: Context, headers: Headers): void;
}

export function contestantCors(isAllowed: (origin: string) => boolean): ContestantCors {
  const allowedOrigin = (c: Context): string | null => {
    const origin = c.req.header('origin');
    return origin && isAllowed(origin) ? origin : null;
  };
  return {
    preflight(c) {
      if (c.req.method !== 'OPTIONS') return null;
      const headers = new Headers({
        Vary: 'Origin, Access-Control-Request-Headers',
        'Access-Control-Max-Age': MAX_AGE_SECONDS,
        'Access-Control-Allow-Methods': ALLOW_METHODS,
        'Access-Control-Allow-Headers': ALLOW_HEADERS,
      });
      const allowOrigin = allowedOrigin(c);
      if (allowOrigin) headers.set('Access-Control-Allow-Origin', allowOrigin);
      return new Response(null, { status: 204, headers });
    },
    allow(c, headers) {
      const allowOrigin = allowedOrigin(c);
      if (allowOrigin) headers.set('Access-Control-Allow-Origin', allowOrigin);
      headers.append('Vary', 'Origin');
    },
  };
}
