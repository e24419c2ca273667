import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { FULL_NAME_MESSAGE, normaliseFullName } from '../../src/domain/full-name.js';

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

  it('refuses digits, punctuation and symbols', () => {
    for (const bad of ['Nguyễn Văn 2', 'Nguyen Van A1', "O'Brien", 'Trần-Thị', 'Lê Văn.', 'An 🙂', 'Bình\u200bAn']) {
      expect(normaliseFullName(bad)).toBeNull();
    }
  });

  it('has a Vietnamese message', () => {
    expect(FULL_NAME_MESSAGE).toContain('Họ và tên');
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
