/**
 * The server-rendered public pages (decision 0035): `/c/:slug`, the page of one contest; `/`, which
 * shows one contest, a list of contests or an empty state; `/embed/:slug`, the minimal page an
 * iframe on a host site loads. Pure functions of the contest and the time: every organiser-written
 * text is escaped, no inline script (the pages' CSP allows scripts from this origin only), and each
 * widget has its room reserved before its script loads so nothing below it moves. `/` and `/c/:slug`
 * load the module itself: they place their elements and reserve their room in their own HTML, so the
 * classic loader would only add a request and a task before it (decision 0038).
 */
import { contestStatus, type Contest, type ContestStatus } from '../domain/contest.js';
import { formatVietnamTime } from '../domain/vietnam-format.js';
import { SHARING_IMAGE, SHARING_IMAGE_SIZE } from './static.js';

/** The views an embedded page may show, the widget's `view` attribute. */
export const EMBED_VIEWS = ['contest', 'leaderboard', 'units', 'results', 'answers', 'practice'] as const;
export type EmbedView = (typeof EMBED_VIEWS)[number];

/** The languages the widget speaks. */
const LANGS: ReadonlySet<string> = new Set(['vi', 'en']);

/** Text for HTML content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

const STATUS_WORDS: Record<ContestStatus, string> = {
  upcoming: 'Sắp diễn ra',
  open: 'Đang diễn ra',
  closed: 'Đã kết thúc',
};

/** The site's look: one style block, shared by every page (inline styles are allowed by the page CSP). */
export const STYLE = `
    * { box-sizing: border-box; }
    body { margin: 0; font-family: system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; color: #1f2328; background: #f6f6f4; line-height: 1.6; }
    de-an-06-quiz { display: block; }
    de-an-06-quiz:not(:defined) { min-height: 640px; }
    de-an-06-quiz[view]:not([view="contest"]):not(:defined) { min-height: 320px; }
    .hero { background: linear-gradient(135deg, #a3111b, #6d0b12); color: #fff; padding: 32px 16px; text-align: center; }
    .hero p { margin: 4px 0; }
    .hero h1 { font-size: clamp(22px, 4vw, 34px); margin: 8px 0; line-height: 1.25; }
    .status { display: inline-block; border: 1px solid rgba(255,255,255,.7); border-radius: 999px; padding: 2px 12px; }
    nav.skip a { position: absolute; left: -999px; }
    nav.skip a:focus { left: 8px; top: 8px; background: #fff; color: #000; padding: 8px; z-index: 10; }
    main { max-width: 980px; margin: 0 auto; padding: 16px; }
    section.block { background: #fff; border-radius: 8px; padding: 16px 20px; margin: 16px 0; border: 1px solid #e5e5e5; }
    h2 { color: #a3111b; font-size: 22px; }
    a { color: #a3111b; }
    table { border-collapse: collapse; width: 100%; }
    th, td { border-bottom: 1px solid #ddd; padding: 8px; text-align: left; }
    ul.contests { list-style: none; padding: 0; }
    ul.contests li { padding: 12px 0; border-bottom: 1px solid #e5e5e5; }
    ul.contests a { font-size: 18px; font-weight: 600; display: inline-block; min-height: 44px; padding-top: 8px; }
    .notice { background: #fff4e5; border: 1px solid #f0b36b; border-radius: 8px; padding: 12px 16px; margin: 16px 0; }
    footer { text-align: center; font-size: 14px; color: #4b5563; padding: 24px 16px; }
`;

const NOSCRIPT = `<noscript><p class="notice">Trang này cần JavaScript để đăng ký, làm bài và xem bảng xếp hạng. Hãy bật JavaScript trong trình duyệt (hoặc mở trang bằng Chrome, Safari, Firefox, Edge bản mới), rồi tải lại trang.</p></noscript>`;

/** What the sharing image shows (site/og-image.svg), for those who cannot see it. */
const SHARING_IMAGE_ALT = 'Cuộc thi trắc nghiệm trực tuyến tìm hiểu Đề án 06: đăng ký dự thi, làm bài, xem bảng xếp hạng';

interface PageHead {
  title: string;
  description: string;
  /** Absolute URL of the page, for og:url and the canonical link. */
  url?: string;
  /** Absolute URL of the sharing image (a 1200 × 630 PNG), for og:image. */
  image?: string;
  widget: boolean;
}

