import { newToken } from '../tokens.js';

/** The name the console and the audit log show for the code made at first start. */
export const FIRST_CODE_NAME = 'Mã khởi động đầu tiên';

/** The first organiser code to create while no code exists at all (decision 0035). */
export interface FirstAccessCode {
  code: string;
  name: string;
  /** A code made here is printed this once (only its hash is kept); ADMIN_TOKEN's value is the operator's own. */
  print: boolean;
}

/** ADMIN_TOKEN's value when it is set, else a new code to print once: the same rule on every store. */
export function firstAccessCode(adminToken: string | null): FirstAccessCode {
  return adminToken ? { code: adminToken, name: 'ADMIN_TOKEN', print: false } : { code: newToken(), name: FIRST_CODE_NAME, print: true };
}
