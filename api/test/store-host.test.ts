import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, Contestant, PortableStore } from '../src/store/store.js';
import { freshPostgresDatabase, type FreshDatabase } from './postgres.js';
import { seededPostgresStore, seededSqliteStore } from './postgres-store.js';
import { CLOSED, OPEN, person, type TestClock } from './support.js';

/**
 * A host site's participation figures through the store (decision 0040, 0043) on both stores: its
 * registrations and attempts by Vietnam day, its own source only, the same on both.
 */
type Stores = Pick<PortableStore, 'contestants' | 'attempts' | 'stats'>;

const client: Client = { ip: '203.0.113.61', userAgent: 'store-host-test', origin: undefined };
const body =
  <T>(value: T) =>
  async () =>
    value;

let database: FreshDatabase | undefined;
beforeAll(async () => {
  database = await freshPostgresDatabase('host');
});
afterAll(async () => {
  await database?.drop();
});

const sqlite = async (): Promise<{ store: Stores; clock: TestClock }> => seededSqliteStore();
const postgres = async (): Promise<{ store: Stores; clock: TestClock }> => seededPostgresStore(database!.pool);

async function registered(store: Stores, n: number, source?: string): Promise<Contestant> {
  const outcome = await store.contestants.register(OPEN, body(person(n, source ? { source } : {})), client);
  if (outcome.kind !== 'registered') throw new Error(`registration refused: ${JSON.stringify(outcome)}`);
  return outcome.contestant;
}

async function started(store: Stores, contestant: Contestant): Promise<string> {
  const outcome = await store.attempts.start(contestant, OPEN, body(undefined), client);
  if (outcome.kind !== 'started') throw new Error(`start refused: ${JSON.stringify(outcome)}`);
  return outcome.attempt.id;
}

describe.each([
  ['SQLite', sqlite],
  ['PostgreSQL', postgres],
] as const)('host participation on %s', (_name, open) => {
  it("counts the site's registrations and attempts by Vietnam day, its own source and contest only", async () => {
    const { store, clock } = await open();
    clock.set('2026-11-28T10:00:00Z');
    const first = await registered(store, 1, 'baothaibinh.com.vn');
    await registered(store, 2, 'thaibinhtv.vn');
    await registered(store, 3);
    // 18:30 UTC is already the next day in Vietnam (UTC+7).
    clock.set('2026-11-28T18:30:00Z');
    await registered(store, 4, 'baothaibinh.com.vn');
    const attemptId = await started(store, first);
    expect((await store.attempts.submit(first.id, attemptId, body({ answers: {}, prediction: 5 }))).kind).toMatch(/^(submitted|received)$/);
    await started(store, await registered(store, 5, 'baothaibinh.com.vn'));

    expect(await store.stats.hostParticipation({ contestSlug: OPEN, source: 'baothaibinh.com.vn' })).toEqual([
      { day: '2026-11-28', registrations: 1, attempts: 0, submitted: 0 },
      { day: '2026-11-29', registrations: 2, attempts: 2, submitted: 1 },
    ]);
    expect(await store.stats.hostParticipation({ contestSlug: CLOSED, source: 'baothaibinh.com.vn' })).toEqual([]);
    expect(await store.stats.hostParticipation({ contestSlug: OPEN, source: 'khong-co.vn' })).toEqual([]);
  });
});