function page(head: PageHead, body: string): string {
  const og = head.url
    ? [
        `<link rel="canonical" href="${escapeHtml(head.url)}">`,
        `<meta property="og:type" content="website">`,
        `<meta property="og:locale" content="vi_VN">`,
        `<meta property="og:title" content="${escapeHtml(head.title)}">`,
        `<meta property="og:description" content="${escapeHtml(head.description)}">`,
        `<meta property="og:url" content="${escapeHtml(head.url)}">`,
        ...(head.image
          ? [
              `<meta property="og:image" content="${escapeHtml(head.image)}">`,
              `<meta property="og:image:type" content="image/png">`,
              `<meta property="og:image:width" content="${SHARING_IMAGE_SIZE.width}">`,
              `<meta property="og:image:height" content="${SHARING_IMAGE_SIZE.height}">`,
              `<meta property="og:image:alt" content="${escapeHtml(SHARING_IMAGE_ALT)}">`,
              `<meta name="twitter:card" content="summary_large_image">`,
            ]
          : []),
      ].join('\n  ')
    : '';
  return `<!doctype html>
<html lang="vi">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(head.title)}</title>
  <meta name="description" content="${escapeHtml(head.description)}">
  ${og}
  <link rel="icon" href="/favicon.svg" type="image/svg+xml">
  ${head.widget ? '<script type="module" src="/de-an-06-quiz.mjs"></script>' : ''}
  <style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** A description of at most ~160 characters for search results and shared links. */
function summary(contest: Contest): string {
  const text = contest.description.replace(/\s+/g, ' ').trim() || `Cuộc thi trắc nghiệm trực tuyến: ${contest.title}. Đăng ký dự thi, làm bài, xem bảng xếp hạng.`;
  return text.length > 160 ? `${text.slice(0, 157).trimEnd()}…` : text;
}

function period(contest: Contest): string {
  return `Từ ${formatVietnamTime(contest.startsAt)} đến ${formatVietnamTime(contest.endsAt)} (giờ Việt Nam)`;
}

function documents(contest: Contest): string {
  const safe = contest.documents.filter((d) => /^https?:\/\//i.test(d.url));
  if (!safe.length) return '';
  return `<section id="tai-lieu" class="block">
      <h2>Tài liệu tham khảo</h2>
      <ul>${safe.map((d) => `<li><a href="${escapeHtml(d.url)}" rel="noopener">${escapeHtml(d.title)}</a></li>`).join('')}</ul>
    </section>`;
}

/**
 * The dedicated page of one contest: title, status, the widget (which shows the rules and prizes),
 * units, (once published) the winners and (once closed, unless the contest never reveals them) the
 * answers with explanations and sources (decision 0039).
 */
export function contestPage(contest: Contest, now: Date, published: boolean, origin: string): string {
  const status = contestStatus(contest, now);
  const slug = escapeHtml(contest.slug);
  const description = contest.description.trim();
  return page(
    { title: contest.title, description: summary(contest), url: `${origin}/c/${encodeURIComponent(contest.slug)}`, image: `${origin}${SHARING_IMAGE}`, widget: true },
    `  <nav class="skip"><a href="#du-thi">Bỏ qua, đến phần dự thi</a></nav>
  <header class="hero">
    <h1>${escapeHtml(contest.title)}</h1>
    <p><span class="status">${STATUS_WORDS[status]}</span></p>
    <p>${escapeHtml(period(contest))}</p>
  </header>
  <main>
    ${NOSCRIPT}
    ${description ? `<section class="block"><h2>Giới thiệu</h2>${description.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p)}</p>`).join('')}</section>` : ''}
    ${published ? `<section id="ket-qua" class="block" aria-label="Kết quả"><de-an-06-quiz contest="${slug}" view="results"></de-an-06-quiz></section>` : ''}
    <section id="du-thi" class="block" aria-label="Dự thi">
      <de-an-06-quiz contest="${slug}"></de-an-06-quiz>
    </section>
    <section id="don-vi" class="block" aria-label="Tham gia theo đơn vị">
      <de-an-06-quiz contest="${slug}" view="units"></de-an-06-quiz>
    </section>
    ${
      status === 'closed' && contest.revealAnswers !== 'never'
        ? `<section id="dap-an" class="block" aria-label="Đáp án">
      <de-an-06-quiz contest="${slug}" view="answers"></de-an-06-quiz>
    </section>`
        : ''
    }
    ${documents(contest)}
  </main>
  <footer><a href="/">Các cuộc thi</a> · <a href="/demo/">Trang nhúng mẫu cho các cơ quan, đơn vị</a></footer>`,
  );
}

