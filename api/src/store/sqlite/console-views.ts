import { finaliseOverdueAttempts } from '../../db/attempts.js';
import { getContest, listUnits } from '../../db/contests.js';
import { contestCounts, unitCounts } from '../../db/rankings.js';
import { getPublishedResults } from '../../db/results.js';
import { overallRanking } from '../../db/rounds.js';
import { contestStats } from '../../db/stats.js';
import { reportResults, type Results } from '../../domain/results.js';
import type { ConsoleViewStore, NotFound } from '../store.js';
import type { SqliteStoreDeps } from './index.js';
import { computeContestResults } from './results.js';

const NO_CONTEST: NotFound = Object.freeze({ kind: 'notFound', what: 'contest' });

/** The console's views over db/rounds.ts, db/rankings.ts, db/results.ts and db/stats.ts. */
export function sqliteConsoleViews({ db, clock }: SqliteStoreDeps): ConsoleViewStore {
  return {
    async ranking(slug, limit) {
      const contest = getContest(db, slug);
      if (!contest) return NO_CONTEST;
      finaliseOverdueAttempts(db, contest.slug, clock());
      const { participants } = contestCounts(db, contest.slug);
      // The overall ranking: with rounds, by the contest's `roundsRanking` (db/rounds.ts).
      const overall = overallRanking(db, contest);
      return { kind: 'ranking', contest, actual: overall.actual, participants, entries: overall.head(limit) };
    },
    async report(slug) {
      const contest = getContest(db, slug);
      if (!contest) return NO_CONTEST;
      const published = getPublishedResults<Results>(db, contest.slug);
      const now = clock();
      const { results, blocked } = published
        ? { results: published.payload, blocked: null }
        : await reportResults(contest, async (asked) => computeContestResults(db, asked, now));
      return {
        kind: 'report',
        contest,
        published,
        results,
        collectiveBlocked: blocked,
        stats: contestStats(db, contest.slug),
        units: listUnits(db, contest.slug),
        unitCounts: unitCounts(db, contest.slug),
      };
    },
  };
}
