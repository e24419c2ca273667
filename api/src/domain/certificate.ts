/**
 * Certificates of participation (decision 0037): the verification code — its alphabet, how random
 * bytes become one, how a typed code is read back — the date a certificate shows, and its QR code
 * as SVG. Pure: the server's page and the widget's chunk draw the same certificate from these.
 */
import { encode } from 'uqr';

/**
 * 32 characters a person reads back without doubt: the digits and capitals without 0/O and 1/I.
 * 32 is a power of two, so five bits of a random byte pick one without bias.
 */
export const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** Twelve characters: 60 random bits, in three groups of four. */
export const CODE_LENGTH = 12;

/** A code from CODE_LENGTH random bytes (five bits of each): "ABCD-EFGH-JKLM". */
export function certificateCode(bytes: Uint8Array): string {
  if (bytes.length < CODE_LENGTH) throw new Error(`certificateCode needs ${CODE_LENGTH} bytes`);
  let chars = '';
  for (let i = 0; i < CODE_LENGTH; i++) chars += CODE_ALPHABET[bytes[i]! & 31];
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

/**
 * A code as a person may type or a link may carry it — any case, with or without dashes or spaces —
 * in its stored form; null when it cannot be one (wrong length, a character outside the alphabet).
 */
export function normaliseCertificateCode(input: string): string | null {
  if (input.length > 40) return null;
  const chars = input.replace(/[\s-]/g, '').toUpperCase();
  if (chars.length !== CODE_LENGTH) return null;
  for (const ch of chars) if (!CODE_ALPHABET.includes(ch)) return null;
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

const VIETNAM_OFFSET_MS = 7 * 3600_000; // Asia/Ho_Chi_Minh: UTC+7 all year, no daylight saving

/** The day of an instant in Vietnam time, as a certificate writes it: "ngày 28 tháng 11 năm 2026" / "28 November 2026". */
export function certificateDate(iso: string, lang = 'vi'): string {
  const t = new Date(Date.parse(iso) + VIETNAM_OFFSET_MS);
  const day = t.getUTCDate();
  const month = t.getUTCMonth() + 1;
  const year = t.getUTCFullYear();
  if (lang === 'en') {
    const name = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' }).format(t);
    return `${day} ${name} ${year}`;
  }
  return `ngày ${day} tháng ${month} năm ${year}`;
}

/**
 * A QR code of `text` as an SVG document: one path of horizontal runs (a few kilobytes, where one
 * square per module would be several times that), a quiet zone of four modules, black on white.
 * Error correction M: a printed certificate may be folded or smudged.
 */
export function qrSvg(text: string): string {
  const { data, size } = encode(text, { ecc: 'M', border: 4 });
  let d = '';
  for (let y = 0; y < size; y++) {
    const row = data[y]!;
    for (let x = 0; x < size; ) {
      if (!row[x]) {
        x++;
        continue;
      }
      let end = x;
      while (end < size && row[end]) end++;
      d += `M${x} ${y}h${end - x}v1h${x - end}z`;
      x = end;
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges"><rect width="${size}" height="${size}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`;
}
