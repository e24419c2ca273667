/**
 * Phone codes (decision 0022) with several nodes on one PostgreSQL database: the limits of a phone
 * (one code a minute, five an hour) hold whichever nodes the requests reach, so two nodes asked at
 * once send one message, not two. Nothing here waits for time: the calls start together.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../src/config.js';
import { PHONE_CODE_RESEND_MS, PHONE_CODES_PER_HOUR } from '../src/domain/phone-code.js';
import { postgresStore } from '../src/store/postgres/index.js';
import { createPool } from '../src/store/postgres/pool.js';
import { freshPostgresDatabase, type FreshDatabase } from './postgres.js';
import { resetAndSeed } from './postgres-store.js';
import { OPEN, seededRandom, TestClock } from './support.js';

const NODES = 4;
const config = configFromEnv({ RATE_LIMIT: 'off', ATTEMPT_CHALLENGE: 'off' });
const clock = new TestClock(new Date('2026-11-28T03:00:00Z'));

let database: FreshDatabase | undefined;
const pools: pg.Pool[] = [];
let nodes: ReturnType<typeof postgresStore>[] = [];

beforeAll(async () => {
  database = await freshPostgresDatabase('phone');
  for (let i = 0; i < NODES; i++) pools.push(createPool({ url: database.url, poolSize: 2, applicationName: `phone node ${i}` }));
  nodes = pools.map((pool, i) => postgresStore({ pool, clock: clock.now, random: seededRandom(i + 1), config }));
  await resetAndSeed(database.pool, clock.now());
  // Every node connected beforehand, so the requests below overlap rather than queue behind a connect.
  await Promise.all(pools.map((pool) => pool.query('SELECT 1')));
});

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
  await database?.drop();
});

describe('phone codes on several nodes at once', () => {
  it('one code per phone when every node is asked at once, minute after minute, up to the hourly five', async () => {
    const phone = '0912345678';
    for (let minute = 0; minute < PHONE_CODES_PER_HOUR + 1; minute++) {
      const outcomes = await Promise.all(nodes.map((node, i) => node.contestants.issuePhoneCode(OPEN, phone, String(100000 + i))));
      const issued = outcomes.filter((o) => o.kind === 'issued');
      expect(issued, `minute ${minute}`).toHaveLength(minute < PHONE_CODES_PER_HOUR ? 1 : 0);
      expect(outcomes.filter((o) => o.kind === 'wait')).toHaveLength(NODES - issued.length);
      clock.advance(PHONE_CODE_RESEND_MS);
    }
    const stored = await database!.pool.query('SELECT COUNT(*)::int AS n FROM phone_codes WHERE phone = $1', [phone]);
    expect(stored.rows[0].n).toBe(PHONE_CODES_PER_HOUR);
  });

  it('different phones do not wait for each other: every node sends its own', async () => {
    const outcomes = await Promise.all(nodes.map((node, i) => node.contestants.issuePhoneCode(OPEN, `09876543${String(i).padStart(2, '0')}`, '123456')));
    expect(outcomes.map((o) => o.kind)).toEqual(Array(NODES).fill('issued'));
  });
});
