/**
 * The committee's one-page printable report (HTML, A4): totals, participation by unit and occupation
 * with bar charts, the daily curve, the score distribution and the winners. Pure: data in, HTML out;
 * every text is escaped.
 */
import type { Contest } from '../domain/contest.js';
import { formatDuration, formatMoney, formatNumber, formatRate, formatVietnamTime } from '../domain/vietnam-format.js';
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
  const status = data.publishedAt
    ? `Kết quả đã công bố lúc ${formatVietnamTime(data.publishedAt)}${results.provisional ? ' (công bố trước khi cuộc thi kết thúc)' : ''}.` +
      (results.outdated ? ' Kết quả đã công bố chưa tính lại sau khi chấm lại: điểm đã thay đổi sau khi công bố.' : '')
    : 'Kết quả dưới đây là bản tính thử, CHƯA được công bố.';
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Báo cáo kết quả — ${e(contest.title)}</title>
<style>
  @page { size: A4; margin: 15mm; }
  body { font: 11pt/1.45 "Times New Roman", serif; color: #111; max-width: 190mm; margin: 0 auto; padding: 8mm; }
  h1 { font-size: 16pt; text-align: center; margin: 0 0 4pt; text-transform: uppercase; }
  h2 { font-size: 12.5pt; margin: 14pt 0 6pt; border-bottom: 1px solid #999; break-after: avoid; }
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
<h1>Báo cáo kết quả cuộc thi</h1>
<p class="sub"><strong>${e(contest.title)}</strong><br>
Từ ${e(formatVietnamTime(contest.startsAt))} đến ${e(formatVietnamTime(contest.endsAt))}<br>
Số liệu lúc ${e(formatVietnamTime(data.generatedAt))}</p>
<p class="status">${e(status)}</p>
<button class="noprint" onclick="print()">In báo cáo</button>

<h2>1. Tổng quan</h2>
<div class="cards">
  <div><b>${e(formatNumber(totals.registered))}</b>người đăng ký</div>
  <div><b>${e(formatNumber(totals.participants))}</b>người dự thi</div>
  <div><b>${e(formatNumber(totals.attempts))}</b>lượt thi</div>
  <div><b>${e(formatNumber(totals.perfectAttempts))}</b>lượt đạt điểm tuyệt đối</div>
</div>

<h2>2. Tham gia theo đơn vị</h2>
${bars(data.units.map((u) => ({ label: u.name, value: u.participants, note: u.rate === undefined ? '' : formatRate(u.rate) })))}

<h2>3. Tham gia theo đối tượng</h2>
${bars(data.occupations.map((o) => ({ label: o.name, value: o.participants })))}

<h2>4. Số lượt thi theo ngày</h2>
${dailyCurve(data.days)}

<h2>5. Phân bố điểm</h2>
${bars(data.scores.map((s) => ({ label: `${s.score} điểm`, value: s.attempts })))}

<h2>6. Giải cá nhân</h2>
<p>Câu hỏi dự đoán: ${e(contest.predictionQuestion)} — Con số thực tế: <strong>${e(formatNumber(results.actual))}</strong>.</p>
<table><thead><tr><th>Giải</th><th class="num">Hạng</th><th>Họ và tên</th><th class="num">Năm sinh</th><th>Đơn vị</th><th class="num">Điểm</th><th class="num">Thời gian</th><th class="num">Dự đoán</th><th class="num">Giá trị</th></tr></thead>
<tbody>${results.individual
    .map(
      (a) => `<tr><td>${e(a.prize)}</td><td class="num">${a.rank}</td><td>${e(a.name)}</td><td class="num">${a.birthYear}</td><td>${e(a.unit)}</td>
      <td class="num">${a.score}/${a.total}</td><td class="num">${e(formatDuration(a.durationMs))}</td><td class="num">${a.prediction === null ? '—' : e(formatNumber(a.prediction))}</td><td class="num">${e(formatMoney(a.valueVnd))}</td></tr>`,
    )
    .join('') || '<tr><td colspan="9">Chưa có người đạt giải.</td></tr>'}</tbody></table>

<h2>7. Giải tập thể</h2>
<p>Tiêu chí: ${results.collectiveCriterion === 'participationRate' ? 'tỷ lệ người dự thi trên tổng số người của đơn vị' : 'số người dự thi'}; bằng nhau thì xét điểm trung bình, rồi số lượt thi.</p>
<table><thead><tr><th>Giải</th><th>Đơn vị</th><th class="num">Người dự thi</th><th class="num">Tỷ lệ</th><th class="num">Điểm TB</th><th class="num">Giá trị</th></tr></thead>
<tbody>${results.collective
    .map(
      (a) => `<tr><td>${e(a.prize)}</td><td>${e(a.unit)}</td><td class="num">${e(formatNumber(a.participants))}</td>
      <td class="num">${a.rate === undefined ? '—' : e(formatRate(a.rate))}</td><td class="num">${e(formatNumber(a.averageScore))}</td><td class="num">${e(formatMoney(a.valueVnd))}</td></tr>`,
    )
    .join('') || `<tr><td colspan="6">${data.collectiveBlocked ? e(data.collectiveBlocked) : 'Chưa có đơn vị đạt giải.'}</td></tr>`}</tbody></table>
</body></html>`;
}
