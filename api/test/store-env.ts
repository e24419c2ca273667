/**
 * The HTTP suites over either store (issue 15): `describeStores` runs a block of cases once on
 * SQLite and once on PostgreSQL, each case on an app of its own as a client would reach it.
 *
 * On SQLite a case gets `testEnv` (support.ts). On PostgreSQL the test file has a database of its
 * own (postgres.ts), created at its first case and dropped after the file; each case empties it and
 * copies in what `testEnv` seeded — the organiser's and jury's codes and the demo contests — and
 * builds `createApp` over the PostgreSQL store (decision 0045). What a case prepares through the
 * console before anyone takes part (`prepare`: routes a server on PostgreSQL answers 501) is done on
 * that SQLite seed first, then copied, as organisers import a contest prepared on SQLite.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import type pg from 'pg';
import { afterAll, describe } from 'vitest';
import { createApp } from '../src/app.js';
import type { Config } from '../src/config.js';
import { openDatabase, type Db } from '../src/db/connection.js';
import { postgresStore } from '../src/store/postgres/index.js';
import { createPool } from '../src/store/postgres/pool.js';
import { CONTEST_SETUP_TABLES } from '../src/store/postgres/startup.js';
import type { PortableStore } from '../src/store/store.js';
import { freshPostgresDatabase, type FreshDatabase } from './postgres.js';
import { seededRandom } from './seeded-random.js';
import { appEnv, CORRECT_OPTION_SQL, correctOptionId, ORGANISER_TOKEN, requester, shownOptionId, snapshot, testEnv, type CorrectOptionRow, type TestClock, type TestEnv } from './support.js';

export type StoreKind = 'sqlite' | 'postgres';
export const STORE_KINDS: readonly StoreKind[] = ['sqlite', 'postgres'];

/** A case's app over one store, with what the cases ask of its database. */
export interface StoreEnv {
  kind: StoreKind;
  app: Hono;
  store: PortableStore;
  clock: TestClock;
  config: Config;
  call: TestEnv['call'];
  /**
   * The rows a query reads from the store's database: the same SQL on both (the schemas have the
   * same tables, columns and values, decision 0042), `?` for parameters, aliases quoted.
   */
  query<T>(sql: string, ...params: unknown[]): Promise<T[]>;
  /** A fingerprint of every table but `except` (on PostgreSQL a digest of it), to prove a refused request changed nothing. */
  snapshot(except?: readonly string[]): Promise<string>;
  /** Every table's rows as text, to prove something is stored nowhere. */
  contents(): Promise<string>;
  /**
   * A mark of what the database holds, equal before and after a request that wrote nothing: on
   * SQLite the app connection's `total_changes()` (every row written counts), on PostgreSQL a digest
   * of every table's rows (one statement, about 15 ms).
   */
  writeMark(): Promise<unknown>;
  /** The columns of `table` as SQLite has them: on PostgreSQL without the `rowid` it spells out (decision 0042). */
  columns(table: string): Promise<string[]>;
}

export type StoreEnvOptions = Parameters<typeof testEnv>[0] & {
  /** Console work before anyone takes part (contest settings, questions), on the SQLite seed of either store. */
  prepare?: (console: TestEnv) => Promise<void>;
};

/** Runs `cases` once per store: `newEnv` gives each case a fresh app on that store. */
export function describeStores(name: string, cases: (newEnv: (options?: StoreEnvOptions) => Promise<StoreEnv>, kind: StoreKind) => void): void {
  describe.each(STORE_KINDS)(`${name} (%s)`, (kind) => cases((options) => storeEnv(kind, options), kind));
}

export async function storeEnv(kind: StoreKind, options: StoreEnvOptions = {}): Promise<StoreEnv> {
  const { prepare, ...seed } = options;
  const env = testEnv(seed);
  await prepare?.(env);
  if (kind === 'sqlite') return sqliteEnv(env);
  const pool = await filePool();
  await resetTo(pool, env.db);
  env.db.close();
  return postgresEnv(pool, env, seed);
}

