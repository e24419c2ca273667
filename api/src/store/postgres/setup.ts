import type { AuditEntry } from '../../db/admin.js';
import { contestFromRow, questionFromRow, type ContestRow, type Question, type QuestionRow, type SavedQuestion, type Unit } from '../../db/contests.js';
import { STANDING_ROW_COLUMNS, summarise, standingRows, type CountingAttempt, type StandingRow } from '../../db/participation.js';
import { COUNTING } from '../../db/rankings.js';
import { auditSubject } from '../../domain/audit.js';
import type { Contest } from '../../domain/contest.js';
import { exclusionCounts, type ExclusionList } from '../../domain/exclusions.js';
import { maskIdNumber } from '../../domain/id-number.js';
import { noticeVersionAfter, defaultRetentionUntil } from '../../domain/privacy-notice.js';
import { keyChanged } from '../../domain/questions.js';
import { roundChangeProblems, roundsOf } from '../../domain/rounds.js';
import { exclusionAdded, exclusionRemoved, maskedExclusion, unitRemoved, unitSaved } from '../../domain/row-edits.js';
import { unitTreeProblems } from '../../domain/units.js';
import type { NotFound, SetupStore } from '../store.js';
import { recordAudit, recordPersonalDataRead } from './audit.js';
import { COUNTING_ATTEMPT_COLUMNS, refreshParticipation } from './figures.js';
import type { PostgresStoreDeps } from './index.js';
import { inTransaction } from './pool.js';
import { all, contestBySlug, one, placeholders, questionsInUse, unitsOf, type Queryable } from './rows.js';

const NO_CONTEST: NotFound = Object.freeze({ kind: 'notFound', what: 'contest' });
const NO_QUESTION: NotFound = Object.freeze({ kind: 'notFound', what: 'question' });

/**
 * The first key of the advisory locks that queue the setup writes of one contest (the second is
 * the slug's hash): two imports never number their questions alike, two first saves of a slug do
 * not both create it. Two-key advisory locks never meet the one-key locks of migrate.ts and startup.ts.
 */
const SETUP_LOCK = 4_715;

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters for the widest row here (13 values). */
const ROWS_PER_INSERT = 1_000;

async function queueSetupWrites(db: Queryable, slug: string): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [SETUP_LOCK, slug]);
}

/**
 * The contest's row, locked against registrations and attempts (their rows' foreign key takes a
 * key-share lock on it) until the transaction ends: what they use is then read as it stays.
 */
async function lockContest(db: Queryable, slug: string): Promise<Contest | null> {
  const row = await one<ContestRow>(db, 'SELECT * FROM contests WHERE slug = $1 FOR UPDATE', [slug]);
  return row ? contestFromRow(row) : null;
}

async function exists(db: Queryable, slug: string): Promise<boolean> {
  return (await one(db, 'SELECT 1 FROM contests WHERE slug = $1', [slug])) !== null;
}

async function questionById(db: Queryable, slug: string, id: string): Promise<Question | null> {
  const row = await one<QuestionRow>(db, 'SELECT * FROM questions WHERE contest_slug = $1 AND id = $2', [slug, id]);
  return row ? questionFromRow(row) : null;
}

async function contestHasAttempts(db: Queryable, slug: string): Promise<boolean> {
  return (await one(db, 'SELECT 1 FROM attempts WHERE contest_slug = $1 LIMIT 1', [slug])) !== null;
}

async function exclusionsOf(db: Queryable, slug: string): Promise<ExclusionList> {
  const rows = await all<{ kind: 'idNumber' | 'phone'; value: string }>(db, 'SELECT kind, value FROM exclusions WHERE contest_slug = $1 ORDER BY kind, value', [slug]);
  return {
    idNumbers: rows.filter((r) => r.kind === 'idNumber').map((r) => r.value),
    phones: rows.filter((r) => r.kind === 'phone').map((r) => r.value),
  };
}

/** Contestants of the contest on its exclusion list (db/contests.ts `excludedContestants`). */
async function excludedContestants(db: Queryable, slug: string): Promise<string[]> {
  const rows = await all<{ id: string }>(
    db,
    `SELECT c.id FROM exclusions x JOIN contestants c ON c.contest_slug = x.contest_slug
       AND ((x.kind = 'idNumber' AND c.id_number = x.value) OR (x.kind = 'phone' AND c.phone = x.value))
     WHERE x.contest_slug = $1`,
    [slug],
  );
  return rows.map((row) => row.id);
}

