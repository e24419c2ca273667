/**
 * A contestant's rights over their personal data, in the store (decision 0029): reading everything
 * stored about them, erasing them, their requests to the committee, and the purge after the
 * retention date. Columns and tables are found by name where other features may add some (the
 * consent record, guardians), so this module does not need to change with them.
 */
import {
  camelCase,
  dataRequestDueAt,
  ERASURE_REQUEST_MESSAGE,
  erasedAttempts,
  keepsErasedAttempts,
  type DataRequestKind,
  type DataRequestStatus,
  type RetentionReason,
} from '../domain/data-rights.js';
import { nameInitials } from '../domain/personal-data.js';
import { foldVietnamese } from '../domain/vietnamese-fold.js';
import type { Attempt } from './attempts.js';
import { sql, type Db } from './connection.js';
import { keepErasedAttempts, purgeErasureLimits } from './erasure-limits.js';
import { networkDataCounts, purgeNetworkData } from './integrity.js';
import { refreshParticipation } from './participation.js';
import { signInKey } from './sessions.js';

/** Column names of a table, empty when it does not exist. */
function columnsOf(db: Db, table: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]);
}

/** Tables other than `except` that have a column named `column`. */
function tablesWithColumn(db: Db, column: string, except: readonly string[]): string[] {
  return (
    db
      .prepare(
        `SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
         AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) p WHERE p.name = ?)`,
      )
      .pluck()
      .all(column) as string[]
  ).filter((name) => !except.includes(name));
}

/** A row with its columns named in camelCase. */
export const camelRow = (row: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(row).map(([key, value]) => [camelCase(key), value]));

// ── What is stored about one contestant ─────────────────────────────────────

/** An attempt as `Attempt` (db/attempts.ts) has it, with its network data and its questions as shown. */
export interface StoredAttempt extends Omit<Attempt, 'contestSlug' | 'contestantId' | 'roundId'> {
  source: string | null;
  ip: string | null;
  userAgent: string | null;
  questions: { questionId: string; text: string; options: string[]; optionOrder: number[]; answer: number; chosen: number | null }[];
}

export interface DataRequest {
  id: string;
  contestSlug: string;
  contestantId: string;
  kind: DataRequestKind;
  message: string;
  receivedAt: string;
  dueAt: string;
  status: DataRequestStatus;
  answer: string | null;
  answeredAt: string | null;
  answeredBy: string | null;
}

export interface StoredPersonalData {
  /** Every column of the registration, named in camelCase. */
  profile: Record<string, unknown>;
  attempts: StoredAttempt[];
  sessions: { createdAt: string }[];
  audit: { at: string; actor: string; action: string; target: string; detail: unknown }[];
  dataRequests: DataRequest[];
}

const DATA_REQUEST_COLUMNS = `id, contest_slug AS contestSlug, contestant_id AS contestantId, kind, message, received_at AS receivedAt,
  due_at AS dueAt, status, answer, answered_at AS answeredAt, answered_by AS answeredBy`;

/** A question drawn for an attempt, with its text and options as stored now (gone: empty) and the choice saved. */
export interface DrawnRow {
  questionId: string;
  optionOrder: string;
  text: string | null;
  options: string | null;
  answer: number | null;
  chosen: number | null;
}

/** An attempt's row (every column, as stored) and its drawn questions in shown order, as the download shows them. */
export function storedAttemptOf(a: Record<string, unknown>, drawn: readonly DrawnRow[]): StoredAttempt {
  return {
    id: a.id as string,
    status: a.status as StoredAttempt['status'],
    startedAt: a.started_at as string,
    deadline: a.deadline as string,
    submittedAt: a.submitted_at as string | null,
    score: a.score as number | null,
    total: a.total as number,
    durationMs: a.duration_ms as number | null,
    prediction: a.prediction as number | null,
    autoSubmitted: a.auto_submitted === 1,
    voidedAt: a.voided_at as string | null,
    voidReason: a.void_reason as string | null,
    source: a.source as string | null,
    ip: (a.ip as string | null) ?? null,
    userAgent: (a.user_agent as string | null) ?? null,
    questions: drawn.map((q) => ({
      questionId: q.questionId,
      text: q.text ?? '',
      options: q.options ? (JSON.parse(q.options) as string[]) : [],
      optionOrder: JSON.parse(q.optionOrder) as number[],
      answer: q.answer ?? -1,
      chosen: q.chosen,
    })),
  };
}

