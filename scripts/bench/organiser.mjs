/**
 * What the organisers wait for at N attempts: participation statistics, the prize computation (a
 * dry run, nothing published) and the exports, each timed on a freshly started server so its peak
 * memory (VmHWM) belongs to that work alone. The exports are SQLite's alone so far (decision 0045):
 * on PostgreSQL they are reported as not there yet, not timed.
 */
import { SLUG } from './dist.mjs';
import { startNodes } from './nodes.mjs';
import { BENCH_ADMIN_TOKEN } from './server.mjs';

const ADMIN = { authorization: `Bearer ${BENCH_ADMIN_TOKEN}` };
const STATS_REPEATS = 5;
const PRIZE_REPEATS = 2;
const REPEAT_BUDGET_MS = 30_000;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

async function timedRequest(url, init, timeoutMs) {
  const started = performance.now();
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  const body = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: HTTP ${response.status} ${body.slice(0, 300)}`);
  return { ms: performance.now() - started, body };
}

/**
 * Cold (first request after start) and warm (median of up to `repeats` following ones) timings of one
 * organiser request; repeats stop once REPEAT_BUDGET_MS is spent, so a slow one is timed once.
 */
async function repeatTimings(url, init, repeats, timeoutMs) {
  const started = Date.now();
  const cold = await timedRequest(url, init, timeoutMs);
  const warm = [];
  while (warm.length < repeats && Date.now() - started < REPEAT_BUDGET_MS) warm.push((await timedRequest(url, init, timeoutMs)).ms);
  const timings = warm.length ? warm : [cold.ms];
  return { coldMs: cold.ms, medianMs: median(timings), maxMs: Math.max(...timings), repeats: warm.length, body: cold.body };
}

/** Streams an export to nowhere, counting its lines; rows/s and the server's peak memory. */
async function timedExport(server, path, timeoutMs) {
  const before = server.memory();
  const started = performance.now();
  const response = await fetch(`${server.base}${path}`, { headers: ADMIN, signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status} ${(await response.text()).slice(0, 300)}`);
  let bytes = 0;
  let lines = 0;
  let firstByteMs = null;
  let hwm = before.hwm;
  let sampled = performance.now();
  for await (const chunk of response.body ?? []) {
    firstByteMs ??= performance.now() - started;
    bytes += chunk.byteLength;
    for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++;
    if (performance.now() - sampled > 500) {
      hwm = Math.max(hwm, server.memory().hwm);
      sampled = performance.now();
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const after = server.memory();
  const rows = lines - 1; // the header line
  return { rows, seconds, rowsPerSecond: rows / seconds, bytes, firstByteMs, peakRssBytes: Math.max(hwm, after.hwm), rssBeforeBytes: before.rss };
}

/** Runs `work` against a fresh server on the store (nodes.mjs), stopping the server whatever happens. */
async function withServer(store, work) {
  const server = await startNodes(store);
  try {
    await fetch(`${server.base}/api/contests/${SLUG}`); // one ordinary request first, like any server in service
    return await work(server);
  } finally {
    await server.stop();
  }
}

/**
 * `store` as nodes.mjs `startNodes` takes it; `log` prints progress; `timeoutMs` bounds each
 * request; steps are skipped once `deadline` (epoch ms) has passed.
 */
export async function organiserTimings(store, { log, timeoutMs, deadline }) {
  const results = {};
  const inTime = (name) => {
    if (Date.now() <= deadline) return true;
    log(`  ${name}: bỏ qua, đã hết thời gian cho phép`);
    return false;
  };

  /** A job that failed (an error answer, a timeout) is a figure of the run, not the end of it: the other measurements stand. */
  const failed = (key, label, error) => {
    results[key] = { error: String(error?.message ?? error).slice(0, 300) };
    log(`  ${label.padEnd(17)} lỗi: ${results[key].error}`);
  };

  if (inTime('stats, prizes')) {
    await withServer(store, async (server) => {
      const admin = `${server.base}/api/admin/contests/${SLUG}`;
      try {
        const stats = await repeatTimings(`${admin}/stats`, { headers: ADMIN }, STATS_REPEATS, timeoutMs);
        results.stats = { coldMs: stats.coldMs, medianMs: stats.medianMs, maxMs: stats.maxMs, repeats: stats.repeats, totals: JSON.parse(stats.body).totals ?? null };
        log(`  thống kê        lần đầu ${stats.coldMs.toFixed(0)} ms, trung vị ${stats.medianMs.toFixed(1)} ms (${stats.repeats} lần sau)`);
      } catch (error) {
        failed('stats', 'thống kê', error);
      }
      const post = { method: 'POST', headers: { ...ADMIN, 'content-type': 'application/json' }, body: '{}' };
      let prizes;
      try {
        prizes = await repeatTimings(`${admin}/results`, post, PRIZE_REPEATS, timeoutMs);
      } catch (error) {
        failed('prizes', 'tính giải', error);
        return;
      }
      const computed = JSON.parse(prizes.body);
      results.prizes = {
        coldMs: prizes.coldMs,
        medianMs: prizes.medianMs,
        maxMs: prizes.maxMs,
        repeats: prizes.repeats,
        individual: computed.individual?.length ?? computed.results?.individual?.length ?? null,
        collective: computed.collective?.length ?? computed.results?.collective?.length ?? null,
        peakRssBytes: server.memory().hwm,
      };
      log(`  tính giải       lần đầu ${prizes.coldMs.toFixed(0)} ms, trung vị ${prizes.medianMs.toFixed(0)} ms (${prizes.repeats} lần sau)`);
    });
  }

  for (const [key, path, label] of [
    ['rankingExport', `/api/admin/contests/${SLUG}/ranking?format=csv`, 'xuất xếp hạng CSV'],
    ['attemptsExport', `/api/admin/contests/${SLUG}/attempts?format=csv`, 'xuất lượt thi CSV'],
  ]) {
    if (store.kind === 'postgres') {
      results[key] = { unsupported: true };
      log(`  ${label.padEnd(17)} chưa có trên PostgreSQL`);
      continue;
    }
    if (!inTime(label)) continue;
    try {
      results[key] = await withServer(store, (server) => timedExport(server, path, timeoutMs));
    } catch (error) {
      failed(key, label, error);
      continue;
    }
    const r = results[key];
    log(
      `  ${label.padEnd(17)} ${r.rows.toLocaleString('vi-VN')} dòng trong ${r.seconds.toFixed(1)} s = ${Math.round(r.rowsPerSecond).toLocaleString('vi-VN')} dòng/s, ` +
        `RSS đỉnh ${(r.peakRssBytes / 1048576).toFixed(0)} MB`,
    );
  }
  return results;
}
