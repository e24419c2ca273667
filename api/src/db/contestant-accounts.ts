import { sql, type Db } from './connection.js';
import { getContestant, type Contestant } from './contestants.js';
import { refreshParticipation } from './participation.js';
import { signInKey } from './sessions.js';

export type ReleaseOutcome =
  | { kind: 'released'; contestant: Contestant; voidedAttempts: number; endedSessions: number }
  | { kind: 'notFound' }
  | { kind: 'alreadyReleased' };

/**
 * Releases a registration whose ID number someone else took (ID squatting): its attempts are
 * voided (they stop counting anywhere, SPEC §3.1), its sessions end, and its ID number is
 * replaced by a placeholder so the rightful owner can register afresh. The row itself stays, with
 * its voided attempts, for the audit. Runs inside the caller's transaction (with its audit entry).
 */
export function releaseContestant(db: Db, slug: string, id: string, reason: string, now: Date): ReleaseOutcome {
  const contestant = getContestant(db, id);
  if (!contestant || contestant.contestSlug !== slug) return { kind: 'notFound' };
  const released = sql<[string], { releasedAt: string | null }>(db, 'SELECT released_at AS releasedAt FROM contestants WHERE id = ?').get(id)!;
  if (released.releasedAt) return { kind: 'alreadyReleased' };
  const at = now.toISOString();
  const voidedAttempts = sql(db, 'UPDATE attempts SET voided_at = ?, void_reason = ? WHERE contestant_id = ? AND voided_at IS NULL').run(
    at,
    reason,
    id,
  ).changes;
  if (voidedAttempts > 0) refreshParticipation(db, [id]);
  const endedSessions = sql(db, 'DELETE FROM contestant_tokens WHERE contestant_id = ?').run(id).changes;
  // The placeholder cannot be a real ID number (12 digits), so it never collides with one.
  sql(db, `UPDATE contestants SET id_number = 'released:' || id, released_at = ? WHERE id = ?`).run(at, id);
  // The owner starts afresh: failures sent while someone else held the number do not hold them back.
  sql(db, 'DELETE FROM sign_in_failures WHERE key_hash = ?').run(signInKey(slug, contestant.idNumber));
  return { kind: 'released', contestant, voidedAttempts, endedSessions };
}

export type PhoneChangeOutcome = { kind: 'changed'; before: string } | { kind: 'notFound' } | { kind: 'released' } | { kind: 'same' };

/** Changes a contestant's phone (already normalised) after the organisers checked who they are. */
export function changeContestantPhone(db: Db, slug: string, id: string, phone: string): PhoneChangeOutcome {
  const row = sql<[string], { contestSlug: string; phone: string; releasedAt: string | null }>(
    db,
    'SELECT contest_slug AS contestSlug, phone, released_at AS releasedAt FROM contestants WHERE id = ?',
  ).get(id);
  if (!row || row.contestSlug !== slug) return { kind: 'notFound' };
  if (row.releasedAt) return { kind: 'released' };
  if (row.phone === phone) return { kind: 'same' };
  sql(db, 'UPDATE contestants SET phone = ? WHERE id = ?').run(phone, id);
  // The exclusion list matches phones too: what counts may change with the number.
  refreshParticipation(db, [id]);
  return { kind: 'changed', before: row.phone };
}