/** An audit row as the download shows it, its detail parsed. */
export function storedAuditEntryOf(entry: { at: string; actor: string; action: string; target: string; detail: string | null }): StoredPersonalData['audit'][number] {
  return { ...entry, detail: entry.detail === null ? null : (JSON.parse(entry.detail) as unknown) };
}

/** Everything stored about a contestant, as stored (the route decides what of the answer key shows). */
export function storedPersonalData(db: Db, contestantId: string): StoredPersonalData | null {
  const profile = sql<[string], Record<string, unknown>>(db, 'SELECT * FROM contestants WHERE id = ?').get(contestantId);
  if (!profile) return null;
  const attempts = sql<[string], Record<string, unknown>>(db, 'SELECT * FROM attempts WHERE contestant_id = ? ORDER BY started_at, id').all(contestantId);
  const drawn = sql<[string], DrawnRow>(
    db,
    `SELECT aq.question_id AS questionId, aq.option_order AS optionOrder, q.text, q.options, q.answer, aa.option_index AS chosen
     FROM attempt_questions aq JOIN attempts a ON a.id = aq.attempt_id
     LEFT JOIN questions q ON q.contest_slug = a.contest_slug AND q.id = aq.question_id
     LEFT JOIN attempt_answers aa ON aa.attempt_id = aq.attempt_id AND aa.question_id = aq.question_id
     WHERE aq.attempt_id = ? ORDER BY aq.position`,
  );
  const ids = attempts.map((a) => a.id as string);
  return {
    profile: camelRow(profile),
    attempts: attempts.map((a) => storedAttemptOf(a, drawn.all(a.id as string))),
    sessions: sql<[string], { createdAt: string }>(db, 'SELECT created_at AS createdAt FROM contestant_tokens WHERE contestant_id = ? ORDER BY created_at').all(contestantId),
    audit: sql<[string], { at: string; actor: string; action: string; target: string; detail: string | null }>(
      db,
      `SELECT at, actor, action, target, detail FROM audit_log WHERE target IN (SELECT value FROM json_each(?)) ORDER BY id`,
    )
      .all(JSON.stringify([contestantId, ...ids]))
      .map(storedAuditEntryOf),
    dataRequests: sql<[string], DataRequest>(db, `SELECT ${DATA_REQUEST_COLUMNS} FROM data_requests WHERE contestant_id = ? ORDER BY received_at, id`).all(contestantId),
  };
}

// ── Erasure at the person's request ─────────────────────────────────────────

export type ErasureOutcome =
  | { kind: 'erased'; attempts: number; sessions: number }
  | { kind: 'retained'; reason: RetentionReason; request: DataRequest; opened: boolean }
  | { kind: 'notFound' };

/**
 * Erases a registration and everything hanging off it — attempts, answers, sessions, requests, and
 * rows other features keep per contestant or attempt — after taking it out of every maintained figure
 * (db/participation.ts), so rankings, statistics and exports no longer count it and the ID number
 * can register again. What it keeps is the attempts used and granted under a keyed hash of the ID
 * number (`hashIdNumber`, db/erasure-limits.ts), so registering again does not reset the limit.
 * When `retained` names a reason (checked inside the transaction), nothing is erased and an
 * erasure request is opened for the committee instead (one at a time).
 */
