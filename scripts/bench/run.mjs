#!/usr/bin/env node
/**
 * The benchmark harness (`npm run bench`, not part of `npm test`; a smoke run of it is):
 *
 *   npm run bench -- [--attempts 5000000] [--duration 10] [--connections 50] [--write]
 *                    [--database path.db] [--keep] [--json out.json] [--max-minutes 60] [--note "…"]
 *                    [--store sqlite|postgres|both [--nodes N --proxy nginx] [--pg-settings "name=value,…"]]
 *   npm run bench -- --surge [--rates 10,20,40,80] [--step-seconds 20] [--pause-ms 250] [--drain-seconds 60] [--admission off] [--proxy nginx]
 *                    [--store postgres [--nodes N --proxy nginx]]
 *                    [--server other/dist/api/server.js] [--json out.json]
 *
 * With --surge, only the surge benchmark runs (scripts/bench/surge.mjs): journeys of virtual
 * contestants arriving at rising rates, against a fresh server. Otherwise:
 *
 * 1. generates a contest of N attempts into a fresh SQLite database (or reuses `--database` if it
 *    exists); with `--store postgres` or `both`, copies it into a PostgreSQL cluster of the run's own
 *    (postgres.mjs) before anything writes to it;
 * 2. starts the built server on it (on PostgreSQL `--nodes` of them, behind nginx when more than one)
 *    and runs every load route for `--duration` seconds each;
 * 3. times the organiser's work at N (stats, prize computation, exports) on fresh servers;
 * 4. reads the widget's sizes from dist/widget;
 * steps 2 and 3 for SQLite, then for PostgreSQL with `both`, which prints them side by side with
 * PostgreSQL's busiest statements (pg_stat_statements). Then prints a table; with `--write`
 * refreshes the figures in BENCHMARKS.md: SQLite's section for `--store sqlite`, PostgreSQL's own
 * section (with the SQLite column when `both`) otherwise.
 * Exits 1 when a route answered anything but 2xx (the harness or the server is broken), else 0,
 * whether or not targets are met.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadBuiltApi, SLUG } from './dist.mjs';
import { DEFAULT_ATTEMPTS, generateContest } from './generate.mjs';
import { loadRuns, sqliteDirect } from './load.mjs';
import { startNodes } from './nodes.mjs';
import { organiserTimings } from './organiser.mjs';
import { copyContestToPostgres, postgresDirect, resetStatements, startCluster, topStatements } from './postgres.mjs';
import { consoleTable, machine, postgresConsoleTable, widgetSizes, writeBenchmarks, writePostgresBenchmarks } from './report.mjs';
import { surgeRun, surgeTable } from './surge.mjs';

const { values: flags } = parseArgs({
  options: {
    attempts: { type: 'string', default: String(DEFAULT_ATTEMPTS) },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    database: { type: 'string' },
    keep: { type: 'boolean', default: false },
    write: { type: 'boolean', default: false },
    json: { type: 'string' },
    'max-minutes': { type: 'string', default: '60' },
    note: { type: 'string' },
    surge: { type: 'boolean', default: false },
    rates: { type: 'string', default: '10,20,40,80' },
    'step-seconds': { type: 'string', default: '20' },
    server: { type: 'string' },
    'pause-ms': { type: 'string', default: '250' },
    'drain-seconds': { type: 'string', default: '60' },
    proxy: { type: 'string' },
    admission: { type: 'string', default: 'on' },
    store: { type: 'string', default: 'sqlite' },
    nodes: { type: 'string', default: '1' },
    'pg-settings': { type: 'string' },
  },
});

function positive(name, value) {
  const n = Number(String(value).replace(/[_.]/g, ''));
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} phải là số nguyên dương (đang là "${value}")`);
    process.exit(2);
  }
  return n;
}

const options = {
  attempts: positive('attempts', flags.attempts),
  duration: positive('duration', flags.duration),
  connections: positive('connections', flags.connections),
  maxMinutes: positive('max-minutes', flags['max-minutes']),
};
const startedAt = new Date();
const log = (line) => console.log(line);

if (flags.surge) {
  if (flags.proxy !== undefined && flags.proxy !== 'nginx') {
    console.error(`--proxy chỉ nhận nginx (đang là "${flags.proxy}")`);
    process.exit(2);
  }
  if (flags.store !== 'sqlite' && flags.store !== 'postgres') {
    console.error(`--store chỉ nhận sqlite hoặc postgres (đang là "${flags.store}")`);
    process.exit(2);
  }
  const nodes = positive('nodes', flags.nodes);
  if (nodes > 1 && (flags.store !== 'postgres' || flags.proxy !== 'nginx')) {
    console.error('--nodes lớn hơn 1 cần --store postgres (các máy chủ dùng chung một cơ sở dữ liệu) và --proxy nginx (chia yêu cầu giữa chúng)');
    process.exit(2);
  }
  const rates = flags.rates.split(',').map((rate) => positive('rates', rate));
  log(`Benchmark dồn dập: ${rates.join(', ')} lượt đến/giây, mỗi mức ${flags['step-seconds']} s, admission control ${flags.admission}`);
  let code = 0;
  try {
    const result = await surgeRun({
      rates,
      stepSeconds: positive('step-seconds', flags['step-seconds']),
      pauseMs: positive('pause-ms', flags['pause-ms']),
      drainSeconds: positive('drain-seconds', flags['drain-seconds']),
      admission: flags.admission !== 'off',
      proxy: flags.proxy === 'nginx' ? 'nginx' : undefined,
      store: flags.store,
      nodes,
      serverEntry: flags.server ? resolve(flags.server) : undefined,
      log,
    });
    log(surgeTable(result));
    if (result.proxyErrors) log(`nginx ghi lỗi:\n${result.proxyErrors}`);
    if (result.serverErrors) log(`Máy chủ ghi lỗi:\n${result.serverErrors}`);
    if (flags.json) writeFileSync(flags.json, JSON.stringify({ measuredAt: startedAt.toISOString(), machine: machine(), ...result }, null, 2));
    // An acknowledged write that is not stored is a broken server, whatever the load.
    if (result.missing > 0) code = 1;
  } catch (error) {
    code = 1;
    console.error(`\nBenchmark dừng vì lỗi: ${error.stack ?? error}`);
  }
  process.exit(code);
}
const api = await loadBuiltApi();

if (!['sqlite', 'postgres', 'both'].includes(flags.store)) {
  console.error(`--store chỉ nhận sqlite, postgres hoặc both (đang là "${flags.store}")`);
  process.exit(2);
}
if (flags.proxy !== undefined && flags.proxy !== 'nginx') {
  console.error(`--proxy chỉ nhận nginx (đang là "${flags.proxy}")`);
  process.exit(2);
}
const nodes = positive('nodes', flags.nodes);
if (nodes > 1 && (flags.store === 'sqlite' || flags.proxy !== 'nginx')) {
  console.error('--nodes lớn hơn 1 cần --store postgres hoặc both (các máy chủ PostgreSQL dùng chung một cơ sở dữ liệu) và --proxy nginx (chia yêu cầu giữa chúng)');
  process.exit(2);
}
const onSqlite = flags.store !== 'postgres';
const onPostgres = flags.store !== 'sqlite';
const pgSettings = (flags['pg-settings'] ?? '')
  .split(',').map((s) => s.trim()).filter(Boolean);
// Ctrl-C and kill end the run through process.exit, so every 'exit' handler (servers, nginx, the PostgreSQL cluster) runs.
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));

const reuse = flags.database !== undefined && existsSync(flags.database);
const dir = flags.database ? null : mkdtempSync(join(tmpdir(), 'de-an-06-bench-'));
const databasePath = flags.database ? resolve(flags.database) : join(/** @type {string} */ (dir), 'bench.db');
if (dir && !flags.keep) process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
const startMachine = machine();

