/**
 * What contestants see. Every response body a contestant receives is built here, so what may
 * leave the server (no answer key before it is due, no other person's identity data) is
 * decided in one place.
 */
import type { Attempt, AttemptQuestion } from '../db/attempts.js';
import type { Contestant } from '../db/contestants.js';
import type { PublishableEntry } from '../db/rankings.js';
import { answerKeyVisible, contestStatus, scoresVisible, type Contest } from '../domain/contest.js';
import { leaderboardName, nameConsentOf } from '../domain/personal-data.js';
import type { ContestCounts } from '../domain/prediction.js';
import { privacyNotice, privacyNoticeSummary } from '../domain/privacy-notice.js';
import { roundAt, roundsInOrder, roundsOf, roundStatus } from '../domain/rounds.js';
import { bankIndexOf, optionIdAt } from '../domain/option-ids.js';
import type {
  AttemptSummary,
  AttemptView,
  ContestantView,
  Leaderboard,
  LeaderboardEntry,
  PublicContest,
  PublicPrivacyNotice,
  ReceivedResult,
  SubmittedResult,
  WithheldSummary,
} from '../contract/contestant.js';

// What decides how a ranked person's name is published lives with the domain, where the store awards prizes too.
export { nameConsentOf };

// Shown option ids (a, b, c…) live with the domain, where the store maps answers too.
export { bankIndexOf, optionIdAt };

/**
 * The contest as anyone may see it, except the server's clock (`withServerTime` adds `now`): the
 * same for every request while the contest, its figures and its status stay, so it is serialised once.
 */
export function publicContest(
  contest: Contest,
  counts: ContestCounts,
  now: Date,
  resultsPublishedAt: string | null,
  roundResultsPublishedAt: ReadonlyMap<string, string>,
): Omit<PublicContest, 'now'> {
  const status = contestStatus(contest, now);
  const rounds = roundsInOrder(roundsOf(contest));
  return {
    slug: contest.slug,
    title: contest.title,
    description: contest.description,
    startsAt: contest.startsAt,
    endsAt: contest.endsAt,
    status,
    questionsPerAttempt: contest.questionsPerAttempt,
    timeLimitSeconds: contest.timeLimitSeconds,
    maxAttempts: contest.maxAttempts,
    predictionQuestion: contest.predictionQuestion,
    revealScore: contest.revealScore,
    phoneVerification: contest.phoneVerification,
    prizes: contest.prizes,
    occupations: contest.occupations,
    documents: contest.documents,
    /** What the person is told before consenting (decision 0027); the full text is `GET …/privacy-notice`. */
    privacyNotice: privacyNoticeSummary(contest),
    /** Younger people may not register; null: no minimum. */
    minAge: contest.minAge,
    /** Whether and when practice is offered (decision 0036): `POST …/practice` answers accordingly. */
    practice: contest.practice,
    stats: { participants: counts.participants, attempts: counts.attempts },
    /** When the winners were published (then `GET …/results` answers them), else null. */
    resultsPublishedAt,
    rounds: rounds.map((round, index) => ({
      id: round.id,
      number: index + 1,
      title: round.title,
      startsAt: round.startsAt,
      endsAt: round.endsAt,
      status: roundStatus(round, now),
      questionsPerAttempt: round.questionsPerAttempt ?? contest.questionsPerAttempt,
      maxAttempts: round.maxAttempts ?? contest.maxAttempts,
      prizes: round.prizes,
      resultsPublishedAt: roundResultsPublishedAt.get(round.id) ?? null,
    })),
    currentRoundId: roundAt(rounds, now)?.id ?? null,
    roundsRanking: contest.roundsRanking ?? 'best',
  };
}

/** The whole privacy notice with its text (`GET /api/contests/:slug/privacy-notice`): what a person consents to. */
export function publicPrivacyNotice(contest: Contest): PublicPrivacyNotice {
  return privacyNotice(contest);
}

/** What `GET /api/contests/:slug` answers: the public contest and the server's time (api/src/contract). */
export type { PublicContest };

/**
 * A serialised object (UTF-8 `{…}`, not empty) with the server's time added as its last field,
 * `now`, in a new buffer: one already answered may still be on its way out, so none is rewritten.
 */
export function withServerTime(json: Buffer, now: Date): Buffer<ArrayBuffer> {
  const time = `,"now":"${now.toISOString()}"}`;
  const body = Buffer.allocUnsafe(json.length - 1 + time.length);
  json.copy(body, 0, 0, json.length - 1);
  body.write(time, json.length - 1, 'latin1');
  return body;
}

