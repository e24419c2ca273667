import { erasedIdNumberHash } from '../../db/erasure-limits.js';
import {
  camelRow,
  newDataRequest,
  storedAttemptOf,
  storedAuditEntryOf,
  type DataRequest,
  type DrawnRow,
  type PersonalDataPurgeCounts,
  type StoredPersonalData,
} from '../../db/personal-data.js';
import { nameInitials } from '../../domain/personal-data.js';
import { foldVietnamese } from '../../domain/vietnamese-fold.js';
import { signInKey } from '../../db/sessions.js';
import type { Contest } from '../../domain/contest.js';
import {
  addRoundTries,
  dataRequestAnswerAuditEntry,
  dataRequestAuditEntry,
  ERASURE_REQUEST_MESSAGE,
  erasedAttempts,
  erasureAuditEntry,
  keepsErasedAttempts,
  OPEN_REQUESTS_PER_CONTESTANT,
  publishedWinnerIds,
  rankMayRetain,
  retentionReason,
  roundTriesOf,
  type DataRequestKind,
  type ErasedAttempts,
  type RetentionReason,
} from '../../domain/data-rights.js';
import type { Results } from '../../domain/results.js';
import { newId } from '../../tokens.js';
import type { NoContestant, NotFound, PersonalDataStore } from '../store.js';
import { finaliseOverdueAttempts } from './attempts.js';
import { recordAudit } from './audit.js';
import { idNumberHashKey } from './contestants.js';
import { refreshParticipation } from './figures.js';
import type { PostgresStoreDeps } from './index.js';
import { inTransaction } from './pool.js';
import { rankOf } from './ranking.js';
import { all, contestBySlug, one, type Queryable } from './rows.js';

const NO_CONTEST: NotFound = Object.freeze({ kind: 'notFound', what: 'contest' });
const NO_CONTESTANT: NoContestant = Object.freeze({ kind: 'noContestant' });

const DATA_REQUEST_COLUMNS = `id, contest_slug AS "contestSlug", contestant_id AS "contestantId", kind, message, received_at AS "receivedAt",
  due_at AS "dueAt", status, answer, answered_at AS "answeredAt", answered_by AS "answeredBy"`;

/** The tables of the schema other than `except` that have a column named `column` (db/personal-data.ts `tablesWithColumn`). */
async function tablesWithColumn(db: Queryable, column: string, except: readonly string[]): Promise<string[]> {
  const rows = await all<{ name: string }>(
    db,
    `SELECT c.table_name AS name FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
     WHERE c.table_schema = current_schema() AND c.column_name = $1 ORDER BY c.table_name`,
    [column],
  );
  return rows.map((row) => row.name).filter((name) => !except.includes(name));
}

/** db/personal-data.ts `storedPersonalData`: everything stored about a contestant, as stored. */
async function storedPersonalData(db: Queryable, contestantId: string): Promise<StoredPersonalData | null> {
  const row = await one<Record<string, unknown>>(db, 'SELECT * FROM contestants WHERE id = $1', [contestantId]);
  if (!row) return null;
  // The identity PostgreSQL adds for export pages (decision 0042) is no column of the registration.
  const { rowid: _rowid, ...profile } = row;
  const attempts = await all<Record<string, unknown>>(db, 'SELECT * FROM attempts WHERE contestant_id = $1 ORDER BY started_at, id', [contestantId]);
  const stored = [];
  for (const attempt of attempts) {
    const drawn = await all<DrawnRow>(
      db,
      `SELECT aq.question_id AS "questionId", aq.option_order AS "optionOrder", q.text, q.options, q.answer, aa.option_index AS chosen
       FROM attempt_questions aq JOIN attempts a ON a.id = aq.attempt_id
       LEFT JOIN questions q ON q.contest_slug = a.contest_slug AND q.id = aq.question_id
       LEFT JOIN attempt_answers aa ON aa.attempt_id = aq.attempt_id AND aa.question_id = aq.question_id
       WHERE aq.attempt_id = $1 ORDER BY aq.position`,
      [attempt.id],
    );
    stored.push(storedAttemptOf(attempt, drawn));
  }
  const ids = attempts.map((a) => a.id as string);
  return {
    profile: camelRow(profile),
    attempts: stored,
    sessions: await all<{ createdAt: string }>(db, 'SELECT created_at AS "createdAt" FROM contestant_tokens WHERE contestant_id = $1 ORDER BY created_at', [
      contestantId,
    ]),
    audit: (
      await all<{ at: string; actor: string; action: string; target: string; detail: string | null }>(
        db,
        'SELECT at, actor, action, target, detail FROM audit_log WHERE target = ANY($1::text[]) ORDER BY id',
        [[contestantId, ...ids]],
      )
    ).map(storedAuditEntryOf),
    dataRequests: await all<DataRequest>(db, `SELECT ${DATA_REQUEST_COLUMNS} FROM data_requests WHERE contestant_id = $1 ORDER BY received_at, id`, [contestantId]),
  };
}

