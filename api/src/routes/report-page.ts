/**
 * The committee's printable report (HTML, A4), laid out as an administrative document: the official
 * header, numbered sections (totals, participation by unit and occupation with bar charts, the daily
 * curve, the score distribution, the winners with what separated each from the next) and the
 * signature block. Pure: data in, HTML out; every text is escaped.
 */
import type { Contest, ReportIssuer } from '../domain/contest.js';
import { formatCollectiveDecidedBy, formatDecidedBy, formatDurationTenths, formatRate, separatingDecimals } from '../domain/deciding-figures.js';
import { formatMoney, formatNumber, formatVietnamTime } from '../domain/vietnam-format.js';
import type { Results } from './results.js';

export interface ReportData {
  contest: Contest;
  generatedAt: string;
  totals: { registered: number; participants: number; attempts: number; perfectAttempts: number };
  units: { name: string; participants: number; attempts: number; rate?: number }[];
  occupations: { name: string; participants: number; attempts: number }[];
  days: { day: string; attempts: number; participants: number }[];
  scores: { score: number; attempts: number }[];
  results: Results;
  /** Why collective prizes could not be computed (HEADCOUNT_MISSING), or null. */
  collectiveBlocked?: string | null;
  publishedAt: string | null;
  /** Who issues the report: the contest's `reportIssuer`, else `REPORT_ISSUER`. */
  issuer?: ReportIssuer;
}

export type { ReportIssuer };

/** The organiser of plan 34/KH-UBND: the header of a contest that names none. */
export const REPORT_ISSUER: ReportIssuer = {
  authority: 'ỦY BAN NHÂN DÂN TỈNH THÁI BÌNH',
  organiser: 'BAN TỔ CHỨC CUỘC THI',
  place: 'Thái Bình',
};

const VN_DATE = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: 'numeric', month: 'numeric', year: 'numeric' });

/** "Thái Bình, ngày 3 tháng 12 năm 2026", the date in Vietnam time. */
export function placeAndDate(place: string, iso: string): string {
  const parts: Record<string, string> = {};
  for (const part of VN_DATE.formatToParts(new Date(iso))) parts[part.type] = part.value;
  return `${place}, ngày ${Number(parts.day)} tháng ${Number(parts.month)} năm ${parts.year}`;
}


const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const e = (value: unknown): string => String(value ?? '').replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);

function bars(rows: { label: string; value: number; note?: string }[]): string {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return `<table class="bars"><tbody>${rows
    .map(
      (r) => `<tr><th scope="row">${e(r.label)}</th><td class="num">${e(formatNumber(r.value))}</td>
      <td class="bar"><span style="width:${((r.value / max) * 100).toFixed(1)}%"></span></td><td class="note">${e(r.note ?? '')}</td></tr>`,
    )
    .join('')}</tbody></table>`;
}

function dailyCurve(days: ReportData['days']): string {
  if (days.length === 0) return '<p>Chưa có lượt thi nào.</p>';
  const width = 640;
  const height = 160;
  const max = Math.max(1, ...days.map((d) => d.attempts));
  const x = (i: number) => (days.length === 1 ? width / 2 : (i / (days.length - 1)) * (width - 40) + 20);
  const y = (v: number) => height - 20 - (v / max) * (height - 40);
  const points = days.map((d, i) => `${x(i).toFixed(1)},${y(d.attempts).toFixed(1)}`).join(' ');
  const label = (d: { day: string }) => {
    const [, m, dd] = d.day.split('-');
    return `${Number(dd)}/${Number(m)}`;
  };
  return `<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="Số lượt thi theo ngày, cao nhất ${e(formatNumber(max))} lượt">
    <polyline points="${points}" fill="none" stroke="#a3111b" stroke-width="2"/>
    ${days.map((d, i) => `<circle cx="${x(i).toFixed(1)}" cy="${y(d.attempts).toFixed(1)}" r="2.5" fill="#a3111b"><title>${e(label(d))}: ${e(formatNumber(d.attempts))} lượt</title></circle>`).join('')}
    <text x="20" y="${height - 4}" font-size="11">${e(label(days[0]!))}</text>
    <text x="${width - 20}" y="${height - 4}" font-size="11" text-anchor="end">${e(label(days[days.length - 1]!))}</text>
    <text x="20" y="12" font-size="11">${e(formatNumber(max))} lượt</text>
  </svg>`;
}

