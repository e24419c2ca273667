import type { Strings } from './strings.js';

/** Province codes of the 12-digit personal ID number (Thông tư 07/2016/TT-BCA). */
const PROVINCE_CODES = new Set([
  '001', '002', '004', '006', '008', '010', '011', '012', '014', '015', '017', '019', '020', '022',
  '024', '025', '026', '027', '030', '031', '033', '034', '035', '036', '037', '038', '040', '042',
  '044', '045', '046', '048', '049', '051', '052', '054', '056', '058', '060', '062', '064', '066',
  '067', '068', '070', '072', '074', '075', '077', '079', '080', '082', '083', '084', '086', '087',
  '089', '091', '092', '093', '094', '095', '096',
]);

export type FieldErrors = Partial<Record<string, string>>;

export interface RegistrationInput {
  fullName: string;
  birthDate: string;
  idNumber: string;
  phone: string;
  email: string;
  unitId: string;
  occupation: string;
  consent: boolean;
}

/** The server stores phones as 0xxxxxxxxx; send them that way. */
export function normalisePhone(phone: string): string {
  return phone.replace(/[\s.\-()]/g, '').replace(/^\+84/, '0');
}

export function checkFullName(name: string, t: Strings): string | undefined {
  const normalised = name.normalize('NFC').trim().replace(/\s+/g, ' ');
  return /^[\p{L}\p{M} ]{2,100}$/u.test(normalised) ? undefined : t.errFullName;
}

export function checkBirthDate(value: string, t: Strings): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return t.errBirthDate;
  const date = new Date(`${value}T00:00:00Z`);
  const year = Number(match[1]);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value || year < 1900 || date.getTime() > Date.now()) {
    return t.errBirthDate;
  }
  return undefined;
}

/** 12 digits: province code, century-and-sex digit, last two digits of the birth year, then 6 random. */
export function checkIdNumber(idNumber: string, birthDate: string, t: Strings): string | undefined {
  if (!/^\d{12}$/.test(idNumber)) return t.errIdNumber;
  if (!PROVINCE_CODES.has(idNumber.slice(0, 3))) return t.errIdProvince;
  const year = Number(birthDate.slice(0, 4));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) return undefined; // checked against the birth date once it is valid
  const centuryDigit = Number(idNumber[3]);
  const century = 1900 + Math.floor(centuryDigit / 2) * 100;
  if (Math.floor(year / 100) * 100 !== century) return t.errIdCentury;
  if (idNumber.slice(4, 6) !== String(year % 100).padStart(2, '0')) return t.errIdYear;
  return undefined;
}

export function checkPhone(phone: string, t: Strings): string | undefined {
  return /^0[35789]\d{8}$/.test(normalisePhone(phone)) ? undefined : t.errPhone;
}

export function checkEmail(email: string, t: Strings): string | undefined {
  if (!email.trim()) return undefined;
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim()) ? undefined : t.errEmail;
}

/** The server's registration checks, run in the browser first so mistakes show before sending. */
export function validateRegistration(input: RegistrationInput, t: Strings): FieldErrors {
  const errors: FieldErrors = {
    fullName: checkFullName(input.fullName, t),
    birthDate: checkBirthDate(input.birthDate, t),
    idNumber: checkIdNumber(input.idNumber.trim(), input.birthDate, t),
    phone: checkPhone(input.phone, t),
    email: checkEmail(input.email, t),
    unitId: input.unitId ? undefined : t.errUnit,
    occupation: input.occupation ? undefined : t.errOccupation,
    consent: input.consent ? undefined : t.errConsent,
  };
  return Object.fromEntries(Object.entries(errors).filter(([, message]) => message));
}

export function validateSignIn(input: Pick<RegistrationInput, 'idNumber' | 'phone' | 'birthDate'>, t: Strings): FieldErrors {
  const errors: FieldErrors = {
    idNumber: /^\d{12}$/.test(input.idNumber.trim()) ? undefined : t.errIdNumber,
    phone: checkPhone(input.phone, t),
    birthDate: checkBirthDate(input.birthDate, t),
  };
  return Object.fromEntries(Object.entries(errors).filter(([, message]) => message));
}
