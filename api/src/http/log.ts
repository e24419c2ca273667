import { createHmac, randomBytes } from 'node:crypto';

/**
 * One security event as one JSON line: what happened, on which route (the pattern, not the URL,
 * so no id or token from a path lands in the log), from which address (keyed hash), and when.
 * Never a token, a name, an ID number or a phone.
 */
export interface LogEvent {
  event: 'admin-auth-failed' | 'rate-limited';
  route: string;
  method: string;
  ipHash: string;
  time: string;
  retryAfterSeconds?: number;
}

export type Logger = (event: LogEvent) => void;

/** The server's logger: one JSON line per event on standard output, for journald or a log shipper. */
export const jsonLineLogger: Logger = (event) => {
  process.stdout.write(`${JSON.stringify(event)}\n`);
};

/**
 * Client addresses are personal data: the log keeps a keyed hash, enough to see that failures
 * come from one address within a run of the server, not the address itself (an unkeyed hash of an
 * IPv4 address is undone by trying all 2^32).
 */
export function ipHasher(): (ip: string) => string {
  const key = randomBytes(32);
  return (ip) => createHmac('sha256', key).update(ip).digest('hex').slice(0, 16);
}
