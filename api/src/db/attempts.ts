import type { ChallengeProblem, ChallengeVerdict } from '../domain/challenge.js';
import { attemptDurationMs, scoreAnswers } from '../domain/contest.js';
import { spendChallenge } from './challenges.js';
import { sql, type Db } from './connection.js';
import { refreshParticipation } from './participation.js';

export type AttemptStatus = 'inProgress' | 'submitted';

export interface Attempt {
  id: string;
  contestSlug: string;
  contestantId: string;
  status: AttemptStatus;
  startedAt: string;
  deadline: string;
  submittedAt: string | null;
  score: number | null;
  total: number;
  durationMs: number | null;
  prediction: number | null;
  autoSubmitted: boolean;
  voidedAt: string | null;
  voidReason: string | null;
}

/** One question as drawn for an attempt: `optionOrder[k]` is the bank index shown at position k. */
export interface AttemptQuestion {
  questionId: string;
  text: string;
  options: string[];
  optionOrder: number[];
  answer: number;
  explanation: string | null;
}

interface AttemptRow {
  id: string;
  contest_slug: string;
  contestant_id: string;
  status: AttemptStatus;
  started_at: string;
  deadline: string;
  submitted_at: string | null;
  score: number | null;
  total: number;
  duration_ms: number | null;
  prediction: number | null;
  auto_submitted: number;
  voided_at: string | null;
  void_reason: string | null;
}

const attemptFromRow = (row: AttemptRow): Attempt => ({
  id: row.id,
  contestSlug: row.contest_slug,
  contestantId: row.contestant_id,
  status: row.status,
  startedAt: row.started_at,
  deadline: row.deadline,
  submittedAt: row.submitted_at,
  score: row.score,
  total: row.total,
  durationMs: row.duration_ms,
  prediction: row.prediction,
  autoSubmitted: row.auto_submitted === 1,
  voidedAt: row.voided_at,
  voidReason: row.void_reason,
});

export function getAttempt(db: Db, id: string): Attempt | null {
  const row = sql<[string], AttemptRow>(db, 'SELECT * FROM attempts WHERE id = ?').get(id);
  return row ? attemptFromRow(row) : null;
}

export function contestantAttempts(db: Db, contestantId: string): Attempt[] {
  return sql<[string], AttemptRow>(db, 'SELECT * FROM attempts WHERE contestant_id = ? ORDER BY started_at, id')
    .all(contestantId)
    .map(attemptFromRow);
}

export function attemptQuestions(db: Db, attempt: Pick<Attempt, 'id' | 'contestSlug'>): AttemptQuestion[] {
  return sql<[string, string], { questionId: string; text: string; options: string; optionOrder: string; answer: number; explanation: string | null }>(
    db,
    `SELECT aq.question_id AS questionId, q.text, q.options, aq.option_order AS optionOrder, q.answer, q.explanation
     FROM attempt_questions aq JOIN questions q ON q.contest_slug = ? AND q.id = aq.question_id
     WHERE aq.attempt_id = ? ORDER BY aq.position`,
  )
    .all(attempt.contestSlug, attempt.id)
    .map((row) => ({
      ...row,
      options: JSON.parse(row.options) as string[],
      optionOrder: JSON.parse(row.optionOrder) as number[],
    }));
}

/** Saved answers as questionId → bank option index. */
export function savedAnswers(db: Db, attemptId: string): Map<string, number> {
  const rows = sql<[string], { questionId: string; optionIndex: number }>(
    db,
    'SELECT question_id AS questionId, option_index AS optionIndex FROM attempt_answers WHERE attempt_id = ?',
  ).all(attemptId);
  return new Map(rows.map((row) => [row.questionId, row.optionIndex]));
}

export interface NewAttempt {
  id: string;
  contestSlug: string;
  contestantId: string;
  deadline: Date;
  source: string | null;
  questions: { questionId: string; optionOrder: number[] }[];
}

