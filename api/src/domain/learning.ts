/**
 * Learning Đề án 06 (decision 0036): when the public answer page and practice are available, and
 * from which questions practice draws. Pure rules, the same on every store; the stores read and write.
 */
import { contestStatus, type Contest, type ContestStatus } from './contest.js';
import { drawQuestions, shuffle, type Random } from './draw.js';
import { bankIndexOf, optionIdAt } from './option-ids.js';

/** Why something of the learning pages is not available now; the message names the setting or the wait. */
export type Unavailable = { available: false; message: string };

/**
 * The answer page shows every drawn question with its key: only once the contest is closed (while
 * open, it would be the key to the attempts still running) and never when the contest keeps its
 * answers (`revealAnswers: "never"`).
 */
export function answersAvailability(contest: Pick<Contest, 'revealAnswers'>, status: ContestStatus): { available: true } | Unavailable {
  if (contest.revealAnswers === 'never') return { available: false, message: 'Cuộc thi này không công bố đáp án' };
  if (status !== 'closed') return { available: false, message: 'Đáp án được công bố sau khi cuộc thi kết thúc' };
  return { available: true };
}

/**
 * Which questions practice may draw from at `status`: `off` none; `always` the questions marked for
 * practice while the contest is not closed, all once it is; `afterClose` all once closed. A
 * question not marked for practice never reaches practice before the close, whatever the mode.
 */
export function practicePool<Q extends { practice: boolean }>(
  contest: Pick<Contest, 'practice'>,
  status: ContestStatus,
  bank: readonly Q[],
): { available: true; questions: readonly Q[] } | Unavailable {
  if (contest.practice === 'off') return { available: false, message: 'Cuộc thi này không mở phần luyện tập' };
  if (status === 'closed') {
    return bank.length ? { available: true, questions: bank } : { available: false, message: 'Ngân hàng câu hỏi của cuộc thi chưa có câu nào để luyện tập' };
  }
  if (contest.practice === 'afterClose') return { available: false, message: 'Phần luyện tập mở sau khi cuộc thi kết thúc' };
  const marked = bank.filter((question) => question.practice);
  return marked.length
    ? { available: true, questions: marked }
    : { available: false, message: 'Ban Tổ chức chưa chọn câu hỏi nào để luyện tập trong thời gian thi' };
}

/** Whether one question may be checked in practice at `status`: the same rule as drawing it. */
export function practiceAllows(contest: Pick<Contest, 'practice'>, status: ContestStatus, question: { practice: boolean }): boolean {
  if (contest.practice === 'off') return false;
  if (status === 'closed') return true;
  return contest.practice === 'always' && question.practice;
}

/** The share (0–1) of right answers, rounded to 4 decimals; null when nobody answered. */
export function rightShare(right: number, answered: number): number | null {
  return answered > 0 ? Math.round((right / answered) * 10_000) / 10_000 : null;
}

/** How long a practice set can be checked: long enough to read, think and look up every source. */
export const PRACTICE_SET_TTL_MS = 2 * 60 * 60 * 1000;

/** A question of a practice set, in shown order, with its options' shown order (bank index at each position). */
export interface PracticeDraw {
  questionId: string;
  optionOrder: number[];
}

/**
 * A practice set drawn as an attempt is (the contest's count and topic quotas, options shuffled),
 * from the questions `practicePool` allows: the same draw on every store.
 */
export function drawPractice<Q extends { id: string; topic: string; options: readonly string[] }>(
  questions: readonly Q[],
  contest: Pick<Contest, 'questionsPerAttempt' | 'topicQuotas'>,
  random: Random,
): { question: Q; optionOrder: number[] }[] {
  return drawQuestions(questions, contest.questionsPerAttempt, contest.topicQuotas, random).map((question) => ({
    question,
    optionOrder: shuffle(
      question.options.map((_, index) => index),
      random,
    ),
  }));
}

/** What a practice check answers, in the order it is decided. */
export type PracticeVerdict<Q> =
  /** The question was not drawn for this set. */
  | { kind: 'notInSet' }
  /** The option is not one of the question's shown options. */
  | { kind: 'badOption' }
  /** The contest is gone. */
  | { kind: 'noContest' }
  /** Not (or no longer) a practice question now: unmarked, retired options changed, or practice turned off since the draw. */
  | { kind: 'withdrawn' }
  | { kind: 'checked'; correct: boolean; correctOptionId: string; question: Q };

/**
 * Judges one practice answer. The rules of the draw hold at the check too: a question unmarked for
 * practice (or practice turned off) since the draw gives no key away while the contest is open.
 * `question` is the question the answer names as the bank holds it now (null when missing).
 */
export function judgePractice<Q extends { id: string; options: readonly string[]; answer: number; practice: boolean }>(
  set: readonly PracticeDraw[],
  answer: { questionId: string; optionId: string },
  contest: Pick<Contest, 'practice' | 'startsAt' | 'endsAt'> | null,
  question: Q | null,
  now: Date,
): PracticeVerdict<Q> {
  const drawn = set.find((q) => q.questionId === answer.questionId);
  if (!drawn) return { kind: 'notInSet' };
  const bankIndex = bankIndexOf(drawn, answer.optionId);
  if (bankIndex === null) return { kind: 'badOption' };
  if (!contest) return { kind: 'noContest' };
  if (!question || question.id !== drawn.questionId || question.options.length !== drawn.optionOrder.length || !practiceAllows(contest, contestStatus(contest, now), question)) {
    return { kind: 'withdrawn' };
  }
  return { kind: 'checked', correct: bankIndex === question.answer, correctOptionId: optionIdAt(drawn.optionOrder.indexOf(question.answer)), question };
}

/** A question drawn at least once for an attempt of the contest, with how submitted attempts answered it. */
export interface DrawnQuestion<Q = unknown> {
  question: Q;
  /** Submitted, not voided attempts that drew it. */
  answered: number;
  /** Of those, the ones whose saved answer is the question's current key. */
  right: number;
}

/**
 * The answer page's questions: those of `bank` (bank order, retired ones too) drawn at least once,
 * from the counted draws by question and saved option (`counted` per question id, by option index;
 * null: no answer saved). Right is measured against the key as it is now.
 */
export function drawnQuestionsOf<Q extends { id: string; answer: number }>(
  bank: readonly Q[],
  counted: ReadonlyMap<string, ReadonlyMap<number | null, number>>,
): DrawnQuestion<Q>[] {
  return bank
    .filter((question) => counted.has(question.id))
    .map((question) => {
      const options = counted.get(question.id)!;
      let answered = 0;
      for (const count of options.values()) answered += count;
      return { question, answered, right: options.get(question.answer) ?? 0 };
    });
}

/** Adds one counted row (question, saved option, attempts) to `counted`. */
export function countDraw(counted: Map<string, Map<number | null, number>>, questionId: string, optionIndex: number | null, attempts: number): void {
  let options = counted.get(questionId);
  if (!options) counted.set(questionId, (options = new Map()));
  options.set(optionIndex, (options.get(optionIndex) ?? 0) + attempts);
}
