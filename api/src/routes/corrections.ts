import { Hono } from 'hono';
import { remainingAttempts } from '../domain/contest.js';
import { grantAttemptsSchema, voidAttemptSchema } from '../contract/admin.js';
import { requireOrganiser } from '../http/auth.js';
import type { PortableDeps } from '../http/deps.js';
import { ApiError } from '../http/errors.js';
import { idParam, readJson, slugParam } from '../http/validate.js';
import { missing } from './contests.js';
import { attemptSummary } from './views.js';
import type { Granted, VoidedAttempt } from '../contract/admin.js';

/** Fairness corrections after a documented fault: voids and extra tries, each with a reason, audited. */
export function correctionRoutes({ store }: Pick<PortableDeps, 'store'>): Hono {
  const app = new Hono();

  app.post('/attempts/:id/void', async (c) => {
    const admin = await requireOrganiser(store, c, 'write');
    const id = idParam(c);
    const { reason } = await readJson(c, voidAttemptSchema);
    const outcome = await store.corrections.voidAttempt(id, reason, admin.name);
    if ('kind' in outcome) {
      if (outcome.kind === 'notFound') throw missing(outcome.what);
      throw new ApiError('CONFLICT', 'Lượt thi này đã bị huỷ kết quả trước đó');
    }
    const attempt = outcome.after;
    return c.json({ ...attemptSummary(attempt), voidReason: attempt.voidReason, voidedAt: attempt.voidedAt } satisfies VoidedAttempt);
  });

  app.post('/contests/:slug/contestants/:id/grants', async (c) => {
    const admin = await requireOrganiser(store, c, 'write');
    const contest = await store.contests.contest(slugParam(c));
    if (!contest) throw missing('contest');
    const id = idParam(c);
    const body = await readJson(c, grantAttemptsSchema);
    const outcome = await store.corrections.grant(contest.slug, id, body.attempts, body.reason, admin.name);
    if ('kind' in outcome) throw missing(outcome.what);
    const { contestant, attemptsUsed } = outcome;
    return c.json({
      contestantId: contestant.id,
      extraAttempts: contestant.extraAttempts,
      remainingAttempts: remainingAttempts(contest.maxAttempts, attemptsUsed + contestant.attemptsBeforeErasure, contestant.extraAttempts),
    } satisfies Granted);
  });

  return app;
}
