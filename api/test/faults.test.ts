/**
 * Storage faults answer 503 UNAVAILABLE with Retry-After (never 500), change nothing, and the
 * service recovers once the fault clears; SIGTERM lets requests in flight finish.
 */
import Database from 'better-sqlite3';
import { Agent, request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAdminToken } from '../src/db/admin.js';
import { commitGroup, openDatabase } from '../src/db/connection.js';
import { storageFault, STORAGE_RETRY_AFTER_SECONDS } from '../src/http/errors.js';
import { seedDemoContests } from '../src/seed/demo.js';
import { hashToken } from '../src/tokens.js';
import { expectError } from './admin-support.js';
import { call, killAll, participationAndRecount, startServer, tempDatabase, type Reply } from './server-process.js';
import { appEnv, OPEN, ORGANISER_TOKEN, person, register, snapshot, startAttempt, TestClock, type TestEnv } from './support.js';

afterEach(async () => {
  vi.restoreAllMocks();
  await killAll();
});

/** The app over a fresh database file, seeded like testEnv(), with group commit like the server. */
function fileEnv(): TestEnv {
  const clock = new TestClock(new Date('2026-11-28T03:00:00Z'));
  const db = openDatabase(tempDatabase('quiz-faults-'), { groupCommit: true });
  createAdminToken(db, hashToken(ORGANISER_TOKEN), 'Ban Tổ chức', 'organiser', clock.now());
  seedDemoContests(db, clock.now());
  commitGroup(db); // the seed's writes wait for the next turn of the event loop otherwise
  // The faults below are logged as they should be; keep the test output readable.
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  return appEnv(db, clock);
}

function expectUnavailable(response: { status: number; body: any; headers: Headers }) {
  expectError(response, 503, 'UNAVAILABLE');
  expect(response.headers.get('retry-after')).toBe(String(STORAGE_RETRY_AFTER_SECONDS));
}

function expectSound(env: TestEnv) {
  expect(env.db.pragma('integrity_check', { simple: true })).toBe('ok');
  const { stored, recount } = participationAndRecount(env.db);
  expect(stored).toEqual(recount);
}

