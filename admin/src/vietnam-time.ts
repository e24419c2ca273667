/**
 * Times of day and calendar days in Vietnam time (Asia/Ho_Chi_Minh) for the console's screens;
 * instants with their date use `formatVietnamTime` from format.ts.
 */

const CLOCK = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** "14:05:09" in Vietnam time, whatever the device's own time zone. */
export function formatClockTime(at: Date): string {
  const parts: Record<string, string> = {};
  for (const part of CLOCK.formatToParts(at)) parts[part.type] = part.value;
  return `${parts.hour}:${parts.minute}:${parts.second}`;
}

/** A calendar day "2026-11-28" (already a Vietnam-time day) written "28/11/2026", or "28/11" short. */
export function formatDay(day: string, short = false): string {
  const [y, m, d] = day.split('-').map(Number);
  return short ? `${d}/${m}` : `${d}/${m}/${y}`;
}

/** Every day from `first` to `last` inclusive ("YYYY-MM-DD"), so quiet days show as zero. */
export function daysBetween(first: string, last: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${last}T00:00:00Z`);
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= end && out.length < 1000; t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}
