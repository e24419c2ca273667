import type { z } from 'zod';
import type { registrationSchema } from '../contract/contestant.js';
import type { Contest } from './contest.js';
import { sourceHost } from './hostname.js';
import { FULL_NAME_MESSAGE, normaliseFullName } from './full-name.js';
import { birthDateProblem, idNumberProblem } from './id-number.js';
import { ageOn, GUARDIAN_AGE, GUARDIAN_MESSAGE, minAgeMessage, needsGuardian } from './personal-data.js';
import { normalisePhone, PHONE_MESSAGE } from './phone.js';
import { phoneCodeMessage } from './phone-code.js';

/**
 * The registration rules of SPEC §3 on whichever fields of `raw` are strings, one message per
 * field, so a person sees every problem at once even when the body's shape is wrong too.
 * `unitExists` answers whether the contest has that unit.
 */
export function registrationProblems(contest: Contest, raw: unknown, now: Date, unitExists: (unitId: string) => boolean): Record<string, string> {
  const body = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : null);
  const fields: Record<string, string> = {};
  const fullName = text('fullName');
  if (fullName !== null && !normaliseFullName(fullName)) fields.fullName = FULL_NAME_MESSAGE;
  const birthDate = text('birthDate');
  const birthDateError = birthDate === null ? null : birthDateProblem(birthDate.trim(), now);
  if (birthDateError) fields.birthDate = birthDateError;
  else if (birthDate !== null) {
    // Age on the day of registration, in Vietnam time: the same rule the form runs (decision 0005).
    const age = ageOn(birthDate.trim(), now);
    if (contest.minAge !== null && age < contest.minAge) fields.birthDate = minAgeMessage(contest.minAge);
    else if (age < GUARDIAN_AGE) {
      const guardian = body.guardian;
      if (guardian === undefined || guardian === null) fields.guardian = GUARDIAN_MESSAGE;
      else if (typeof guardian === 'object') {
        const given = guardian as Record<string, unknown>;
        if (typeof given.fullName === 'string' && !normaliseFullName(given.fullName)) fields['guardian.fullName'] = FULL_NAME_MESSAGE;
        if (typeof given.phone === 'string' && !normalisePhone(given.phone)) fields['guardian.phone'] = PHONE_MESSAGE;
      }
    }
  }
  const idNumber = text('idNumber');
  const idError = idNumber === null ? null : idNumberProblem(idNumber.trim(), birthDate && !birthDateError ? birthDate.trim() : null);
  if (idError) fields.idNumber = idError;
  const phone = text('phone');
  if (phone !== null && !normalisePhone(phone)) fields.phone = PHONE_MESSAGE;
  const unitId = text('unitId');
  if (unitId !== null && !unitExists(unitId)) fields.unitId = 'Đơn vị không có trong danh sách của cuộc thi';
  const occupation = text('occupation');
  if (occupation !== null && !contest.occupations.some((o) => o.id === occupation)) {
    fields.occupation = 'Đối tượng dự thi không có trong danh sách';
  }
  if (contest.phoneVerification && body.phoneCode === undefined) fields.phoneCode = phoneCodeMessage('absent');
  return fields;
}

/**
 * The contestant a registration that passed the rules makes, normalised as it is stored: trimmed ID
 * number and birth date, normalised name and phone, the host site it came from (`origin`: the
 * request's Origin when the body names none), and a guardian kept only for a minor — an adult's is
 * not needed, so not stored.
 */
export function newContestant(contest: Contest, body: z.output<typeof registrationSchema>, id: string, origin: string | undefined, now: Date) {
  const birthDate = body.birthDate.trim();
  const guardian =
    body.guardian && needsGuardian(birthDate, now)
      ? {
          fullName: normaliseFullName(body.guardian.fullName)!,
          phone: normalisePhone(body.guardian.phone)!,
          relationship: body.guardian.relationship,
          publishName: body.guardian.publishName === true,
        }
      : null;
  return {
    id,
    contestSlug: contest.slug,
    idNumber: body.idNumber.trim(),
    fullName: normaliseFullName(body.fullName)!,
    birthDate,
    phone: normalisePhone(body.phone)!,
    email: body.email || null,
    unitId: body.unitId,
    occupation: body.occupation,
    source: sourceHost(body.source, origin),
    publishName: body.publishName === true,
    guardian,
  };
}
