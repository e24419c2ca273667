import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { DEFAULT_ADMISSION, type AdmissionSettings } from './http/admission.js';
import { TOKEN_PATTERN } from './tokens.js';

/** Per-window request allowances; `null` turns every limit off (RATE_LIMIT=off, for load tests). */
export interface RateLimits {
  registrationPerMinutePerIp: number;
  signInPerMinutePerIp: number;
  attemptStartPerMinutePerIp: number;
  attemptStartPerMinutePerContestant: number;
  autosavePerTenSecondsPerContestant: number;
  /** Failed admin sign-ins (401 on /api/admin) an address may make per minute before 429. */
  adminFailuresPerMinutePerIp: number;
  phoneCodesPerHourPerIp: number;
  /** Practice sets (`POST /api/contests/:slug/practice`) an address may start per minute (decision 0036). */
  practicePerMinutePerIp: number;
  /** Answers checked per practice set per minute (`POST /api/practice/:id/check`): more than anyone clicks. */
  practiceChecksPerMinutePerSet: number;
}

/**
 * Where one-time phone codes go (api/src/sms/). `log` writes them to the server's log and is for
 * development only; `http` calls the operator's SMS gateway; `none` (production without
 * SMS_PROVIDER) refuses to send, so codes never land in a production log by accident.
 */
export type SmsConfig =
  | { provider: 'log' }
  | { provider: 'none' }
  | { provider: 'http'; urlTemplate: string; bodyTemplate: string | null; secret: string | null; timeoutMs: number };

/** The proof of work asked before a new attempt (see domain/challenge.ts). */
export interface ChallengeConfig {
  /** ATTEMPT_CHALLENGE=off turns the requirement off (curl trials, load tests). */
  required: boolean;
  /** CHALLENGE_KEY, else a random key per process: several servers must share one key. */
  key: string;
  /** CHALLENGE_MAX_NUMBER: the client tries on average half this many SHA-256 hashes. */
  maxNumber: number;
}

/** About 25,000 hashes on average: ≈ 0.2–0.3 s in headless Chromium on 2 cores, a few times that on a phone. */
export const DEFAULT_CHALLENGE_MAX_NUMBER = 50_000;

/**
 * Where the data lives (decision 0042): SQLite at `databasePath` unless DATABASE_URL names a
 * PostgreSQL database (postgres:// or postgresql://).
 */
export type StoreConfig =
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; url: string; poolSize: number; statementTimeoutMs: number };

/** Connections one node keeps to PostgreSQL unless DATABASE_POOL_SIZE says otherwise. */
export const DEFAULT_DATABASE_POOL_SIZE = 10;
/** DATABASE_STATEMENT_TIMEOUT_MS: a statement running longer is cancelled (the request answers 503). */
export const DEFAULT_DATABASE_STATEMENT_TIMEOUT_MS = 30_000;

