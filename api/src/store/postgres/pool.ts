import { hostname } from 'node:os';
import pg from 'pg';
import { withConnectionCode } from './connection-errors.js';

/** How a node connects to PostgreSQL (config.ts `store`, decision 0042). */
export interface PostgresSettings {
  /** postgres:// or postgresql:// */
  url: string;
  /** Connections this node keeps at most (DATABASE_POOL_SIZE, default 10). */
  poolSize?: number;
  /** Longest a statement may run before PostgreSQL cancels it (57014, answered 503). */
  statementTimeoutMs?: number;
  /** Shown in pg_stat_activity (ASCII: PostgreSQL shows other characters as ?); defaults to the product, host and process. */
  applicationName?: string;
  /** Longest wait for a connection, new or from the pool, before giving up (answered 503). */
  connectTimeoutMs?: number;
}

export const DEFAULT_POOL_SIZE = 10;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
/** A transaction left idle this long is ended by the server, so a stuck request cannot hold row locks. */
const IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

/**
 * int8 (bigint, COUNT(*), identities) read as a JS number, as better-sqlite3 reads SQLite's
 * INTEGER: the same rows, the same JSON and exports. A value beyond 2^53 would lose digits, so it
 * is refused rather than rounded. numeric (SUM of bigint) stays text: cast sums `::bigint`.
 */
const INT8_OID = 20;
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID && format !== 'binary') return parseInt8;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`bigint value ${text} does not fit a JS number`);
  return value;
}

/** A pool of connections to PostgreSQL; its idle connections' failures are logged, never thrown. */
export function createPool(settings: PostgresSettings): pg.Pool {
  const pool = new pg.Pool({
    connectionString: settings.url,
    max: settings.poolSize ?? DEFAULT_POOL_SIZE,
    statement_timeout: settings.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
    application_name: (settings.applicationName ?? `de-an-06-quiz ${hostname()}:${process.pid}`).slice(0, 63),
    connectionTimeoutMillis: settings.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    types,
  });
  // An idle connection the server ended (restart, pg_terminate_backend) is dropped from the pool
  // and this is emitted; unhandled, it would end the process. The next checkout opens a new one.
  pool.on('error', (error) => {
    console.error(`PostgreSQL: một kết nối rảnh bị đóng (${describe(error)}); kết nối mới sẽ được mở khi cần.`);
  });
  return pool;
}

function describe(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return `${typeof code === 'string' ? `${code} ` : ''}${error instanceof Error ? error.message : String(error)}`;
}

export { CONNECTION_LOST_CODE, withConnectionCode } from './connection-errors.js';

/** SQLSTATEs after which the whole transaction may simply run again. */
const RETRYABLE = new Set(['40001', '40P01']);

export interface TransactionOptions {
  /** Default: PostgreSQL's READ COMMITTED. */
  isolation?: 'serializable' | 'repeatable read';
  readOnly?: boolean;
  /** Runs of `fn` at most, the first included (default 5). */
  maxAttempts?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * Runs `fn` in one transaction on one connection of the pool and commits. A serialization failure
 * (40001) or a deadlock (40P01), in `fn` or at COMMIT, rolls back and runs `fn` again, after a short
 * random pause, at most `maxAttempts` times in all; then the last error is thrown (503 by
 * `storageFault`). `fn` may therefore run more than once: it must do nothing but database work
 * through `client` (no request sent, no event published) until it returns. A connection that
 * failed is destroyed, not returned to the pool.
 */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const begin = [
    'BEGIN',
    options.isolation ? `ISOLATION LEVEL ${options.isolation === 'serializable' ? 'SERIALIZABLE' : 'REPEATABLE READ'}` : '',
    options.readOnly ? 'READ ONLY' : '',
  ]
    .filter(Boolean)
    .join(' ');
  for (let attempt = 1; ; attempt++) {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw withConnectionCode(error);
    }
    let broken: Error | undefined;
    // Checked out, the connection is no longer watched by the pool: the server ending it between
    // two queries (restart, pg_terminate_backend) is emitted here, and would otherwise end the process.
    const lost = (error: Error) => (broken = withConnectionCode(error));
    client.on('error', lost);
    let failure: unknown;
    try {
      await client.query(begin);
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      failure = error;
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        broken ??= rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
    } finally {
      client.off('error', lost);
      client.release(broken);
    }
    const code = (failure as { code?: unknown } | null)?.code;
    if (!(typeof code === 'string' && RETRYABLE.has(code) && attempt < maxAttempts && !broken)) throw withConnectionCode(failure);
    await pause(attempt);
  }
}

/**
 * Runs one statement on the pool: a statement is a transaction of its own, so a use case that fits
 * in one spends no round trip on BEGIN and COMMIT (decision 0046). A serialization failure or a
 * deadlock runs it again as `inTransaction` does.
 */
export async function inStatement<R extends pg.QueryResultRow>(pool: pg.Pool, text: string, values: unknown[], maxAttempts = DEFAULT_MAX_ATTEMPTS): Promise<R[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await pool.query<R>(text, values)).rows;
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (!(typeof code === 'string' && RETRYABLE.has(code) && attempt < maxAttempts)) throw withConnectionCode(error);
    }
    await pause(attempt);
  }
}

/** A random pause growing with the attempt (≤ 2, 4, 8… ms), so retried writers do not meet again at once. */
function pause(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 2 ** Math.min(attempt, 8)));
}
