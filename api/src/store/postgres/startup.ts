import type pg from 'pg';
import { openDatabase, type Db } from '../../db/connection.js';
import { seedDemoContests } from '../../seed/demo.js';
import { hashToken } from '../../tokens.js';
import { firstAccessCode } from '../first-code.js';
import { migratePostgres, type MigrationReport } from './migrate.js';
import { inTransaction } from './pool.js';

/**
 * The key of the advisory lock a starting node holds while it creates the first organiser code
 * and the demo contests, so nodes starting at once create them once, and an import holds while it
 * copies a contest (any fixed number other than the migrations' would do).
 */
const FIRST_START_LOCK_KEY = 7_406_031_221_906_117_633n;


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
    await copySqliteRows(db, client, CONTEST_SETUP_TABLES);
    return seeded;
  } finally {
    db.close();
  }
}

/**
 * Copies the rows of `tables` from a SQLite database into PostgreSQL, column by column (same names
 * and values), all of them or those of one contest (`contest`: the `slug` of `contests`, the
 * `contest_slug` of the others).
 */
export async function copySqliteRows(db: Db, client: pg.ClientBase | pg.Pool, tables: readonly string[], contest?: string): Promise<number> {
  let copied = 0;
  for (const table of tables) {
    const where = contest === undefined ? '' : ` WHERE ${table === 'contests' ? 'slug' : 'contest_slug'} = ?`;
    const rows = db.prepare(`SELECT * FROM ${table}${where}`).all(...(contest === undefined ? [] : [contest])) as Record<string, unknown>[];
    copied += rows.length;
    for (const row of rows) {
      const columns = Object.keys(row);
      await client.query(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
        columns.map((column) => row[column]),
      );
    }
  }
  return copied;
}

/** What a contest prepared on SQLite (in the console) is made of before anyone takes part. */
export const CONTEST_SETUP_TABLES = ['contests', 'units', 'questions', 'exclusions'] as const;

export type ContestImport =
  | { kind: 'noSuchContest' }
  | { kind: 'exists' }
  | { kind: 'imported'; rows: Record<(typeof CONTEST_SETUP_TABLES)[number], number> };

/**
 * Copies one contest's setup — the contest, its units, questions and exclusion list — from a SQLite
 * database into PostgreSQL, in one transaction with its audit entry (`contest.import`, by `actor`),
 * while PostgreSQL has no contest of that slug: the organisers prepare a contest in the console of
 * a server over SQLite, then the nodes over PostgreSQL serve it (decision 0045). Nobody's
 * registration or attempt is copied.
 */
export async function importContestSetup(db: Db, pool: pg.Pool, slug: string, actor: string, now: Date): Promise<ContestImport> {
  if (!db.prepare('SELECT 1 FROM contests WHERE slug = ?').get(slug)) return { kind: 'noSuchContest' };
  return inTransaction(pool, async (client) => {
    // Two imports of one slug at once: the second waits, then finds it.
    await client.query('SELECT pg_advisory_xact_lock($1)', [FIRST_START_LOCK_KEY.toString()]);
    if ((await client.query('SELECT 1 FROM contests WHERE slug = $1', [slug])).rowCount) return { kind: 'exists' } as const;
    const rows = { contests: 0, units: 0, questions: 0, exclusions: 0 };
    for (const table of CONTEST_SETUP_TABLES) rows[table] = await copySqliteRows(db, client, [table], slug);
    await client.query('INSERT INTO audit_log (at, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5)', [
      now.toISOString(),
      actor,
      'contest.import',
      slug,
      JSON.stringify(rows),
    ]);
    return { kind: 'imported', rows } as const;
  });
}
