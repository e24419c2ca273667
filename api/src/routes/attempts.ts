import { Hono } from 'hono';
import { attemptOptionOrders, attemptQuestions, getAttempt, saveAnswers, savedAnswers, settleAttempt, submitAttempt, type Attempt } from '../db/attempts.js';
import type { Contestant } from '../db/contestants.js';
import { scoresVisible } from '../domain/contest.js';
import { saveAnswersSchema, submitAttemptSchema } from '../contract/contestant.js';
import { requireContestant } from '../http/auth.js';
import type { AppDeps, Limiters } from '../http/deps.js';
import { ApiError, notFound } from '../http/errors.js';
import { idParam, readJson } from '../http/validate.js';
import { limit, rankedBest, requireContest } from './contests.js';
import { attemptView, bankIndexOf, receivedResult, submittedResult } from './views.js';
import type { AnswersSaved } from '../contract/contestant.js';

export function attemptRoutes(deps: AppDeps, limiters: Limiters): Hono {
  const { db, clock } = deps;
  const app = new Hono();

  /** The attempt, if the caller owns it; another person's attempt is as good as missing. */
  function ownAttempt(id: string, contestant: Contestant): Attempt {
    const attempt = getAttempt(db, id);
    if (!attempt || attempt.contestantId !== contestant.id) throw notFound('Không tìm thấy lượt thi');
    return attempt;
  }

  /** Shown option ids → bank indexes; every unknown question or option is named. */
  function toBankIndexes(attempt: Attempt, answers: Record<string, string | null>): Map<string, number | null> {
    const orders = attemptOptionOrders(db, attempt.id, Object.keys(answers));
    const fields: Record<string, string> = {};
    const result = new Map<string, number | null>();
    for (const [questionId, optionId] of Object.entries(answers)) {
      const optionOrder = orders.get(questionId);
      if (!optionOrder) {
        fields[`answers.${questionId}`] = 'Câu hỏi không thuộc lượt thi này';
        continue;
      }
      const bankIndex = optionId === null ? null : bankIndexOf({ optionOrder }, optionId);
      if (optionId !== null && bankIndex === null) fields[`answers.${questionId}`] = 'Phương án trả lời không hợp lệ';
      else result.set(questionId, bankIndex);
    }
    if (Object.keys(fields).length > 0) throw new ApiError('VALIDATION', 'Có câu trả lời không hợp lệ', fields);
    return result;
  }

  app.get('/:id', (c) => {
    const contestant = requireContestant(deps, c);
    const id = idParam(c);
    ownAttempt(id, contestant);
    const now = clock();
    const attempt = settleAttempt(db, id, now)!;
    const contest = requireContest(deps, attempt.contestSlug);
    return c.json(attemptView(attempt, attemptQuestions(db, attempt), savedAnswers(db, id), contest, now));
  });

  // The deadline is checked by the store when the answers are written, not here: the body may
  // arrive long after the request began (SPEC §3.1 "Time").
  app.put('/:id/answers', async (c) => {
    const contestant = requireContestant(deps, c);
    limit(limiters.autosave, contestant.id, clock());
    const attempt = ownAttempt(idParam(c), contestant);
    const body = await readJson(c, saveAnswersSchema);
    const outcome = saveAnswers(db, attempt.id, toBankIndexes(attempt, body.answers), clock);
    if (outcome.kind === 'closed') {
      throw new ApiError('ATTEMPT_CLOSED', 'Lượt thi đã kết thúc, câu trả lời này không được ghi nhận', {
        answers: 'Đã quá thời hạn làm bài, câu trả lời không được lưu',
      });
    }
    return c.json({ saved: outcome.saved, now: outcome.at.toISOString() } satisfies AnswersSaved);
  });

  app.post('/:id/submit', async (c) => {
    const contestant = requireContestant(deps, c);
    const attempt = ownAttempt(idParam(c), contestant);
    const body = await readJson(c, submitAttemptSchema);
    const answers = attempt.status === 'inProgress' && body.answers ? toBankIndexes(attempt, body.answers) : new Map<string, number | null>();
    const submitted = submitAttempt(db, attempt.id, answers, body.prediction ?? null, clock);
    const contest = requireContest(deps, submitted.contestSlug);
    if (!scoresVisible(contest, clock())) return c.json(receivedResult(submitted, contest));
    const best = rankedBest(deps, contest, contestant.id);
    return c.json(submittedResult(submitted, best?.attemptId === submitted.id ? best.rank : null));
  });

  return app;
}