export type StartOutcome =
  | { kind: 'resumed'; attempt: Attempt }
  | { kind: 'started'; attempt: Attempt }
  | { kind: 'limit' }
  | { kind: 'challenge'; problem: ChallengeProblem };

/**
 * Starts an attempt unless one is in progress (then that one is resumed) or no try is left.
 * `triesLeft` is asked inside the transaction, after overdue attempts were finalised.
 * `challenge` is the checked proof of work a new attempt spends (null when none is required);
 * resuming needs none.
 */
export function startAttempt(
  db: Db,
  contestantId: string,
  now: Date,
  triesLeft: (started: number) => boolean,
  draw: () => NewAttempt,
  challenge: ChallengeVerdict | null = null,
): StartOutcome {
  return db.transaction((): StartOutcome => {
    finaliseOverdueAttemptsOf(db, contestantId, now);
    const open = sql<[string], AttemptRow>(db, `SELECT * FROM attempts WHERE contestant_id = ? AND status = 'inProgress'`).get(contestantId);
    if (open) return { kind: 'resumed', attempt: attemptFromRow(open) };
    if (challenge && !challenge.ok) return { kind: 'challenge', problem: challenge.problem };
    const started = sql<[string], { n: number }>(db, 'SELECT COUNT(*) AS n FROM attempts WHERE contestant_id = ?').get(contestantId)!.n;
    if (!triesLeft(started)) return { kind: 'limit' };
    const attempt = draw();
    if (challenge && !spendChallenge(db, attempt.contestSlug, challenge.salt, challenge.expiresAt, now)) {
      return { kind: 'challenge', problem: 'reused' };
    }
    sql(
      db,
      `INSERT INTO attempts (id, contest_slug, contestant_id, status, started_at, deadline, total, source)
       VALUES (?, ?, ?, 'inProgress', ?, ?, ?, ?)`,
    ).run(attempt.id, attempt.contestSlug, contestantId, now.toISOString(), attempt.deadline.toISOString(), attempt.questions.length, attempt.source);
    const insertQuestion = sql(db, 'INSERT INTO attempt_questions (attempt_id, position, question_id, option_order) VALUES (?, ?, ?, ?)');
    attempt.questions.forEach((q, position) => insertQuestion.run(attempt.id, position, q.questionId, JSON.stringify(q.optionOrder)));
    return { kind: 'started', attempt: getAttempt(db, attempt.id)! };
  })();
}

function finalise(db: Db, attempt: Attempt, submittedAt: string, prediction: number | null, autoSubmitted: boolean): void {
  const score = scoreAnswers(attemptQuestions(db, attempt), savedAnswers(db, attempt.id));
  sql(
    db,
    `UPDATE attempts SET status = 'submitted', submitted_at = ?, score = ?, duration_ms = ?, prediction = ?, auto_submitted = ?
     WHERE id = ? AND status = 'inProgress'`,
  ).run(submittedAt, score, attemptDurationMs(attempt.startedAt, submittedAt, attempt.deadline), prediction, autoSubmitted ? 1 : 0, attempt.id);
  refreshParticipation(db, [attempt.contestantId]);
}

function finaliseOverdue(db: Db, rows: AttemptRow[]): number {
  for (const row of rows) finalise(db, attemptFromRow(row), row.deadline, null, true);
  return rows.length;
}

function finaliseOverdueAttemptsOf(db: Db, contestantId: string, now: Date): number {
  return finaliseOverdue(
    db,
    sql<[string, string], AttemptRow>(db, `SELECT * FROM attempts WHERE contestant_id = ? AND status = 'inProgress' AND deadline <= ?`).all(contestantId, now.toISOString()),
  );
}

