/**
 * The PostgreSQL store under test: a database of the file's own (postgres.ts), emptied and seeded
 * with the demo contests before each case, as the SQLite cases start from a fresh seeded file.
 */
import type pg from 'pg';
import { seedDemoContestsInto } from '../src/store/postgres/startup.js';

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
