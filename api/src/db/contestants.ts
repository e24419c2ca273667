import { contestClosed, type Clock } from '../domain/contest.js';
import type { Guardian } from '../domain/personal-data.js';
import { foldVietnamese } from '../domain/vietnamese-fold.js';
import { sql, type Db } from './connection.js';
import { recordContestantNetwork, type NetworkData } from './integrity.js';
import { carryErasedAttempts } from './erasure-limits.js';
import { usePhoneCode, type PhoneCodeCheck } from './phone-codes.js';
import { emitContestantRegistered } from './webhooks.js';

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
  /** Attempts used by an erased registration of the same ID number, counted against the limit (db/erasure-limits.ts). */
  attemptsBeforeErasure: number;
  createdAt: string;
}

const CONTESTANT_COLUMNS = `c.id, c.contest_slug AS contestSlug, c.id_number AS idNumber, c.full_name AS fullName,
  c.birth_date AS birthDate, c.phone, c.email, c.unit_id AS unitId, c.occupation, c.source,
  c.extra_attempts AS extraAttempts, c.attempts_before_erasure AS attemptsBeforeErasure, c.created_at AS createdAt`;

export type NewContestant = Omit<Contestant, 'extraAttempts' | 'attemptsBeforeErasure' | 'createdAt'> & {
  /** Whether the public leaderboard may show the full name (SPEC §3.1 "Personal data"). */
  publishName: boolean;
  /** A minor's parent or guardian, who consented with them; null for an adult. */
  guardian: Guardian | null;
};

export type RegisterOutcome =
  | { kind: 'registered'; at: Date; attemptsBeforeErasure: number; extraAttempts: number }
  | { kind: 'duplicate' }
  | { kind: 'closed' }
  | Extract<PhoneCodeCheck, { kind: 'refused' }>;

/**
 * Registers a contestant with their first token; `duplicate` when the ID number is taken, `closed`
 * when the contest has closed by the time of the write (the clock is read inside the transaction,
 * SPEC §3.1 "Time"). Registration before the opening is allowed (decision 0010). With `phoneCode`
 * (a contest with phone verification) the code is used up with the registration, or `refused`.
 * `erasedHash` (db/erasure-limits.ts) finds what an erasure of the same ID number kept: its
 * attempts count against the limit of the new registration.
 */
export function registerContestant(
  db: Db,
  contestant: NewContestant,
  tokenHash: string,
  clock: Clock,
  network: NetworkData | null = null,
  phoneCode: string | null = null,
  erasedHash: string | null = null,
): RegisterOutcome {
  try {
    return db.transaction((): RegisterOutcome => {
      const now = clock();
      // The notice version is read with the write, so the consent names the words in force when it was given.
      const contest = sql<[string], { endsAt: string; noticeVersion: number | null }>(
        db,
        `SELECT ends_at AS endsAt, json_extract(settings, '$.privacyNotice.version') AS noticeVersion FROM contests WHERE slug = ?`,
      ).get(contestant.contestSlug);
      if (contest === undefined || contestClosed(contest, now)) return { kind: 'closed' };
      if (phoneCode !== null) {
        // A refusal returns (not throws), so the failure it counted is kept.
        const check = usePhoneCode(db, contestant.contestSlug, contestant.phone, phoneCode, now);
        if (check.kind === 'refused') return check;
      }
      const at = now.toISOString();
      sql(
        db,
        `INSERT INTO contestants (id, contest_slug, id_number, full_name, name_folded, birth_date, phone, email, unit_id, occupation, source, created_at,
           consent_notice_version, consented_at, publish_name,
           guardian_full_name, guardian_phone, guardian_relationship, guardian_consented_at, guardian_publish_name)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        contestant.id,
        contestant.contestSlug,
        contestant.idNumber,
        contestant.fullName,
        foldVietnamese(contestant.fullName),
        contestant.birthDate,
        contestant.phone,
        contestant.email,
        contestant.unitId,
        contestant.occupation,
        contestant.source,
        at,
        contest.noticeVersion ?? 1,
        at,
        Number(contestant.publishName),
        contestant.guardian?.fullName ?? null,
        contestant.guardian?.phone ?? null,
        contestant.guardian?.relationship ?? null,
        contestant.guardian ? at : null,
        contestant.guardian ? Number(contestant.guardian.publishName) : null,
      );
      addContestantToken(db, contestant.id, tokenHash, now);
      recordContestantNetwork(db, contestant.id, network);
      const carried = erasedHash ? carryErasedAttempts(db, contestant.contestSlug, erasedHash, contestant.id) : { attempts: 0, granted: 0 };
      emitContestantRegistered(db, contestant.contestSlug, now, contestant);
      return { kind: 'registered', at: now, attemptsBeforeErasure: carried.attempts, extraAttempts: carried.granted };
    })();
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return { kind: 'duplicate' };
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

/** The contestant a token belongs to, with their contest's end (tokens expire some days after it). */
export function contestantByToken(db: Db, tokenHash: string): { contestant: Contestant; contestEndsAt: string } | null {
  const row = sql<[string], Contestant & { contestEndsAt: string }>(
    db,
    `SELECT ${CONTESTANT_COLUMNS}, k.ends_at AS contestEndsAt FROM contestant_tokens t
     JOIN contestants c ON c.id = t.contestant_id JOIN contests k ON k.slug = c.contest_slug
     WHERE t.token_hash = ?`,
  ).get(tokenHash);
  if (!row) return null;
  const { contestEndsAt, ...contestant } = row;
  return { contestant, contestEndsAt };
}

/** What a registration recorded of the person's consent (decision 0027). */
export interface ConsentRecord {
  noticeVersion: number | null;
  consentedAt: string | null;
  publishName: boolean;
  guardian: (Guardian & { consentedAt: string }) | null;
}

export function consentRecord(db: Db, contestantId: string): ConsentRecord | null {
  const row = sql<
    [string],
    {
      noticeVersion: number | null;
      consentedAt: string | null;
      publishName: number;
      fullName: string | null;
      phone: string | null;
      relationship: Guardian['relationship'] | null;
      guardianConsentedAt: string | null;
      guardianPublishName: number | null;
    }
  >(
    db,
    `SELECT consent_notice_version AS noticeVersion, consented_at AS consentedAt, publish_name AS publishName,
       guardian_full_name AS fullName, guardian_phone AS phone, guardian_relationship AS relationship,
       guardian_consented_at AS guardianConsentedAt, guardian_publish_name AS guardianPublishName
     FROM contestants WHERE id = ?`,
  ).get(contestantId);
  if (!row) return null;
  const guardian =
    row.fullName !== null && row.phone !== null && row.relationship !== null && row.guardianConsentedAt !== null
      ? { fullName: row.fullName, phone: row.phone, relationship: row.relationship, publishName: row.guardianPublishName === 1, consentedAt: row.guardianConsentedAt }
      : null;
  return { noticeVersion: row.noticeVersion, consentedAt: row.consentedAt, publishName: row.publishName === 1, guardian };
}

export function getContestant(db: Db, id: string): Contestant | null {
  return sql<[string], Contestant>(db, `SELECT ${CONTESTANT_COLUMNS} FROM contestants c WHERE c.id = ?`).get(id) ?? null;
}

/** Gives a contestant extra tries (after a documented fault). */
export function grantAttempts(db: Db, id: string, attempts: number): void {
  sql(db, 'UPDATE contestants SET extra_attempts = extra_attempts + ? WHERE id = ?').run(attempts, id);
}
