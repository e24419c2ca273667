/**
 * Learning Đề án 06 (decision 0036): the public answer page once the contest is closed, and practice
 * that never counts. No registration: anyone may read the answers and practise. Nothing here writes
 * to attempts or contestants; practice sets are kept in their own table for two hours.
 */
import { Hono } from 'hono';
import { finaliseOverdueAttempts } from '../db/attempts.js';
import { cachedContest, listQuestions } from '../db/contests.js';
import { answersVersion, drawnQuestions, getPracticeSet, practiceQuestion, PRACTICE_SET_TTL_MS, savePracticeSet } from '../db/learning.js';
import { contestStatus, type Contest } from '../domain/contest.js';
import { drawQuestions, shuffle } from '../domain/draw.js';
import { answersAvailability, practiceAllows, practicePool, rightShare } from '../domain/learning.js';
import { practiceCheckSchema, practiceStartSchema, type PracticeChecked, type PracticeSet, type PublicAnswers } from '../contract/learning.js';
import { clientIp, type AppDeps, type Limiters } from '../http/deps.js';
import { ApiError, notFound } from '../http/errors.js';
import { sendPublicJson } from '../http/public-json.js';
import { idParam, invalidFields, readJson, readOptionalJson, slugParam } from '../http/validate.js';
import { newId } from '../tokens.js';
import { limit, requireContest } from './contests.js';
import { bankIndexOf, optionIdAt } from './views.js';

const notAvailable = (message: string) => new ApiError('NOT_AVAILABLE', message);


const practiceSetGone = () => notFound('Không tìm thấy bộ câu hỏi luyện tập hoặc bộ câu hỏi đã hết hạn, vui lòng bắt đầu lượt luyện tập mới');

/** The routes under `/api/contests` (the answer page, starting practice) and under `/api/practice`. */
export function learningRoutes(deps: AppDeps, limiters: Limiters): { contest: Hono; practice: Hono } {
  const { db, clock } = deps;
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
    const done = drawnQuestions(db, contest.slug)
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
    const contest = cachedContest(db, c.req.param('slug') ?? '') ?? requireContest(deps, slugParam(c));
    const availability = answersAvailability(contest, contestStatus(contest, clock()));
    if (!availability.available) throw notAvailable(availability.message);
    // An attempt still open at the close counts as submitted with what it saved (as on the leaderboard).
    finaliseOverdueAttempts(db, contest.slug, clock());
    const version = answersVersion(db, contest.slug);
    const kept = answerBodies.get(contest.slug);
    if (kept && kept.version === version && kept.title === contest.title) return sendPublicJson(c, kept.json, true);
    return sendPublicJson(c, await countAnswers(contest, version), true);
  });

  contestApp.post('/:slug/practice', async (c) => {
    const now = clock();
    limit(limiters.practicePerIp, clientIp(c, deps.config.trustProxy), now);
    const contest = requireContest(deps, slugParam(c));
    await readOptionalJson(c, practiceStartSchema.optional());
    const pool = practicePool(contest, contestStatus(contest, now), listQuestions(db, contest.slug, false));
    if (!pool.available) throw notAvailable(pool.message);
    const drawn = drawQuestions(pool.questions, contest.questionsPerAttempt, contest.topicQuotas, deps.random).map((question) => ({
      question,
      optionOrder: shuffle(
        question.options.map((_, index) => index),
        deps.random,
      ),
    }));
    const set = {
      id: newId(),
      contestSlug: contest.slug,
      questions: drawn.map(({ question, optionOrder }) => ({ questionId: question.id, optionOrder })),
      expiresAt: new Date(now.getTime() + PRACTICE_SET_TTL_MS).toISOString(),
    };
    savePracticeSet(db, set, now);
    return c.json(
      {
        id: set.id,
        contest: { slug: contest.slug, title: contest.title },
        questions: drawn.map(({ question, optionOrder }) => ({
          id: question.id,
          topic: question.topic,
          text: question.text,
          options: optionOrder.map((bankIndex, position) => ({ id: optionIdAt(position), text: question.options[bankIndex]! })),
        })),
        expiresAt: set.expiresAt,
      } satisfies PracticeSet,
      201,
    );
  });

  practiceApp.post('/:id/check', async (c) => {
    const now = clock();
    const setId = idParam(c);
    limit(limiters.practiceChecks, setId, now);
    const set = getPracticeSet(db, setId, now);
    if (!set) throw practiceSetGone();
    const body = await readJson(c, practiceCheckSchema);
    const drawn = set.questions.find((q) => q.questionId === body.questionId);
    if (!drawn) throw invalidFields({ questionId: 'Câu hỏi (questionId) không thuộc bộ câu hỏi luyện tập này' }, 'Câu hỏi không thuộc bộ câu hỏi luyện tập này');
    const bankIndex = bankIndexOf(drawn, body.optionId);
    if (bankIndex === null) throw invalidFields({ optionId: 'Phương án (optionId) không phải một phương án của câu hỏi này' }, 'Phương án trả lời không hợp lệ');
    const contest = requireContest(deps, set.contestSlug);
    const question = practiceQuestion(db, set.contestSlug, drawn.questionId);
    // The rules of the draw hold at the check too: a question unmarked for practice (or practice
    // turned off) since the draw gives no key away while the contest is open.
    if (!question || question.options.length !== drawn.optionOrder.length || !practiceAllows(contest, contestStatus(contest, now), question)) {
      throw notAvailable('Câu hỏi này hiện không còn dùng để luyện tập');
    }
    return c.json({
      correct: bankIndex === question.answer,
      correctOptionId: optionIdAt(drawn.optionOrder.indexOf(question.answer)),
      explanation: question.explanation,
      source: question.source,
      sourceUrl: question.sourceUrl,
    } satisfies PracticeChecked);
  });

  return { contest: contestApp, practice: practiceApp };
}
