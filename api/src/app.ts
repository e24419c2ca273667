import { accessCodeRoutes } from './routes/access-codes.js';
import { certificateRoutes } from './routes/certificates.js';
import { contestDeletionRoutes } from './routes/contest-deletion.js';
import { rowEditRoutes } from './routes/row-edits.js';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { learningRoutes } from './routes/learning.js';
import { clientIp, createLimiters, type AppDeps, type PostgresAppDeps } from './http/deps.js';
import { notOnPostgresRoutes } from './http/portable.js';
import type { Db } from './db/connection.js';
import type { Store } from './store/store.js';
import { ipHasher, jsonLineLogger, type LogEvent } from './http/log.js';
import { contestantCors, originListed, routeContest } from './http/cors.js';
import { ApiError, respondWithError, storageFault } from './http/errors.js';
import { securityHeaders } from './http/security-headers.js';
import { staticRoutes } from './http/static.js';
import { adminStaticRoutes } from './http/admin-static.js';
import { adminRoutes } from './routes/admin.js';
import { adminContestantRoutes } from './routes/admin-contestants.js';
import { attemptRoutes } from './routes/attempts.js';
import { consoleRoutes } from './routes/console.js';
import { contestRoutes } from './routes/contests.js';
import { consoleRankingRoutes, contestantSearchRoutes } from './routes/console-ranking.js';
import { correctionRoutes } from './routes/corrections.js';
import { exportRoutes } from './exports/routes.js';
import { integrityRoutes } from './routes/integrity.js';
import { myDataRoutes, personalDataRoutes, privacyDossierRoutes } from './routes/personal-data.js';
import { openApiRoutes } from './routes/openapi.js';
import { pageRoutes } from './routes/pages.js';
import { pingRoutes } from './routes/ping.js';
import { reportRoutes } from './routes/report.js';
import { regradeRoutes } from './routes/regrade.js';
import { resultRoutes } from './routes/results.js';
import { roundRoutes } from './routes/rounds.js';
import { statsRoutes } from './routes/stats.js';
import { webhookRoutes } from './routes/webhooks.js';
import { hostRoutes } from './routes/host.js';

/** Bodies of contestant requests are small; question imports may be a few megabytes. */
const BODY_LIMIT_BYTES = 64 * 1024;
const IMPORT_LIMIT_BYTES = 8 * 1024 * 1024;

const tooLarge = () => new ApiError('PAYLOAD_TOO_LARGE', 'Nội dung gửi lên quá lớn');

/**
 * The app over a store: on SQLite (`AppDeps`) every route; on PostgreSQL (`PostgresAppDeps`) the
 * routes over the portable store, the others answering 501 (decision 0045).
 */