/** db/personal-data.ts `fileDataRequest`. */
async function fileDataRequest(
  db: Queryable,
  request: { id: string; slug: string; contestantId: string; kind: DataRequestKind; message: string },
  now: Date,
): Promise<DataRequest> {
  const filed = newDataRequest(request, now);
  await db.query('INSERT INTO data_requests (id, contest_slug, contestant_id, kind, message, received_at, due_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
    filed.id,
    filed.contestSlug,
    filed.contestantId,
    filed.kind,
    filed.message,
    filed.receivedAt,
    filed.dueAt,
  ]);
  return filed;
}

/** db/erasure-limits.ts `keepErasedAttempts`: added to a row already kept, never replacing it. */
async function keepErasedAttempts(db: Queryable, slug: string, hash: string, kept: ErasedAttempts, now: Date): Promise<void> {
  const earlier = await one<{ rounds: string | null }>(db, 'SELECT rounds FROM erasure_limits WHERE contest_slug = $1 AND id_number_hash = $2 FOR UPDATE', [slug, hash]);
  const rounds = addRoundTries(roundTriesOf(earlier?.rounds), kept.rounds);
  await db.query(
    `INSERT INTO erasure_limits (contest_slug, id_number_hash, attempts, granted, in_progress, erased_at, rounds) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (contest_slug, id_number_hash) DO UPDATE SET attempts = erasure_limits.attempts + excluded.attempts,
       granted = GREATEST(erasure_limits.granted, excluded.granted), in_progress = GREATEST(erasure_limits.in_progress, excluded.in_progress),
       erased_at = excluded.erased_at, rounds = excluded.rounds`,
    [slug, hash, kept.attempts, kept.granted, Number(kept.inProgress), now.toISOString(), Object.keys(rounds).length ? JSON.stringify(rounds) : null],
  );
}

/** Why the person's registration must be kept for now (domain `retentionReason`), read in the erasure's transaction. */
async function retentionOf(db: Queryable, contest: Contest, contestantId: string, now: Date): Promise<RetentionReason | null> {
  const row = await one<{ payload: string }>(db, 'SELECT payload FROM results WHERE contest_slug = $1', [contest.slug]);
  const published = row ? (JSON.parse(row.payload) as Results) : null;
  const rank = rankMayRetain(contest, published !== null, now) ? (await rankOf(db, contest, contestantId))?.rank : undefined;
  return retentionReason(contest, contestantId, now, published, rank);
}

/**
 * db/personal-data.ts `purgePersonalData`, statement for statement, in the caller's transaction,
 * which holds the contest's contestants locked: the counts first, then (unless `dryRun`) the erasure.
 */
