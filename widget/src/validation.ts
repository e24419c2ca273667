import { normaliseFullName } from '../../api/src/domain/full-name.js';
import { birthDateProblem, ID_NUMBER_MESSAGES, idNumberProblem } from '../../api/src/domain/id-number.js';
import { normalisePhone as normaliseMobile } from '../../api/src/domain/phone.js';
import type { Strings } from './strings.js';

// The server's own rules (api/src/domain) run here too; only the wording is the widget's, per language.
const ID_NUMBER_TEXT = {
  [ID_NUMBER_MESSAGES.format]: 'errIdNumber',
  [ID_NUMBER_MESSAGES.province]: 'errIdProvince',
  [ID_NUMBER_MESSAGES.century]: 'errIdCentury',
  [ID_NUMBER_MESSAGES.year]: 'errIdYear',
} as const satisfies Record<string, keyof Strings>;

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
  return normaliseMobile(phone) ?? phone.trim();
}

export function checkFullName(name: string, t: Strings): string | undefined {
  return normaliseFullName(name) ? undefined : t.errFullName;
}

export function checkBirthDate(value: string, t: Strings): string | undefined {
  return birthDateProblem(value, new Date()) ? t.errBirthDate : undefined;
}

export function checkIdNumber(idNumber: string, birthDate: string, t: Strings): string | undefined {
  const problem = idNumberProblem(idNumber, birthDateProblem(birthDate, new Date()) ? null : birthDate);
  return problem ? t[ID_NUMBER_TEXT[problem as keyof typeof ID_NUMBER_TEXT] ?? 'errIdNumber'] : undefined;
}

export function checkPhone(phone: string, t: Strings): string | undefined {
  return normaliseMobile(phone) ? undefined : t.errPhone;
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
    idNumber: checkIdNumber(input.idNumber.trim(), input.birthDate, t),
    phone: checkPhone(input.phone, t),
    birthDate: checkBirthDate(input.birthDate, t),
  };
  return Object.fromEntries(Object.entries(errors).filter(([, message]) => message));
}
