import type { ChallengeProblem, ChallengeVerdict } from '../domain/challenge.js';
import { attemptDurationMs, contestStatus, scoreAnswers, type Clock } from '../domain/contest.js';
import { spendChallenge } from './challenges.js';
import { roundTriesOf } from '../domain/data-rights.js';
import { recordAttemptNetwork, type NetworkData } from './integrity.js';
import { sql, type Db } from './connection.js';
import { getQuestion, listQuestions, type Question } from './contests.js';
import { refreshParticipation } from './participation.js';
import { emitAttemptSubmitted } from './webhooks.js';

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
  /** The round it belongs to (decision 0041); null in a contest without rounds. */
  roundId: string | null;
}

/** One question as drawn for an attempt: `optionOrder[k]` is the bank index shown at position k. */
export interface AttemptQuestion {
  questionId: string;
  text: string;
  options: string[];
  optionOrder: number[];
  answer: number;
  explanation: string | null;
  source: string | null;
  sourceUrl: string | null;
}

export interface AttemptRow {
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
  round_id: string | null;
}

export const attemptFromRow = (row: AttemptRow): Attempt => ({
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
  roundId: row.round_id,
});

export function getAttempt(db: Db, id: string): Attempt | null {
  const row = sql<[string], AttemptRow>(db, 'SELECT * FROM attempts WHERE id = ?').get(id);
  return row ? attemptFromRow(row) : null;
}

/** The contest an attempt belongs to, or null for no such attempt: one primary-key lookup. */
export function attemptContestSlug(db: Db, id: string): string | null {
  return sql<[string], { slug: string }>(db, 'SELECT contest_slug AS slug FROM attempts WHERE id = ?').get(id)?.slug ?? null;
}

export function contestantAttempts(db: Db, contestantId: string): Attempt[] {
  return sql<[string], AttemptRow>(db, 'SELECT * FROM attempts WHERE contestant_id = ? ORDER BY started_at, id')
    .all(contestantId)
    .map(attemptFromRow);
}

/** An attempt's drawn questions in shown order, as stored: the bank index order is JSON. */
function drawnRows(db: Db, attemptId: string): { questionId: string; optionOrder: string }[] {
  return sql<[string], { questionId: string; optionOrder: string }>(
    db,
    'SELECT question_id AS questionId, option_order AS optionOrder FROM attempt_questions WHERE attempt_id = ? ORDER BY position',
  ).all(attemptId);
}

const banksById = new WeakMap<readonly Question[], Map<string, Question>>();

/** A contest's questions in use by id, from the cached bank (db/contests.ts). */
function bankById(db: Db, slug: string): Map<string, Question> {
  const bank = listQuestions(db, slug, false);
  let byId = banksById.get(bank);
  if (!byId) banksById.set(bank, (byId = new Map(bank.map((q) => [q.id, q]))));
  return byId;
}

export function attemptQuestions(db: Db, attempt: Pick<Attempt, 'id' | 'contestSlug'>): AttemptQuestion[] {
  const bank = bankById(db, attempt.contestSlug);
  return drawnRows(db, attempt.id).map((row) =>
    // A question retired since the draw is no longer in the bank in use: read it.
    drawnQuestion((bank.get(row.questionId) ?? getQuestion(db, attempt.contestSlug, row.questionId))!, JSON.parse(row.optionOrder) as number[]),
  );
}

/** A bank question as drawn for an attempt, its options shown in `optionOrder`. */
export function drawnQuestion(question: Question, optionOrder: number[]): AttemptQuestion {
  return {
    questionId: question.id,
    text: question.text,
    options: question.options,
    optionOrder,
    answer: question.answer,
    explanation: question.explanation,
    source: question.source,
    sourceUrl: question.sourceUrl,
  };
}

/**
 * The shown option order (bank index at each position) of those of `questionIds` drawn for the
 * attempt; a question not drawn for it is absent. Autosave and submit need no question texts.
 */
export function attemptOptionOrders(db: Db, attemptId: string, questionIds: Iterable<string>): Map<string, number[]> {
  const orderOf = sql<[string, string], string>(db, 'SELECT option_order FROM attempt_questions WHERE attempt_id = ? AND question_id = ?').pluck();
  const orders = new Map<string, number[]>();
  for (const id of questionIds) {
    const order = orderOf.get(attemptId, id);
    if (order !== undefined) orders.set(id, JSON.parse(order) as number[]);
  }
  return orders;
}

