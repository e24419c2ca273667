import { Hono } from 'hono';
import { recordPersonalDataRead } from '../db/admin.js';
import { contestantAttempts, finaliseOverdueAttempts } from '../db/attempts.js';
import { findContestants } from '../db/contestant-search.js';
import { contestantLookup } from '../domain/contestant-lookup.js';
import { contestStatus, remainingAttempts } from '../domain/contest.js';
import { consoleRankingQuerySchema, contestantSearchQuerySchema } from '../contract/admin.js';
import { requireAdmin, requireOrganiser } from '../http/auth.js';
import type { AppDeps, PortableDeps } from '../http/deps.js';
import { parseOrRefuse, slugParam } from '../http/validate.js';
import { missing, requireContest } from './contests.js';
import { attemptSummary } from './views.js';
import type { ConsoleRanking, ContestantSearch } from '../contract/admin.js';

const SEARCH_LIMIT = 20;

/**
 * The organiser console's ranking view beyond the export files: the head of the ranking as JSON
 * (without contact data, for the screen), on every store. Organiser and jury tokens may read it;
 * like every `/api/admin` route it carries no CORS headers.
 */
export function consoleRankingRoutes({ store, clock }: Pick<PortableDeps, 'store' | 'clock'>): Hono {
  const app = new Hono();

  app.get('/contests/:slug/ranking.json', async (c) => {
    await requireOrganiser(store, c, 'read');
    const contest = await store.contests.contest(slugParam(c));
    if (!contest) throw missing('contest');
    const { limit } = parseOrRefuse(consoleRankingQuerySchema, c.req.query());
    const read = await store.consoleViews.ranking(contest.slug, limit);
    if (read.kind === 'notFound') throw missing(read.what);
    return c.json({
      provisional: contestStatus(read.contest, clock()) !== 'closed',
      predictionTarget: read.contest.predictionTarget,
      actual: read.actual,
      rankingOrder: read.contest.rankingOrder,
      participants: read.participants,
      limit,
      entries: read.entries.map((e) => ({
        rank: e.rank,
        contestantId: e.contestantId,
        attemptId: e.attemptId,
        fullName: e.fullName,
        // A purge after the retention date leaves the birth date empty: no year, not year 0.
        birthYear: /^\d{4}-/.test(e.birthDate) ? Number(e.birthDate.slice(0, 4)) : null,
        unitId: e.unitId,
        unitName: e.unitName,
        occupation: e.occupation,
        score: e.score,
        total: e.total,
        durationMs: e.durationMs,
        prediction: e.prediction,
        submittedAt: e.submittedAt,
      })),
    } satisfies ConsoleRanking);
  });

  return app;
}

/** The console's contestant lookup for corrections (organiser and jury codes), over SQLite. */
export function contestantSearchRoutes(deps: AppDeps): Hono {
  const { db, clock } = deps;
  const app = new Hono();

  app.get('/contests/:slug/contestants/search', (c) => {
    const admin = requireAdmin(db, c, 'read');
    const contest = requireContest(deps, slugParam(c));
    const { q } = parseOrRefuse(contestantSearchQuerySchema, c.req.query());
    finaliseOverdueAttempts(db, contest.slug, clock());
    const lookup = contestantLookup(q);
    const found = findContestants(db, contest.slug, lookup, SEARCH_LIMIT);
    // Audited without the search words: they are an ID number, a phone or a name.
    recordPersonalDataRead(db, admin.name, 'contestantSearch', contest.slug, clock(), { matchedBy: lookup.kind, found: found.length });
    const occupations = new Map(contest.occupations.map((o) => [o.id, o.name]));
    return c.json({
      query: q,
      matchedBy: lookup.kind,
      limit: SEARCH_LIMIT,
      contestants: found.map(({ attemptsBeforeErasure, ...person }) => {
        const attempts = contestantAttempts(db, person.id);
        return {
          ...person,
          occupationName: occupations.get(person.occupation) ?? person.occupation,
          remainingAttempts: remainingAttempts(contest.maxAttempts, attempts.length + attemptsBeforeErasure, person.extraAttempts),
          attempts: attempts.map((a) => ({ ...attemptSummary(a), prediction: a.prediction, voidReason: a.voidReason, voidedAt: a.voidedAt })),
        };
      }),
    } satisfies ContestantSearch);
  });

  return app;
}
