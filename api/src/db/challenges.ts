import { sql, type Db } from './connection.js';

/**
 * Records a proof-of-work solution as spent, keyed by its challenge hash (not its salt: one
 * challenge verifies under several salt spellings); false when it already was. Rows whose challenge
 * has expired are purged on the way: an expired solution is refused before it gets here.
 * Call it inside the transaction that uses the solution, so a refused start spends nothing.
 */
export function spendChallenge(db: Db, contestSlug: string, challenge: string, expiresAt: Date, now: Date): boolean {
  sql(db, 'DELETE FROM spent_challenges WHERE expires_at < ?').run(now.toISOString());
  const inserted = sql(db, 'INSERT OR IGNORE INTO spent_challenges (challenge, contest_slug, expires_at) VALUES (?, ?, ?)').run(
    challenge,
    contestSlug,
    expiresAt.toISOString(),
  );
  return inserted.changes === 1;
}