export function createApp(deps: AppDeps | PostgresAppDeps): Hono {
  const app = new Hono();
  const sqlite = deps.db === null ? null : deps;
  const limiters = createLimiters(deps.config);
  const log = deps.log ?? jsonLineLogger;
  const ipHash = ipHasher();
  const logEvent = (c: Context, event: LogEvent['event'], retryAfterSeconds?: number) =>
    log({
      event,
      // The route's pattern; a request stopped by a middleware has none, so its path (ids, no tokens).
      route: c.req.routePath && !c.req.routePath.includes('*') ? c.req.routePath : c.req.path.slice(0, 200),
      method: c.req.method,
      ipHash: ipHash(clientIp(c, deps.config.trustProxy)),
      time: deps.clock().toISOString(),
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    });

  // Secure headers and CSP on every response; the widget script alone is cross-origin readable.
  app.use('*', securityHeaders(deps.config));
  app.route('/api', pingRoutes()); // before the /api middleware: the benchmark's baseline, no database access

  // ALLOWED_ORIGINS opens every contestant route; a contest's own allowedOrigins open that
  // contest's routes only: /api/contests/:slug/…, the attempts and practice sets of that contest, whose contest
  // is looked up (one primary-key read, only for an origin ALLOWED_ORIGINS does not already allow).
  // Contests are kept by the store until one may have changed (store.contests.contest).
  const reads = deps.store.contests;
  const cors = contestantCors((origin, path) => {
    if (originListed(deps.config.allowedOrigins, origin)) return true;
    const route = routeContest(path);
    if (!route) return false;
    let id: string;
    try {
      id = decodeURIComponent('slug' in route ? route.slug : 'attemptId' in route ? route.attemptId : route.practiceSetId);
    } catch {
      return false; // a malformed escape in the path: the route refuses it anyway
    }
    return (async () => {
      const slug = 'slug' in route ? id : 'attemptId' in route ? await reads.attemptContestSlug(id) : await reads.practiceSetContestSlug(id);
      const contest = slug === null ? null : await reads.contest(slug);
      return contest !== null && originListed(contest.allowedOrigins, origin);
    })();
  });
  // What every /api request shares, in one layer (each middleware layer costs every request a
  // dispatch and a promise): CORS for the contestant routes; writes share one commit per turn of
  // the event loop and a request answers once its group committed (decision 0015); no caching.
  // Admission control comes first, before any body is read: past its bound a request is answered
  // 503 at once (decision 0031), with the CORS headers the widget needs to read its Retry-After.
  const admission = deps.admission;
  app.use('/api/*', async (c, next) => {
    const contestant = !c.req.path.startsWith('/api/admin/');
    const asked = contestant ? cors.preflight(c) : null;
    const preflight = asked instanceof Promise ? await asked : asked;
    const refusal = admission?.enter(c.req.method, c.req.path) ?? null;
    if (refusal) {
      await readAwayBody(c);
      c.res = respondWithError(c, refusal);
    } else {
      try {
        await deps.store.durably(preflight ? async () => {} : next);
      } finally {
        admission?.release();
      }
    }
    if (preflight) return preflight;
    // On the response's own headers: c.header() after next() would copy the whole response.
    const headers = c.res.headers;
    // Public bodies kept for many requests may be revalidated (http/public-json.ts); the rest is never stored.
    if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store');
    if (contestant) {
      const allowed = cors.allow(c, headers);
      if (allowed instanceof Promise) await allowed;
    }
  });

  // Only requests that may carry a body pass the body limit (for a GET or HEAD, asking for the
  // body would build the whole Fetch Request on Node).
  const onTooLarge = (c: Context) => respondWithError(c, tooLarge());
  const contestantBodyLimit = bodyLimit({ maxSize: BODY_LIMIT_BYTES, onError: onTooLarge });
  const importBodyLimit = bodyLimit({ maxSize: IMPORT_LIMIT_BYTES, onError: onTooLarge });
  app.on(['POST', 'PUT', 'PATCH', 'DELETE'], '/api/*', (c, next) =>
    c.req.path.startsWith('/api/admin/') ? importBodyLimit(c, next) : contestantBodyLimit(c, next),
  );

  // Guessing admin tokens: every 401 on an admin route counts against the caller's address and is
  // logged (without the token); past the allowance the address gets 429 on every admin route, a
  // right token included, until its minute ends.
  app.use('/api/admin/*', async (c, next) => {
    const failures = limiters.adminFailures;
    const ip = clientIp(c, deps.config.trustProxy);
    const wait = failures?.retryAfter(ip, deps.clock().getTime()) ?? 0;
    if (wait > 0) {
      throw new ApiError('RATE_LIMITED', `Nhập sai mã truy cập quá nhiều lần. Vui lòng thử lại sau ${wait} giây.`, undefined, { retryAfterSeconds: wait });
    }
    await next();
    if (c.res.status === 401) {
      failures?.hit(ip, deps.clock().getTime());
      logEvent(c, 'admin-auth-failed');
    }
  });

  app.get('/api/health', (c) => c.json({ ok: true, version: deps.config.version }));
  app.route('/api', openApiRoutes(deps));
  // The routes over the portable store: every server, on SQLite or PostgreSQL (decision 0045).
  app.route('/api/contests', contestRoutes(deps, limiters));
  app.route('/api/attempts', attemptRoutes(deps, limiters));
  const results = resultRoutes(deps);
  app.route('/api/contests', results.contestant);
  app.route('/api/contests', myDataRoutes(deps));
  const rounds = roundRoutes(deps);
  app.route('/api/contests', rounds.contestant);
  app.route('/api/admin', results.admin);
  app.route('/api/admin', rounds.admin);
  app.route('/api/admin', statsRoutes(deps));
  app.route('/api/admin', regradeRoutes(deps));
  app.route('/api/admin', correctionRoutes(deps));
  app.route('/api/admin', adminContestantRoutes(deps));
  app.route('/api/admin', personalDataRoutes(deps));
  app.route('/api/admin', hostRoutes(deps));
  app.route('/api/admin', rowEditRoutes(deps));
  app.route('/api/admin', contestDeletionRoutes(deps));
  app.route('/api/admin', webhookRoutes(deps));
  app.route('/api/admin', accessCodeRoutes(deps));
  app.route('/api/admin', adminRoutes(deps));
  app.route('/api/admin', consoleRoutes(deps));
  app.route('/api/admin', exportRoutes(deps));
  app.route('/api/admin', integrityRoutes(deps));
  app.route('/api/admin', consoleRankingRoutes(deps));
  app.route('/api/admin', reportRoutes(deps));
  const learning = learningRoutes(deps, limiters);
  app.route('/api/contests', learning.contest);
  app.route('/api/practice', learning.practice);
  const certificates = certificateRoutes(deps);
  app.route('/api/contests', certificates.contestant);
  app.route('/api', certificates.public);
  app.route('/api/admin', certificates.admin);
  app.route('/', adminStaticRoutes(deps.config.projectRoot));
  app.route('/', pageRoutes(deps));
  app.route('/', certificates.pages);
  if (sqlite) mountSqliteRoutes(app, sqlite);
  else app.route('/', notOnPostgresRoutes(sqliteOnlyRoutes(deps)));
  app.route('/', staticRoutes(deps.config.projectRoot));

  app.notFound((c) => respondWithError(c, new ApiError('NOT_FOUND', 'Không tìm thấy địa chỉ yêu cầu')));
  app.onError((error, c) => {
    if (error instanceof ApiError) {
      if (error.code === 'RATE_LIMITED') logEvent(c, 'rate-limited', error.extra?.retryAfterSeconds);
      return respondWithError(c, error);
    }
    if (isBadRequest(error)) return respondWithError(c, new ApiError('VALIDATION', 'Yêu cầu không hợp lệ'));
    console.error(`[lỗi] ${c.req.method} ${c.req.path}:`, error instanceof Error ? error.message : error);
    return respondWithError(c, storageFault(error) ?? new ApiError('INTERNAL', 'Máy chủ gặp sự cố, vui lòng thử lại sau'));
  });

  return app;
}

