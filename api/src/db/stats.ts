import { sql, type Db } from './connection.js';
import { COUNTING } from './rankings.js';

export interface ContestStats {
  totals: { registered: number; participants: number; attempts: number; perfectAttempts: number; inProgress: number; voided: number };
  byOccupation: { occupation: string; participants: number; attempts: number }[];
  bySource: { source: string; participants: number; attempts: number }[];
  byDay: { day: string; participants: number; attempts: number }[];
  scoreDistribution: { score: number; attempts: number }[];
}

const FROM_COUNTING = `FROM attempts a JOIN contestants c ON c.id = a.contestant_id WHERE a.contest_slug = @slug AND ${COUNTING}`;

/** Participation figures for organisers; days are calendar days in Vietnam time (UTC+7). */
export function contestStats(db: Db, slug: string): Omit<ContestStats, 'byUnit'> {
  const p = { slug };
  const totals = sql<{ slug: string }, ContestStats['totals']>(
    db,
    `SELECT
       (SELECT COUNT(*) FROM contestants WHERE contest_slug = @slug) AS registered,
       (SELECT COUNT(DISTINCT a.contestant_id) ${FROM_COUNTING}) AS participants,
       (SELECT COUNT(*) ${FROM_COUNTING}) AS attempts,
       (SELECT COUNT(*) ${FROM_COUNTING} AND a.score = a.total) AS perfectAttempts,
       (SELECT COUNT(*) FROM attempts WHERE contest_slug = @slug AND status = 'inProgress') AS inProgress,
       (SELECT COUNT(*) FROM attempts WHERE contest_slug = @slug AND voided_at IS NOT NULL) AS voided`,
  ).get(p)!;
  return {
    totals,
    byOccupation: sql<{ slug: string }, ContestStats['byOccupation'][number]>(
      db,
      `SELECT c.occupation, COUNT(DISTINCT a.contestant_id) AS participants, COUNT(*) AS attempts ${FROM_COUNTING}
       GROUP BY c.occupation ORDER BY attempts DESC`,
    ).all(p),
    bySource: sql<{ slug: string }, ContestStats['bySource'][number]>(
      db,
      `SELECT COALESCE(a.source, c.source, '') AS source, COUNT(DISTINCT a.contestant_id) AS participants, COUNT(*) AS attempts
       ${FROM_COUNTING} GROUP BY 1 ORDER BY attempts DESC`,
    ).all(p),
    byDay: sql<{ slug: string }, ContestStats['byDay'][number]>(
      db,
      `SELECT date(a.submitted_at, '+7 hours') AS day, COUNT(DISTINCT a.contestant_id) AS participants, COUNT(*) AS attempts
       ${FROM_COUNTING} GROUP BY 1 ORDER BY 1`,
    ).all(p),
    scoreDistribution: sql<{ slug: string }, ContestStats['scoreDistribution'][number]>(
      db,
      `SELECT a.score, COUNT(*) AS attempts ${FROM_COUNTING} GROUP BY a.score ORDER BY a.score`,
    ).all(p),
  };
}
