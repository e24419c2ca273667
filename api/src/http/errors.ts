import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Codes of the error shape in SPEC §3, each with the status it answers. */
export const ERROR_STATUS = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  EXCLUDED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  NOT_PUBLISHED: 404,
  ALREADY_REGISTERED: 409,
  ATTEMPT_LIMIT: 409,
  CONTEST_NOT_OPEN: 409,
  ATTEMPT_CLOSED: 409,
  CONFLICT: 409,
  FLAGGED_WINNERS: 409,
  HEADCOUNT_MISSING: 409,
  RETAINED: 409,
  RETENTION_NOT_OVER: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  OVERLOADED: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

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
