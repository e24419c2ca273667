import { auditSubject } from '../domain/audit.js';
import { maskIdNumber } from '../domain/id-number.js';
import { sql, type Db } from './connection.js';

/** `host`: a host site's editors, read-only, one contest and one source host name (decision 0040). */
export type AdminRole = 'organiser' | 'jury' | 'host';

/** What a `host` code may see: one contest's figures for one source host name. */
export interface HostScope {
  contestSlug: string;
  source: string;
}

export interface AdminToken {
  name: string;
  role: AdminRole;
  createdAt: string;
  revokedAt: string | null;
  /** Only for a `host` code. */
  scope?: HostScope;
}

export type TokenRow = Omit<AdminToken, 'scope'> & { contestSlug: string | null; source: string | null };

const TOKEN_COLUMNS = 'name, role, created_at AS createdAt, revoked_at AS revokedAt, contest_slug AS contestSlug, source_host AS source';

export function tokenFromRow<R extends TokenRow>(row: R): Omit<R, 'contestSlug' | 'source'> & { scope?: HostScope } {
  const { contestSlug, source, ...rest } = row;
  return contestSlug !== null && source !== null ? { ...rest, scope: { contestSlug, source } } : rest;
}

export function createAdminToken(db: Db, tokenHash: string, name: string, role: AdminRole, now: Date, scope: HostScope | null = null): void {
  sql(db, 'INSERT INTO admin_tokens (token_hash, name, role, created_at, contest_slug, source_host) VALUES (?, ?, ?, ?, ?, ?)').run(
    tokenHash,
    name,
    role,
    now.toISOString(),
    scope?.contestSlug ?? null,
    scope?.source ?? null,
  );
}

export function adminByToken(db: Db, tokenHash: string): AdminToken | null {
  const row = sql<[string], TokenRow>(db, `SELECT ${TOKEN_COLUMNS} FROM admin_tokens WHERE token_hash = ? AND revoked_at IS NULL`).get(tokenHash);
  return row ? tokenFromRow(row) : null;
}

export function countAdminTokens(db: Db): number {
  return sql<[], { n: number }>(db, 'SELECT COUNT(*) AS n FROM admin_tokens').get()!.n;
}

export function revokeAdminTokens(db: Db, name: string, now: Date): number {
  return sql(db, 'UPDATE admin_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL').run(now.toISOString(), name).changes;
}

/** Revokes one token (the command line's own short-lived token once its command is done). */
export function revokeAdminToken(db: Db, tokenHash: string, now: Date): boolean {
  return sql(db, 'UPDATE admin_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL').run(now.toISOString(), tokenHash).changes > 0;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  detail: unknown;
  /**
   * For entries about one contestant (an attempt voided, attempts granted, a registration released,
   * a phone changed): who, as read when the log is listed — the name and a masked ID number
   * ('' once the number was released), with the contest.
   */
  contestant?: { id: string; fullName: string; idNumber: string; contestSlug: string };
}


export function recordAudit(db: Db, entry: Omit<AuditEntry, 'id'>): void {
  sql(db, 'INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)').run(
    entry.at,
    entry.actor,
    entry.action,
    entry.target,
    entry.detail === undefined ? null : JSON.stringify(entry.detail),
  );
}

/** What an organiser read that holds personal data: audit actions `read.<what>`. */
export type PersonalDataRead = 'ranking' | 'attempts' | 'contestants' | 'contestantSearch' | 'exclusions' | 'winners' | 'certificates';

/**
 * Records that `actor` read personal data of contest `slug` (an export with contact details, a
 * contestant search, the exclusion list): who, what, when, which contest. `detail` says how (the
 * format, how many were found), never which person: no name, ID number, phone or search words.
 */
export function recordPersonalDataRead(db: Db, actor: string, what: PersonalDataRead, slug: string, now: Date, detail?: Record<string, string | number>): void {
  recordAudit(db, { at: now.toISOString(), actor, action: `read.${what}`, target: slug, detail });
}

export function listAudit(db: Db, limit: number, beforeId: number | null): AuditEntry[] {
  return sql<[number, number], Omit<AuditEntry, 'detail'> & { detail: string | null }>(
    db,
    'SELECT id, at, actor, action, target, detail FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?',
  )
    .all(beforeId ?? Number.MAX_SAFE_INTEGER, limit)
    .map((row) => {
      const entry: AuditEntry = { ...row, detail: row.detail === null ? null : (JSON.parse(row.detail) as unknown) };
      const subject = auditSubject(row.action);
      const person = subject === 'contestant' ? contestantById(db).get(row.target) : subject === 'attempt' ? contestantByAttempt(db).get(row.target) : undefined;
      if (person) entry.contestant = { ...person, idNumber: maskIdNumber(person.idNumber) };
      return entry;
    });
}