/** The routes still calling db/*.ts directly (decision 0043): a server on SQLite only. */
function mountSqliteRoutes(app: Hono, deps: AppDeps): void {
  app.route('/api/admin', contestantSearchRoutes(deps));
  app.route('/api/admin', privacyDossierRoutes(deps));
}

/**
 * The methods and paths `mountSqliteRoutes` adds, for a server on PostgreSQL to answer them 501: the
 * routes are built over a connection that refuses every use, and never called.
 */
function sqliteOnlyRoutes(deps: AppDeps | PostgresAppDeps): { method: string; path: string }[] {
  const noConnection = new Proxy({} as Db, {
    get() {
      throw new Error('a route of a server on SQLite was called on PostgreSQL');
    },
  });
  const routes = new Hono();
  mountSqliteRoutes(routes, { ...deps, db: noConnection, store: deps.store as Store });
  return routes.routes;
}

/**
 * A request refused before its body is read still gets its body read (not parsed) when it is no
 * larger than a contestant request: the Node adapter closes a connection whose request body is left
 * unread for 500 ms, and under load that is how a client loses a kept-alive connection (decision
 * 0031). A larger or chunked body closes the connection after the answer instead, which the client
 * is told by `Connection: close`.
 */
async function readAwayBody(c: Context): Promise<void> {
  const length = c.req.header('content-length');
  if (length === undefined && c.req.header('transfer-encoding') === undefined) return;
  if (length !== undefined && Number(length) <= BODY_LIMIT_BYTES) {
    try {
      await c.req.raw.arrayBuffer();
      return;
    } catch {
      // the client went away meanwhile: close below
    }
  }
  c.header('Connection', 'close');
}

/** Errors that come from a malformed request rather than from the server (bad URL encoding…). */
function isBadRequest(error: unknown): boolean {
  return error instanceof URIError || (error instanceof Error && 'status' in error && (error as { status: number }).status === 400);
}
