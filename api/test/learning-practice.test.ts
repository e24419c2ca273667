/**
 * Practice that never counts (decision 0036): `POST /api/contests/:slug/practice` and
 * `POST /api/practice/:id/check`, by the contest's `practice` setting; refusals in the SPEC §3 shape;
 * while open only questions marked for practice; kept two hours, apart from attempts; CORS by the
 * set's contest; a per-address limit.
 */
import { describe, expect, it } from 'vitest';
import { practiceCheckedSchema, practiceSetSchema } from '../src/contract/learning.js';
import { admissionClass } from '../src/http/admission.js';
import { admin, expectError, jsonQuestion, smallContest } from './admin-support.js';
import { CLOSED, OPEN, register, snapshot, testEnv, type TestEnv } from './support.js';

const SLUG = 'luyen-tap';
const DAY = 86_400_000;

const startPractice = (env: TestEnv, slug = SLUG, init: { json?: unknown; body?: string; contentType?: string; token?: string } = {}) =>
  env.call('POST', `/api/contests/${slug}/practice`, init);
const check = (env: TestEnv, id: string, json: unknown) => env.call('POST', `/api/practice/${id}/check`, { json });

/** 10 questions, 4 per set; `marked` of them (the first ones) marked for practice. */
async function practiceContest(env: TestEnv, practice: 'off' | 'always' | 'afterClose', marked = 0, extra: Record<string, unknown> = {}) {
  const { questionIds } = await smallContest(env, SLUG, 10, 4, { practice, ...extra });
  const questions = questionIds.map((id, i) =>
    jsonQuestion(i + 1, { id, answer: i % 4, source: `Nguồn câu ${i + 1}`, sourceUrl: `https://vbpl.vn/${i + 1}`, practice: i < marked }),
  );
  expect((await admin(env, 'POST', `/contests/${SLUG}/questions`, questions)).status).toBe(200);
  return { questionIds, marked: new Set(questionIds.slice(0, marked)) };
}

/** The shown option id of the right answer of a set's question, from the bank (as only the server knows). */
function rightOptionId(env: TestEnv, setId: string, questionId: string): string {
  const row = env.db.prepare('SELECT question_ids AS ids, option_orders AS orders FROM practice_sets WHERE id = ?').get(setId) as { ids: string; orders: string };
  const at = (JSON.parse(row.ids) as string[]).indexOf(questionId);
  const order = (JSON.parse(row.orders) as number[][])[at]!;
  const answer = (env.db.prepare('SELECT answer FROM questions WHERE contest_slug = ? AND id = ?').get(SLUG, questionId) as { answer: number }).answer;
  return 'abcdef'[order.indexOf(answer)]!;
}

describe('the practice setting', () => {
  it('defaults to afterClose, is saved with the contest and shown on the public contest', async () => {
    const env = testEnv();
    expect((await env.call('GET', `/api/contests/${OPEN}`)).body.practice).toBe('afterClose');
    await smallContest(env, SLUG, 4, 2, { practice: 'always' });
    expect((await admin(env, 'GET', `/contests/${SLUG}`)).body.practice).toBe('always');
    expect((await env.call('GET', `/api/contests/${SLUG}`)).body.practice).toBe('always');
    const refused = await admin(env, 'PUT', `/contests/${SLUG}`, { title: 'Cuộc thi thử', startsAt: '2026-11-01T00:00:00Z', endsAt: '2026-12-01T00:00:00Z', practice: 'sometimes' });
    const error = expectError(refused, 400, 'VALIDATION');
    expect(error.fields?.practice).toMatch(/Luyện tập/);
  });
});

