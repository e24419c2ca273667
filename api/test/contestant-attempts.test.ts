import { describe, expect, it } from 'vitest';
import { correctAnswers, correctOption, describeStores, wrongOption, type StoreEnv } from './store-env.js';
import { OPEN, ORGANISER_TOKEN, register, startAttempt, testEnv, type TestEnv } from './support.js';

const MINUTE = 60_000;

/** Edits the contest in the console: a route of a server on SQLite (on PostgreSQL, in `prepare`). */
async function setContest(env: Pick<TestEnv, 'call'>, changes: Record<string, unknown>) {
  const { body: current } = await env.call('GET', `/api/admin/contests/${OPEN}`, { token: ORGANISER_TOKEN });
  const { status, ...rest } = current;
  void status;
  const response = await env.call('PUT', `/api/admin/contests/${OPEN}`, { token: ORGANISER_TOKEN, json: { ...rest, ...changes } });
  expect(response.status).toBe(200);
}

describeStores('starting and resuming an attempt', (newEnv) => {
  it('draws 20 distinct questions with shuffled options and a deadline 15 minutes on', async () => {
    const env = await newEnv();
    const { token } = await register(env);
    const { status, body } = await env.call('POST', `/api/contests/${OPEN}/attempts`, { token });
    expect(status).toBe(201);
    expect(body.status).toBe('inProgress');
    expect(body.questions).toHaveLength(20);
    expect(new Set(body.questions.map((q: { id: string }) => q.id)).size).toBe(20);
    expect(body.questions[0].options.map((o: { id: string }) => o.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(Date.parse(body.deadline) - Date.parse(body.startedAt)).toBe(15 * MINUTE);
    expect(body.now).toBe(env.clock.now().toISOString());
    expect(body.answers).toEqual({});
  });

  it('never sends the answer key or explanations with an attempt in progress', async () => {
    const env = await newEnv();
    const { token } = await register(env);
    const attempt = await startAttempt(env, token);
    const fetched = await env.call('GET', `/api/attempts/${attempt.id}`, { token });
    for (const body of [attempt, fetched.body]) {
      const text = JSON.stringify(body);
      expect(text).not.toMatch(/correct|explanation|"answer"/i);
    }
  });

  it('shuffles options per attempt: bank order is not the shown order everywhere', async () => {
    const env = await newEnv();
    const { token } = await register(env);
    const attempt = await startAttempt(env, token);
    const bank = new Map(
      (await env.query<{ id: string; options: string }>('SELECT id, options FROM questions WHERE contest_slug = ?', OPEN)).map((q) => [
        q.id,
        JSON.parse(q.options) as string[],
      ]),
    );
    const reordered = attempt.questions.filter((q) => q.options.map((o) => o.text).join('|') !== bank.get(q.id)!.join('|'));
    expect(reordered.length).toBeGreaterThan(5);
  });

  it('resumes the attempt in progress with the same deadline and saved answers', async () => {
    const env = await newEnv();
    const { token } = await register(env);
    const first = await startAttempt(env, token);
    const q = first.questions[3]!.id;
    await env.call('PUT', `/api/attempts/${first.id}/answers`, { token, json: { answers: { [q]: 'c' } } });
    env.clock.advance(5 * MINUTE);
    const again = await env.call('POST', `/api/contests/${OPEN}/attempts`, { token });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.id);
    expect(again.body.deadline).toBe(first.deadline);
    expect(again.body.answers).toEqual({ [q]: 'c' });
    expect(again.body.questions).toEqual(first.questions);
    const me = await env.call('GET', `/api/contests/${OPEN}/me`, { token });
    expect(me.body.inProgress).toBe(first.id);
  });

  it('caps the deadline at the close of the contest', async () => {
    const env = await newEnv();
    const { body: contest } = await env.call('GET', `/api/contests/${OPEN}`);
    env.clock.set(new Date(Date.parse(contest.endsAt) - 2 * MINUTE));
    const { token } = await register(env);
    const attempt = await startAttempt(env, token);
    expect(attempt.deadline).toBe(contest.endsAt);
  });

  it('refuses to start before the contest opens or after it closes', async () => {
    const env = await newEnv();
    const { token } = await register(env);
    const { body: contest } = await env.call('GET', `/api/contests/${OPEN}`);
    env.clock.set(contest.endsAt);
    const after = await env.call('POST', `/api/contests/${OPEN}/attempts`, { token });
    expect(after.status).toBe(409);
    expect(after.body.error.code).toBe('CONTEST_NOT_OPEN');
    env.clock.set(new Date(Date.parse(contest.startsAt) - 1000));
    const before = await env.call('POST', `/api/contests/${OPEN}/attempts`, { token });
    expect(before.status).toBe(409);
    expect(before.body.error.message).toMatch(/chưa bắt đầu/);
  });

  it('needs a valid contestant token', async () => {
    const env = await newEnv();
    const none = await env.call('POST', `/api/contests/${OPEN}/attempts`);
    const wrong = await env.call('POST', `/api/contests/${OPEN}/attempts`, { token: 'x'.repeat(43) });
    expect([none.status, wrong.status]).toEqual([401, 401]);
    expect(none.body.error.code).toBe('UNAUTHORIZED');
  });

  it("hides another contestant's attempt", async () => {
    const env = await newEnv();
    const a = await register(env, 1);
    const b = await register(env, 2);
    const attempt = await startAttempt(env, a.token);
    const peek = await env.call('GET', `/api/attempts/${attempt.id}`, { token: b.token });
    const save = await env.call('PUT', `/api/attempts/${attempt.id}/answers`, { token: b.token, json: { answers: {} } });
    const submit = await env.call('POST', `/api/attempts/${attempt.id}/submit`, { token: b.token, json: { prediction: 1 } });
    expect([peek.status, save.status, submit.status]).toEqual([404, 404, 404]);
  });
});

describeStores('saving answers', (newEnv) => {
  it('merges partial saves and lets a contestant change or clear an answer', async () => {
    const env = await newEnv();
    const { token } = await register(env);
    const attempt = await startAttempt(env, token);
    const [q1, q2] = attempt.questions.map((q) => q.id);
    const save = (answers: Record<string, string | null>) => env.call('PUT', `/api/attempts/${attempt.id}/answers`, { token, json: { answers } });
    expect((await save({ [q1!]: 'a' })).body).toMatchObject({ saved: 1 });
    await save({ [q2!]: 'b' });
    await save({ [q1!]: 'd' });
    expect((await env.call('GET', `/api/attempts/${attempt.id}`, { token })).body.answers).toEqual({ [q1!]: 'd', [q2!]: 'b' });
    await save({ [q2!]: null });
    expect((await env.call('GET', `/api/attempts/${attempt.id}`, { token })).body.answers).toEqual({ [q1!]: 'd' });
  });

  it('refuses a question not in the attempt or an option that does not exist, saving nothing', async () => {
    const env = await newEnv();
    const { token } = await register(env);
    const attempt = await startAttempt(env, token);
    const q = attempt.questions[0]!.id;
    const before = await env.snapshot();
    const response = await env.call('PUT', `/api/attempts/${attempt.id}/answers`, {
      token,
      json: { answers: { [q]: 'a', khac: 'a', [attempt.questions[1]!.id]: 'z' } },
    });
    expect(response.status).toBe(400);
    expect(Object.keys(response.body.error.fields).sort()).toEqual([`answers.${attempt.questions[1]!.id}`, 'answers.khac'].sort());
    expect(await env.snapshot()).toBe(before);
  });

  it('refuses answers after the deadline with ATTEMPT_CLOSED, and they do not count', async () => {
    const env = await newEnv();
    const { token } = await register(env);
    const attempt = await startAttempt(env, token);
    const q = attempt.questions[0]!.id;
    env.clock.advance(15 * MINUTE);
    const late = await env.call('PUT', `/api/attempts/${attempt.id}/answers`, {
      token,
      json: { answers: { [q]: await correctOption(env, attempt.id, q) } },
    });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('ATTEMPT_CLOSED');
    const result = await env.call('GET', `/api/attempts/${attempt.id}`, { token });
    expect(result.body).toMatchObject({ status: 'submitted', autoSubmitted: true, score: 0 });
  });

  it('counts an answer saved one millisecond before the deadline', async () => {
    const env = await newEnv();
    const { token } = await register(env);
    const attempt = await startAttempt(env, token);
    const q = attempt.questions[0]!.id;
    env.clock.advance(15 * MINUTE - 1);
    const save = await env.call('PUT', `/api/attempts/${attempt.id}/answers`, {
      token,
      json: { answers: { [q]: await correctOption(env, attempt.id, q) } },
    });
    expect(save.status).toBe(200);
    env.clock.advance(10 * MINUTE);
    const result = await env.call('GET', `/api/attempts/${attempt.id}`, { token });
    expect(result.body).toMatchObject({ status: 'submitted', autoSubmitted: true, score: 1, durationMs: 15 * MINUTE });
  });
});

describeStores('submitting', (newEnv, kind) => {
  it('scores the saved and submitted answers and reports duration from the server clock', async () => {
    const env = await newEnv();
    const { token } = await register(env);
    const attempt = await startAttempt(env, token);
    const [q1, q2, q3] = attempt.questions.map((q) => q.id) as [string, string, string];
    await env.call('PUT', `/api/attempts/${attempt.id}/answers`, { token, json: { answers: { [q1]: await correctOption(env, attempt.id, q1) } } });
    env.clock.advance(4 * MINUTE);
    const { status, body } = await env.call('POST', `/api/attempts/${attempt.id}/submit`, {
      token,
      json: {
        answers: { [q2]: await correctOption(env, attempt.id, q2), [q3]: await wrongOption(env, attempt.id, q3) },
        prediction: 1200,
      },
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: attempt.id, status: 'submitted', score: 2, total: 20, durationMs: 4 * MINUTE, rank: 1 });
    expect(body.submittedAt).toBe(env.clock.now().toISOString());
  });

  // Retires and edits questions while an attempt runs: the console's routes, which a server on PostgreSQL answers 501 (decision 0045).
  if (kind === 'sqlite') {
    it('keeps a question retired or edited during the attempt: it is shown, takes answers and is scored', async () => {
      const env = await newEnv();
      const { token } = await register(env);
      const attempt = await startAttempt(env, token);
      const [retired, edited, other] = attempt.questions.map((q) => q.id) as [string, string, string];
      const organiser = { token: ORGANISER_TOKEN };
      expect((await env.call('DELETE', `/api/admin/contests/${OPEN}/questions/${retired}`, organiser)).status).toBe(200);
      const { body: bank } = await env.call('GET', `/api/admin/contests/${OPEN}/questions`, organiser);
      const { id, retiredAt, ...question } = (bank as { id: string; retiredAt: string | null; text: string }[]).find((q) => q.id === edited)!;
      void id;
      void retiredAt;
      const newText = `${question.text} (đã sửa)`;
      expect((await env.call('PUT', `/api/admin/contests/${OPEN}/questions/${edited}`, { ...organiser, json: { ...question, text: newText } })).status).toBe(200);

      const shown = await env.call('GET', `/api/attempts/${attempt.id}`, { token });
      const texts = new Map((shown.body.questions as { id: string; text: string }[]).map((q) => [q.id, q.text]));
      expect(texts.get(retired)).toBe(attempt.questions[0]!.text);
      expect(texts.get(edited)).toBe(newText);

      const saved = await env.call('PUT', `/api/attempts/${attempt.id}/answers`, { token, json: { answers: { [retired]: await correctOption(env, attempt.id, retired) } } });
      expect(saved.body).toMatchObject({ saved: 1 });
      const { body } = await env.call('POST', `/api/attempts/${attempt.id}/submit`, {
        token,
        json: { answers: { [edited]: await correctOption(env, attempt.id, edited), [other]: await wrongOption(env, attempt.id, other) }, prediction: 3 },
      });
      expect(body).toMatchObject({ status: 'submitted', score: 2, total: 20 });
    });
  }

  it('refuses an answer to a question not drawn for the attempt, naming it, and saves nothing', async () => {
    const env = await newEnv();
    const { token } = await register(env);
    const attempt = await startAttempt(env, token);
    const drawn = attempt.questions[0]!.id;
    const bank = await env.query<{ id: string }>('SELECT id FROM questions WHERE contest_slug = ? AND retired_at IS NULL ORDER BY position', OPEN);
    const notDrawn = bank.map((q) => q.id).find((q) => !attempt.questions.some((shown) => shown.id === q))!;
    const before = await env.snapshot();
    const refused = await env.call('PUT', `/api/attempts/${attempt.id}/answers`, { token, json: { answers: { [drawn]: 'a', [notDrawn]: 'a' } } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('VALIDATION');
    expect(Object.keys(refused.body.error.fields)).toEqual([`answers.${notDrawn}`]);
    expect(await env.snapshot()).toBe(before);
  });

  it('is idempotent: a repeated submit returns the same result and changes nothing', async () => {
    const env = await newEnv();
    const { token } = await register(env);
    const attempt = await startAttempt(env, token);
    const q = attempt.questions[0]!.id;
    const first = await env.call('POST', `/api/attempts/${attempt.id}/submit`, {
      token,
      json: { answers: { [q]: await correctOption(env, attempt.id, q) }, prediction: 10 },
    });
    const before = await env.snapshot();
    env.clock.advance(MINUTE);
    const second = await env.call('POST', `/api/attempts/${attempt.id}/submit`, {
      token,
      json: { answers: { [q]: await wrongOption(env, attempt.id, q) }, prediction: 99 },
    });
    expect(second.status).toBe(200);
    expect({ ...second.body, rank: undefined }).toEqual({ ...first.body, rank: undefined });
    expect(await env.snapshot()).toBe(before);
  });

  it('answers a submit after the deadline with the result finalised from saved answers', async () => {
    const env = await newEnv();
    const { token } = await register(env);
    const attempt = await startAttempt(env, token);
    const q = attempt.questions[0]!.id;
    await env.call('PUT', `/api/attempts/${attempt.id}/answers`, { token, json: { answers: { [q]: await correctOption(env, attempt.id, q) } } });
    env.clock.advance(20 * MINUTE);
    const late = await env.call('POST', `/api/attempts/${attempt.id}/submit`, {
      token,
      json: { answers: await correctAnswers(env, attempt.id, attempt.questions.map((x) => x.id)), prediction: 5 },
    });
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ status: 'submitted', autoSubmitted: true, score: 1, durationMs: 15 * MINUTE, prediction: null });
    expect(late.body.submittedAt).toBe(attempt.deadline);
  });

  it('finalises overdue attempts when anyone looks at the leaderboard', async () => {
    const env = await newEnv();
    const { token } = await register(env);
    const attempt = await startAttempt(env, token);
    env.clock.advance(16 * MINUTE);
    const board = await env.call('GET', `/api/contests/${OPEN}/leaderboard`);
    expect(board.body.entries).toHaveLength(1);
    const rows = await env.query('SELECT status, auto_submitted FROM attempts WHERE id = ?', attempt.id);
    expect(rows).toEqual([{ status: 'submitted', auto_submitted: 1 }]);
  });

  it('refuses a prediction that is not a whole number', async () => {
    const env = await newEnv();
    const { token } = await register(env);
    const attempt = await startAttempt(env, token);
    const before = await env.snapshot();
    for (const prediction of [-1, 1.5, '100', 1e12]) {
      const response = await env.call('POST', `/api/attempts/${attempt.id}/submit`, { token, json: { prediction } });
      expect(response.status).toBe(400);
      expect(response.body.error.fields.prediction).toMatch(/Dự đoán/);
    }
    expect(await env.snapshot()).toBe(before);
  });
});

describeStores('attempt limits', (newEnv) => {
  async function useAttempt(env: StoreEnv, token: string) {
    const attempt = await startAttempt(env, token);
    await env.call('POST', `/api/attempts/${attempt.id}/submit`, { token, json: { prediction: 1 } });
    return attempt;
  }

  it('allows maxAttempts tries, then answers ATTEMPT_LIMIT', async () => {
    const env = await newEnv();
    const { token } = await register(env);
    for (let i = 0; i < 3; i++) await useAttempt(env, token);
    const me = await env.call('GET', `/api/contests/${OPEN}/me`, { token });
    expect(me.body.remainingAttempts).toBe(0);
    expect(me.body.attempts).toHaveLength(3);
    const fourth = await env.call('POST', `/api/contests/${OPEN}/attempts`, { token });
    expect(fourth.status).toBe(409);
    expect(fourth.body.error.code).toBe('ATTEMPT_LIMIT');
  });

  it('allows unlimited tries when maxAttempts is null', async () => {
    const env = await newEnv({ prepare: (console) => setContest(console, { maxAttempts: null }) });
    const { token } = await register(env);
    for (let i = 0; i < 5; i++) await useAttempt(env, token);
    const me = await env.call('GET', `/api/contests/${OPEN}/me`, { token });
    expect(me.body.remainingAttempts).toBeNull();
  });

  it('counts the best attempt: me.best is the highest score', async () => {
    const env = await newEnv();
    const { token } = await register(env);
    await useAttempt(env, token);
    const good = await startAttempt(env, token);
    const answers = await correctAnswers(env, good.id, good.questions.slice(0, 5).map((q) => q.id));
    await env.call('POST', `/api/attempts/${good.id}/submit`, { token, json: { answers, prediction: 1 } });
    await useAttempt(env, token);
    const me = await env.call('GET', `/api/contests/${OPEN}/me`, { token });
    expect(me.body.best).toMatchObject({ id: good.id, score: 5, status: 'submitted' });
    expect(Object.keys(me.body.best).sort()).toEqual(
      ['autoSubmitted', 'durationMs', 'id', 'score', 'startedAt', 'status', 'submittedAt', 'total', 'voided'].sort(),
    );
    const board = await env.call('GET', `/api/contests/${OPEN}/leaderboard`);
    expect(board.body.entries).toHaveLength(1);
    expect(board.body.entries[0].score).toBe(5);
  });
});

describeStores('answer key after submission', (newEnv, kind) => {
  async function submitted(env: StoreEnv) {
    const { token } = await register(env);
    const attempt = await startAttempt(env, token);
    await env.call('POST', `/api/attempts/${attempt.id}/submit`, { token, json: { prediction: 1 } });
    return { token, attempt };
  }

  it('with afterClose (default), shows the key only once the contest has closed', async () => {
    const env = await newEnv();
    const { token, attempt } = await submitted(env);
    const open = await env.call('GET', `/api/attempts/${attempt.id}`, { token });
    expect(JSON.stringify(open.body)).not.toMatch(/correctOptionId|explanation/);
    const { body: contest } = await env.call('GET', `/api/contests/${OPEN}`);
    env.clock.set(contest.endsAt);
    const closed = await env.call('GET', `/api/attempts/${attempt.id}`, { token });
    const q = closed.body.questions[0];
    expect(q.correctOptionId).toBe(await correctOption(env, attempt.id, q.id));
    expect(q.explanation).toEqual(expect.any(String));
  });

  // Changes the setting after a submission: the console's route, which a server on PostgreSQL answers 501 (decision 0045).
  if (kind === 'sqlite') {
    it('with afterSubmit, shows the key of a submitted attempt at once; with never, never', async () => {
      const env = await newEnv();
      await setContest(env, { revealAnswers: 'afterSubmit' });
      const { token, attempt } = await submitted(env);
      const shown = await env.call('GET', `/api/attempts/${attempt.id}`, { token });
      expect(shown.body.questions.every((q: { correctOptionId?: string }) => typeof q.correctOptionId === 'string')).toBe(true);
      await setContest(env, { revealAnswers: 'never' });
      const { body: contest } = await env.call('GET', `/api/contests/${OPEN}`);
      env.clock.set(contest.endsAt);
      const never = await env.call('GET', `/api/attempts/${attempt.id}`, { token });
      expect(JSON.stringify(never.body)).not.toMatch(/correctOptionId/);
    });
  }
});

// Moves the close while an attempt runs: the console's route, which a server on PostgreSQL answers 501 (decision 0045).
describe('organisers moving the close', () => {
  it('an earlier close shortens attempts already running: nothing counts after it', async () => {
    const env = testEnv();
    const { token } = await register(env);
    const attempt = await startAttempt(env, token);
    const endsAt = new Date(env.clock.now().getTime() + MINUTE).toISOString();
    await setContest(env, { endsAt });
    const fetched = await env.call('GET', `/api/attempts/${attempt.id}`, { token });
    expect(fetched.body.deadline).toBe(endsAt);
    env.clock.advance(2 * MINUTE);
    const late = await env.call('PUT', `/api/attempts/${attempt.id}/answers`, { token, json: { answers: { [attempt.questions[0]!.id]: 'a' } } });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('ATTEMPT_CLOSED');
  });
});
