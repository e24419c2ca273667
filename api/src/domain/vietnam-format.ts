/**
 * Numbers, money, durations and instants written the Vietnamese way, in Vietnam time
 * (Asia/Ho_Chi_Minh). Shared by the server's printable report and the widget.
 */
import type { RankingCriterion } from './ranking.js';

const VN_TIME = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  hour: '2-digit',
  minute: '2-digit',
  day: 'numeric',
  month: 'numeric',
  year: 'numeric',
  hourCycle: 'h23',
});

/** An instant in Vietnam time, the way the plan writes it: "10 giờ 00, ngày 20/3/2023". */
export function formatVietnamTime(iso: string, lang = 'vi'): string {
  const parts: Record<string, string> = {};
  for (const part of VN_TIME.formatToParts(new Date(iso))) parts[part.type] = part.value;
  const { hour, minute, day, month, year } = parts;
  const hh = String(Number(hour)).padStart(2, '0');
  return lang === 'en'
    ? `${hh}:${minute}, ${day}/${month}/${year} (Vietnam time)`
    : `${Number(hour)} giờ ${minute}, ngày ${day}/${month}/${year}`;
}

/** A time taken, in words: "3 phút 07 giây". */
export function formatDuration(ms: number, lang = 'vi'): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const m = Math.floor(total / 60);
  const s = String(total % 60).padStart(2, '0');
  return lang === 'en' ? `${m} min ${s} s` : `${m} phút ${s} giây`;
}

export function formatNumber(n: number, lang = 'vi'): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'vi-VN').format(n);
}

export function formatMoney(vnd: number, lang = 'vi'): string {
  return `${formatNumber(vnd, lang)} đ`;
}

/**
 * A time taken to the tenth of a second, "2 phút 05,3 giây": where two equal scores meet, the
 * duration decides, and whole seconds would print two different times as the same.
 */
export function formatDurationTenths(ms: number, lang = 'vi'): string {
  const tenths = Math.max(0, Math.round(ms / 100));
  const m = Math.floor(tenths / 600);
  const s = String(Math.floor((tenths % 600) / 10)).padStart(2, '0');
  const t = tenths % 10;
  return lang === 'en' ? `${m} min ${s}.${t} s` : `${m} phút ${s},${t} giây`;
}

/**
 * A rate (0.00034 for 0.034 %) as a percentage with at least two significant digits and at least
 * one decimal, "0,034 %", "34,5 %": a small unit's rate never prints as "0 %", and neighbours in a
 * ranking by rate stay apart.
 */
export function formatRate(rate: number, lang = 'vi'): string {
  const percent = rate * 100;
  const magnitude = percent > 0 ? Math.floor(Math.log10(percent)) : 0;
  const digits = Math.min(20, Math.max(1, 1 - magnitude));
  const text = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'vi-VN', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(percent);
  return lang === 'en' ? `${text}%` : `${text} %`;
}

const TIE_BREAK_WORDS: Record<RankingCriterion, string> = {
  score: 'điểm',
  prediction: 'dự đoán',
  duration: 'thời gian',
  submittedAt: 'thời điểm nộp',
};

/**
 * What separated a winner from the next person (`decidingCriterion`): "điểm", "dự đoán", "thời
 * gian", "thời điểm nộp"; "ngang nhau" when nothing did, "—" when it is not known.
 */
export function formatDecidedBy(criterion: RankingCriterion | null | undefined): string {
  if (criterion === undefined) return '—';
  return criterion === null ? 'ngang nhau' : TIE_BREAK_WORDS[criterion];
}
