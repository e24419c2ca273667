import { Hono } from 'hono';
import { saveAnswersSchema, submitAttemptSchema, type AnswersSaved } from '../contract/contestant.js';
import { contestantAuth, type ContestantEnv } from '../http/auth.js';
import type { Limiters, PortableDeps } from '../http/deps.js';
import { ApiError } from '../http/errors.js';
import { idParam, invalidFields, readJson } from '../http/validate.js';
import { limit, missing } from './contests.js';
import { attemptView, receivedResult, submittedResult } from './views.js';

const invalidAnswers = (fields: Record<string, string>) => invalidFields(fields, 'Có câu trả lời không hợp lệ');

export function attemptRoutes(deps: PortableDeps, limiters: Limiters): Hono<ContestantEnv> {
  const { store, clock } = deps;
  const app = new Hono<ContestantEnv>();
  const auth = contestantAuth(deps, 'any');

  app.get('/:id', auth, async (c) => {
    const read = await store.attempts.get(c.get('contestant').id, idParam(c));
    if (read.kind === 'notFound') throw missing(read.what);
    return c.json(attemptView(read.attempt, read.questions, read.saved, read.contest, read.at));
  });

  app.put('/:id/answers', auth, async (c) => {
    const contestant = c.get('contestant');
    limit(limiters.autosave, contestant.id, clock());
    const outcome = await store.attempts.save(contestant.id, idParam(c), () => readJson(c, saveAnswersSchema));
    if (outcome.kind === 'notFound') throw missing(outcome.what);
    if (outcome.kind === 'invalid') throw invalidAnswers(outcome.fields);
    if (outcome.kind === 'closed') {
      throw new ApiError('ATTEMPT_CLOSED', 'Lượt thi đã kết thúc, câu trả lời này không được ghi nhận', {
        answers: 'Đã quá thời hạn làm bài, câu trả lời không được lưu',
      });
    }
    return c.json({ saved: outcome.saved, now: outcome.at.toISOString() } satisfies AnswersSaved);
  });

  app.post('/:id/submit', auth, async (c) => {
    const outcome = await store.attempts.submit(c.get('contestant').id, idParam(c), () => readJson(c, submitAttemptSchema));
    if (outcome.kind === 'notFound') throw missing(outcome.what);
    if (outcome.kind === 'invalid') throw invalidAnswers(outcome.fields);
    if (outcome.kind === 'received') return c.json(receivedResult(outcome.attempt, outcome.contest));
    return c.json(submittedResult(outcome.attempt, outcome.rank));
  });

  return app;
}
