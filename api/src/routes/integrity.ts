import { Hono } from 'hono';
import { recordAudit } from '../db/admin.js';
import { voidAttempt } from '../db/attempts.js';
import { reviewIntegrity, unknownAttempts } from '../db/integrity.js';
import type { Contest } from '../domain/contest.js';
import { FLAG_KINDS, flaggedWinners, integritySettings, type FlagKind } from '../domain/integrity.js';
import { bulkVoidSchema } from '../contract/admin.js';
import { requireAdmin } from '../http/auth.js';
import type { AppDeps } from '../http/deps.js';
import { ApiError } from '../http/errors.js';
import { readJson, slugParam } from '../http/validate.js';
import { requireContest } from './contests.js';
import type { BulkVoided, IntegrityReview } from '../contract/admin.js';

export { flaggedWinners };

/**
 * The review of a contest: its flags, how many of each kind, and the thresholds they were found
 * with; `only` narrows it to some contestants (the prize winners).
 */
export function integrityReview(deps: AppDeps, contest: Contest, only?: ReadonlySet<string>) {
  const thresholds = integritySettings(contest);
  const flags = reviewIntegrity(deps.db, contest.slug, thresholds, only);
  const counts = Object.fromEntries(FLAG_KINDS.map((kind) => [kind, 0])) as Record<FlagKind, number>;
  for (const flag of flags) counts[flag.kind]++;
  return { flags, counts, thresholds };
}


/** The jury's integrity review (read for organisers and jury) and the organisers' bulk void from it. */
export function integrityRoutes(deps: AppDeps): Hono {
  const { db, clock } = deps;
  const app = new Hono();

  app.get('/contests/:slug/integrity', (c) => {
    requireAdmin(db, c, 'read');
    const contest = requireContest(deps, slugParam(c));
    return c.json(integrityReview(deps, contest) satisfies IntegrityReview);
  });

  app.post('/contests/:slug/attempts/void', async (c) => {
    const admin = requireAdmin(db, c, 'write');
    const contest = requireContest(deps, slugParam(c));
    const { attemptIds, reason } = await readJson(c, bulkVoidSchema);
    const now = clock();
    const outcome = db.transaction(() => {
      const unknown = unknownAttempts(db, contest.slug, attemptIds);
      if (unknown.length) {
        const shown = unknown.slice(0, 20).join(', ') + (unknown.length > 20 ? ` và ${unknown.length - 20} mã khác` : '');
        throw new ApiError('VALIDATION', `Có ${unknown.length} mã lượt thi không thuộc cuộc thi này, không lượt nào bị huỷ`, {
          attemptIds: `Không tìm thấy lượt thi: ${shown}`,
        });
      }
      const voided = attemptIds.filter((id) => voidAttempt(db, id, reason, now));
      const done = new Set(voided);
      recordAudit(db, {
        at: now.toISOString(),
        actor: admin.name,
        action: 'attempts.void.bulk',
        target: contest.slug,
        detail: { reason, count: voided.length, attemptIds: voided, alreadyVoided: attemptIds.length - voided.length },
      });
      return { voided: voided.length, alreadyVoided: attemptIds.filter((id) => !done.has(id)) };
    })();
    return c.json(outcome satisfies BulkVoided);
  });

  return app;
}