/** The correct bank option of each question drawn for an attempt, from the cached bank where it can. */
function attemptAnswerKey(db: Db, attempt: Pick<Attempt, 'id' | 'contestSlug'>): { questionId: string; answer: number }[] {
  const bank = bankById(db, attempt.contestSlug);
  return sql<[string], string>(db, 'SELECT question_id FROM attempt_questions WHERE attempt_id = ?')
    .pluck()
    .all(attempt.id)
    .map((questionId) => ({ questionId, answer: (bank.get(questionId) ?? getQuestion(db, attempt.contestSlug, questionId))!.answer }));
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
  /** The round open when the attempt starts (decision 0041); null in a contest without rounds. */
  roundId?: string | null;
  contestSlug: string;
  contestantId: string;
  deadline: Date;
  source: string | null;
  questions: { question: Question; optionOrder: number[] }[];
}

export type StartOutcome =
  | { kind: 'resumed'; attempt: Attempt }
  | { kind: 'started'; attempt: Attempt; questions: AttemptQuestion[] }
  | { kind: 'limit' }
  | { kind: 'challenge'; problem: ChallengeProblem }
  | { kind: 'notOpen'; status: 'upcoming' | 'closed' }
  | { kind: 'noRound' };

/** The status of a contestant's contest at `now`, from the contest as stored when the write runs. */
function contestStatusAt(db: Db, contestantId: string, now: Date): ReturnType<typeof contestStatus> {
  const window = sql<[string], { startsAt: string; endsAt: string }>(
    db,
    `SELECT k.starts_at AS startsAt, k.ends_at AS endsAt FROM contestants c JOIN contests k ON k.slug = c.contest_slug WHERE c.id = ?`,
  ).get(contestantId);
  return window ? contestStatus(window, now) : 'closed';
}

/**
 * Starts an attempt unless the contest is not open at the time of the write (SPEC §3.1 "Time": the
 * clock is read inside the transaction, not when the request arrived), one is in progress (then
 * that one is resumed) or no try is left. `triesLeft` is asked inside the transaction, after overdue
 * attempts were finalised; `draw` gets the time of the write, from which the deadline runs.
 * `challenge` is the checked proof of work a new attempt spends (null when none is required);
 * resuming needs none.
 */
/**
 * Tries a contestant used in a round: attempts started in it (voided ones too: each start uses a
 * try) and those an erasure kept for it (decision 0029).
 */
export function triesInRound(db: Db, contestantId: string, roundId: string): number {
  const row = sql<[string, string, string], { n: number; before: string | null }>(
    db,
    `SELECT (SELECT COUNT(*) FROM attempts WHERE contestant_id = ? AND round_id = ?) AS n,
       (SELECT rounds_before_erasure FROM contestants WHERE id = ?) AS before`,
  ).get(contestantId, roundId, contestantId)!;
  return row.n + (roundTriesOf(row.before)[roundId] ?? 0);
}

export function startAttempt(
  db: Db,
  contestantId: string,
  clock: Clock,
  triesLeft: (started: number, roundId: string | null) => boolean,
  draw: (now: Date) => NewAttempt,
  challenge: ChallengeVerdict | null = null,
  network: NetworkData | null = null,
  roundAt: ((now: Date) => string | null) | null = null,
): StartOutcome {
  return db.transaction((): StartOutcome => {
    const now = clock();
    const status = contestStatusAt(db, contestantId, now);
    if (status !== 'open') return { kind: 'notOpen', status };
    // In a contest with rounds, the round open at the time of this write, from which tries are counted.
    const roundId = roundAt ? roundAt(now) : null;
    finaliseOverdueAttemptsOf(db, contestantId, now);
    const open = sql<[string], AttemptRow>(db, `SELECT * FROM attempts WHERE contestant_id = ? AND status = 'inProgress'`).get(contestantId);
    if (open) return { kind: 'resumed', attempt: attemptFromRow(open) };
    if (roundAt && roundId === null) return { kind: 'noRound' };
    if (challenge && !challenge.ok) return { kind: 'challenge', problem: challenge.problem };
    const tries =
      roundId === null
        ? sql<[string], { n: number }>(db, 'SELECT COUNT(*) AS n FROM attempts WHERE contestant_id = ?').get(contestantId)!.n
        : triesInRound(db, contestantId, roundId);
    if (!triesLeft(tries, roundId)) return { kind: 'limit' };
    const attempt = draw(now);
    if (challenge && !spendChallenge(db, attempt.contestSlug, challenge.challenge, challenge.expiresAt, now)) {
      return { kind: 'challenge', problem: 'reused' };
    }
    const started: Attempt = {
      id: attempt.id,
      contestSlug: attempt.contestSlug,
      contestantId,
      status: 'inProgress',
      startedAt: now.toISOString(),
      deadline: attempt.deadline.toISOString(),
      submittedAt: null,
      score: null,
      total: attempt.questions.length,
      durationMs: null,
      prediction: null,
      autoSubmitted: false,
      voidedAt: null,
      voidReason: null,
      roundId,
    };
    sql(
      db,
      `INSERT INTO attempts (id, contest_slug, contestant_id, status, started_at, deadline, total, source, round_id)
       VALUES (?, ?, ?, 'inProgress', ?, ?, ?, ?, ?)`,
    ).run(started.id, started.contestSlug, contestantId, started.startedAt, started.deadline, started.total, attempt.source, roundId);
    insertDrawnQuestions(db, attempt.id, attempt.questions);
    recordAttemptNetwork(db, attempt.id, network);
    // What was just written, without reading it back.
    return { kind: 'started', attempt: started, questions: attempt.questions.map((q) => drawnQuestion(q.question, q.optionOrder)) };
  })();
}