/**
 * Two servers on one database with one clock, as two server processes on one SQLite file, or two
 * nodes on one PostgreSQL database: each with a store of its own and what that store keeps in memory.
 */
export async function twoServers(kind: StoreKind, options: StoreEnvOptions = {}): Promise<[StoreEnv, StoreEnv]> {
  if (kind === 'sqlite') {
    const { prepare, ...seed } = options;
    const file = join(mkdtempSync(join(tmpdir(), 'quiz-servers-')), 'quiz.db');
    const first = testEnv({ ...seed, file });
    await prepare?.(first);
    return [sqliteEnv(first), sqliteEnv(appEnv(openDatabase(file), first.clock, first.config, seed.log, seed.sms))];
  }
  const first = await storeEnv(kind, options);
  return [first, postgresEnv(await filePool(), first, options)];
}

function sqliteEnv(env: TestEnv): StoreEnv {
  const { db } = env;
  return {
    kind: 'sqlite',
    app: env.app,
    store: env.store,
    clock: env.clock,
    config: env.config,
    call: env.call,
    query: async <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[],
    snapshot: async (except = []) => JSON.stringify((JSON.parse(snapshot(db)) as [string, unknown][]).filter(([name]) => !except.includes(name))),
    contents: async () => snapshot(db),
    writeMark: async () => db.prepare('SELECT total_changes()').pluck().get(),
    columns: async (table) => db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[],
  };
}

/** An app over the PostgreSQL store on `pool`, with the clock and settings of `env`. */
function postgresEnv(pool: pg.Pool, { clock, config }: Pick<TestEnv, 'clock' | 'config'>, { log, sms }: StoreEnvOptions): StoreEnv {
  const random = seededRandom();
  const store = postgresStore({ pool, clock: clock.now, random, config });
  const app = createApp({ db: null, store, clock: clock.now, config, random, log: log ?? (() => {}), ...(sms ? { sms } : {}) });
  return {
    kind: 'postgres',
    app,
    store,
    clock,
    config,
    call: requester(app),
    query: async <T>(sql: string, ...params: unknown[]) => {
      let n = 0;
      return (await pool.query(sql.replace(/\?/g, () => `$${++n}`), params)).rows as T[];
    },
    snapshot: (except = []) => postgresSnapshot(pool, except),
    contents: () => postgresSnapshot(pool, [], false),
    writeMark: () => postgresSnapshot(pool),
    columns: async (table) =>
      (
        await pool.query<{ name: string }>(
          `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND column_name <> 'rowid' ORDER BY ordinal_position`,
          [table],
        )
      ).rows.map((row) => row.name),
  };
}

/** The shown option id of the correct answer, looked up in the bank the way only the server can (on either kind of env). */
export async function correctOption(env: StoreEnv | TestEnv, attemptId: string, questionId: string): Promise<string> {
  if ('db' in env) return correctOptionId(env, attemptId, questionId);
  const [row] = await env.query<CorrectOptionRow>(CORRECT_OPTION_SQL, attemptId, questionId);
  return shownOptionId(row!);
}

export async function wrongOption(env: StoreEnv | TestEnv, attemptId: string, questionId: string): Promise<string> {
  return (await correctOption(env, attemptId, questionId)) === 'a' ? 'b' : 'a';
}

/**
 * The audit's latest entries, newest first, with their details parsed: through the console's route
 * on SQLite; on PostgreSQL, whose server answers that route 501 (decision 0045), from its table.
 */
export async function auditEntries(env: StoreEnv): Promise<{ action: string; actor: string; target: string; detail: unknown }[]> {
  if (env.kind === 'sqlite') return (await env.call('GET', '/api/admin/audit', { token: ORGANISER_TOKEN })).body;
  const rows = await env.query<{ action: string; actor: string; target: string; detail: string | null }>(
    'SELECT action, actor, target, detail FROM audit_log ORDER BY id DESC LIMIT 200',
  );
  return rows.map((row) => ({ ...row, detail: row.detail === null ? null : JSON.parse(row.detail) }));
}

