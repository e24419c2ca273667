/**
 * The PostgreSQL store under test: a database of the file's own (postgres.ts), emptied and seeded
 * with the demo contests before each case, as the SQLite cases start from a fresh seeded file.
 */
import type pg from 'pg';
import { configFromEnv } from '../src/config.js';
import type { Db } from '../src/db/connection.js';
import { seedDemoContests } from '../src/seed/demo.js';
import { postgresStore } from '../src/store/postgres/index.js';
import { seedDemoContestsInto } from '../src/store/postgres/startup.js';
import { sqliteStore } from '../src/store/sqlite/index.js';
import type { PortableStore, Store } from '../src/store/store.js';
import { seededRandom } from './seeded-random.js';
import { freshDatabase, TestClock } from './support.js';

/** Every table of the database but the migrations' record. */
async function dataTables(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY tablename`,
  );
  return rows.map((row) => row.name);
}

/** Empties every table, then seeds the demo contests as of `now`. */
export async function resetAndSeed(pool: pg.Pool, now: Date): Promise<void> {
  await pool.query(`TRUNCATE ${(await dataTables(pool)).join(', ')} RESTART IDENTITY`);
  await seedDemoContestsInto(pool, now);
}

/** When the store suites' clocks start, and the settings their stores read. */
export const STORE_START = new Date('2026-11-28T03:00:00Z');
export const STORE_CONFIG = configFromEnv({ RATE_LIMIT: 'off', ATTEMPT_CHALLENGE: 'off' });

/** A SQLite store over a fresh database seeded with the demo contests, its clock at STORE_START. */
export function seededSqliteStore(): { store: Store; clock: TestClock; db: Db } {
  const clock = new TestClock(STORE_START);
  const db = freshDatabase();
  seedDemoContests(db, clock.now());
  return { store: sqliteStore({ db, clock: clock.now, random: seededRandom(), config: STORE_CONFIG }), clock, db };
}

/** The PostgreSQL store on `pool`, its tables emptied and seeded again, its clock at STORE_START. */
export async function seededPostgresStore(pool: pg.Pool): Promise<{ store: PortableStore; clock: TestClock }> {
  const clock = new TestClock(STORE_START);
  await resetAndSeed(pool, clock.now());
  return { store: postgresStore({ pool, clock: clock.now, random: seededRandom(), config: STORE_CONFIG }), clock };
}