async function purgePersonalData(db: Queryable, slug: string, keepNames: ReadonlySet<string>, dryRun: boolean): Promise<PersonalDataPurgeCounts> {
  const count = async (text: string) => (await one<{ n: number }>(db, text, [slug]))!.n;
  const ofContestants = (where: string) => count(`SELECT COUNT(*) AS n FROM contestants WHERE contest_slug = $1 AND ${where}`);
  const guardianColumns = (
    await all<{ name: string }>(
      db,
      `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'contestants' AND column_name LIKE 'guardian%' ORDER BY ordinal_position`,
    )
  ).map((row) => row.name);
  const guardianTables = (await tablesWithColumn(db, 'contestant_id', [])).filter((table) => table.includes('guardian'));
  const guardianHeld = guardianColumns.length ? guardianColumns.map((column) => `("${column}" IS NOT NULL AND "${column}"::text != '')`).join(' OR ') : 'false';
  let guardianRows = 0;
  for (const table of guardianTables) {
    guardianRows += await count(`SELECT COUNT(*) AS n FROM "${table}" WHERE contestant_id IN (SELECT id FROM contestants WHERE contest_slug = $1)`);
  }
  const names = await all<{ id: string; fullName: string }>(db, 'SELECT id, full_name AS "fullName" FROM contestants WHERE contest_slug = $1 ORDER BY id', [slug]);
  const shortened = names.filter((n) => !keepNames.has(n.id) && nameInitials(n.fullName) !== n.fullName);
  const networkHeld = 'contest_slug = $1 AND (ip IS NOT NULL OR ip_network IS NOT NULL OR user_agent IS NOT NULL)';
  const counts: PersonalDataPurgeCounts = {
    idNumbers: await ofContestants(`id_number ~ '^[0-9]'`),
    phones: await ofContestants(`phone != ''`),
    emails: await ofContestants('email IS NOT NULL'),
    birthDates: await ofContestants(`birth_date != ''`),
    guardians: (await ofContestants(`(${guardianHeld})`)) + guardianRows,
    names: shortened.length,
    namesKept: names.filter((n) => keepNames.has(n.id)).length,
    exclusions: await count(`SELECT COUNT(*) AS n FROM exclusions WHERE contest_slug = $1 AND value NOT LIKE 'purged:%'`),
    phoneCodes: await count('SELECT COUNT(*) AS n FROM phone_codes WHERE contest_slug = $1'),
    dataRequests: await count(`SELECT COUNT(*) AS n FROM data_requests WHERE contest_slug = $1 AND (message != '' OR answer IS NOT NULL)`),
    networkData: {
      contestants: await count(`SELECT COUNT(*) AS n FROM contestants WHERE ${networkHeld}`),
      attempts: await count(`SELECT COUNT(*) AS n FROM attempts WHERE ${networkHeld}`),
    },
    erasureLimits: await count('SELECT COUNT(*) AS n FROM erasure_limits WHERE contest_slug = $1'),
  };
  if (dryRun) return counts;

  // Contestants the exclusion list keeps out by ID number or phone stay out by their placeholder.
  await db.query(
    `INSERT INTO exclusions (contest_slug, kind, value)
     SELECT c.contest_slug, 'idNumber', 'purged:' || c.id FROM contestants c WHERE c.contest_slug = $1 AND EXISTS (
       SELECT 1 FROM exclusions x WHERE x.contest_slug = c.contest_slug
         AND ((x.kind = 'idNumber' AND x.value = c.id_number) OR (x.kind = 'phone' AND x.value = c.phone)))
     ON CONFLICT DO NOTHING`,
    [slug],
  );
  await db.query(`DELETE FROM exclusions WHERE contest_slug = $1 AND value NOT LIKE 'purged:%'`, [slug]);
  // The placeholder cannot be a real ID number (12 digits) and is unique per registration, so the
  // uniqueness of ID numbers per contest holds before and after.
  await db.query(`UPDATE contestants SET id_number = 'purged:' || id WHERE contest_slug = $1 AND id_number ~ '^[0-9]'`, [slug]);
  await db.query(`UPDATE contestants SET phone = '', birth_date = '', email = NULL WHERE contest_slug = $1 AND (phone != '' OR birth_date != '' OR email IS NOT NULL)`, [slug]);
  for (const column of guardianColumns) {
    await db.query(`UPDATE contestants SET "${column}" = NULL WHERE contest_slug = $1 AND "${column}" IS NOT NULL`, [slug]);
  }
  for (const table of guardianTables) {
    await db.query(`DELETE FROM "${table}" WHERE contestant_id IN (SELECT id FROM contestants WHERE contest_slug = $1)`, [slug]);
  }
  if (shortened.length > 0) {
    const initials = shortened.map((n) => nameInitials(n.fullName));
    await db.query(
      'UPDATE contestants c SET full_name = v.name, name_folded = v.folded FROM unnest($1::text[], $2::text[], $3::text[]) AS v(id, name, folded) WHERE c.id = v.id',
      [shortened.map((n) => n.id), initials, initials.map(foldVietnamese)],
    );
  }
  await db.query('DELETE FROM phone_codes WHERE contest_slug = $1', [slug]);
  await db.query(`UPDATE data_requests SET message = '', answer = NULL WHERE contest_slug = $1 AND (message != '' OR answer IS NOT NULL)`, [slug]);
  for (const table of ['contestants', 'attempts']) {
    await db.query(`UPDATE ${table} SET ip = NULL, ip_network = NULL, user_agent = NULL WHERE ${networkHeld}`, [slug]);
  }
  await db.query('DELETE FROM erasure_limits WHERE contest_slug = $1', [slug]);
  return counts;
}

type ErasureOutcome =
  | { kind: 'erased'; attempts: number; sessions: number }
  | { kind: 'retained'; reason: RetentionReason; request: DataRequest; opened: boolean }
  | { kind: 'notFound' };

