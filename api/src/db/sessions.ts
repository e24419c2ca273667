import { createHash } from 'node:crypto';
import { backoffSeconds } from '../domain/sign-in-backoff.js';
import { sql, type Db } from './connection.js';
import { addContestantToken, findContestantByIdNumber, type Contestant } from './contestants.js';

/** What a sign-in was given, already trimmed; `phone` normalised, or null when it is not a phone number. */
export interface SignInClaim {
  slug: string;
  idNumber: string;
  phone: string | null;
  birthDate: string;
}

export type SignInOutcome =
  | { kind: 'signedIn'; contestant: Contestant; endedSessions: number }
  | { kind: 'mismatch'; keyHash: string; failures: number; blockedUntil: string | null }
  | { kind: 'blocked'; keyHash: string; retryAfterSeconds: number };

/** Failure rows untouched this long are forgotten (the longest back-off is a day). */
const FORGET_AFTER_MS = 30 * 86_400_000;

/**
 * The key of an ID number's failure counter: a hash of the contest and the ID number, so the table
 * holds no ID number in clear. (Twelve digits can be hashed exhaustively; the hash keeps the
 * numbers out of sight, it is not a secret.)
 */
export function signInKey(slug: string, idNumber: string): string {
  return createHash('sha256').update(`sign-in\n${slug}\n${idNumber}`).digest('hex');
}

/**
 * Signs a contestant in with a new token when the ID number, phone and birth date match, unless
 * that ID number is in its back-off; a mismatch counts a failure against the ID number whether or
 * not it is registered. One IMMEDIATE transaction, so servers sharing the file count every failure.
 * `endOtherSessions` ends the person's other tokens.
 */
export function signIn(db: Db, claim: SignInClaim, tokenHash: string, endOtherSessions: boolean, now: Date): SignInOutcome {
  const keyHash = signInKey(claim.slug, claim.idNumber);
  return db.transaction((): SignInOutcome => {
    const counter = sql<[string], { failures: number; blockedUntil: string | null }>(
      db,
      'SELECT failures, blocked_until AS blockedUntil FROM sign_in_failures WHERE key_hash = ?',
    ).get(keyHash);
    const blockedMs = counter?.blockedUntil ? Date.parse(counter.blockedUntil) - now.getTime() : 0;
    // While blocked the claim is not even compared: the right birth date must not get through either.
    if (blockedMs > 0) return { kind: 'blocked', keyHash, retryAfterSeconds: Math.ceil(blockedMs / 1000) };

    const contestant = findContestantByIdNumber(db, claim.slug, claim.idNumber);
    if (contestant && claim.phone !== null && contestant.phone === claim.phone && contestant.birthDate === claim.birthDate) {
      if (counter) sql(db, 'DELETE FROM sign_in_failures WHERE key_hash = ?').run(keyHash);
      const endedSessions = endOtherSessions ? sql(db, 'DELETE FROM contestant_tokens WHERE contestant_id = ?').run(contestant.id).changes : 0;
      addContestantToken(db, contestant.id, tokenHash, now);
      return { kind: 'signedIn', contestant, endedSessions };
    }

    const failures = (counter?.failures ?? 0) + 1;
    const wait = backoffSeconds(failures);
    const blockedUntil = wait > 0 ? new Date(now.getTime() + wait * 1000).toISOString() : null;
    sql(
      db,
      `INSERT INTO sign_in_failures (key_hash, failures, blocked_until, last_failure_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (key_hash) DO UPDATE SET failures = excluded.failures, blocked_until = excluded.blocked_until,
         last_failure_at = excluded.last_failure_at`,
    ).run(keyHash, failures, blockedUntil, now.toISOString());
    // A few stale counters go with each failure, so guesses at random ID numbers do not pile up.
    sql(
      db,
      `DELETE FROM sign_in_failures WHERE key_hash IN
         (SELECT key_hash FROM sign_in_failures WHERE last_failure_at < ? ORDER BY last_failure_at LIMIT 20)`,
    ).run(new Date(now.getTime() - FORGET_AFTER_MS).toISOString());
    return { kind: 'mismatch', keyHash, failures, blockedUntil };
  })();
}

/** Ends the session of one token; false when no such token exists. */
export function endSession(db: Db, tokenHash: string): boolean {
  return db.transaction(() => sql(db, 'DELETE FROM contestant_tokens WHERE token_hash = ?').run(tokenHash).changes > 0)();
}
