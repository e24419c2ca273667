import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './schema.js';

export type Db = Database.Database;

export interface OpenOptions {
  /** `FULL` (default) fsyncs every commit so an acknowledged write survives power loss. */
  synchronous?: 'FULL' | 'NORMAL';
  /**
   * The server's connection: transactions share one commit per turn of the event loop, and a
   * request answers after it (`answerAfterCommit`, decision 0015). Elsewhere (command line,
   * scripts, tests calling the database directly) each transaction commits before it returns.
   */
  groupCommit?: boolean;
  /** Open an in-memory copy of this serialized database (`db.serialize()`) instead of `path`. */
  image?: Buffer;
}

/** Files holding personal data (the database, its -wal and -shm, backups, exports): owner only. */
export const PRIVATE_FILE_MODE = 0o600;
/** Folders created for them: owner only. */
export const PRIVATE_FOLDER_MODE = 0o700;

/**
 * Makes sure the database file exists owner-only before SQLite opens it: SQLite creates the -wal
 * and -shm files with the database file's own permissions, so they follow. A database left
 * readable by others from before is tightened, with its -wal and -shm.
 */
export function preparePrivateDatabaseFile(path: string): void {
  const folder = dirname(path);
  if (!existsSync(folder)) {
    mkdirSync(folder, { recursive: true, mode: PRIVATE_FOLDER_MODE });
    chmodSync(folder, PRIVATE_FOLDER_MODE); // the mode given to mkdir is reduced by the umask
  }
  if (!existsSync(path)) closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) tightenFileMode(file);
}

/** Removes group and other permissions from `file` if it exists and has any. */
export function tightenFileMode(file: string): void {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch {
    return; // not there (yet)
  }
  if ((mode & 0o077) !== 0) chmodSync(file, mode & 0o700);
}

/** Opens (creating if needed) and migrates the contest database. `:memory:` is allowed for tests. */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  if (path !== ':memory:' && !options.image) preparePrivateDatabaseFile(path);
  const db = new Database(options.image ?? path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  beginTransactionsImmediately(db);
  migrate(db);
  groupOf(db).enabled = options.groupCommit ?? false;
  return db;
}

/**
 * Makes `db.transaction(fn)` begin IMMEDIATE (take the write lock first). A deferred transaction
 * that reads and then writes cannot wait for another process's
 * writer: SQLite answers SQLITE_BUSY at once, busy_timeout notwithstanding, because its snapshot
 * is stale. With two servers on one file, simultaneous starts, submits and autosaves of one
 * attempt then failed (races.test.ts); IMMEDIATE makes them queue on busy_timeout instead.
 * Nested transactions are savepoints. On a read-only store (a fault) BEGIN IMMEDIATE
 * itself is refused, so it falls back to a deferred transaction: reads still work, writes still
 * fail with SQLITE_READONLY.
 *
 * On a connection opened with `groupCommit`, an outermost transaction joins the open group
 * instead, as a savepoint, so that its failure undoes only its own work (decision 0015).
 *
 * This replaces better-sqlite3's own `transaction()`, which builds four wrapped variants per call
 * (`.deferred`, `.immediate`…; nothing here uses them, and they are not offered): every write
 * request opens two or three transactions, and building them cost more than their savepoints.
 */
