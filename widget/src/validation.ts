import { normaliseFullName } from '../../api/src/domain/full-name.js';
import { birthDateProblem, ID_NUMBER_MESSAGES, idNumberProblem } from '../../api/src/domain/id-number.js';
import { ageOn, GUARDIAN_AGE } from '../../api/src/domain/personal-data.js';
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
  /** The parent's or guardian's part of the form, read only for a person under 16. */
  guardian?: { fullName: string; phone: string; relationship: string; consent: boolean };
}

/**
 * Whether the birth date entered makes the person under 16 today (Vietnam time): the server's rule
 * (api/src/domain/personal-data.ts), so the form asks for a guardian exactly when the server will.
 */
export function isMinor(birthDate: string, now = new Date()): boolean {
  return !birthDateProblem(birthDate, now) && ageOn(birthDate, now) < GUARDIAN_AGE;
}

/** The contest's minimum age, when the birth date entered is below it. */
export function checkMinAge(birthDate: string, minAge: number | null, t: Strings, now = new Date()): string | undefined {
  return minAge !== null && !birthDateProblem(birthDate, now) && ageOn(birthDate, now) < minAge ? t.errMinAge(minAge) : undefined;
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
export function validateRegistration(input: RegistrationInput, t: Strings, minAge: number | null = null): FieldErrors {
  const minor = isMinor(input.birthDate) && checkMinAge(input.birthDate, minAge, t) === undefined;
  const guardian = input.guardian;
  const errors: FieldErrors = {
    fullName: checkFullName(input.fullName, t),
    birthDate: checkBirthDate(input.birthDate, t) ?? checkMinAge(input.birthDate, minAge, t),
    idNumber: checkIdNumber(input.idNumber.trim(), input.birthDate, t),
    phone: checkPhone(input.phone, t),
    email: checkEmail(input.email, t),
    unitId: input.unitId ? undefined : t.errUnit,
    occupation: input.occupation ? undefined : t.errOccupation,
    consent: input.consent ? undefined : t.errConsent,
    ...(minor
      ? {
          'guardian.fullName': guardian && normaliseFullName(guardian.fullName) ? undefined : t.errGuardianFullName,
          'guardian.phone': guardian ? checkPhone(guardian.phone, t) : t.errPhone,
          'guardian.relationship': guardian?.relationship ? undefined : t.errGuardianRelationship,
          'guardian.consent': guardian?.consent ? undefined : t.errGuardianConsent,
        }
      : {}),
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