/**
 * Steps 2 and 3 on one store (nodes.mjs `startNodes`): the load runs, then the organiser's work.
 * `direct` reaches its database for what the load runs prepare (load.mjs).
 */
async function measure(store, direct, topology, data, deadline) {
  const server = await startNodes(store, topology);
  let load;
  let peaks;
  let serverRestarts;
  try {
    const info = /** @type {import('../../api/src/routes/views.js').PublicContest} */ (await (await fetch(`${server.base}/api/contests/${SLUG}`)).json());
    const participants = info.stats?.participants ?? data.contestants;
    load = await loadRuns(api, direct, server, { duration: options.duration, connections: options.connections, participants, deadline, log });
    peaks = server.peakRss();
    serverRestarts = server.restarts;
    if (server.errors()) log(`   Máy chủ ghi lỗi:\n${server.errors()}`);
  } finally {
    await server.stop();
  }
  log(`${store.kind === 'postgres' ? '3b' : '3'}. Việc của Ban Tổ chức${onSqlite && onPostgres ? (store.kind === 'postgres' ? ' (PostgreSQL)' : ' (SQLite)') : ''}…`);
  const organiser = await organiserTimings(store, { log, timeoutMs: Math.max(60_000, deadline - Date.now()), deadline });
  return { load, loadPeakRssBytes: Math.max(...peaks), nodePeakRssBytes: peaks, serverRestarts, organiser, nodes: topology.nodes, proxy: topology.proxy ?? null };
}

