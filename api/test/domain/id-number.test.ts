import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  BIRTH_DATE_MESSAGES,
  ID_NUMBER_MESSAGES,
  PROVINCE_CODES,
  birthDateProblem,
  calendarDateYear,
  idNumberProblem,
} from '../../src/domain/id-number.js';
import { PROVINCE_NAMES } from '../../src/domain/provinces.js';

describe('PROVINCE_CODES', () => {
  it('lists the 63 provinces and cities of Thông tư 07/2016/TT-BCA', () => {
    expect(PROVINCE_CODES.size).toBe(63);
    expect([...PROVINCE_NAMES.keys()]).toEqual([...PROVINCE_CODES]);
    expect(PROVINCE_NAMES.get('001')).toBe('Hà Nội');
    expect(PROVINCE_NAMES.get('034')).toBe('Thái Bình');
    expect(PROVINCE_NAMES.get('079')).toBe('Thành phố Hồ Chí Minh');
    expect(PROVINCE_NAMES.get('096')).toBe('Cà Mau');
    for (const missing of ['000', '003', '005', '099', '097']) expect(PROVINCE_CODES.has(missing)).toBe(false);
  });

  it('has three-digit codes and NFC-normalised Vietnamese names', () => {
    for (const [code, name] of PROVINCE_NAMES) {
      expect(code).toMatch(/^0\d\d$/);
      expect(name.normalize('NFC')).toBe(name);
    }
    expect(new Set(PROVINCE_NAMES.values()).size).toBe(63);
  });
});

describe('idNumberProblem', () => {
  it('accepts a man and a woman born in 1990 in Thái Bình', () => {
    expect(idNumberProblem('034090123456', '1990-05-17')).toBeNull();
    expect(idNumberProblem('034190123456', '1990-12-31')).toBeNull();
  });

  it('accepts people born in 2005 (century digit 2 or 3)', () => {
    expect(idNumberProblem('034205001234', '2005-01-01')).toBeNull();
    expect(idNumberProblem('001305987654', '2005-08-09')).toBeNull();
  });

  it('refuses anything that is not exactly 12 digits, without trimming', () => {
    for (const bad of ['', '03409012345', '0340901234567', '03409012345a', ' 034090123456', '034 090 123 456', '０３４０９０１２３４５６']) {
      expect(idNumberProblem(bad, '1990-05-17')).toBe(ID_NUMBER_MESSAGES.format);
    }
  });

  it('refuses codes that are not a province', () => {
    for (const code of ['000', '003', '099', '100']) {
      expect(idNumberProblem(`${code}090123456`, '1990-05-17')).toBe(ID_NUMBER_MESSAGES.province);
    }
  });

  it('refuses a century digit that disagrees with the year of birth', () => {
    expect(idNumberProblem('034290123456', '1990-05-17')).toBe(ID_NUMBER_MESSAGES.century);
    expect(idNumberProblem('034005123456', '2005-05-17')).toBe(ID_NUMBER_MESSAGES.century);
    expect(idNumberProblem('034490123456', '1990-05-17')).toBe(ID_NUMBER_MESSAGES.century);
  });

  it('refuses year digits that are not the last two digits of the year of birth', () => {
    expect(idNumberProblem('034091123456', '1990-05-17')).toBe(ID_NUMBER_MESSAGES.year);
    expect(idNumberProblem('034209123456', '1990-05-17')).toBe(ID_NUMBER_MESSAGES.century);
    expect(idNumberProblem('034290123456', '2009-05-17')).toBe(ID_NUMBER_MESSAGES.year);
  });

  it('checks only format and province without a usable birth date', () => {
    expect(idNumberProblem('034990123456', null)).toBeNull();
    expect(idNumberProblem('034990123456', '2023-02-29')).toBeNull();
    expect(idNumberProblem('034990123456', '17/05/1990')).toBeNull();
    expect(idNumberProblem('003090123456', null)).toBe(ID_NUMBER_MESSAGES.province);
    expect(idNumberProblem('34090123456', null)).toBe(ID_NUMBER_MESSAGES.format);
  });

  it('accepts every province with a consistent century and year, and refuses any other year digits', () => {
    const codes = [...PROVINCE_CODES.keys()];
    fc.assert(
      fc.property(
        fc.constantFrom(...codes),
        fc.integer({ min: 1900, max: 2099 }),
        fc.integer({ min: 0, max: 1 }),
        fc.integer({ min: 0, max: 999_999 }),
        fc.integer({ min: 0, max: 99 }),
        (code, year, sex, serial, otherYear) => {
          const century = (year < 2000 ? 0 : 2) + sex;
          const yy = String(year % 100).padStart(2, '0');
          const tail = String(serial).padStart(6, '0');
          const birthDate = `${year}-06-15`;
          expect(idNumberProblem(`${code}${century}${yy}${tail}`, birthDate)).toBeNull();
          const otherYy = String(otherYear).padStart(2, '0');
          const result = idNumberProblem(`${code}${century}${otherYy}${tail}`, birthDate);
          expect(result).toBe(otherYear === year % 100 ? null : ID_NUMBER_MESSAGES.year);
        },
      ),
    );
  });
});

