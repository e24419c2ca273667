/**
 * A node whose connections to PostgreSQL are all busy (a surge, a slow statement) answers a
 * request that cannot get one within the wait 503 with Retry-After, like any storage fault —
 * whether the use case runs in a transaction or as a single query — and serves it once one is free.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { postgresStore } from '../src/store/postgres/index.js';
import { createPool } from '../src/store/postgres/pool.js';
import { freshPostgresDatabase, type FreshDatabase } from './postgres.js';
import { resetAndSeed, STORE_CONFIG } from './postgres-store.js';
import { OPEN, person, seededRandom, TestClock } from './support.js';

let database: FreshDatabase | undefined;
beforeAll(async () => {
  database = await freshPostgresDatabase('pool');
  await resetAndSeed(database.pool, new Date('2026-11-28T03:00:00Z'));
});
afterAll(async () => {
  await database?.drop();
});

describe('a node with every connection busy', () => {
  it('answers 503 with Retry-After to reads and writes that cannot get a connection in time, then serves them', async () => {
    const clock = new TestClock(new Date('2026-11-28T03:00:00Z'));
    const pool = createPool({ url: database!.url, poolSize: 1, connectTimeoutMs: 200 });
    try {
      const app = createApp({ db: null, store: postgresStore({ pool, clock: clock.now, random: seededRandom(), config: STORE_CONFIG }), clock: clock.now, config: STORE_CONFIG, random: seededRandom() });
      const held = await pool.connect();
      const board = await app.request(`/api/contests/${OPEN}/leaderboard`);
      expect(board.status).toBe(503);
      expect(board.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(((await board.json()) as { error: { code: string } }).error.code).toBe('UNAVAILABLE');
      const registration = await app.request(`/api/contests/${OPEN}/contestants`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(person(1)),
      });
      expect(registration.status).toBe(503);
      held.release();
      expect((await app.request(`/api/contests/${OPEN}/leaderboard`)).status).toBe(200);
    } finally {
      await pool.end();
    }
  });
});