export function eraseContestant(
  db: Db,
  contestantId: string,
  now: Date,
  retained: () => RetentionReason | null,
  newRequestId: () => string,
  hashIdNumber: (slug: string, idNumber: string) => string,
): ErasureOutcome {
  return db.transaction((): ErasureOutcome => {
    const person = sql<[string], { slug: string; idNumber: string; granted: number; before: number; roundsBefore: string | null }>(
      db,
      `SELECT contest_slug AS slug, id_number AS idNumber, extra_attempts AS granted, attempts_before_erasure AS before,
         rounds_before_erasure AS roundsBefore FROM contestants WHERE id = ?`,
    ).get(contestantId);
    if (!person) return { kind: 'notFound' };
    const reason = retained();
    if (reason) {
      const open = sql<[string], DataRequest>(
        db,
        `SELECT ${DATA_REQUEST_COLUMNS} FROM data_requests WHERE contestant_id = ? AND kind = 'erasure' AND status = 'open' ORDER BY received_at LIMIT 1`,
      ).get(contestantId);
      if (open) return { kind: 'retained', reason, request: open, opened: false };
      const request = fileDataRequest(db, { id: newRequestId(), slug: person.slug, contestantId, kind: 'erasure', message: ERASURE_REQUEST_MESSAGE }, now);
      return { kind: 'retained', reason, request, opened: true };
    }
    const attempts = sql<[string], { id: string; status: string; roundId: string | null }>(db, 'SELECT id, status, round_id AS roundId FROM attempts WHERE contestant_id = ?').all(contestantId);
    const attemptIds = attempts.map((attempt) => attempt.id);
    const kept = erasedAttempts(person, attempts);
    if (keepsErasedAttempts(kept, person.idNumber)) keepErasedAttempts(db, person.slug, hashIdNumber(person.slug, person.idNumber), kept, now);
    const inList = JSON.stringify(attemptIds);
    // Rows that hang off the attempts (answers, drawn questions, and any a later feature adds), not
    // `standings`: refreshParticipation takes those out below, with the figures they feed.
    for (const table of tablesWithColumn(db, 'attempt_id', ['attempts', 'standings'])) {
      db.prepare(`DELETE FROM "${table}" WHERE attempt_id IN (SELECT value FROM json_each(?))`).run(inList);
    }
    sql(db, 'DELETE FROM attempts WHERE contestant_id = ?').run(contestantId);
    // With the attempts gone the contestant counts nowhere: the difference leaves every figure.
    refreshParticipation(db, [contestantId]);
    const sessions = sql<[string], number>(db, 'SELECT COUNT(*) FROM contestant_tokens WHERE contestant_id = ?').pluck().get(contestantId)!;
    for (const table of tablesWithColumn(db, 'contestant_id', ['contestants'])) {
      db.prepare(`DELETE FROM "${table}" WHERE contestant_id = ?`).run(contestantId);
    }
    sql(db, 'DELETE FROM sign_in_failures WHERE key_hash = ?').run(signInKey(person.slug, person.idNumber));
    sql(db, 'DELETE FROM contestants WHERE id = ?').run(contestantId);
    return { kind: 'erased', attempts: attemptIds.length, sessions };
  })();
}

// ── Data requests ───────────────────────────────────────────────────────────

/** A request as filed at `now`: open, due `DATA_REQUEST_DAYS` later. */
export function newDataRequest(request: { id: string; slug: string; contestantId: string; kind: DataRequestKind; message: string }, now: Date): DataRequest {
  return {
    id: request.id,
    contestSlug: request.slug,
    contestantId: request.contestantId,
    kind: request.kind,
    message: request.message,
    receivedAt: now.toISOString(),
    dueAt: dataRequestDueAt(now).toISOString(),
    status: 'open',
    answer: null,
    answeredAt: null,
    answeredBy: null,
  };
}