describe('birthDateProblem', () => {
  const today = new Date('2024-06-15T03:00:00Z');

  it('accepts real past dates, including 29 February of a leap year', () => {
    expect(birthDateProblem('1990-05-17', today)).toBeNull();
    expect(birthDateProblem('2000-02-29', today)).toBeNull();
    expect(birthDateProblem('2024-02-29', today)).toBeNull();
    expect(birthDateProblem('1900-01-01', today)).toBeNull();
  });

  it('refuses 29 February of a non-leap year and other impossible dates', () => {
    expect(birthDateProblem('2023-02-29', today)).toBe(BIRTH_DATE_MESSAGES.notADate);
    expect(birthDateProblem('1900-02-29', today)).toBe(BIRTH_DATE_MESSAGES.notADate);
    expect(birthDateProblem('1990-04-31', today)).toBe(BIRTH_DATE_MESSAGES.notADate);
    expect(birthDateProblem('1990-13-01', today)).toBe(BIRTH_DATE_MESSAGES.notADate);
    expect(birthDateProblem('1990-00-10', today)).toBe(BIRTH_DATE_MESSAGES.notADate);
    expect(birthDateProblem('1990-01-00', today)).toBe(BIRTH_DATE_MESSAGES.notADate);
  });

  it('refuses other formats', () => {
    for (const bad of ['17/05/1990', '1990-5-17', '1990-05-17T00:00:00Z', '', ' 1990-05-17', '90-05-17']) {
      expect(birthDateProblem(bad, today)).toBe(BIRTH_DATE_MESSAGES.format);
    }
  });

  it('refuses years before 1900', () => {
    expect(birthDateProblem('1899-12-31', today)).toBe(BIRTH_DATE_MESSAGES.tooEarly);
  });

  it('refuses a birth date in the future', () => {
    expect(birthDateProblem('2024-06-16', today)).toBe(BIRTH_DATE_MESSAGES.future);
    expect(birthDateProblem('2030-01-01', today)).toBe(BIRTH_DATE_MESSAGES.future);
    expect(birthDateProblem('2024-06-15', today)).toBeNull();
  });

  it('takes "today" in Vietnam time (UTC+7)', () => {
    // 17:30 UTC on 31 May is 00:30 on 1 June in Hà Nội.
    expect(birthDateProblem('2024-06-01', new Date('2024-05-31T17:30:00Z'))).toBeNull();
    // 16:59:59 UTC on 31 May is still 23:59:59 on 31 May in Hà Nội.
    expect(birthDateProblem('2024-06-01', new Date('2024-05-31T16:59:59Z'))).toBe(BIRTH_DATE_MESSAGES.future);
  });

  it('agrees with the Gregorian calendar on every year/month/day triple', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (year, month, day) => {
          const text = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const date = new Date(Date.UTC(year, month - 1, day));
          const real = month >= 1 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
          expect(calendarDateYear(text)).toBe(real ? year : null);
        },
      ),
    );
  });
});
