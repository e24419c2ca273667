import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './schema.js';

export type Db = Database.Database;

export interface OpenOptions {
  /** `FULL` (default) fsyncs every commit so an acknowledged write survives power loss. */
  synchronous?: 'FULL' | 'NORMAL';
}

/** Opens (creating if needed) and migrates the contest database. `:memory:` is allowed for tests. */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  beginTransactionsImmediately(db);
  migrate(db);
  return db;
}

/**
 * Makes `db.transaction(fn)` begin IMMEDIATE (take the write lock first) unless `.deferred` is
 * asked for. A deferred transaction that reads and then writes cannot wait for another process's
 * writer: SQLite answers SQLITE_BUSY at once, busy_timeout notwithstanding, because its snapshot
 * is stale. With two servers on one file, simultaneous starts, submits and autosaves of one
 * attempt then failed (races.test.ts); IMMEDIATE makes them queue on busy_timeout instead.
 * Nested transactions are savepoints either way. On a read-only store (a fault) BEGIN IMMEDIATE
 * itself is refused, so it falls back to a deferred transaction: reads still work, writes still
 * fail with SQLITE_READONLY.
 */
function beginTransactionsImmediately(db: Db): void {
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn: (...args: never[]) => unknown) => {
    let began = false;
    const variants = transaction(function (this: unknown, ...args: never[]) {
      began = true;
      return fn.apply(this, args);
    });
    const immediate = variants.immediate;
    const run = function (this: unknown, ...args: never[]) {
      began = false;
      try {
        return immediate.apply(this, args);
      } catch (error) {
        if (began || !String((error as { code?: unknown }).code).startsWith('SQLITE_READONLY')) throw error;
        return variants.deferred.apply(this, args);
      }
    };
    return Object.defineProperties(run, {
      default: { value: run },
      deferred: { value: variants.deferred },
      immediate: { value: immediate },
      exclusive: { value: variants.exclusive },
      database: { value: db },
    });
  }) as Db['transaction'];
}

export function migrate(db: Db): void {
  // The version is read inside each step's transaction, so two processes opening one new file
  // do not both apply a migration.
  const step = db.transaction((): boolean => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version >= MIGRATIONS.length) return false;
    const migration = MIGRATIONS[version]!;
    if (typeof migration === 'string') db.exec(migration);
    else migration(db);
    db.pragma(`user_version = ${version + 1}`);
    return true;
  });
  while (step()) {
    /* next migration */
  }
}

const statementCache = new WeakMap<Db, Map<string, Database.Statement>>();

/** A prepared statement, prepared once per connection. */
export function sql<P extends unknown[] | {} = unknown[], R = unknown>(db: Db, source: string): Database.Statement<P, R> {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let statement = cache.get(source);
  if (!statement) cache.set(source, (statement = db.prepare(source)));
  return statement as unknown as Database.Statement<P, R>;
}
