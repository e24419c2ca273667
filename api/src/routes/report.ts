import { Hono } from 'hono';
import { rollUpUnitStats } from '../domain/units.js';
import { requireOrganiser } from '../http/auth.js';
import type { PortableDeps } from '../http/deps.js';
import { slugParam } from '../http/validate.js';
import { missing } from './contests.js';
import { renderReport } from './report-page.js';
import { headcountMissing } from './results.js';

/** `GET /api/admin/contests/:slug/report`: the printable summary for the provincial leadership. */
export function reportRoutes({ store, clock }: Pick<PortableDeps, 'store' | 'clock'>): Hono {
  const app = new Hono();

  app.get('/contests/:slug/report', async (c) => {
    await requireOrganiser(store, c, 'read');
    const read = await store.consoleViews.report(slugParam(c));
    if (read.kind === 'notFound') throw missing(read.what);
    const { contest, stats } = read;
    const occupationNames = new Map(contest.occupations.map((o) => [o.id, o.name]));
    c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:");
    return c.html(
      renderReport({
        contest,
        generatedAt: clock().toISOString(),
        totals: stats.totals,
        units: rollUpUnitStats(read.units, read.unitCounts)
          .filter((u) => u.competing)
          .sort((a, b) => b.participants - a.participants),
        occupations: stats.byOccupation.map((o) => ({ ...o, name: occupationNames.get(o.occupation) ?? o.occupation })),
        days: stats.byDay,
        scores: stats.scoreDistribution,
        results: read.results,
        // The individual prizes still print; the collective section says why it is empty.
        collectiveBlocked: read.collectiveBlocked ? headcountMissing(read.collectiveBlocked.units).message : null,
        publishedAt: read.published?.publishedAt ?? null,
        ...(contest.reportIssuer ? { issuer: contest.reportIssuer } : {}),
      }),
    );
  });

  return app;
}
