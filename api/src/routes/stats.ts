import { Hono } from 'hono';
import { requireOrganiser } from '../http/auth.js';
import { slugParam } from '../http/validate.js';
import type { ContestStatsBody } from '../contract/admin.js';
import type { ContestStatsResponse, Store } from '../store/store.js';
import { missing } from './contests.js';

export type { ContestStatsResponse };

/** Participation figures for organisers: totals, by unit (with parents), occupation, site, day, score (`store.stats`). */
export function statsRoutes({ store }: { store: Pick<Store, 'accessCodes' | 'stats'> }): Hono {
  const app = new Hono();

  app.get('/contests/:slug/stats', async (c) => {
    await requireOrganiser(store, c, 'read');
    const outcome = await store.stats.contest(slugParam(c));
    if (outcome.kind === 'notFound') throw missing(outcome.what);
    return c.json(outcome.stats satisfies ContestStatsBody);
  });

  return app;
}