/** Runs that answered anything but 2xx, or lost connections, and organiser jobs that failed: a broken server or harness. */
const failuresOf = (measured, prefix = '') => [
  ...Object.entries(measured.load)
    .filter(([, r]) => r.non2xx > 0 || r.errors > r.timeouts) // autocannon counts a timeout as an error too
    .map(([key]) => `${prefix}${key}`),
  ...Object.entries(measured.organiser)
    .filter(([, r]) => r.error)
    .map(([key]) => `${prefix}${key}`),
];

let exitCode = 0;
let cluster = null;
try {
  log(`Benchmark de-an-06-quiz: ${options.attempts.toLocaleString('vi-VN')} lượt thi, mỗi lượt đo ${options.duration} s với ${options.connections} kết nối; cơ sở dữ liệu ${databasePath}`);
  let data;
  if (reuse) {
    const db = api.openDatabase(databasePath, { synchronous: 'NORMAL' });
    const counts = db.prepare(`SELECT (SELECT COUNT(*) FROM attempts WHERE contest_slug = @slug AND status = 'submitted') AS attempts,
      (SELECT COUNT(*) FROM contestants WHERE contest_slug = @slug) AS contestants`).get({ slug: SLUG });
    db.close();
    data = { ...counts, seconds: null };
    log(`1. Dùng lại cơ sở dữ liệu có sẵn: ${counts.attempts.toLocaleString('vi-VN')} lượt thi đã nộp.`);
  } else {
    log('1. Sinh dữ liệu…');
    data = generateContest(api, databasePath, {
      attempts: options.attempts,
      onProgress: (made, total) => process.stdout.write(`\r   ${made.toLocaleString('vi-VN')} / ${total.toLocaleString('vi-VN')} lượt thi`),
    });
    log(`\n   ${data.contestants.toLocaleString('vi-VN')} thí sinh, ${data.attempts.toLocaleString('vi-VN')} lượt thi trong ${data.seconds.toFixed(1)} s (ghi ${data.loadSeconds.toFixed(1)} s, dựng chỉ mục và số liệu duy trì phần còn lại)`);
  }
  let postgres = null;
  if (onPostgres) {
    // Copied before any measurement writes to the SQLite file: both stores start from the same rows.
    log(`1b. Chép sang PostgreSQL (cụm riêng của lần đo${pgSettings.length ? `, ${pgSettings.join(', ')}` : ''})…`);
    cluster = await startCluster({ settings: pgSettings });
    const copy = await copyContestToPostgres(api, databasePath, cluster.url, { log });
    log(`   xong trong ${copy.seconds.toFixed(1)} s; PostgreSQL ${cluster.version}, cơ sở dữ liệu ${Math.round(copy.databaseBytes / 1048576)} MB`);
    postgres = { version: cluster.version, settings: cluster.settings, extraSettings: pgSettings, copy };
  }

  // The time bound starts once the data exists: generating N attempts takes what it takes.
  const deadline = Date.now() + options.maxMinutes * 60_000;
  const report = {
    measuredAt: startedAt.toISOString(),
    measuredAtText: api.formatVietnamTime(startedAt.toISOString()),
    note: flags.note ?? null,
    command: `npm run bench -- --attempts ${options.attempts} --duration ${options.duration} --connections ${options.connections}` +
      (flags.store !== 'sqlite' ? ` --store ${flags.store}` : '') +
      (nodes > 1 ? ` --nodes ${nodes} --proxy nginx` : flags.proxy ? ` --proxy ${flags.proxy}` : '') +
      (pgSettings.length ? ` --pg-settings "${pgSettings.join(',')}"` : '') +
      (flags.write ? ' --write' : ''),
    machine: startMachine,
    store: flags.store,
    options,
    data,
    widget: widgetSizes(),
  };
  if (onSqlite) {
    log('2. Đo tải (máy chủ dựng từ dist/, synchronous=FULL, RATE_LIMIT=off, ATTEMPT_CHALLENGE=off)…');
    const sqlite = await measure({ kind: 'sqlite', databasePath }, sqliteDirect(api, databasePath), { nodes: 1 }, data, deadline);
    const db = api.openDatabase(databasePath, { synchronous: 'NORMAL' });
    report.sqliteVersion = db.prepare('SELECT sqlite_version() AS v').get().v;
    db.close();
    Object.assign(report, { load: sqlite.load, loadPeakRssBytes: sqlite.loadPeakRssBytes, serverRestarts: sqlite.serverRestarts, organiser: sqlite.organiser });
  }
  if (postgres && cluster) {
    const where = nodes > 1 ? `${nodes} máy chủ sau nginx` : flags.proxy ? 'một máy chủ sau nginx' : 'một máy chủ';
    log(`2b. Đo tải trên PostgreSQL (${where}, DATABASE_POOL_SIZE mặc định, RATE_LIMIT=off, ATTEMPT_CHALLENGE=off)…`);
    // With `both`, a failure here leaves SQLite's figures to print and save.
    try {
      await resetStatements(cluster.url);
      const measured = await measure({ kind: 'postgres', url: cluster.url }, postgresDirect(cluster.url), { nodes, proxy: flags.proxy }, data, deadline);
      report.postgres = { ...postgres, ...measured, statements: await topStatements(cluster.url) };
    } catch (error) {
      if (!onSqlite) throw error;
      report.postgresError = String(error.stack ?? error);
      console.error(`\nPhần đo PostgreSQL dừng vì lỗi: ${report.postgresError}`);
      if (cluster.log()) console.error(`Nhật ký PostgreSQL (cuối):\n${cluster.log()}`);
    }
  }
  if (onSqlite) log(consoleTable(report));
  if (report.postgres) log(postgresConsoleTable(report));

  // A broken route or harness fails the run; a slow one (few or no answers in time) is a figure, not a failure.
  const failures = [...(report.load ? failuresOf(report) : []), ...(report.postgres ? failuresOf(report.postgres, 'postgres:') : [])];
  if (report.postgresError) failures.push('postgres');
  report.failures = failures;
  if (failures.length) {
    exitCode = 1;
    log(`\nCó tuyến trả lời không phải 2xx, lỗi kết nối hoặc việc của Ban Tổ chức bị lỗi: ${failures.join(', ')}`);
  }
  if (flags.json) writeFileSync(flags.json, JSON.stringify(report, null, 2));
  if (flags.write) {
    // `both` writes PostgreSQL's section only (with the SQLite column): SQLite's keeps its own run at its own size.
    if (report.postgres) writePostgresBenchmarks(report);
    else if (!onPostgres) writeBenchmarks(report);
    log(report.postgres || !onPostgres ? 'Đã cập nhật BENCHMARKS.md' : 'Không cập nhật BENCHMARKS.md: phần đo PostgreSQL không xong');
  }
} catch (error) {
  exitCode = 1;
  console.error(`\nBenchmark dừng vì lỗi: ${error.stack ?? error}`);
  if (cluster?.log()) console.error(`Nhật ký PostgreSQL (cuối):\n${cluster.log()}`);
} finally {
  await cluster?.stop().catch((error) => console.error(`Không dừng được cụm PostgreSQL của lần đo: ${error.message}`));
  if (dir && !flags.keep) rmSync(dir, { recursive: true, force: true });
  else if (dir) log(`Giữ lại ${databasePath}`);
}
process.exit(exitCode);
