export { formatDuration, formatMoney, formatNumber, formatVietnamTime } from '../../api/src/domain/vietnam-format.js';
export { formatCollectiveDecidedBy, formatDecidedBy, formatDurationTenths, formatRate, separatingDecimals } from '../../api/src/domain/deciding-figures.js';
export { renderPlainText } from '../../widget/src/format.js';

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/**
 * An instant as the value of an `<input type="datetime-local">` in Vietnam time (UTC+7, no daylight
 * saving), e.g. "2026-03-20T10:00".
 */
export function toVietnamLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  return new Date(t + VIETNAM_OFFSET_MS).toISOString().slice(0, 16);
}

/** The ISO instant for a `datetime-local` value read as Vietnam time, or null when it is empty or malformed. */
export function fromVietnamLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const t = Date.parse(`${value.length === 16 ? `${value}:00` : value}+07:00`);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** A whole number of VND typed with or without thousands separators ("1.000.000"), or null. */
export function parseWholeNumber(text: string): number | null {
  const digits = text.replace(/[.\s,đ]/g, '');
  if (!/^\d+$/.test(digits)) return null;
  return Number(digits);
}
