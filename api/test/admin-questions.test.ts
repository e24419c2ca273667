import { describe, expect, it } from 'vitest';
import { admin, expectError, jsonQuestion, smallContest } from './admin-support.js';
import { JURY_TOKEN, OPEN, ORGANISER_TOKEN, register, snapshot, startAttempt, testEnv } from './support.js';

describe('GET /api/admin/contests/:slug/questions', () => {
  it('lists the whole active bank with the answer key and explanations, for organisers and the jury', async () => {
    const env = testEnv();
    const response = await admin(env, 'GET', `/contests/${OPEN}/questions`, undefined, JURY_TOKEN);
    expect(response.status).toBe(200);
    expect(response.body.length).toBeGreaterThanOrEqual(20);
    for (const question of response.body) {
      expect(question).toEqual({
        id: expect.any(String),
        topic: expect.any(String),
        text: expect.any(String),
        options: expect.any(Array),
        answer: expect.any(Number),
        explanation: expect.toSatisfy((v: unknown) => v === null || typeof v === 'string'),
        source: expect.toSatisfy((v: unknown) => v === null || typeof v === 'string'),
        sourceUrl: expect.toSatisfy((v: unknown) => v === null || (typeof v === 'string' && /^https?:\/\//.test(v))),
        practice: expect.any(Boolean),
        retiredAt: null,
      });
      expect(question.answer).toBeLessThan(question.options.length);
    }
    expect(response.body[0]).toMatchObject({ id: 'q001' });
    expect(response.body[0].explanation).toEqual(expect.any(String));
  });
});

describe('PUT /api/admin/contests/:slug/questions/:id edits one question', () => {
  it('200 with the edited question; the bank shows the change; audited', async () => {
    const env = testEnv();
    const edited = jsonQuestion(5, { topic: 'can-cuoc', options: ['Đúng', 'Sai', 'Chưa rõ'], answer: 2, explanation: 'Giải thích mới.' });
    const response = await admin(env, 'PUT', `/contests/${OPEN}/questions/q001`, edited);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    // No attempt has drawn the question yet: nobody's score is affected by the new key.
    expect(response.body).toEqual({ id: 'q001', ...edited, source: null, sourceUrl: null, practice: false, retiredAt: null, affectedAttempts: 0 });

    const listed = (await admin(env, 'GET', `/contests/${OPEN}/questions`)).body;
    const { affectedAttempts: _affected, ...question } = response.body;
    expect(listed.find((q: { id: string }) => q.id === 'q001')).toEqual(question);
    expect(listed[0].id).toBe('q001');

    const [entry] = (await admin(env, 'GET', '/audit')).body;
    expect(entry).toMatchObject({ actor: 'Ban Tổ chức', action: 'question.update', target: `${OPEN}/q001` });
    expect(entry.detail.before.text).not.toBe(edited.text);
    expect(entry.detail.after.text).toBe(edited.text);
  });

  it('400 naming the refused field when the edit is invalid; the question is unchanged', async () => {
    const env = testEnv();
    const before = snapshot(env.db);
    const outOfRange = expectError(await admin(env, 'PUT', `/contests/${OPEN}/questions/q001`, jsonQuestion(5, { answer: 7 })), 400, 'VALIDATION');
    expect(outOfRange.fields).toHaveProperty('answer');
    const unknown = expectError(await admin(env, 'PUT', `/contests/${OPEN}/questions/q001`, { ...jsonQuestion(5), difficulty: 3 }), 400, 'VALIDATION');
    expect(unknown.fields).toHaveProperty('difficulty');
    const missing = expectError(await admin(env, 'PUT', `/contests/${OPEN}/questions/q001`, { topic: 'vneid', text: 'Thiếu các phương án?' }), 400, 'VALIDATION');
    expect(missing.fields).toHaveProperty('options');
    expect(snapshot(env.db)).toBe(before);
  });

  it('404 NOT_FOUND for an unknown question or contest, 400 for a malformed id; nothing changed', async () => {
    const env = testEnv();
    const before = snapshot(env.db);
    expectError(await admin(env, 'PUT', `/contests/${OPEN}/questions/khong-co`, jsonQuestion(1)), 404, 'NOT_FOUND');
    expectError(await admin(env, 'PUT', '/contests/khong-co/questions/q001', jsonQuestion(1)), 404, 'NOT_FOUND');
    expectError(await admin(env, 'DELETE', `/contests/${OPEN}/questions/khong-co`), 404, 'NOT_FOUND');
    expectError(await admin(env, 'DELETE', '/contests/khong-co/questions/q001'), 404, 'NOT_FOUND');
    expectError(await admin(env, 'DELETE', `/contests/${OPEN}/questions/${encodeURIComponent('q 1;')}`), 400, 'VALIDATION');
    expect(snapshot(env.db)).toBe(before);
  });

  it('a question id of another contest is not found in this one', async () => {
    const env = testEnv();
    const { questionIds } = await smallContest(env, 'thi-rieng', 3, 2);
    const before = snapshot(env.db);
    expectError(await admin(env, 'DELETE', `/contests/${OPEN}/questions/${questionIds[0]}`), 404, 'NOT_FOUND');
    expect(snapshot(env.db)).toBe(before);
  });
});

describe('DELETE /api/admin/contests/:slug/questions/:id retires one question', () => {
  it('the question leaves the active bank but stays listed with includeRetired=true', async () => {
    const env = testEnv();
    const response = await admin(env, 'DELETE', `/contests/${OPEN}/questions/q002`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: 'q002', retiredAt: env.clock.now().toISOString() });

    const active = (await admin(env, 'GET', `/contests/${OPEN}/questions`)).body as { id: string }[];
    expect(active.map((q) => q.id)).not.toContain('q002');
    const all = (await admin(env, 'GET', `/contests/${OPEN}/questions?includeRetired=true`)).body as { id: string; retiredAt: string | null }[];
    expect(all.find((q) => q.id === 'q002')?.retiredAt).toBe(env.clock.now().toISOString());
    expect(all).toHaveLength(active.length + 1);

    const [entry] = (await admin(env, 'GET', '/audit')).body;
    expect(entry).toMatchObject({ action: 'question.retire', target: `${OPEN}/q002` });
  });

  it('is never drawn into a new attempt, yet a past attempt that contained it still shows it', async () => {
    const env = testEnv();
    // A bank of 3 and attempts of 2: once one question is retired, a new attempt must be the other two.
    const { slug } = await smallContest(env, 'thi-rut-cau', 3, 2);
    const first = await register(env, 1, {}, slug);
    const past = await startAttempt(env, first.token, slug);
    const retired = past.questions[0]!;
    const submit = await env.call('POST', `/api/attempts/${past.id}/submit`, { token: first.token, json: { answers: {}, prediction: 5 } });
    expect(submit.status).toBe(200);

    expect((await admin(env, 'DELETE', `/contests/${slug}/questions/${retired.id}`)).status).toBe(200);

    for (let n = 2; n <= 6; n++) {
      const { token } = await register(env, n, {}, slug);
      const attempt = await startAttempt(env, token, slug);
      expect(attempt.questions.map((q) => q.id)).not.toContain(retired.id);
      expect(attempt.questions).toHaveLength(2);
    }

    const shown = await env.call('GET', `/api/attempts/${past.id}`, { token: first.token });
    expect(shown.status).toBe(200);
    expect(shown.body.questions.map((q: { id: string }) => q.id)).toEqual(past.questions.map((q) => q.id));
    expect(shown.body.questions[0]).toMatchObject({ id: retired.id, text: retired.text, options: retired.options });
  });

  it('an attempt in progress keeps a question retired meanwhile, and can answer it', async () => {
    const env = testEnv();
    const { slug } = await smallContest(env, 'thi-dang-lam', 3, 2);
    const { token } = await register(env, 1, {}, slug);
    const attempt = await startAttempt(env, token, slug);
    const retired = attempt.questions[1]!;
    await admin(env, 'DELETE', `/contests/${slug}/questions/${retired.id}`);
    const saved = await env.call('PUT', `/api/attempts/${attempt.id}/answers`, { token, json: { answers: { [retired.id]: 'a' } } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const shown = await env.call('GET', `/api/attempts/${attempt.id}`, { token });
    expect(shown.body.questions.map((q: { id: string }) => q.id)).toContain(retired.id);
    expect(shown.body.answers[retired.id]).toBe('a');
  });

  it('retiring every question closes the bank: a new attempt cannot start', async () => {
    const env = testEnv();
    const { slug, questionIds } = await smallContest(env, 'thi-het-cau', 2, 2);
    for (const id of questionIds) expect((await admin(env, 'DELETE', `/contests/${slug}/questions/${id}`)).status).toBe(200);
    const { token } = await register(env, 1, {}, slug);
    const response = await env.call('POST', `/api/contests/${slug}/attempts`, { token });
    expectError(response, 409, 'CONTEST_NOT_OPEN');
  });

  it('the jury cannot retire a question (403) and the bank is unchanged', async () => {
    const env = testEnv();
    const before = snapshot(env.db);
    expectError(await env.call('DELETE', `/api/admin/contests/${OPEN}/questions/q003`, { token: JURY_TOKEN }), 403, 'FORBIDDEN');
    expect(snapshot(env.db)).toBe(before);
    expect((await env.call('DELETE', `/api/admin/contests/${OPEN}/questions/q003`, { token: ORGANISER_TOKEN })).status).toBe(200);
  });
});
