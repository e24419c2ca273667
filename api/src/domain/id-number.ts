/**
 * Checks on the 12-digit personal identification number (số định danh cá nhân / CCCD), following
 * Thông tư 07/2016/TT-BCA: digits 1–3 are the province of birth registration, digit 4 encodes
 * century and sex, digits 5–6 are the last two digits of the year of birth.
 */

/**
 * Province/city codes of Thông tư 07/2016/TT-BCA (63 provinces before the 2025 merger). Kept as a bare
 * list because the widget bundles this rule; the names are in provinces.ts.
 */
export const PROVINCE_CODES: ReadonlySet<string> = new Set(
  '001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096'.split(' '),
);

export const ID_NUMBER_MESSAGES = {
  format: 'Số định danh cá nhân phải gồm đúng 12 chữ số',
  province: 'Ba chữ số đầu của số định danh không phải mã tỉnh, thành phố hợp lệ',
  century: 'Chữ số thứ tư của số định danh không khớp với thế kỷ của năm sinh',
  year: 'Chữ số thứ năm và sáu của số định danh phải là hai số cuối của năm sinh',
} as const;

export const BIRTH_DATE_MESSAGES = {
  format: 'Ngày sinh phải có dạng năm-tháng-ngày, ví dụ 1990-05-17',
  notADate: 'Ngày sinh không phải là một ngày có thật',
  tooEarly: 'Năm sinh phải từ năm 1900 trở đi',
  future: 'Ngày sinh không được sau ngày hôm nay',
} as const;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The year of a "YYYY-MM-DD" string that names a real calendar date, else null. */
export function calendarDateYear(value: string): number | null {
  const match = DATE_PATTERN.exec(value);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return null;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= daysInMonth ? year : null;
}

/** First year of the century that the 4th digit encodes: 0/1 → 1900, 2/3 → 2000, … 8/9 → 2300. */
export function centuryStartOfDigit(digit: number): number {
  return 1900 + Math.floor(digit / 2) * 100;
}

export function idNumberProblem(idNumber: string, birthDate: string | null): string | null {
  if (!/^\d{12}$/.test(idNumber)) return ID_NUMBER_MESSAGES.format;
  if (!PROVINCE_CODES.has(idNumber.slice(0, 3))) return ID_NUMBER_MESSAGES.province;

  // Without a usable birth date the remaining digits cannot be checked; birthDateProblem reports it.
  const year = birthDate === null ? null : calendarDateYear(birthDate);
  if (year === null) return null;

  const centuryStart = centuryStartOfDigit(Number(idNumber[3]));
  if (year < centuryStart || year > centuryStart + 99) return ID_NUMBER_MESSAGES.century;
  if (Number(idNumber.slice(4, 6)) !== year % 100) return ID_NUMBER_MESSAGES.year;
  return null;
}

/** `today` is an instant; the calendar day it falls on is taken in Vietnam time (UTC+7, no DST). */
export function birthDateProblem(birthDate: string, today: Date): string | null {
  if (!DATE_PATTERN.test(birthDate)) return BIRTH_DATE_MESSAGES.format;
  const year = calendarDateYear(birthDate);
  if (year === null) return BIRTH_DATE_MESSAGES.notADate;
  if (year < 1900) return BIRTH_DATE_MESSAGES.tooEarly;
  const todayInVietnam = new Date(today.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
  // Both are zero-padded YYYY-MM-DD, so string order is date order.
  if (birthDate > todayInVietnam) return BIRTH_DATE_MESSAGES.future;
  return null;
}

/**
 * An ID number as the audit screen shows it: enough to tell two people apart when reading with the
 * contestant in front of you (first four and last four digits), not enough to copy: "0341****5678".
 */
export function maskIdNumber(idNumber: string): string {
  return /^\d{12}$/.test(idNumber) ? `${idNumber.slice(0, 4)}****${idNumber.slice(-4)}` : '';
}
