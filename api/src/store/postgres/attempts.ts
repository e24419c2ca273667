import type pg from 'pg';
import { drawnQuestion, type Attempt, type AttemptQuestion, type AttemptRow } from '../../db/attempts.js';
import type { Question } from '../../db/contests.js';
import { roundTriesOf } from '../../domain/data-rights.js';
import { networkData } from '../../db/integrity.js';
import { verifyChallenge, type ChallengeVerdict } from '../../domain/challenge.js';
import { attemptDeadline, attemptDurationMs, contestStatus, remainingAttempts, scoreAnswers, scoresVisible } from '../../domain/contest.js';
import { drawQuestions, shuffle } from '../../domain/draw.js';
import { sourceHost } from '../../domain/hostname.js';
import { networkOf } from '../../domain/integrity.js';
import { shownToBankIndexes } from '../../domain/option-ids.js';
import { roundAt, roundMaxAttempts, roundQuestionsPerAttempt, roundsOf } from '../../domain/rounds.js';
import { newId } from '../../tokens.js';
import type { AttemptStore, FieldProblems, NotFound, Start } from '../store.js';
import { emitAttemptSubmitted, refreshParticipation } from './figures.js';
import type { PostgresStoreDeps } from './index.js';
import { inTransaction } from './pool.js';
import { rankOf } from './ranking.js';
import {
  all,
  attemptById,
  attemptFromRow,
  attemptOptionOrders,
  attemptQuestions,
  contestBySlug,
  one,
  placeholders,
  questionsInUse,
  savedAnswers,
  type Queryable,
} from './rows.js';

const NO_ATTEMPT: NotFound = Object.freeze({ kind: 'notFound', what: 'attempt' });
const NO_CONTEST: NotFound = Object.freeze({ kind: 'notFound', what: 'contest' });

/**
 * Every write to a contestant's attempts first locks the contestant's row (FOR NO KEY UPDATE: the
 * foreign-key checks of their new rows are not blocked by it), then the attempt's: writes of one
 * contestant queue, on every node, in one lock order. A second start sees the first's attempt and
 * resumes it; a second submit sees the first's result. (`attempts_one_open`, a unique partial index,
 * holds one open attempt per contestant whatever the code does.)
 */
async function lockContestant(db: Queryable, contestantId: string): Promise<{ startsAt: string; endsAt: string } | null> {
  return one<{ startsAt: string; endsAt: string }>(
    db,
    `SELECT k.starts_at AS "startsAt", k.ends_at AS "endsAt" FROM contestants c JOIN contests k ON k.slug = c.contest_slug
     WHERE c.id = $1 FOR NO KEY UPDATE OF c`,
    [contestantId],
  );
}

/** The correct bank option of each question drawn for an attempt. */
async function answerKey(db: Queryable, attempt: Pick<Attempt, 'id' | 'contestSlug'>): Promise<{ questionId: string; answer: number }[]> {
  return all<{ questionId: string; answer: number }>(
    db,
    `SELECT aq.question_id AS "questionId", q.answer FROM attempt_questions aq JOIN questions q ON q.contest_slug = $2 AND q.id = aq.question_id
     WHERE aq.attempt_id = $1`,
    [attempt.id, attempt.contestSlug],
  );
}

/**
 * Submits an open attempt the transaction holds locked (db/attempts.ts `finalise`): scored from what
 * was saved, the figures refreshed, the webhook written; `now` is when this is written.
 */
async function finalise(db: Queryable, attempt: Attempt, submittedAt: string, prediction: number | null, autoSubmitted: boolean, now: Date): Promise<Attempt> {
  const score = scoreAnswers(await answerKey(db, attempt), await savedAnswers(db, attempt.id));
  const durationMs = attemptDurationMs(attempt.startedAt, submittedAt, attempt.deadline);
  await db.query(
    `UPDATE attempts SET status = 'submitted', submitted_at = $1, score = $2, duration_ms = $3, prediction = $4, auto_submitted = $5
     WHERE id = $6 AND status = 'inProgress'`,
    [submittedAt, score, durationMs, prediction, autoSubmitted ? 1 : 0, attempt.id],
  );
  await refreshParticipation(db, attempt.contestantId);
  await emitAttemptSubmitted(db, now, { ...attempt, submittedAt, score, autoSubmitted });
  return { ...attempt, status: 'submitted', submittedAt, score, durationMs, prediction, autoSubmitted };
}

const overdue = (attempt: Attempt, now: Date) => attempt.status === 'inProgress' && Date.parse(attempt.deadline) <= now.getTime();

