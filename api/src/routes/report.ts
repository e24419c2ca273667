import { Hono } from 'hono';
import { listUnits } from '../db/contests.js';
import { unitCounts } from '../db/rankings.js';
import { getPublishedResults } from '../db/results.js';
import { contestStats } from '../db/stats.js';
import { rollUpUnitStats } from '../domain/units.js';
import { requireAdmin } from '../http/auth.js';
import type { AppDeps } from '../http/deps.js';
import { ApiError } from '../http/errors.js';
import { slugParam } from '../http/validate.js';
import { requireContest } from './contests.js';
import { renderReport } from './report-page.js';
import { computeResults, type Results } from './results.js';

/** `GET /api/admin/contests/:slug/report`: the printable summary for the provincial leadership. */
export function reportRoutes(deps: AppDeps): Hono {
  const { db, clock } = deps;
  const app = new Hono();

  app.get('/contests/:slug/report', (c) => {
    requireAdmin(db, c, 'read');
    const contest = requireContest(deps, slugParam(c));
    const now = clock();
    const published = getPublishedResults<Results>(db, contest.slug);
    let results: Results;
    let collectiveBlocked: string | null = null;
    try {
      results = published?.payload ?? computeResults(deps, contest, now);
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'HEADCOUNT_MISSING')) throw error;
      // The individual prizes still print; the collective section says why it is empty (no other criterion is used).
      const individualOnly = { ...contest, collectiveCriterion: 'participants' as const, prizes: { ...contest.prizes, collective: [] } };
      results = { ...computeResults(deps, individualOnly, now), collectiveCriterion: contest.collectiveCriterion };
      collectiveBlocked = error.message;
    }
    const stats = contestStats(db, contest.slug);
    const units = listUnits(db, contest.slug);
    const occupationNames = new Map(contest.occupations.map((o) => [o.id, o.name]));
    c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:");
    return c.html(
      renderReport({
        contest,
        generatedAt: now.toISOString(),
        totals: stats.totals,
        units: rollUpUnitStats(units, unitCounts(db, contest.slug))
          .filter((u) => u.competing)
          .sort((a, b) => b.participants - a.participants),
        occupations: stats.byOccupation.map((o) => ({ ...o, name: occupationNames.get(o.occupation) ?? o.occupation })),
        days: stats.byDay,
        scores: stats.scoreDistribution,
        results,
        collectiveBlocked,
        publishedAt: published?.publishedAt ?? null,
        ...(contest.reportIssuer ? { issuer: contest.reportIssuer } : {}),
      }),
    );
  });

  return app;
}
