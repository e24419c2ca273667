/** Vietnamese mobile numbers: 0, +84 or 84, then 9 digits whose first is 3, 5, 7, 8 or 9. */

export const PHONE_MESSAGE =
  'Số điện thoại di động không hợp lệ (ví dụ 0912345678 hoặc +84912345678)';

const SEPARATORS = /[\s.\-()]/g;
const MOBILE = /^(?:\+84|84|0)([35789]\d{8})$/;

/** The number in its stored form `0xxxxxxxxx`, or null when it is not a Vietnamese mobile number. */
export function normalisePhone(input: string): string | null {
  const match = MOBILE.exec(input.replace(SEPARATORS, ''));
  return match ? `0${match[1]}` : null;
}

/** "0912****07": enough for a person to recognise the number in the audit, not to call it. */
export function maskPhone(phone: string): string {
  return phone.length <= 6 ? '*'.repeat(phone.length) : `${phone.slice(0, 4)}${'*'.repeat(phone.length - 6)}${phone.slice(-2)}`;
}
