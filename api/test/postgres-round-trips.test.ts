/**
 * What one contestant's write costs the PostgreSQL store in round trips to the server (decision
 * 0046): every query a connection of the pool sends, BEGIN and COMMIT included, counted by
 * wrapping the connections' `query`. On a machine whose cores PostgreSQL and the nodes share, each
 * round trip costs CPU on both sides, so these bounds stand in for a throughput figure that a
 * shared machine cannot give reliably (BENCHMARKS.md, "PostgreSQL: cùng hành trình…").
 */
import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { optionIdAt } from '../src/domain/option-ids.js';
import { postgresStore } from '../src/store/postgres/index.js';
import { createPool } from '../src/store/postgres/pool.js';
import type { Client, Contestant, PortableStore, Start } from '../src/store/store.js';
import { freshPostgresDatabase, type FreshDatabase } from './postgres.js';
import { resetAndSeed, STORE_CONFIG, STORE_START } from './postgres-store.js';
import { OPEN, person, seededRandom, TestClock } from './support.js';

const client: Client = { ip: '203.0.113.8', userAgent: 'round-trip-test', origin: undefined };
const body =
  <T>(value: T) =>
  async () =>
    value;

let database: FreshDatabase | undefined;
let pool: pg.Pool | undefined;
let store: PortableStore;
const clock = new TestClock(STORE_START);
/** Queries sent by the store's connections since the last `counted`. */
let sent: string[] = [];

beforeAll(async () => {
  database = await freshPostgresDatabase('round_trips');
  pool = createPool({ url: database.url, poolSize: 2, applicationName: 'round-trip test' });
  // Every connection of this pool, on its first checkout: pool.query goes through it too.
  pool.on('connect', (connection) => {
    const query = connection.query.bind(connection) as (...args: unknown[]) => unknown;
    (connection as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const first = args[0];
      sent.push(typeof first === 'string' ? first : String((first as { text?: string }).text));
      return query(...args);
    };
  });
  store = postgresStore({ pool, clock: clock.now, random: seededRandom(), config: STORE_CONFIG });
});

afterAll(async () => {
  await pool?.end();
  await database?.drop();
});

beforeEach(async () => {
  await resetAndSeed(database!.pool, clock.now());
});

/** The round trips `call` makes, and what it answered. */
async function counted<T>(call: () => Promise<T>): Promise<{ trips: number; outcome: T; queries: string[] }> {
  sent = [];
  const outcome = await call();
  const queries = sent;
  sent = [];
  return { trips: queries.length, outcome, queries };
}

async function registered(n: number): Promise<{ contestant: Contestant; token: string }> {
  const outcome = await store.contestants.register(OPEN, body(person(n)), client);
  if (outcome.kind !== 'registered') throw new Error(`registration refused: ${JSON.stringify(outcome)}`);
  return { contestant: outcome.contestant, token: outcome.token };
}

async function started(contestant: Contestant): Promise<Extract<Start, { kind: 'started' }>> {
  const outcome = await store.attempts.start(contestant, OPEN, body(undefined), client);
  if (outcome.kind !== 'started') throw new Error(`start refused: ${JSON.stringify(outcome)}`);
  return outcome;
}

