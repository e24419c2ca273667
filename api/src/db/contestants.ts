import { sql, type Db } from './connection.js';
import { recordContestantNetwork, type NetworkData } from './integrity.js';

export interface Contestant {
  id: string;
  contestSlug: string;
  idNumber: string;
  fullName: string;
  birthDate: string;
  phone: string;
  email: string | null;
  unitId: string;
  occupation: string;
  source: string | null;
  extraAttempts: number;
  createdAt: string;
}

const CONTESTANT_COLUMNS = `c.id, c.contest_slug AS contestSlug, c.id_number AS idNumber, c.full_name AS fullName,
  c.birth_date AS birthDate, c.phone, c.email, c.unit_id AS unitId, c.occupation, c.source,
  c.extra_attempts AS extraAttempts, c.created_at AS createdAt`;

export type NewContestant = Omit<Contestant, 'extraAttempts' | 'createdAt'>;

/** Registers a contestant with their first token; `duplicate` when the ID number is taken. */
export function registerContestant(
  db: Db,
  contestant: NewContestant,
  tokenHash: string,
  now: Date,
  network: NetworkData | null = null,
): 'registered' | 'duplicate' {
  try {
    db.transaction(() => {
      const at = now.toISOString();
      sql(
        db,
        `INSERT INTO contestants (id, contest_slug, id_number, full_name, birth_date, phone, email, unit_id, occupation, source, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        contestant.id,
        contestant.contestSlug,
        contestant.idNumber,
        contestant.fullName,
        contestant.birthDate,
        contestant.phone,
        contestant.email,
        contestant.unitId,
        contestant.occupation,
        contestant.source,
        at,
      );
      addContestantToken(db, contestant.id, tokenHash, now);
      recordContestantNetwork(db, contestant.id, network);
    })();
    return 'registered';
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return 'duplicate';
    throw error;
  }
}

export function addContestantToken(db: Db, contestantId: string, tokenHash: string, now: Date): void {
  sql(db, 'INSERT INTO contestant_tokens (token_hash, contestant_id, created_at) VALUES (?, ?, ?)').run(
    tokenHash,
    contestantId,
    now.toISOString(),
  );
}

export function findContestantByIdNumber(db: Db, slug: string, idNumber: string): Contestant | null {
  return (
    sql<[string, string], Contestant>(
      db,
      `SELECT ${CONTESTANT_COLUMNS} FROM contestants c WHERE c.contest_slug = ? AND c.id_number = ?`,
    ).get(slug, idNumber) ?? null
  );
}

export function contestantByToken(db: Db, tokenHash: string): Contestant | null {
  return (
    sql<[string], Contestant>(
      db,
      `SELECT ${CONTESTANT_COLUMNS} FROM contestant_tokens t JOIN contestants c ON c.id = t.contestant_id
       WHERE t.token_hash = ?`,
    ).get(tokenHash) ?? null
  );
}

export function getContestant(db: Db, id: string): Contestant | null {
  return sql<[string], Contestant>(db, `SELECT ${CONTESTANT_COLUMNS} FROM contestants c WHERE c.id = ?`).get(id) ?? null;
}

/** Gives a contestant extra tries (after a documented fault). */
export function grantAttempts(db: Db, id: string, attempts: number): void {
  sql(db, 'UPDATE contestants SET extra_attempts = extra_attempts + ? WHERE id = ?').run(attempts, id);
}
