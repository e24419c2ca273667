import { describe, expect, it } from 'vitest';
import { OPEN, ORGANISER_TOKEN, register, snapshot, startAttempt, testEnv, type TestEnv } from './support.js';

const admin = { token: ORGANISER_TOKEN };

async function contestSettings(env: TestEnv) {
  const { body } = await env.call('GET', `/api/admin/contests/${OPEN}`, admin);
  const { status: _status, ...settings } = body;
  void _status;
  return settings;
}

describe('editing what attempts already use', () => {
  it('keeps the number of options of a question once attempts exist, and says what to do instead', async () => {
    const env = testEnv();
    const { token } = await register(env);
    const attempt = await startAttempt(env, token);
    const id = attempt.questions[0]!.id;
    const shown = attempt.questions[0]!;
    const before = snapshot(env.db);
    const fewer = await env.call('PUT', `/api/admin/contests/${OPEN}/questions/${id}`, {
      ...admin,
      json: { topic: 'vneid', text: 'Câu hỏi rút gọn còn hai phương án?', options: ['Có', 'Không'], answer: 0 },
    });
    expect(fewer.status).toBe(409);
    expect(fewer.body.error.message).toMatch(/ngừng dùng/);
    expect(fewer.body.error.fields.options).toMatch(/4 phương án/);
    expect(snapshot(env.db)).toBe(before);
    expect((await env.call('GET', `/api/attempts/${attempt.id}`, { token })).body.questions[0]).toEqual(shown);
  });

  it('lets a typo in a question be corrected while keeping its options', async () => {
    const env = testEnv();
    const { token } = await register(env);
    const attempt = await startAttempt(env, token);
    const id = attempt.questions[0]!.id;
    const { body: bank } = await env.call('GET', `/api/admin/contests/${OPEN}/questions`, admin);
    const question = bank.find((q: { id: string }) => q.id === id);
    const fixed = await env.call('PUT', `/api/admin/contests/${OPEN}/questions/${id}`, {
      ...admin,
      json: { topic: question.topic, text: `${question.text} (đã sửa)`, options: question.options, answer: question.answer },
    });
    expect(fixed.status).toBe(200);
    expect((await env.call('GET', `/api/attempts/${attempt.id}`, { token })).body.questions[0].text).toMatch(/\(đã sửa\)$/);
  });

  it('refuses to drop an occupation that registered contestants chose', async () => {
    const env = testEnv();
    await register(env, 1, { occupation: 'sinh-vien' });
    const settings = await contestSettings(env);
    const before = snapshot(env.db);
    const response = await env.call('PUT', `/api/admin/contests/${OPEN}`, {
      ...admin,
      json: { ...settings, occupations: settings.occupations.filter((o: { id: string }) => o.id !== 'sinh-vien') },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.fields.occupations).toMatch(/sinh-vien/);
    expect(snapshot(env.db)).toBe(before);
  });
});
