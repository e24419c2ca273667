/**
 * SPEC §3.1 "Time": deadlines and the contest's close are checked when a write commits, not when
 * its request arrives. Each request here arrives in time, but its body only arrives after the
 * deadline or the close: the server's clock moves while the handler waits for the body.
 */
import { expect, it } from 'vitest';
import { correctAnswers, correctOption, describeStores, type StoreEnv } from './store-env.js';
import { OPEN, person, register, startAttempt } from './support.js';

const MINUTE = 60_000;

/**
 * Sends `json` as a body that is read only when the handler asks for it; `whenRead` runs at that
 * moment, before the bytes are handed over (a slow upload finishing after the deadline).
 */
async function callWithLateBody(env: StoreEnv, method: string, path: string, json: unknown, whenRead: () => void, token?: string) {
  const bytes = new TextEncoder().encode(JSON.stringify(json));
  let read = false;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        read = true;
        whenRead();
        controller.enqueue(bytes);
        controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  // With its length announced, as a client's upload is: the body limit then lets the handler read it.
  const headers: Record<string, string> = { 'content-type': 'application/json', 'content-length': String(bytes.length) };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await env.app.request(path, { method, headers, body, duplex: 'half' } as RequestInit);
  expect(read).toBe(true); // the body was read, so the clock did move mid-request
  return { status: response.status, body: (await response.json()) as any };
}

describeStores('a write whose body arrives after the deadline', (newEnv) => {
  it('refuses late answers with ATTEMPT_CLOSED and stores none of them', async () => {
    const env = await newEnv();
    const { token } = await register(env);
    const attempt = await startAttempt(env, token);
    const [first, second] = attempt.questions;
    await env.call('PUT', `/api/attempts/${attempt.id}/answers`, { token, json: { answers: { [first!.id]: await correctOption(env, attempt.id, first!.id) } } });
    env.clock.set(new Date(Date.parse(attempt.deadline) - 1000));
    const late = await callWithLateBody(
      env,
      'PUT',
      `/api/attempts/${attempt.id}/answers`,
      { answers: { [second!.id]: await correctOption(env, attempt.id, second!.id) } },
      () => env.clock.set(new Date(Date.parse(attempt.deadline) + 1)),
      token,
    );
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('ATTEMPT_CLOSED');
    expect(late.body.error.message).toMatch(/Lượt thi đã kết thúc/);
    const stored = await env.query<{ question_id: string }>('SELECT question_id FROM attempt_answers WHERE attempt_id = ?', attempt.id);
    expect(stored.map((row) => row.question_id)).toEqual([first!.id]);
    // Finalised with what was saved in time.
    const rows = await env.query('SELECT status, auto_submitted, score, submitted_at FROM attempts WHERE id = ?', attempt.id);
    expect(rows).toEqual([{ status: 'submitted', auto_submitted: 1, score: 1, submitted_at: attempt.deadline }]);
  });

  it('still saves answers whose write happens one millisecond before the deadline', async () => {
    const env = await newEnv();
    const { token } = await register(env);
    const attempt = await startAttempt(env, token);
    const q = attempt.questions[0]!;
    env.clock.set(new Date(Date.parse(attempt.deadline) - 60_000));
    const saved = await callWithLateBody(
      env,
      'PUT',
      `/api/attempts/${attempt.id}/answers`,
      { answers: { [q.id]: await correctOption(env, attempt.id, q.id) } },
      () => env.clock.set(new Date(Date.parse(attempt.deadline) - 1)),
      token,
    );
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ saved: 1, now: new Date(Date.parse(attempt.deadline) - 1).toISOString() });
  });

  it('answers a late submit with the auto-submitted result: answers and prediction in its body do not count', async () => {
    const env = await newEnv();
    const { token } = await register(env);
    const attempt = await startAttempt(env, token);
    const first = attempt.questions[0]!;
    await env.call('PUT', `/api/attempts/${attempt.id}/answers`, { token, json: { answers: { [first.id]: await correctOption(env, attempt.id, first.id) } } });
    env.clock.set(new Date(Date.parse(attempt.deadline) - 1000));
    const everything = await correctAnswers(env, attempt.id, attempt.questions.map((q) => q.id));
    const late = await callWithLateBody(
      env,
      'POST',
      `/api/attempts/${attempt.id}/submit`,
      { answers: everything, prediction: 1234 },
      () => env.clock.set(new Date(Date.parse(attempt.deadline) + 5)),
      token,
    );
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ id: attempt.id, status: 'submitted', autoSubmitted: true, score: 1, prediction: null, durationMs: 15 * MINUTE });
    expect(late.body.submittedAt).toBe(attempt.deadline);
    const stored = await env.query<{ question_id: string }>('SELECT question_id FROM attempt_answers WHERE attempt_id = ?', attempt.id);
    expect(stored.map((row) => row.question_id)).toEqual([first.id]);
  });
});

describeStores('a write whose body arrives after the contest closed', (newEnv) => {
  async function closingSoon(env: StoreEnv) {
    const { body: contest } = await env.call('GET', `/api/contests/${OPEN}`);
    env.clock.set(new Date(Date.parse(contest.endsAt) - 1000));
    return contest.endsAt as string;
  }

  it('refuses a registration with CONTEST_NOT_OPEN and writes nothing', async () => {
    const env = await newEnv();
    const endsAt = await closingSoon(env);
    const before = await env.snapshot();
    const late = await callWithLateBody(env, 'POST', `/api/contests/${OPEN}/contestants`, person(7), () => env.clock.set(endsAt));
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('CONTEST_NOT_OPEN');
    expect(late.body.error.message).toMatch(/Cuộc thi đã kết thúc/);
    expect(await env.snapshot()).toBe(before);
  });

  it('refuses to start an attempt with CONTEST_NOT_OPEN and writes nothing', async () => {
    const env = await newEnv();
    const { token } = await register(env);
    const endsAt = await closingSoon(env);
    const before = await env.snapshot();
    const late = await callWithLateBody(env, 'POST', `/api/contests/${OPEN}/attempts`, { source: 'baothaibinh.com.vn' }, () => env.clock.set(endsAt), token);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('CONTEST_NOT_OPEN');
    expect(await env.snapshot()).toBe(before);
  });

  it('gives an attempt started just before the close the close as its deadline, from the time of the write', async () => {
    const env = await newEnv();
    const { token } = await register(env);
    const endsAt = await closingSoon(env);
    const started = await callWithLateBody(env, 'POST', `/api/contests/${OPEN}/attempts`, {}, () => env.clock.set(new Date(Date.parse(endsAt) - 10)), token);
    expect(started.status).toBe(201);
    expect(started.body.startedAt).toBe(new Date(Date.parse(endsAt) - 10).toISOString());
    expect(started.body.deadline).toBe(endsAt);
  });
});