export interface Config {
  port: number;
  host: string;
  databasePath: string;
  store: StoreConfig;
  /** Created as an organiser token at start when no admin token exists yet. */
  adminToken: string | null;
  /** Origins allowed to call contestant routes, besides each contest's own `allowedOrigins`. */
  allowedOrigins: string[];
  rateLimits: RateLimits | null;
  /** Bounds on work in progress (decision 0031); null with ADMISSION=off. */
  admission: AdmissionSettings | null;
  /** Timeouts of the HTTP server's connections (decision 0031). */
  connections: ConnectionTimeouts;
  challenge: ChallengeConfig;
  sms: SmsConfig;
  /**
   * How many reverse proxies in front of the server append to X-Forwarded-For (TRUST_PROXY); 0
   * takes the socket's address. The client is the N-th entry from the right (see http/deps.ts).
   */
  trustProxy: number;
  /** A contestant token stops working this many days after its contest's end (0: at the end). */
  contestantTokenDaysAfterEnd: number;
  /** SQLite `synchronous`: FULL (default) survives power loss; NORMAL survives a process crash. */
  synchronous: 'FULL' | 'NORMAL';
  /** Whether the demo contests are created on first start. */
  seedDemo: boolean;
  /**
   * The key of the hash an erasure keeps of the ID number so the attempt limit holds
   * (db/erasure-limits.ts, decision 0029): CHALLENGE_KEY when it is set; absent, a random key kept in
   * the database.
   */
  idNumberKey?: string;
  /** The contest `/` shows whatever else exists (DEFAULT_CONTEST); absent, `/` chooses (decision 0035). */
  defaultContest?: string;
  version: string;
  /** Folder holding dist/, demo/ and site/. */
  projectRoot: string;
  /**
   * Webhooks (decision 0040): `allowLoopback` (WEBHOOKS_ALLOW_LOOPBACK=1, off by default) lets an
   * endpoint be http:// on 127.0.0.1, localhost or ::1, for tests; otherwise https:// only.
   * `deliver` false (WEBHOOKS_DELIVERY=off): this process writes events to the outbox but sends
   * none; another process on the same database file sends them.
   */
  webhooks?: { allowLoopback: boolean; deliver: boolean };
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  registrationPerMinutePerIp: 120,
  signInPerMinutePerIp: 120,
  attemptStartPerMinutePerIp: 600,
  attemptStartPerMinutePerContestant: 20,
  autosavePerTenSecondsPerContestant: 200,
  adminFailuresPerMinutePerIp: 10,
  phoneCodesPerHourPerIp: 100,
  practicePerMinutePerIp: 60,
  practiceChecksPerMinutePerSet: 60,
};

/**
 * How long the server keeps an idle kept-alive connection, and how long a client may take to send
 * a request's headers and its whole request. The keep-alive timeout outlasts the proxy's own
 * (nginx upstream `keepalive_timeout`, 60 s by default), so the proxy, not the server, closes an idle
 * connection and never sends a request on one being closed; and it outlasts by far any event-loop
 * delay admission control lets happen, so a request already sent on an idle connection is read
 * before the timer can fire.
 */
export interface ConnectionTimeouts {
  keepAliveTimeoutMs: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
}

export const DEFAULT_CONNECTION_TIMEOUTS: ConnectionTimeouts = { keepAliveTimeoutMs: 65_000, headersTimeoutMs: 66_000, requestTimeoutMs: 120_000 };

function admissionFrom(env: NodeJS.ProcessEnv): AdmissionSettings | null {
  if (env.ADMISSION === 'off') return null;
  const d = DEFAULT_ADMISSION;
  const settings: AdmissionSettings = {
    attempt: {
      maxInFlight: positiveInt(env, 'ADMISSION_MAX_IN_FLIGHT', d.attempt.maxInFlight),
      maxLagMs: positiveInt(env, 'ADMISSION_MAX_LAG_MS', d.attempt.maxLagMs),
    },
    other: {
      maxInFlight: positiveInt(env, 'ADMISSION_OTHER_MAX_IN_FLIGHT', d.other.maxInFlight),
      maxLagMs: positiveInt(env, 'ADMISSION_OTHER_MAX_LAG_MS', d.other.maxLagMs),
    },
    retryAfterSeconds: positiveInt(env, 'ADMISSION_RETRY_AFTER_SECONDS', d.retryAfterSeconds),
    lagNeedsInFlight: positiveInt(env, 'ADMISSION_LAG_MIN_IN_FLIGHT', d.lagNeedsInFlight),
  };
  if (settings.other.maxInFlight > settings.attempt.maxInFlight || settings.other.maxLagMs > settings.attempt.maxLagMs) {
    throw new Error('ADMISSION_OTHER_MAX_IN_FLIGHT và ADMISSION_OTHER_MAX_LAG_MS không được lớn hơn ADMISSION_MAX_IN_FLIGHT và ADMISSION_MAX_LAG_MS: lưu và nộp bài phải được ưu tiên');
  }
  return settings;
}

