/**
 * The server on PostgreSQL (decision 0045): three node processes on one database behind a
 * round-robin proxy, as docs/deploy.md runs them. They start at once on an empty database (the
 * schema, the first organiser code and the demo contests made once), serve the contestant's
 * journey, keep the races of races.test.ts to one winner across processes, lose nothing
 * acknowledged when one is killed, and answer 503 while PostgreSQL refuses connections.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTGRES_MIGRATIONS } from '../src/store/postgres/schema.js';
import { hashToken } from '../src/tokens.js';
import { freshPostgresDatabase, withAdmin, type FreshDatabase } from './postgres.js';
import { roundRobinProxy, type RoundRobinProxy } from '../src/round-robin-proxy.js';
import { call, killAll, killServer, startServer, tempDatabase, type Reply, type ServerProcess } from './server-process.js';
import { person } from './support.js';
import { startReceiver } from './webhooks-support.js';

const OPEN = 'de-an-06-thai-binh';
const CHALLENGE_KEY = 'k'.repeat(64);
const PARALLEL = 12;
const NODES = 3;

let database: FreshDatabase;
let nodes: ServerProcess[] = [];
let sqlitePaths: string[] = [];
let proxy: RoundRobinProxy;
/** The first organiser code, as the one node that made it printed it. */
let organiserCode: string;

const nodeEnv = () => ({ DATABASE_URL: database.url, CHALLENGE_KEY, DATABASE_POOL_SIZE: '4', WEBHOOKS_ALLOW_LOOPBACK: '1' });

beforeAll(async () => {
  // Not migrated: the nodes starting at once must migrate it once between them.
  database = await freshPostgresDatabase('nodes', { migrated: false });
  sqlitePaths = Array.from({ length: NODES }, () => tempDatabase('quiz-pg-node-'));
  nodes = await Promise.all(sqlitePaths.map((path) => startServer(path, nodeEnv())));
  proxy = await roundRobinProxy(nodes.map((node) => node.base));
}, 60_000);

afterAll(async () => {
  await proxy?.close();
  await killAll();
  await database?.drop();
});

const count = async (sql: string, params: unknown[] = []) => (await database.pool.query<{ n: number }>(sql, params)).rows[0]!.n;

/** The error bodies among replies, for a short failure message. */
const errorsOf = (replies: Reply[]) => JSON.stringify(replies.filter((r) => r.body?.error).map((r) => [r.status, r.body.error.code]));

/** `count` requests at once through the proxy: consecutive ones meet different nodes. */
function fireThroughProxy(count: number, send: (base: string, i: number) => Promise<Reply>): Promise<Reply[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => send(proxy.base, i)));
}

async function registered(n: number) {
  const reply = await call(proxy.base, 'POST', `/api/contests/${OPEN}/contestants`, { json: person(n) });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body as { contestant: { id: string }; token: string };
}

describe('three nodes starting at once on an empty PostgreSQL database', () => {
  it('migrate it once, make one first organiser code (printed by one node) and the demo contests once, and create no SQLite file', async () => {
    expect(await count('SELECT COUNT(*) AS n FROM schema_migrations')).toBe(POSTGRES_MIGRATIONS.length);
    const printing = nodes.filter((node) => node.output().includes('chỉ in một lần này'));
    expect(printing, nodes.map((node) => node.output()).join('\n---\n')).toHaveLength(1);
    organiserCode = /chỉ in một lần này[^\n]*\n\s+(\S+)/.exec(printing[0]!.output())![1]!;
    expect((await database.pool.query('SELECT token_hash, role FROM admin_tokens')).rows).toEqual([{ token_hash: hashToken(organiserCode), role: 'organiser' }]);
    expect(nodes.filter((node) => node.output().includes('Đã tạo cuộc thi mẫu'))).toHaveLength(1);
    expect((await database.pool.query('SELECT slug FROM contests ORDER BY slug')).rows).toEqual([{ slug: 'de-an-06-thai-binh' }, { slug: 'thai-binh-2023' }]);
    for (const node of nodes) expect(node.output()).toMatch(/cơ sở dữ liệu PostgreSQL 127\.0\.0\.1:5432\/quiz_test_nodes_/);
    for (const path of sqlitePaths) expect(existsSync(path)).toBe(false);
  });

  it('answer a round of the contest as the SQLite server does: an unknown round is 404, not 501', async () => {
    const reply = await call(proxy.base, 'GET', `/api/contests/${OPEN}/rounds/khong-co/leaderboard`);
    expect(reply.status).toBe(404);
    expect(reply.body.error.message).toBe('Không tìm thấy vòng thi');
  });

  it('answer an organiser route not on PostgreSQL yet with 501 and a Vietnamese message, on every node', async () => {
    for (let i = 0; i < NODES; i++) {
      const reply = await call(proxy.base, 'GET', `/api/admin/contests/${OPEN}/contestants/search?q=Nguyen`);
      expect(reply.status, JSON.stringify(reply.body)).toBe(501);
      expect(reply.body.error.code).toBe('NOT_IMPLEMENTED');
      expect(reply.body.error.message).toMatch(/chưa chạy được khi máy chủ dùng PostgreSQL/);
    }
  });
});