/** Adds or replaces questions, new ones after the bank (db/contests.ts `saveQuestions`). */
async function saveQuestions(db: Queryable, slug: string, questions: readonly SavedQuestion[]): Promise<void> {
  const next = (await one<{ next: number }>(db, 'SELECT (COALESCE(MAX(position), -1) + 1)::bigint AS next FROM questions WHERE contest_slug = $1', [slug]))!.next;
  for (let from = 0; from < questions.length; from += ROWS_PER_INSERT) {
    const page = questions.slice(from, from + ROWS_PER_INSERT);
    await db.query(
      `INSERT INTO questions (contest_slug, id, topic, text, options, answer, explanation, source, source_url, practice, retired_at, position)
       SELECT v.slug, v.id, v.topic, v.text, v.options, v.answer::bigint, v.explanation, v.source, v.source_url, v.practice::smallint, NULL, v.position::bigint
       FROM (VALUES ${placeholders(page.length, 11)}) AS v(slug, id, topic, text, options, answer, explanation, source, source_url, practice, position)
       ON CONFLICT (contest_slug, id) DO UPDATE SET topic = excluded.topic, text = excluded.text,
         options = excluded.options, answer = excluded.answer, explanation = excluded.explanation,
         source = excluded.source, source_url = excluded.source_url, practice = excluded.practice, retired_at = NULL`,
      page.flatMap((q, index) => [
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
        next + from + index,
      ]),
    );
  }
}

/**
 * Submitted attempts that drew one of the questions and whose score the current keys would change
 * (db/regrade.ts `attemptsAffectedByQuestions`): a drawn question counts when the saved option is its answer.
 */
async function attemptsAffectedByQuestions(db: Queryable, slug: string, questionIds: readonly string[]): Promise<number> {
  if (questionIds.length === 0) return 0;
  const row = await one<{ n: number }>(
    db,
    `SELECT COUNT(*) AS n FROM (
       SELECT a.score AS stored,
         (SELECT COUNT(*) FROM attempt_questions aq
            JOIN questions q ON q.contest_slug = a.contest_slug AND q.id = aq.question_id
            JOIN attempt_answers x ON x.attempt_id = aq.attempt_id AND x.question_id = aq.question_id
          WHERE aq.attempt_id = a.id AND x.option_index = q.answer) AS current
       FROM attempts a JOIN contestants c ON c.id = a.contestant_id
       WHERE a.contest_slug = $1 AND a.status = 'submitted'
         AND EXISTS (SELECT 1 FROM attempt_questions z WHERE z.attempt_id = a.id AND z.question_id = ANY($2::text[]))
     ) s WHERE s.stored IS DISTINCT FROM s.current`,
    [slug, questionIds],
  );
  return row!.n;
}

/**
 * The contest's standings written again in `order` (db/participation.ts `rebuildStandings`): a new
 * ranking order picks each person's contending attempts anew (decision 0011). The triggers on
 * `standings` move its bucket counts and the figures' version.
 */
async function rebuildStandings(db: Queryable, slug: string, order: Contest['rankingOrder']): Promise<void> {
  await db.query('DELETE FROM standings WHERE contest_slug = $1', [slug]);
  const attempts = await all<CountingAttempt & { unitId: string; occupation: string }>(
    db,
    `SELECT ${COUNTING_ATTEMPT_COLUMNS}, c.unit_id AS "unitId", c.occupation
     FROM attempts a JOIN contestants c ON c.id = a.contestant_id
     WHERE a.contest_slug = $1 AND ${COUNTING} ORDER BY a.contestant_id`,
    [slug],
  );
  const rows: StandingRow[] = [];
  for (let from = 0; from < attempts.length; ) {
    let to = from + 1;
    while (to < attempts.length && attempts[to]!.contestantId === attempts[from]!.contestantId) to++;
    const { unitId, occupation } = attempts[from]!;
    rows.push(...standingRows(slug, order, summarise({ slug, unitId, occupation }, attempts.slice(from, to), order).contenders));
    from = to;
  }
  for (let from = 0; from < rows.length; from += ROWS_PER_INSERT) {
    const page = rows.slice(from, from + ROWS_PER_INSERT);
    await db.query(`INSERT INTO standings (${STANDING_ROW_COLUMNS}) VALUES ${placeholders(page.length, 13)}`, page.flat());
  }
}

