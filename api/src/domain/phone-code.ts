import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * One-time codes that confirm a phone at registration, for contests with `phoneVerification`
 * (decision 0022). Pure rules; db/phone-codes.ts stores the codes, routes/contests.ts sends them.
 */

/** A code works for this long after it was sent. */
export const PHONE_CODE_TTL_MS = 10 * 60_000;
/** Wrong entries that burn a code. */
export const PHONE_CODE_MAX_FAILURES = 5;
/** Per phone number, whatever the contest: one code a minute, five an hour. */
export const PHONE_CODE_RESEND_MS = 60_000;
export const PHONE_CODES_PER_HOUR = 5;
export const PHONE_CODE_WINDOW_MS = 3_600_000;

/** Six decimal digits from the operating system's random source. */
export function newPhoneCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export function newPhoneCodeSalt(): string {
  return randomBytes(16).toString('hex');
}

/**
 * The stored form of a code. Salted so equal codes differ in the table; a six-digit code can still
 * be found from its hash by trying them all, which is why a code also lives only ten minutes.
 */
export function hashPhoneCode(salt: string, code: string): string {
  return createHash('sha256').update(`${salt}:${code}`).digest('hex');
}

/**
 * The message. Without diacritics on purpose: Vietnamese gateways bill a text with accents as
 * Unicode (70 characters a part instead of 160), and some brand-name routes refuse it.
 */
export function phoneCodeText(code: string): string {
  return `Ma xac minh dang ky du thi cua ban la ${code}, hieu luc 10 phut. Khong cung cap ma nay cho bat ky ai.`;
}

/** When the next code may be sent to a phone, given the send times (ms) of its codes in the last hour, this one included. */
export function nextSendAt(sentAt: readonly number[]): number {
  const latest = Math.max(...sentAt);
  const resend = latest + PHONE_CODE_RESEND_MS;
  if (sentAt.length < PHONE_CODES_PER_HOUR) return resend;
  const oldestThatCounts = [...sentAt].sort((a, b) => b - a)[PHONE_CODES_PER_HOUR - 1]!;
  return Math.max(resend, oldestThatCounts + PHONE_CODE_WINDOW_MS);
}

/** Whether a phone may be sent a code now, given the send times (ms) of its codes in the last hour; when not, how long to wait. */
export type PhoneCodeAllowance = { kind: 'send'; resendAfter: Date } | { kind: 'wait'; retryAfterSeconds: number; hourly: boolean };

export function phoneCodeAllowance(sentAt: readonly number[], now: Date): PhoneCodeAllowance {
  if (sentAt.length > 0) {
    const allowedAt = nextSendAt(sentAt);
    if (allowedAt > now.getTime()) {
      const hourly = sentAt.length >= PHONE_CODES_PER_HOUR && allowedAt > Math.max(...sentAt) + PHONE_CODE_RESEND_MS;
      return { kind: 'wait', retryAfterSeconds: Math.max(1, Math.ceil((allowedAt - now.getTime()) / 1000)), hourly };
    }
  }
  return { kind: 'send', resendAfter: new Date(nextSendAt([...sentAt, now.getTime()])) };
}

export interface StoredPhoneCode {
  salt: string;
  codeHash: string;
  expiresAt: string;
  failures: number;
  usedAt: string | null;
}

export type PhoneCodeProblem = 'missing' | 'spent' | 'expired' | 'wrong' | 'burned';

/** What entering `code` against the phone's latest code does: accepted, or why not. */
export function judgePhoneCode(stored: StoredPhoneCode | null, code: string, now: Date): 'accepted' | PhoneCodeProblem {
  if (!stored) return 'missing';
  if (stored.usedAt !== null || stored.failures >= PHONE_CODE_MAX_FAILURES) return 'spent';
  if (now.getTime() >= Date.parse(stored.expiresAt)) return 'expired';
  const given = Buffer.from(hashPhoneCode(stored.salt, code), 'hex');
  const expected = Buffer.from(stored.codeHash, 'hex');
  if (given.length === expected.length && timingSafeEqual(given, expected)) return 'accepted';
  return stored.failures + 1 >= PHONE_CODE_MAX_FAILURES ? 'burned' : 'wrong';
}

/** The message shown by the code field, naming it. */
export function phoneCodeMessage(problem: PhoneCodeProblem | 'absent', failures = 0): string {
  switch (problem) {
    case 'absent':
      return 'Vui lòng nhập «Mã xác minh» gồm 6 chữ số đã gửi tới số điện thoại của bạn';
    case 'missing':
      return 'Chưa có «Mã xác minh» nào được gửi tới số điện thoại này. Vui lòng bấm «Gửi mã xác minh»';
    case 'spent':
      return '«Mã xác minh» này đã được dùng hoặc đã bị huỷ. Vui lòng gửi mã mới';
    case 'expired':
      return '«Mã xác minh» đã hết hạn. Vui lòng gửi mã mới';
    case 'burned':
      return `Nhập sai «Mã xác minh» ${PHONE_CODE_MAX_FAILURES} lần nên mã đã bị huỷ. Vui lòng gửi mã mới`;
    case 'wrong':
      return `«Mã xác minh» không đúng. Bạn còn ${Math.max(0, PHONE_CODE_MAX_FAILURES - failures)} lần nhập`;
  }
}
