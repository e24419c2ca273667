import { sql, type Db } from './connection.js';
import { COUNTING } from './rankings.js';

/**
 * Maintained participation figures, so public counters and unit tables never scan attempts:
 * `participation` holds each contestant's counting attempts, best score and whether one was perfect;
 * `unit_participation` holds their sums per unit (the unit the contestant registered with).
 * Every write that can change what counts (a submission, a void, the exclusion list) refreshes the
 * contestants it touches, in the same transaction.
 */
export const PARTICIPATION_TABLES = `
  CREATE TABLE participation (
    contestant_id TEXT PRIMARY KEY REFERENCES contestants(id),
    contest_slug TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    best_score INTEGER NOT NULL,
    perfect INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE unit_participation (
    contest_slug TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    participants INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    best_score_sum INTEGER NOT NULL,
    perfect_participants INTEGER NOT NULL,
    PRIMARY KEY (contest_slug, unit_id)
  ) STRICT, WITHOUT ROWID;
`;

interface Summary {
  attempts: number;
  best: number;
  perfect: number;
}

/** Recomputes the participation of some contestants and applies the difference to their units. */
export function refreshParticipation(db: Db, contestantIds: Iterable<string>): void {
  const now = sql<[string], Summary & { slug: string; unitId: string }>(
    db,
    `SELECT c.contest_slug AS slug, c.unit_id AS unitId, COUNT(a.id) AS attempts,
            COALESCE(MAX(a.score), 0) AS best, COALESCE(MAX(a.score = a.total), 0) AS perfect
     FROM contestants c LEFT JOIN attempts a ON a.contestant_id = c.id AND ${COUNTING}
     WHERE c.id = ?`,
  );
  const before = sql<[string], Summary>(db, 'SELECT attempts, best_score AS best, perfect FROM participation WHERE contestant_id = ?');
  const addToUnit = sql(
    db,
    `INSERT INTO unit_participation (contest_slug, unit_id, participants, attempts, best_score_sum, perfect_participants)
     VALUES (@slug, @unitId, @participants, @attempts, @best, @perfect)
     ON CONFLICT (contest_slug, unit_id) DO UPDATE SET participants = participants + @participants,
       attempts = attempts + @attempts, best_score_sum = best_score_sum + @best, perfect_participants = perfect_participants + @perfect`,
  );
  const save = sql(
    db,
    `INSERT INTO participation (contestant_id, contest_slug, unit_id, attempts, best_score, perfect) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (contestant_id) DO UPDATE SET attempts = excluded.attempts, best_score = excluded.best_score, perfect = excluded.perfect`,
  );
  const drop = sql(db, 'DELETE FROM participation WHERE contestant_id = ?');
  db.transaction(() => {
    for (const id of new Set(contestantIds)) {
      const current = now.get(id);
      if (!current) continue;
      const old = before.get(id) ?? { attempts: 0, best: 0, perfect: 0 };
      const counts = (s: Summary) => (s.attempts > 0 ? 1 : 0);
      if (current.attempts === old.attempts && current.best === old.best && current.perfect === old.perfect) continue;
      addToUnit.run({
        slug: current.slug,
        unitId: current.unitId,
        participants: counts(current) - counts(old),
        attempts: current.attempts - old.attempts,
        best: current.best - old.best,
        perfect: current.perfect - old.perfect,
      });
      if (current.attempts > 0) save.run(id, current.slug, current.unitId, current.attempts, current.best, current.perfect);
      else drop.run(id);
    }
  })();
}

/** Rebuilds every maintained figure from the attempts (after a migration or a bulk load). */
export function rebuildParticipation(db: Db): void {
  db.transaction(() => {
    db.exec('DELETE FROM participation; DELETE FROM unit_participation;');
    db.exec(`
      INSERT INTO participation (contestant_id, contest_slug, unit_id, attempts, best_score, perfect)
      SELECT c.id, c.contest_slug, c.unit_id, COUNT(*), MAX(a.score), MAX(a.score = a.total)
      FROM attempts a JOIN contestants c ON c.id = a.contestant_id
      WHERE ${COUNTING}
      GROUP BY c.id;
      INSERT INTO unit_participation (contest_slug, unit_id, participants, attempts, best_score_sum, perfect_participants)
      SELECT contest_slug, unit_id, COUNT(*), SUM(attempts), SUM(best_score), SUM(perfect)
      FROM participation GROUP BY contest_slug, unit_id;
    `);
  })();
}
