import { contestStatsOf, type ContestStats, type Figure } from '../domain/stats.js';
import { sql, type Db } from './connection.js';
import { contestCounts } from './rankings.js';

export type { ContestStats };

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
export function contestStats(db: Db, slug: string): ContestStats {
  const small = sql<[string, string], { inProgress: number; voided: number }>(
    db,
    `SELECT (SELECT COUNT(*) FROM attempts WHERE contest_slug = ? AND status = 'inProgress') AS inProgress,
       (SELECT COUNT(*) FROM attempts WHERE contest_slug = ? AND voided_at IS NOT NULL) AS voided`,
  ).get(slug, slug)!;
  return contestStatsOf(contestCounts(db, slug), small, (dimension) => figures(db, slug, dimension));
}
