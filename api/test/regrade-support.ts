/** Helpers of the regrade suites: answers by bank option, and maintained figures against a rebuild. */
import { expect } from 'vitest';
import { rebuildParticipation } from '../src/db/participation.js';
import { participationAndRecount } from './server-process.js';
import { register, startAttempt, type TestEnv } from './support.js';

/** The option id shown for bank option `bankIndex` of a question drawn for an attempt. */
export function shownOptionId(env: TestEnv, attemptId: string, questionId: string, bankIndex: number): string {
  const order = (env.db.prepare('SELECT option_order FROM attempt_questions WHERE attempt_id = ? AND question_id = ?').pluck().get(attemptId, questionId)) as string;
  return 'abcdef'[(JSON.parse(order) as number[]).indexOf(bankIndex)]!;
}

/** Person n answers bank option `choices[questionId]` (absent: unanswered) and submits. */
export async function playChoices(env: TestEnv, slug: string, n: number, choices: Record<string, number>, options: { prediction?: number; fullName?: string; unitId?: string } = {}) {
  const { token, contestant } = await register(env, n, { fullName: options.fullName ?? `Thí Sinh Số ${'ABCDEFGHIJKLMNOPQRSTUVWXY'[n % 25]}`, unitId: options.unitId ?? 'tp-thai-binh' }, slug);
  const attempt = await startAttempt(env, token, slug);
  const answers = Object.fromEntries(
    attempt.questions.filter((q) => choices[q.id] !== undefined).map((q) => [q.id, shownOptionId(env, attempt.id, q.id, choices[q.id]!)]),
  );
  env.clock.advance(60_000 + n * 1000);
  const submitted = await env.call('POST', `/api/attempts/${attempt.id}/submit`, { token, json: { answers, prediction: options.prediction ?? 10 } });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  return { token, contestantId: contestant.id, attemptId: attempt.id, score: submitted.body.score as number };
}

/**
 * Every maintained table as a from-scratch rebuild would write it (rows that only hold zeros left
 * out: deltas may leave them behind), to compare before and after `rebuildParticipation`.
 */
export function maintainedTables(env: TestEnv) {
  const db = env.db;
  return {
    participation: db.prepare('SELECT * FROM participation ORDER BY contestant_id').all(),
    units: db.prepare('SELECT * FROM unit_participation WHERE participants != 0 OR attempts != 0 OR best_score_sum != 0 ORDER BY 1, 2').all(),
    figures: db.prepare('SELECT * FROM contest_figures WHERE participants != 0 OR attempts != 0 ORDER BY 1, 2, 3').all(),
    standings: db.prepare('SELECT * FROM standings ORDER BY attempt_id').all(),
    counts: db.prepare('SELECT * FROM standing_counts WHERE rows != 0 ORDER BY 1, 2, 3, 4').all(),
  };
}

export function expectMaintainedEqualRebuild(env: TestEnv) {
  const { stored, recount } = participationAndRecount(env.db);
  expect(stored).toEqual(recount);
  const kept = maintainedTables(env);
  rebuildParticipation(env.db);
  expect(kept).toEqual(maintainedTables(env));
}

