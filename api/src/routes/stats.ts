import { Hono } from 'hono';
import { finaliseOverdueAttempts } from '../db/attempts.js';
import { listUnits } from '../db/contests.js';
import { unitCounts } from '../db/rankings.js';
import { contestStats } from '../db/stats.js';
import { rollUpUnitStats } from '../domain/units.js';
import { requireAdmin } from '../http/auth.js';
import type { AppDeps } from '../http/deps.js';
import { slugParam } from '../http/validate.js';
import { requireContest } from './contests.js';

/** Participation figures for organisers: totals, by unit (with parents), occupation, site, day, score. */
export function statsRoutes(deps: AppDeps): Hono {
  const { db, clock } = deps;
  const app = new Hono();

  app.get('/contests/:slug/stats', (c) => {
    requireAdmin(db, c, 'read');
    const contest = requireContest(deps, slugParam(c));
    finaliseOverdueAttempts(db, contest.slug, clock());
    const stats = contestStats(db, contest.slug);
    const names = new Map(contest.occupations.map((o) => [o.id, o.name]));
    return c.json({
      ...stats,
      byUnit: rollUpUnitStats(listUnits(db, contest.slug), unitCounts(db, contest.slug)).map(({ bestScoreSum, ...unit }) => ({
        ...unit,
        averageScore: unit.participants ? Math.round((bestScoreSum / unit.participants) * 100) / 100 : null,
      })),
      byOccupation: stats.byOccupation.map((row) => ({ ...row, name: names.get(row.occupation) ?? row.occupation })),
    });
  });

  return app;
}
