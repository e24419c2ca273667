/**
 * Learning Đề án 06 (decision 0036): when the public answer page and practice are available, and
 * from which questions practice draws. Pure rules; the routes read and write.
 */
import type { Contest, ContestStatus } from './contest.js';

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
