/**
 * Checks on the 12-digit personal identification number (số định danh cá nhân / CCCD), following
 * Thông tư 07/2016/TT-BCA: digits 1–3 are the province of birth registration, digit 4 encodes
 * century and sex, digits 5–6 are the last two digits of the year of birth.
 */

/** Province/city codes of Thông tư 07/2016/TT-BCA (63 provinces before the 2025 merger) → name. */
export const PROVINCE_CODES: ReadonlyMap<string, string> = new Map([
  ['001', 'Hà Nội'],
  ['002', 'Hà Giang'],
  ['004', 'Cao Bằng'],
  ['006', 'Bắc Kạn'],
  ['008', 'Tuyên Quang'],
  ['010', 'Lào Cai'],
  ['011', 'Điện Biên'],
  ['012', 'Lai Châu'],
  ['014', 'Sơn La'],
  ['015', 'Yên Bái'],
  ['017', 'Hòa Bình'],
  ['019', 'Thái Nguyên'],
  ['020', 'Lạng Sơn'],
  ['022', 'Quảng Ninh'],
  ['024', 'Bắc Giang'],
  ['025', 'Phú Thọ'],
  ['026', 'Vĩnh Phúc'],
  ['027', 'Bắc Ninh'],
  ['030', 'Hải Dương'],
  ['031', 'Hải Phòng'],
  ['033', 'Hưng Yên'],
  ['034', 'Thái Bình'],
  ['035', 'Hà Nam'],
  ['036', 'Nam Định'],
  ['037', 'Ninh Bình'],
  ['038', 'Thanh Hóa'],
  ['040', 'Nghệ An'],
  ['042', 'Hà Tĩnh'],
  ['044', 'Quảng Bình'],
  ['045', 'Quảng Trị'],
  ['046', 'Thừa Thiên Huế'],
  ['048', 'Đà Nẵng'],
  ['049', 'Quảng Nam'],
  ['051', 'Quảng Ngãi'],
  ['052', 'Bình Định'],
  ['054', 'Phú Yên'],
  ['056', 'Khánh Hòa'],
  ['058', 'Ninh Thuận'],
  ['060', 'Bình Thuận'],
  ['062', 'Kon Tum'],
  ['064', 'Gia Lai'],
  ['066', 'Đắk Lắk'],
  ['067', 'Đắk Nông'],
  ['068', 'Lâm Đồng'],
  ['070', 'Bình Phước'],
  ['072', 'Tây Ninh'],
  ['074', 'Bình Dương'],
  ['075', 'Đồng Nai'],
  ['077', 'Bà Rịa – Vũng Tàu'],
  ['079', 'Thành phố Hồ Chí Minh'],
  ['080', 'Long An'],
  ['082', 'Tiền Giang'],
  ['083', 'Bến Tre'],
  ['084', 'Trà Vinh'],
  ['086', 'Vĩnh Long'],
  ['087', 'Đồng Tháp'],
  ['089', 'An Giang'],
  ['091', 'Kiên Giang'],
  ['092', 'Cần Thơ'],
  ['093', 'Hậu Giang'],
  ['094', 'Sóc Trăng'],
  ['095', 'Bạc Liêu'],
  ['096', 'Cà Mau'],
]);

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
