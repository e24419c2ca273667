import type pg from 'pg';
import { attemptFromRow, drawnQuestion, type Attempt, type AttemptQuestion, type AttemptRow } from '../../db/attempts.js';
import type { Contestant } from '../../db/contestants.js';
import { contestFromRow, questionFromRow, type ContestRow, type Question, type QuestionRow, type Unit } from '../../db/contests.js';
import type { Contest } from '../../domain/contest.js';

/**
 * The reads the PostgreSQL store shares between its use cases: the rows of the SQLite schema
 * (same columns, same values, decision 0042), mapped by the same functions as on SQLite. Column
 * aliases are quoted: PostgreSQL folds unquoted names to lower case.
 */
export type Queryable = pg.Pool | pg.PoolClient;

export async function one<R extends pg.QueryResultRow>(db: Queryable, text: string, values: unknown[] = []): Promise<R | null> {
  return (await db.query<R>(text, values)).rows[0] ?? null;
}

export async function all<R extends pg.QueryResultRow>(db: Queryable, text: string, values: unknown[] = []): Promise<R[]> {
  return (await db.query<R>(text, values)).rows;
}

export async function contestBySlug(db: Queryable, slug: string): Promise<Contest | null> {
  const row = await one<ContestRow>(db, 'SELECT * FROM contests WHERE slug = $1', [slug]);
  return row ? contestFromRow(row) : null;
}

/** The questions in use (not retired), in bank order: what a draw draws from. */
export async function questionsInUse(db: Queryable, slug: string): Promise<Question[]> {
  return (await all<QuestionRow>(db, 'SELECT * FROM questions WHERE contest_slug = $1 AND retired_at IS NULL ORDER BY position', [slug])).map(questionFromRow);
}

export const CONTESTANT_COLUMNS = `c.id, c.contest_slug AS "contestSlug", c.id_number AS "idNumber", c.full_name AS "fullName",
  c.birth_date AS "birthDate", c.phone, c.email, c.unit_id AS "unitId", c.occupation, c.source,
  c.extra_attempts AS "extraAttempts", c.attempts_before_erasure AS "attemptsBeforeErasure", c.created_at AS "createdAt"`;

export async function contestantByIdNumber(db: Queryable, slug: string, idNumber: string): Promise<Contestant | null> {
  return one<Contestant>(db, `SELECT ${CONTESTANT_COLUMNS} FROM contestants c WHERE c.contest_slug = $1 AND c.id_number = $2`, [slug, idNumber]);
}

export async function attemptById(db: Queryable, id: string, lock = false): Promise<Attempt | null> {
  const row = await one<AttemptRow>(db, `SELECT * FROM attempts WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return row ? attemptFromRow(row) : null;
}

export { attemptFromRow };

/** An attempt's drawn questions in shown order, a question retired since the draw included. */
export async function attemptQuestions(db: Queryable, attempt: Pick<Attempt, 'id' | 'contestSlug'>): Promise<AttemptQuestion[]> {
  const rows = await all<QuestionRow & { option_order: string }>(
    db,
    `SELECT q.*, aq.option_order FROM attempt_questions aq JOIN questions q ON q.contest_slug = $2 AND q.id = aq.question_id
     WHERE aq.attempt_id = $1 ORDER BY aq.position`,
    [attempt.id, attempt.contestSlug],
  );
  return rows.map((row) => drawnQuestion(questionFromRow(row), JSON.parse(row.option_order) as number[]));
}

/** Saved answers as questionId → bank option index. */
export async function savedAnswers(db: Queryable, attemptId: string): Promise<Map<string, number>> {
  const rows = await all<{ questionId: string; optionIndex: number }>(
    db,
    'SELECT question_id AS "questionId", option_index AS "optionIndex" FROM attempt_answers WHERE attempt_id = $1',
    [attemptId],
  );
  return new Map(rows.map((row) => [row.questionId, row.optionIndex]));
}

/** The shown option order of those of `questionIds` drawn for the attempt; a question not drawn is absent. */
export async function attemptOptionOrders(db: Queryable, attemptId: string, questionIds: readonly string[]): Promise<Map<string, number[]>> {
  if (questionIds.length === 0) return new Map();
  const rows = await all<{ questionId: string; optionOrder: string }>(
    db,
    'SELECT question_id AS "questionId", option_order AS "optionOrder" FROM attempt_questions WHERE attempt_id = $1 AND question_id = ANY($2::text[])',
    [attemptId, questionIds],
  );
  return new Map(rows.map((row) => [row.questionId, JSON.parse(row.optionOrder) as number[]]));
}

/** `?, ?, …` placeholders for `rows` rows of `width` values: ($1, $2), ($3, $4)… */
export function placeholders(rows: number, width: number, from = 1): string {
  return Array.from({ length: rows }, (_, r) => `(${Array.from({ length: width }, (_, c) => `$${from + r * width + c}`).join(', ')})`).join(', ');
}

/** A contest's units in tree order (db/contests.ts `listUnits`). */
export async function unitsOf(db: Queryable, slug: string): Promise<Unit[]> {
  const rows = await all<Omit<Unit, 'competes'> & { competes: 0 | 1 | null }>(
    db,
    'SELECT id, name, parent_id AS "parentId", kind, headcount, competes FROM units WHERE contest_slug = $1 ORDER BY position',
    [slug],
  );
  return rows.map((unit) => ({ ...unit, competes: unit.competes === null ? null : unit.competes === 1 }));
}
