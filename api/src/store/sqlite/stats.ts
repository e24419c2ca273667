import { finaliseOverdueAttempts } from '../../db/attempts.js';
import { getContest, listUnits } from '../../db/contests.js';
import { unitCounts } from '../../db/rankings.js';
import { getRoundResults, roundCounts, roundInProgress, roundUnitCounts } from '../../db/rounds.js';
import { contestStats } from '../../db/stats.js';
import { predictionActual } from '../../domain/prediction.js';
import { roundsOf, roundStatus } from '../../domain/rounds.js';
import { rollUpUnitStats } from '../../domain/units.js';
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
      const stats = contestStats(db, contest.slug);
      const names = new Map(contest.occupations.map((o) => [o.id, o.name]));
      return {
        kind: 'stats',
        stats: {
          ...stats,
          byUnit: rollUpUnitStats(listUnits(db, contest.slug), unitCounts(db, contest.slug)).map(({ bestScoreSum, ...unit }) => ({
            ...unit,
            averageScore: unit.participants ? Math.round((bestScoreSum / unit.participants) * 100) / 100 : null,
          })),
          byOccupation: stats.byOccupation.map((row) => ({ ...row, name: names.get(row.occupation) ?? row.occupation })),
          collectiveCriterion: contest.collectiveCriterion,
        },
      };
    },

    async round(slug, roundId) {
      const contest = getContest(db, slug);
      if (!contest) return NO_CONTEST;
      const round = roundsOf(contest).find((r) => r.id === roundId);
      if (!round) return NO_ROUND;
      const now = clock();
      finaliseOverdueAttempts(db, contest.slug, now);
      const counts = roundCounts(db, contest.slug, round.id);
      const bests = roundUnitCounts(db, contest.slug, round.id);
      const bestSum = bests.reduce((sum, unit) => sum + unit.bestScoreSum, 0);
      return {
        kind: 'stats',
        stats: {
          roundId: round.id,
          status: roundStatus(round, now),
          participants: counts.participants,
          attempts: counts.attempts,
          inProgress: roundInProgress(db, contest.slug, round.id),
          averageBestScore: counts.participants ? bestSum / counts.participants : null,
          actual: predictionActual(contest.predictionTarget, counts),
          resultsPublishedAt: getRoundResults(db, contest.slug, round.id)?.publishedAt ?? null,
        },
      };
    },
  };
}
