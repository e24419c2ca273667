import {
  hashPhoneCode,
  judgePhoneCode,
  newPhoneCodeSalt,
  phoneCodeAllowance,
  PHONE_CODE_TTL_MS,
  PHONE_CODE_WINDOW_MS,
  type PhoneCodeProblem,
  type StoredPhoneCode,
} from '../domain/phone-code.js';
import { newId } from '../tokens.js';
import { sql, type Db } from './connection.js';

export type IssueOutcome =
  | { kind: 'issued'; id: string; expiresAt: Date; resendAfter: Date }
  | { kind: 'wait'; retryAfterSeconds: number; hourly: boolean };

/**
 * Stores a new code for a phone unless the phone's limits forbid one just now (checked and written
 * in one transaction, so servers sharing the database agree). Rows older than the limits' window
 * (an hour) are purged on the way, so the table holds the phones of the last hour's requests, or of
 * the last requests before a quiet spell.
 */
export function issuePhoneCode(db: Db, contestSlug: string, phone: string, code: string, now: Date): IssueOutcome {
  return db.transaction((): IssueOutcome => {
    const windowStart = new Date(now.getTime() - PHONE_CODE_WINDOW_MS).toISOString();
    sql(db, 'DELETE FROM phone_codes WHERE created_at <= ?').run(windowStart);
    const sent = sql<[string, string], string>(db, 'SELECT created_at FROM phone_codes WHERE phone = ? AND created_at > ? ORDER BY created_at')
      .pluck()
      .all(phone, windowStart)
      .map((at) => Date.parse(at));
    const allowance = phoneCodeAllowance(sent, now);
    if (allowance.kind === 'wait') return allowance;
    const id = newId();
    const salt = newPhoneCodeSalt();
    const expiresAt = new Date(now.getTime() + PHONE_CODE_TTL_MS);
    sql(
      db,
      `INSERT INTO phone_codes (id, contest_slug, phone, salt, code_hash, created_at, expires_at, failures)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0)`,
    ).run(id, contestSlug, phone, salt, hashPhoneCode(salt, code), now.toISOString(), expiresAt.toISOString());
    return { kind: 'issued', id, expiresAt, resendAfter: allowance.resendAfter };
  })();
}

/** Takes back a code whose message could not be sent: it never existed, and does not count against the limits. */
export function withdrawPhoneCode(db: Db, id: string): void {
  db.transaction(() => sql(db, 'DELETE FROM phone_codes WHERE id = ?').run(id))();
}

export type PhoneCodeCheck = { kind: 'accepted' } | { kind: 'refused'; problem: PhoneCodeProblem; failures: number };

/**
 * Checks a code against the latest one sent to the phone for the contest, within the caller's
 * transaction: the right code is marked used (undone with the registration if that fails), a
 * wrong one counts a failure that stays even though the registration is refused.
 */
export function usePhoneCode(db: Db, contestSlug: string, phone: string, code: string, now: Date): PhoneCodeCheck {
  const stored = sql<[string, string], StoredPhoneCode & { id: string }>(
    db,
    `SELECT id, salt, code_hash AS codeHash, expires_at AS expiresAt, failures, used_at AS usedAt
     FROM phone_codes WHERE contest_slug = ? AND phone = ? ORDER BY created_at DESC LIMIT 1`,
  ).get(contestSlug, phone);
  const verdict = judgePhoneCode(stored ?? null, code, now);
  if (verdict === 'accepted') {
    sql(db, 'UPDATE phone_codes SET used_at = ? WHERE id = ?').run(now.toISOString(), stored!.id);
    return { kind: 'accepted' };
  }
  if (verdict === 'wrong' || verdict === 'burned') {
    sql(db, 'UPDATE phone_codes SET failures = failures + 1 WHERE id = ?').run(stored!.id);
    return { kind: 'refused', problem: verdict, failures: stored!.failures + 1 };
  }
  return { kind: 'refused', problem: verdict, failures: stored?.failures ?? 0 };
}
