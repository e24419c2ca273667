#!/usr/bin/env node
/**
 * Export memory benchmark: do the attempts exports stream, or do they hold the file in memory?
 *
 *   npm run build:api && node scripts/bench-export.mjs [--attempts 1000000] [--answers 20] [--formats csv,xlsx]
 *     [--endpoints attempts,contestants,ranking] [--db existing.db] [--keep]
 *
 * Generates a database with N submitted attempts (the realistic contest of scripts/bench/generate.mjs,
 * with `--answers` saved answers each) in the demo contest, then for each format starts the built server afresh
 * (node dist/api/server.js), downloads GET /api/admin/contests/:slug/<endpoint>?format=… to nowhere
 * (`--endpoints`, default attempts; `--db` reuses a database generated before instead),
 * and prints rows/s, the server's CPU time per row (all its threads), the server's peak RSS (VmHWM from /proc/<pid>/status) against its peak
 * before the export, and the slowest answer to a contestant request made during the export.
 * Not part of `npm test`; `npm run bench` (scripts/bench/run.mjs) measures every route and the ranking export too.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBuiltApi, SLUG } from './bench/dist.mjs';
import { generateContest } from './bench/generate.mjs';
import { BENCH_ADMIN_TOKEN as TOKEN, startServer } from './bench/server.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 && args[index + 1] !== undefined ? args[index + 1] : fallback;
};
const ATTEMPTS = Number(option('attempts', '1000000'));
const ANSWERS = Number(option('answers', '20'));
const FORMATS = option('formats', 'csv,xlsx').split(',');
const KEEP = args.includes('--keep');
const REUSE = option('db', null);
const ENDPOINTS = option('endpoints', 'attempts').split(',');

if (!Number.isInteger(ATTEMPTS) || ATTEMPTS < 1) throw new Error('--attempts phải là số nguyên dương');

const api = await loadBuiltApi();
const dir = REUSE ? null : mkdtempSync(join(tmpdir(), 'bench-export-'));
const databasePath = REUSE ?? join(/** @type {string} */ (dir), 'bench.db');
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * CPU seconds a process has used, all its threads (export workers included): utime + stime of
 * /proc/<pid>/stat. Less disturbed than rows/s by other work on a shared machine.
 */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // fields 14 and 15, in clock ticks of 1/100 s
}

// ── 1. Generate ─────────────────────────────────────────────────────────
function generate() {
  const made = generateContest(api, databasePath, {
    attempts: ATTEMPTS,
    answersPerAttempt: ANSWERS,
    onProgress: (done, total) => process.stdout.write(`\r  tạo dữ liệu: ${done.toLocaleString('vi-VN')} / ${total.toLocaleString('vi-VN')} lượt thi`),
  });
  console.log(`\n  xong sau ${made.seconds.toFixed(1)} s (${made.questions} câu hỏi trong ngân hàng)`);
}

/** How many rows an export holds, from the database (for formats whose lines are not counted). */
function rowsInDatabase(endpoint) {
  const db = api.openDatabase(databasePath, { synchronous: 'NORMAL' });
  try {
    const table = { attempts: 'attempts', contestants: 'contestants', ranking: 'participation' }[endpoint];
    return table ? db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE contest_slug = ?`).get(SLUG).n : Number.NaN;
  } finally {
    db.close();
  }
}

// ── 2. Serve and download ───────────────────────────────────────────────
async function measure(format, endpoint) {
  const server = await startServer(databasePath);
  const base = server.base;
  try {
    await fetch(`${base}/api/contests/${SLUG}`); // warm up
    const before = server.memory();
    let slowest = 0;
    const probeFailures = [];
    let probing = true;
    const probe = (async () => {
      while (probing) {
        const t = performance.now();
        try {
          const probeResponse = await fetch(`${base}/api/contests/${SLUG}/units`);
          await probeResponse.arrayBuffer();
          if (!probeResponse.ok) probeFailures.push(`HTTP ${probeResponse.status}`);
        } catch (error) {
          probeFailures.push(`${error.message} (${error.cause?.code ?? error.cause?.message ?? ''})`);
        }
        slowest = Math.max(slowest, performance.now() - t);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const cpuBefore = cpuSeconds(server.pid);
    const started = performance.now();
    const response = await fetch(`${base}/api/admin/contests/${SLUG}/${endpoint}?format=${format}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    if (!response.ok) throw new Error(`${format}: HTTP ${response.status} ${await response.text()}`);
    let bytes = 0;
    let lines = 0;
    let firstByteMs = null;
    for await (const chunk of response.body ?? []) {
      firstByteMs ??= performance.now() - started;
      bytes += chunk.byteLength;
      if (format === 'csv') for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++;
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = cpuSeconds(server.pid) - cpuBefore;
    probing = false;
    await probe;
    const after = server.memory();
    if (format === 'csv' && endpoint === 'attempts' && !REUSE && lines !== ATTEMPTS + 1) throw new Error(`CSV có ${lines} dòng, cần ${ATTEMPTS + 1}`);
    if (probeFailures.length) throw new Error(`${probeFailures.length} yêu cầu của thí sinh bị lỗi trong lúc xuất: ${probeFailures.join('; ')}`);
    const rows = format === 'csv' ? lines - 1 : rowsInDatabase(endpoint); // an XLSX file's rows are not counted
    return { format, seconds, bytes, firstByteMs, rows, rowsPerSecond: rows / seconds, before, after, slowest, cpuMicrosPerRow: (cpu * 1e6) / rows };
  } finally {
    await server.stop();
  }
}

console.log(`Benchmark xuất tệp lượt thi: ${ATTEMPTS.toLocaleString('vi-VN')} lượt thi, ${ANSWERS} câu trả lời mỗi lượt, cơ sở dữ liệu ${databasePath}`);
try {
  if (!REUSE) generate();
  for (const endpoint of ENDPOINTS) for (const format of FORMATS) {
    const r = await measure(format, endpoint);
    console.log(
      `  ${endpoint} ${format.toUpperCase().padEnd(4)} ${r.rows.toLocaleString('vi-VN')} dòng trong ${r.seconds.toFixed(1)} s, ${Math.round(r.rowsPerSecond).toLocaleString('vi-VN')} dòng/s, CPU máy chủ ${r.cpuMicrosPerRow.toFixed(1)} µs/dòng, ${mb(r.bytes)}, byte đầu tiên sau ${r.firstByteMs?.toFixed(0)} ms; ` +
        `RSS đỉnh của máy chủ ${mb(r.after.hwm)} (trước khi xuất ${mb(r.before.hwm)}, tăng ${mb(r.after.hwm - r.before.hwm)}); ` +
        `yêu cầu chậm nhất của thí sinh trong lúc xuất ${r.slowest.toFixed(0)} ms`,
    );
  }
} finally {
  if (!dir) {
    /* --db: the caller's file */
  } else if (KEEP) console.log(`  giữ lại ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