export function renderReport(data: ReportData): string {
  const { contest, totals, results } = data;
  const issuer = data.issuer ?? REPORT_ISSUER;
  const rateDecimals = separatingDecimals(results.collective.map((a) => a.rate ?? 0));
  const status = data.publishedAt
    ? `Kết quả đã công bố lúc ${formatVietnamTime(data.publishedAt)}${results.provisional ? ' (công bố trước khi cuộc thi kết thúc)' : ''}.` +
      (results.outdated ? ' Kết quả đã công bố chưa tính lại sau khi chấm lại: điểm đã thay đổi sau khi công bố.' : '')
    : 'Kết quả dưới đây là bản tính thử, CHƯA được công bố.';
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Báo cáo kết quả — ${e(contest.title)}</title>
<style>
  @page { size: A4; margin: 20mm 15mm 18mm 25mm; @bottom-right { content: "Trang " counter(page) "/" counter(pages); font: 9pt "Times New Roman", serif; } }
  body { font: 12pt/1.4 "Times New Roman", "Liberation Serif", serif; color: #111; max-width: 180mm; margin: 0 auto; padding: 8mm; }
  @media print { body { max-width: none; padding: 0; } }
  .header { display: grid; grid-template-columns: 44% 56%; text-align: center; margin-bottom: 14pt; font-size: 11.5pt; }
  .header .authority { white-space: nowrap; }
  .header p { margin: 0; }
  .header .rule { width: 35%; margin: 2pt auto 0; border-top: 1px solid #111; }
  .header .motto { font-weight: bold; }
  .header .motto + .rule { width: 52%; }
  .header .date { font-style: italic; margin-top: 6pt; }
  h1 { font-size: 15pt; text-align: center; margin: 0 0 4pt; text-transform: uppercase; }
  h2 { font-size: 12.5pt; margin: 14pt 0 6pt; break-after: avoid; page-break-after: avoid; }
  h2 + p, h2 + table, h2 + div, h2 + svg { break-before: avoid; }
  thead { display: table-header-group; }
  .winners { font-size: 10pt; table-layout: fixed; }
  table.winners th, .winners td.num.duration { white-space: normal; }
  .winners th, .winners td { padding: 2pt 3pt; }
  .winners td { overflow-wrap: anywhere; }
  .bars, svg, .cards { break-inside: avoid; page-break-inside: avoid; }
  .signature { display: grid; grid-template-columns: 45% 55%; margin-top: 18pt; break-inside: avoid; page-break-inside: avoid; }
  .signature .sign { text-align: center; }
  .signature .sign p { margin: 0; font-weight: bold; }
  .signature .space { height: 28mm; }
  .signature .receivers { font-size: 10.5pt; }
  .signature .receivers p { margin: 0; }
  .sub { text-align: center; margin: 0 0 10pt; }
  .status { border: 1px solid #a3111b; padding: 4pt 8pt; margin: 8pt 0; }
  .cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 6pt; }
  .cards div { border: 1px solid #bbb; padding: 6pt; text-align: center; }
  .cards b { display: block; font-size: 15pt; }
  table { border-collapse: collapse; width: 100%; break-inside: auto; }
  th, td { border: 1px solid #bbb; padding: 2pt 5pt; text-align: left; vertical-align: top; }
  td.num, th.num { text-align: right; white-space: nowrap; }
  .bars th { width: 38%; font-weight: normal; }
  .bars td.bar { width: 40%; }
  .bars td.bar span { display: block; height: 9pt; background: #a3111b; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  .bars td.note { width: 10%; white-space: nowrap; }
  svg { width: 100%; height: auto; border: 1px solid #ddd; }
  tr { break-inside: avoid; }
  @media print { .noprint { display: none; } }
</style></head>
<body>
<div class="header">
  <div><p class="authority">${e(issuer.authority)}</p><p><strong>${e(issuer.organiser)}</strong></p><div class="rule"></div></div>
  <div><p><strong>CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong></p><p class="motto">Độc lập - Tự do - Hạnh phúc</p><div class="rule"></div>
  <p class="date">${e(placeAndDate(issuer.place, data.generatedAt))}</p></div>
</div>
<h1>Báo cáo kết quả cuộc thi</h1>
<p class="sub"><strong>${e(contest.title)}</strong><br>
Từ ${e(formatVietnamTime(contest.startsAt))} đến ${e(formatVietnamTime(contest.endsAt))}<br>
Số liệu lúc ${e(formatVietnamTime(data.generatedAt))}</p>
<p class="status">${e(status)}</p>
<button class="noprint" onclick="print()">In báo cáo</button>

<h2>I. Tổng quan</h2>
<div class="cards">
  <div><b>${e(formatNumber(totals.registered))}</b>người đăng ký</div>
  <div><b>${e(formatNumber(totals.participants))}</b>người dự thi</div>
  <div><b>${e(formatNumber(totals.attempts))}</b>lượt thi</div>
  <div><b>${e(formatNumber(totals.perfectAttempts))}</b>lượt đạt điểm tuyệt đối</div>
</div>

<h2>II. Tham gia theo đơn vị</h2>
${bars(data.units.map((u) => ({ label: u.name, value: u.participants, note: u.rate === undefined ? '' : formatRate(u.rate) })))}

<h2>III. Tham gia theo đối tượng</h2>
${bars(data.occupations.map((o) => ({ label: o.name, value: o.participants })))}

<h2>IV. Số lượt thi theo ngày</h2>
${dailyCurve(data.days)}

<h2>V. Phân bố điểm</h2>
${bars(data.scores.map((s) => ({ label: `${s.score} điểm`, value: s.attempts })))}

<h2>VI. Giải cá nhân</h2>
<p>Câu hỏi dự đoán: ${e(contest.predictionQuestion)} — Con số thực tế: <strong>${e(formatNumber(results.actual))}</strong>.</p>
<p>Xếp hạng theo: ${e(results.rankingOrder.map((c) => formatDecidedBy(c)).join(' → '))}. Cột «Hơn người sau nhờ» ghi tiêu chí đầu tiên phân định người đạt giải với người xếp ngay sau.</p>
<table class="winners"><colgroup><col style="width:11%"><col style="width:6.5%"><col style="width:14.5%"><col style="width:6.5%"><col style="width:14.5%"><col style="width:7%"><col style="width:10%"><col style="width:9%"><col style="width:9%"><col style="width:12%"></colgroup>
<thead><tr><th>Giải</th><th class="num">Hạng</th><th>Họ và tên</th><th class="num">Năm sinh</th><th>Đơn vị</th><th class="num">Điểm</th><th class="num">Thời gian</th><th class="num">Dự đoán</th><th>Hơn người sau nhờ</th><th class="num">Giá trị</th></tr></thead>
<tbody>${results.individual
    .map(
      (a) => `<tr><td>${e(a.prize)}</td><td class="num">${a.rank}</td><td>${e(a.name)}</td><td class="num">${a.birthYear}</td><td>${e(a.unit)}</td>
      <td class="num">${a.score}/${a.total}</td><td class="num duration">${e(formatDurationTenths(a.durationMs))}</td><td class="num">${a.prediction === null ? '—' : e(formatNumber(a.prediction))}</td>
      <td>${e(formatDecidedBy(a.decidedBy))}</td><td class="num">${e(formatMoney(a.valueVnd))}</td></tr>`,
    )
    .join('') || '<tr><td colspan="10">Chưa có người đạt giải.</td></tr>'}</tbody></table>

<h2>VII. Giải tập thể</h2>
<p>Tiêu chí: ${results.collectiveCriterion === 'participationRate' ? 'tỷ lệ người dự thi trên tổng số người của đơn vị' : 'số người dự thi'}; bằng nhau thì xét điểm trung bình, rồi số lượt thi.</p>
<table class="winners"><colgroup><col style="width:16%"><col style="width:28%"><col style="width:10%"><col style="width:10%"><col style="width:9%"><col style="width:14%"><col style="width:13%"></colgroup>
<thead><tr><th>Giải</th><th>Đơn vị</th><th class="num">Người dự thi</th><th class="num">Tỷ lệ</th><th class="num">Điểm TB</th><th>Hơn đơn vị sau nhờ</th><th class="num">Giá trị</th></tr></thead>
<tbody>${results.collective
    .map(
      (a) => `<tr><td>${e(a.prize)}</td><td>${e(a.unit)}</td><td class="num">${e(formatNumber(a.participants))}</td>
      <td class="num">${a.rate === undefined ? '—' : e(formatRate(a.rate, 'vi', rateDecimals))}</td><td class="num">${e(formatNumber(a.averageScore))}</td>
      <td>${e(formatCollectiveDecidedBy(a.decidedBy, results.collectiveCriterion))}</td><td class="num">${e(formatMoney(a.valueVnd))}</td></tr>`,
    )
    .join('') || `<tr><td colspan="7">${data.collectiveBlocked ? e(data.collectiveBlocked) : 'Chưa có đơn vị đạt giải.'}</td></tr>`}</tbody></table>

<div class="signature">
  <div class="receivers"><p><em><strong>Nơi nhận:</strong></em></p><p>- Thường trực UBND tỉnh (để b/c);</p><p>- Các thành viên Ban Tổ chức;</p><p>- Lưu: VT.</p></div>
  <div class="sign"><p>TM. BAN TỔ CHỨC</p><p>TRƯỞNG BAN</p><div class="space"></div><p class="name">&nbsp;</p></div>
</div>
</body></html>`;
}