describe('POST /api/contests/:slug/practice', () => {
  it('afterClose: 404 NOT_AVAILABLE while open; once closed, a set drawn like an attempt from every question', async () => {
    const env = testEnv();
    const { questionIds } = await practiceContest(env, 'afterClose', 3);
    const refused = expectError(await startPractice(env), 404, 'NOT_AVAILABLE');
    expect(refused.message).toMatch(/sau khi cuộc thi kết thúc/);
    env.clock.advance(31 * DAY);
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const response = await startPractice(env);
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      const set = practiceSetSchema.parse(response.body);
      expect(set.contest).toEqual({ slug: SLUG, title: `Cuộc thi thử ${SLUG}` });
      expect(set.questions).toHaveLength(4);
      expect(new Set(set.questions.map((q) => q.id)).size).toBe(4);
      expect(Date.parse(set.expiresAt) - env.clock.now().getTime()).toBe(2 * 60 * 60 * 1000);
      for (const q of set.questions) {
        expect(q.options.map((o) => o.id)).toEqual(['a', 'b', 'c', 'd']);
        expect(JSON.stringify(q)).not.toMatch(/correct|answer|explanation|source/i);
        seen.add(q.id);
      }
    }
    // Unmarked questions too, once closed.
    expect([...seen].some((id) => !questionIds.slice(0, 3).includes(id))).toBe(true);
  });

  it('always: while open only the questions marked for practice, every set and every check; once closed all', async () => {
    const env = testEnv();
    const { marked, questionIds } = await practiceContest(env, 'always', 3);
    for (let i = 0; i < 20; i++) {
      const set = practiceSetSchema.parse((await startPractice(env)).body);
      expect(set.questions).toHaveLength(3);
      for (const q of set.questions) expect(marked.has(q.id), q.id).toBe(true);
    }
    // The answer page stays closed meanwhile.
    expectError(await env.call('GET', `/api/contests/${SLUG}/answers`), 404, 'NOT_AVAILABLE');
    env.clock.advance(31 * DAY);
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) for (const q of practiceSetSchema.parse((await startPractice(env)).body).questions) seen.add(q.id);
    expect(seen.size).toBeGreaterThan(3);
    expect([...seen].every((id) => questionIds.includes(id))).toBe(true);
  });

  it('always, before the opening too: only marked questions', async () => {
    const env = testEnv();
    const now = env.clock.now().getTime();
    await practiceContest(env, 'always', 2, { startsAt: new Date(now + DAY).toISOString(), endsAt: new Date(now + 2 * DAY).toISOString() });
    expect((await env.call('GET', `/api/contests/${SLUG}`)).body.status).toBe('upcoming');
    const set = practiceSetSchema.parse((await startPractice(env)).body);
    expect(set.questions.map((q) => q.id).sort()).toEqual([`${SLUG}-q1`, `${SLUG}-q2`]);
  });

  it('always with no question marked: 404 NOT_AVAILABLE saying so; nothing stored', async () => {
    const env = testEnv();
    await practiceContest(env, 'always', 0);
    const before = snapshot(env.db);
    const error = expectError(await startPractice(env), 404, 'NOT_AVAILABLE');
    expect(error.message).toMatch(/chưa chọn câu hỏi nào để luyện tập/);
    expect(snapshot(env.db)).toBe(before);
  });

  it('off: 404 NOT_AVAILABLE, open or closed', async () => {
    const env = testEnv();
    await practiceContest(env, 'off', 5);
    expect(expectError(await startPractice(env), 404, 'NOT_AVAILABLE').message).toMatch(/không mở phần luyện tập/);
    env.clock.advance(31 * DAY);
    expectError(await startPractice(env), 404, 'NOT_AVAILABLE');
  });

  it('bad requests: unknown contest 404, malformed slug 400, a body other than {} 400, not JSON 415', async () => {
    const env = testEnv();
    await practiceContest(env, 'afterClose');
    env.clock.advance(31 * DAY);
    expectError(await startPractice(env, 'khong-co-cuoc-thi'), 404, 'NOT_FOUND');
    expect(Object.keys(expectError(await startPractice(env, 'Sai_Ma!'), 400, 'VALIDATION').fields ?? {})).toEqual(['slug']);
    const extra = expectError(await startPractice(env, SLUG, { json: { count: 50 } }), 400, 'VALIDATION');
    expect(Object.keys(extra.fields ?? {}).length).toBeGreaterThan(0);
    expectError(await startPractice(env, SLUG, { body: 'count=50', contentType: 'application/x-www-form-urlencoded' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectError(await startPractice(env, SLUG, { body: '{', contentType: 'application/json' }), 400, 'VALIDATION');
    // No body and an empty object are both a start.
    expect((await startPractice(env)).status).toBe(201);
    expect((await startPractice(env, SLUG, { json: {} })).status).toBe(201);
  });

  it('needs no registration and writes nothing but the practice set', async () => {
    const env = testEnv();
    await practiceContest(env, 'afterClose');
    const { token } = await register(env, 1, {}, SLUG);
    env.clock.advance(31 * DAY);
    const counts = () => env.db.prepare(`SELECT (SELECT COUNT(*) FROM attempts) + (SELECT COUNT(*) FROM attempt_questions) + (SELECT COUNT(*) FROM contestants) AS n`).get();
    const before = counts();
    expect((await startPractice(env, SLUG, { token })).status).toBe(201);
    expect((await startPractice(env)).status).toBe(201);
    expect(counts()).toEqual(before);
    expect((env.db.prepare('SELECT COUNT(*) AS n FROM practice_sets').get() as { n: number }).n).toBe(2);
  });

  it('is limited per address (RATE_LIMIT_PRACTICE_PER_MINUTE): 429 with Retry-After and a Vietnamese message', async () => {
    const env = testEnv({ env: { RATE_LIMIT: 'on', RATE_LIMIT_PRACTICE_PER_MINUTE: '3' } });
    expect(env.config.rateLimits?.practicePerMinutePerIp).toBe(3);
    await practiceContest(env, 'afterClose');
    env.clock.advance(31 * DAY);
    for (let i = 0; i < 3; i++) expect((await startPractice(env)).status).toBe(201);
    const refused = await startPractice(env);
    expectError(refused, 429, 'RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    env.clock.advance(61_000);
    expect((await startPractice(env)).status).toBe(201);
  });
});

describe('POST /api/practice/:id/check', () => {
  it('is limited per set (RATE_LIMIT_PRACTICE_CHECKS_PER_MINUTE): 429 with Retry-After, another set unaffected, the next minute again', async () => {
    const env = testEnv({ env: { RATE_LIMIT: 'on', RATE_LIMIT_PRACTICE_CHECKS_PER_MINUTE: '4' } });
    expect(env.config.rateLimits?.practiceChecksPerMinutePerSet).toBe(4);
    await practiceContest(env, 'afterClose');
    env.clock.advance(31 * DAY);
    const set = practiceSetSchema.parse((await startPractice(env)).body);
    const other = practiceSetSchema.parse((await startPractice(env)).body);
    const question = set.questions[0]!;
    for (let i = 0; i < 4; i++) expect((await check(env, set.id, { questionId: question.id, optionId: 'a' })).status).toBe(200);
    const refused = await check(env, set.id, { questionId: question.id, optionId: 'a' });
    expectError(refused, 429, 'RATE_LIMITED');
    expect(refused.body.error.message).toMatch(/thử lại sau \d+ giây/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await check(env, other.id, { questionId: other.questions[0]!.id, optionId: 'a' })).status).toBe(200);
    env.clock.advance(61_000);
    expect((await check(env, set.id, { questionId: question.id, optionId: 'b' })).status).toBe(200);
  });

  it('answers at once: right or wrong, the right option in the set’s own order, explanation and source', async () => {
    const env = testEnv();
    await practiceContest(env, 'afterClose');
    env.clock.advance(31 * DAY);
    const set = practiceSetSchema.parse((await startPractice(env)).body);
    for (const [i, q] of set.questions.entries()) {
      const right = rightOptionId(env, set.id, q.id);
      const chosen = i % 2 ? right : right === 'a' ? 'b' : 'a';
      const response = await check(env, set.id, { questionId: q.id, optionId: chosen });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      const checked = practiceCheckedSchema.parse(response.body);
      const n = Number(q.id.split('-q').at(-1));
      expect(checked).toEqual({
        correct: chosen === right,
        correctOptionId: right,
        explanation: 'VNeID do Bộ Công an (C06) xây dựng và quản lý.',
        source: `Nguồn câu ${n}`,
        sourceUrl: `https://vbpl.vn/${n}`,
      });
      // The option named right is the bank's right option, as shown in this set.
      expect(q.options.find((o) => o.id === right)!.text).toBe(jsonQuestion(n).options[(n - 1) % 4]);
      // Checking again answers the same: nothing is recorded.
      expect((await check(env, set.id, { questionId: q.id, optionId: chosen })).body).toEqual(response.body);
    }
  });

  it('400 naming questionId for a question not in the set, optionId for an option the question has not', async () => {
    const env = testEnv();
    const { questionIds } = await practiceContest(env, 'afterClose');
    env.clock.advance(31 * DAY);
    const set = practiceSetSchema.parse((await startPractice(env)).body);
    const outside = questionIds.find((id) => !set.questions.some((q) => q.id === id))!;
    const q = set.questions[0]!.id;
    const cases: [unknown, string][] = [
      [{ questionId: outside, optionId: 'a' }, 'questionId'],
      [{ questionId: 'khong-co', optionId: 'a' }, 'questionId'],
      [{ questionId: q, optionId: 'e' }, 'optionId'],
      [{ questionId: q, optionId: 'z' }, 'optionId'],
      [{ questionId: q, optionId: 'ab' }, 'optionId'],
      [{ questionId: q, optionId: '' }, 'optionId'],
      [{ questionId: q }, 'optionId'],
      [{ optionId: 'a' }, 'questionId'],
      [{ questionId: 7, optionId: 'a' }, 'questionId'],
      [{ questionId: q, optionId: 'a'.repeat(65) }, 'optionId'],
    ];
    for (const [body, field] of cases) {
      const error = expectError(await check(env, set.id, body), 400, 'VALIDATION');
      expect(Object.keys(error.fields ?? {}), JSON.stringify(body)).toEqual([field]);
      expect(error.fields![field]).toMatch(field === 'questionId' ? /Câu hỏi/ : /Phương án/);
    }
    const extra = expectError(await check(env, set.id, { questionId: q, optionId: 'a', score: 10 }), 400, 'VALIDATION');
    expect(Object.keys(extra.fields ?? {}).length).toBeGreaterThan(0);
    expectError(await env.call('POST', `/api/practice/${set.id}/check`, { body: 'questionId=x', contentType: 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('404 for an unknown set, and for a set past its two hours; expired sets are deleted as new ones are made', async () => {
    const env = testEnv();
    await practiceContest(env, 'afterClose');
    env.clock.advance(31 * DAY);
    expect(expectError(await check(env, 'khongcobonay', { questionId: 'x', optionId: 'a' }), 404, 'NOT_FOUND').message).toMatch(/luyện tập/);
    expect(Object.keys(expectError(await check(env, 'sai ma!', { questionId: 'x', optionId: 'a' }), 400, 'VALIDATION').fields ?? {})).toEqual(['id']);
    const set = practiceSetSchema.parse((await startPractice(env)).body);
    const q = set.questions[0]!.id;
    env.clock.advance(2 * 60 * 60 * 1000 - 1);
    expect((await check(env, set.id, { questionId: q, optionId: 'a' })).status).toBe(200);
    env.clock.advance(1);
    expectError(await check(env, set.id, { questionId: q, optionId: 'a' }), 404, 'NOT_FOUND');
    const rows = () => (env.db.prepare('SELECT id FROM practice_sets').all() as { id: string }[]).map((r) => r.id);
    expect(rows()).toEqual([set.id]);
    const next = practiceSetSchema.parse((await startPractice(env)).body);
    expect(rows()).toEqual([next.id]);
  });

  it('while open, a question unmarked (or practice turned off) after the draw gives no key away', async () => {
    const env = testEnv();
    await practiceContest(env, 'always', 4);
    const set = practiceSetSchema.parse((await startPractice(env)).body);
    const [first, second] = set.questions;
    const n = Number(first!.id.split('-q').at(-1));
    const unmarked = await admin(env, 'PUT', `/contests/${SLUG}/questions/${first!.id}`, jsonQuestion(n, { answer: (n - 1) % 4, practice: false }));
    expect(unmarked.status).toBe(200);
    const refused = expectError(await check(env, set.id, { questionId: first!.id, optionId: 'a' }), 404, 'NOT_AVAILABLE');
    expect(JSON.stringify(refused)).not.toMatch(/correctOptionId|vbpl/);
    expect((await check(env, set.id, { questionId: second!.id, optionId: 'a' })).status).toBe(200);
    const { body: current } = await admin(env, 'GET', `/contests/${SLUG}`);
    const { status: _status, slug: _slug, ...settings } = current;
    expect((await admin(env, 'PUT', `/contests/${SLUG}`, { ...settings, practice: 'off' })).status).toBe(200);
    expectError(await check(env, set.id, { questionId: second!.id, optionId: 'a' }), 404, 'NOT_AVAILABLE');
  });
});

describe('practice sets and the contest', () => {
  it('a contest nobody took can still be deleted with its practice sets', async () => {
    const env = testEnv();
    await practiceContest(env, 'always', 2);
    expect((await startPractice(env)).status).toBe(201);
    const deleted = await admin(env, 'DELETE', `/contests/${SLUG}`);
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
    expect(deleted.body.removed.practice_sets).toBe(1);
    expect((env.db.prepare('SELECT COUNT(*) AS n FROM practice_sets').get() as { n: number }).n).toBe(0);
  });
});

describe('practice in the HTTP layer', () => {
  it('CORS: a practice set opens to the origins its contest allows, like an attempt', async () => {
    const env = testEnv();
    await practiceContest(env, 'afterClose', 0, { allowedOrigins: ['https://baothaibinh.com.vn'] });
    env.clock.advance(31 * DAY);
    const set = practiceSetSchema.parse((await startPractice(env)).body);
    const allowOrigin = async (path: string, origin: string, init: RequestInit = {}) =>
      (await env.app.request(path, { ...init, headers: { origin, ...(init.headers as Record<string, string>) } })).headers.get('access-control-allow-origin');
    const post = (json: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) });
    const preflight: RequestInit = { method: 'OPTIONS', headers: { 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } };
    const body = { questionId: set.questions[0]!.id, optionId: 'a' };
    expect(await allowOrigin(`/api/contests/${SLUG}/practice`, 'https://baothaibinh.com.vn', post({}))).toBe('https://baothaibinh.com.vn');
    expect(await allowOrigin(`/api/contests/${SLUG}/answers`, 'https://baothaibinh.com.vn')).toBe('https://baothaibinh.com.vn');
    expect(await allowOrigin(`/api/practice/${set.id}/check`, 'https://baothaibinh.com.vn', preflight)).toBe('https://baothaibinh.com.vn');
    expect(await allowOrigin(`/api/practice/${set.id}/check`, 'https://baothaibinh.com.vn', post(body))).toBe('https://baothaibinh.com.vn');
    // Another origin, or a set of no contest: nothing.
    expect(await allowOrigin(`/api/practice/${set.id}/check`, 'https://trang-la.example', post(body))).toBeNull();
    expect(await allowOrigin(`/api/practice/${set.id}/check`, 'https://trang-la.example', preflight)).toBeNull();
    expect(await allowOrigin('/api/practice/khongcobonay/check', 'https://baothaibinh.com.vn', preflight)).toBeNull();
  });

  it('admission control sheds practice and the answer page with the public reads, before attempt work', () => {
    expect(admissionClass('POST', `/api/contests/${SLUG}/practice`)).toBe('other');
    expect(admissionClass('POST', '/api/practice/abc/check')).toBe('other');
    expect(admissionClass('GET', `/api/contests/${SLUG}/answers`)).toBe('other');
    expect(admissionClass('OPTIONS', '/api/practice/abc/check')).toBe('always');
  });

  it('the demo contests: the open one offers no practice yet, the closed one does', async () => {
    const env = testEnv();
    expectError(await startPractice(env, OPEN), 404, 'NOT_AVAILABLE');
    const set = practiceSetSchema.parse((await startPractice(env, CLOSED)).body);
    expect(set.questions).toHaveLength(20);
  });
});
