/**
 * What the personal data law (Law 91/2025/QH15, Decree 356/2025/NĐ-CP) asks of a registration and
 * of what is published: a child's age, a guardian's consent, and names reduced to initials unless
 * publication was agreed. The widget's registration form imports the age rule (decision 0005), so
 * this module stays small and free of Node APIs.
 */
import { vietnamDay } from './contest.js';

/** Under this age on the day of registration, a parent's or guardian's consent is needed too. */
export const GUARDIAN_AGE = 16;

export const GUARDIAN_RELATIONSHIPS = ['cha', 'mẹ', 'người giám hộ'] as const;
export type GuardianRelationship = (typeof GUARDIAN_RELATIONSHIPS)[number];

/** A parent or guardian who consents for a contestant under 16 (SPEC §3.1 "Personal data"). */
export interface Guardian {
  fullName: string;
  phone: string;
  relationship: GuardianRelationship;
  /** Whether the guardian also agreed that the child's full name may be published. */
  publishName: boolean;
}

export const GUARDIAN_MESSAGE =
  'Thí sinh dưới 16 tuổi cần có sự đồng ý của cha, mẹ hoặc người giám hộ: vui lòng nhập họ tên, số điện thoại, quan hệ và xác nhận đồng ý của người đó';

/** A polite refusal for a contest that sets a minimum age. */
export function minAgeMessage(minAge: number): string {
  return `Cuộc thi dành cho người từ đủ ${minAge} tuổi trở lên. Cảm ơn bạn đã quan tâm đến cuộc thi.`;
}

/**
 * Full years of age on `at`'s calendar day in Vietnam time, from a "YYYY-MM-DD" birth date: a
 * birthday counts from its own day on (someone born on 29 February turns a year older on 1 March
 * in common years).
 */
export function ageOn(birthDate: string, at: Date): number {
  const today = vietnamDay(at.toISOString());
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) < birthDate.slice(5, 10) ? years - 1 : years;
}

/** Whether a person born on `birthDate` registering at `at` needs a guardian's consent. */
export function needsGuardian(birthDate: string, at: Date): boolean {
  return ageOn(birthDate, at) < GUARDIAN_AGE;
}

/**
 * A name as initials, each word's first letter with a full stop: "Nguyễn Văn An" → "N. V. A.".
 * Words joined by "-" keep the join ("Ánh-Dương" → "Á.-D."); a letter's combining marks stay with it.
 */
export function nameInitials(fullName: string): string {
  return fullName
    .normalize('NFC')
    .split(/\s+/)
    .filter(Boolean)
    .map((word) =>
      word
        .split('-')
        .map((part) => /\p{L}\p{M}*/u.exec(part)?.[0]?.toLocaleUpperCase('vi'))
        .filter(Boolean)
        .map((letter) => `${letter}.`)
        .join('-'),
    )
    .filter(Boolean)
    .join(' ');
}

/** What decides whether a contestant's full name may be shown to the public. */
export interface NameConsent {
  fullName: string;
  /** The contestant's own choice (unchecked by default). */
  publishName: boolean;
  /** Under 16 on the day they registered. */
  minor: boolean;
  /** The guardian's choice, for a minor; false when there is no guardian. */
  guardianPublishName: boolean;
}

/**
 * The public leaderboard's name: the full name only when the contestant chose to publish it (and,
 * for a minor, the guardian agreed too); otherwise initials, shown with the unit.
 */
export function leaderboardName(person: NameConsent): string {
  const agreed = person.publishName && (!person.minor || person.guardianPublishName);
  return agreed ? person.fullName : nameInitials(person.fullName);
}

/** The name consent of a registration: its choices and whether it was a minor's when made. */
export function nameConsentOf(entry: { fullName: string; publishName: boolean; birthDate: string; registeredAt: string; guardianPublishName: boolean }): NameConsent {
  return {
    fullName: entry.fullName,
    publishName: entry.publishName,
    minor: needsGuardian(entry.birthDate, new Date(entry.registeredAt)),
    guardianPublishName: entry.guardianPublishName,
  };
}

/**
 * A published winner's name: winners are announced by name (the notice says so), except a minor,
 * whose name is published only when the guardian agreed.
 */
export function winnerName(person: NameConsent): string {
  return !person.minor || person.guardianPublishName ? person.fullName : nameInitials(person.fullName);
}
