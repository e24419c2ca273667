/**
 * The driver's connection failures, recognised without loading the driver (http/errors.ts maps
 * them to 503 for every query, in a transaction or not).
 */

/**
 * Errors of the driver that carry no code but mean the server could not be reached or the
 * connection was lost: given the code PG_CONNECTION so http/errors.ts `storageFault` answers 503.
 */
const LOST_CONNECTION = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly)/;

export const CONNECTION_LOST_CODE = 'PG_CONNECTION';

/** The same error, with `code` PG_CONNECTION when it is one of the driver's code-less connection failures. */
export function withConnectionCode<E>(error: E): E {
  if (error instanceof Error && (error as { code?: unknown }).code === undefined && LOST_CONNECTION.test(error.message)) {
    Object.assign(error, { code: CONNECTION_LOST_CODE });
  }
  return error;
}
