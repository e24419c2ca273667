import { recordAudit } from '../../db/admin.js';
import { changeContestantPhone, releaseContestant } from '../../db/contestant-accounts.js';
import { isExcluded } from '../../db/contests.js';
import { signInKey } from '../../db/sessions.js';
import { maskPhone } from '../../domain/phone.js';
import type { ContestantAccountStore, NotFound } from '../store.js';
import type { SqliteStoreDeps } from './index.js';

const NO_CONTESTANT: NotFound = Object.freeze({ kind: 'notFound', what: 'contestant' });

/** The organisers' remedies over db/contestant-accounts.ts, each with its audit entry in its transaction. */
export function sqliteContestantAccounts({ db, clock }: SqliteStoreDeps): ContestantAccountStore {
  return {
    async release(slug, id, reason, actor) {
      const now = clock();
      return db.transaction(() => {
        const released = releaseContestant(db, slug, id, reason, now);
        if (released.kind === 'notFound') return NO_CONTESTANT;
        if (released.kind !== 'released') return released;
        const { voidedAttempts, endedSessions } = released;
        recordAudit(db, {
          at: now.toISOString(),
          actor,
          action: 'contestant.release',
          target: id,
          detail: { reason, idNumberHash: signInKey(slug, released.contestant.idNumber), voidedAttempts, endedSessions },
        });
        return { kind: 'released' as const, releasedAt: now.toISOString(), voidedAttempts, endedSessions };
      })();
    },
    async changePhone(slug, id, phone, reason, actor) {
      const now = clock();
      return db.transaction(() => {
        if (isExcluded(db, slug, '', phone)) return { kind: 'excluded' as const };
        const changed = changeContestantPhone(db, slug, id, phone);
        if (changed.kind === 'notFound') return NO_CONTESTANT;
        if (changed.kind !== 'changed') return changed;
        recordAudit(db, {
          at: now.toISOString(),
          actor,
          action: 'contestant.phone',
          target: id,
          detail: { reason, phoneBefore: maskPhone(changed.before), phoneAfter: maskPhone(phone) },
        });
        return changed;
      })();
    },
  };
}
