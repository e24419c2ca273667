import { signInKey } from '../../db/sessions.js';
import { maskPhone } from '../../domain/phone.js';
import type { ContestantAccountStore, NotFound } from '../store.js';
import { recordAudit } from './audit.js';
import { refreshParticipation } from './figures.js';
import type { PostgresStoreDeps } from './index.js';
import { inTransaction } from './pool.js';
import { one } from './rows.js';

const NO_CONTESTANT: NotFound = Object.freeze({ kind: 'notFound', what: 'contestant' });

/**
 * The organisers' remedies over PostgreSQL, the same outcomes, rows and audit entries as the SQLite
 * store. Each locks the contestant's row before anything of theirs (the lock order of every write
 * to a contestant's attempts): a release and the same person's submit on another node queue, and
 * whichever comes second sees what the first wrote. A release takes the row FOR UPDATE, as the new
 * ID number (a unique key) needs, after the lock sign-ins of its ID number queue on.
 */
export function postgresContestantAccounts({ pool, clock }: PostgresStoreDeps): ContestantAccountStore {
  return {
    release(slug, id, reason, actor) {
      return inTransaction(pool, async (db) => {
        const held = await one<{ idNumber: string }>(db, 'SELECT id_number AS "idNumber" FROM contestants WHERE id = $1 AND contest_slug = $2', [id, slug]);
        if (!held) return NO_CONTESTANT;
        // Sign-ins of the ID number queue on this lock (contestants.ts `signIn`), taken before the row's
        // as theirs is: one that came first has its session ended here, one that comes after finds no one.
        const idNumberHash = signInKey(slug, held.idNumber);
        await db.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [idNumberHash]);
        const contestant = await one<{ releasedAt: string | null }>(db, 'SELECT released_at AS "releasedAt" FROM contestants WHERE id = $1 FOR UPDATE', [id]);
        // Erased meanwhile; or released, the only change of the ID number since it was read.
        if (!contestant) return NO_CONTESTANT;
        if (contestant.releasedAt) return { kind: 'alreadyReleased' as const };
        const now = clock();
        const at = now.toISOString();
        const voided = await db.query('UPDATE attempts SET voided_at = $1, void_reason = $2 WHERE contestant_id = $3 AND voided_at IS NULL', [at, reason, id]);
        const voidedAttempts = voided.rowCount ?? 0;
        if (voidedAttempts > 0) await refreshParticipation(db, id);
        const endedSessions = (await db.query('DELETE FROM contestant_tokens WHERE contestant_id = $1', [id])).rowCount ?? 0;
        // The placeholder cannot be a real ID number (12 digits), so it never collides with one.
        await db.query(`UPDATE contestants SET id_number = 'released:' || id, released_at = $1 WHERE id = $2`, [at, id]);
        // The owner starts afresh: failures sent while someone else held the number do not hold them back.
        await db.query('DELETE FROM sign_in_failures WHERE key_hash = $1', [idNumberHash]);
        await recordAudit(db, {
          at,
          actor,
          action: 'contestant.release',
          target: id,
          detail: { reason, idNumberHash, voidedAttempts, endedSessions },
        });
        return { kind: 'released' as const, releasedAt: at, voidedAttempts, endedSessions };
      });
    },
    changePhone(slug, id, phone, reason, actor) {
      return inTransaction(pool, async (db) => {
        const excluded = await one(db, `SELECT 1 AS one FROM exclusions WHERE contest_slug = $1 AND kind = 'phone' AND value = $2`, [slug, phone]);
        if (excluded) return { kind: 'excluded' as const };
        const row = await one<{ phone: string; releasedAt: string | null }>(
          db,
          'SELECT phone, released_at AS "releasedAt" FROM contestants WHERE id = $1 AND contest_slug = $2 FOR NO KEY UPDATE',
          [id, slug],
        );
        if (!row) return NO_CONTESTANT;
        if (row.releasedAt) return { kind: 'released' as const };
        if (row.phone === phone) return { kind: 'same' as const };
        await db.query('UPDATE contestants SET phone = $1 WHERE id = $2', [phone, id]);
        // The exclusion list matches phones too: what counts may change with the number.
        await refreshParticipation(db, id);
        await recordAudit(db, {
          at: clock().toISOString(),
          actor,
          action: 'contestant.phone',
          target: id,
          detail: { reason, phoneBefore: maskPhone(row.phone), phoneAfter: maskPhone(phone) },
        });
        return { kind: 'changed' as const, before: row.phone };
      });
    },
  };
}
