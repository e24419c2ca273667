/**
 * Real server processes for the crash, race and fault suites (crash.test.ts, races.test.ts,
 * faults.test.ts): in-process requests are serialised by one JS thread, so these suites need
 * separate processes, each with its own connection to the database file, on loopback only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COUNTING } from '../src/db/rankings.js';
import { BUILT_SERVER } from './built-server.js';

export interface ServerProcess {
  base: string;
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What the process printed so far, for failure messages. */
  output: () => string;
}

const running = new Set<ServerProcess>();

/** A fresh temporary database path. */
export function tempDatabase(prefix = 'quiz-proc-'): string {
  return join(mkdtempSync(join(tmpdir(), prefix)), 'quiz.db');
}

/** A port the kernel just handed out, so parallel suites never collide. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** What the server prints once it listens (api/src/server.ts): proof that this process holds the port. */
const LISTENING = 'de-an-06-quiz đang chạy';

/**
 * Spawns the compiled server (built-server.ts) on a free loopback port and waits until it listens and
 * answers. A port found free may be taken by another test file's server before this one binds it:
 * that server would answer /api/health while this one exits with EADDRINUSE, and the test would talk
 * to a stranger that goes away with its own file. So ready means this process said it listens; a
 * port taken meanwhile is tried again with another.
 */
export async function startServer(databasePath: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  for (let attempt = 1; ; attempt++) {
    const started = await startOnFreePort(databasePath, env);
    if ('server' in started) return started.server;
    if (!started.output.includes('EADDRINUSE') || attempt === 5) throw new Error(`server did not start:\n${started.output}`);
  }
}

async function startOnFreePort(databasePath: string, env: Record<string, string>): Promise<{ server: ServerProcess } | { output: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [BUILT_SERVER], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: databasePath, RATE_LIMIT: 'off', ATTEMPT_CHALLENGE: 'off', ADMISSION: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  child.stdout!.on('data', (chunk) => (printed += chunk));
  child.stderr!.on('data', (chunk) => (printed += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const server: ServerProcess = { base: `http://127.0.0.1:${port}`, child, exited, output: () => printed };
  running.add(server);
  void exited.then(() => running.delete(server));
  const giveUpAt = Date.now() + 15_000;
  while (Date.now() < giveUpAt) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await exited;
      return { output: printed };
    }
    if (printed.includes(LISTENING)) {
      try {
        if ((await fetch(`${server.base}/api/health`)).ok) return { server };
      } catch {
        /* not answering yet */
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  child.kill('SIGKILL');
  await exited;
  throw new Error(`server did not start:\n${printed}`);
}

/** SIGKILL, and wait until the process is gone. */
export async function killServer(server: ServerProcess): Promise<void> {
  server.child.kill('SIGKILL');
  await server.exited;
}

/** For afterEach: no process outlives its test. */
export async function killAll(): Promise<void> {
  await Promise.all([...running].map(killServer));
}

export interface Reply {
  status: number;
  body: any;
  headers: Headers;
}

/** One JSON request as a client sends it; rejects when the connection dies (no response). */
export async function call(base: string, method: string, path: string, options: { json?: unknown; token?: string } = {}): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    body: options.json === undefined ? undefined : JSON.stringify(options.json),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON: keep the text */
  }
  return { status: response.status, body, headers: response.headers };
}

/** The maintained participation figures and a full recount from the attempts, for `toEqual`. */
export function participationAndRecount(db: import('better-sqlite3').Database) {
  const stored = {
    participation: db.prepare('SELECT contestant_id, contest_slug, unit_id, attempts, best_score, perfect FROM participation ORDER BY contestant_id').all(),
    units: db.prepare('SELECT * FROM unit_participation WHERE participants > 0 OR attempts > 0 ORDER BY contest_slug, unit_id').all(),
  };
  const recounted = `
    SELECT c.id AS contestant_id, c.contest_slug, c.unit_id, COUNT(*) AS attempts, MAX(a.score) AS best_score, MAX(a.score = a.total) AS perfect
    FROM attempts a JOIN contestants c ON c.id = a.contestant_id WHERE ${COUNTING} GROUP BY c.id`;
  const recount = {
    participation: db.prepare(`${recounted} ORDER BY c.id`).all(),
    units: db
      .prepare(
        `SELECT contest_slug, unit_id, COUNT(*) AS participants, SUM(attempts) AS attempts, SUM(best_score) AS best_score_sum,
                SUM(perfect) AS perfect_participants
         FROM (${recounted}) GROUP BY contest_slug, unit_id ORDER BY contest_slug, unit_id`,
      )
      .all(),
  };
  return { stored, recount };
}