function connectionsFrom(env: NodeJS.ProcessEnv): ConnectionTimeouts {
  const keepAliveTimeoutMs = positiveInt(env, 'KEEP_ALIVE_TIMEOUT_SECONDS', DEFAULT_CONNECTION_TIMEOUTS.keepAliveTimeoutMs / 1000) * 1000;
  // Node's advice: headersTimeout above keepAliveTimeout, or a request arriving as the connection idles out may be cut.
  return { keepAliveTimeoutMs, headersTimeoutMs: keepAliveTimeoutMs + 1000, requestTimeoutMs: Math.max(DEFAULT_CONNECTION_TIMEOUTS.requestTimeoutMs, keepAliveTimeoutMs + 2000) };
}

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} phải là số nguyên dương (đang là "${raw}")`);
  return value;
}

function nonNegativeInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} phải là số nguyên không âm (đang là "${raw}")`);
  return value;
}

/** TRUST_PROXY: a number of hops; `true`/`false` are kept as 1/0 for older configurations. */
function trustProxyFrom(env: NodeJS.ProcessEnv): number {
  const raw = env.TRUST_PROXY?.trim().toLowerCase();
  if (raw === 'true') return 1;
  if (raw === 'false') return 0;
  const hops = nonNegativeInt(env, 'TRUST_PROXY', 0);
  if (hops > 10) throw new Error('TRUST_PROXY là số proxy tin cậy phía trước máy chủ, không lớn hơn 10');
  return hops;
}

/** Days a contestant token lasts after its contest's end, unless CONTESTANT_TOKEN_DAYS_AFTER_END says otherwise. */
export const DEFAULT_CONTESTANT_TOKEN_DAYS_AFTER_END = 30;

