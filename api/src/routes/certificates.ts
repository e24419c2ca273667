import { Hono, type Context } from 'hono';
import { certificateExportQuerySchema, type CertificateCheck, type MyCertificate } from '../contract/learning.js';
import { normaliseCertificateCode } from '../domain/certificate.js';
import { scoresVisible } from '../domain/contest.js';
import { contestantAuth, requireOrganiser, signInAgain, type ContestantEnv } from '../http/auth.js';
import { invalidCertificatePage, PRINT_SCRIPT, PRINT_SCRIPT_PATH, validCertificatePage } from '../http/certificate-page.js';
import { clientIp, type PortableDeps } from '../http/deps.js';
import { ApiError, notFound } from '../http/errors.js';
import { RateLimiter } from '../http/rate-limit.js';
import { overTls } from '../http/security-headers.js';
import { parseOrRefuse, slugParam } from '../http/validate.js';
import { EXPORT_PAGE_SIZE } from '../exports/queries.js';
import { exportResponse } from '../exports/responses.js';
import { vietnamDateTime } from '../exports/rules.js';
import { compressedDownload } from '../exports/compressed-download.js';
import { limit, missing } from './contests.js';

export const CERTIFICATES_HEADER = ['Mã đơn vị', 'Đơn vị', 'Họ và tên', 'Mã xác minh', 'Cấp lúc (giờ Việt Nam)', 'Cấp lúc (UTC)', 'Địa chỉ xác minh', 'Còn hiệu lực'] as const;

const NO_CERTIFICATE = 'Chưa có giấy chứng nhận: giấy chứng nhận được cấp khi bạn đã nộp ít nhất một lượt thi hợp lệ (không bị huỷ kết quả).';
const INVALID_CODE = 'Không có giấy chứng nhận còn hiệu lực với mã xác minh (code) này';

/** This server's origin as the client reached it (the scheme a trusted proxy says), for links that leave the page. */
function requestOrigin(deps: PortableDeps, c: Context): string {
  const url = new URL(c.req.url);
  const scheme = overTls(c.req.url, c.req.header('x-forwarded-proto'), deps.config.trustProxy > 0) ? 'https:' : url.protocol;
  return `${scheme}//${url.host}`;
}

const verifyUrl = (origin: string, code: string) => `${origin}/chung-nhan/${code}`;

/**
 * Certificates of participation (decision 0037): a contestant's own (issued on the first request),
 * the public check of a code as JSON and as the page `/chung-nhan/:code` (also the printable
 * certificate), and the organisers' list of codes per unit.
 */
export function certificateRoutes(deps: PortableDeps): { contestant: Hono<ContestantEnv>; public: Hono; admin: Hono; pages: Hono } {
  const { store, clock } = deps;
  const contestant = new Hono<ContestantEnv>();
  const publicApi = new Hono();
  const admin = new Hono();
  const pages = new Hono();
  // Checks of codes per address: as many a minute as sign-ins (a code has 60 random bits; this
  // only keeps a flood off the database).
  const limits = deps.config.rateLimits;
  const checks = limits ? new RateLimiter(limits.signInPerMinutePerIp, 60_000) : null;

  /** The valid certificate a code in the path names, or null; refuses a flood first. */
  async function check(c: Context) {
    limit(checks, clientIp(c, deps.config.trustProxy), clock());
    const code = normaliseCertificateCode(c.req.param('code') ?? '');
    return code === null ? null : store.certificates.check(code);
  }

  // The token must be one of the contest in the path (400 for a malformed slug first, then 401).
  contestant.get('/:slug/me/certificate', contestantAuth(deps, 'contest'), async (c) => {
    const found = await store.certificates.mine(c.get('contestant').id, slugParam(c));
    if (found.kind === 'notFound') throw missing(found.what);
    if (found.kind === 'noContestant') throw signInAgain();
    if (found.kind === 'none') throw new ApiError('NOT_AVAILABLE', NO_CERTIFICATE);
    const { certificate, holder, contest } = found;
    return c.json({
      code: certificate.code,
      verifyUrl: verifyUrl(requestOrigin(deps, c), certificate.code),
      fullName: holder.fullName,
      unitName: holder.unitName,
      contest: { slug: contest.slug, title: contest.title },
      bestScore: scoresVisible(contest, found.at) ? holder.bestScore : null,
      total: holder.total,
      participatedAt: holder.participatedAt,
      issuedAt: certificate.issuedAt,
    } satisfies MyCertificate);
  });

  publicApi.get('/certificates/:code', async (c) => {
    const found = await check(c);
    if (!found) throw notFound(INVALID_CODE);
    return c.json({
      valid: true,
      code: found.certificate.code,
      fullName: found.holder.fullName,
      unitName: found.holder.unitName,
      contest: { slug: found.contest.slug, title: found.contest.title },
      issuedAt: found.certificate.issuedAt,
    } satisfies CertificateCheck);
  });

  admin.get('/contests/:slug/certificates', compressedDownload, async (c) => {
    const reader = await requireOrganiser(store, c, 'read');
    const listed = await store.certificates.list(slugParam(c), reader.name, async () => parseOrRefuse(certificateExportQuerySchema, c.req.query()));
    if (listed.kind === 'notFound') throw missing(listed.what);
    if (listed.kind === 'noUnit') throw new ApiError('VALIDATION', 'Đơn vị không có trong cuộc thi', { unit: 'Không có đơn vị (unit) này trong cuộc thi' });
    const { contest, rows } = listed;
    const { format, unit } = listed.query;
    const origin = requestOrigin(deps, c);
    return exportResponse(c, format, {
      filename: `giay-chung-nhan-${contest.slug}${unit ? `-${unit}` : ''}`,
      sheetName: 'Giấy chứng nhận',
      header: CERTIFICATES_HEADER,
      widths: [14, 32, 28, 18, 20, 26, 48, 12],
      pages: (function* () {
        for (let at = 0; at < rows.length; at += EXPORT_PAGE_SIZE) {
          yield rows
            .slice(at, at + EXPORT_PAGE_SIZE)
            .map((r) => [r.unitId, r.unitName, r.fullName, r.code, vietnamDateTime(r.issuedAt), r.issuedAt, verifyUrl(origin, r.code), r.valid ? 'Có' : 'Không']);
        }
      })(),
    });
  });

  pages.get(PRINT_SCRIPT_PATH, (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    return c.body(PRINT_SCRIPT);
  });

  pages.get('/chung-nhan/:code', async (c) => {
    const found = await check(c);
    c.header('Cache-Control', 'no-store');
    if (!found) return c.html(invalidCertificatePage(c.req.param('code') ?? ''), 404);
    const origin = requestOrigin(deps, c);
    return c.html(
      validCertificatePage({
        code: found.certificate.code,
        verifyUrl: verifyUrl(origin, found.certificate.code),
        fullName: found.holder.fullName,
        unitName: found.holder.unitName,
        contestTitle: found.contest.title,
        contestUrl: `${origin}/c/${encodeURIComponent(found.contest.slug)}`,
        issuedAt: found.certificate.issuedAt,
      }),
    );
  });

  return { contestant, public: publicApi, admin, pages };
}
