import { recordAudit } from '../../db/admin.js';
import { contestantAttempts, finaliseOverdueAttempts, getAttempt, voidAttempt } from '../../db/attempts.js';
import { getContestant, grantAttempts } from '../../db/contestants.js';
import { getContest } from '../../db/contests.js';
import { contestCounts } from '../../db/rankings.js';
import { regradeContest } from '../../db/regrade.js';
import { regradeAuditDetail } from '../../domain/regrade.js';
import { predictionActual } from '../../domain/prediction.js';
import { attemptSummary } from '../../routes/views.js';
import type { CorrectionStore, NotFound } from '../store.js';
import type { SqliteStoreDeps } from './index.js';

const NO_CONTEST: NotFound = Object.freeze({ kind: 'notFound', what: 'contest' });
const NO_ATTEMPT: NotFound = Object.freeze({ kind: 'notFound', what: 'attempt' });
const NO_CONTESTANT: NotFound = Object.freeze({ kind: 'notFound', what: 'contestant' });

/** Corrections over db/regrade.ts, db/attempts.ts and db/contestants.ts, each with its audit entry in its transaction. */
export function sqliteCorrections({ db, clock }: SqliteStoreDeps): CorrectionStore {
  return {
    async regrade(slug, dryRun, actor) {
      const contest = getContest(db, slug);
      if (!contest) return NO_CONTEST;
      const now = clock();
      // Attempts left open past their deadline are scored first, with the key as it now stands.
      finaliseOverdueAttempts(db, contest.slug, now);
      return regradeContest(db, contest.slug, {
        dryRun,
        order: contest.rankingOrder,
        actual: () => predictionActual(contest.predictionTarget, contestCounts(db, contest.slug)),
        now,
        record: (done) => recordAudit(db, { at: now.toISOString(), actor, action: 'contest.regrade', target: contest.slug, detail: regradeAuditDetail(done) }),
      });
    },
    async voidAttempt(id, reason, actor) {
      const now = clock();
      return db.transaction(() => {
        const before = getAttempt(db, id);
        if (!before) return NO_ATTEMPT;
        if (!voidAttempt(db, id, reason, now)) return { kind: 'alreadyVoided' as const };
        recordAudit(db, {
          at: now.toISOString(),
          actor,
          action: 'attempt.void',
          target: id,
          detail: { reason, contestantId: before.contestantId, before: attemptSummary(before) },
        });
        return { before, after: getAttempt(db, id)! };
      })();
    },
    async grant(slug, id, attempts, reason, actor) {
      const now = clock();
      return db.transaction(() => {
        const before = getContestant(db, id);
        if (!before || before.contestSlug !== slug) return NO_CONTESTANT;
        grantAttempts(db, id, attempts);
        recordAudit(db, { at: now.toISOString(), actor, action: 'contestant.grant', target: id, detail: { reason, attempts, extraBefore: before.extraAttempts } });
        return { contestant: getContestant(db, id)!, attemptsUsed: contestantAttempts(db, id).length };
      })();
    },
  };
}
