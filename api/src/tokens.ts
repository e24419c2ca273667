import { createHash, randomBytes } from 'node:crypto';

/** RFC 6750 token characters; long enough to be a secret, short enough to refuse junk cheaply. */
export const TOKEN_PATTERN = /^[A-Za-z0-9._~+/-]{16,256}=*$/;

/** A bearer token: 256 random bits, URL-safe. Only its hash is stored. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * An opaque record id in hex: 48 bits of the current time in milliseconds, then 80 random bits.
 * Ids made one after another sort next to each other, so the rows a burst of starts or
 * registrations inserts share index pages (fewer pages read, dirtied and written per commit) instead
 * of landing on a random page each. It never starts with "-", "=" or "+", which a spreadsheet would
 * take for a formula (and CSV exports would have to defuse). Ids are not secrets: every route checks
 * the owner's token.
 */
export function newId(): string {
  return Date.now().toString(16).padStart(12, '0') + randomBytes(10).toString('hex');
}