export function fileDataRequest(
  db: Db,
  request: { id: string; slug: string; contestantId: string; kind: DataRequestKind; message: string },
  now: Date,
): DataRequest {
  const filed = newDataRequest(request, now);
  sql(
    db,
    `INSERT INTO data_requests (id, contest_slug, contestant_id, kind, message, received_at, due_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(filed.id, filed.contestSlug, filed.contestantId, filed.kind, filed.message, filed.receivedAt, filed.dueAt);
  return filed;
}

/** How many of a contestant's requests await an answer. */
export function openDataRequests(db: Db, contestantId: string): number {
  return sql<[string], number>(db, `SELECT COUNT(*) FROM data_requests WHERE contestant_id = ? AND status = 'open'`).pluck().get(contestantId)!;
}

/** A contest's data requests, newest first, with who filed them (name and unit as registered). */
export function listDataRequests(db: Db, slug: string): (DataRequest & { contestantName: string; unitName: string })[] {
  return sql<[string], DataRequest & { contestantName: string; unitName: string }>(
    db,
    `SELECT r.id, r.contest_slug AS contestSlug, r.contestant_id AS contestantId, r.kind, r.message, r.received_at AS receivedAt,
       r.due_at AS dueAt, r.status, r.answer, r.answered_at AS answeredAt, r.answered_by AS answeredBy,
       c.full_name AS contestantName, COALESCE(u.name, c.unit_id) AS unitName
     FROM data_requests r JOIN contestants c ON c.id = r.contestant_id
     LEFT JOIN units u ON u.contest_slug = c.contest_slug AND u.id = c.unit_id
     WHERE r.contest_slug = ? ORDER BY r.received_at DESC, r.id`,
  ).all(slug);
}

export function getDataRequest(db: Db, slug: string, id: string): DataRequest | null {
  return sql<[string, string], DataRequest>(db, `SELECT ${DATA_REQUEST_COLUMNS} FROM data_requests WHERE id = ? AND contest_slug = ?`).get(id, slug) ?? null;
}

/** Records the committee's answer; the caller runs it with its audit entry. */
export function answerDataRequest(db: Db, id: string, status: Exclude<DataRequestStatus, 'open'>, answer: string, by: string, now: Date): void {
  sql(db, 'UPDATE data_requests SET status = ?, answer = ?, answered_at = ?, answered_by = ? WHERE id = ?').run(status, answer, now.toISOString(), by, id);
}

// ── Purge after the retention date ──────────────────────────────────────────

export interface PersonalDataPurgeCounts {
  idNumbers: number;
  phones: number;
  emails: number;
  birthDates: number;
  guardians: number;
  /** Names reduced to initials; published winners keep theirs (`namesKept`). */
  names: number;
  namesKept: number;
  exclusions: number;
  phoneCodes: number;
  /** Data requests whose message and answer (free text a person wrote) are erased; dates and status stay. */
  dataRequests: number;
  networkData: { contestants: number; attempts: number };
  /** What erasures kept so the attempt limit holds: keyed hashes of ID numbers with counts (db/erasure-limits.ts). */
  erasureLimits: number;
}

/**
 * Erases a contest's identity and contact data (ID numbers, phones, e-mails, birth dates, guardians,
 * phone codes, the exclusion list, network data, the texts of data requests, what erasures kept) and reduces names to initials, except those of
 * `keepNames` (published winners); with `dryRun` only counts, with the same rules, so its counts are
 * what a purge would erase. Standings, figures and results are untouched: ID numbers become a
 * placeholder that stays unique, and a contestant the exclusion list kept out stays excluded
 * through it. One transaction.
 */
export function purgePersonalData(db: Db, slug: string, keepNames: ReadonlySet<string>, dryRun: boolean): PersonalDataPurgeCounts {
  return db.transaction((): PersonalDataPurgeCounts => {
    const count = (where: string) => sql<[string], number>(db, `SELECT COUNT(*) FROM contestants WHERE contest_slug = ? AND ${where}`).pluck().get(slug)!;
    const guardianColumns = columnsOf(db, 'contestants').filter((column) => column.startsWith('guardian'));
    const guardianTables = tablesWithColumn(db, 'contestant_id', []).filter((table) => table.includes('guardian'));
    const guardianHeld = guardianColumns.length ? guardianColumns.map((column) => `("${column}" IS NOT NULL AND "${column}" != '')`).join(' OR ') : 'false';
    const guardianRows = guardianTables.reduce(
      (sum, table) => sum + (db.prepare(`SELECT COUNT(*) FROM "${table}" WHERE contestant_id IN (SELECT id FROM contestants WHERE contest_slug = ?)`).pluck().get(slug) as number),
      0,
    );
    const names = sql<[string], { id: string; fullName: string }>(db, 'SELECT id, full_name AS fullName FROM contestants WHERE contest_slug = ?').all(slug);
    const shortened = names.filter((n) => !keepNames.has(n.id) && nameInitials(n.fullName) !== n.fullName);
    const counts: PersonalDataPurgeCounts = {
      idNumbers: count(`id_number GLOB '[0-9]*'`),
      phones: count(`phone != ''`),
      emails: count('email IS NOT NULL'),
      birthDates: count(`birth_date != ''`),
      guardians: count(`(${guardianHeld})`) + guardianRows,
      names: shortened.length,
      namesKept: names.filter((n) => keepNames.has(n.id)).length,
      exclusions: sql<[string], number>(db, `SELECT COUNT(*) FROM exclusions WHERE contest_slug = ? AND value NOT LIKE 'purged:%'`).pluck().get(slug)!,
      phoneCodes: sql<[string], number>(db, 'SELECT COUNT(*) FROM phone_codes WHERE contest_slug = ?').pluck().get(slug)!,
      dataRequests: sql<[string], number>(db, `SELECT COUNT(*) FROM data_requests WHERE contest_slug = ? AND (message != '' OR answer IS NOT NULL)`).pluck().get(slug)!,
      networkData: networkDataCounts(db, slug),
      erasureLimits: purgeErasureLimits(db, slug, true),
    };
    if (dryRun) return counts;

    // Contestants the exclusion list keeps out by ID number or phone stay out by their placeholder.
    sql(
      db,
      `INSERT OR IGNORE INTO exclusions (contest_slug, kind, value)
       SELECT c.contest_slug, 'idNumber', 'purged:' || c.id FROM contestants c WHERE c.contest_slug = ? AND EXISTS (
         SELECT 1 FROM exclusions x WHERE x.contest_slug = c.contest_slug
           AND ((x.kind = 'idNumber' AND x.value = c.id_number) OR (x.kind = 'phone' AND x.value = c.phone)))`,
    ).run(slug);
    sql(db, `DELETE FROM exclusions WHERE contest_slug = ? AND value NOT LIKE 'purged:%'`).run(slug);
    // The placeholder cannot be a real ID number (12 digits) and is unique per registration, so the
    // uniqueness of ID numbers per contest holds before and after.
    sql(db, `UPDATE contestants SET id_number = 'purged:' || id WHERE contest_slug = ? AND id_number GLOB '[0-9]*'`).run(slug);
    sql(db, `UPDATE contestants SET phone = '', birth_date = '', email = NULL WHERE contest_slug = ? AND (phone != '' OR birth_date != '' OR email IS NOT NULL)`).run(slug);
    for (const column of guardianColumns) {
      db.prepare(`UPDATE contestants SET "${column}" = NULL WHERE contest_slug = ? AND "${column}" IS NOT NULL`).run(slug);
    }
    for (const table of guardianTables) {
      db.prepare(`DELETE FROM "${table}" WHERE contestant_id IN (SELECT id FROM contestants WHERE contest_slug = ?)`).run(slug);
    }
    const rename = sql(db, 'UPDATE contestants SET full_name = ?, name_folded = ? WHERE id = ?');
    for (const { id, fullName } of shortened) {
      const initials = nameInitials(fullName);
      rename.run(initials, foldVietnamese(initials), id);
    }
    sql(db, 'DELETE FROM phone_codes WHERE contest_slug = ?').run(slug);
    sql(db, `UPDATE data_requests SET message = '', answer = NULL WHERE contest_slug = ? AND (message != '' OR answer IS NOT NULL)`).run(slug);
    purgeNetworkData(db, slug);
    purgeErasureLimits(db, slug, false);
    return counts;
  })();
}