/** One INSERT for all of an attempt's drawn questions: twenty statements cost more than their rows. */
function insertDrawnQuestions(db: Db, attemptId: string, questions: NewAttempt['questions']): void {
  if (questions.length === 0) return;
  const values = questions.flatMap((q, position) => [attemptId, position, q.question.id, JSON.stringify(q.optionOrder)]);
  sql(db, `INSERT INTO attempt_questions (attempt_id, position, question_id, option_order) VALUES ${questions.map(() => '(?, ?, ?, ?)').join(', ')}`).run(values);
}

/**
 * Submits an open attempt (the caller's transaction has just read it) and answers it as submitted;
 * `now` is when this is written (an overdue attempt is submitted as of its deadline, later).
 */
function finalise(db: Db, attempt: Attempt, submittedAt: string, prediction: number | null, autoSubmitted: boolean, now: Date): Attempt {
  const score = scoreAnswers(attemptAnswerKey(db, attempt), savedAnswers(db, attempt.id));
  const durationMs = attemptDurationMs(attempt.startedAt, submittedAt, attempt.deadline);
  sql(
    db,
    `UPDATE attempts SET status = 'submitted', submitted_at = ?, score = ?, duration_ms = ?, prediction = ?, auto_submitted = ?
     WHERE id = ? AND status = 'inProgress'`,
  ).run(submittedAt, score, durationMs, prediction, autoSubmitted ? 1 : 0, attempt.id);
  refreshParticipation(db, [attempt.contestantId]);
  emitAttemptSubmitted(db, now, { ...attempt, submittedAt, score, autoSubmitted });
  return { ...attempt, status: 'submitted', submittedAt, score, durationMs, prediction, autoSubmitted };
}

function finaliseOverdue(db: Db, rows: AttemptRow[], now: Date): number {
  for (const row of rows) finalise(db, attemptFromRow(row), row.deadline, null, true, now);
  return rows.length;
}

function finaliseOverdueAttemptsOf(db: Db, contestantId: string, now: Date): number {
  return finaliseOverdue(
    db,
    sql<[string, string], AttemptRow>(db, `SELECT * FROM attempts WHERE contestant_id = ? AND status = 'inProgress' AND deadline <= ?`).all(contestantId, now.toISOString()),
    now,
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
      now,
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
      return finalise(db, attempt, attempt.deadline, null, true, now);
    }
    return attempt;
  })();
}

export type SaveOutcome = { kind: 'saved'; saved: number; at: Date } | { kind: 'closed' };

/**
 * Merges answers (questionId → bank option index, null clears) into an open attempt. The deadline is
 * compared with the clock read inside the transaction, so an answer whose body arrived late is
 * refused however early its request began; an overdue attempt is finalised with what it held.
 */
export function saveAnswers(db: Db, attemptId: string, answers: ReadonlyMap<string, number | null>, clock: Clock): SaveOutcome {
  return db.transaction((): SaveOutcome => {
    const now = clock();
    const attempt = settleAttempt(db, attemptId, now);
    if (attempt?.status !== 'inProgress') return { kind: 'closed' };
    writeAnswers(db, attemptId, answers, now);
    return { kind: 'saved', saved: answers.size, at: now };
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
 * Submits an attempt once. A repeated submit, or one whose write comes after the deadline (the
 * clock is read inside the transaction), answers the attempt as it stands: finalised with what was
 * saved before the deadline, the answers and prediction it carried ignored.
 */
export function submitAttempt(
  db: Db,
  attemptId: string,
  answers: ReadonlyMap<string, number | null>,
  prediction: number | null,
  clock: Clock,
): Attempt {
  return db.transaction(() => {
    const now = clock();
    const attempt = settleAttempt(db, attemptId, now)!;
    if (attempt.status === 'submitted') return attempt;
    writeAnswers(db, attemptId, answers, now);
    return finalise(db, attempt, now.toISOString(), prediction, false, now);
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