/** Question id → the shown id of its correct option, for these questions of an attempt. */
export async function correctAnswers(env: StoreEnv | TestEnv, attemptId: string, questionIds: readonly string[]): Promise<Record<string, string>> {
  const answers: Record<string, string> = {};
  for (const id of questionIds) answers[id] = await correctOption(env, attemptId, id);
  return answers;
}

// ——— the test file's PostgreSQL database ———

let database: Promise<{ fresh: FreshDatabase; pool: pg.Pool }> | null = null;

/**
 * The file's database and a pool of the production default size on it: requests in flight at once
 * (races.test.ts) each hold a connection while their transaction waits on another's lock.
 */
function filePool(): Promise<pg.Pool> {
  database ??= freshPostgresDatabase('http').then((fresh) => ({ fresh, pool: createPool({ url: fresh.url, applicationName: 'test http' }) }));
  return database.then(({ pool }) => pool);
}

// Registered when a test file imports this module, so on that file's root: after all its cases.
afterAll(async () => {
  if (!database) return;
  const { fresh, pool } = await database;
  database = null;
  await pool.end();
  await fresh.drop();
});

let schema: Promise<{ tables: string[]; sequences: string[] }> | null = null;

/** Every table of the database but the migrations' record, and the sequences of their identities. */
function schemaOf(pool: pg.Pool): Promise<{ tables: string[]; sequences: string[] }> {
  schema ??= Promise.all([
    pool.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY tablename`),
    pool.query<{ name: string }>(`SELECT sequencename AS name FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename`),
  ]).then(([tables, sequences]) => ({ tables: tables.rows.map((row) => row.name), sequences: sequences.rows.map((row) => row.name) }));
  return schema;
}

/**
 * Empties every table and restarts the identities, then copies the codes and contests of `seed`
 * in: in one transaction, one statement per table. Measured on the busy 2-core machine: 20–60 ms,
 * against 300–700 ms for `TRUNCATE … RESTART IDENTITY` and a statement per row (resetAndSeed in
 * postgres-store.ts). The deletes run as a replica (superuser only, as the test user is): neither
 * triggers nor foreign keys fire, since every table is emptied; the copy fires the triggers, so the
 * maintained figures and versions start as a first seed leaves them.
 */
async function resetTo(pool: pg.Pool, seed: Db): Promise<void> {
  const { tables, sequences } = await schemaOf(pool);
  const client = await pool.connect();
  try {
    await client.query(
      `BEGIN; SET LOCAL session_replication_role = replica; ${tables.map((table) => `DELETE FROM ${table};`).join(' ')}
       ${sequences.map((sequence) => `ALTER SEQUENCE ${sequence} RESTART;`).join(' ')} SET LOCAL session_replication_role = origin`,
    );
    for (const table of ['admin_tokens', ...CONTEST_SETUP_TABLES]) {
      const rows = seed.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
      if (rows.length === 0) continue;
      const columns = Object.keys(rows[0]!).join(', ');
      await client.query(`INSERT INTO ${table} (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::${table}, $1)`, [JSON.stringify(rows)]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}


/**
 * A digest of every table's rows, each table's sorted by their text (PostgreSQL returns rows in no
 * set order), read in one statement: one round trip, so a property test can take one per request.
 */
async function postgresSnapshot(pool: pg.Pool, except: readonly string[] = [], digest = true): Promise<string> {
  const { tables } = await schemaOf(pool);
  const each = ['schema_migrations', ...tables]
    .filter((name) => !except.includes(name))
    .map((name) => `'${name}', (SELECT COALESCE(json_agg(r ORDER BY r::text), '[]') FROM "${name}" r)`);
  const all = `json_build_object(${each.join(', ')})::text`;
  return (await pool.query<{ snapshot: string }>(`SELECT ${digest ? `md5(${all})` : all} AS snapshot`)).rows[0]!.snapshot;
}