/** Attempts left open past their deadline become submitted with what was saved before it. */
export function finaliseOverdueAttempts(db: Db, slug: string, now: Date): number {
  // Public reads call this on every request: look first, so that an IMMEDIATE transaction (the write
  // lock, shared with every other server process) is taken only when something is overdue.
  const any = sql<[string, string], { one: number }>(
    db,
    `SELECT 1 AS one FROM attempts WHERE contest_slug = ? AND status = 'inProgress' AND deadline <= ? LIMIT 1`,
  ).get(slug, now.toISOString());
  if (!any) return 0;
  return db.transaction(() =>
    finaliseOverdue(
      db,
      sql<[string, string], AttemptRow>(db, `SELECT * FROM attempts WHERE contest_slug = ? AND status = 'inProgress' AND deadline <= ?`).all(slug, now.toISOString()),
    ),
  )();
}

/**
 * When the first open attempt of a contest falls due (ms since the epoch; Infinity when none is
 * open): until then, and while nothing is written, `finaliseOverdueAttempts` has nothing to do.
 */
export function nextOverdueAt(db: Db, slug: string): number {
  const deadline = sql<[string], string | null>(
    db,
    `SELECT MIN(deadline) FROM attempts WHERE contest_slug = ? AND status = 'inProgress'`,
  ).pluck().get(slug);
  return deadline ? Date.parse(deadline) : Infinity;
}

/** Finalises one attempt if it is overdue; answers the attempt as it now stands. */
export function settleAttempt(db: Db, id: string, now: Date): Attempt | null {
  return db.transaction(() => {
    const attempt = getAttempt(db, id);
    if (attempt && attempt.status === 'inProgress' && Date.parse(attempt.deadline) <= now.getTime()) {
      finalise(db, attempt, attempt.deadline, null, true);
      return getAttempt(db, id);
    }
    return attempt;
  })();
}

export type SaveOutcome = { kind: 'saved'; saved: number } | { kind: 'closed' };

/** Merges answers (questionId → bank option index, null clears) into an open attempt. */
export function saveAnswers(db: Db, attemptId: string, answers: ReadonlyMap<string, number | null>, now: Date): SaveOutcome {
  return db.transaction((): SaveOutcome => {
    const attempt = settleAttempt(db, attemptId, now);
    if (!attempt || attempt.status !== 'inProgress') return { kind: 'closed' };
    writeAnswers(db, attemptId, answers, now);
    return { kind: 'saved', saved: answers.size };
  })();
}

function writeAnswers(db: Db, attemptId: string, answers: ReadonlyMap<string, number | null>, now: Date): void {
  const upsert = sql(
    db,
    `INSERT INTO attempt_answers (attempt_id, question_id, option_index, saved_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (attempt_id, question_id) DO UPDATE SET option_index = excluded.option_index, saved_at = excluded.saved_at`,
  );
  const clear = sql(db, 'DELETE FROM attempt_answers WHERE attempt_id = ? AND question_id = ?');
  const at = now.toISOString();
  for (const [questionId, optionIndex] of answers) {
    if (optionIndex === null) clear.run(attemptId, questionId);
    else upsert.run(attemptId, questionId, optionIndex, at);
  }
}

/**
 * Submits an attempt once. A repeated submit, or one after the deadline, answers the attempt as
 * it stands (finalised with what was saved before the deadline).
 */
export function submitAttempt(
  db: Db,
  attemptId: string,
  answers: ReadonlyMap<string, number | null>,
  prediction: number | null,
  now: Date,
): Attempt {
  return db.transaction(() => {
    const attempt = settleAttempt(db, attemptId, now)!;
    if (attempt.status === 'submitted') return attempt;
    writeAnswers(db, attemptId, answers, now);
    finalise(db, attempt, now.toISOString(), prediction, false);
    return getAttempt(db, attemptId)!;
  })();
}

/** Voids an attempt: it stops counting anywhere but still uses up a try. False if already void. */
export function voidAttempt(db: Db, id: string, reason: string, now: Date): boolean {
  return db.transaction(() => {
    const voided = sql(db, 'UPDATE attempts SET voided_at = ?, void_reason = ? WHERE id = ? AND voided_at IS NULL').run(now.toISOString(), reason, id).changes > 0;
    if (voided) refreshParticipation(db, [getAttempt(db, id)!.contestantId]);
    return voided;
  })();
}
