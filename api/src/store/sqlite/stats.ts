import { hostParticipation } from '../../db/admin.js';
import { finaliseOverdueAttempts } from '../../db/attempts.js';
import { getContest, listUnits } from '../../db/contests.js';
import { unitCounts } from '../../db/rankings.js';
import { getRoundResults, roundCounts, roundInProgress, roundUnitCounts } from '../../db/rounds.js';
import { contestStats } from '../../db/stats.js';
import { roundsOf } from '../../domain/rounds.js';
import { contestStatsResponse, roundStatsOf } from '../../domain/stats.js';
import type { NotFound, StatsStore } from '../store.js';
import type { SqliteStoreDeps } from './index.js';

const NO_CONTEST: NotFound = Object.freeze({ kind: 'notFound', what: 'contest' });
const NO_ROUND: NotFound = Object.freeze({ kind: 'notFound', what: 'round' });

export function sqliteStats({ db, clock }: SqliteStoreDeps): StatsStore {
  return {
    async contest(slug) {
      const contest = getContest(db, slug);
      if (!contest) return NO_CONTEST;
      finaliseOverdueAttempts(db, contest.slug, clock());
      return { kind: 'stats', stats: contestStatsResponse(contest, contestStats(db, contest.slug), listUnits(db, contest.slug), unitCounts(db, contest.slug)) };
    },

    async round(slug, roundId) {
      const contest = getContest(db, slug);
      if (!contest) return NO_CONTEST;
      const round = roundsOf(contest).find((r) => r.id === roundId);
      if (!round) return NO_ROUND;
      const now = clock();
      finaliseOverdueAttempts(db, contest.slug, now);
      return {
        kind: 'stats',
        stats: roundStatsOf(contest, round, now, {
          counts: roundCounts(db, contest.slug, round.id),
          bests: roundUnitCounts(db, contest.slug, round.id),
          inProgress: roundInProgress(db, contest.slug, round.id),
          resultsPublishedAt: getRoundResults(db, contest.slug, round.id)?.publishedAt ?? null,
        }),
      };
    },

    async hostParticipation(scope) {
      return hostParticipation(db, scope);
    },
  };
}
