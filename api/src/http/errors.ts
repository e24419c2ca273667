import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ERROR_STATUS } from '../contract/common.js';
import { withConnectionCode } from '../store/postgres/connection-errors.js';

/** The codes of SPEC §3 with their statuses live in the contract (contract/common.ts). */
export { ERROR_STATUS };

export type ErrorCode = keyof typeof ERROR_STATUS;

export type { RowError } from '../domain/questions.js';
import type { RowError } from '../domain/questions.js';

/** A refusal that reaches the client as `{error: {code, message, fields?}}`. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
    readonly extra?: { rows?: RowError[]; retryAfterSeconds?: number; flaggedWinners?: unknown[]; units?: { id: string; name: string }[]; dataRequest?: unknown },
  ) {
    super(message);
  }

  get status(): ContentfulStatusCode {
    return ERROR_STATUS[this.code];
  }
}

export function errorBody(error: ApiError) {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.fields ? { fields: error.fields } : {}),
      ...(error.extra?.rows ? { rows: error.extra.rows } : {}),
      ...(error.extra?.flaggedWinners ? { flaggedWinners: error.extra.flaggedWinners } : {}),
      ...(error.extra?.units ? { units: error.extra.units } : {}),
      ...(error.extra?.dataRequest ? { dataRequest: error.extra.dataRequest } : {}),
    },
  };
}

export function respondWithError(c: Context, error: ApiError): Response {
  if (error.extra?.retryAfterSeconds !== undefined) {
    c.header('Retry-After', String(error.extra.retryAfterSeconds));
  }
  return c.json(errorBody(error), error.status);
}

export const notFound = (what = 'Không tìm thấy nội dung yêu cầu') => new ApiError('NOT_FOUND', what);

/** How long a client should wait before retrying after a storage fault. */
export const STORAGE_RETRY_AFTER_SECONDS = 5;

/** better-sqlite3 error codes (extended ones by prefix) of a store that cannot save just now. */
const STORAGE_FAULT_CODES = /^SQLITE_(READONLY|FULL|IOERR|BUSY|LOCKED|CANTOPEN)(_|$)/;

/**
 * The same faults on PostgreSQL (decision 0042), by SQLSTATE: connection exceptions (08…), the
 * server shutting down or starting (57P01–57P03), out of resources (53…: disk full, memory,
 * too many connections), a read-only standby (25006), a statement cancelled by its timeout (57014),
 * serialization failures and deadlocks still failing after the retries of store/postgres/pool.ts
 * (40001, 40P01), a lock not available (55P03); by the socket's code when the server cannot be
 * reached; PG_CONNECTION for the driver's own code-less connection failures (pool.ts).
 */
const POSTGRES_FAULT_CODES =
  /^(08[0-9A-Z]{3}|57P0[123]|53[0-9A-Z]{3}|25006|57014|40001|40P01|55P03|PG_CONNECTION|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN)$/;

/**
 * A storage fault (read-only, disk full, I/O error, locked, cannot open, connection lost) as 503 UNAVAILABLE with
 * Retry-After: the request can succeed once the fault clears, so it is not a 500. Null for any
 * other error.
 */
export function storageFault(error: unknown): ApiError | null {
  // A query outside a transaction (pool.query) throws the driver's code-less errors as they are.
  const code = (withConnectionCode(error) as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !(STORAGE_FAULT_CODES.test(code) || POSTGRES_FAULT_CODES.test(code))) return null;
  return new ApiError('UNAVAILABLE', 'Hệ thống tạm thời chưa lưu được dữ liệu, vui lòng thử lại sau giây lát', undefined, {
    retryAfterSeconds: STORAGE_RETRY_AFTER_SECONDS,
  });
}