/**
 * A contestant's rights over their own data on PostgreSQL: the same rules, rows and answers as the
 * SQLite store (store/sqlite/personal-data.ts, db/personal-data.ts). An erasure is one transaction
 * that first locks the contestant's row (FOR UPDATE: it is deleted at the end), so a start, save or
 * submit of the same person on any node either commits before it — and is erased with the rest — or
 * waits and then finds no one.
 */
export function postgresPersonalData({ pool, clock, config }: PostgresStoreDeps): PersonalDataStore {
  return {
    async export(contestantId, slug) {
      const contest = await contestBySlug(pool, slug);
      if (!contest) return NO_CONTEST;
      const at = clock();
      await finaliseOverdueAttempts(pool, slug, at);
      // One snapshot: the attempts, their questions and the audit entries agree.
      const data = await inTransaction(pool, (db) => storedPersonalData(db, contestantId), { isolation: 'repeatable read', readOnly: true });
      return data ? { kind: 'data', data, contest, at } : NO_CONTESTANT;
    },

    async erase(contestant, slug, confirm) {
      const contest = await contestBySlug(pool, slug);
      if (!contest) return NO_CONTEST;
      await confirm();
      const now = clock();
      await finaliseOverdueAttempts(pool, slug, now);
      // db/personal-data.ts `eraseContestant`, step by step, with its audit entry.
      const outcome = await inTransaction(pool, async (db): Promise<ErasureOutcome> => {
        const person = await one<{ slug: string; idNumber: string; granted: number; before: number; roundsBefore: string | null }>(
          db,
          `SELECT contest_slug AS slug, id_number AS "idNumber", extra_attempts AS granted, attempts_before_erasure AS before,
             rounds_before_erasure AS "roundsBefore" FROM contestants WHERE id = $1 FOR UPDATE`,
          [contestant.id],
        );
        if (!person) return { kind: 'notFound' };
        const reason = await retentionOf(db, contest, contestant.id, now);
        if (reason) {
          const open = await one<DataRequest>(
            db,
            `SELECT ${DATA_REQUEST_COLUMNS} FROM data_requests WHERE contestant_id = $1 AND kind = 'erasure' AND status = 'open' ORDER BY received_at LIMIT 1`,
            [contestant.id],
          );
          if (open) return { kind: 'retained', reason, request: open, opened: false };
          const request = await fileDataRequest(db, { id: newId(), slug: person.slug, contestantId: contestant.id, kind: 'erasure', message: ERASURE_REQUEST_MESSAGE }, now);
          await recordAudit(db, dataRequestAuditEntry(contestant.id, slug, request, now, reason));
          return { kind: 'retained', reason, request, opened: true };
        }
        const attempts = await all<{ id: string; status: string; roundId: string | null }>(
          db,
          'SELECT id, status, round_id AS "roundId" FROM attempts WHERE contestant_id = $1 FOR UPDATE',
          [contestant.id],
        );
        const attemptIds = attempts.map((attempt) => attempt.id);
        const kept = erasedAttempts(person, attempts);
        if (keepsErasedAttempts(kept, person.idNumber)) {
          const key = (await idNumberHashKey(db, config.idNumberKey, true))!;
          await keepErasedAttempts(db, person.slug, erasedIdNumberHash(key, person.slug, person.idNumber), kept, now);
        }
        // Rows that hang off the attempts, not `standings`: refreshParticipation takes those out, with the figures they feed.
        for (const table of await tablesWithColumn(db, 'attempt_id', ['attempts', 'standings'])) {
          await db.query(`DELETE FROM "${table}" WHERE attempt_id = ANY($1::text[])`, [attemptIds]);
        }
        await db.query('DELETE FROM attempts WHERE contestant_id = $1', [contestant.id]);
        // With the attempts gone the contestant counts nowhere: the difference leaves every figure.
        await refreshParticipation(db, contestant.id);
        const sessions = (await one<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM contestant_tokens WHERE contestant_id = $1', [contestant.id]))!.n;
        for (const table of await tablesWithColumn(db, 'contestant_id', ['contestants'])) {
          await db.query(`DELETE FROM "${table}" WHERE contestant_id = $1`, [contestant.id]);
        }
        await db.query('DELETE FROM sign_in_failures WHERE key_hash = $1', [signInKey(person.slug, person.idNumber)]);
        await db.query('DELETE FROM contestants WHERE id = $1', [contestant.id]);
        const erased = { kind: 'erased' as const, attempts: attemptIds.length, sessions };
        await recordAudit(db, erasureAuditEntry(contestant, slug, erased, now));
        return erased;
      });
      if (outcome.kind === 'notFound') return NO_CONTESTANT;
      if (outcome.kind === 'retained') return { kind: 'retained', reason: outcome.reason, request: outcome.request };
      return { kind: 'erased', at: now };
    },

    async fileRequest(contestantId, slug, read) {
      if (!(await contestBySlug(pool, slug))) return NO_CONTEST;
      const body = await read();
      const now = clock();
      const request = await inTransaction(pool, async (db) => {
        // The contestant's row, locked: two requests filed at once on two nodes are counted one after the other.
        await db.query('SELECT 1 FROM contestants WHERE id = $1 FOR NO KEY UPDATE', [contestantId]);
        const open = (await one<{ n: number }>(db, `SELECT COUNT(*) AS n FROM data_requests WHERE contestant_id = $1 AND status = 'open'`, [contestantId]))!.n;
        if (open >= OPEN_REQUESTS_PER_CONTESTANT) return null;
        const filed = await fileDataRequest(db, { id: newId(), slug, contestantId, kind: body.kind, message: body.message }, now);
        await recordAudit(db, dataRequestAuditEntry(contestantId, slug, filed, now));
        return filed;
      });
      return request ? { kind: 'filed', request } : { kind: 'tooMany', limit: OPEN_REQUESTS_PER_CONTESTANT };
    },

    requests(slug) {
      return all(
        pool,
        `SELECT r.id, r.contest_slug AS "contestSlug", r.contestant_id AS "contestantId", r.kind, r.message, r.received_at AS "receivedAt",
           r.due_at AS "dueAt", r.status, r.answer, r.answered_at AS "answeredAt", r.answered_by AS "answeredBy",
           c.full_name AS "contestantName", COALESCE(u.name, c.unit_id) AS "unitName"
         FROM data_requests r JOIN contestants c ON c.id = r.contestant_id
         LEFT JOIN units u ON u.contest_slug = c.contest_slug AND u.id = c.unit_id
         WHERE r.contest_slug = $1 ORDER BY r.received_at DESC, r.id`,
        [slug],
      );
    },

    answerRequest(slug, id, answer, actor) {
      return inTransaction(pool, async (db) => {
        // Two answers at once on two nodes: the second waits here, then finds it answered.
        const request = await one<DataRequest>(db, `SELECT ${DATA_REQUEST_COLUMNS} FROM data_requests WHERE id = $1 AND contest_slug = $2 FOR UPDATE`, [id, slug]);
        if (!request) return { kind: 'noRequest' as const };
        if (request.status !== 'open') return { kind: 'alreadyAnswered' as const };
        const now = clock();
        const answered = (await one<DataRequest>(
          db,
          `UPDATE data_requests SET status = $1, answer = $2, answered_at = $3, answered_by = $4 WHERE id = $5 RETURNING ${DATA_REQUEST_COLUMNS}`,
          [answer.status, answer.answer, now.toISOString(), actor, id],
        ))!;
        await recordAudit(db, dataRequestAnswerAuditEntry(request, answer, actor, now));
        return { kind: 'answered' as const, request: answered };
      });
    },

    purge(slug, dryRun, actor) {
      // A dry run reads one snapshot and locks nothing. A purge locks the contest's row, then its
      // contestants in id order (the lock order of every write): an erasure or a change of one of
      // them on another node commits before the purge, or waits and then sees what it wrote.
      const options = dryRun ? ({ isolation: 'repeatable read', readOnly: true } as const) : {};
      return inTransaction(pool, async (db) => {
        if (!dryRun) {
          await db.query('SELECT 1 FROM contests WHERE slug = $1 FOR UPDATE', [slug]);
          await db.query('SELECT 1 FROM contestants WHERE contest_slug = $1 ORDER BY id FOR UPDATE', [slug]);
        }
        const row = await one<{ payload: string }>(db, 'SELECT payload FROM results WHERE contest_slug = $1', [slug]);
        const winners = publishedWinnerIds(row ? (JSON.parse(row.payload) as Results) : null);
        const now = clock();
        const erased = await purgePersonalData(db, slug, winners, dryRun);
        if (!dryRun) await recordAudit(db, { at: now.toISOString(), actor, action: 'personalData.purge', target: slug, detail: erased });
        return erased;
      }, options);
    },
  };
}
