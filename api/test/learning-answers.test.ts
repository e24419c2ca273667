/**
 * `GET /api/contests/:slug/answers` (decision 0036): refused while the contest is not closed and
 * when it never reveals answers; after the close, every question drawn for an attempt with its key
 * (as corrected), explanation, source and how submitted, counting attempts answered it.
 */
import { describe, expect, it } from 'vitest';
import { publicAnswersSchema } from '../src/contract/learning.js';
import { admin, expectError, jsonQuestion, smallContest } from './admin-support.js';
import { CLOSED, correctOptionId, OPEN, register, startAttempt, testEnv, wrongOptionId, type TestEnv } from './support.js';

const SLUG = 'dap-an-cong-khai';
const DAY = 86_400_000;

const answers = (env: TestEnv, slug = SLUG, headers: Record<string, string> = {}) => env.call('GET', `/api/contests/${slug}/answers`, { headers });

/**
 * A contest of 8 sourced questions, 3 drawn per attempt, and five people: four submit (answering
 * the first `right[i]` of their questions right, the rest wrong or blank), one never submits; one
 * submitted attempt is voided. Answers what the page must say, worked out from the stored draws.
 */
async function playedContest(env: TestEnv, revealAnswers: 'afterSubmit' | 'afterClose' | 'never' = 'afterClose') {
  await smallContest(env, SLUG, 8, 3, { revealAnswers, revealScore: revealAnswers === 'afterSubmit' ? 'afterSubmit' : 'afterClose' });
  const sourced = Array.from({ length: 8 }, (_, i) =>
    jsonQuestion(i + 1, { id: `${SLUG}-q${i + 1}`, source: i % 2 ? null : `Nguồn ${i + 1}`, sourceUrl: i % 2 ? null : `https://vbpl.vn/${i + 1}`, explanation: `Giải thích ${i + 1}` }),
  );
  expect((await admin(env, 'POST', `/contests/${SLUG}/questions`, sourced)).status).toBe(200);
  const right = [3, 1, 0, 2];
  const attempts: string[] = [];
  for (let n = 0; n < right.length; n++) {
    const { token } = await register(env, n + 1, {}, SLUG);
    const attempt = await startAttempt(env, token, SLUG);
    // The last question of the third person stays blank: not answered right.
    const given = Object.fromEntries(
      attempt.questions
        .filter((_, i) => !(n === 2 && i === 2))
        .map((q, i) => [q.id, i < right[n]! ? correctOptionId(env, attempt.id, q.id) : wrongOptionId(env, attempt.id, q.id)]),
    );
    const submitted = await env.call('POST', `/api/attempts/${attempt.id}/submit`, { token, json: { answers: given, prediction: 5 } });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    attempts.push(attempt.id);
  }
  // Voided: drawn, so its questions are on the page, but it is not counted.
  expect((await admin(env, 'POST', `/attempts/${attempts[3]}/void`, { reason: 'Vi phạm thể lệ, Ban Tổ chức huỷ kết quả' })).status).toBe(200);
  // Started and never submitted: its questions were seen, so they are on the page; finalised at the close.
  const { token: late } = await register(env, 9, {}, SLUG);
  const open = await startAttempt(env, late, SLUG);
  return { attempts, open: open.id };
}

/** The page worked out from the database: drawn questions in bank order, counts of counting attempts. */
function expectedPage(env: TestEnv) {
  const drawn = env.db
    .prepare(
      `SELECT q.id, q.answer, q.options, q.position,
              SUM(a.status = 'submitted' AND a.voided_at IS NULL) AS answered,
              SUM(a.status = 'submitted' AND a.voided_at IS NULL AND aa.option_index = q.answer) AS rightCount
         FROM attempt_questions aq JOIN attempts a ON a.id = aq.attempt_id
         JOIN questions q ON q.contest_slug = a.contest_slug AND q.id = aq.question_id
         LEFT JOIN attempt_answers aa ON aa.attempt_id = a.id AND aa.question_id = q.id
        WHERE a.contest_slug = ? GROUP BY q.id ORDER BY q.position`,
    )
    .all(SLUG) as { id: string; answer: number; options: string; answered: number; rightCount: number }[];
  return drawn.map((q) => ({ id: q.id, correctOptionId: 'abcdef'[q.answer], answered: q.answered, rightShare: q.answered ? q.rightCount / q.answered : null }));
}

