import { Hono } from 'hono';
import { recordAudit } from '../db/admin.js';
import { finaliseOverdueAttempts } from '../db/attempts.js';
import { contestCounts } from '../db/rankings.js';
import { regradeContest } from '../db/regrade.js';
import { predictionActual } from '../domain/prediction.js';
import { regradeRequestSchema, type Regrade } from '../contract/admin.js';
import { requireAdmin } from '../http/auth.js';
import type { AppDeps } from '../http/deps.js';
import { readOptionalJson, slugParam } from '../http/validate.js';
import { requireContest } from './contests.js';

/**
 * Re-scoring after an answer key changed (decision 0024): `POST …/regrade {dryRun: true}` lists the
 * attempts whose score would change and how the ranking would move; without `dryRun` it applies
 * that in one transaction, audited, and marks published results outdated.
 */
export function regradeRoutes(deps: AppDeps): Hono {
  const { db, clock } = deps;
  const app = new Hono();

  app.post('/contests/:slug/regrade', async (c) => {
    requireAdmin(db, c, 'read');
    const contest = requireContest(deps, slugParam(c));
    const body = (await readOptionalJson(c, regradeRequestSchema)) ?? { dryRun: false };
    const admin = requireAdmin(db, c, body.dryRun ? 'read' : 'write');
    const now = clock();
    // Attempts left open past their deadline are scored first, with the key as it now stands.
    finaliseOverdueAttempts(db, contest.slug, now);
    const outcome = regradeContest(db, contest.slug, {
      dryRun: body.dryRun,
      order: contest.rankingOrder,
      actual: () => predictionActual(contest.predictionTarget, contestCounts(db, contest.slug)),
      now,
      record: (done) =>
        recordAudit(db, {
          at: now.toISOString(),
          actor: admin.name,
          action: 'contest.regrade',
          target: contest.slug,
          detail: {
            attempts: done.attempts,
            changed: done.changed.length,
            contestants: new Set(done.changed.map((change) => change.contestant.id)).size,
            rankMoves: done.rankChanges.moved,
            resultsOutdated: done.outdated,
          },
        }),
    });
    return c.json({ dryRun: body.dryRun, ...outcome } satisfies Regrade);
  });

  return app;
}
