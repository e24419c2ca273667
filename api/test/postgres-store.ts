/**
 * The PostgreSQL store under test: a database of the file's own (postgres.ts), emptied and seeded
 * with the demo contests before each case, as the SQLite cases start from a fresh seeded file.
 */
import type pg from 'pg';
import type { Db } from '../src/db/connection.js';
import { seedDemoContests } from '../src/seed/demo.js';
import { freshDatabase } from './support.js';

/** The tables the seed fills, copied from a seeded SQLite file (same columns, same values: decision 0042). */
const SEEDED = ['contests', 'units', 'questions', 'exclusions'] as const;

/** Every table of the database but the migrations' record. */
async function dataTables(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY tablename`,
  );
  return rows.map((row) => row.name);
}

/** Copies the rows of `tables` from a SQLite file into PostgreSQL, column by column. */
export async function copyRows(db: Db, pool: pg.Pool, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    const rows = db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
    for (const row of rows) {
      const columns = Object.keys(row);
      await pool.query(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
        columns.map((column) => row[column]),
      );
    }
  }
}

/** Empties every table, then seeds the demo contests as of `now`. */
export async function resetAndSeed(pool: pg.Pool, now: Date): Promise<void> {
  await pool.query(`TRUNCATE ${(await dataTables(pool)).join(', ')} RESTART IDENTITY`);
  const db = freshDatabase();
  try {
    seedDemoContests(db, now);
    await copyRows(db, pool, SEEDED);
  } finally {
    db.close();
  }
}