describe('GET /api/contests/:slug/answers', () => {
  it('404 NOT_AVAILABLE while the contest is open or upcoming, with a Vietnamese message; never a key', async () => {
    const env = testEnv();
    await playedContest(env);
    const open = expectError(await answers(env), 404, 'NOT_AVAILABLE');
    expect(open.message).toMatch(/sau khi cuộc thi kết thúc/);
    const now = env.clock.now().getTime();
    const upcoming = await admin(env, 'PUT', `/contests/sap-mo`, {
      title: 'Cuộc thi sắp mở',
      startsAt: new Date(now + DAY).toISOString(),
      endsAt: new Date(now + 2 * DAY).toISOString(),
    });
    expect(upcoming.status).toBe(201);
    expectError(await answers(env, 'sap-mo'), 404, 'NOT_AVAILABLE');
    expectError(await answers(env, OPEN), 404, 'NOT_AVAILABLE');
  });

  it('404 NOT_AVAILABLE after the close when the contest never reveals answers', async () => {
    const env = testEnv();
    await playedContest(env, 'never');
    env.clock.advance(31 * DAY);
    const error = expectError(await answers(env), 404, 'NOT_AVAILABLE');
    expect(error.message).toMatch(/không công bố đáp án/);
  });

  it('404 NOT_FOUND for an unknown contest, 400 naming the slug for a malformed one', async () => {
    const env = testEnv();
    expectError(await answers(env, 'khong-co-cuoc-thi-nay'), 404, 'NOT_FOUND');
    const error = expectError(await answers(env, 'SAI_DINH_DANG!'), 400, 'VALIDATION');
    expect(Object.keys(error.fields ?? {})).toEqual(['slug']);
  });

  for (const reveal of ['afterClose', 'afterSubmit'] as const) {
    it(`after the close (revealAnswers ${reveal}): every drawn question, options in bank order, key, explanation, source, counts`, async () => {
      const env = testEnv();
      await playedContest(env, reveal);
      env.clock.advance(31 * DAY);
      const response = await answers(env);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      const page = publicAnswersSchema.parse(response.body);
      expect(page.contest).toEqual({ slug: SLUG, title: `Cuộc thi thử ${SLUG}` });
      // The attempt open at the close was finalised first: the counts below read the stored state.
      const expected = expectedPage(env);
      expect(page.questions.map(({ id, correctOptionId, answered, rightShare }) => ({ id, correctOptionId, answered, rightShare }))).toEqual(
        expected.map((q) => ({ ...q, rightShare: q.rightShare === null ? null : Math.round(q.rightShare * 10_000) / 10_000 })),
      );
      // Only questions drawn for an attempt, and at least those of the never-submitted one.
      const drawnIds = new Set((env.db.prepare(`SELECT DISTINCT question_id AS id FROM attempt_questions`).all() as { id: string }[]).map((r) => r.id));
      expect(new Set(page.questions.map((q) => q.id))).toEqual(drawnIds);
      for (const q of page.questions) {
        const n = Number(q.id.split('-q').at(-1));
        expect(q.options).toEqual(jsonQuestion(n).options.map((text, i) => ({ id: 'abcdef'[i], text })));
        expect(q.explanation).toBe(`Giải thích ${n}`);
        expect(q.source).toBe(n % 2 ? `Nguồn ${n}` : null);
        expect(q.sourceUrl).toBe(n % 2 ? `https://vbpl.vn/${n}` : null);
        expect(q.topic).toBe('vneid');
      }
      // The counted attempts: three submitted, not voided, each with three questions.
      expect(page.questions.reduce((sum, q) => sum + q.answered, 0)).toBe(3 * 3 + 3);
    });
  }

  it('a key corrected after the opening shows corrected, and its share is counted against it', async () => {
    const env = testEnv();
    await playedContest(env);
    env.clock.advance(31 * DAY);
    const before = publicAnswersSchema.parse((await answers(env)).body);
    const target = before.questions.find((q) => q.answered > 0)!;
    const n = Number(target.id.split('-q').at(-1));
    const corrected = await admin(env, 'PUT', `/contests/${SLUG}/questions/${target.id}`, jsonQuestion(n, { answer: 1, explanation: 'Đáp án đã sửa: B' }));
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    const after = publicAnswersSchema.parse((await answers(env)).body);
    const shown = after.questions.find((q) => q.id === target.id)!;
    expect(shown.correctOptionId).toBe('b');
    expect(shown.explanation).toBe('Đáp án đã sửa: B');
    const expected = expectedPage(env).find((q) => q.id === target.id)!;
    expect(shown.rightShare).toBe(expected.rightShare === null ? null : Math.round(expected.rightShare * 10_000) / 10_000);
  });

  it('is kept as one public body: ETag and 304 while nothing changes, a new body once something does', async () => {
    const env = testEnv();
    const { attempts } = await playedContest(env);
    env.clock.advance(31 * DAY);
    const first = await env.app.request(`/api/contests/${SLUG}/answers`);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const again = await env.app.request(`/api/contests/${SLUG}/answers`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect((await admin(env, 'POST', `/attempts/${attempts[0]}/void`, { reason: 'Huỷ thêm một lượt để thử bộ nhớ đệm' })).status).toBe(200);
    const changed = await env.app.request(`/api/contests/${SLUG}/answers`, { headers: { 'if-none-match': etag! } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('a closed contest nobody took answers an empty list', async () => {
    const env = testEnv();
    const response = await answers(env, CLOSED);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ contest: { slug: CLOSED, title: expect.any(String) }, questions: [] });
  });
});
