import type { Context } from 'hono';
import type { Config } from '../config.js';
import type { Db } from '../db/connection.js';
import type { Random } from '../domain/draw.js';
import type { Logger } from './log.js';
import { RateLimiter } from './rate-limit.js';

export type Clock = () => Date;

/** Everything the app is built from; tests pass their own database, clock and randomness. */
export interface AppDeps {
  db: Db;
  clock: Clock;
  config: Config;
  random: Random;
  /** Where security events go (failed admin sign-ins, rate-limit hits); JSON lines on stdout by default. */
  log?: Logger;
}

export interface Limiters {
  registration: RateLimiter | null;
  signIn: RateLimiter | null;
  attemptStartPerIp: RateLimiter | null;
  attemptStart: RateLimiter | null;
  autosave: RateLimiter | null;
  /** Failed admin sign-ins per IP: past the allowance, admin routes answer 429 until the window ends. */
  adminFailures: RateLimiter | null;
}

export function createLimiters(config: Config): Limiters {
  const limits = config.rateLimits;
  if (!limits) return { registration: null, signIn: null, attemptStartPerIp: null, attemptStart: null, autosave: null, adminFailures: null };
  return {
    registration: new RateLimiter(limits.registrationPerMinutePerIp, 60_000),
    signIn: new RateLimiter(limits.signInPerMinutePerIp, 60_000),
    attemptStartPerIp: new RateLimiter(limits.attemptStartPerMinutePerIp, 60_000),
    attemptStart: new RateLimiter(limits.attemptStartPerMinutePerContestant, 60_000),
    autosave: new RateLimiter(limits.autosavePerTenSecondsPerContestant, 10_000),
    adminFailures: new RateLimiter(limits.adminFailuresPerMinutePerIp, 60_000),
  };
}

/** The caller's address: the socket's, or the proxy's first X-Forwarded-For entry when trusted. */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'local';
}
