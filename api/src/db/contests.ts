import { CONTEST_DEFAULTS, type Contest } from '../domain/contest.js';
import { defaultRetentionUntil, noticeVersionAfter } from '../domain/privacy-notice.js';
import type { TreeUnit } from '../domain/units.js';
import { dataVersion, rollbackCount, sql, type Db } from './connection.js';
import { rebuildStandings, refreshParticipation } from './participation.js';

export interface ContestRow {
  slug: string;
  title: string;
  starts_at: string;
  ends_at: string;
  settings: string;
  /** A column, not a setting, so the purge can select contests past it in SQL. */
  personal_data_retention_until: string | null;
}

type Later = 'revealScore' | 'phoneVerification' | 'privacyNotice' | 'minAge' | 'practice';

/** As stored: settings added later may be missing from a contest saved before them. */
type ContestSettings = Omit<Contest, 'slug' | 'title' | 'startsAt' | 'endsAt' | 'personalDataRetentionUntil' | Later> &
  Partial<Pick<Contest, Later>>;

export function contestFromRow(row: ContestRow): Contest {
  const settings = JSON.parse(row.settings) as ContestSettings;
  // A contest saved before a setting existed has its default.
  return {
    slug: row.slug,
    title: row.title,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    ...settings,
    revealScore: settings.revealScore ?? CONTEST_DEFAULTS.revealScore,
    phoneVerification: settings.phoneVerification ?? CONTEST_DEFAULTS.phoneVerification,
    privacyNotice: settings.privacyNotice ?? { ...CONTEST_DEFAULTS.privacyNotice },
    minAge: settings.minAge ?? CONTEST_DEFAULTS.minAge,
    practice: settings.practice ?? CONTEST_DEFAULTS.practice,
    personalDataRetentionUntil: row.personal_data_retention_until ?? defaultRetentionUntil(row.ends_at),
  };
}

/**
 * Contests are read on every request and change rarely, so parsed copies (and their question banks)
 * are kept per connection until they may be stale: this connection saved a contest or its questions
 * (`contestDataChanged` moves `writes`) or rolled
 * a transaction back, or another connection committed anything (`PRAGMA data_version` moves; it is
 * one cheap call, shared by everything a request reads in one go, and sees other processes' commits
 * on the same file).
 */
interface ContestCache {
  dataVersion: number;
  writes: number;
  rollbacks: number;
  contests: Map<string, Readonly<Contest> | null>;
  /** How many of `contests` are slugs that name no contest (at most MAX_UNKNOWN_SLUGS). */
  unknown: number;
  /** The questions in use per contest, drawn from on every attempt start. */
  banks: Map<string, readonly Question[]>;
}

const contestCaches = new WeakMap<Db, ContestCache>();
const contestWrites = new WeakMap<Db, number>();

function contestDataChanged(db: Db): void {
  contestWrites.set(db, (contestWrites.get(db) ?? 0) + 1);
}

function contestCache(db: Db): ContestCache {
  const version = dataVersion(db);
  const writes = contestWrites.get(db) ?? 0;
  const rollbacks = rollbackCount(db);
  let cache = contestCaches.get(db);
  if (!cache || cache.dataVersion !== version || cache.writes !== writes || cache.rollbacks !== rollbacks) {
    contestCaches.set(db, (cache = { dataVersion: version, writes, rollbacks, contests: new Map(), unknown: 0, banks: new Map() }));
  }
  return cache;
}

/**
 * Slugs that name no contest the cache remembers as such. Anyone can ask for any slug: with no
 * bound, a stream of made-up slugs grew the cache for as long as no write emptied it (600,000
 * unknown slugs took the server from 114 to 315 MB). Past the bound an unknown slug costs one
 * primary-key lookup, which is what the cache saves anyway.
 */
export const MAX_UNKNOWN_SLUGS = 1000;

export function getContest(db: Db, slug: string): Contest | null {
  const cache = contestCache(db);
  let contest = cache.contests.get(slug);
  if (contest === undefined) {
    const row = sql<[string], ContestRow>(db, 'SELECT * FROM contests WHERE slug = ?').get(slug);
    contest = row ? Object.freeze(contestFromRow(row)) : null;
    if (contest) cache.contests.set(slug, contest);
    else if (cache.unknown < MAX_UNKNOWN_SLUGS) {
      cache.contests.set(slug, null);
      cache.unknown++;
    }
  }
  return contest as Contest | null;
}