/**
 * The console's setup over PostgreSQL (decision 0047), with the SQLite store's answers and stored
 * rows. The checks against what contestants write meanwhile (occupations and units in use, rounds
 * with attempts) are read in the write's transaction, with the contest's row locked.
 */
export function postgresSetup({ pool, clock }: PostgresStoreDeps): SetupStore {
  const audit = (db: Queryable, by: string, action: string, target: string, detail?: unknown) =>
    recordAudit(db, { at: clock().toISOString(), actor: by, action, target, detail });

  return {
    async contests() {
      return (await all<ContestRow>(pool, 'SELECT * FROM contests ORDER BY starts_at DESC')).map(contestFromRow);
    },

    contest: (slug) => contestBySlug(pool, slug),

    saveContest(contest, by) {
      const slug = contest.slug;
      return inTransaction(pool, async (db) => {
        await queueSetupWrites(db, slug);
        const before = await lockContest(db, slug);
        const kept = new Set(contest.occupations.map((o) => o.id));
        const inUse = await all<{ occupation: string }>(db, 'SELECT DISTINCT occupation FROM contestants WHERE contest_slug = $1', [slug]);
        const dropped = inUse.map((row) => row.occupation).filter((id) => !kept.has(id));
        if (dropped.length) return { kind: 'occupationsInUse', dropped } as const;
        const now = clock();
        const rounds = await all<{ roundId: string }>(db, 'SELECT DISTINCT round_id AS "roundId" FROM attempts WHERE contest_slug = $1 AND round_id IS NOT NULL', [slug]);
        const problems = roundChangeProblems(roundsOf(before ?? {}), roundsOf(contest), new Set(rounds.map((r) => r.roundId)), await contestHasAttempts(db, slug), now);
        if (problems.length) return { kind: 'roundsInUse', problems } as const;
        const saved: Contest = { ...contest, privacyNotice: { ...contest.privacyNotice, version: noticeVersionAfter(before, contest) } };
        const { title, startsAt, endsAt, personalDataRetentionUntil, slug: _slug, ...settings } = saved;
        const at = now.toISOString();
        await db.query(
          `INSERT INTO contests (slug, title, starts_at, ends_at, settings, personal_data_retention_until, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
           ON CONFLICT (slug) DO UPDATE SET title = excluded.title, starts_at = excluded.starts_at,
             ends_at = excluded.ends_at, settings = excluded.settings,
             personal_data_retention_until = excluded.personal_data_retention_until, updated_at = excluded.updated_at`,
          [slug, title, startsAt, endsAt, JSON.stringify(settings), personalDataRetentionUntil ?? defaultRetentionUntil(endsAt), at],
        );
        // Nothing counts after the contest closes: an earlier close shortens attempts already running.
        await db.query(`UPDATE attempts SET deadline = $1 WHERE contest_slug = $2 AND status = 'inProgress' AND deadline > $1`, [endsAt, slug]);
        if (before && JSON.stringify(before.rankingOrder) !== JSON.stringify(saved.rankingOrder)) await rebuildStandings(db, slug, saved.rankingOrder);
        await audit(db, by, before ? 'contest.update' : 'contest.create', slug, { before, after: saved });
        return { kind: 'saved', created: before === null, contest: saved } as const;
      });
    },

    async questions(slug, includeRetired) {
      if (!(await exists(pool, slug))) return NO_CONTEST;
      const rows = await all<QuestionRow>(pool, 'SELECT * FROM questions WHERE contest_slug = $1 AND (retired_at IS NULL OR $2) ORDER BY position', [slug, includeRetired]);
      return { kind: 'questions', questions: rows.map(questionFromRow) };
    },

    async importQuestions(slug, by, read) {
      if (!(await exists(pool, slug))) return NO_CONTEST;
      const questions = await read(await questionsInUse(pool, slug));
      const affectedAttempts = await inTransaction(pool, async (db) => {
        await queueSetupWrites(db, slug);
        // A row that replaces a question (same id) with another key or options leaves submitted
        // attempts scored against the old one until a regrade, as an edit does.
        const ids = questions.map((q) => q.id);
        const stored = new Map(
          (await all<QuestionRow>(db, 'SELECT * FROM questions WHERE contest_slug = $1 AND id = ANY($2::text[])', [slug, ids])).map((row) => [row.id, questionFromRow(row)]),
        );
        const rekeyed = questions.filter((q) => {
          const before = stored.get(q.id);
          return before && keyChanged(before, q);
        });
        await saveQuestions(db, slug, questions);
        const affected = await attemptsAffectedByQuestions(
          db,
          slug,
          rekeyed.map((q) => q.id),
        );
        await audit(db, by, 'questions.import', slug, { imported: questions.length, ids, affectedAttempts: affected });
        return affected;
      });
      return { kind: 'imported', imported: questions.length, affectedAttempts };
    },

    async editQuestion(slug, id, by, edit) {
      if (!(await exists(pool, slug))) return NO_CONTEST;
      const before = await questionById(pool, slug, id);
      if (!before) return NO_QUESTION;
      const checked = await edit();
      // Attempts show options by position: once attempts exist, a question keeps its number of options.
      if (checked.options.length !== before.options.length && (await contestHasAttempts(pool, slug))) return { kind: 'optionCount', options: before.options.length };
      // A text-only edit scores nobody differently and skips the count.
      const rekeyed = keyChanged(before, checked);
      const affectedAttempts = await inTransaction(pool, async (db) => {
        await queueSetupWrites(db, slug);
        await saveQuestions(db, slug, [{ ...checked, id }]);
        const affected = rekeyed ? await attemptsAffectedByQuestions(db, slug, [id]) : 0;
        await audit(db, by, 'question.update', `${slug}/${id}`, { before, after: checked, affectedAttempts: affected });
        return affected;
      });
      return { kind: 'edited', question: (await questionById(pool, slug, id))!, affectedAttempts };
    },

    async retireQuestion(slug, id, by) {
      if (!(await exists(pool, slug))) return NO_CONTEST;
      if (!(await questionById(pool, slug, id))) return NO_QUESTION;
      await inTransaction(pool, async (db) => {
        await db.query('UPDATE questions SET retired_at = $1 WHERE contest_slug = $2 AND id = $3 AND retired_at IS NULL', [clock().toISOString(), slug, id]);
        await audit(db, by, 'question.retire', `${slug}/${id}`);
      });
      return { kind: 'retired', question: (await questionById(pool, slug, id))! };
    },

    async units(slug) {
      if (!(await exists(pool, slug))) return NO_CONTEST;
      return { kind: 'units', units: await unitsOf(pool, slug) };
    },

    async replaceUnits(slug, by, read) {
      if (!(await exists(pool, slug))) return NO_CONTEST;
      const { units, rows } = await read();
      const outcome = await inTransaction(pool, async (db) => {
        await queueSetupWrites(db, slug);
        // Locked first: no registration names a unit between the look at those in use and the replacement.
        if (!(await lockContest(db, slug))) return NO_CONTEST;
        const inUse = await all<{ unitId: string }>(db, 'SELECT DISTINCT unit_id AS "unitId" FROM contestants WHERE contest_slug = $1', [slug]);
        const problems = unitTreeProblems(
          units,
          inUse.map((row) => row.unitId),
          rows,
        );
        if (problems.length) return { kind: 'invalid', problems } as const;
        await replaceUnits(db, slug, units);
        await audit(db, by, 'units.replace', slug, { count: units.length });
        return null;
      });
      return outcome ?? { kind: 'replaced', units: await unitsOf(pool, slug) };
    },

    async exclusions(slug, reader) {
      if (!(await exists(pool, slug))) return NO_CONTEST;
      const exclusions = await exclusionsOf(pool, slug);
      await recordPersonalDataRead(pool, reader, 'exclusions', slug, clock(), exclusionCounts(exclusions));
      return { kind: 'exclusions', exclusions };
    },

    async replaceExclusions(slug, by, read) {
      if (!(await exists(pool, slug))) return NO_CONTEST;
      const exclusions = await read();
      const replaced = await inTransaction(pool, async (db) => {
        await queueSetupWrites(db, slug);
        const before = await exclusionsOf(db, slug);
        const after = await writeExclusions(db, slug, exclusions);
        await audit(db, by, 'exclusions.replace', slug, { before: exclusionCounts(before), after: exclusionCounts(after) });
        return after;
      });
      return { kind: 'replaced', exclusions: replaced };
    },

    deleteContest(slug, by) {
      return inTransaction(pool, async (db) => {
        await queueSetupWrites(db, slug);
        // Locked: a registration or a start (their foreign key takes a key-share lock on the row) waits, then finds no contest.
        const contest = await lockContest(db, slug);
        if (!contest) return NO_CONTEST;
        if (await one(db, 'SELECT 1 FROM attempts WHERE contest_slug = $1 LIMIT 1', [slug])) return { kind: 'hasAttempts' as const, contest };
        const removed: Record<string, number> = {};
        const count = (table: string, changes: number | null) => {
          if (changes) removed[table] = (removed[table] ?? 0) + changes;
        };
        count('contestant_tokens', (await db.query('DELETE FROM contestant_tokens WHERE contestant_id IN (SELECT id FROM contestants WHERE contest_slug = $1)', [slug])).rowCount);
        const tables = await contestTablesInDeletionOrder(db);
        // Twice: triggers on one table (the maintained figures) write rows into another already emptied.
        for (let pass = 0; pass < 2; pass++) {
          for (const table of tables) {
            const changes = (await db.query(`DELETE FROM "${table}" WHERE contest_slug = $1`, [slug])).rowCount;
            if (pass === 0) count(table, changes);
          }
        }
        count('contests', (await db.query('DELETE FROM contests WHERE slug = $1', [slug])).rowCount);
        await audit(db, by, 'contest.delete', slug, { before: contest, removed });
        return { kind: 'deleted' as const, contest, removed };
      });
    },

    async saveUnit(slug, unit, by) {
      if (!(await exists(pool, slug))) return NO_CONTEST;
      return inTransaction(pool, async (db) => {
        await queueSetupWrites(db, slug);
        // Locked first, as for a whole import: no registration names a unit between the look at those in use and the write.
        if (!(await lockContest(db, slug))) return NO_CONTEST;
        const saved = unitSaved(await unitsOf(db, slug), unit, await unitIdsInUse(db, slug));
        if (saved.kind !== 'saved') return saved;
        await replaceUnits(db, slug, saved.units);
        await audit(db, by, saved.before ? 'unit.update' : 'unit.create', `${slug}/${unit.id}`, { before: saved.before, after: unit });
        return saved;
      });
    },

    async removeUnit(slug, id, by) {
      if (!(await exists(pool, slug))) return NO_CONTEST;
      return inTransaction(pool, async (db) => {
        await queueSetupWrites(db, slug);
        if (!(await lockContest(db, slug))) return NO_CONTEST;
        const removed = unitRemoved(await unitsOf(db, slug), id, await unitIdsInUse(db, slug));
        if (removed.kind !== 'removed') return removed;
        await replaceUnits(db, slug, removed.units);
        await audit(db, by, 'unit.delete', `${slug}/${id}`, { before: removed.unit });
        return removed;
      });
    },

    async addExclusion(slug, kind, value, by) {
      if (!(await exists(pool, slug))) return NO_CONTEST;
      return inTransaction(pool, async (db) => {
        await queueSetupWrites(db, slug);
        const before = await exclusionsOf(db, slug);
        const added = exclusionAdded(before, kind, value);
        if (added.kind === 'present') return { kind: 'present' as const, list: before };
        if (added.kind === 'tooMany') return added;
        const list = await writeExclusions(db, slug, added.list);
        await audit(db, by, 'exclusion.add', slug, { kind, value: maskedExclusion(kind, value) });
        return { kind: 'added' as const, list };
      });
    },

    async removeExclusion(slug, kind, value, by) {
      if (!(await exists(pool, slug))) return NO_CONTEST;
      return inTransaction(pool, async (db) => {
        await queueSetupWrites(db, slug);
        const after = exclusionRemoved(await exclusionsOf(db, slug), kind, value);
        if (!after) return { kind: 'absent' as const };
        const list = await writeExclusions(db, slug, after);
        await audit(db, by, 'exclusion.remove', slug, { kind, value: maskedExclusion(kind, value) });
        return { kind: 'removed' as const, list };
      });
    },

    async audit(limit, before) {
      const rows = await all<Omit<AuditEntry, 'detail'> & { detail: string | null }>(
        pool,
        'SELECT id, at, actor, action, target, detail FROM audit_log WHERE id < $1 ORDER BY id DESC LIMIT $2',
        [before ?? Number.MAX_SAFE_INTEGER, limit],
      );
      const entries: AuditEntry[] = [];
      for (const row of rows) {
        const entry: AuditEntry = { ...row, detail: row.detail === null ? null : (JSON.parse(row.detail) as unknown) };
        const subject = auditSubject(row.action);
        const person =
          subject === 'contestant'
            ? await one<NonNullable<AuditEntry['contestant']>>(
                pool,
                'SELECT id, full_name AS "fullName", id_number AS "idNumber", contest_slug AS "contestSlug" FROM contestants WHERE id = $1',
                [row.target],
              )
            : subject === 'attempt'
              ? await one<NonNullable<AuditEntry['contestant']>>(
                  pool,
                  `SELECT c.id, c.full_name AS "fullName", c.id_number AS "idNumber", c.contest_slug AS "contestSlug"
                   FROM attempts a JOIN contestants c ON c.id = a.contestant_id WHERE a.id = $1`,
                  [row.target],
                )
              : null;
        if (person) entry.contestant = { ...person, idNumber: maskIdNumber(person.idNumber) };
        entries.push(entry);
      }
      return entries;
    },
  };
}

