/**
 * Races between two server processes on one database file (WAL lets them share it): requests in
 * one process are serialised by its JS thread, so only a second process makes a race real.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THAI_BINH_UNITS } from '../src/seed/demo.js';
import { hashToken } from '../src/tokens.js';
import { call, killAll, participationAndRecount, startServer, tempDatabase, type Reply, type ServerProcess } from './server-process.js';
import { person } from './support.js';

const OPEN = 'de-an-06-thai-binh';
const ADMIN_TOKEN = 'wLMF1fnx0EQbpKikMf1bUi1BVch6V0IiPAxfM3v2f3g';
const PARALLEL = 12;

let databasePath: string;
let a: ServerProcess;
let b: ServerProcess;
/** A read-write connection of the test's own, as a third party to every race. */
let db: Database.Database;

beforeAll(async () => {
  databasePath = tempDatabase('quiz-races-');
  // One after the other: the first migrates and seeds, the second finds the database ready.
  a = await startServer(databasePath, { ADMIN_TOKEN });
  b = await startServer(databasePath, { ADMIN_TOKEN });
  db = new Database(databasePath);
  db.pragma('busy_timeout = 5000');
}, 40_000);

afterAll(async () => {
  db?.close();
  await killAll();
});

/** Request i goes to server A when i is even, to B when odd, all at once. */
function fireAtBoth(count: number, send: (base: string, i: number) => Promise<Reply>): Promise<Reply[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => send(i % 2 === 0 ? a.base : b.base, i)));
}

async function registered(n: number) {
  const reply = await call(a.base, 'POST', `/api/contests/${OPEN}/contestants`, { json: person(n) });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body as { contestant: { id: string }; token: string };
}

/** The error bodies among replies, for a short failure message. */
const errorsOf = (replies: Reply[]) => JSON.stringify(replies.filter((r) => r.body?.error).map((r) => [r.status, r.body.error.code]));

function expectRecountMatches() {
  const { stored, recount } = participationAndRecount(db);
  expect(stored).toEqual(recount);
}