describe('webhooks with three nodes', () => {
  it('an endpoint registered through one node gets each registration once, whichever node took it and whichever worker sent it', async () => {
    const host = await startReceiver();
    try {
      const created = await call(proxy.base, 'POST', `/api/admin/contests/${OPEN}/webhooks`, {
        token: organiserCode,
        json: { url: host.url, events: ['contestant.registered'] },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const people = await fireThroughProxy(PARALLEL, (base, i) => call(base, 'POST', `/api/contests/${OPEN}/contestants`, { json: person(700 + i) }));
      expect(people.map((r) => r.status)).toEqual(Array(PARALLEL).fill(201));
      await host.waitFor(PARALLEL);
      // Every delivery recorded as delivered: none is claimed or in flight any more, so none can arrive twice.
      const delivered = () => count(`SELECT COUNT(*) AS n FROM webhook_deliveries WHERE endpoint_id = $1 AND status = 'delivered'`, [created.body.id]);
      while ((await delivered()) < PARALLEL) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(host.received).toHaveLength(PARALLEL);
      const ids = host.received.map((r) => (JSON.parse(r.body) as { data: { contestantId: string } }).data.contestantId);
      expect(new Set(ids)).toEqual(new Set(people.map((r) => r.body.contestant.id)));
    } finally {
      await host.close();
    }
  });
});

describe('the contestant journey through the proxy', () => {
  it('registers on one node, starts on the next, saves on the third, reads it back anywhere and submits once', async () => {
    const { token } = await registered(500);
    const started = await call(proxy.base, 'POST', `/api/contests/${OPEN}/attempts`, { token });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const attempt = started.body as { id: string; questions: { id: string; options: { id: string }[] }[] };
    const answers = Object.fromEntries(attempt.questions.slice(0, 5).map((q) => [q.id, q.options[1]!.id]));
    expect((await call(proxy.base, 'PUT', `/api/attempts/${attempt.id}/answers`, { token, json: { answers } })).status).toBe(200);
    for (let i = 0; i < NODES; i++) {
      const read = await call(proxy.base, 'GET', `/api/attempts/${attempt.id}`, { token });
      expect(read.status).toBe(200);
      expect(read.body.answers).toEqual(answers);
    }
    const submitted = await call(proxy.base, 'POST', `/api/attempts/${attempt.id}/submit`, { token, json: { prediction: 7 } });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body.status).toBe('submitted');
    const again = await call(proxy.base, 'GET', `/api/attempts/${attempt.id}`, { token });
    expect(again.body).toMatchObject({ status: 'submitted', score: submitted.body.score });
    // Someone else's token reads nothing of it.
    const stranger = await registered(501);
    expect((await call(proxy.base, 'GET', `/api/attempts/${attempt.id}`, { token: stranger.token })).status).toBe(404);
    // Their own data, downloaded from whichever node.
    const mine = await call(proxy.base, 'GET', `/api/contests/${OPEN}/me/data`, { token });
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    expect(JSON.stringify(mine.body)).toContain(person(500).idNumber);
    expect(JSON.stringify(mine.body)).not.toContain(person(501).idNumber);
  });

  it('serves the organisers’ figures and a dry run of the prizes with the first code, and refuses them without it', async () => {
    expect((await call(proxy.base, 'GET', `/api/admin/contests/${OPEN}/stats`)).status).toBe(401);
    const stats = await call(proxy.base, 'GET', `/api/admin/contests/${OPEN}/stats`, { token: organiserCode });
    expect(stats.status, JSON.stringify(stats.body)).toBe(200);
    expect(stats.body.totals.participants).toBeGreaterThanOrEqual(1);
    const dryRun = await call(proxy.base, 'POST', `/api/admin/contests/${OPEN}/results`, { token: organiserCode, json: {} });
    expect(dryRun.status, JSON.stringify(dryRun.body)).toBe(200);
    expect(dryRun.body.published).toBe(false);
    expect(dryRun.body.individual.length).toBeGreaterThanOrEqual(1);
  });
});

describe('races across three processes', () => {
  it('one ID number registered on all three at once: exactly one 201, the rest 409 ALREADY_REGISTERED, one row', async () => {
    for (let round = 0; round < 4; round++) {
      const n = 1000 + round;
      const replies = await fireThroughProxy(PARALLEL, (base) => call(base, 'POST', `/api/contests/${OPEN}/contestants`, { json: person(n) }));
      expect(replies.map((r) => r.status).sort(), errorsOf(replies)).toEqual([201, ...Array(PARALLEL - 1).fill(409)]);
      for (const reply of replies.filter((r) => r.status === 409)) expect(reply.body.error.code).toBe('ALREADY_REGISTERED');
      const winner = replies.find((r) => r.status === 201)!.body;
      const rows = await database.pool.query('SELECT id FROM contestants WHERE contest_slug = $1 AND id_number = $2', [OPEN, person(n).idNumber]);
      expect(rows.rows).toEqual([{ id: winner.contestant.id }]);
    }
  }, 30_000);

  it('parallel starts of one contestant on all three: one attempt, every answer names it', async () => {
    for (let round = 0; round < 4; round++) {
      const { contestant, token } = await registered(2000 + round);
      const replies = await fireThroughProxy(PARALLEL, (base) => call(base, 'POST', `/api/contests/${OPEN}/attempts`, { token }));
      expect(replies.map((r) => r.status).sort(), errorsOf(replies)).toEqual([...Array(PARALLEL - 1).fill(200), 201]);
      expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
      const attempts = await database.pool.query('SELECT id, status FROM attempts WHERE contestant_id = $1', [contestant.id]);
      expect(attempts.rows).toEqual([{ id: replies[0]!.body.id, status: 'inProgress' }]);
    }
  }, 30_000);

  it('a double submit across nodes: one submission, the same result for everyone, counted once', async () => {
    for (let round = 0; round < 4; round++) {
      const { contestant, token } = await registered(3000 + round);
      const attempt = (await call(proxy.base, 'POST', `/api/contests/${OPEN}/attempts`, { token })).body;
      const [first, second] = attempt.questions as { id: string; options: { id: string }[] }[];
      expect((await call(proxy.base, 'PUT', `/api/attempts/${attempt.id}/answers`, { token, json: { answers: { [first!.id]: first!.options[0]!.id } } })).status).toBe(200);
      const replies = await fireThroughProxy(PARALLEL, (base) =>
        call(base, 'POST', `/api/attempts/${attempt.id}/submit`, { token, json: { answers: { [second!.id]: second!.options[1]!.id }, prediction: 1234 } }),
      );
      expect(replies.map((r) => r.status), errorsOf(replies)).toEqual(Array(PARALLEL).fill(200));
      const results = replies.map(({ body }) => JSON.stringify([body.id, body.status, body.score, body.total, body.durationMs, body.submittedAt]));
      expect(new Set(results).size).toBe(1);
      const rows = await database.pool.query('SELECT status, score, prediction FROM attempts WHERE contestant_id = $1', [contestant.id]);
      expect(rows.rows).toEqual([{ status: 'submitted', score: replies[0]!.body.score, prediction: 1234 }]);
      expect(await count('SELECT attempts AS n FROM participation WHERE contestant_id = $1', [contestant.id])).toBe(1);
    }
  }, 30_000);
});

describe('proof of work across nodes', () => {
  /** Two more nodes on the same database with the challenge on, as in production (a difficulty solvable here at once). */
  let guarded: ServerProcess[] = [];
  beforeAll(async () => {
    const env = { ...nodeEnv(), ATTEMPT_CHALLENGE: 'on', CHALLENGE_MAX_NUMBER: '2000' };
    guarded = [await startServer(tempDatabase('quiz-pg-pow-'), env), await startServer(tempDatabase('quiz-pg-pow-'), env)];
  }, 60_000);

  async function solved(base: string) {
    const { body } = await call(base, 'GET', `/api/contests/${OPEN}/challenge`);
    for (let number = 0; number <= body.maxnumber; number++) {
      if (createHash('sha256').update(body.salt + number).digest('hex') === body.challenge) {
        return { algorithm: body.algorithm, challenge: body.challenge, number, salt: body.salt, signature: body.signature };
      }
    }
    throw new Error('unsolvable challenge');
  }

  it('a solution from one node starts one attempt on another, and is refused everywhere after, even when fired at both at once', async () => {
    const [a, b] = [guarded[0]!, guarded[1]!];
    // Signed by A, checked by B: one CHALLENGE_KEY for every node.
    const solution = await solved(a.base);
    const first = await registered(7000);
    const started = await call(b.base, 'POST', `/api/contests/${OPEN}/attempts`, { token: first.token, json: { challenge: solution } });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const others = await Promise.all([7001, 7002, 7003, 7004].map((n) => registered(n)));
    const replays = await Promise.all(
      others.map(({ token }, i) => call(i % 2 === 0 ? a.base : b.base, 'POST', `/api/contests/${OPEN}/attempts`, { token, json: { challenge: solution } })),
    );
    for (const reply of replays) {
      expect(reply.status, JSON.stringify(reply.body)).toBe(400);
      expect(reply.body.error.fields).toEqual({ challenge: expect.stringMatching(/đã được dùng/) });
    }
    // A fresh solution fired by six people at both nodes at once: exactly one attempt.
    const fresh = await solved(b.base);
    const racers = await Promise.all([7100, 7101, 7102, 7103, 7104, 7105].map((n) => registered(n)));
    const raced = await Promise.all(
      racers.map(({ token }, i) => call(i % 2 === 0 ? a.base : b.base, 'POST', `/api/contests/${OPEN}/attempts`, { token, json: { challenge: fresh } })),
    );
    expect(raced.map((r) => r.status).sort(), errorsOf(raced)).toEqual([201, 400, 400, 400, 400, 400]);
    const ids = racers.map((r) => r.contestant.id);
    expect(await count('SELECT COUNT(*) AS n FROM attempts WHERE contestant_id = ANY($1)', [ids])).toBe(1);
  }, 30_000);
});

describe('failures', () => {
  it('kill -9 of one node under load: every save another node or the killed one acknowledged is stored', async () => {
    const people = await Promise.all(Array.from({ length: 6 }, (_, i) => registered(5000 + i)));
    const attempts = await Promise.all(
      people.map(async ({ token }) => ({ token, attempt: (await call(nodes[0]!.base, 'POST', `/api/contests/${OPEN}/attempts`, { token })).body })),
    );
    const victim = nodes[2]!;
    /** question id → shown option id, for every save answered 200. */
    const acknowledged = new Map<string, { attemptId: string; option: string }>();
    let stop = false;
    const writers = attempts.map(async ({ token, attempt }, person) => {
      const questions = attempt.questions as { id: string; options: { id: string }[] }[];
      for (let i = 0; !stop || i < 3; i++) {
        const question = questions[i % questions.length]!;
        const option = question.options[(i + person) % question.options.length]!.id;
        const node = nodes[i % NODES]!;
        try {
          const reply = await call(node.base, 'PUT', `/api/attempts/${attempt.id}/answers`, { token, json: { answers: { [question.id]: option } } });
          if (reply.status === 200) acknowledged.set(`${attempt.id}/${question.id}`, { attemptId: attempt.id, option });
        } catch {
          // the killed node's connection died: not acknowledged, so nothing is owed
        }
        if (i > 400) break;
      }
    });
    // Kill once the writers are well under way.
    while (acknowledged.size < 30) await new Promise((resolve) => setTimeout(resolve, 10));
    await killServer(victim);
    stop = true;
    await Promise.all(writers);
    const stored = await database.pool.query<{ attempt_id: string; question_id: string; option_index: number }>(
      'SELECT attempt_id, question_id, option_index FROM attempt_answers WHERE attempt_id = ANY($1)',
      [attempts.map((a) => a.attempt.id)],
    );
    const storedKeys = new Set(stored.rows.map((row) => `${row.attempt_id}/${row.question_id}`));
    for (const key of acknowledged.keys()) expect(storedKeys.has(key), key).toBe(true);
    // And what a survivor answers is the last acknowledged value of each question.
    for (const { token, attempt } of attempts) {
      const read = await call(nodes[0]!.base, 'GET', `/api/attempts/${attempt.id}`, { token });
      for (const [key, value] of acknowledged) if (value.attemptId === attempt.id) expect(read.body.answers[key.split('/')[1]!]).toBeDefined();
    }
    // Back on another port: the proxy is started again over the nodes as they are now.
    nodes[2] = await startServer(sqlitePaths[2]!, nodeEnv());
    await proxy.close();
    proxy = await roundRobinProxy(nodes.map((node) => node.base));
  }, 60_000);

  it('PostgreSQL ending the connection of a request in flight answers 503 with Retry-After; the next request succeeds', async () => {
    const { token } = await registered(6000);
    // Hold the contestants' rows so the node's start waits inside PostgreSQL, then end its connection there.
    const holder = await database.pool.connect();
    let refused: Promise<Reply>;
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE contestants IN ACCESS EXCLUSIVE MODE');
      refused = call(nodes[1]!.base, 'POST', `/api/contests/${OPEN}/attempts`, { token });
      const waiting = async () =>
        count(
          `SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND application_name LIKE 'de-an-06-quiz%'`,
          [database.name],
        );
      while ((await waiting()) === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      await withAdmin((admin) =>
        admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name LIKE 'de-an-06-quiz%'`, [database.name]),
      );
      const reply = await refused;
      expect(reply.status, JSON.stringify(reply.body)).toBe(503);
      expect(reply.body.error.code).toBe('UNAVAILABLE');
      expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
    const started = await call(nodes[1]!.base, 'POST', `/api/contests/${OPEN}/attempts`, { token });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
  }, 30_000);
});