/** What `withServerTime` puts in place of the object's closing brace. */
export function serverTimeTail(now: Date): Buffer {
  return Buffer.from(`,"now":"${now.toISOString()}"}`, 'latin1');
}

export function contestantView(contestant: Contestant): ContestantView {
  return {
    id: contestant.id,
    fullName: contestant.fullName,
    unitId: contestant.unitId,
    occupation: contestant.occupation,
    registeredAt: contestant.createdAt,
  };
}

export function attemptSummary(attempt: Attempt): AttemptSummary {
  return {
    id: attempt.id,
    status: attempt.status,
    score: attempt.score,
    total: attempt.total,
    durationMs: attempt.durationMs,
    startedAt: attempt.startedAt,
    submittedAt: attempt.submittedAt,
    autoSubmitted: attempt.autoSubmitted,
    voided: attempt.voidedAt !== null,
  };
}

export function submittedResult(attempt: Attempt, rank: number | null): SubmittedResult {
  return { ...attemptSummary(attempt), prediction: attempt.prediction, rank };
}

/**
 * A submission while scores wait for the close (`revealScore: "afterClose"`, SPEC §3.1): that it
 * was received and when scores appear — nothing that depends on the answers (score, rank, which
 * attempt is best), so that attempts differing in one answer cannot tell which option is right.
 */
export function receivedResult(attempt: Attempt, contest: Contest): ReceivedResult {
  return { id: attempt.id, status: attempt.status, submittedAt: attempt.submittedAt, received: true, scoreShownAt: contest.endsAt };
}

/** An attempt of `me` while scores wait for the close: its summary without the score. */
export function withheldSummary(attempt: Attempt): WithheldSummary {
  const { score: _score, ...rest } = attemptSummary(attempt);
  return rest;
}

export function attemptView(
  attempt: Attempt,
  questions: readonly AttemptQuestion[],
  saved: ReadonlyMap<string, number>,
  contest: Contest,
  now: Date,
): AttemptView {
  const submitted = attempt.status === 'submitted';
  const showKey = answerKeyVisible(contest.revealAnswers, contestStatus(contest, now), submitted);
  const answers: Record<string, string> = {};
  for (const question of questions) {
    const bankIndex = saved.get(question.questionId);
    const position = bankIndex === undefined ? -1 : question.optionOrder.indexOf(bankIndex);
    if (position >= 0) answers[question.questionId] = optionIdAt(position);
  }
  const result: Partial<SubmittedResult & ReceivedResult> = !submitted
    ? {}
    : scoresVisible(contest, now)
      ? submittedResult(attempt, null)
      : receivedResult(attempt, contest);
  return {
    id: attempt.id,
    status: attempt.status,
    startedAt: attempt.startedAt,
    deadline: attempt.deadline,
    now: now.toISOString(),
    questions: questions.map((question) => ({
      id: question.questionId,
      text: question.text,
      options: question.optionOrder.map((bankIndex, position) => ({ id: optionIdAt(position), text: question.options[bankIndex]! })),
      ...(showKey
        ? {
            correctOptionId: optionIdAt(question.optionOrder.indexOf(question.answer)),
            explanation: question.explanation,
            // The source would point at the answer: shown exactly when the key is (decision 0036).
            source: question.source,
            sourceUrl: question.sourceUrl,
          }
        : {}),
    })),
    answers,
    ...result,
    answerKeyShown: showKey,
  };
}


/**
 * A leaderboard row: initials (or the full name the person agreed to publish) and a unit, never
 * identity or contact data. The caller's own row is no exception: the body is shared by everyone.
 */
export function leaderboardEntry(entry: PublishableEntry): LeaderboardEntry {
  return {
    rank: entry.rank,
    name: leaderboardName(nameConsentOf(entry)),
    unit: entry.unitName,
    score: entry.score,
    total: entry.total,
    durationMs: entry.durationMs,
  };
}

/** A leaderboard row and the whole board, as the contract declares them. */
export type LeaderboardEntryView = LeaderboardEntry;
export type LeaderboardView = Leaderboard;

/** The board as the caller sees it: their own row marked, found by their token, never by name. */
export function leaderboardForCaller(board: LeaderboardView, rank: number | null): LeaderboardView {
  return { ...board, entries: board.entries.map((entry) => (rank !== null && entry.rank === rank ? { ...entry, you: true } : entry)), you: { rank } };
}
