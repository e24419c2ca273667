/**
 * Numbers, money, durations and instants written the Vietnamese way, in Vietnam time
 * (Asia/Ho_Chi_Minh). Shared by the server's printable report, the console and the widget; the
 * figures that decide a prize (rates, tenths of a second) are in `deciding-figures.ts`.
 */

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