function list(raw: string | undefined): string[] {
  return (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** The least estimated entropy of ADMIN_TOKEN: as much as a random 128-bit key. */
export const MIN_ADMIN_TOKEN_BITS = 128;

function adminTokenFrom(raw: string | undefined): string | null {
  if (!raw) return null;
  if (!TOKEN_PATTERN.test(raw)) {
    throw new Error('ADMIN_TOKEN phải dài 16–256 ký tự, chỉ gồm chữ, số và . _ ~ + / - (có thể kết thúc bằng =)');
  }
  const bits = estimatedEntropyBits(raw);
  if (bits < MIN_ADMIN_TOKEN_BITS) {
    throw new Error(
      `ADMIN_TOKEN quá dễ đoán (ước tính ${Math.floor(bits)} bit, cần ít nhất ${MIN_ADMIN_TOKEN_BITS}): hãy tạo bằng "openssl rand -base64 32". ` +
        `ADMIN_TOKEN is too guessable (about ${Math.floor(bits)} bits, at least ${MIN_ADMIN_TOKEN_BITS} needed): generate one with "openssl rand -base64 32".`,
    );
  }
  return raw;
}

/**
 * A cautious estimate of a secret's entropy in bits: the characters that are not predictable from
 * the ones before, times log2 of the alphabet the secret draws from (the character classes it
 * uses: lower case, upper case, digits, symbols). A character is predictable when it continues a
 * run of repeats or steps ("aaaa", "1234", "fedc") or completes three characters already seen
 * ("abcabc", "passpass"). It does not know dictionary words: a long phrase of words still passes.
 */
export function estimatedEntropyBits(secret: string): number {
  let alphabet = 0;
  if (/[a-z]/.test(secret)) alphabet += 26;
  if (/[A-Z]/.test(secret)) alphabet += 26;
  if (/[0-9]/.test(secret)) alphabet += 10;
  if (/[^A-Za-z0-9]/.test(secret)) alphabet += 10;
  let unpredictable = 0;
  for (let i = 0; i < secret.length; i++) {
    if (i >= 2) {
      const step = secret.charCodeAt(i) - secret.charCodeAt(i - 1);
      if (Math.abs(step) <= 1 && step === secret.charCodeAt(i - 1) - secret.charCodeAt(i - 2)) continue;
      if (secret.indexOf(secret.slice(i - 2, i + 1)) < i - 2) continue;
    }
    unpredictable++;
  }
  return unpredictable * Math.log2(Math.max(alphabet, 1));
}

function challengeKeyFrom(raw: string | undefined): string {
  if (!raw) return randomBytes(32).toString('hex');
  if (raw.length < 32) throw new Error('CHALLENGE_KEY phải dài ít nhất 32 ký tự');
  return raw;
}

/**
 * DATABASE_URL: unset, SQLite at DATABASE_PATH; postgres:// or postgresql://, that PostgreSQL
 * database, and then CHALLENGE_KEY is required: every node must sign and check proof-of-work
 * challenges and erasure hashes with one key, where a random key per process would not do.
 */
function storeFrom(env: NodeJS.ProcessEnv, databasePath: string): StoreConfig {
  const url = env.DATABASE_URL?.trim();
  if (!url) return { kind: 'sqlite', path: databasePath };
  if (!/^postgres(ql)?:\/\/./i.test(url)) {
    throw new Error('DATABASE_URL phải là địa chỉ PostgreSQL dạng postgres://người_dùng@máy:cổng/tên_cơ_sở_dữ_liệu (hoặc postgresql://…); bỏ trống để dùng SQLite tại DATABASE_PATH');
  }
  if (!env.CHALLENGE_KEY) {
    throw new Error('Khi đặt DATABASE_URL (PostgreSQL, nhiều máy chủ dùng chung), phải đặt CHALLENGE_KEY: một khoá ngẫu nhiên dài ít nhất 32 ký tự, giống nhau trên mọi máy chủ (tạo bằng "openssl rand -hex 32")');
  }
  return {
    kind: 'postgres',
    url,
    poolSize: positiveInt(env, 'DATABASE_POOL_SIZE', DEFAULT_DATABASE_POOL_SIZE),
    statementTimeoutMs: positiveInt(env, 'DATABASE_STATEMENT_TIMEOUT_MS', DEFAULT_DATABASE_STATEMENT_TIMEOUT_MS),
  };
}

function challengeFrom(env: NodeJS.ProcessEnv): ChallengeConfig {
  const maxNumber = positiveInt(env, 'CHALLENGE_MAX_NUMBER', DEFAULT_CHALLENGE_MAX_NUMBER);
  if (maxNumber > 10_000_000) throw new Error('CHALLENGE_MAX_NUMBER không được lớn hơn 10000000');
  return { required: env.ATTEMPT_CHALLENGE !== 'off', key: challengeKeyFrom(env.CHALLENGE_KEY), maxNumber };
}

/** How long the SMS gateway may take before a code request answers 503. */
export const DEFAULT_SMS_HTTP_TIMEOUT_MS = 5000;

function smsFrom(env: NodeJS.ProcessEnv): SmsConfig {
  const provider = env.SMS_PROVIDER?.trim().toLowerCase() || (env.NODE_ENV === 'production' ? 'none' : 'log');
  if (provider === 'log' || provider === 'none') return { provider };
  if (provider !== 'http') throw new Error('SMS_PROVIDER phải là log, http hoặc none');
  const urlTemplate = env.SMS_HTTP_URL?.trim() ?? '';
  if (!/^https?:\/\//i.test(urlTemplate)) throw new Error('SMS_PROVIDER=http cần SMS_HTTP_URL là địa chỉ http(s)://…');
  return {
    provider,
    urlTemplate,
    bodyTemplate: env.SMS_HTTP_BODY || null,
    secret: env.SMS_HTTP_SECRET || null,
    timeoutMs: positiveInt(env, 'SMS_HTTP_TIMEOUT_MS', DEFAULT_SMS_HTTP_TIMEOUT_MS),
  };
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const synchronous = (env.SQLITE_SYNCHRONOUS ?? 'FULL').toUpperCase();
  if (synchronous !== 'FULL' && synchronous !== 'NORMAL') throw new Error('SQLITE_SYNCHRONOUS phải là FULL hoặc NORMAL');
  const challenge = challengeFrom(env);
  const databasePath = env.DATABASE_PATH || 'data/quiz.db';
  return {
    port: positiveInt(env, 'PORT', 8787),
    host: env.HOST || '0.0.0.0',
    databasePath,
    store: storeFrom(env, databasePath),
    adminToken: adminTokenFrom(env.ADMIN_TOKEN),
    allowedOrigins: list(env.ALLOWED_ORIGINS),
    rateLimits:
      env.RATE_LIMIT === 'off'
        ? null
        : {
            registrationPerMinutePerIp: positiveInt(env, 'RATE_LIMIT_REGISTRATION_PER_MINUTE', DEFAULT_RATE_LIMITS.registrationPerMinutePerIp),
            signInPerMinutePerIp: positiveInt(env, 'RATE_LIMIT_SIGN_IN_PER_MINUTE', DEFAULT_RATE_LIMITS.signInPerMinutePerIp),
            attemptStartPerMinutePerIp: positiveInt(env, 'RATE_LIMIT_START_PER_MINUTE_PER_IP', DEFAULT_RATE_LIMITS.attemptStartPerMinutePerIp),
            attemptStartPerMinutePerContestant: positiveInt(env, 'RATE_LIMIT_START_PER_MINUTE', DEFAULT_RATE_LIMITS.attemptStartPerMinutePerContestant),
            autosavePerTenSecondsPerContestant: positiveInt(env, 'RATE_LIMIT_AUTOSAVE_PER_10S', DEFAULT_RATE_LIMITS.autosavePerTenSecondsPerContestant),
            adminFailuresPerMinutePerIp: positiveInt(env, 'RATE_LIMIT_ADMIN_FAILURES_PER_MINUTE', DEFAULT_RATE_LIMITS.adminFailuresPerMinutePerIp),
            phoneCodesPerHourPerIp: positiveInt(env, 'RATE_LIMIT_PHONE_CODES_PER_HOUR', DEFAULT_RATE_LIMITS.phoneCodesPerHourPerIp),
            practicePerMinutePerIp: positiveInt(env, 'RATE_LIMIT_PRACTICE_PER_MINUTE', DEFAULT_RATE_LIMITS.practicePerMinutePerIp),
            practiceChecksPerMinutePerSet: positiveInt(env, 'RATE_LIMIT_PRACTICE_CHECKS_PER_MINUTE', DEFAULT_RATE_LIMITS.practiceChecksPerMinutePerSet),
          },
    admission: admissionFrom(env),
    connections: connectionsFrom(env),
    challenge,
    sms: smsFrom(env),
    trustProxy: trustProxyFrom(env),
    contestantTokenDaysAfterEnd: nonNegativeInt(env, 'CONTESTANT_TOKEN_DAYS_AFTER_END', DEFAULT_CONTESTANT_TOKEN_DAYS_AFTER_END),
    synchronous,
    seedDemo: env.SEED_DEMO !== 'off',
    ...(env.CHALLENGE_KEY ? { idNumberKey: challenge.key } : {}),
    ...(env.DEFAULT_CONTEST?.trim() ? { defaultContest: env.DEFAULT_CONTEST.trim() } : {}),
    version: env.npm_package_version || '0.1.0',
    projectRoot: env.PROJECT_ROOT || PROJECT_ROOT,
    webhooks: { allowLoopback: env.WEBHOOKS_ALLOW_LOOPBACK === '1', deliver: env.WEBHOOKS_DELIVERY !== 'off' },
  };
}
