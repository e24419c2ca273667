import type { ContestantLookup } from '../domain/contestant-lookup.js';
import { foldVietnamese } from '../domain/vietnamese-fold.js';
import { sql, type Db } from './connection.js';

/** A contestant as the organisers' correction screen finds them, with the unit's name. */
export interface FoundContestant {
  id: string;
  fullName: string;
  birthDate: string;
  idNumber: string;
  phone: string;
  unitId: string;
  unitName: string;
  occupation: string;
  extraAttempts: number;
  /** Attempts of an erased registration of the same ID number, counted against the limit (db/erasure-limits.ts). */
  attemptsBeforeErasure: number;
  createdAt: string;
  /** Set once an organiser released the registration's ID number (db/contestant-accounts.ts). */
  releasedAt: string | null;
}

const FOUND_COLUMNS = `c.id, c.full_name AS fullName, c.birth_date AS birthDate, c.id_number AS idNumber, c.phone,
  c.unit_id AS unitId, COALESCE(u.name, c.unit_id) AS unitName, c.occupation, c.extra_attempts AS extraAttempts,
  c.attempts_before_erasure AS attemptsBeforeErasure, c.created_at AS createdAt, c.released_at AS releasedAt
  FROM contestants c LEFT JOIN units u ON u.contest_slug = c.contest_slug AND u.id = c.unit_id`;

/** Escapes LIKE's wildcards so a typed "%" or "_" is matched literally. */
const likeContaining = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/**
 * Contestants of one contest matching a lookup: ID number and phone through their indexes, a record
 * id as a contestant's or one of their attempts', a name by substring without regard to diacritics or case ("nguyen van an" finds "Nguyễn Văn An";
 * a scan of the contest's
 * contestants that stops at `limit` matches: a rare name reads them all, about 0.3 s per million).
 */
export function findContestants(db: Db, slug: string, lookup: ContestantLookup, limit: number): FoundContestant[] {
  switch (lookup.kind) {
    case 'idNumber':
      return sql<[string, string], FoundContestant>(db, `SELECT ${FOUND_COLUMNS} WHERE c.contest_slug = ? AND c.id_number = ?`).all(
        slug,
        lookup.value,
      );
    case 'phone':
      return sql<[string, string, number], FoundContestant>(
        db,
        `SELECT ${FOUND_COLUMNS} WHERE c.contest_slug = ? AND c.phone = ? ORDER BY c.created_at LIMIT ?`,
      ).all(slug, lookup.value, limit);
    case 'recordId':
      // Two primary-key lookups; an IN over a subquery would scan the contest's contestants.
      return sql<{ slug: string; id: string }, FoundContestant>(
        db,
        `SELECT ${FOUND_COLUMNS} WHERE c.contest_slug = @slug AND c.id = @id
         UNION
         SELECT ${FOUND_COLUMNS} WHERE c.contest_slug = @slug AND c.id = (SELECT contestant_id FROM attempts WHERE id = @id)`,
      ).all({ slug, id: lookup.value });
    case 'name':
      return sql<[string, string, number], FoundContestant>(
        db,
        // No ORDER BY: the scan stops at the first `limit` matches instead of reading every name.
        // The folded column is read from its index (contest, folded name) without touching the rows.
        `SELECT ${FOUND_COLUMNS} WHERE c.contest_slug = ? AND c.name_folded LIKE ? ESCAPE '\\' LIMIT ?`,
      ).all(slug, likeContaining(foldVietnamese(lookup.value)), limit);
  }
}