/** Entries the contest cache of `db` holds now, known and unknown slugs: for tests of its bound. */
export function cachedContestCount(db: Db): number {
  return contestCache(db).contests.size;
}

/**
 * The contest a slug names when the cache already holds it, else null (not read since the cache was
 * last emptied, or no such contest): a slug found here names a contest and needs no validating again.
 */
export function cachedContest(db: Db, slug: string): Contest | null {
  return (contestCache(db).contests.get(slug) as Contest | null | undefined) ?? null;
}

export function listContests(db: Db): Contest[] {
  return sql<[], ContestRow>(db, 'SELECT * FROM contests ORDER BY starts_at DESC').all().map(contestFromRow);
}

/**
 * Creates or replaces a contest; answers whether it was created and the contest as saved: its
 * privacy notice carries the version before when it reads the same, else the next (decision 0027).
 */
export function saveContest(db: Db, contest: Contest, now: Date): { created: boolean; before: Contest | null; saved: Contest } {
  try {
    return db.transaction(() => {
      const before = getContest(db, contest.slug);
      const version = noticeVersionAfter(before, contest);
      const saved: Contest = { ...contest, privacyNotice: { ...contest.privacyNotice, version } };
      const { slug, title, startsAt, endsAt, personalDataRetentionUntil, ...settings } = saved;
      const at = now.toISOString();
      sql(
        db,
        `INSERT INTO contests (slug, title, starts_at, ends_at, settings, personal_data_retention_until, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (slug) DO UPDATE SET title = excluded.title, starts_at = excluded.starts_at,
           ends_at = excluded.ends_at, settings = excluded.settings,
           personal_data_retention_until = excluded.personal_data_retention_until, updated_at = excluded.updated_at`,
      ).run(slug, title, startsAt, endsAt, JSON.stringify(settings), personalDataRetentionUntil ?? defaultRetentionUntil(endsAt), at, at);
      // Nothing counts after the contest closes: an earlier close shortens attempts already running.
      sql(db, `UPDATE attempts SET deadline = ? WHERE contest_slug = ? AND status = 'inProgress' AND deadline > ?`).run(endsAt, slug, endsAt);
      rebuildStandings(db, slug); // a new ranking order picks new contenders (decision 0011)
      return { created: before === null, before, saved };
    })();
  } finally {
    contestDataChanged(db);
  }
}

/** Occupation ids registered contestants use: a contest update must keep them. */
export function occupationsInUse(db: Db, slug: string): string[] {
  return sql<[string], { occupation: string }>(db, 'SELECT DISTINCT occupation FROM contestants WHERE contest_slug = ?')
    .all(slug)
    .map((row) => row.occupation);
}

export function contestHasAttempts(db: Db, slug: string): boolean {
  return !!sql<[string], { one: number }>(db, 'SELECT 1 AS one FROM attempts WHERE contest_slug = ? LIMIT 1').get(slug);
}

/** Rows removed with a contest, by table. */
export type RemovedRows = Record<string, number>;

/**
 * Deletes a contest that has no attempts, with every row of every table that names it (found by
 * their `contest_slug` column, so a table added later goes too) and its contestants' sign-in tokens.
 * Answers the rows removed per table, or null (nothing removed) when the contest has attempts.
 */
export function deleteContest(db: Db, slug: string): RemovedRows | null {
  try {
    return db.transaction(() => {
      if (contestHasAttempts(db, slug)) return null;
      // Foreign keys are checked at the commit, once every table has been emptied, whatever the order.
      db.pragma('defer_foreign_keys = ON');
      const removed: RemovedRows = {};
      const count = (table: string, changes: number) => {
        if (changes) removed[table] = (removed[table] ?? 0) + changes;
      };
      count(
        'contestant_tokens',
        sql(db, 'DELETE FROM contestant_tokens WHERE contestant_id IN (SELECT id FROM contestants WHERE contest_slug = ?)').run(slug).changes,
      );
      const tables = sql<[], { name: string }>(
        db,
        `SELECT m.name FROM sqlite_schema m JOIN pragma_table_info(m.name) p
         WHERE m.type = 'table' AND p.name = 'contest_slug' AND m.name <> 'contests' ORDER BY m.name`,
      ).all();
      // Twice: triggers on one table (the figures' version counter) write rows into another already emptied.
      for (let pass = 0; pass < 2; pass++) {
        for (const { name } of tables) {
          const changes = sql(db, `DELETE FROM "${name.replace(/"/g, '""')}" WHERE contest_slug = ?`).run(slug).changes;
          if (pass === 0) count(name, changes);
        }
      }
      count('contests', sql(db, 'DELETE FROM contests WHERE slug = ?').run(slug).changes);
      return removed;
    })();
  } finally {
    contestDataChanged(db);
  }
}