/**
 * The tables other than `contests` with a `contest_slug` column (so a table added later goes too),
 * each after every table whose foreign keys point at it: PostgreSQL checks a foreign key at each
 * statement, where SQLite deferred them to the commit (db/contests.ts `deleteContest`).
 */
async function contestTablesInDeletionOrder(db: Queryable): Promise<string[]> {
  const tables = (
    await all<{ name: string }>(
      db,
      `SELECT c.table_name AS name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
       WHERE c.table_schema = current_schema() AND c.column_name = 'contest_slug' AND c.table_name <> 'contests' ORDER BY c.table_name`,
    )
  ).map((row) => row.name);
  const references = await all<{ child: string; parent: string }>(
    db,
    `SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k
     JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
     WHERE k.contype = 'f' AND k.connamespace = current_schema()::regnamespace AND c.oid <> p.oid`,
  );
  const ordered: string[] = [];
  const left = new Set(tables);
  while (left.size > 0) {
    // A table goes once no table still left references it; a cycle (none today) would go as it stands.
    const next = [...left].filter((table) => !references.some((r) => r.parent === table && left.has(r.child)));
    for (const table of next.length ? next : [...left]) {
      ordered.push(table);
      left.delete(table);
    }
  }
  return ordered;
}

/** Unit ids registrations of the contest name (db/contests.ts `unitIdsInUse`). */
async function unitIdsInUse(db: Queryable, slug: string): Promise<string[]> {
  return (await all<{ unitId: string }>(db, 'SELECT DISTINCT unit_id AS "unitId" FROM contestants WHERE contest_slug = $1', [slug])).map((row) => row.unitId);
}