function beginTransactionsImmediately(db: Db): void {
  const group = groupOf(db);
  let control: Record<'beginImmediate' | 'beginDeferred' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'rollbackTo', Database.Statement> | null = null;
  const statements = () =>
    (control ??= {
      beginImmediate: db.prepare('BEGIN IMMEDIATE'),
      beginDeferred: db.prepare('BEGIN DEFERRED'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT nested'),
      release: db.prepare('RELEASE nested'),
      rollbackTo: db.prepare('ROLLBACK TO nested'),
    });
  type Body = (...args: never[]) => unknown;
  const within = (fn: Body, self: unknown, args: never[]) => {
    group.depth++;
    try {
      const result = fn.apply(self, args);
      if (result && typeof (result as { then?: unknown }).then === 'function') throw new TypeError('Transaction function cannot return a promise');
      return result;
    } finally {
      group.depth--;
    }
  };
  const savepoint = (fn: Body, self: unknown, args: never[]) => {
    const s = statements();
    s.savepoint.run();
    try {
      const result = within(fn, self, args);
      s.release.run();
      return result;
    } catch (error) {
      if (db.inTransaction) {
        s.rollbackTo.run();
        s.release.run();
      }
      throw error;
    }
  };
  const alone = (fn: Body, self: unknown, args: never[]) => {
    if (db.inTransaction) return savepoint(fn, self, args);
    const s = statements();
    try {
      s.beginImmediate.run();
    } catch (error) {
      if (!String((error as { code?: unknown }).code).startsWith('SQLITE_READONLY')) throw error;
      s.beginDeferred.run();
    }
    try {
      const result = within(fn, self, args);
      s.commit.run();
      return result;
    } catch (error) {
      if (db.inTransaction) s.rollback.run();
      throw error;
    }
  };
  const runInGroup = (fn: Body, self: unknown, args: never[]) => {
    if (group.depth > 0) return savepoint(fn, self, args);
    if (!group.enabled || !joinGroup(db)) return alone(fn, self, args);
    try {
      return savepoint(fn, self, args); // inside the group's transaction
    } finally {
      if (!db.inTransaction) failGroup(db, new GroupRolledBack()); // SQLite undid the whole group (a storage fault)
    }
  };
  db.transaction = ((fn: Body) => {
    if (typeof fn !== 'function') throw new TypeError('Expected first argument to be a function');
    return function (this: unknown, ...args: never[]) {
      try {
        return runInGroup(fn, this, args);
      } catch (error) {
        group.rollbacks++;
        throw error;
      }
    };
  }) as unknown as Db['transaction'];
}

// ── Group commit (decision 0015) ─────────────────────────────────────────

/**
 * The transaction many requests' writes share: opened by the first write of a request, committed
 * once on the next turn of the event loop (one fsync for all of them), and only then may those
 * requests answer. `failures` counts groups SQLite could not commit.
 */
interface Group {
  enabled: boolean;
  open: { settled: Promise<void>; settle: () => void } | null;
  depth: number;
  /** Transactions or savepoints of this connection rolled back, groups included. */
  rollbacks: number;
  failures: number;
  lastFailure: unknown;
}

const groups = new WeakMap<Db, Group>();

function groupOf(db: Db): Group {
  let group = groups.get(db);
  if (!group) groups.set(db, (group = { enabled: false, open: null, depth: 0, rollbacks: 0, failures: 0, lastFailure: null }));
  return group;
}

/** Raised when SQLite rolled back the group's transaction under a savepoint (SQLITE_FULL, IOERR…). */
class GroupRolledBack extends Error {
  readonly code = 'SQLITE_IOERR';
  constructor() {
    super('Giao dịch ghi chung bị hủy do lỗi lưu trữ');
  }
}

/** Opens the group's transaction unless one is open; false when it cannot (a read-only store). */
function joinGroup(db: Db): boolean {
  const group = groupOf(db);
  if (group.open && !db.inTransaction) failGroup(db, new GroupRolledBack());
  if (group.open) return true;
  try {
    db.exec('BEGIN IMMEDIATE');
  } catch (error) {
    if (String((error as { code?: unknown }).code).startsWith('SQLITE_READONLY')) return false;
    throw error;
  }
  let settle!: () => void;
  const settled = new Promise<void>((resolve) => (settle = resolve));
  group.open = { settled, settle };
  setImmediate(() => commitGroup(db));
  return true;
}

/** Commits the open group, if any; a failed COMMIT rolls everything in it back. Call it before closing. */
export function commitGroup(db: Db): void {
  const group = groupOf(db);
  if (!group.open) return;
  if (!db.inTransaction) {
    failGroup(db, new GroupRolledBack());
    return;
  }
  try {
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) {
      try {
        db.exec('ROLLBACK');
      } catch {
        /* the connection reports the fault again on its next use */
      }
    }
    failGroup(db, error);
    return;
  }
  const { settle } = group.open;
  group.open = null;
  settle();
}

function failGroup(db: Db, error: unknown): void {
  const group = groupOf(db);
  if (!group.open) return;
  const { settle } = group.open;
  group.open = null;
  group.failures++;
  group.rollbacks++;
  group.lastFailure = error;
  settle();
}

/** Moves whenever a transaction of this connection was rolled back: data read in it may be gone. */
export function rollbackCount(db: Db): number {
  return groupOf(db).rollbacks;
}

const dataVersions = new WeakMap<Db, number>();

/**
 * `PRAGMA data_version`: moves when another connection (or process) committed. Outside a
 * transaction it is read once per synchronous stretch of code and reused until the next microtask:
 * no request can arrive, so no commit can become known to a client, in between — and whatever is
 * read after it is at least as new, so a cache keyed by it may hold newer data than its key, never
 * older. Inside a transaction it is read every time: the transaction may have waited for another
 * process's commit to take the write lock, and holding its snapshot already, the read is cheap.
 */
export function dataVersion(db: Db): number {
  let version = db.inTransaction ? undefined : dataVersions.get(db);
  if (version === undefined) {
    if (!dataVersions.has(db)) queueMicrotask(() => dataVersions.delete(db));
    dataVersions.set(db, (version = sql<[], number>(db, 'PRAGMA data_version').pluck().get()!));
  }
  return version;
}

/** What a connection has seen of the database; equal stamps mean nothing it can read has changed. */
export interface DataStamp {
  version: number;
  changes: number;
  rollbacks: number;
}

/**
 * The database's state as this connection sees it: other connections' commits (`dataVersion`), this
 * connection's own changes (`total_changes()`, triggers included; it touches no page, so it costs
 * next to nothing) and rollbacks (what was read may be undone). Take it before reading what a cache keeps.
 */
export function dataStamp(db: Db): DataStamp {
  return {
    version: dataVersion(db),
    changes: sql<[], number>(db, 'SELECT total_changes()').pluck().get()!,
    rollbacks: groupOf(db).rollbacks,
  };
}

export function sameData(a: DataStamp, b: DataStamp): boolean {
  return a.version === b.version && a.changes === b.changes && a.rollbacks === b.rollbacks;
}

/**
 * Runs one request and returns only once nothing it wrote or read can still be undone: after the
 * open group committed. Whatever the request wrote went into that group or an earlier one. If a
 * group failed while the request was in flight, it throws that storage error (503), whether or
 * not this request wrote into it: it may have written, or read what was undone.
 */
export async function answerAfterCommit(db: Db, handle: () => Promise<void>): Promise<void> {
  const group = groupOf(db);
  const failuresBefore = group.failures;
  await handle();
  await group.open?.settled;
  if (group.failures !== failuresBefore) throw group.lastFailure;
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
export function sql<P extends unknown[] | object = unknown[], R = unknown>(db: Db, source: string): Database.Statement<P, R> {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let statement = cache.get(source);
  if (!statement) cache.set(source, (statement = db.prepare(source)));
  return statement as unknown as Database.Statement<P, R>;
}
