import { createHash, randomBytes } from 'node:crypto';

/** A bearer token: 256 random bits, URL-safe. Only its hash is stored. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** An opaque record id (128 random bits). */
export function newId(): string {
  return randomBytes(16).toString('base64url');
}