/**
 * Replaces a contest's exclusion lists (db/contests.ts `replaceExclusions`); who was or now is
 * excluded stops or starts counting. Answers the lists as stored.
 */
async function writeExclusions(db: Queryable, slug: string, exclusions: ExclusionList): Promise<ExclusionList> {
  const affected = await excludedContestants(db, slug);
  await db.query('DELETE FROM exclusions WHERE contest_slug = $1', [slug]);
  const entries = [...exclusions.idNumbers.map((value) => ['idNumber', value]), ...exclusions.phones.map((value) => ['phone', value])];
  for (let from = 0; from < entries.length; from += ROWS_PER_INSERT) {
    const page = entries.slice(from, from + ROWS_PER_INSERT);
    await db.query(
      `INSERT INTO exclusions (contest_slug, kind, value) VALUES ${placeholders(page.length, 3)} ON CONFLICT DO NOTHING`,
      page.flatMap(([kind, value]) => [slug, kind, value]),
    );
  }
  // Each contestant locked first, in id order, as every write to their attempts locks them (attempts.ts).
  const changed = [...new Set([...affected, ...(await excludedContestants(db, slug))])];
  await db.query('SELECT id FROM contestants WHERE id = ANY($1::text[]) ORDER BY id FOR NO KEY UPDATE', [changed]);
  for (const id of changed) await refreshParticipation(db, id);
  return exclusionsOf(db, slug);
}

/** Replaces a contest's units, in their order (db/contests.ts `replaceUnits`). */
async function replaceUnits(db: Queryable, slug: string, units: readonly Unit[]): Promise<void> {
  await db.query('DELETE FROM units WHERE contest_slug = $1', [slug]);
  for (let from = 0; from < units.length; from += ROWS_PER_INSERT) {
    const page = units.slice(from, from + ROWS_PER_INSERT);
    await db.query(
      `INSERT INTO units (contest_slug, id, name, parent_id, kind, headcount, competes, position) VALUES ${placeholders(page.length, 8)}`,
      page.flatMap((unit, index) => [slug, unit.id, unit.name, unit.parentId, unit.kind, unit.headcount, unit.competes === null ? null : Number(unit.competes), from + index]),
    );
  }
}
