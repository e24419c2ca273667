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
 * An opaque record id (128 random bits) in hex: it never starts with "-", "=" or "+", which a
 * spreadsheet would take for a formula (and CSV exports would have to defuse).
 */
export function newId(): string {
  return randomBytes(16).toString('hex');
}