describe('two processes, one database', () => {
  it('parallel registrations of one ID number: exactly one 201, the rest 409 ALREADY_REGISTERED, one row', async () => {
    for (let round = 0; round < 5; round++) {
      const n = 1000 + round;
      const replies = await fireAtBoth(PARALLEL, (base) => call(base, 'POST', `/api/contests/${OPEN}/contestants`, { json: person(n) }));
      const statuses = replies.map((r) => r.status).sort();
      expect(statuses, errorsOf(replies)).toEqual([201, ...Array(PARALLEL - 1).fill(409)]);
      for (const reply of replies.filter((r) => r.status === 409)) expect(reply.body.error.code).toBe('ALREADY_REGISTERED');
      const winner = replies.find((r) => r.status === 201)!.body;
      const rows = db.prepare('SELECT id FROM contestants WHERE contest_slug = ? AND id_number = ?').all(OPEN, person(n).idNumber);
      expect(rows).toEqual([{ id: winner.contestant.id }]);
      expect(db.prepare('SELECT token_hash FROM contestant_tokens WHERE contestant_id = ?').all(winner.contestant.id)).toEqual([
        { token_hash: hashToken(winner.token) },
      ]);
    }
  }, 30_000);

  it('parallel attempt starts for one contestant: one attempt, every answer refers to it', async () => {
    for (let round = 0; round < 5; round++) {
      const { contestant, token } = await registered(2000 + round);
      const replies = await fireAtBoth(PARALLEL, (base) => call(base, 'POST', `/api/contests/${OPEN}/attempts`, { token }));
      expect(replies.map((r) => r.status).sort(), errorsOf(replies)).toEqual([...Array(PARALLEL - 1).fill(200), 201]);
      const ids = new Set(replies.map((r) => r.body.id));
      expect(ids.size).toBe(1);
      const attempts = db.prepare('SELECT id, status FROM attempts WHERE contestant_id = ?').all(contestant.id);
      expect(attempts).toEqual([{ id: [...ids][0], status: 'inProgress' }]);
      expect(db.prepare('SELECT COUNT(*) AS n FROM attempt_questions WHERE attempt_id = ?').get([...ids][0])).toEqual({ n: replies[0]!.body.questions.length });
    }
  }, 30_000);

  it('a leaderboard one process keeps in memory shows what the other process wrote', async () => {
    const board = async () => (await call(a.base, 'GET', `/api/contests/${OPEN}/leaderboard?limit=500`)).body as { actual: number; entries: { name: string; score: number }[] };
    const before = await board();
    expect(await board()).toEqual(before); // served from A's copy
    const newcomer = person(4000, { fullName: 'Trần Thị Bảng', publishName: true });
    const { token } = (await call(a.base, 'POST', `/api/contests/${OPEN}/contestants`, { json: newcomer })).body;
    const attempt = (await call(b.base, 'POST', `/api/contests/${OPEN}/attempts`, { token })).body;
    const submitted = await call(b.base, 'POST', `/api/attempts/${attempt.id}/submit`, { token, json: { prediction: 1 } });
    expect(submitted.status).toBe(200);
    const after = await board();
    expect(after.actual).toBe(before.actual + 1);
    expect(after.entries).toHaveLength(before.entries.length + 1);
    expect(after.entries.map((e) => e.name)).toContain('Trần Thị Bảng');
    // A correction written straight into the file (no server involved) shows too.
    db.prepare('UPDATE units SET name = ? WHERE contest_slug = ? AND id = ?').run('Thành phố Thái Bình (đã sửa)', OPEN, newcomer.unitId);
    const renamed = (await call(a.base, 'GET', `/api/contests/${OPEN}/leaderboard?limit=500`)).body.entries as { name: string; unit: string }[];
    expect(renamed.find((e) => e.name === 'Trần Thị Bảng')!.unit).toBe('Thành phố Thái Bình (đã sửa)');
  }, 30_000);

  it('parallel double submits of one attempt: one submission, the same result for everyone', async () => {
    for (let round = 0; round < 5; round++) {
      const { contestant, token } = await registered(3000 + round);
      const attempt = (await call(b.base, 'POST', `/api/contests/${OPEN}/attempts`, { token })).body;
      const [first, second] = attempt.questions as { id: string }[];
      expect((await call(a.base, 'PUT', `/api/attempts/${attempt.id}/answers`, { token, json: { answers: { [first!.id]: 'a' } } })).status).toBe(200);
      const replies = await fireAtBoth(PARALLEL, (base) =>
        call(base, 'POST', `/api/attempts/${attempt.id}/submit`, { token, json: { answers: { [second!.id]: 'b' }, prediction: 1234 } }),
      );
      expect(replies.map((r) => r.status), errorsOf(replies)).toEqual(Array(PARALLEL).fill(200));
      const results = replies.map(({ body }) => JSON.stringify([body.id, body.status, body.score, body.total, body.durationMs, body.submittedAt]));
      expect(new Set(results).size).toBe(1);
      const row = db.prepare('SELECT status, score, submitted_at, duration_ms, prediction FROM attempts WHERE contestant_id = ?').all(contestant.id);
      const body = replies[0]!.body;
      expect(row).toEqual([{ status: 'submitted', score: body.score, submitted_at: body.submittedAt, duration_ms: body.durationMs, prediction: 1234 }]);
      expect(db.prepare('SELECT attempts FROM participation WHERE contestant_id = ?').get(contestant.id)).toEqual({ attempts: 1 });
    }
    expectRecountMatches();
  }, 30_000);

  it('autosave racing the deadline: saves answered 200 count, later ones get 409 ATTEMPT_CLOSED', async () => {
    const slug = 'dua-han-chot';
    const questionCount = 40;
    const admin = (method: string, path: string, json: unknown) => call(a.base, method, `/api/admin/contests/${slug}${path}`, { token: ADMIN_TOKEN, json });
    const now = Date.now();
    const created = await admin('PUT', '', {
      title: 'Thử tranh chấp hạn chót',
      startsAt: new Date(now - 3_600_000).toISOString(),
      endsAt: new Date(now + 86_400_000).toISOString(),
      questionsPerAttempt: questionCount,
      timeLimitSeconds: 30,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await admin('PUT', '/units', THAI_BINH_UNITS)).status).toBe(200);
    const bank = Array.from({ length: questionCount }, (_, i) => ({
      id: `hc-${i + 1}`,
      topic: 'vneid',
      text: `Câu hỏi hạn chót số ${i + 1}: ứng dụng VNeID do cơ quan nào quản lý?`,
      options: ['Bộ Công an', 'Bộ Y tế', 'Bộ Tài chính', `Phương án khác ${i + 1}`],
      answer: 0,
    }));
    expect((await admin('POST', '/questions', bank)).status).toBe(200);

    const signedUp = await call(a.base, 'POST', `/api/contests/${slug}/contestants`, { json: person(4000) });
    expect(signedUp.status, JSON.stringify(signedUp.body)).toBe(201);
    const token = signedUp.body.token as string;
    const attempt = (await call(b.base, 'POST', `/api/contests/${slug}/attempts`, { token })).body;
    const deadline = Date.parse(attempt.deadline);
    const questions = attempt.questions as { id: string }[];
    // The shown id of each question's correct option, as only the database knows it.
    const correct = new Map(
      (db.prepare('SELECT question_id AS id, option_order AS orderJson FROM attempt_questions WHERE attempt_id = ?').all(attempt.id) as {
        id: string;
        orderJson: string;
      }[]).map(({ id, orderJson }) => [id, 'abcdef'[(JSON.parse(orderJson) as number[]).indexOf(0)]!]),
    );

    // Twenty slots 100 ms apart around the deadline, each firing one save at each server at once.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - 1000 - Date.now())));
    const saves = questions.map((question, i) =>
      new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - 1000 + Math.floor(i / 2) * 100 - Date.now()))).then(() =>
        call(i % 2 === 0 ? a.base : b.base, 'PUT', `/api/attempts/${attempt.id}/answers`, { token, json: { answers: { [question.id]: correct.get(question.id) } } }),
      ),
    );
    const replies = await Promise.all(saves);
    const accepted = questions.filter((_, i) => replies[i]!.status === 200).map((q) => q.id);
    const refused = replies.filter((r) => r.status !== 200);
    for (const reply of refused) expect(reply).toMatchObject({ status: 409, body: { error: { code: 'ATTEMPT_CLOSED' } } });
    expect(accepted.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);

    const rows = db.prepare('SELECT question_id AS id, saved_at AS savedAt FROM attempt_answers WHERE attempt_id = ? ORDER BY question_id').all(attempt.id) as {
      id: string;
      savedAt: string;
    }[];
    expect(rows.map((r) => r.id)).toEqual([...accepted].sort());
    for (const row of rows) expect(Date.parse(row.savedAt)).toBeLessThan(deadline);

    const submitted = await call(a.base, 'POST', `/api/attempts/${attempt.id}/submit`, { token, json: { prediction: 5 } });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', score: accepted.length, total: questionCount, submittedAt: new Date(deadline).toISOString() });
    console.log(`deadline race: ${accepted.length} saves answered 200 before the deadline, ${refused.length} answered 409 after it`);
    expectRecountMatches();
  }, 55_000);
});
