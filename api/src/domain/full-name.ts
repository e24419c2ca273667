export const FULL_NAME_MESSAGE =
  'Họ và tên phải dài từ 2 đến 100 ký tự và chỉ gồm chữ cái, dấu cách';

// Each word starts with a letter; combining marks are allowed after it in case NFC leaves any.
const NAME = /^\p{L}[\p{L}\p{M}]*(?: \p{L}[\p{L}\p{M}]*)*$/u;

/** NFC, trimmed, inner whitespace collapsed; null unless 2–100 characters of letters and spaces. */
export function normaliseFullName(input: string): string | null {
  const name = input.normalize('NFC').trim().replace(/\s+/g, ' ');
  const length = [...name].length; // code points, so an astral letter counts once
  if (length < 2 || length > 100) return null;
  return NAME.test(name) ? name : null;
}
