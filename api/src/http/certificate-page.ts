/**
 * `/chung-nhan/:code` (decision 0037): the public page that confirms a certificate of participation
 * — or says plainly that the code is not valid — and is at the same time the printable certificate:
 * printed, only the certificate shows, on one A4 page, with its QR code drawn here on the server.
 * Pure functions of what the route read; every stored text is escaped; no inline script (the page
 * CSP allows scripts from this origin only: `/in-chung-nhan.js` works the print button).
 */
import { certificateDate, qrSvg } from '../domain/certificate.js';
import { escapeHtml, STYLE } from './contest-pages.js';

/** The page's script: the print button, and printing at once when the page is opened with `?in=1`. */
export const PRINT_SCRIPT_PATH = '/in-chung-nhan.js';

export const PRINT_SCRIPT = `// The print button of a certificate page (/chung-nhan/:code); ?in=1 prints at once (decision 0037).
(() => {
  const button = document.getElementById('in');
  if (button) {
    button.hidden = false;
    button.addEventListener('click', () => window.print());
  }
  if (new URLSearchParams(location.search).get('in') === '1') window.addEventListener('load', () => window.print());
})();
`;

/** What a valid certificate shows. */
export interface CertificatePageData {
  code: string;
  verifyUrl: string;
  fullName: string;
  unitName: string;
  contestTitle: string;
  contestUrl: string;
  issuedAt: string;
}

/** The certificate's own look, on screen and on paper: A4 portrait, the rest of the page hidden in print. */
const CERTIFICATE_STYLE = `
    .certificate { background: #fff; border: 10px double #a3111b; border-radius: 4px; padding: 32px 24px; margin: 16px auto; max-width: 720px; text-align: center; color: #1f2328; }
    .certificate .issuer { text-transform: uppercase; letter-spacing: .06em; font-size: 14px; margin: 0; }
    .certificate h2 { color: #a3111b; font-size: clamp(22px, 5vw, 34px); text-transform: uppercase; line-height: 1.25; margin: 24px 0 8px; }
    .certificate .lead { margin: 16px 0 4px; }
    .certificate .name { font-size: clamp(24px, 6vw, 36px); font-weight: 700; margin: 4px 0; line-height: 1.25; overflow-wrap: anywhere; }
    .certificate .unit { font-size: 18px; margin: 4px 0 16px; overflow-wrap: anywhere; }
    .certificate .contest { font-size: 20px; font-weight: 600; margin: 4px 0 16px; overflow-wrap: anywhere; }
    .certificate .date { font-style: italic; margin: 16px 0; }
    .certificate .verify { display: flex; gap: 16px; align-items: center; justify-content: center; flex-wrap: wrap; margin-top: 24px; text-align: left; }
    .certificate .qr { width: 136px; height: 136px; flex: none; }
    .certificate .qr svg { width: 100%; height: 100%; display: block; }
    .certificate .code { font-family: ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: 20px; font-weight: 700; letter-spacing: .08em; }
    .certificate .url { font-size: 13px; overflow-wrap: anywhere; margin: 0; }
    .valid { background: #ecfdf3; border: 1px solid #2f855a; border-radius: 8px; padding: 12px 16px; margin: 16px 0; }
    .invalid { background: #fff4e5; border: 1px solid #b91c1c; border-radius: 8px; padding: 12px 16px; margin: 16px 0; }
    button#in { font: inherit; font-weight: 600; min-height: 44px; padding: 8px 20px; border-radius: 8px; border: 1px solid #a3111b; background: #a3111b; color: #fff; cursor: pointer; }
    @page { size: A4 portrait; margin: 0; }
    @media print {
      html, body { background: #fff; margin: 0; }
      body > :not(main), main > :not(.certificate) { display: none !important; }
      main { padding: 0; max-width: none; margin: 0; }
      .certificate { box-sizing: border-box; width: 210mm; height: 296mm; max-width: none; margin: 0; padding: 30mm 20mm; border-width: 12px;
        display: flex; flex-direction: column; justify-content: center; break-inside: avoid; overflow: hidden; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
      .certificate .qr { width: 40mm; height: 40mm; }
    }
`;

function document(title: string, body: string): string {
  return `<!doctype html>
<html lang="vi">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>${escapeHtml(title)}</title>
  <link rel="icon" href="/favicon.svg" type="image/svg+xml">
  <script src="${PRINT_SCRIPT_PATH}" defer></script>
  <style>${STYLE}${CERTIFICATE_STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** The page of a valid certificate: the confirmation, then the certificate itself (what prints). */
export function validCertificatePage(data: CertificatePageData): string {
  const date = certificateDate(data.issuedAt);
  return document(
    `Giấy chứng nhận ${data.code} – ${data.fullName}`,
    `  <header class="hero"><h1>Xác minh giấy chứng nhận</h1></header>
  <main>
    <section class="valid" role="status">
      <p><strong>Giấy chứng nhận hợp lệ.</strong> Mã <strong>${escapeHtml(data.code)}</strong> được cấp cho
        <strong>${escapeHtml(data.fullName)}</strong> (${escapeHtml(data.unitName)}), đã tham gia
        <a href="${escapeHtml(data.contestUrl)}">${escapeHtml(data.contestTitle)}</a>; cấp ${escapeHtml(date)} (giờ Việt Nam).</p>
      <p><button id="in" type="button" hidden>In giấy chứng nhận</button></p>
    </section>
    <article class="certificate" aria-label="Giấy chứng nhận">
      <p class="issuer">Ban Tổ chức cuộc thi</p>
      <h2>Giấy chứng nhận đã tham gia</h2>
      <p class="lead">Chứng nhận</p>
      <p class="name">${escapeHtml(data.fullName)}</p>
      <p class="unit">Đơn vị: ${escapeHtml(data.unitName)}</p>
      <p class="lead">đã tham gia</p>
      <p class="contest">${escapeHtml(data.contestTitle)}</p>
      <p class="date">Cấp ${escapeHtml(date)}</p>
      <div class="verify">
        <div class="qr" role="img" aria-label="Mã QR dẫn đến trang xác minh">${qrSvg(data.verifyUrl)}</div>
        <div>
          <p>Mã xác minh<br><span class="code">${escapeHtml(data.code)}</span></p>
          <p class="url">Xác minh tại: ${escapeHtml(data.verifyUrl)}</p>
        </div>
      </div>
    </article>
  </main>`,
  );
}

/** The page of a code that names no valid certificate (answered with 404). */
export function invalidCertificatePage(given: string): string {
  const shown = given.length > 40 ? `${given.slice(0, 40)}…` : given;
  return document(
    'Mã xác minh không hợp lệ',
    `  <header class="hero"><h1>Xác minh giấy chứng nhận</h1></header>
  <main>
    <section class="invalid" role="alert">
      <h2>Mã xác minh không hợp lệ</h2>
      <p>Không có giấy chứng nhận còn hiệu lực với mã <strong>${escapeHtml(shown)}</strong>.</p>
      <p>Mã có thể bị gõ sai (mã gồm 12 ký tự, ví dụ ABCD-EFGH-JKLM), hoặc giấy chứng nhận không còn hiệu lực:
        lượt thi của người được cấp đã bị huỷ kết quả, hoặc người đó đã xoá dữ liệu đăng ký.</p>
    </section>
  </main>
  <footer><a href="/">Các cuộc thi</a></footer>`,
  );
}
