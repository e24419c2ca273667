#!/usr/bin/env node
/**
 * Export memory benchmark: do the attempts exports stream, or do they hold the file in memory?
 *
 *   npm run build:api && node scripts/bench-export.mjs [--attempts 1000000] [--answers 20] [--formats csv,xlsx] [--keep]
 *
 * Generates a database with N submitted attempts (two per contestant, `--answers` saved answers
 * each) in the demo contest, then for each format starts the built server afresh
 * (node dist/api/server.js), downloads GET /api/admin/contests/:slug/attempts?format=… to nowhere,
 * and prints rows/s, the server's peak RSS (VmHWM from /proc/<pid>/status) against its peak
 * before the export, and the slowest answer to a contestant request made during the export.
 * Not part of `npm test`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 && args[index + 1] !== undefined ? args[index + 1] : fallback;
};
const ATTEMPTS = Number(option('attempts', '1000000'));
const ANSWERS = Number(option('answers', '20'));
const FORMATS = option('formats', 'csv,xlsx').split(',');
const KEEP = args.includes('--keep');
const SLUG = 'de-an-06-thai-binh';
const TOKEN = 'bench-export-admin-token-0123456789';

if (!Number.isInteger(ATTEMPTS) || ATTEMPTS < 1) throw new Error('--attempts phải là số nguyên dương');

const dist = (path) => pathToFileURL(join(root, 'dist', 'api', path)).href;
let openDatabase, rebuildParticipation, seedDemoContests, THAI_BINH_UNITS;
try {
  ({ openDatabase } = await import(dist('db/connection.js')));
  ({ rebuildParticipation } = await import(dist('db/participation.js')));
  ({ seedDemoContests, THAI_BINH_UNITS } = await import(dist('seed/demo.js')));
} catch {
  console.error('Chưa có dist/api: hãy chạy `npm run build` (hoặc `npm run build:api`) trước.');
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'bench-export-'));
const databasePath = join(dir, 'bench.db');
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

// ── 1. Generate ─────────────────────────────────────────────────────────
function generate() {
  const started = performance.now();
  const db = openDatabase(databasePath, { synchronous: 'NORMAL' });
  db.pragma('synchronous = OFF');
  seedDemoContests(db, new Date());
  const questionIds = db.prepare('SELECT id FROM questions WHERE contest_slug = ? ORDER BY position').all(SLUG).map((r) => r.id);
  const units = THAI_BINH_UNITS.filter((u) => u.kind !== 'group').map((u) => u.id);
  const occupations = ['can-bo', 'luc-luong-vu-trang', 'doan-vien', 'hoc-sinh'];
  const names = ['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Văn Cường', 'Phạm Thị Dung', 'Hoàng Văn Đức', 'Vũ Thị Hạnh', 'Đặng Quốc Huy', 'Bùi Thị Lan'];
  const insertContestant = db.prepare(
    `INSERT INTO contestants (id, contest_slug, id_number, full_name, birth_date, phone, email, unit_id, occupation, source, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAttempt = db.prepare(
    `INSERT INTO attempts (id, contest_slug, contestant_id, status, started_at, deadline, submitted_at, score, total, duration_ms, prediction, source)
     VALUES (?, ?, ?, 'submitted', ?, ?, ?, ?, 20, ?, ?, ?)`,
  );
  const insertAnswer = db.prepare('INSERT INTO attempt_answers (attempt_id, question_id, option_index, saved_at) VALUES (?, ?, ?, ?)');
  const base = Date.parse('2026-11-01T01:00:00Z');
  const batch = 50_000;
  const pool = [...questionIds];
  for (let from = 0; from < ATTEMPTS; from += batch) {
    db.transaction(() => {
      for (let i = from; i < Math.min(from + batch, ATTEMPTS); i++) {
        const n = Math.floor(i / 2);
        const contestantId = `c${String(n).padStart(9, '0')}`;
        const at = new Date(base + i * 1000);
        if (i % 2 === 0) {
          insertContestant.run(
            contestantId, SLUG, `034${String(n).padStart(9, '0')}`, names[n % names.length], '1990-05-17',
            `09${String(n % 100_000_000).padStart(8, '0')}`, n % 3 === 0 ? `thi-sinh-${n}@thaibinh.gov.vn` : null,
            units[n % units.length], occupations[n % occupations.length], n % 2 ? 'baothaibinh.com.vn' : null, at.toISOString(),
          );
        }
        const attemptId = `a${String(i).padStart(9, '0')}`;
        const duration = 60_000 + (i % 840) * 1000;
        insertAttempt.run(
          attemptId, SLUG, contestantId, at.toISOString(), new Date(at.getTime() + 900_000).toISOString(),
          new Date(at.getTime() + duration).toISOString(), i % 21, duration, 1000 + (i % 5000), n % 2 ? 'baothaibinh.com.vn' : null,
        );
        // A partial shuffle draws this attempt's questions.
        for (let k = 0; k < ANSWERS && k < pool.length; k++) {
          const j = k + ((i * 7919 + k * 104_729) % (pool.length - k));
          [pool[k], pool[j]] = [pool[j], pool[k]];
          insertAnswer.run(attemptId, pool[k], (i + k) % 4, at.toISOString());
        }
      }
    })();
    process.stdout.write(`\r  tạo dữ liệu: ${Math.min(from + batch, ATTEMPTS).toLocaleString('vi-VN')} / ${ATTEMPTS.toLocaleString('vi-VN')} lượt thi`);
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  rebuildParticipation(db); // rows were inserted directly: bring the maintained figures up to date
  db.close();
  console.log(`\n  xong sau ${((performance.now() - started) / 1000).toFixed(1)} s (${questionIds.length} câu hỏi trong ngân hàng)`);
}

// ── 2. Serve and download ───────────────────────────────────────────────
const status = (pid) => {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
};

async function startServer(port) {
  const server = spawn(process.execPath, [join(root, 'dist', 'api', 'server.js')], {
    env: { ...process.env, DATABASE_PATH: databasePath, PORT: String(port), HOST: '127.0.0.1', ADMIN_TOKEN: TOKEN, SEED_DEMO: 'on', RATE_LIMIT: 'off' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // Never leave the server behind, whatever happens to this script.
  const stop = () => server.kill('SIGKILL');
  process.once('exit', stop);
  server.once('exit', () => process.off('exit', stop));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { server, base };
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  server.kill();
  throw new Error('Máy chủ không khởi động được');
}

async function measure(format, port) {
  const { server, base } = await startServer(port);
  try {
    await fetch(`${base}/api/contests/${SLUG}`); // warm up
    const before = status(server.pid);
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
    const started = performance.now();
    const response = await fetch(`${base}/api/admin/contests/${SLUG}/attempts?format=${format}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    if (!response.ok) throw new Error(`${format}: HTTP ${response.status} ${await response.text()}`);
    let bytes = 0;
    let lines = 0;
    let firstByteMs = null;
    for await (const chunk of response.body) {
      firstByteMs ??= performance.now() - started;
      bytes += chunk.byteLength;
      if (format === 'csv') for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++;
    }
    const seconds = (performance.now() - started) / 1000;
    probing = false;
    await probe;
    const after = status(server.pid);
    if (format === 'csv' && lines !== ATTEMPTS + 1) throw new Error(`CSV có ${lines} dòng, cần ${ATTEMPTS + 1}`);
    if (probeFailures.length) throw new Error(`${probeFailures.length} yêu cầu của thí sinh bị lỗi trong lúc xuất: ${probeFailures.join('; ')}`);
    return { format, seconds, bytes, firstByteMs, rowsPerSecond: ATTEMPTS / seconds, before, after, slowest };
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
}

console.log(`Benchmark xuất tệp lượt thi: ${ATTEMPTS.toLocaleString('vi-VN')} lượt thi, ${ANSWERS} câu trả lời mỗi lượt, cơ sở dữ liệu ${databasePath}`);
try {
  generate();
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  for (const format of FORMATS) {
    const r = await measure(format, port);
    console.log(
      `  ${format.toUpperCase().padEnd(4)} ${r.seconds.toFixed(1)} s, ${Math.round(r.rowsPerSecond).toLocaleString('vi-VN')} dòng/s, ${mb(r.bytes)}, byte đầu tiên sau ${r.firstByteMs?.toFixed(0)} ms; ` +
        `RSS đỉnh của máy chủ ${mb(r.after.hwm)} (trước khi xuất ${mb(r.before.hwm)}, tăng ${mb(r.after.hwm - r.before.hwm)}); ` +
        `yêu cầu chậm nhất của thí sinh trong lúc xuất ${r.slowest.toFixed(0)} ms`,
    );
  }
} finally {
  if (KEEP) console.log(`  giữ lại ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
