/**
 * The PostgreSQL store with several nodes writing at once (decision 0042): each node is a store on
 * a pool of its own, all on one database. The outcomes must be those of one node taking the
 * requests one after another: one registration per ID number, one attempt in progress per
 * contestant, one result per attempt. Nothing here waits for time: the calls are simply started
 * together and awaited.
 */
import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configFromEnv } from '../src/config.js';
import { postgresStore } from '../src/store/postgres/index.js';
import { createPool } from '../src/store/postgres/pool.js';
import type { Client, Contestant, JourneyStore } from '../src/store/store.js';
import { freshPostgresDatabase, type FreshDatabase } from './postgres.js';
import { resetAndSeed } from './postgres-store.js';
import { optionIdAt } from '../src/domain/option-ids.js';
import { OPEN, person, seededRandom, TestClock } from './support.js';

const NODES = 4;
const config = configFromEnv({ RATE_LIMIT: 'off', ATTEMPT_CHALLENGE: 'off' });
const client: Client = { ip: '203.0.113.9', userAgent: 'race-test', origin: undefined };
const body =
  <T>(value: T) =>
  async () =>
    value;

let database: FreshDatabase | undefined;
const pools: pg.Pool[] = [];
let nodes: ReturnType<typeof postgresStore>[] = [];
const clock = new TestClock(new Date('2026-11-28T03:00:00Z'));

beforeAll(async () => {
  database = await freshPostgresDatabase('races');
  for (let i = 0; i < NODES; i++) pools.push(createPool({ url: database.url, poolSize: 3, applicationName: `race node ${i}` }));
  nodes = pools.map((pool, i) => postgresStore({ pool, clock: clock.now, random: seededRandom(i + 1), config }));
});

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
  await database?.drop();
});

beforeEach(async () => {
  await resetAndSeed(database!.pool, clock.now());
});

async function registered(store: JourneyStore, n: number): Promise<Contestant> {
  const outcome = await store.contestants.register(OPEN, body(person(n)), client);
  if (outcome.kind !== 'registered') throw new Error(`registration refused: ${JSON.stringify(outcome)}`);
  return outcome.contestant;
}

async function count(sql: string, values: unknown[] = []): Promise<number> {
  return Number((await database!.pool.query<{ n: number }>(sql, values)).rows[0]!.n);
}

/**
 * Runs the calls `run` starts with `table` locked (ACCESS EXCLUSIVE) from another connection, and
 * lets them go only once `waiting` backends of the database wait on a lock: on the table, or on a
 * row another of them holds. So they meet inside their transactions, however the machine schedules
 * them, instead of running one after another by chance.
 */
async function together<T>(table: string, waiting: number, run: () => Promise<T>[]): Promise<T[]> {
  const gate = await database!.pool.connect();
  try {
    await gate.query('BEGIN');
    await gate.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
    let settled = 0;
    const calls = run().map((call) => call.finally(() => settled++));
    const waiters = () =>
      count(
        `SELECT COUNT(DISTINCT l.pid) AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE NOT l.granted AND a.datname = current_database()`,
      );
    // A call that ended (refused, failed) before reaching the gate stops the wait; the test then fails on its outcome.
    while (settled === 0 && (await waiters()) < waiting) await new Promise((resolve) => setTimeout(resolve, 5));
    await gate.query('COMMIT');
    return await Promise.all(calls);
  } finally {
    gate.release();
  }
}