/** The attempt, locked, finalised first if it fell due (db/attempts.ts `settleAttempt`); the contestant is locked first. */
async function settle(db: Queryable, contestantId: string, id: string, now: Date): Promise<Attempt | null> {
  await lockContestant(db, contestantId);
  const attempt = await attemptById(db, id, true);
  return attempt && overdue(attempt, now) ? finalise(db, attempt, attempt.deadline, null, true, now) : attempt;
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

async function writeAnswers(db: Queryable, attemptId: string, answers: ReadonlyMap<string, number | null>, now: Date): Promise<void> {
  const at = now.toISOString();
  const set = [...answers].filter((entry): entry is [string, number] => entry[1] !== null);
  const cleared = [...answers].filter(([, index]) => index === null).map(([questionId]) => questionId);
  if (cleared.length > 0) {
    await db.query('DELETE FROM attempt_answers WHERE attempt_id = $1 AND question_id = ANY($2::text[])', [attemptId, cleared]);
  }
  if (set.length > 0) {
    await db.query(
      `INSERT INTO attempt_answers (attempt_id, question_id, option_index, saved_at) VALUES ${placeholders(set.length, 4)}
       ON CONFLICT (attempt_id, question_id) DO UPDATE SET option_index = excluded.option_index, saved_at = excluded.saved_at`,
      set.flatMap(([questionId, optionIndex]) => [attemptId, questionId, optionIndex, at]),
    );
  }
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

  /** Shown option ids → bank indexes; every unknown question or option is named. */
  async function toBankIndexes(attempt: Attempt, answers: Record<string, string | null>): Promise<Map<string, number | null> | { fields: FieldProblems }> {
    const orders = await attemptOptionOrders(pool, attempt.id, Object.keys(answers));
    return shownToBankIndexes(orders, answers);
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
        const window = await lockContestant(db, contestant.id);
        const state = window ? contestStatus(window, at) : 'closed';
        if (state !== 'open') return { kind: 'notOpen', status: state };
        // In a contest with rounds, the round open at the time of this write, from which tries are counted.
        const roundId = rounds.length > 0 ? (roundOpenAt(at)?.id ?? null) : null;
        for (const row of await all<AttemptRow>(
          db,
          `SELECT * FROM attempts WHERE contestant_id = $1 AND status = 'inProgress' AND deadline <= $2 ORDER BY id FOR UPDATE`,
          [contestant.id, at.toISOString()],
        )) {
          const due = attemptFromRow(row);
          await finalise(db, due, due.deadline, null, true, at);
        }
        const open = await one<AttemptRow>(db, `SELECT * FROM attempts WHERE contestant_id = $1 AND status = 'inProgress'`, [contestant.id]);
        if (open) {
          const attempt = attemptFromRow(open);
          return { kind: 'resumed', attempt, questions: await attemptQuestions(db, attempt), saved: await savedAnswers(db, attempt.id) };
        }
        if (rounds.length > 0 && roundId === null) return { kind: 'noRound' };
        if (challenge && !challenge.ok) return { kind: 'challenge', problem: challenge.problem };
        const tries =
          roundId === null
            ? (await one<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM attempts WHERE contestant_id = $1', [contestant.id]))!.n
            : await triesInRound(db, contestant.id, roundId);
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
        await db.query(
          `INSERT INTO attempts (id, contest_slug, contestant_id, status, started_at, deadline, total, source, round_id, ip, ip_network, user_agent)
           VALUES ($1, $2, $3, 'inProgress', $4, $5, $6, $7, $8, $9, $10, $11)`,
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
          ],
        );
        if (drawn.questions.length > 0) {
          await db.query(
            `INSERT INTO attempt_questions (attempt_id, position, question_id, option_order) VALUES ${placeholders(drawn.questions.length, 4)}`,
            drawn.questions.flatMap((q, position) => [started.id, position, q.question.id, JSON.stringify(q.optionOrder)]),
          );
        }
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
      const attempt = await own(contestantId, id);
      if (!attempt) return NO_ATTEMPT;
      const body = await read();
      const answers = await toBankIndexes(attempt, body.answers);
      if (!(answers instanceof Map)) return { kind: 'invalid', fields: answers.fields };
      return inTransaction(pool, async (db) => {
        const now = clock();
        const settled = await settle(db, contestantId, id, now);
        if (settled?.status !== 'inProgress') return { kind: 'closed' as const };
        await writeAnswers(db, id, answers, now);
        return { kind: 'saved' as const, saved: answers.size, at: now };
      });
    },

    async submit(contestantId, id, read) {
      const attempt = await own(contestantId, id);
      if (!attempt) return NO_ATTEMPT;
      const body = await read();
      const answers = attempt.status === 'inProgress' && body.answers ? await toBankIndexes(attempt, body.answers) : new Map<string, number | null>();
      if (!(answers instanceof Map)) return { kind: 'invalid', fields: answers.fields };
      return inTransaction(pool, async (db) => {
        const now = clock();
        const settled = await settle(db, contestantId, id, now);
        // Erased (with its contestant) while the body was read: as good as missing.
        if (!settled) return NO_ATTEMPT;
        let submitted = settled;
        // A repeat, or a submit written after the deadline, answers the attempt as it stands.
        if (settled.status === 'inProgress') {
          await writeAnswers(db, id, answers, now);
          submitted = await finalise(db, settled, now.toISOString(), body.prediction ?? null, false, now);
        }
        const contest = await contestBySlug(db, submitted.contestSlug);
        if (!contest) return NO_CONTEST;
        if (!scoresVisible(contest, clock())) return { kind: 'received' as const, attempt: submitted, contest };
        const best = await rankOf(db, contest, contestantId);
        return { kind: 'submitted' as const, attempt: submitted, contest, rank: best?.attemptId === submitted.id ? best.rank : null };
      });
    },
  };
}

export { triesInRound };