describe('storage faults', () => {
  it('maps every storage error code to 503 UNAVAILABLE and nothing else', () => {
    const fault = (code: string) => storageFault(new Database.SqliteError('lỗi giả lập', code));
    for (const code of ['SQLITE_READONLY', 'SQLITE_READONLY_DBMOVED', 'SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_IOERR_FSYNC', 'SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_CANTOPEN']) {
      expect(fault(code)).toMatchObject({ code: 'UNAVAILABLE', status: 503, extra: { retryAfterSeconds: STORAGE_RETRY_AFTER_SECONDS } });
    }
    for (const code of ['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_ERROR', 'SQLITE_MISMATCH', 'SQLITE_FULLY_MADE_UP']) expect(fault(code)).toBeNull();
    expect(storageFault(new Error('plain'))).toBeNull();
    expect(storageFault(null)).toBeNull();
  });

  it('a read-only database refuses every write with 503, keeps serving reads, and recovers', async () => {
    const env = fileEnv();
    const { token } = await register(env, 1);
    const attempt = await startAttempt(env, token);
    const [first, second] = attempt.questions;
    expect((await env.call('PUT', `/api/attempts/${attempt.id}/answers`, { token, json: { answers: { [first!.id]: 'a' } } })).status).toBe(200);

    env.db.pragma('query_only = ON');
    const before = snapshot(env.db);
    expectUnavailable(await env.call('POST', `/api/contests/${OPEN}/contestants`, { json: person(2) }));
    expectUnavailable(await env.call('PUT', `/api/attempts/${attempt.id}/answers`, { token, json: { answers: { [second!.id]: 'b' } } }));
    expectUnavailable(await env.call('POST', `/api/attempts/${attempt.id}/submit`, { token, json: { prediction: 7 } }));
    expectUnavailable(await env.call('POST', `/api/contests/${OPEN}/sessions`, { json: { idNumber: person(1).idNumber, phone: person(1).phone, birthDate: person(1).birthDate } }));
    // Reads go on: the contest page, the leaderboard and the contestant's own view.
    expect((await env.call('GET', `/api/contests/${OPEN}`)).status).toBe(200);
    expect((await env.call('GET', `/api/contests/${OPEN}/leaderboard`)).status).toBe(200);
    expect((await env.call('GET', `/api/contests/${OPEN}/me`, { token })).status).toBe(200);
    expect(snapshot(env.db)).toBe(before);

    env.db.pragma('query_only = OFF');
    expect((await env.call('POST', `/api/contests/${OPEN}/contestants`, { json: person(2) })).status).toBe(201);
    expect((await env.call('PUT', `/api/attempts/${attempt.id}/answers`, { token, json: { answers: { [second!.id]: 'b' } } })).status).toBe(200);
    expect((await env.call('POST', `/api/attempts/${attempt.id}/submit`, { token, json: { prediction: 7 } })).body).toMatchObject({ status: 'submitted' });
    expectSound(env);
  });

  it('a full disk refuses writes with 503 and leaves no partial rows; raising the limit recovers', async () => {
    const env = fileEnv();
    const { token } = await register(env, 1);
    const attempt = await startAttempt(env, token);
    const pageCount = env.db.pragma('page_count', { simple: true }) as number;
    env.db.pragma(`max_page_count = ${pageCount + 2}`);

    let n = 100;
    let refused: { status: number; body: any; headers: Headers } | null = null;
    const registered: number[] = [];
    for (; n < 2000 && !refused; n++) {
      // Long names and e-mails fill pages quickly.
      const response = await env.call('POST', `/api/contests/${OPEN}/contestants`, { json: person(n, { email: `${'a'.repeat(60)}${n}@example.vn` }) });
      if (response.status === 201) registered.push(n);
      else refused = response;
    }
    expect(refused, 'the page limit was never reached').not.toBeNull();
    expectUnavailable(refused!);
    const refusedIdNumber = person(n - 1).idNumber;
    // The refused registration left neither a contestant nor a token behind.
    expect(env.db.prepare('SELECT COUNT(*) AS n FROM contestants WHERE id_number = ?').get(refusedIdNumber)).toEqual({ n: 0 });
    expect(env.db.prepare('SELECT COUNT(*) AS n FROM contestant_tokens t LEFT JOIN contestants c ON c.id = t.contestant_id WHERE c.id IS NULL').get()).toEqual({ n: 0 });
    expect(env.db.prepare('SELECT COUNT(*) AS n FROM contestants').get()).toEqual({ n: registered.length + 1 });
    // A submit that cannot be stored is refused whole: the attempt stays in progress, unscored.
    const before = snapshot(env.db);
    const submit = await env.call('POST', `/api/attempts/${attempt.id}/submit`, {
      token,
      json: { answers: Object.fromEntries(attempt.questions.map((q) => [q.id, 'a'])), prediction: 3 },
    });
    if (submit.status !== 200) {
      expectUnavailable(submit);
      expect(snapshot(env.db)).toBe(before);
    }

    env.db.pragma(`max_page_count = ${pageCount + 100_000}`);
    expect((await env.call('POST', `/api/contests/${OPEN}/contestants`, { json: person(n - 1) })).status).toBe(201);
    expect((await env.call('POST', `/api/attempts/${attempt.id}/submit`, { token, json: { prediction: 3 } })).body).toMatchObject({ status: 'submitted' });
    expectSound(env);
    expect(env.db.prepare(`SELECT COUNT(*) AS n FROM attempts WHERE status = 'submitted' AND (score IS NULL OR submitted_at IS NULL OR duration_ms IS NULL)`).get()).toEqual({ n: 0 });
  });

  it('a failed group commit answers 503 to every request in the group and keeps none of their writes', async () => {
    const env = fileEnv();
    const people = [await register(env, 1), await register(env, 2), await register(env, 3)];
    const attempts: Awaited<ReturnType<typeof startAttempt>>[] = [];
    for (const { token } of people) attempts.push(await startAttempt(env, token));
    const writes = () => [
      ...attempts.map((attempt, i) =>
        env.call('PUT', `/api/attempts/${attempt.id}/answers`, { token: people[i]!.token, json: { answers: { [attempt.questions[0]!.id]: 'a' } } }),
      ),
      env.call('POST', `/api/contests/${OPEN}/contestants`, { json: person(9) }),
    ];
    const exec = env.db.exec.bind(env.db);
    let commits = 0;
    let fsyncFails = true;
    vi.spyOn(env.db, 'exec').mockImplementation((source: string) => {
      if (source === 'COMMIT') {
        commits++;
        if (fsyncFails) throw new Database.SqliteError('ghi xuống đĩa thất bại (giả lập)', 'SQLITE_IOERR_FSYNC');
      }
      return exec(source);
    });

    const contestants = () => (env.db.prepare('SELECT COUNT(*) AS n FROM contestants').get() as { n: number }).n;
    const answers = () => attempts.map((attempt) => env.db.prepare('SELECT COUNT(*) AS n FROM attempt_answers WHERE attempt_id = ?').get(attempt.id));
    const registered = contestants();
    const before = snapshot(env.db);
    const refused = await Promise.all(writes());
    for (const reply of refused) expectUnavailable(reply);
    expect(commits, 'the four writes shared a commit').toBeLessThan(refused.length);
    expect(snapshot(env.db)).toBe(before);

    fsyncFails = false;
    commits = 0;
    const accepted = await Promise.all(writes());
    expect(accepted.map((reply) => reply.status)).toEqual([200, 200, 200, 201]);
    expect(commits).toBeLessThan(accepted.length);
    expect(contestants()).toBe(registered + 1);
    expect(answers()).toEqual([{ n: 1 }, { n: 1 }, { n: 1 }]);
    expectSound(env);
  });

  it('a database locked by another writer answers 503 once the busy timeout runs out, then recovers', async () => {
    const env = fileEnv();
    env.db.pragma('busy_timeout = 100');
    const other = new Database(env.db.name);
    other.prepare('BEGIN IMMEDIATE').run();
    try {
      expectUnavailable(await env.call('POST', `/api/contests/${OPEN}/contestants`, { json: person(1) }));
    } finally {
      other.prepare('ROLLBACK').run();
      other.close();
    }
    expect((await env.call('POST', `/api/contests/${OPEN}/contestants`, { json: person(1) })).status).toBe(201);
    expectSound(env);
  });
});

