import type pg from 'pg';
import { drawnQuestion, type Attempt, type AttemptQuestion, type AttemptRow } from '../../db/attempts.js';
import { contestFromRow, questionFromRow, type ContestRow, type Question, type QuestionRow } from '../../db/contests.js';
import { roundTriesOf } from '../../domain/data-rights.js';
import { networkData } from '../../db/integrity.js';
import { verifyChallenge, type ChallengeVerdict } from '../../domain/challenge.js';
import { attemptDeadline, attemptDurationMs, contestStatus, remainingAttempts, scoreAnswers, scoresVisible, type Contest } from '../../domain/contest.js';
import { drawQuestions, shuffle } from '../../domain/draw.js';
import { sourceHost } from '../../domain/hostname.js';
import { networkOf } from '../../domain/integrity.js';
import { shownToBankIndexes } from '../../domain/option-ids.js';
import { roundAt, roundMaxAttempts, roundQuestionsPerAttempt, roundsOf } from '../../domain/rounds.js';
import { newId } from '../../tokens.js';
import type { AttemptStore, NotFound, Start } from '../store.js';
import { submitWithFigures } from './figures.js';
import type { PostgresStoreDeps } from './index.js';
import { inStatement, inTransaction } from './pool.js';
import { rankOf } from './ranking.js';
import {
  all,
  attemptById,
  attemptFromRow,
  attemptQuestions,
  contestBySlug,
  one,
  questionsInUse,
  savedAnswers,
  type Queryable,
} from './rows.js';

const NO_ATTEMPT: NotFound = Object.freeze({ kind: 'notFound', what: 'attempt' });
const NO_CONTEST: NotFound = Object.freeze({ kind: 'notFound', what: 'contest' });

/** Nothing to write: `attempt_write` only locks, and reads with `read`. */
const NO_ANSWERS: ReadonlyMap<string, number | null> = new Map();

/** What finalising an attempt needs besides the attempt: its contest, its answer key and the answers saved. */
interface Scoring {
  contest: Contest | null;
  key: { questionId: string; answer: number }[];
  saved: Map<string, number>;
}

interface Written {
  attempt: AttemptRow;
  contest?: ContestRow | null;
  key?: { questionId: string; answer: number }[];
  saved?: Record<string, number>;
}

/**
 * Every write to a contestant's attempts first locks the contestant's row (FOR NO KEY UPDATE: the
 * foreign-key checks of their new rows are not blocked by it), then the attempt's: writes of one
 * contestant queue, on every node, in one lock order. A second start sees the first's attempt and
 * resumes it; a second submit sees the first's result. (`attempts_one_open`, a unique partial index,
 * holds one open attempt per contestant whatever the code does.) Both locks, and the answers written
 * while the attempt is open and not due at `now`, are one call of `attempt_write` (decision 0046).
 */
function attemptWrite(contestantId: string, id: string, now: Date, answers: ReadonlyMap<string, number | null>, read: boolean): [string, unknown[]] {
  const set = [...answers].filter((entry): entry is [string, number] => entry[1] !== null);
  const cleared = [...answers].filter(([, index]) => index === null).map(([questionId]) => questionId);
  return [
    'SELECT attempt_write($1, $2, $3, $4::text[], $5::text[], $6::bigint[], $7) AS written',
    [contestantId, id, now.toISOString(), cleared, set.map(([questionId]) => questionId), set.map(([, index]) => index), read],
  ];
}

/** The attempt, locked with its contestant (answers written as `attemptWrite` says), and what finalising it needs; null when missing. */
async function lockAttempt(db: Queryable, contestantId: string, id: string, now: Date, answers = NO_ANSWERS): Promise<{ attempt: Attempt; scoring: Scoring } | null> {
  const written = (await one<{ written: Written | null }>(db, ...attemptWrite(contestantId, id, now, answers, true)))?.written;
  if (!written) return null;
  return {
    attempt: attemptFromRow(written.attempt),
    scoring: {
      contest: written.contest ? contestFromRow(written.contest) : null,
      key: written.key ?? [],
      saved: new Map(Object.entries(written.saved ?? {})),
    },
  };
}

