/** Starts the built server (`node dist/api/server.js`) on a benchmark database and reads its memory from /proc. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import pg from 'pg';
import { SERVER_ENTRY } from './dist.mjs';

export const BENCH_ADMIN_TOKEN = 'eXVBDU-ETh4-hIzMI3j8lsB1La7CgtwF6ua3wQKi5UE';
/** Every node of a PostgreSQL run signs and checks challenges with one key (decision 0042). */
export const BENCH_CHALLENGE_KEY = 'b'.repeat(64);
/** The PostgreSQL server a `--store postgres` run creates its database on (trust auth, as on every machine of the project). */
const BENCH_ADMIN_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh PostgreSQL database for one run, dropped by `drop()`. */
export async function createBenchDatabase() {
  const name = `quiz_bench_${process.pid}_${Date.now()}`;
  const admin = async (sql) => {
    const client = new pg.Client({ connectionString: BENCH_ADMIN_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
  const url = new URL(BENCH_ADMIN_URL);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * Environment of a benchmark server: rate limits and the proof of work off (one address sends
 * everything, and the client would otherwise solve a challenge per start), demo seeding off (the
 * generator seeded), durability as in production (synchronous=FULL is the server's default),
 * admission control off (these runs measure throughput at a fixed concurrency; the surge
 * benchmark measures shedding).
 */
export function benchEnvironment(databasePath, port) {
  return {
    ...process.env,
    DATABASE_PATH: databasePath,
    PORT: String(port),
    HOST: '127.0.0.1',
    ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
    SEED_DEMO: 'off',
    RATE_LIMIT: 'off',
    ATTEMPT_CHALLENGE: 'off',
    ADMISSION: 'off',
  };
}

/** Resident and peak resident memory of a process, in bytes (VmRSS and VmHWM). */
export function memoryOf(pid) {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/** Spawns the server (`entry`, by default the build of this tree) and waits until /api/health answers. */
async function spawnServer(databasePath, port, env, entry = SERVER_ENTRY) {
  const child = spawn(process.execPath, [entry], {
    env: { ...benchEnvironment(databasePath, port), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const state = { child, errors: '' };
  child.stderr.on('data', (chunk) => {
    state.errors = (state.errors + chunk).slice(-4000);
  });
  // Never leave the server behind, whatever happens to the harness.
  state.kill = () => child.kill('SIGKILL');
  process.once('exit', state.kill);
  state.exited = new Promise((resolve) => child.once('exit', resolve));
  state.exited.then(() => process.off('exit', state.kill));

  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Máy chủ dừng ngay khi khởi động:\n${state.errors}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return state;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      state.kill();
      throw new Error(`Máy chủ không khởi động được sau 60 giây:\n${state.errors}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Starts the server; `stop()` ends it with SIGTERM (SIGKILL after 15 s); `restart()` kills it at once
 * and starts it again on the same database and port (to drop a backlog of slow requests; every
 * acknowledged write survives, as after any crash).
 */
/** @param {string} databasePath @param {{ port?: number, env?: Record<string, string>, entry?: string }} [options] */
export async function startServer(databasePath, { port, env = {}, entry } = {}) {
  port ??= await freePort();
  let state = await spawnServer(databasePath, port, env, entry);
  let peak = 0;
  const memory = () => {
    const now = memoryOf(state.child.pid);
    peak = Math.max(peak, now.hwm);
    return now;
  };
  return {
    base: `http://127.0.0.1:${port}`,
    restarts: 0,
    get pid() {
      return state.child.pid;
    },
    memory,
    /** The highest VmHWM seen across restarts. */
    peakRss: () => Math.max(peak, state.child.exitCode === null ? memory().hwm : 0),
    /** What the server wrote to stderr (its error log), for reports of failures. */
    errors: () => state.errors,
    async restart() {
      memory();
      this.restarts++;
      state.kill();
      await state.exited;
      state = await spawnServer(databasePath, port, env, entry);
    },
    async stop() {
      if (state.child.exitCode !== null) return;
      state.child.kill('SIGTERM');
      const timer = setTimeout(state.kill, 15_000);
      await state.exited;
      clearTimeout(timer);
    },
  };
}