describe('PostgreSQL store: round trips of a contestant’s writes', () => {
  it('finds the contestant behind a token in one', async () => {
    const { token } = await registered(1);
    const { trips, outcome } = await counted(() => store.contestants.byToken(token));
    expect(outcome).not.toBeNull();
    expect(trips).toBe(1);
  });

  it('starts an attempt in six, and resumes it in five', async () => {
    const { contestant } = await registered(1);
    const first = await counted(() => store.attempts.start(contestant, OPEN, body(undefined), client));
    expect(first.outcome.kind).toBe('started');
    const again = await counted(() => store.attempts.start(contestant, OPEN, body(undefined), client));
    expect(again.outcome.kind).toBe('resumed');
    // The contest and its bank; BEGIN, the contestant locked with what the start decides on, the attempt with its questions, COMMIT (10 before).
    expect(first.trips).toBeLessThanOrEqual(6);
    // The same reads; BEGIN, the open attempt with its questions and answers, COMMIT (9 before).
    expect(again.trips).toBeLessThanOrEqual(5);
  });

  it('saves answers in two, a cleared answer too', async () => {
    const { contestant } = await registered(1);
    const { attempt, questions } = await started(contestant);
    const answers = Object.fromEntries(questions.slice(0, 3).map((q, i) => [q.questionId, optionIdAt(i % 2)]));
    const save = await counted(() => store.attempts.save(contestant.id, attempt.id, body({ answers })));
    expect(save.outcome).toMatchObject({ kind: 'saved', saved: 3 });
    const clear = await counted(() => store.attempts.save(contestant.id, attempt.id, body({ answers: { [questions[0]!.questionId]: null, [questions[1]!.questionId]: 'b' } })));
    expect(clear.outcome).toMatchObject({ kind: 'saved', saved: 2 });
    // The attempt with its option orders; one statement that locks, checks the deadline and writes (7 and 8 before).
    expect(save.trips).toBeLessThanOrEqual(2);
    expect(clear.trips).toBeLessThanOrEqual(2);
  });

  it('submits in nine, and answers a repeated submit in seven', async () => {
    const { contestant } = await registered(1);
    const { attempt, questions } = await started(contestant);
    clock.advance(60_000);
    const answers = Object.fromEntries(questions.slice(0, 5).map((q) => [q.questionId, optionIdAt(q.optionOrder.indexOf(q.answer))]));
    const submit = await counted(() => store.attempts.submit(contestant.id, attempt.id, body({ answers, prediction: 12 })));
    expect(submit.outcome.kind).toBe('submitted');
    const repeat = await counted(() => store.attempts.submit(contestant.id, attempt.id, body({ answers: {} })));
    expect(repeat.outcome.kind).toBe('submitted');
    // The attempt with its option orders; BEGIN, the locks with the answers written and the key read,
    // the submission with every read of the figures, the figures written, the rank (three: the figure
    // predictions are judged against, the best standing, every count from the bucket counts), COMMIT (24 before).
    expect(submit.trips, submit.queries.join('\n')).toBeLessThanOrEqual(9);
    // No submission, no figures; the rank as above (8 before).
    expect(repeat.trips, repeat.queries.join('\n')).toBeLessThanOrEqual(7);
  });

  it('writes the deliveries of `attempt.submitted` in one more, with what the payload says', async () => {
    const endpoint = (id: string, events: string[]) =>
      database!.pool.query(
        `INSERT INTO webhook_endpoints (id, contest_slug, url, events, secret, created_at, created_by) VALUES ($1, $2, 'https://example.vn/hook', $3, 'secret', $4, 'test')`,
        [id, OPEN, JSON.stringify(events), clock.now().toISOString()],
      );
    await endpoint('hook-1', ['attempt.submitted']);
    await endpoint('hook-2', ['results.published']);
    await endpoint('hook-3', ['contestant.registered', 'attempt.submitted']);
    const { contestant } = await registered(1);
    const { attempt } = await started(contestant);
    clock.advance(60_000);
    const submit = await counted(() => store.attempts.submit(contestant.id, attempt.id, body({ answers: {} })));
    expect(submit.outcome.kind).toBe('submitted');
    expect(submit.trips, submit.queries.join('\n')).toBeLessThanOrEqual(10);
    const { rows } = await database!.pool.query<{ endpoint: string; body: string }>(
      `SELECT endpoint_id AS endpoint, body FROM webhook_deliveries WHERE type = 'attempt.submitted' ORDER BY endpoint_id`,
    );
    expect(rows.map((row) => row.endpoint)).toEqual(['hook-1', 'hook-3']);
    expect(rows[0]!.body).toBe(rows[1]!.body);
    expect(JSON.parse(rows[0]!.body).data).toMatchObject({
      attemptId: attempt.id,
      contestantId: contestant.id,
      unitId: contestant.unitId,
      autoSubmitted: false,
      submittedAt: clock.now().toISOString(),
    });
  });
});
