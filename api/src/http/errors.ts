import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ERROR_STATUS } from '../contract/common.js';

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
 * A storage fault (read-only, disk full, I/O error, locked, cannot open) as 503 UNAVAILABLE with
 * Retry-After: the request can succeed once the fault clears, so it is not a 500. Null for any
 * other error.
 */
export function storageFault(error: unknown): ApiError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !STORAGE_FAULT_CODES.test(code)) return null;
  return new ApiError('UNAVAILABLE', 'Hệ thống tạm thời chưa lưu được dữ liệu, vui lòng thử lại sau giây lát', undefined, {
    retryAfterSeconds: STORAGE_RETRY_AFTER_SECONDS,
  });
}
