import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldVietnamese } from '../../src/domain/vietnamese-fold.js';

/** Every Vietnamese letter with a diacritic, lower and upper case, and its base letter. */
const VIETNAMESE = [
  ['aàáảãạăằắẳẵặâầấẩẫậ', 'a'],
  ['eèéẻẽẹêềếểễệ', 'e'],
  ['iìíỉĩị', 'i'],
  ['oòóỏõọôồốổỗộơờớởỡợ', 'o'],
  ['uùúủũụưừứửữự', 'u'],
  ['yỳýỷỹỵ', 'y'],
  ['đ', 'd'],
] as const;

describe('foldVietnamese', () => {
  it('finds a name typed without diacritics or capitals', () => {
    expect(foldVietnamese('Nguyễn Văn An')).toBe('nguyen van an');
    expect(foldVietnamese('ĐẶNG  Thị\tĐào ')).toBe('dang thi dao');
  });

  it('folds every Vietnamese letter, composed or decomposed, to its base letter', () => {
    for (const [letters, base] of VIETNAMESE) {
      for (const letter of [...letters]) {
        for (const form of [letter, letter.toUpperCase()]) {
          expect(foldVietnamese(form.normalize('NFC'))).toBe(base);
          expect(foldVietnamese(form.normalize('NFD'))).toBe(base);
        }
      }
    }
  });

  it('is idempotent, ignores case and normal form, and leaves no combining mark', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        const folded = foldVietnamese(text);
        expect(foldVietnamese(folded)).toBe(folded);
        expect(foldVietnamese(text.normalize('NFD'))).toBe(folded);
        expect(foldVietnamese(text.normalize('NFC'))).toBe(folded);
        expect(/\p{M}/u.test(folded)).toBe(false);
      }),
    );
  });

  it('maps Vietnamese names to what is typed on a plain keyboard', () => {
    const letter = fc.constantFrom(...VIETNAMESE.flatMap(([letters, base]) => [...letters].map((l) => [l, base] as const)));
    const word = fc.array(letter, { minLength: 1, maxLength: 7 });
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), fc.boolean(), (words, upper) => {
        const name = words.map((w) => w.map(([l]) => l).join('')).join(' ');
        const typed = words.map((w) => w.map(([, base]) => base).join('')).join(' ');
        expect(foldVietnamese(upper ? name.toUpperCase() : name)).toBe(typed);
      }),
    );
  });
});
