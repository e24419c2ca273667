#!/usr/bin/env node
/**
 * Two (or more) builds of the server compared on the public reads, for a machine others share:
 *
 *   node scripts/bench/ab.mjs --database bench.db [--rounds 15] [--seconds 1] [--connections 50]
 *        before=/path/to/other/worktree now=.
 *
 * Each `label=root` names a tree with a build (`root/dist/api/server.js`, its own node_modules).
 * Every build gets its own copy of `--database` (one made by `scripts/bench/generate.mjs`, e.g. kept
 * by `npm run bench -- --keep`; a newer build migrates its copy). The servers run side by side and
 * are measured in turns, route by route, `--rounds` short bursts each: other people's work on the
 * machine slows some bursts, never speeds one up, so the best burst of each route says what the
 * build can do, and the ratio of a route's best to the baseline's best compares builds fairly. Also
 * printed: the server's CPU time per request (utime + stime from /proc), median and least.
 */
import autocannon from 'autocannon';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SLUG } from './dist.mjs';
import { startServer } from './server.mjs';

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    database: { type: 'string' },
    rounds: { type: 'string', default: '15' },
    seconds: { type: 'string', default: '1' },
    connections: { type: 'string', default: '50' },
  },
});
if (!flags.database || positionals.length === 0) {
  console.error('Cách dùng: node scripts/bench/ab.mjs --database bench.db trước=/đường/dẫn/cây sau=.');
  process.exit(2);
}
const rounds = Number(flags.rounds);
const seconds = Number(flags.seconds);
const connections = Number(flags.connections);
const PATHS = ['/api/ping', `/api/contests/${SLUG}`, `/api/contests/${SLUG}/leaderboard?limit=20`];
const NAMES = ['cơ sở (ping)', 'thông tin cuộc thi', 'bảng xếp hạng'];

/** @param {string} url @param {number} duration @returns {Promise<any>} */
const fire = (url, duration) =>
  new Promise((done, fail) => autocannon({ url, connections, duration, timeout: 10 }, (error, result) => (error ? fail(error) : done(result))));

/** CPU time (user + system) a process has used, in microseconds (clock ticks of 10 ms). */
function cpuMicros(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

const dir = mkdtempSync(join(tmpdir(), 'de-an-06-ab-'));
const builds = [];
try {
  for (const spec of positionals) {
    const [label, root] = spec.split('=');
    const database = join(dir, `${label}.db`);
    copyFileSync(resolve(flags.database), database);
    const server = await startServer(database, { entry: join(resolve(root ?? '.'), 'dist', 'api', 'server.js') });
    await fire(`${server.base}/api/ping`, 2);
    for (const path of PATHS) await fire(server.base + path, 1);
    builds.push({ label, server, runs: PATHS.map(() => /** @type {{ rps: number, us: number }[]} */ ([])) });
  }
  for (let round = 0; round < rounds; round++) {
    for (const [i, path] of PATHS.entries()) {
      for (const build of builds) {
        const before = cpuMicros(build.server.pid);
        const result = await fire(build.server.base + path, seconds);
        if (result.non2xx > 0) throw new Error(`${build.label} ${path}: ${result.non2xx} câu trả lời không phải 2xx`);
        build.runs[i].push({ rps: result['2xx'] / result.duration, us: (cpuMicros(build.server.pid) - before) / result.requests.total });
      }
    }
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  console.log(`${rounds} lượt × ${seconds} s mỗi tuyến, ${connections} kết nối; tỷ lệ = lượt tốt nhất của tuyến ÷ lượt tốt nhất của cơ sở`);
  for (const build of builds) {
    const best = build.runs.map((runs) => Math.max(...runs.map((r) => r.rps)));
    const cells = PATHS.map(
      (_, i) =>
        `${NAMES[i]} ${Math.round(best[i]).toLocaleString('vi-VN')}/s${i ? ` (${(best[i] / best[0]).toFixed(2)})` : ''}, CPU ${median(build.runs[i].map((r) => r.us)).toFixed(0)} µs (ít nhất ${Math.min(...build.runs[i].map((r) => r.us)).toFixed(0)})`,
    );
    console.log(`${build.label}: ${cells.join(' | ')}`);
  }
} finally {
  for (const build of builds) await build.server.stop();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
