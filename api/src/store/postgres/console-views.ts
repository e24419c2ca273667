import type { PublishedResults } from '../../db/results.js';
import { reportResults, type Results } from '../../domain/results.js';
import type { ConsoleViewStore, NotFound } from '../store.js';
import { finaliseOverdueAttempts } from './attempts.js';
import type { PostgresStoreDeps } from './index.js';
import { inTransaction } from './pool.js';
import { contestCounts, overallHead, unitCounts } from './ranking.js';
import { contestResults } from './results.js';
import { contestBySlug, one, unitsOf, type Queryable } from './rows.js';
import { contestStats } from './stats.js';

/** A report's reads run in one snapshot, so its results, figures and units agree however busy the contest. */
const SNAPSHOT = { isolation: 'repeatable read', readOnly: true } as const;

const NO_CONTEST: NotFound = Object.freeze({ kind: 'notFound', what: 'contest' });

/** The console's views over PostgreSQL: the same reads as SQLite's (db/rounds.ts `overallRanking`, exact; the report's results and figures). */
export function postgresConsoleViews({ pool, clock }: PostgresStoreDeps): ConsoleViewStore {
  return {
    async ranking(slug, limit) {
      const contest = await contestBySlug(pool, slug);
      if (!contest) return NO_CONTEST;
      await finaliseOverdueAttempts(pool, contest.slug, clock());
      const { participants } = await contestCounts(pool, contest.slug);
      const { actual, head } = await overallHead(pool, contest, limit);
      return { kind: 'ranking', contest, actual, participants, entries: head };
    },
    async report(slug) {
      const contest = await contestBySlug(pool, slug);
      if (!contest) return NO_CONTEST;
      const readPublished = async (db: Queryable) => {
        const row = await one<{ publishedAt: string; publishedBy: string; payload: string }>(
          db,
          'SELECT published_at AS "publishedAt", published_by AS "publishedBy", payload FROM results WHERE contest_slug = $1',
          [contest.slug],
        );
        return row ? ({ ...row, payload: JSON.parse(row.payload) as Results } satisfies PublishedResults<Results>) : null;
      };
      const now = clock();
      // As on SQLite, a fresh computation finalises the attempts left open past their deadline first.
      if (!(await readPublished(pool))) await finaliseOverdueAttempts(pool, contest.slug, now);
      return inTransaction(
        pool,
        async (db) => {
          const published = await readPublished(db);
          const { results, blocked } = published
            ? { results: published.payload, blocked: null }
            : await reportResults(contest, (asked) => contestResults(db, asked, now));
          return {
            kind: 'report' as const,
            contest,
            published,
            results,
            collectiveBlocked: blocked,
            stats: await contestStats(db, contest.slug),
            units: await unitsOf(db, contest.slug),
            unitCounts: await unitCounts(db, contest.slug),
          };
        },
        SNAPSHOT,
      );
    },
  };
}
