import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { FULL_NAME_MESSAGE, normaliseFullName } from '../../src/domain/full-name.js';

const codePoints = (text: string) => [...text].map((ch) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ');

describe('normaliseFullName', () => {
  it('turns decomposed (NFD) input into composed (NFC) output', () => {
    const decomposed = 'Nguyễn Văn An'.normalize('NFD');
    expect(decomposed).not.toBe('Nguyễn Văn An'.normalize('NFC'));
    const result = normaliseFullName(decomposed);
    expect(result).toBe('Nguyễn Văn An'.normalize('NFC'));
    expect(result).toHaveLength(13);
  });

  it('trims and collapses runs of whitespace to one space', () => {
    expect(normaliseFullName('  Trần   Thị  Bình ')).toBe('Trần Thị Bình');
    expect(normaliseFullName('Lê\tThị\n\u00a0Hồng')).toBe('Lê Thị Hồng');
  });

  it('accepts Vietnamese names of 2 to 100 characters', () => {
    expect(normaliseFullName('Đặng Thị Ánh Nguyệt')).toBe('Đặng Thị Ánh Nguyệt');
    expect(normaliseFullName('Lê')).toBe('Lê');
    const hundred = `${'a'.repeat(50)} ${'b'.repeat(49)}`;
    expect(normaliseFullName(hundred)).toBe(hundred);
  });

  it('refuses one character, 101 characters and blank input', () => {
    expect(normaliseFullName('A')).toBeNull();
    expect(normaliseFullName('  Ô  ')).toBeNull();
    expect(normaliseFullName('a'.repeat(101))).toBeNull();
    expect(normaliseFullName(`${'a'.repeat(50)} ${'b'.repeat(50)}`)).toBeNull();
    expect(normaliseFullName('   ')).toBeNull();
  });

  it('refuses digits, punctuation other than . \' - and symbols', () => {
    for (const bad of ['Nguyễn Văn 2', 'Nguyen Van A1', 'An 🙂', 'Bình\u200bAn', 'Lê, Văn', 'An_Bình', 'An--Bình', '-An', 'An -Bình', "'An", 'An..', '=1+1', '@An']) {
      expect(normaliseFullName(bad), bad).toBeNull();
    }
  });

  it("accepts . ' - between words and a final '.', typographic apostrophes stored as '", () => {
    expect(normaliseFullName("O'Brien")).toBe("O'Brien");
    expect(normaliseFullName('O’Neil')).toBe("O'Neil");
    expect(normaliseFullName('Trần Thị Ánh-Dương')).toBe('Trần Thị Ánh-Dương');
    expect(normaliseFullName('Nguyễn Văn A.')).toBe('Nguyễn Văn A.');
    expect(normaliseFullName('J. R. R. Tolkien')).toBe('J. R. R. Tolkien');
  });

  it('refuses invisible characters, even where they look like a space or like nothing', () => {
    for (const invisible of ['\u3164', '\u115F', '\u1160', '\uFFA0', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u2800', '\u180E', '\u034F']) {
      expect(normaliseFullName(`Nguyễn${invisible}An`), codePoints(invisible)).toBeNull();
      expect(normaliseFullName(`${invisible}${invisible}`), codePoints(invisible)).toBeNull();
      expect(normaliseFullName(`Nguyễn Văn An${invisible}`), codePoints(invisible)).toBeNull();
    }
  });

  it('refuses Cyrillic and Greek letters that look Latin, and other scripts', () => {
    for (const lookalike of ['Аnna', 'Nguyễn Vаn', 'Nguyễn Vοn', 'Ηoa', 'Ｎguyễn', '李明', 'ลี']) {
      expect(normaliseFullName(lookalike), lookalike).toBeNull();
    }
  });

  it('refuses stacked combining marks ("zalgo"), decomposed Vietnamese still accepted', () => {
    expect(normaliseFullName('Nguye\u0302\u0303n Va\u0306n')).toBe('Nguyễn Văn');
    expect(normaliseFullName('Z\u0351\u0352\u0353\u0354alg\u0300\u0301\u0302\u0303o')).toBeNull();
    expect(normaliseFullName(`An${'\u0300\u0301\u0302'.repeat(10)}`)).toBeNull();
  });

  it('property: every accepted name is NFC, has no invisible or control character, and no letter outside the Latin script', () => {
    const pieces = fc.constantFrom('a', 'Đ', 'ễ', 'ư', ' ', '.', "'", '-', '’', '\u0301', '\u0323', '\u034F', '\u3164', '\u200B', '\u00AD', '\uFEFF', 'а', 'ο', 'Ａ', '1', '\t', '\u00A0', 'ß', 'ñ');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 20 }), (parts, noise) => {
        for (const input of [parts.join(''), noise, parts.join('') + noise]) {
          const result = normaliseFullName(input);
          if (result === null) continue;
          expect(result.normalize('NFC')).toBe(result);
          expect(result).not.toMatch(/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\u3164\u115F\u1160\uFFA0\u2800]/u);
          expect(result).not.toMatch(/[^\S ]/u);
          for (const letter of result.match(/\p{L}/gu) ?? []) expect(letter, result).toMatch(/^\p{Script=Latin}$/u);
          expect(result).not.toMatch(/\p{M}{3}/u);
          expect(result).toMatch(/^[\p{L}\p{M} .'-]+$/u);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('has a Vietnamese message naming what is allowed', () => {
    expect(FULL_NAME_MESSAGE).toContain('Họ và tên');
    expect(FULL_NAME_MESSAGE).toContain('chữ cái');
  });

  it('returns NFC, single-spaced, idempotent names or null', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (input) => {
        const result = normaliseFullName(input);
        if (result === null) return;
        expect(result.normalize('NFC')).toBe(result);
        expect(result).not.toMatch(/^\s|\s$|\s\s|[^\S ]/u);
        expect(normaliseFullName(result)).toBe(result);
      }),
    );
  });

  it('accepts any words of letters with any spacing', () => {
    const word = fc.stringMatching(/^[a-zA-ZàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĐ]{1,10}$/);
    const gap = fc.stringMatching(/^[ \t]{1,3}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 2, maxLength: 6 }), gap, (words, spacing) => {
        expect(normaliseFullName(` ${words.join(spacing)} `)).toBe(words.join(' '));
      }),
    );
  });
});