/** `/` when several contests exist and none is the one to show: each with its status and period. */
export function contestListPage(contests: readonly Contest[], now: Date, origin: string): string {
  const items = contests
    .map(
      (c) =>
        `<li><a href="/c/${escapeHtml(encodeURIComponent(c.slug))}">${escapeHtml(c.title)}</a><br>${STATUS_WORDS[contestStatus(c, now)]} · ${escapeHtml(period(c))}</li>`,
    )
    .join('\n        ');
  return page(
    { title: 'Các cuộc thi trắc nghiệm trực tuyến', description: 'Danh sách các cuộc thi trắc nghiệm trực tuyến: đăng ký dự thi, làm bài, xem bảng xếp hạng và kết quả.', url: `${origin}/`, widget: false },
    `  <header class="hero"><h1>Các cuộc thi trắc nghiệm trực tuyến</h1></header>
  <main>
    <section class="block">
      <h2>Chọn cuộc thi</h2>
      <ul class="contests">
        ${items}
      </ul>
    </section>
  </main>
  <footer><a href="/demo/">Trang nhúng mẫu cho các cơ quan, đơn vị</a></footer>`,
  );
}

/** `/` before any contest exists. */
export function emptyPage(): string {
  return page(
    { title: 'Cuộc thi trắc nghiệm trực tuyến', description: 'Chuyên trang cuộc thi trắc nghiệm trực tuyến. Hiện chưa có cuộc thi nào được công bố.', widget: false },
    `  <header class="hero"><h1>Cuộc thi trắc nghiệm trực tuyến</h1></header>
  <main>
    <section class="block">
      <h2>Chưa có cuộc thi nào</h2>
      <p>Ban Tổ chức chưa công bố cuộc thi nào. Mời bạn quay lại sau, hoặc theo dõi thông báo trên trang của cơ quan, đơn vị tổ chức.</p>
    </section>
  </main>`,
  );
}

/** The view and language an embed asks for; anything else falls back to the contest view in Vietnamese. */
export function embedOptions(view: string | undefined, lang: string | undefined): { view: EmbedView; lang: string } {
  return {
    view: (EMBED_VIEWS as readonly string[]).includes(view ?? '') ? (view as EmbedView) : 'contest',
    lang: lang && LANGS.has(lang) ? lang : 'vi',
  };
}

/**
 * The page an iframe loads: the element alone on a transparent page, and the static script that
 * reports the page's height to the frame's parent (site/embed-height.js). `source` is the host
 * site's name (from the Referer the browser sent, when its origin is allowed), so participation per
 * site counts the framing page, not this server.
 */
export function embedPage(contest: Contest, view: EmbedView, lang: string, source: string | null = null): string {
  const sourceAttribute = source ? ` source="${escapeHtml(source)}"` : '';
  const viewAttribute = view === 'contest' ? '' : ` view="${view}"`;
  const langAttribute = lang === 'vi' ? '' : ` lang="${lang}"`;
  return `<!doctype html>
<html lang="${lang}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>${escapeHtml(contest.title)}</title>
  <script src="/de-an-06-quiz.js" async></script>
  <script src="/embed-height.js" async></script>
  <style>
    html, body { margin: 0; padding: 0; background: transparent; }
    body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; }
    de-an-06-quiz { display: block; }
    de-an-06-quiz:not(:defined) { min-height: 480px; }
  </style>
</head>
<body>
  <noscript><p>Phần thi này cần JavaScript. Hãy bật JavaScript hoặc mở <a href="/c/${escapeHtml(encodeURIComponent(contest.slug))}" target="_blank" rel="noopener">trang cuộc thi</a>.</p></noscript>
  <de-an-06-quiz contest="${escapeHtml(contest.slug)}"${viewAttribute}${langAttribute}${sourceAttribute}></de-an-06-quiz>
</body>
</html>
`;
}

/** An origin as it may appear in a CSP source list (scheme, host, optional port), or null. */
export function cspOrigin(origin: string): string | null {
  return /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(origin) ? origin.toLowerCase() : null;
}

/** The host name of the page that framed the embed, when the Referer's origin is one the contest allows. */
export function embedSource(referer: string | undefined, allowed: readonly string[]): string | null {
  if (!referer) return null;
  let url: URL;
  try {
    url = new URL(referer);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  return allowed.includes('*') || allowed.includes(url.origin) ? url.hostname : null;
}

/** `frame-ancestors` of a contest's embed page: this origin and the origins allowed for the contest. */
export function frameAncestors(allowed: readonly string[]): string {
  if (allowed.includes('*')) return 'frame-ancestors *';
  const origins = [...new Set(allowed.map(cspOrigin).filter((o): o is string => o !== null))];
  return ["frame-ancestors 'self'", ...origins].join(' ');
}
