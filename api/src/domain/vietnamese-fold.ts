/**
 * A name or text as someone types it without diacritics and in any case: "Nguyễn Văn Đạt" →
 * "nguyen van dat". Marks are removed after NFD (the tones and the shapes of ă â ê ô ơ ư), đ/Đ
 * become d (Unicode gives đ no decomposition), and whitespace is collapsed to one space.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/đ/g, 'd')
    .replace(/\s+/g, ' ')
    .trim();
}
