import type { Context } from 'hono';
import type { Config } from '../config.js';
import type { Db } from '../db/connection.js';
import type { Clock } from '../domain/contest.js';
import type { Random } from '../domain/draw.js';
import type { Admission } from './admission.js';
import type { Logger } from './log.js';
import type { SmsProvider } from '../sms/providers.js';
import type { PortableStore, Store } from '../store/store.js';
import { RateLimiter } from './rate-limit.js';

export type { Clock };

/**
 * What a server is built from on either store (decision 0045): the routes over the store's portable
 * groups need nothing else. Tests pass their own store, clock and randomness.
 */
export interface PortableDeps {
  store: PortableStore;
  clock: Clock;
  config: Config;
  random: Random;
  /** Where security events go (failed admin sign-ins, rate-limit hits); JSON lines on stdout by default. */
  log?: Logger;
  /** Where phone codes go; by default the one SMS_PROVIDER names (config.sms). Tests pass a recording one. */
  sms?: SmsProvider;
  /**
   * Admission control of the server process (http/admission.ts, decision 0031); apps built in
   * process for tests admit everything.
   */
  admission?: Admission;
}

/** A server on SQLite: every route. */
export interface AppDeps extends PortableDeps {
  /** The routes not on the store yet still call db/*.ts with it (decision 0043). */
  db: Db;
  /** The use cases, over the same database as `db` (`sqliteStore`). */
  store: Store;
}

/** A server on PostgreSQL: the routes over the portable store only, the others answer 501 (decision 0045). */
export type PostgresAppDeps = PortableDeps & { db: null };

export interface Limiters {
  registration: RateLimiter | null;
  signIn: RateLimiter | null;
  attemptStartPerIp: RateLimiter | null;
  attemptStart: RateLimiter | null;
  autosave: RateLimiter | null;
  /** Failed admin sign-ins per IP: past the allowance, admin routes answer 429 until the window ends. */
  adminFailures: RateLimiter | null;
  phoneCodesPerIp: RateLimiter | null;
  /** Practice sets started per address (decision 0036): drawing one writes a row. */
  practicePerIp: RateLimiter | null;
  /** Checks per practice set: with the sets an address may start, this bounds an address's checks. */
  practiceChecks: RateLimiter | null;
}

export function createLimiters(config: Config): Limiters {
  const limits = config.rateLimits;
  if (!limits) {
    return {
      registration: null,
      signIn: null,
      attemptStartPerIp: null,
      attemptStart: null,
      autosave: null,
      adminFailures: null,
      phoneCodesPerIp: null,
      practicePerIp: null,
      practiceChecks: null,
    };
  }
  return {
    registration: new RateLimiter(limits.registrationPerMinutePerIp, 60_000),
    signIn: new RateLimiter(limits.signInPerMinutePerIp, 60_000),
    attemptStartPerIp: new RateLimiter(limits.attemptStartPerMinutePerIp, 60_000),
    attemptStart: new RateLimiter(limits.attemptStartPerMinutePerContestant, 60_000),
    autosave: new RateLimiter(limits.autosavePerTenSecondsPerContestant, 10_000),
    adminFailures: new RateLimiter(limits.adminFailuresPerMinutePerIp, 60_000),
    phoneCodesPerIp: new RateLimiter(limits.phoneCodesPerHourPerIp, 3_600_000),
    practicePerIp: new RateLimiter(limits.practicePerMinutePerIp, 60_000),
    practiceChecks: new RateLimiter(limits.practiceChecksPerMinutePerSet, 60_000),
  };
}

/**
 * The caller's address. With `trustProxy` = N hops, each trusted proxy appended the address it
 * received the request from to X-Forwarded-For (nginx `$proxy_add_x_forwarded_for`), so the
 * client is the N-th entry from the right; entries left of it are whatever the client wrote.
 * With fewer entries than N, the request skipped an outer proxy: the leftmost entry was still
 * appended by a trusted one, so it is the best address known. Without the header, or with
 * `trustProxy` 0, the socket's address.
 */
export function clientIp(c: Context, trustProxy: number): string {
  if (trustProxy > 0) {
    const entries = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    if (entries.length > 0) return entries[Math.max(0, entries.length - trustProxy)]!;
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'local';
}
