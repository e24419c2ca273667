import type pg from 'pg';
import { openDatabase, type Db } from '../../db/connection.js';
import { seedDemoContests } from '../../seed/demo.js';
import { hashToken } from '../../tokens.js';
import { firstAccessCode } from '../first-code.js';
import { migratePostgres, type MigrationReport } from './migrate.js';
import { inTransaction } from './pool.js';

/**
 * The key of the advisory lock a starting node holds while it creates the first organiser code
 * and the demo contests, so nodes starting at once create them once (any fixed number other than
 * the migrations' would do).
 */
const FIRST_START_LOCK_KEY = 7_406_031_221_906_117_633n;

/** The tables the demo seed fills (decision 0042: the same columns and values as SQLite's). */
const SEEDED_TABLES = ['contests', 'units', 'questions', 'exclusions'] as const;

export interface PostgresStart {
  migrations: MigrationReport;
  /** The first organiser code when this node created it from nothing and must print it, else null. */
  printedCode: string | null;
  /** Whether a code was created from ADMIN_TOKEN. */
  fromAdminToken: boolean;
  /** Whether this node created the demo contests. */
  seeded: boolean;
}

/**
 * What a node does before it serves (decision 0045): applies the migrations (advisory-locked,
 * migrate.ts), then, under a lock of its own, creates the first organiser code while there is
 * none (ADMIN_TOKEN's, or one to print) and, when `seedDemo`, the demo contests while there is no
 * contest at all — once, however many nodes start at once.
 */
export async function preparePostgres(pool: pg.Pool, options: { adminToken: string | null; seedDemo: boolean; now: Date }): Promise<PostgresStart> {
  const migrations = await migratePostgres(pool);
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [FIRST_START_LOCK_KEY.toString()]);
    let printedCode: string | null = null;
    let fromAdminToken = false;
    const codes = await client.query<{ n: number }>('SELECT COUNT(*) AS n FROM admin_tokens');
    if (codes.rows[0]!.n === 0) {
      const first = firstAccessCode(options.adminToken);
      await client.query('INSERT INTO admin_tokens (token_hash, name, role, created_at) VALUES ($1, $2, $3, $4)', [
        hashToken(first.code),
        first.name,
        'organiser',
        options.now.toISOString(),
      ]);
      if (first.print) printedCode = first.code;
      else fromAdminToken = true;
    }
    let seeded = false;
    if (options.seedDemo && (await client.query<{ n: number }>('SELECT COUNT(*) AS n FROM contests')).rows[0]!.n === 0) {
      seeded = await seedDemoContestsInto(client, options.now);
    }
    return { migrations, printedCode, fromAdminToken, seeded };
  });
}

/**
 * The demo contests of seed/demo.ts, as of `now`. The seed is SQLite code: it runs on a database
 * in memory, whose rows are then copied.
 */
export async function seedDemoContestsInto(client: pg.ClientBase | pg.Pool, now: Date): Promise<boolean> {
  const db = openDatabase(':memory:');
  try {
    const seeded = seedDemoContests(db, now);
    await copySqliteRows(db, client, SEEDED_TABLES);
    return seeded;
  } finally {
    db.close();
  }
}

/** Copies the rows of `tables` from a SQLite database into PostgreSQL, column by column (same names and values). */
export async function copySqliteRows(db: Db, client: pg.ClientBase | pg.Pool, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    const rows = db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
    for (const row of rows) {
      const columns = Object.keys(row);
      await client.query(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
        columns.map((column) => row[column]),
      );
    }
  }
}