describe('PostgreSQL store: several nodes at once', () => {
  it('registers one ID number once: every other registration of it is a duplicate', async () => {
    const tries = 3;
    const outcomes = await together('contestants', NODES * tries, () =>
      nodes.flatMap((node) => Array.from({ length: tries }, () => node.contestants.register(OPEN, body(person(1)), client))),
    );
    expect(outcomes.filter((o) => o.kind === 'registered')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'duplicate')).toHaveLength(NODES * tries - 1);
    expect(await count('SELECT COUNT(*) AS n FROM contestants')).toBe(1);
    expect(await count('SELECT COUNT(*) AS n FROM contestant_tokens')).toBe(1);
    // The maintained count of registrations (a trigger on contestants) counts the one row.
    expect(await count(`SELECT participants AS n FROM contest_figures WHERE contest_slug = $1 AND dimension = 'registered'`, [OPEN])).toBe(1);
  });

  it('starts one attempt for parallel starts of one contestant: the others resume it', async () => {
    const contestant = await registered(nodes[0]!, 1);
    const outcomes = await together('attempts', NODES * 2, () =>
      nodes.flatMap((node) => [node.attempts.start(contestant, OPEN, body(undefined), client), node.attempts.start(contestant, OPEN, body(undefined), client)]),
    );
    const started = outcomes.flatMap((o) => (o.kind === 'started' ? [o.attempt.id] : []));
    const resumed = outcomes.flatMap((o) => (o.kind === 'resumed' ? [o.attempt.id] : []));
    expect(started).toHaveLength(1);
    expect(resumed).toHaveLength(outcomes.length - 1);
    expect(new Set(resumed)).toEqual(new Set(started));
    expect(await count('SELECT COUNT(*) AS n FROM attempts WHERE contestant_id = $1', [contestant.id])).toBe(1);
  });

  it('submits an attempt once for parallel submits: one result, the same score for every caller', async () => {
    const contestant = await registered(nodes[0]!, 1);
    const start = await nodes[0]!.attempts.start(contestant, OPEN, body(undefined), client);
    if (start.kind !== 'started') throw new Error(`start refused: ${start.kind}`);
    const { attempt, questions } = start;
    // Each node submits another answer to the first question and another prediction: only the first written counts.
    const outcomes = await together('attempt_answers', NODES, () =>
      nodes.map((node, i) =>
        node.attempts.submit(contestant.id, attempt.id, body({ answers: { [questions[0]!.questionId]: 'abcd'[i % 4]! }, prediction: 100 + i })),
      ),
    );
    const results = outcomes.map((o) => (o.kind === 'submitted' || o.kind === 'received' ? o : null));
    expect(results.every((r) => r !== null)).toBe(true);
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    const result = results[0]!.attempt;
    expect(result.status).toBe('submitted');
    const stored = await database!.pool.query('SELECT status, score, prediction, submitted_at FROM attempts WHERE id = $1', [attempt.id]);
    expect(stored.rows).toEqual([{ status: 'submitted', score: result.score, prediction: result.prediction, submitted_at: result.submittedAt }]);
    // One submission in the figures: one counting attempt, one standing.
    expect(await count('SELECT attempts AS n FROM participation WHERE contestant_id = $1', [contestant.id])).toBe(1);
    expect(await count('SELECT COALESCE(SUM(attempts), 0) AS n FROM unit_participation WHERE contest_slug = $1', [OPEN])).toBe(1);
    expect(await count('SELECT COUNT(*) AS n FROM standings WHERE contestant_id = $1', [contestant.id])).toBe(1);
  });

  it('publishes the results once for parallel publications without `replace`: the other is refused', async () => {
    // A host site subscribed to the publication: its outbox row is written with it.
    await database!.pool.query(
      `INSERT INTO webhook_endpoints (id, contest_slug, url, events, secret, created_at, created_by) VALUES ('hook-1', $1, 'https://example.vn/hook', '["results.published"]', 'secret', $2, 'test')`,
      [OPEN, clock.now().toISOString()],
    );
    const contestant = await registered(nodes[0]!, 1);
    const start = await nodes[0]!.attempts.start(contestant, OPEN, body(undefined), client);
    if (start.kind !== 'started') throw new Error(`start refused: ${start.kind}`);
    const answers = Object.fromEntries(start.questions.slice(0, 10).map((q) => [q.questionId, optionIdAt(q.optionOrder.indexOf(q.answer))]));
    clock.advance(5 * 60_000);
    expect((await nodes[0]!.attempts.submit(contestant.id, start.attempt.id, body({ answers, prediction: 10 }))).kind).toBe('submitted');
    const request = { publish: true, replace: false, acknowledgeFlags: false, by: 'Ban Tổ chức' };
    // Both publications meet at the read of what was published, inside their transactions.
    const outcomes = await together('results', 2, () => [nodes[0]!.results.compute(OPEN, null, request), nodes[1]!.results.compute(OPEN, null, request)]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['alreadyPublished', 'published']);
    const published = outcomes.find((o) => o.kind === 'published')!;
    expect(await count('SELECT COUNT(*) AS n FROM results WHERE contest_slug = $1', [OPEN])).toBe(1);
    const stored = await database!.pool.query('SELECT published_at AS "publishedAt", payload FROM results WHERE contest_slug = $1', [OPEN]);
    expect(stored.rows[0].publishedAt).toBe(published.kind === 'published' ? published.publishedAt : null);
    expect(JSON.parse(stored.rows[0].payload).individual.map((w: { contestantId: string }) => w.contestantId)).toEqual([contestant.id]);
    expect(await count(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'results.publish' AND target = $1`, [OPEN])).toBe(1);
    expect(await count(`SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'results.%'`)).toBe(1);
    expect(await count(`SELECT COUNT(*) AS n FROM webhook_deliveries WHERE type = 'results.published'`)).toBe(1);
  });

  it('counts every failed sign-in of one ID number, whichever node takes it', async () => {
    await registered(nodes[0]!, 1);
    const { idNumber, phone } = person(1);
    const outcomes = await together('sign_in_failures', NODES, () =>
      nodes.map((node) => node.contestants.signIn(OPEN, body({ idNumber, phone, birthDate: '1999-12-31' }))),
    );
    expect(outcomes.map((o) => (o.kind === 'mismatch' ? o.failures : o.kind)).sort()).toEqual(Array.from({ length: NODES }, (_, i) => i + 1));
    expect(await count('SELECT failures AS n FROM sign_in_failures')).toBe(NODES);
  });
});
