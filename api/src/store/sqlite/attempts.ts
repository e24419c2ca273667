import {
  attemptOptionOrders,
  attemptQuestions,
  getAttempt,
  saveAnswers,
  savedAnswers,
  settleAttempt,
  startAttempt,
  submitAttempt,
  type Attempt,
} from '../../db/attempts.js';
import { getContest, listQuestions } from '../../db/contests.js';
import { networkData } from '../../db/integrity.js';
import { overallRanking } from '../../db/rounds.js';
import { verifyChallenge } from '../../domain/challenge.js';
import { attemptDeadline, contestStatus, remainingAttempts, scoresVisible } from '../../domain/contest.js';
import { drawQuestions, shuffle } from '../../domain/draw.js';
import { sourceHost } from '../../domain/hostname.js';
import { roundAt, roundMaxAttempts, roundQuestionsPerAttempt, roundsOf } from '../../domain/rounds.js';
import { shownToBankIndexes } from '../../domain/option-ids.js';
import { newId } from '../../tokens.js';
import type { AttemptStore, FieldProblems, NotFound } from '../store.js';
import type { SqliteStoreDeps } from './index.js';

const NO_ATTEMPT: NotFound = Object.freeze({ kind: 'notFound', what: 'attempt' });
const NO_CONTEST: NotFound = Object.freeze({ kind: 'notFound', what: 'contest' });

export function sqliteAttempts({ db, clock, random, config }: SqliteStoreDeps): AttemptStore {
  /** The attempt, if `contestantId` owns it; another person's attempt is as good as missing. */
  function own(contestantId: string, id: string): Attempt | null {
    const attempt = getAttempt(db, id);
    return attempt && attempt.contestantId === contestantId ? attempt : null;
  }

  /** Shown option ids → bank indexes; every unknown question or option is named. */
  function toBankIndexes(attempt: Attempt, answers: Record<string, string | null>): Map<string, number | null> | { fields: FieldProblems } {
    const orders = attemptOptionOrders(db, attempt.id, Object.keys(answers));
    return shownToBankIndexes(orders, answers);
  }

  return {
    async get(contestantId, id) {
      if (!own(contestantId, id)) return NO_ATTEMPT;
      const at = clock();
      const attempt = settleAttempt(db, id, at)!;
      const contest = getContest(db, attempt.contestSlug);
      if (!contest) return NO_CONTEST;
      return { kind: 'attempt', attempt, questions: attemptQuestions(db, attempt), saved: savedAnswers(db, id), contest, at };
    },

    async start(contestant, slug, read, client) {
      const now = clock();
      const contest = getContest(db, slug);
      if (!contest) return NO_CONTEST;
      const body = await read();
      // A quick refusal; startAttempt checks the window again at the write, from which the deadline runs.
      const status = contestStatus(contest, clock());
      if (status !== 'open') return { kind: 'notOpen', status };
      const rounds = roundsOf(contest);
      const roundOpenAt = (at: Date) => roundAt(rounds, at);
      // Between rounds the contest is open but takes no attempt; startAttempt asks again at the write.
      if (rounds.length && !roundOpenAt(clock())) return { kind: 'noRound', rounds, at: clock() };
      const bank = listQuestions(db, slug, false);
      if (bank.length === 0) return { kind: 'noQuestions' };
      const challenge = config.challenge.required ? await verifyChallenge(body?.challenge, slug, config.challenge, now) : null;
      const source = sourceHost(body?.source, client.origin) ?? contestant.source;
      const outcome = startAttempt(
        db,
        contestant.id,
        clock,
        (started, roundId) => {
          const round = rounds.find((r) => r.id === roundId);
          // A round counts its own tries (the grants apply in each); the contest's count those before an erasure too.
          const left = round
            ? remainingAttempts(roundMaxAttempts(contest, round), started, contestant.extraAttempts)
            : remainingAttempts(contest.maxAttempts, started + contestant.attemptsBeforeErasure, contestant.extraAttempts);
          return (left ?? 1) > 0;
        },
        (startedAt) => {
          const round = roundOpenAt(startedAt);
          return {
            id: newId(),
            contestSlug: slug,
            contestantId: contestant.id,
            roundId: round?.id ?? null,
            // A round's end cuts its attempts as the contest's end does.
            deadline: attemptDeadline(startedAt, contest.timeLimitSeconds, round?.endsAt ?? contest.endsAt),
            source,
            questions: drawQuestions(bank, round ? roundQuestionsPerAttempt(contest, round) : contest.questionsPerAttempt, contest.topicQuotas, random).map(
              (question) => ({ question, optionOrder: shuffle(question.options.map((_, index) => index), random) }),
            ),
          };
        },
        challenge,
        networkData(client.ip, client.userAgent),
        rounds.length ? (at) => roundOpenAt(at)?.id ?? null : null,
      );
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
        case 'resumed': {
          const { attempt } = outcome;
          return { kind: 'resumed', attempt, questions: attemptQuestions(db, attempt), saved: savedAnswers(db, attempt.id), contest, at: clock() };
        }
      }
    },

    // The deadline is checked when the answers are written, not when the request began: the body
    // may arrive long after (SPEC §3.1 "Time").
    async save(contestantId, id, read) {
      const attempt = own(contestantId, id);
      if (!attempt) return NO_ATTEMPT;
      const body = await read();
      const answers = toBankIndexes(attempt, body.answers);
      if (!(answers instanceof Map)) return { kind: 'invalid', fields: answers.fields };
      const outcome = saveAnswers(db, attempt.id, answers, clock);
      return outcome.kind === 'closed' ? { kind: 'closed' } : { kind: 'saved', saved: outcome.saved, at: outcome.at };
    },

    async submit(contestantId, id, read) {
      const attempt = own(contestantId, id);
      if (!attempt) return NO_ATTEMPT;
      const body = await read();
      const answers = attempt.status === 'inProgress' && body.answers ? toBankIndexes(attempt, body.answers) : new Map<string, number | null>();
      if (!(answers instanceof Map)) return { kind: 'invalid', fields: answers.fields };
      const submitted = submitAttempt(db, attempt.id, answers, body.prediction ?? null, clock);
      const contest = getContest(db, submitted.contestSlug);
      if (!contest) return NO_CONTEST;
      if (!scoresVisible(contest, clock())) return { kind: 'received', attempt: submitted, contest };
      const best = overallRanking(db, contest, 'public').rankOf(contestantId);
      return { kind: 'submitted', attempt: submitted, contest, rank: best?.attemptId === submitted.id ? best.rank : null };
    },
  };
}
