import { Hono } from 'hono';
import { requireAdmin } from '../http/auth.js';
import type { AppDeps } from '../http/deps.js';
import { slugParam } from '../http/validate.js';
import type { ContestStatsBody } from '../contract/admin.js';
import type { ContestStatsResponse } from '../store/store.js';
import { missing } from './contests.js';

export type { ContestStatsResponse };

/** Participation figures for organisers: totals, by unit (with parents), occupation, site, day, score (`store.stats`). */
export function statsRoutes(deps: AppDeps): Hono {
  const { db, store } = deps;
  const app = new Hono();

  app.get('/contests/:slug/stats', async (c) => {
    requireAdmin(db, c, 'read');
    const outcome = await store.stats.contest(slugParam(c));
    if (outcome.kind === 'notFound') throw missing(outcome.what);
    return c.json(outcome.stats satisfies ContestStatsBody);
  });

  return app;
}
