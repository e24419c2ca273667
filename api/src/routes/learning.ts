/**
 * Learning Đề án 06 (decision 0036): the public answer page once the contest is closed, and practice
 * that never counts. No registration: anyone may read the answers and practise. Nothing here writes
 * to attempts or contestants; practice sets are kept in their own table for two hours
 * (`store.learning`, on SQLite and PostgreSQL alike).
 */
import { Hono } from 'hono';
import { contestStatus, type Contest } from '../domain/contest.js';
import { answersAvailability, rightShare } from '../domain/learning.js';
import { practiceCheckSchema, practiceStartSchema, type PracticeChecked, type PracticeSet, type PublicAnswers } from '../contract/learning.js';
import { clientIp, type Limiters, type PortableDeps } from '../http/deps.js';
import { ApiError, notFound } from '../http/errors.js';
import { sendPublicJson } from '../http/public-json.js';
import { idParam, invalidFields, readJson, readOptionalJson, slugParam } from '../http/validate.js';
import { limit, missing } from './contests.js';
import { optionIdAt } from './views.js';

const notAvailable = (message: string) => new ApiError('NOT_AVAILABLE', message);

const practiceSetGone = () => notFound('Không tìm thấy bộ câu hỏi luyện tập hoặc bộ câu hỏi đã hết hạn, vui lòng bắt đầu lượt luyện tập mới');

/** The routes under `/api/contests` (the answer page, starting practice) and under `/api/practice`. */
export function learningRoutes(deps: PortableDeps, limiters: Limiters): { contest: Hono; practice: Hono } {
  const { clock } = deps;
  const learning = deps.store.learning;
  const contestApp = new Hono();
  const practiceApp = new Hono();

  // The page is the same for everyone: serialised once per contest and kept until what it shows may
  // have changed (`answersVersion`: a corrected key, a voided attempt…), not on every write — practice
  // sets are written all the time while people read this page. Counting takes a while on a large
  // contest (in blocks, the server answering others meanwhile): one count at a time per contest, which
  // every request for that version waits for. A page counted before is not served meanwhile: after a
  // corrected key it would show the wrong one.
  const answerBodies = new Map<string, { version: number; title: string; json: Buffer<ArrayBuffer> }>();
  const counting = new Map<string, { version: number; title: string; done: Promise<Buffer<ArrayBuffer>> }>();

  const countAnswers = (contest: Contest, version: number): Promise<Buffer<ArrayBuffer>> => {
    const running = counting.get(contest.slug);
    if (running && running.version === version && running.title === contest.title) return running.done;
    const done = learning
      .drawnQuestions(contest)
      .then((drawn) => {
        const body: PublicAnswers = {
          contest: { slug: contest.slug, title: contest.title },
          questions: drawn.map(({ question, answered, right }) => ({
            id: question.id,
            topic: question.topic,
            text: question.text,
            // In bank order, each option named by its bank position (a, b, c…), as the attempt view names shown options.
            options: question.options.map((text, index) => ({ id: optionIdAt(index), text })),
            correctOptionId: optionIdAt(question.answer),
            explanation: question.explanation,
            source: question.source,
            sourceUrl: question.sourceUrl,
            answered,
            rightShare: rightShare(right, answered),
          })),
        };
        const json = Buffer.from(JSON.stringify(body));
        answerBodies.set(contest.slug, { version, title: contest.title, json });
        return json;
      })
      .finally(() => {
        if (counting.get(contest.slug)?.done === done) counting.delete(contest.slug);
      });
    counting.set(contest.slug, { version, title: contest.title, done });
    return done;
  };

  contestApp.get('/:slug/answers', async (c) => {
    const contest = await deps.store.contests.contest(slugParam(c));
    if (!contest) throw missing('contest');
    const availability = answersAvailability(contest, contestStatus(contest, clock()));
    if (!availability.available) throw notAvailable(availability.message);
    // An attempt still open at the close counts as submitted with what it saved (as on the leaderboard).
    const version = await learning.answersVersion(contest);
    const kept = answerBodies.get(contest.slug);
    if (kept && kept.version === version && kept.title === contest.title) return sendPublicJson(c, kept.json, true);
    return sendPublicJson(c, await countAnswers(contest, version), true);
  });

  contestApp.post('/:slug/practice', async (c) => {
    limit(limiters.practicePerIp, clientIp(c, deps.config.trustProxy), clock());
    const started = await learning.startPractice(slugParam(c), () => readOptionalJson(c, practiceStartSchema.optional()));
    if (started.kind === 'notFound') throw missing(started.what);
    if (started.kind === 'unavailable') throw notAvailable(started.message);
    return c.json(
      {
        id: started.id,
        contest: { slug: started.contest.slug, title: started.contest.title },
        questions: started.questions.map(({ question, optionOrder }) => ({
          id: question.id,
          topic: question.topic,
          text: question.text,
          options: optionOrder.map((bankIndex, position) => ({ id: optionIdAt(position), text: question.options[bankIndex]! })),
        })),
        expiresAt: started.expiresAt,
      } satisfies PracticeSet,
      201,
    );
  });

  practiceApp.post('/:id/check', async (c) => {
    const setId = idParam(c);
    limit(limiters.practiceChecks, setId, clock());
    const checked = await learning.checkPractice(setId, () => readJson(c, practiceCheckSchema));
    switch (checked.kind) {
      case 'gone':
        throw practiceSetGone();
      case 'notInSet':
        throw invalidFields({ questionId: 'Câu hỏi (questionId) không thuộc bộ câu hỏi luyện tập này' }, 'Câu hỏi không thuộc bộ câu hỏi luyện tập này');
      case 'badOption':
        throw invalidFields({ optionId: 'Phương án (optionId) không phải một phương án của câu hỏi này' }, 'Phương án trả lời không hợp lệ');
      case 'noContest':
        throw missing('contest');
      case 'withdrawn':
        throw notAvailable('Câu hỏi này hiện không còn dùng để luyện tập');
    }
    const { question } = checked;
    return c.json({
      correct: checked.correct,
      correctOptionId: checked.correctOptionId,
      explanation: question.explanation,
      source: question.source,
      sourceUrl: question.sourceUrl,
    } satisfies PracticeChecked);
  });

  return { contest: contestApp, practice: practiceApp };
}