/**
 * Submits an open attempt the transaction holds locked (db/attempts.ts `finalise`): scored from what
 * was saved, the figures refreshed, the webhook written; `now` is when this is written.
 */
async function finalise(
  db: Queryable,
  attempt: Attempt,
  scoring: Scoring,
  submittedAt: string,
  prediction: number | null,
  autoSubmitted: boolean,
  now: Date,
): Promise<Attempt> {
  const score = scoreAnswers(scoring.key, scoring.saved);
  const durationMs = attemptDurationMs(attempt.startedAt, submittedAt, attempt.deadline);
  await submitWithFigures(db, { ...attempt, submittedAt, score, durationMs, prediction, autoSubmitted }, scoring.contest, now);
  return { ...attempt, status: 'submitted', submittedAt, score, durationMs, prediction, autoSubmitted };
}

const overdue = (attempt: Attempt, now: Date) => attempt.status === 'inProgress' && Date.parse(attempt.deadline) <= now.getTime();

/** The attempt, locked, finalised first if it fell due (db/attempts.ts `settleAttempt`); the contestant is locked first. */
async function settle(db: Queryable, contestantId: string, id: string, now: Date): Promise<Attempt | null> {
  const locked = await lockAttempt(db, contestantId, id, now);
  if (!locked) return null;
  const { attempt, scoring } = locked;
  return overdue(attempt, now) ? finalise(db, attempt, scoring, attempt.deadline, null, true, now) : attempt;
}

/**
 * Attempts of contest `slug` left open past their deadline become submitted with what was saved
 * before it (db/attempts.ts `finaliseOverdueAttempts`), each as `settle` does, in a transaction of
 * its own: the one lock order (contestant, then attempt) holds, and one contestant's finalisation
 * never waits on another's. Looks first, so a read with nothing overdue writes nothing.
 */
export async function finaliseOverdueAttempts(pool: pg.Pool, slug: string, now: Date): Promise<number> {
  const due = await all<{ id: string; contestantId: string }>(
    pool,
    `SELECT id, contestant_id AS "contestantId" FROM attempts WHERE contest_slug = $1 AND status = 'inProgress' AND deadline <= $2 ORDER BY contestant_id, id`,
    [slug, now.toISOString()],
  );
  for (const attempt of due) await inTransaction(pool, (db) => settle(db, attempt.contestantId, attempt.id, now));
  return due.length;
}

/** Tries used in a round: attempts started in it and those an erasure kept for it (db/attempts.ts `triesInRound`). */
async function triesInRound(db: Queryable, contestantId: string, roundId: string): Promise<number> {
  const row = (await one<{ n: number; before: string | null }>(
    db,
    `SELECT (SELECT COUNT(*) FROM attempts WHERE contestant_id = $1 AND round_id = $2) AS n,
       (SELECT rounds_before_erasure FROM contestants WHERE id = $1) AS before`,
    [contestantId, roundId],
  ))!;
  return row.n + (roundTriesOf(row.before)[roundId] ?? 0);
}

/** What `attempt_start_state` answers: `due` first; else `open` with its questions and answers; else the tries. */
interface StartState {
  window: { startsAt: string; endsAt: string } | null;
  due: AttemptRow[];
  open?: AttemptRow;
  questions?: (QuestionRow & { option_order: string })[];
  saved?: Record<string, number>;
  tries?: number;
  roundTries?: number;
  roundsBefore?: string | null;
}

async function startState(db: Queryable, contestantId: string, at: Date, roundId: string | null): Promise<StartState> {
  return (await one<{ state: StartState }>(db, 'SELECT attempt_start_state($1, $2, $3) AS state', [contestantId, at.toISOString(), roundId]))!.state;
}

