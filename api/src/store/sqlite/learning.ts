import { finaliseOverdueAttempts } from '../../db/attempts.js';
import { getContest, listQuestions } from '../../db/contests.js';
import { answersVersion, drawnQuestions, getPracticeSet, practiceQuestion, savePracticeSet } from '../../db/learning.js';
import { contestStatus } from '../../domain/contest.js';
import { drawPractice, judgePractice, PRACTICE_SET_TTL_MS, practicePool } from '../../domain/learning.js';
import { newId } from '../../tokens.js';
import type { LearningStore, NotFound } from '../store.js';
import type { SqliteStoreDeps } from './index.js';

const NO_CONTEST: NotFound = Object.freeze({ kind: 'notFound', what: 'contest' });

/** The answer page and practice sets over db/learning.ts, in the order the routes ran them. */
export function sqliteLearning({ db, clock, random }: SqliteStoreDeps): LearningStore {
  return {
    async answersVersion(contest) {
      finaliseOverdueAttempts(db, contest.slug, clock());
      return answersVersion(db, contest.slug);
    },

    drawnQuestions: (contest) => drawnQuestions(db, contest.slug),

    async startPractice(slug, body) {
      const contest = getContest(db, slug);
      if (!contest) return NO_CONTEST;
      await body();
      const now = clock();
      const pool = practicePool(contest, contestStatus(contest, now), listQuestions(db, contest.slug, false));
      if (!pool.available) return { kind: 'unavailable', message: pool.message };
      const questions = drawPractice(pool.questions, contest, random);
      const set = {
        id: newId(),
        contestSlug: contest.slug,
        questions: questions.map(({ question, optionOrder }) => ({ questionId: question.id, optionOrder })),
        expiresAt: new Date(now.getTime() + PRACTICE_SET_TTL_MS).toISOString(),
      };
      savePracticeSet(db, set, now);
      return { kind: 'started', id: set.id, contest, questions, expiresAt: set.expiresAt };
    },

    async checkPractice(setId, answer) {
      const set = getPracticeSet(db, setId, clock());
      if (!set) return { kind: 'gone' };
      const body = await answer();
      const now = clock();
      return judgePractice(set.questions, body, getContest(db, set.contestSlug), practiceQuestion(db, set.contestSlug, body.questionId), now);
    },
  };
}