// ── Units ────────────────────────────────────────────────────────────────

export type Unit = TreeUnit;

export type UnitRow = Omit<Unit, 'competes'> & { competes: 0 | 1 | null };

/** A unit as read by `listUnits`' columns (its 0/1 flag as a boolean). */
export function unitFromRow(unit: UnitRow): Unit {
  return { ...unit, competes: unit.competes === null ? null : unit.competes === 1 };
}

export function listUnits(db: Db, slug: string): Unit[] {
  return sql<[string], UnitRow>(db, `SELECT id, name, parent_id AS parentId, kind, headcount, competes FROM units WHERE contest_slug = ? ORDER BY position`)
    .all(slug)
    .map(unitFromRow);
}

export function unitExists(db: Db, slug: string, unitId: string): boolean {
  return !!sql<[string, string], { one: number }>(db, 'SELECT 1 AS one FROM units WHERE contest_slug = ? AND id = ?').get(slug, unitId);
}

/** Unit ids that registered contestants use: a replacement of the tree must keep them. */
export function unitIdsInUse(db: Db, slug: string): string[] {
  return sql<[string], { unitId: string }>(
    db,
    'SELECT DISTINCT unit_id AS unitId FROM contestants WHERE contest_slug = ?',
  ).all(slug).map((row) => row.unitId);
}

export function replaceUnits(db: Db, slug: string, units: readonly Unit[]): void {
  db.transaction(() => {
    sql(db, 'DELETE FROM units WHERE contest_slug = ?').run(slug);
    const insert = sql(
      db,
      'INSERT INTO units (contest_slug, id, name, parent_id, kind, headcount, competes, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    units.forEach((unit, position) =>
      insert.run(slug, unit.id, unit.name, unit.parentId, unit.kind, unit.headcount, unit.competes === null ? null : Number(unit.competes), position),
    );
  })();
}

// ── Questions ────────────────────────────────────────────────────────────

export interface Question {
  id: string;
  topic: string;
  text: string;
  options: string[];
  answer: number;
  explanation: string | null;
  /** Where the question comes from, and a link to it (http/https; decision 0036). */
  source: string | null;
  sourceUrl: string | null;
  /** Offered for practice while the contest is open (contest setting `practice: "always"`). */
  practice: boolean;
  retiredAt: string | null;
}

export interface QuestionRow {
  id: string;
  topic: string;
  text: string;
  options: string;
  answer: number;
  explanation: string | null;
  source: string | null;
  source_url: string | null;
  practice: number;
  retired_at: string | null;
}

export const questionFromRow = (row: QuestionRow): Question => ({
  id: row.id,
  topic: row.topic,
  text: row.text,
  options: JSON.parse(row.options) as string[],
  answer: row.answer,
  explanation: row.explanation,
  source: row.source,
  sourceUrl: row.source_url,
  practice: row.practice === 1,
  retiredAt: row.retired_at,
});

/** The questions in use (cached, read-only), or with `includeRetired` every question (read each time). */
export function listQuestions(db: Db, slug: string, includeRetired: boolean): readonly Question[] {
  if (includeRetired) return readQuestions(db, slug, true);
  const cache = contestCache(db);
  let bank = cache.banks.get(slug);
  if (!bank) cache.banks.set(slug, (bank = Object.freeze(readQuestions(db, slug, false))));
  return bank;
}

function readQuestions(db: Db, slug: string, includeRetired: boolean): Question[] {
  return sql<[string, number], QuestionRow>(
    db,
    `SELECT * FROM questions WHERE contest_slug = ? AND (retired_at IS NULL OR ?) ORDER BY position`,
  )
    .all(slug, includeRetired ? 1 : 0)
    .map(questionFromRow);
}

export function getQuestion(db: Db, slug: string, id: string): Question | null {
  const row = sql<[string, string], QuestionRow>(db, 'SELECT * FROM questions WHERE contest_slug = ? AND id = ?').get(slug, id);
  return row ? questionFromRow(row) : null;
}

