import { Hono } from 'hono';
import { finaliseOverdueAttempts } from '../db/attempts.js';
import { listUnits } from '../db/contests.js';
import { unitCounts } from '../db/rankings.js';
import { contestStats, type ContestStats } from '../db/stats.js';
import type { Contest } from '../domain/contest.js';
import { rollUpUnitStats, type UnitTotals } from '../domain/units.js';
import { requireAdmin } from '../http/auth.js';
import type { AppDeps } from '../http/deps.js';
import { slugParam } from '../http/validate.js';
import type { ContestStatsBody } from '../contract/admin.js';
import { requireContest } from './contests.js';

/** What `GET /api/admin/contests/:slug/stats` answers (the console's dashboard reads it). */
export interface ContestStatsResponse extends Omit<ContestStats, 'byOccupation'> {
  byUnit: (Omit<UnitTotals, 'bestScoreSum'> & { averageScore: number | null })[];
  byOccupation: (ContestStats['byOccupation'][number] & { name: string })[];
  /** The contest's criterion for collective prizes, so the units chart compares what the prizes will. */
  collectiveCriterion: Contest['collectiveCriterion'];
}

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
    const body: ContestStatsResponse = {
      ...stats,
      byUnit: rollUpUnitStats(listUnits(db, contest.slug), unitCounts(db, contest.slug)).map(({ bestScoreSum, ...unit }) => ({
        ...unit,
        averageScore: unit.participants ? Math.round((bestScoreSum / unit.participants) * 100) / 100 : null,
      })),
      byOccupation: stats.byOccupation.map((row) => ({ ...row, name: names.get(row.occupation) ?? row.occupation })),
      collectiveCriterion: contest.collectiveCriterion,
    };
    return c.json(body satisfies ContestStatsBody);
  });

  return app;
}