type AuditContestant = NonNullable<AuditEntry['contestant']>;
const contestantById = (db: Db) =>
  sql<[string], AuditContestant>(db, 'SELECT id, full_name AS fullName, id_number AS idNumber, contest_slug AS contestSlug FROM contestants WHERE id = ?');
const contestantByAttempt = (db: Db) =>
  sql<[string], AuditContestant>(
    db,
    `SELECT c.id, c.full_name AS fullName, c.id_number AS idNumber, c.contest_slug AS contestSlug
     FROM attempts a JOIN contestants c ON c.id = a.contestant_id WHERE a.id = ?`,
  );

/** An access code as the console lists it: never the value, which only its creator saw once. */
export interface AccessCode extends AdminToken {
  id: number;
}

/** Names the command line gives its own short-lived codes: "Dòng lệnh (user)". */
export const COMMAND_LINE_CODE_PREFIX = 'Dòng lệnh (';

/** Access codes, oldest first, without the command line's revoked short-lived ones unless `all`. */
export function listAccessCodes(db: Db, all = false): AccessCode[] {
  return sql<{ prefix: string; all: number }, TokenRow & { id: number }>(
    db,
    `SELECT rowid AS id, ${TOKEN_COLUMNS} FROM admin_tokens
     WHERE @all OR revoked_at IS NULL OR substr(name, 1, length(@prefix)) <> @prefix ORDER BY created_at, rowid`,
  )
    .all({ prefix: COMMAND_LINE_CODE_PREFIX, all: all ? 1 : 0 })
    .map(tokenFromRow);
}

export function accessCodeById(db: Db, id: number): (AccessCode & { tokenHash: string }) | null {
  const row = sql<[number], TokenRow & { id: number; tokenHash: string }>(
    db,
    `SELECT rowid AS id, token_hash AS tokenHash, ${TOKEN_COLUMNS} FROM admin_tokens WHERE rowid = ?`,
  ).get(id);
  return row ? tokenFromRow(row) : null;
}

/** Creates a code from its hash (a `host` code with its scope); answers it as listed. */
export function createAccessCode(db: Db, tokenHash: string, name: string, role: AdminRole, now: Date, scope: HostScope | null = null): AccessCode {
  createAdminToken(db, tokenHash, name, role, now, scope);
  const { id } = sql<[string], { id: number }>(db, 'SELECT rowid AS id FROM admin_tokens WHERE token_hash = ?').get(tokenHash)!;
  return { id, name, role, createdAt: now.toISOString(), revokedAt: null, ...(scope ? { scope } : {}) };
}

/**
 * What a `host` code sees (decision 0040): per day (Vietnam time), the registrations and the
 * attempts started that came from `source` in the contest, and how many of those attempts were
 * submitted. Counts only: no person, no score.
 */
export function hostParticipation(db: Db, scope: HostScope): { day: string; registrations: number; attempts: number; submitted: number }[] {
  return sql<{ slug: string; source: string }, { day: string; registrations: number; attempts: number; submitted: number }>(
    db,
    `WITH events AS (
       SELECT date(created_at, '+7 hours') AS day, 1 AS registrations, 0 AS attempts, 0 AS submitted
       FROM contestants WHERE contest_slug = @slug AND source = @source
       UNION ALL
       SELECT date(started_at, '+7 hours'), 0, 1, status = 'submitted'
       FROM attempts WHERE contest_slug = @slug AND source = @source
     )
     SELECT day, SUM(registrations) AS registrations, SUM(attempts) AS attempts, SUM(submitted) AS submitted
     FROM events GROUP BY day ORDER BY day`,
  ).all({ slug: scope.contestSlug, source: scope.source });
}

/** Active organiser codes, the command line's short-lived ones left out. */
export function activeOrganiserCodes(db: Db): number {
  return sql<{ prefix: string }, { n: number }>(
    db,
    `SELECT COUNT(*) AS n FROM admin_tokens WHERE role = 'organiser' AND revoked_at IS NULL AND substr(name, 1, length(@prefix)) <> @prefix`,
  ).get({ prefix: COMMAND_LINE_CODE_PREFIX })!.n;
}
