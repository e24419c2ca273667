/**
 * Helpers shared by the organiser-route suites (admin-*.test.ts, questions-import.test.ts).
 * Kept apart from support.ts so the contestant suites' harness is not touched.
 */
import { expect } from 'vitest';
import { THAI_BINH_UNITS } from '../src/seed/demo.js';
import { correctOption, type StoreEnv, wrongOption } from './store-env.js';
import { OPEN, ORGANISER_TOKEN, register, startAttempt, type TestEnv } from './support.js';

/** At least one letter only Vietnamese (or another Latin-diacritic language) writes. */
const VIETNAMESE = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;

/** Asserts the SPEC §3 error shape with a Vietnamese message; answers `error` for further checks. */
export function expectError(
  response: { status: number; body: any },
  status: number,
  code: string,
): { code: string; message: string; fields?: Record<string, string>; rows?: { row: number; field?: string; message: string }[]; units?: { id: string; name: string }[] } {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
  expect(response.body.error.message).toMatch(VIETNAMESE);
  for (const message of Object.values(response.body.error.fields ?? {})) expect(message).toMatch(VIETNAMESE);
  for (const row of response.body.error.rows ?? []) expect(row.message).toMatch(VIETNAMESE);
  return response.body.error;
}

export const admin = (env: Pick<TestEnv, 'call'>, method: string, path: string, json?: unknown, token = ORGANISER_TOKEN) =>
  env.call(method, `/api/admin${path}`, json === undefined ? { token } : { token, json });

/** A question in the JSON import layout; `n` makes its text unique. */
export function jsonQuestion(n: number, overrides: Record<string, unknown> = {}) {
  return {
    topic: 'vneid',
    text: `Câu hỏi thử số ${n}: ứng dụng VNeID do cơ quan nào quản lý?`,
    options: ['Bộ Công an', 'Bộ Y tế', 'Bộ Tài chính', `Phương án khác ${n}`],
    answer: 0,
    explanation: 'VNeID do Bộ Công an (C06) xây dựng và quản lý.',
    ...overrides,
  };
}

/**
 * A contest of our own, open now, with the Thái Bình units and `questions` questions of 4 options,
 * each drawn attempt taking `perAttempt` of them. Answers the slug and the questions' ids.
 */
export async function smallContest(env: TestEnv, slug: string, questions: number, perAttempt: number, extra: Record<string, unknown> = {}) {
  const now = env.clock.now().getTime();
  const created = await admin(env, 'PUT', `/contests/${slug}`, {
    title: `Cuộc thi thử ${slug}`,
    startsAt: new Date(now - 3_600_000).toISOString(),
    endsAt: new Date(now + 30 * 86_400_000).toISOString(),
    questionsPerAttempt: perAttempt,
    ...extra,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect((await admin(env, 'PUT', `/contests/${slug}/units`, THAI_BINH_UNITS)).status).toBe(200);
  const questionIds = Array.from({ length: questions }, (_, i) => `${slug}-q${i + 1}`);
  const imported = await admin(env, 'POST', `/contests/${slug}/questions`, questionIds.map((id, i) => jsonQuestion(i + 1, { id })));
  expect(imported.status, JSON.stringify(imported.body)).toBe(200);
  return { slug, questionIds };
}

/**
 * Registers contestant `n`, starts an attempt and submits it with the first `correct` questions
 * answered correctly and the rest wrongly. Answers the token, contestant id and attempt id.
 */
export async function contestantWithScore(
  env: TestEnv | StoreEnv,
  n: number,
  correct: number,
  options: { slug?: string; prediction?: number; overrides?: Record<string, unknown>; thinkMs?: number } = {},
) {
  const slug = options.slug ?? OPEN;
  const { token, contestant } = await register(env, n, options.overrides ?? {}, slug);
  const attempt = await startAttempt(env, token, slug);
  const answers: Record<string, string> = {};
  for (const [i, q] of attempt.questions.entries()) answers[q.id] = i < correct ? await correctOption(env, attempt.id, q.id) : await wrongOption(env, attempt.id, q.id);
  env.clock.advance(options.thinkMs ?? 60_000);
  const submitted = await env.call('POST', `/api/attempts/${attempt.id}/submit`, {
    token,
    json: { answers, prediction: options.prediction ?? 10 },
  });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  expect(submitted.body.score).toBe(Math.min(correct, attempt.questions.length));
  return { token, contestantId: contestant.id, attemptId: attempt.id };
}
