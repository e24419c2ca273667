/**
 * What an erasure keeps so the attempt limit holds (decision 0029). Erasing a registration frees
 * its ID number; without a trace, registering again would give a fresh count of attempts, and a
 * script could learn the answer key by attempt after attempt (the score oracle). So the erasure
 * keeps, per contest, only a keyed hash of the ID number (HMAC-SHA256) with the attempts used
 * (an attempt in progress counts as used) and the attempts the organisers had granted; a new
 * registration of that ID number starts with them counted. No name, phone, birth date or ID number
 * is kept, and the hash cannot be undone without the key. The rows go with the contest's purge of
 * personal data (db/personal-data.ts) or with the contest.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { addRoundTries, roundTriesOf, type ErasedAttempts } from '../domain/data-rights.js';
import { sql, type Db } from './connection.js';

const STORED_KEY_NAME = 'erasure-limits';

/**
 * The key of the hash: `configured` (CHALLENGE_KEY, which servers sharing the file share) when set;
 * otherwise a random key kept in the database, so a restart does not forget what erasures kept,
 * made by the first erasure (`create`). Null when there is none yet: no erasure kept anything
 * under it, so a registration has nothing to look up. Changing CHALLENGE_KEY (or setting it)
 * forgets what was kept: set it before a contest opens.
 */
export function idNumberHashKey(db: Db, configured: string | undefined, create: true): string;
export function idNumberHashKey(db: Db, configured: string | undefined, create: false): string | null;
export function idNumberHashKey(db: Db, configured: string | undefined, create: boolean): string | null {
  if (configured) return configured;
  const read = () => sql<[string], string>(db, 'SELECT key FROM server_keys WHERE name = ?').pluck().get(STORED_KEY_NAME) ?? null;
  const stored = read();
  if (stored !== null || !create) return stored;
  // Two servers may make one at once: the first written wins, both read it back.
  sql(db, 'INSERT OR IGNORE INTO server_keys (name, key) VALUES (?, ?)').run(STORED_KEY_NAME, randomBytes(32).toString('hex'));
  return read();
}

/** The keyed hash of an ID number in a contest: the same number in two contests gives unrelated hashes. */
export function erasedIdNumberHash(key: string, slug: string, idNumber: string): string {
  return createHmac('sha256', key).update(`erasure\n${slug}\n${idNumber}`).digest('hex');
}

/**
 * Keeps what an erasure must (in the erasure's transaction); nothing when no attempt was used and
 * none granted, since then a new registration loses nothing by starting afresh.
 */
export function keepErasedAttempts(db: Db, slug: string, hash: string, kept: ErasedAttempts, now: Date): void {
  if (kept.attempts === 0 && kept.granted === 0) return;
  const earlier = sql<[string, string], string | null>(db, 'SELECT rounds FROM erasure_limits WHERE contest_slug = ? AND id_number_hash = ?').pluck().get(slug, hash);
  const rounds = addRoundTries(roundTriesOf(earlier), kept.rounds);
  // A row left by a registration made under another key is added to, never replaced: the count only grows.
  sql(
    db,
    `INSERT INTO erasure_limits (contest_slug, id_number_hash, attempts, granted, in_progress, erased_at, rounds) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (contest_slug, id_number_hash) DO UPDATE SET attempts = attempts + excluded.attempts,
       granted = MAX(granted, excluded.granted), in_progress = MAX(in_progress, excluded.in_progress), erased_at = excluded.erased_at,
       rounds = excluded.rounds`,
  ).run(slug, hash, kept.attempts, kept.granted, Number(kept.inProgress), now.toISOString(), Object.keys(rounds).length ? JSON.stringify(rounds) : null);
}

/**
 * Moves what an erasure kept onto the new registration of the same ID number (in the registration's
 * transaction): its attempts count as used, its grants stay granted. The row goes: the registration
 * holds the count now, and its own erasure keeps it again.
 */
export function carryErasedAttempts(db: Db, slug: string, hash: string, contestantId: string): { attempts: number; granted: number } {
  const kept = sql<[string, string], { attempts: number; granted: number; rounds: string | null }>(
    db,
    'SELECT attempts, granted, rounds FROM erasure_limits WHERE contest_slug = ? AND id_number_hash = ?',
  ).get(slug, hash);
  if (!kept) return { attempts: 0, granted: 0 };
  sql(db, 'UPDATE contestants SET attempts_before_erasure = ?, extra_attempts = ?, rounds_before_erasure = ? WHERE id = ?').run(kept.attempts, kept.granted, kept.rounds, contestantId);
  sql(db, 'DELETE FROM erasure_limits WHERE contest_slug = ? AND id_number_hash = ?').run(slug, hash);
  return { attempts: kept.attempts, granted: kept.granted };
}

/** How many rows a contest's purge of personal data removes (dry run) or removed. */
export function purgeErasureLimits(db: Db, slug: string, dryRun: boolean): number {
  if (dryRun) return sql<[string], number>(db, 'SELECT COUNT(*) FROM erasure_limits WHERE contest_slug = ?').pluck().get(slug)!;
  return sql(db, 'DELETE FROM erasure_limits WHERE contest_slug = ?').run(slug).changes;
}
