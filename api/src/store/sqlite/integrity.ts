import { recordAudit } from '../../db/admin.js';
import { voidAttempt } from '../../db/attempts.js';
import { getContest } from '../../db/contests.js';
import { reviewIntegrity, unknownAttempts } from '../../db/integrity.js';
import { integrityReview, integritySettings } from '../../domain/integrity.js';
import type { IntegrityStore, NotFound } from '../store.js';
import type { SqliteStoreDeps } from './index.js';

const NO_CONTEST: NotFound = Object.freeze({ kind: 'notFound', what: 'contest' });

/** The integrity review over db/integrity.ts, and the bulk void with its audit entry in its transaction. */
export function sqliteIntegrity({ db, clock }: SqliteStoreDeps): IntegrityStore {
  return {
    async review(slug) {
      const contest = getContest(db, slug);
      if (!contest) return NO_CONTEST;
      const thresholds = integritySettings(contest);
      return integrityReview(reviewIntegrity(db, contest.slug, thresholds), thresholds);
    },
    async voidAttempts(slug, attemptIds, reason, actor) {
      const now = clock();
      return db.transaction(() => {
        if (!getContest(db, slug)) return NO_CONTEST;
        const unknown = unknownAttempts(db, slug, attemptIds);
        if (unknown.length) return { kind: 'unknown' as const, attemptIds: unknown };
        const voided = attemptIds.filter((id) => voidAttempt(db, id, reason, now));
        const done = new Set(voided);
        recordAudit(db, {
          at: now.toISOString(),
          actor,
          action: 'attempts.void.bulk',
          target: slug,
          detail: { reason, count: voided.length, attemptIds: voided, alreadyVoided: attemptIds.length - voided.length },
        });
        return { voided: voided.length, alreadyVoided: attemptIds.filter((id) => !done.has(id)) };
      })();
    },
  };
}
