import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { killAll, killServer, startServer, tempDatabase } from './server-process.js';
import { person } from './support.js';

const OPEN = 'de-an-06-thai-binh';

afterEach(killAll);

async function post(base: string, path: string, body: unknown, token?: string, method = 'POST') {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('durability', () => {
  it('keeps every acknowledged registration, answer and submission across kill -9', async () => {
    const databasePath = tempDatabase('quiz-crash-');
    const acknowledged: { idNumber: string; attemptId: string; questionId: string; optionId: string; submitted: boolean }[] = [];

    for (let round = 0; round < 3; round++) {
      const server = await startServer(databasePath);
      const base = server.base;
      for (let k = 0; k < 4; k++) {
        const n = round * 10 + k + 1;
        const registered = await post(base, `/api/contests/${OPEN}/contestants`, person(n));
        expect(registered.status).toBe(201);
        const attempt = await post(base, `/api/contests/${OPEN}/attempts`, {}, registered.body.token);
        const questionId = attempt.body.questions[0].id as string;
        const saved = await post(base, `/api/attempts/${attempt.body.id}/answers`, { answers: { [questionId]: 'c' } }, registered.body.token, 'PUT');
        expect(saved.status).toBe(200);
        const record = { idNumber: person(n).idNumber, attemptId: attempt.body.id, questionId, optionId: 'c', submitted: false };
        if (k % 2 === 0) {
          const submitted = await post(base, `/api/attempts/${attempt.body.id}/submit`, { prediction: 42 }, registered.body.token);
          expect(submitted.status).toBe(200);
          record.submitted = true;
        }
        acknowledged.push(record);
      }
      // Crash with requests in flight: fire a registration and kill before it can be answered.
      void fetch(`${base}/api/contests/${OPEN}/contestants`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(person(900 + round)),
      }).catch(() => undefined);
      await killServer(server);
    }

    const db = new Database(databasePath, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    for (const record of acknowledged) {
      expect(db.prepare('SELECT 1 AS one FROM contestants WHERE id_number = ?').get(record.idNumber)).toEqual({ one: 1 });
      const answer = db.prepare('SELECT option_index FROM attempt_answers WHERE attempt_id = ? AND question_id = ?').get(record.attemptId, record.questionId);
      expect(answer).toBeDefined();
      const attempt = db.prepare('SELECT status, score, prediction FROM attempts WHERE id = ?').get(record.attemptId) as {
        status: string;
        score: number | null;
        prediction: number | null;
      };
      if (record.submitted) expect(attempt).toMatchObject({ status: 'submitted', prediction: 42, score: expect.any(Number) });
    }
    // No attempt is ever half-submitted: submitted rows always carry their score and time.
    expect(db.prepare(`SELECT COUNT(*) AS n FROM attempts WHERE status = 'submitted' AND (score IS NULL OR submitted_at IS NULL)`).get()).toEqual({ n: 0 });
    db.close();
  }, 60_000);
});
