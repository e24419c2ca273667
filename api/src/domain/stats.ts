/**
 * The organisers' participation figures (decision 0011), put together from what a store reads: the
 * maintained sums by dimension, the units' counts and a round's attempts. Pure: both stores read
 * their rows and hand them here, so the figures are shaped, sorted and averaged in one place.
 */
import type { RoundStats } from '../contract/rounds.js';
import type { Contest } from './contest.js';
import { predictionActual, type ContestCounts } from './prediction.js';
import { roundStatus, type Round } from './rounds.js';
import { rollUpUnitStats, type TreeUnit, type UnitCount } from './units.js';

export interface ContestStats {
  totals: { registered: number; participants: number; attempts: number; perfectAttempts: number; inProgress: number; voided: number };
  byOccupation: { occupation: string; participants: number; attempts: number }[];
  bySource: { source: string; participants: number; attempts: number }[];
  byDay: { day: string; participants: number; attempts: number }[];
  scoreDistribution: { score: number; attempts: number }[];
}

/** One key's maintained sums in one dimension (`contest_figures`): keys with nothing left are not read. */
export type Figure = { key: string; participants: number; attempts: number };

/** The figures of a contest from its counts, its open and voided attempts and its sums by dimension. */
export function contestStatsOf(
  counts: ContestCounts,
  small: { inProgress: number; voided: number },
  figures: (dimension: 'registered' | 'perfect' | 'occupation' | 'source' | 'day' | 'score') => readonly Figure[],
): ContestStats {
  const byAttempts = <T extends { attempts: number }>(key: keyof T) => (a: T, b: T) => b.attempts - a.attempts || (a[key] < b[key] ? -1 : 1);
  return {
    totals: {
      registered: figures('registered')[0]?.participants ?? 0,
      participants: counts.participants,
      attempts: counts.attempts,
      perfectAttempts: figures('perfect')[0]?.attempts ?? 0,
      inProgress: small.inProgress,
      voided: small.voided,
    },
    byOccupation: figures('occupation')
      .map(({ key, participants, attempts }) => ({ occupation: key, participants, attempts }))
      .sort(byAttempts('occupation')),
    bySource: figures('source')
      .map(({ key, participants, attempts }) => ({ source: key, participants, attempts }))
      .sort(byAttempts('source')),
    byDay: figures('day')
      .map(({ key, participants, attempts }) => ({ day: key, participants, attempts }))
      .sort((a, b) => (a.day < b.day ? -1 : 1)),
    scoreDistribution: figures('score')
      .map(({ key, attempts }) => ({ score: Number(key), attempts }))
      .filter((row) => row.attempts > 0)
      .sort((a, b) => a.score - b.score),
  };
}

/**
 * What the console's dashboard reads: the contest's figures with every unit (parents summing the
 * units below them) and its average best score, occupations by name, and the criterion the
 * collective prizes compare.
 */
export function contestStatsResponse(contest: Contest, stats: ContestStats, units: readonly TreeUnit[], counts: readonly UnitCount[]) {
  const names = new Map(contest.occupations.map((o) => [o.id, o.name]));
  return {
    ...stats,
    byUnit: rollUpUnitStats(units, counts).map(({ bestScoreSum, ...unit }) => ({
      ...unit,
      averageScore: unit.participants ? Math.round((bestScoreSum / unit.participants) * 100) / 100 : null,
    })),
    byOccupation: stats.byOccupation.map((row) => ({ ...row, name: names.get(row.occupation) ?? row.occupation })),
    collectiveCriterion: contest.collectiveCriterion,
  };
}

/** One round's figures as of `now`, from its counts, its units' best scores and its open attempts. */
export function roundStatsOf(
  contest: Contest,
  round: Round,
  now: Date,
  read: { counts: ContestCounts; bests: readonly UnitCount[]; inProgress: number; resultsPublishedAt: string | null },
): RoundStats {
  const bestSum = read.bests.reduce((sum, unit) => sum + unit.bestScoreSum, 0);
  return {
    roundId: round.id,
    status: roundStatus(round, now),
    participants: read.counts.participants,
    attempts: read.counts.attempts,
    inProgress: read.inProgress,
    averageBestScore: read.counts.participants ? bestSum / read.counts.participants : null,
    actual: predictionActual(contest.predictionTarget, read.counts),
    resultsPublishedAt: read.resultsPublishedAt,
  };
}
