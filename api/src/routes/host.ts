import { Hono } from 'hono';
import type { HostParticipation } from '../contract/admin.js';
import { hostParticipation } from '../db/admin.js';
import { getContest } from '../db/contests.js';
import { requireHost } from '../http/auth.js';
import type { AppDeps } from '../http/deps.js';
import { notFound } from '../http/errors.js';

/**
 * What a host site's editors see with their `host` code (decision 0040): how many registrations
 * and attempts came from their own site in their contest, by day. Counts only, never a person.
 */
export function hostRoutes(deps: AppDeps): Hono {
  const app = new Hono();

  app.get('/host/participation', (c) => {
    const { scope } = requireHost(deps.db, c);
    const contest = getContest(deps.db, scope.contestSlug);
    if (!contest) throw notFound('Không tìm thấy cuộc thi');
    const days = hostParticipation(deps.db, scope);
    const totals = days.reduce(
      (sum, day) => ({ registrations: sum.registrations + day.registrations, attempts: sum.attempts + day.attempts, submitted: sum.submitted + day.submitted }),
      { registrations: 0, attempts: 0, submitted: 0 },
    );
    return c.json({ contest: { slug: contest.slug, title: contest.title }, source: scope.source, days, totals } satisfies HostParticipation);
  });

  return app;
}
