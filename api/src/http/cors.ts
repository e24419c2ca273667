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
  preflight(c: Context): Response | null | Promise<Response | null>;
  /** Adds the CORS headers to a response (`headers`, its own) for the request `c`. */
  allow(c: Context, headers: Headers): void | Promise<void>;
}

/** An answer that is a promise only when it had to be looked up: the common case pays no microtask. */
type MaybePromise<T> = T | Promise<T>;

/**
 * `isAllowed(origin, path)`: whether a page on `origin` may call the route at `path`. A request
 * without an Origin header asks nothing (same-origin GETs, curl).
 */
export function contestantCors(isAllowed: (origin: string, path: string) => MaybePromise<boolean>): ContestantCors {
  const preflightOf = (allowOrigin: string | null): Response => {
    const headers = new Headers({
      Vary: 'Origin, Access-Control-Request-Headers',
      'Access-Control-Max-Age': MAX_AGE_SECONDS,
      'Access-Control-Allow-Methods': ALLOW_METHODS,
      'Access-Control-Allow-Headers': ALLOW_HEADERS,
    });
    if (allowOrigin) headers.set('Access-Control-Allow-Origin', allowOrigin);
    return new Response(null, { status: 204, headers });
  };
  const allowIn = (headers: Headers, allowOrigin: string | null): void => {
    if (allowOrigin) {
      headers.set('Access-Control-Allow-Origin', allowOrigin);
      // The widget waits as long as a 429 or 503 asks (decision 0031); without this it cannot read it.
      if (headers.has('Retry-After')) headers.set('Access-Control-Expose-Headers', 'Retry-After');
    }
    headers.append('Vary', 'Origin');
  };
  const allowedOrigin = (c: Context): MaybePromise<string | null> => {
    const origin = c.req.header('origin');
    if (!origin) return null;
    const allowed = isAllowed(origin, c.req.path);
    return allowed instanceof Promise ? allowed.then((yes) => (yes ? origin : null)) : allowed ? origin : null;
  };
  return {
    preflight(c) {
      if (c.req.method !== 'OPTIONS') return null;
      const allowOrigin = allowedOrigin(c);
      return allowOrigin instanceof Promise ? allowOrigin.then(preflightOf) : preflightOf(allowOrigin);
    },
    allow(c, headers) {
      const allowOrigin = allowedOrigin(c);
      if (allowOrigin instanceof Promise) return allowOrigin.then((found) => allowIn(headers, found));
      allowIn(headers, allowOrigin);
    },
  };
}

const CONTEST_PATH = /^\/api\/contests\/([^/]+)/;
const ATTEMPT_PATH = /^\/api\/attempts\/([^/]+)/;
const PRACTICE_PATH = /^\/api\/practice\/([^/]+)/;

/**
 * Which contest a contestant route is about: its slug in the path, or the id of an attempt or of a
 * practice set (decision 0036) to look it up.
 */
export function routeContest(path: string): { slug: string } | { attemptId: string } | { practiceSetId: string } | null {
  const contest = CONTEST_PATH.exec(path);
  if (contest) return { slug: contest[1]! };
  const attempt = ATTEMPT_PATH.exec(path);
  if (attempt) return { attemptId: attempt[1]! };
  const practice = PRACTICE_PATH.exec(path);
  return practice ? { practiceSetId: practice[1]! } : null;
}

/** Whether `origin` is in a list of allowed origins, where "*" allows every origin. */
export const originListed = (allowed: readonly string[], origin: string): boolean => allowed.includes('*') || allowed.includes(origin);