/** Adds questions (or replaces those whose id exists, back in use if retired) in one transaction. */
/** A question to save: a source, link and practice mark left out are none (and not for practice). */
export type SavedQuestion = Omit<Question, 'retiredAt' | 'source' | 'sourceUrl' | 'practice'> & Partial<Pick<Question, 'source' | 'sourceUrl' | 'practice'>>;

export function saveQuestions(db: Db, slug: string, questions: readonly SavedQuestion[]): void {
  try {
    saveQuestionRows(db, slug, questions);
  } finally {
    contestDataChanged(db);
  }
}

function saveQuestionRows(db: Db, slug: string, questions: readonly SavedQuestion[]): void {
  db.transaction(() => {
    const next = sql<[string], { next: number }>(db, 'SELECT COALESCE(MAX(position), -1) + 1 AS next FROM questions WHERE contest_slug = ?').get(slug)!.next;
    const upsert = sql(
      db,
      `INSERT INTO questions (contest_slug, id, topic, text, options, answer, explanation, source, source_url, practice, retired_at, position)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)
       ON CONFLICT (contest_slug, id) DO UPDATE SET topic = excluded.topic, text = excluded.text,
         options = excluded.options, answer = excluded.answer, explanation = excluded.explanation,
         source = excluded.source, source_url = excluded.source_url, practice = excluded.practice, retired_at = NULL`,
    );
    questions.forEach((q, index) =>
      upsert.run(
        slug,
        q.id,
        q.topic,
        q.text,
        JSON.stringify(q.options),
        q.answer,
        q.explanation,
        q.source ?? null,
        q.sourceUrl ?? null,
        q.practice ? 1 : 0,
        next + index,
      ),
    );
  })();
}

export function retireQuestion(db: Db, slug: string, id: string, now: Date): boolean {
  try {
    return sql(db, 'UPDATE questions SET retired_at = ? WHERE contest_slug = ? AND id = ? AND retired_at IS NULL').run(now.toISOString(), slug, id).changes > 0;
  } finally {
    contestDataChanged(db);
  }
}

// ── Exclusions ───────────────────────────────────────────────────────────

export interface Exclusions {
  idNumbers: string[];
  phones: string[];
}

export function getExclusions(db: Db, slug: string): Exclusions {
  const rows = sql<[string], { kind: 'idNumber' | 'phone'; value: string }>(
    db,
    'SELECT kind, value FROM exclusions WHERE contest_slug = ? ORDER BY kind, value',
  ).all(slug);
  return {
    idNumbers: rows.filter((r) => r.kind === 'idNumber').map((r) => r.value),
    phones: rows.filter((r) => r.kind === 'phone').map((r) => r.value),
  };
}

export function replaceExclusions(db: Db, slug: string, exclusions: Exclusions): void {
  db.transaction(() => {
    const affected = excludedContestants(db, slug);
    sql(db, 'DELETE FROM exclusions WHERE contest_slug = ?').run(slug);
    const insert = sql(db, 'INSERT OR IGNORE INTO exclusions (contest_slug, kind, value) VALUES (?, ?, ?)');
    for (const value of exclusions.idNumbers) insert.run(slug, 'idNumber', value);
    for (const value of exclusions.phones) insert.run(slug, 'phone', value);
    // Who was or now is excluded stops or starts counting.
    refreshParticipation(db, [...affected, ...excludedContestants(db, slug)]);
  })();
}

function excludedContestants(db: Db, slug: string): string[] {
  return sql<{ slug: string }, { id: string }>(
    db,
    `SELECT c.id FROM exclusions x JOIN contestants c ON c.contest_slug = x.contest_slug
       AND ((x.kind = 'idNumber' AND c.id_number = x.value) OR (x.kind = 'phone' AND c.phone = x.value))
     WHERE x.contest_slug = @slug`,
  ).all({ slug }).map((row) => row.id);
}

export function isExcluded(db: Db, slug: string, idNumber: string, phone: string): boolean {
  return !!sql<[string, string, string], { one: number }>(
    db,
    `SELECT 1 AS one FROM exclusions WHERE contest_slug = ?
       AND ((kind = 'idNumber' AND value = ?) OR (kind = 'phone' AND value = ?))`,
  ).get(slug, idNumber, phone);
}
