import { Hono } from 'hono';
import { recordAudit } from '../db/admin.js';
import { contestantAttempts, getAttempt, voidAttempt } from '../db/attempts.js';
import { getContestant, grantAttempts } from '../db/contestants.js';
import { remainingAttempts } from '../domain/contest.js';
import { grantAttemptsSchema, voidAttemptSchema } from '../contract/admin.js';
import { requireAdmin } from '../http/auth.js';
import type { AppDeps } from '../http/deps.js';
import { ApiError, notFound } from '../http/errors.js';
import { idParam, readJson, slugParam } from '../http/validate.js';
import { requireContest } from './contests.js';
import { attemptSummary } from './views.js';
import type { Granted, VoidedAttempt } from '../contract/admin.js';

/** Fairness corrections after a documented fault: voids and extra tries, each with a reason, audited. */
export function correctionRoutes(deps: AppDeps): Hono {
  const { db, clock } = deps;
  const app = new Hono();

  app.post('/attempts/:id/void', async (c) => {
    const admin = requireAdmin(db, c, 'write');
    const id = idParam(c);
    const { reason } = await readJson(c, voidAttemptSchema);
    const now = clock();
    const attempt = db.transaction(() => {
      const before = getAttempt(db, id);
      if (!before) throw notFound('Không tìm thấy lượt thi');
      if (!voidAttempt(db, id, reason, now)) throw new ApiError('CONFLICT', 'Lượt thi này đã bị huỷ kết quả trước đó');
      recordAudit(db, {
        at: now.toISOString(),
        actor: admin.name,
        action: 'attempt.void',
        target: id,
        detail: { reason, contestantId: before.contestantId, before: attemptSummary(before) },
      });
      return getAttempt(db, id)!;
    })();
    return c.json({ ...attemptSummary(attempt), voidReason: attempt.voidReason, voidedAt: attempt.voidedAt } satisfies VoidedAttempt);
  });

  app.post('/contests/:slug/contestants/:id/grants', async (c) => {
    const admin = requireAdmin(db, c, 'write');
    const contest = requireContest(deps, slugParam(c));
    const id = idParam(c);
    const body = await readJson(c, grantAttemptsSchema);
    const now = clock();
    const contestant = db.transaction(() => {
      const before = getContestant(db, id);
      if (!before || before.contestSlug !== contest.slug) throw notFound('Không tìm thấy thí sinh trong cuộc thi này');
      grantAttempts(db, id, body.attempts);
      recordAudit(db, {
        at: now.toISOString(),
        actor: admin.name,
        action: 'contestant.grant',
        target: id,
        detail: { reason: body.reason, attempts: body.attempts, extraBefore: before.extraAttempts },
      });
      return getContestant(db, id)!;
    })();
    return c.json({
      contestantId: contestant.id,
      extraAttempts: contestant.extraAttempts,
      remainingAttempts: remainingAttempts(contest.maxAttempts, contestantAttempts(db, id).length + contestant.attemptsBeforeErasure, contestant.extraAttempts),
    } satisfies Granted);
  });

  return app;
}
