import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { Hono, type Context } from 'hono';
import { contestStatus, type Contest } from '../domain/contest.js';
import type { PortableDeps } from '../http/deps.js';
import { contestListPage, contestPage, embedOptions, embedPage, embedSource, emptyPage, frameAncestors } from '../http/contest-pages.js';
import { ApiError } from '../http/errors.js';
import { PAGE_CSP, overTls } from '../http/security-headers.js';
import { assetResponse, type Asset } from '../http/static-asset.js';

/** Rendered for each request: the page shows the contest's status now. Checked every time (304 by ETag). */
const PAGE_HEADERS = { 'Cache-Control': 'no-cache' };

/** Like every refusal, an unknown contest answers in the error shape of SPEC §3 (the fuzz suite holds to it). */
const unknownContest = () => new ApiError('NOT_FOUND', 'Không tìm thấy cuộc thi (slug)');

/** An HTML page, compressed when the client accepts it, with an ETag of its content. */
function html(c: Context, body: string, headers: Record<string, string> = {}): Response {
  const identity = Buffer.from(body);
  const asset: Asset = {
    type: 'text/html; charset=utf-8',
    etag: `"${createHash('sha256').update(identity).digest('base64url').slice(0, 22)}"`,
    bodies: {
      identity,
      br: brotliCompressSync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }),
      gzip: gzipSync(identity, { level: 6 }),
    },
  };
  return assetResponse(asset, { acceptEncoding: c.req.header('accept-encoding'), ifNoneMatch: c.req.header('if-none-match') }, { ...PAGE_HEADERS, ...headers });
}

/**
 * The public pages (decision 0035): `/` (the one open contest, a list, or an empty state; DEFAULT_CONTEST
 * pins it), `/c/:slug` (a contest's own page) and `/embed/:slug` (the page an iframe on a host site
 * loads, framable only by the contest's allowed origins).
 */
export function pageRoutes(deps: PortableDeps): Hono {
  const app = new Hono();
  const reads = deps.store.contests;
  const origin = (c: Context) => {
    const url = new URL(c.req.url);
    const scheme = overTls(c.req.url, c.req.header('x-forwarded-proto'), deps.config.trustProxy > 0) ? 'https:' : url.protocol;
    return `${scheme}//${url.host}`;
  };
  const shown = async (c: Context, contest: Contest) =>
    html(c, contestPage(contest, deps.clock(), (await reads.figures(contest)).resultsPublishedAt !== null, origin(c)));

  app.get('/', async (c) => {
    const now = deps.clock();
    const pinned = deps.config.defaultContest ? await reads.contest(deps.config.defaultContest) : null;
    if (pinned) return shown(c, pinned);
    const contests = await deps.store.setup.contests();
    const open = contests.filter((contest) => contestStatus(contest, now) === 'open');
    const one = open.length === 1 ? open[0] : contests.length === 1 ? contests[0] : undefined;
    if (one) return shown(c, one);
    return html(c, contests.length ? contestListPage(contests, now, origin(c)) : emptyPage());
  });

  app.get('/c/:slug', async (c) => {
    const contest = await reads.contest(c.req.param('slug'));
    if (!contest) throw unknownContest();
    return shown(c, contest);
  });

  app.get('/embed/:slug', async (c) => {
    const contest = await reads.contest(c.req.param('slug'));
    if (!contest) throw unknownContest();
    const { view, lang } = embedOptions(c.req.query('view'), c.req.query('lang'));
    const allowed = [...deps.config.allowedOrigins, ...contest.allowedOrigins];
    const policy = PAGE_CSP.replace("frame-ancestors 'self'", frameAncestors(allowed));
    const source = embedSource(c.req.header('referer'), allowed);
    return html(c, embedPage(contest, view, lang, source), { 'Content-Security-Policy': policy, Vary: 'Referer' });
  });

  return app;
}
