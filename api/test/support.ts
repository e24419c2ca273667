import type { Hono } from 'hono';
import { createApp } from '../src/app.js';
import { runCli } from '../src/cli/run.js';
import { configFromEnv, type Config } from '../src/config.js';
import { createAdminToken } from '../src/db/admin.js';
import { openDatabase, type Db } from '../src/db/connection.js';
import { seedDemoContests } from '../src/seed/demo.js';
import type { Logger } from '../src/http/log.js';
import type { SmsProvider } from '../src/sms/providers.js';
import { sqliteStore } from '../src/store/sqlite/index.js';
import type { Store } from '../src/store/store.js';
import { hashToken } from '../src/tokens.js';
import { seededRandom } from './seeded-random.js';

export const OPEN = 'de-an-06-thai-binh';
export const CLOSED = 'thai-binh-2023';
export const ORGANISER_TOKEN = 'organiser-token-0123456789abcdef';
export const JURY_TOKEN = 'jury-token-0123456789abcdef012345';

/** A movable clock: tests set or advance the server's time. */
export class TestClock {
  constructor(private current: Date) {}
  now = (): Date => new Date(this.current);
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
  set(at: Date | string): void {
    this.current = new Date(at);
  }
}

export { seededRandom };

export interface TestEnv {
  app: Hono;
  db: Db;
  /** The use cases the app runs over `db`. */
  store: Store;
  clock: TestClock;
  config: Config;
  call: (method: string, path: string, options?: CallOptions) => Promise<{ status: number; body: any; headers: Headers }>;
}

export interface CallOptions {
  token?: string;
  json?: unknown;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

let migrated: Buffer | null = null;

/**
 * A fresh in-memory database with every migration applied: a copy of one migrated once per test
 * file, since running the migrations for each of hundreds of databases is most of a test's time.
 */
export function freshDatabase(): Db {
  if (!migrated) {
    const template = openDatabase(':memory:');
    migrated = template.serialize();
    template.close();
  }
  return openDatabase(':memory:', { image: migrated });
}

/** A fresh app on a fresh in-memory database (or a new `file`), seeded with the demo contests. */
export function testEnv(options: { now?: string; env?: NodeJS.ProcessEnv; seed?: boolean; log?: Logger; sms?: SmsProvider; file?: string } = {}): TestEnv {
  const clock = new TestClock(new Date(options.now ?? '2026-11-28T03:00:00Z'));
  const db = options.file ? openDatabase(options.file) : freshDatabase();
  const config = configFromEnv({ RATE_LIMIT: 'off', ATTEMPT_CHALLENGE: 'off', ...options.env });
  createAdminToken(db, hashToken(ORGANISER_TOKEN), 'Ban Tổ chức', 'organiser', clock.now());
  createAdminToken(db, hashToken(JURY_TOKEN), 'Ban Giám khảo', 'jury', clock.now());
  if (options.seed !== false) seedDemoContests(db, clock.now());
  return appEnv(db, clock, config, options.log, options.sms);
}

/** The app over a given database and clock, with `call` to send it requests as a client would. */
export function appEnv(
  db: Db,
  clock: TestClock,
  config: Config = configFromEnv({ RATE_LIMIT: 'off', ATTEMPT_CHALLENGE: 'off' }),
  log?: Logger,
  sms?: SmsProvider,
): TestEnv {
  // Security events are dropped unless a test asks for them (admin-guard.test.ts): they would flood the output.
  const random = seededRandom();
  const store = sqliteStore({ db, clock: clock.now, random, config });
  const app = createApp({ db, store, clock: clock.now, config, random, log: log ?? (() => {}), ...(sms ? { sms } : {}) });
  return { app, db, store, clock, config, call: requester(app) };
}

/** Sends `app` requests as a client would, answering the status, the parsed body (or its text) and the headers. */
export function requester(app: Hono): TestEnv['call'] {
  return async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body: string | undefined = o.body;
    if (o.json !== undefined) {
      body = JSON.stringify(o.json);
      headers['content-type'] = 'application/json';
    }
    if (o.contentType) headers['content-type'] = o.contentType;
    const response = await app.request(path, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON: keep the text */
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };
}

/** A valid registration for someone born in 1990 in Thái Bình; `n` makes the ID and phone unique. */
export function person(n = 1, overrides: Record<string, unknown> = {}) {
  return {
    fullName: 'Nguyễn Văn An',
    birthDate: '1990-05-17',
    idNumber: `034090${String(n).padStart(6, '0')}`,
    phone: `0912${String(n).padStart(6, '0')}`,
    unitId: 'tp-thai-binh',
    occupation: 'can-bo',
    consent: true,
    ...overrides,
  };
}

export async function register(env: Pick<TestEnv, 'call'>, n = 1, overrides: Record<string, unknown> = {}, slug = OPEN) {
  const response = await env.call('POST', `/api/contests/${slug}/contestants`, { json: person(n, overrides) });
  if (response.status !== 201) throw new Error(`registration failed: ${JSON.stringify(response.body)}`);
  return response.body as { contestant: { id: string }; token: string };
}

export async function startAttempt(env: Pick<TestEnv, 'call'>, token: string, slug = OPEN) {
  const response = await env.call('POST', `/api/contests/${slug}/attempts`, { token });
  if (response.status !== 201 && response.status !== 200) throw new Error(`start failed: ${JSON.stringify(response.body)}`);
  return response.body as {
    id: string;
    deadline: string;
    questions: { id: string; text: string; options: { id: string; text: string }[] }[];
    answers: Record<string, string>;
  };
}

/** Where the correct answer of an attempt's question is shown: its options' order and the bank's answer (the same SQL on both stores). */
export const CORRECT_OPTION_SQL = `SELECT aq.option_order AS "optionOrder", q.answer FROM attempt_questions aq
  JOIN attempts a ON a.id = aq.attempt_id JOIN questions q ON q.contest_slug = a.contest_slug AND q.id = aq.question_id
  WHERE aq.attempt_id = ? AND aq.question_id = ?`;
export type CorrectOptionRow = { optionOrder: string; answer: number };

/** The shown option id of the bank's answer. */
export function shownOptionId(row: CorrectOptionRow): string {
  return 'abcdef'[(JSON.parse(row.optionOrder) as number[]).indexOf(row.answer)]!;
}

/** The shown option id of the correct answer, looked up in the bank the way only the server can. */
export function correctOptionId(env: TestEnv, attemptId: string, questionId: string): string {
  const row = env.db.prepare(CORRECT_OPTION_SQL).get(attemptId, questionId) as CorrectOptionRow;
  return shownOptionId(row);
}

export function wrongOptionId(env: TestEnv, attemptId: string, questionId: string): string {
  return correctOptionId(env, attemptId, questionId) === 'a' ? 'b' : 'a';
}

/** A fingerprint of every table, to prove a refused request changed nothing. */
export function snapshot(db: Db): string {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[];
  return JSON.stringify(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}"`).all()]));
}

/** Runs one command line against `databasePath`, capturing what the organiser sees. */
export async function cli(databasePath: string, ...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    env: { DATABASE_PATH: databasePath, RATE_LIMIT: 'off', USER: 'thuky' },
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}
