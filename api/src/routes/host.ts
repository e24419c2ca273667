import { Hono } from 'hono';
import type { HostParticipation } from '../contract/admin.js';
import { requireHostCode } from '../http/auth.js';
import type { PortableDeps } from '../http/deps.js';
import { missing } from './contests.js';

/**
 * What a host site's editors see with their `host` code (decision 0040): how many registrations
 * and attempts came from their own site in their contest, by day. Counts only, never a person.
 */
export function hostRoutes({ store }: Pick<PortableDeps, 'store'>): Hono {
  const app = new Hono();

  app.get('/host/participation', async (c) => {
    const { scope } = await requireHostCode(store, c);
    const contest = await store.contests.contest(scope.contestSlug);
    if (!contest) throw missing('contest');
    const days = await store.stats.hostParticipation(scope);
    const totals = days.reduce(
      (sum, day) => ({ registrations: sum.registrations + day.registrations, attempts: sum.attempts + day.attempts, submitted: sum.submitted + day.submitted }),
      { registrations: 0, attempts: 0, submitted: 0 },
    );
    return c.json({ contest: { slug: contest.slug, title: contest.title }, source: scope.source, days, totals } satisfies HostParticipation);
  });

  return app;
}