/** db/challenges.ts `spendChallenge`: false when the solution was already spent. */
async function spendChallenge(db: Queryable, slug: string, challenge: string, expiresAt: Date, now: Date): Promise<boolean> {
  await db.query('DELETE FROM spent_challenges WHERE expires_at < $1', [now.toISOString()]);
  const inserted = await db.query('INSERT INTO spent_challenges (challenge, contest_slug, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
    challenge,
    slug,
    expiresAt.toISOString(),
  ]);
  return inserted.rowCount === 1;
}

interface Drawn {
  id: string;
  roundId: string | null;
  deadline: Date;
  source: string | null;
  questions: { question: Question; optionOrder: number[] }[];
}

type StartWrite =
  | { kind: 'notOpen'; status: 'upcoming' | 'closed' }
  | { kind: 'noRound' }
  | { kind: 'limit' }
  | { kind: 'challenge'; problem: Extract<Start, { kind: 'challenge' }>['problem'] }
  | { kind: 'started'; attempt: Attempt; questions: AttemptQuestion[] }
  | { kind: 'resumed'; attempt: Attempt; questions: AttemptQuestion[]; saved: Map<string, number> };

export function postgresAttempts({ pool, clock, random, config }: PostgresStoreDeps): AttemptStore {
  /** The attempt, if `contestantId` owns it; another person's attempt is as good as missing. */
  async function own(contestantId: string, id: string): Promise<Attempt | null> {
    const attempt = await attemptById(pool, id);
    return attempt && attempt.contestantId === contestantId ? attempt : null;
  }

  /**
   * The attempt, if `contestantId` owns it, with the shown option order of each question drawn for
   * it: one read before the body is (decision 0046), none after it.
   */
  async function ownWithOrders(contestantId: string, id: string): Promise<{ attempt: Attempt; orders: Map<string, number[]> } | null> {
    const row = await one<AttemptRow & { option_orders: Record<string, string> }>(
      pool,
      `SELECT a.*, (SELECT COALESCE(json_object_agg(question_id, option_order), '{}') FROM attempt_questions WHERE attempt_id = a.id) AS option_orders
       FROM attempts a WHERE a.id = $1`,
      [id],
    );
    if (!row || row.contestant_id !== contestantId) return null;
    const orders = new Map(Object.entries(row.option_orders).map(([questionId, order]) => [questionId, JSON.parse(order) as number[]]));
    return { attempt: attemptFromRow(row), orders };
  }

  return {
    async get(contestantId, id) {
      if (!(await own(contestantId, id))) return NO_ATTEMPT;
      return inTransaction(pool, async (db) => {
        const at = clock();
        let attempt = (await attemptById(db, id))!;
        // Only an attempt that fell due is written (and locked); reading one takes no lock.
        if (overdue(attempt, at)) attempt = (await settle(db, contestantId, id, at))!;
        const contest = await contestBySlug(db, attempt.contestSlug);
        if (!contest) return NO_CONTEST;
        return { kind: 'attempt' as const, attempt, questions: await attemptQuestions(db, attempt), saved: await savedAnswers(db, id), contest, at };
      });
    },

    async start(contestant, slug, read, client) {
      const now = clock();
      const contest = await contestBySlug(pool, slug);
      if (!contest) return NO_CONTEST;
      const body = await read();
      // A quick refusal; the transaction checks the window again at the write, from which the deadline runs.
      const status = contestStatus(contest, clock());
      if (status !== 'open') return { kind: 'notOpen', status };
      const rounds = roundsOf(contest);
      const roundOpenAt = (at: Date) => roundAt(rounds, at);
      // Between rounds the contest is open but takes no attempt; the transaction asks again at the write.
      if (rounds.length && !roundOpenAt(clock())) return { kind: 'noRound', rounds, at: clock() };
      const bank = await questionsInUse(pool, slug);
      if (bank.length === 0) return { kind: 'noQuestions' };
      const challenge: ChallengeVerdict | null = config.challenge.required ? await verifyChallenge(body?.challenge, slug, config.challenge, now) : null;
      const source = sourceHost(body?.source, client.origin) ?? contestant.source;
      const network = networkData(client.ip, client.userAgent);
      const triesLeft = (started: number, roundId: string | null) => {
        const round = rounds.find((r) => r.id === roundId);
        // A round counts its own tries (the grants apply in each); the contest's count those before an erasure too.
        const left = round
          ? remainingAttempts(roundMaxAttempts(contest, round), started, contestant.extraAttempts)
          : remainingAttempts(contest.maxAttempts, started + contestant.attemptsBeforeErasure, contestant.extraAttempts);
        return (left ?? 1) > 0;
      };
      const draw = (startedAt: Date): Drawn => {
        const round = roundOpenAt(startedAt);
        return {
          id: newId(),
          roundId: round?.id ?? null,
          // A round's end cuts its attempts as the contest's end does.
          deadline: attemptDeadline(startedAt, contest.timeLimitSeconds, round?.endsAt ?? contest.endsAt),
          source,
          questions: drawQuestions(bank, round ? roundQuestionsPerAttempt(contest, round) : contest.questionsPerAttempt, contest.topicQuotas, random).map(
            (question) => ({ question, optionOrder: shuffle(question.options.map((_, index) => index), random) }),
          ),
        };
      };
      // db/attempts.ts `startAttempt`, with the contestant's row locked first.
      const outcome = await inTransaction(pool, async (db): Promise<StartWrite> => {
        const at = clock();
        // In a contest with rounds, the round open at the time of this write, from which tries are counted.
        const roundId = rounds.length > 0 ? (roundOpenAt(at)?.id ?? null) : null;
        let found = await startState(db, contestant.id, at, roundId);
        const state = found.window ? contestStatus(found.window, at) : 'closed';
        if (state !== 'open') return { kind: 'notOpen', status: state };
        if (found.due.length > 0) {
          for (const row of found.due) {
            const due = attemptFromRow(row);
            await finalise(db, due, (await lockAttempt(db, contestant.id, due.id, at))!.scoring, due.deadline, null, true, at);
          }
          found = await startState(db, contestant.id, at, roundId);
        }
        if (found.open) {
          const questions = (found.questions ?? []).map((row) => drawnQuestion(questionFromRow(row), JSON.parse(row.option_order) as number[]));
          return { kind: 'resumed', attempt: attemptFromRow(found.open), questions, saved: new Map(Object.entries(found.saved ?? {})) };
        }
        if (rounds.length > 0 && roundId === null) return { kind: 'noRound' };
        if (challenge && !challenge.ok) return { kind: 'challenge', problem: challenge.problem };
        const tries = roundId === null ? found.tries! : found.roundTries! + (roundTriesOf(found.roundsBefore)[roundId] ?? 0);
        if (!triesLeft(tries, roundId)) return { kind: 'limit' };
        const drawn = draw(at);
        if (challenge && !(await spendChallenge(db, slug, challenge.challenge, challenge.expiresAt, at))) return { kind: 'challenge', problem: 'reused' };
        const started: Attempt = {
          id: drawn.id,
          contestSlug: slug,
          contestantId: contestant.id,
          status: 'inProgress',
          startedAt: at.toISOString(),
          deadline: drawn.deadline.toISOString(),
          submittedAt: null,
          score: null,
          total: drawn.questions.length,
          durationMs: null,
          prediction: null,
          autoSubmitted: false,
          voidedAt: null,
          voidReason: null,
          roundId,
        };
        const recorded = network.ip || network.userAgent;
        // The attempt and its drawn questions in one statement: the questions' foreign key is checked at its end.
        await db.query(
          `WITH started AS (
             INSERT INTO attempts (id, contest_slug, contestant_id, status, started_at, deadline, total, source, round_id, ip, ip_network, user_agent)
             VALUES ($1, $2, $3, 'inProgress', $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id
           )
           INSERT INTO attempt_questions (attempt_id, position, question_id, option_order)
           SELECT started.id, drawn.position - 1, drawn.question_id, drawn.option_order
           FROM started, unnest($12::text[], $13::text[]) WITH ORDINALITY AS drawn(question_id, option_order, position)`,
          [
            started.id,
            slug,
            contestant.id,
            started.startedAt,
            started.deadline,
            started.total,
            drawn.source,
            roundId,
            recorded ? network.ip : null,
            recorded && network.ip ? networkOf(network.ip) : null,
            recorded ? network.userAgent : null,
            drawn.questions.map((q) => q.question.id),
            drawn.questions.map((q) => JSON.stringify(q.optionOrder)),
          ],
        );
        return { kind: 'started', attempt: started, questions: drawn.questions.map((q) => drawnQuestion(q.question, q.optionOrder)) };
      });
      switch (outcome.kind) {
        case 'challenge':
        case 'notOpen':
          return outcome;
        case 'noRound':
          return { kind: 'noRound', rounds, at: clock() };
        case 'limit':
          return { kind: 'limit', inRound: rounds.length > 0 };
        case 'started':
          return { kind: 'started', attempt: outcome.attempt, questions: outcome.questions, contest };
        case 'resumed':
          return { kind: 'resumed', attempt: outcome.attempt, questions: outcome.questions, saved: outcome.saved, contest, at: clock() };
      }
    },

    // The deadline is checked when the answers are written, not when the request began: the body
    // may arrive long after (SPEC §3.1 "Time").
    async save(contestantId, id, read) {
      const owned = await ownWithOrders(contestantId, id);
      if (!owned) return NO_ATTEMPT;
      const body = await read();
      const answers = shownToBankIndexes(owned.orders, body.answers);
      if (!(answers instanceof Map)) return { kind: 'invalid', fields: answers.fields };
      const now = clock();
      // One statement, its own transaction: the locks, the deadline on this clock, the answers (decision 0046).
      const written = (await inStatement<{ written: Written | null }>(pool, ...attemptWrite(contestantId, id, now, answers, false)))[0]?.written;
      const attempt = written ? attemptFromRow(written.attempt) : null;
      if (attempt?.status !== 'inProgress') return { kind: 'closed' };
      // Fell due: nothing was written; it is finalised, as any write that finds it due does.
      if (overdue(attempt, now)) {
        await inTransaction(pool, (db) => settle(db, contestantId, id, now));
        return { kind: 'closed' };
      }
      return { kind: 'saved', saved: answers.size, at: now };
    },

    async submit(contestantId, id, read) {
      const owned = await ownWithOrders(contestantId, id);
      if (!owned) return NO_ATTEMPT;
      const { attempt } = owned;
      const body = await read();
      const answers = attempt.status === 'inProgress' && body.answers ? shownToBankIndexes(owned.orders, body.answers) : new Map<string, number | null>();
      if (!(answers instanceof Map)) return { kind: 'invalid', fields: answers.fields };
      return inTransaction(pool, async (db) => {
        const now = clock();
        // The answers are written only while the attempt is open and not due.
        const locked = await lockAttempt(db, contestantId, id, now, answers);
        // Erased (with its contestant) while the body was read: as good as missing.
        if (!locked) return NO_ATTEMPT;
        const { attempt: settled, scoring } = locked;
        let submitted = settled;
        // One that fell due is finalised as of its deadline, with what was saved before it; a repeat answers the attempt as it stands.
        if (overdue(settled, now)) submitted = await finalise(db, settled, scoring, settled.deadline, null, true, now);
        else if (settled.status === 'inProgress') submitted = await finalise(db, settled, scoring, now.toISOString(), body.prediction ?? null, false, now);
        const contest = scoring.contest;
        if (!contest) return NO_CONTEST;
        if (!scoresVisible(contest, clock())) return { kind: 'received' as const, attempt: submitted, contest };
        const best = await rankOf(db, contest, contestantId);
        return { kind: 'submitted' as const, attempt: submitted, contest, rank: best?.attemptId === submitted.id ? best.rank : null };
      });
    },
  };
}

export { triesInRound };
