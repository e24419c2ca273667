export const FULL_NAME_MESSAGE =
  'Họ và tên phải dài từ 2 đến 100 ký tự, chỉ gồm chữ cái tiếng Việt (chữ Latinh có dấu), dấu cách và các dấu . \' -';

/**
 * One letter of the Latin script (Vietnamese letters with their diacritics included) followed by
 * at most two combining marks. NFC composes every Vietnamese letter, so marks remain only for
 * letters Unicode has no precomposed form for; more than two on one letter is "zalgo" text.
 * Fullwidth Latin letters (Ａ, U+FF21…) are look-alikes of ASCII and are left out.
 */
const LETTER = String.raw`(?![\uFF00-\uFFEF])(?=\p{L})\p{Script=Latin}\p{M}{0,2}`;
/**
 * Words of letters joined by one space, or by "-", "'" or "." with an optional space after it
 * ("Ánh-Dương", "O'Brien", "J. R. Tolkien"); a name may end with "." ("Nguyễn Văn A.").
 * Everything else is refused: digits, symbols, letters of other scripts (Cyrillic "а" and Greek
 * "ο" that look Latin), invisible characters (zero-width spaces, U+3164 HANGUL FILLER, soft hyphen).
 */
const NAME = new RegExp(String.raw`^(?:${LETTER})+(?:(?: |[-'.] ?)(?:${LETTER})+)*\.?$`, 'u');

/** Visible spaces and line breaks, collapsed to one space; unlike \s, not U+FEFF, which shows nothing. */
const SPACES = /[\t\n\v\f\r \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+/g;

/** What renders as nothing (zero-width characters, U+034F, fillers): marks among them would pass NAME. */
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/u;

/** Apostrophes people type for "'" (typographic ’ and the modifier letter ʼ): stored as "'". */
const APOSTROPHES = /[\u2019\u02BC]/g;

/**
 * NFC, trimmed, inner whitespace collapsed to one space, apostrophes made "'"; null unless 2–100
 * characters of Latin letters, spaces and . ' - as NAME describes, at least two of them letters.
 */
export function normaliseFullName(input: string): string | null {
  const name = input.normalize('NFC').replace(SPACES, ' ').replace(/^ | $/g, '').replace(APOSTROPHES, "'");
  const length = [...name].length; // code points, so an astral letter counts once
  if (length < 2 || length > 100) return null;
  if (INVISIBLE.test(name) || !NAME.test(name)) return null;
  return (name.match(/\p{L}/gu)?.length ?? 0) >= 2 ? name : null;
}
