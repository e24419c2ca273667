import { sql, type Db } from './connection.js';
import { contestCounts } from './rankings.js';

export interface ContestStats {
  totals: { registered: number; participants: number; attempts: number; perfectAttempts: number; inProgress: number; voided: number };
  byOccupation: { occupation: string; participants: number; attempts: number }[];
  bySource: { source: string; participants: number; attempts: number }[];
  byDay: { day: string; participants: number; attempts: number }[];
  scoreDistribution: { score: number; attempts: number }[];
}

type Figure = { key: string; participants: number; attempts: number };

/** The maintained sums of one dimension (db/participation.ts), keys with nothing left omitted. */
function figures(db: Db, slug: string, dimension: string): Figure[] {
  return sql<[string, string], Figure>(
    db,
    `SELECT key, participants, attempts FROM contest_figures
     WHERE contest_slug = ? AND dimension = ? AND (participants > 0 OR attempts > 0)`,
  ).all(slug, dimension);
}

/**
 * Participation figures for organisers, read from maintained sums (decision 0011), never from the
 * attempts; days are calendar days in Vietnam time (UTC+7). Open and voided attempts are counted
 * through partial indexes that hold only those few rows.
 */
export function contestStats(db: Db, slug: string): Omit<ContestStats, 'byUnit'> {
  const counts = contestCounts(db, slug);
  const small = sql<[string, string], { inProgress: number; voided: number }>(
    db,
    `SELECT (SELECT COUNT(*) FROM attempts WHERE contest_slug = ? AND status = 'inProgress') AS inProgress,
       (SELECT COUNT(*) FROM attempts WHERE contest_slug = ? AND voided_at IS NOT NULL) AS voided`,
  ).get(slug, slug)!;
  const byAttempts = <T extends { attempts: number }>(key: keyof T) => (a: T, b: T) => b.attempts - a.attempts || (a[key] < b[key] ? -1 : 1);
  return {
    totals: {
      registered: figures(db, slug, 'registered')[0]?.participants ?? 0,
      participants: counts.participants,
      attempts: counts.attempts,
      perfectAttempts: figures(db, slug, 'perfect')[0]?.attempts ?? 0,
      ...small,
    },
    byOccupation: figures(db, slug, 'occupation')
      .map(({ key, participants, attempts }) => ({ occupation: key, participants, attempts }))
      .sort(byAttempts('occupation')),
    bySource: figures(db, slug, 'source')
      .map(({ key, participants, attempts }) => ({ source: key, participants, attempts }))
      .sort(byAttempts('source')),
    byDay: figures(db, slug, 'day')
      .map(({ key, participants, attempts }) => ({ day: key, participants, attempts }))
      .sort((a, b) => (a.day < b.day ? -1 : 1)),
    scoreDistribution: figures(db, slug, 'score')
      .map(({ key, attempts }) => ({ score: Number(key), attempts }))
      .filter((row) => row.attempts > 0)
      .sort((a, b) => a.score - b.score),
  };
}
