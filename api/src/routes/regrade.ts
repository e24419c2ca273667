import { Hono } from 'hono';
import { regradeRequestSchema, type Regrade } from '../contract/admin.js';
import { requireOrganiser } from '../http/auth.js';
import type { PortableDeps } from '../http/deps.js';
import { readOptionalJson, slugParam } from '../http/validate.js';
import { missing } from './contests.js';

/**
 * Re-scoring after an answer key changed (decision 0024): `POST …/regrade {dryRun: true}` lists the
 * attempts whose score would change and how the ranking would move; without `dryRun` it applies
 * that in one transaction, audited, and marks published results outdated.
 */
export function regradeRoutes({ store }: Pick<PortableDeps, 'store'>): Hono {
  const app = new Hono();

  app.post('/contests/:slug/regrade', async (c) => {
    await requireOrganiser(store, c, 'read');
    const slug = slugParam(c);
    if (!(await store.contests.contest(slug))) throw missing('contest');
    const body = (await readOptionalJson(c, regradeRequestSchema)) ?? { dryRun: false };
    const admin = await requireOrganiser(store, c, body.dryRun ? 'read' : 'write');
    const outcome = await store.corrections.regrade(slug, body.dryRun, admin.name);
    if ('kind' in outcome) throw missing(outcome.what);
    return c.json({ dryRun: body.dryRun, ...outcome } satisfies Regrade);
  });

  return app;
}