/**
 * A JSON request through a keep-alive agent, so it travels on a connection the server already
 * accepted. `gapMs` sends the body in two halves that far apart: in flight for that long.
 * `written` resolves once the first bytes are on the wire.
 */
function send(agent: Agent, base: string, method: string, path: string, options: { json?: unknown; token?: string; gapMs?: number } = {}) {
  const text = Buffer.from(options.json === undefined ? '' : JSON.stringify(options.json));
  let markWritten!: () => void;
  const written = new Promise<void>((resolve) => (markWritten = resolve));
  const reply = new Promise<Reply>((resolve, reject) => {
    const headers: Record<string, string | number> = { 'content-length': text.length };
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const req = httpRequest(`${base}${path}`, { method, headers, agent }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (data += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: data ? JSON.parse(data) : null, headers: new Headers() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    const head = options.gapMs ? text.subarray(0, 10) : text;
    req.write(head, () => markWritten());
    if (options.gapMs) setTimeout(() => req.end(text.subarray(10)), options.gapMs);
    else req.end();
  });
  return { written, reply };
}

describe('SIGTERM', () => {
  it('lets every request sent before the signal finish, then exits 0 with a sound database', async () => {
    const databasePath = tempDatabase('quiz-drain-');
    const server = await startServer(databasePath);
    const people = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const { token } = (await call(server.base, 'POST', `/api/contests/${OPEN}/contestants`, { json: person(i + 1) })).body;
        const attempt = (await call(server.base, 'POST', `/api/contests/${OPEN}/attempts`, { token })).body;
        return { token, attempt };
      }),
    );

    // Connections the server has accepted, as a browser or a proxy holds them.
    const agent = new Agent({ keepAlive: true, maxSockets: 60 });
    await Promise.all(Array.from({ length: 54 }, () => send(agent, server.base, 'GET', '/api/health').reply));
    // Four requests whose bodies are still arriving when the signal comes: surely in flight.
    const slow = Array.from({ length: 4 }, (_, i) => send(agent, server.base, 'POST', `/api/contests/${OPEN}/contestants`, { json: person(500 + i), gapMs: 400 }));
    const fast = [
      ...people.map(({ token, attempt }) =>
        send(agent, server.base, 'POST', `/api/attempts/${attempt.id}/submit`, { token, json: { answers: { [attempt.questions[0].id]: 'a' }, prediction: 9 } }),
      ),
      ...Array.from({ length: 30 }, (_, i) => send(agent, server.base, 'POST', `/api/contests/${OPEN}/contestants`, { json: person(100 + i) })),
    ];
    await Promise.all([...slow, ...fast].map((r) => r.written));
    server.child.kill('SIGTERM');

    const replies = await Promise.all([...slow, ...fast].map((r) => r.reply));
    agent.destroy();
    expect(replies.map((r) => r.status)).toEqual([...Array(4).fill(201), ...Array(20).fill(200), ...Array(30).fill(201)]);
    expect(await server.exited, server.output()).toEqual({ code: 0, signal: null });
    expect(server.output()).toContain('Đã dừng máy chủ an toàn');

    const db = new Database(databasePath);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare(`SELECT COUNT(*) AS n FROM attempts WHERE status = 'submitted'`).get()).toEqual({ n: 20 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM contestants').get()).toEqual({ n: 54 });
    const { stored, recount } = participationAndRecount(db);
    expect(stored).toEqual(recount);
    db.close();
  }, 30_000);
});
