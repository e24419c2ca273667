/** The benchmark's figures as a report: the machine, the widget's weight, tables for stdout and for BENCHMARKS.md. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './dist.mjs';
import { describeStatuses } from './load.mjs';
import { LOAD_ROUTES, loadTargetMet, ORGANISER_TARGETS, WIDGET_TARGETS } from './targets.mjs';

export const BENCHMARKS_FILE = join(ROOT, 'BENCHMARKS.md');
const BEGIN = '<!-- bench:results:begin (npm run bench -- --write thay phần này) -->';
const END = '<!-- bench:results:end -->';

const MB = 1024 * 1024;
const vi = (n, digits = 0) => new Intl.NumberFormat('vi-VN', { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);
const yes = (met) => (met === null ? '—' : met ? 'đạt' : '**chưa đạt**');

export function machine() {
  const cpuList = cpus();
  let os = /** @type {string} */ (process.platform);
  try {
    os = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os;
  } catch {
    /* not Linux */
  }
  let load = null;
  try {
    load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
  } catch {
    /* not Linux */
  }
  return { cpu: cpuList[0]?.model.trim() ?? 'không rõ', cores: cpuList.length, memoryBytes: totalmem(), os, node: process.version, loadAverage: load };
}

const WIDGET_DIR = join(ROOT, 'dist', 'widget');

/**
 * Every script and style the build ships in dist/widget (sub-folders too; manifests excluded) with
 * its size and gzip -9 size, and the first screen: the classic-script loader, the module entry and
 * what it imports statically according to the build's manifest (decision 0013), or the IIFE alone.
 */
export function widgetSizes() {
  let names = [];
  try {
    names = readdirSync(WIDGET_DIR, { recursive: true }).map(String).filter((name) => /\.(m?js|css)$/.test(name) && !name.startsWith('.'));
  } catch {
    return { files: [], firstScreen: [] };
  }
  const files = names.sort().map((name) => {
    const bytes = readFileSync(join(WIDGET_DIR, name));
    return { file: name.split('\\').join('/'), bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
  });
  return { files, firstScreen: firstScreenFiles(files) };
}

function firstScreenFiles(files) {
  const first = new Set([WIDGET_TARGETS.iife]);
  try {
    const manifest = JSON.parse(readFileSync(join(WIDGET_DIR, '.vite', 'manifest.json'), 'utf8'));
    const visit = (key) => {
      const chunk = manifest[key];
      if (!chunk || first.has(chunk.file)) return;
      first.add(chunk.file);
      for (const imported of chunk.imports ?? []) visit(imported);
    };
    visit(Object.keys(manifest).find((key) => manifest[key].isEntry));
  } catch {
    /* no manifest: one IIFE bundle */
  }
  return files.filter((f) => first.has(f.file)).map((f) => f.file);
}

/** The baseline of the run: the mean of the runs before and after the others (the machine may have changed in between). */
export function baselineOf(load) {
  const runs = [load.baseline, load.baselineAfter].filter(Boolean);
  return runs.length ? runs.reduce((sum, r) => sum + r.requestsPerSecond, 0) / runs.length : null;
}

/** Load rows with their ratio to the baseline and whether they meet their target. */
export function loadRows(load) {
  const baseline = baselineOf(load);
  return LOAD_ROUTES.filter((route) => load[route.key]).map((route) => {
    const run = load[route.key];
    const ratio = baseline ? run.requestsPerSecond / baseline : null;
    return { ...route, run, ratio, met: route.key === 'baseline' ? null : loadTargetMet(route.key, ratio, run.p99Ms) };
  });
}

const targetText = (target) => (target ? `≥ ${vi(target.ratio, 2)}${target.p99Ms ? `, p99 ≤ ${target.p99Ms} ms` : ''}` : '—');

/** "median of the repeats (first one …)", or the single timing when the first took the whole budget. */
const timingText = (timing, unit) =>
  timing.repeats > 0
    ? `${unit(timing.medianMs)} (trung vị ${timing.repeats} lần sau lần đầu; lần đầu ${unit(timing.coldMs)})`
    : `${unit(timing.coldMs)} (đo một lần)`;

/** Throughput and latencies of a run, or dashes when nothing was answered within it. */
const answered = (run) =>
  run.ok > 0
    ? { rps: vi(run.requestsPerSecond, run.requestsPerSecond < 10 ? 1 : 0), p50: `${vi(run.p50Ms)} ms`, p99: `${vi(run.p99Ms)} ms` }
    : { rps: '0', p50: '—', p99: '—' };

const firstScreenGzip = (widget) => widget.files.filter((w) => widget.firstScreen.includes(w.file)).reduce((total, w) => total + w.gzipBytes, 0);

export function organiserRows(organiser) {
  const t = ORGANISER_TARGETS;
  const rows = [];
  if (organiser.stats) {
    rows.push({
      what: 'Thống kê (GET /api/admin/contests/:slug/stats)',
      figure: timingText(organiser.stats, (ms) => `${vi(ms, 1)} ms`),
      target: `≤ ${t.statsMs} ms`,
      met: organiser.stats.medianMs <= t.statsMs,
    });
  }
  if (organiser.prizes) {
    rows.push({
      what: 'Tính giải, chạy thử (POST /api/admin/contests/:slug/results)',
      figure: `${timingText(organiser.prizes, (ms) => (ms < 1000 ? `${vi(ms, 1)} ms` : `${vi(ms / 1000, 2)} s`))}; RSS đỉnh ${vi(organiser.prizes.peakRssBytes / MB)} MB`,
      target: `≤ ${vi(t.prizesMs / 1000)} s`,
      met: organiser.prizes.medianMs <= t.prizesMs,
    });
  }
  for (const [key, what] of [
    ['rankingExport', 'Xuất xếp hạng CSV (GET …/ranking?format=csv)'],
    ['attemptsExport', 'Xuất lượt thi CSV (GET …/attempts?format=csv)'],
  ]) {
    const r = organiser[key];
    if (!r) continue;
    rows.push({
      what,
      figure: `${vi(r.rowsPerSecond)} dòng/s (${vi(r.rows)} dòng, ${vi(r.seconds, 1)} s); RSS đỉnh ${vi(r.peakRssBytes / MB)} MB`,
      target: `≥ ${vi(t.exportRowsPerSecond)} dòng/s, ≤ ${vi(t.exportPeakRssBytes / MB)} MB`,
      met: r.rowsPerSecond >= t.exportRowsPerSecond && r.peakRssBytes <= t.exportPeakRssBytes,
    });
  }
  return rows;
}

/** A compact table for the terminal. */
export function consoleTable(report) {
  const lines = [];
  const baseline = baselineOf(report.load);
  lines.push(`\nKết quả (${vi(report.data.attempts)} lượt thi; cơ sở ${vi(baseline ?? 0)} yêu cầu/s):`);
  lines.push(`  ${'tuyến'.padEnd(14)} ${'yêu cầu/s'.padStart(10)} ${'p50'.padStart(8)} ${'p99'.padStart(8)} ${'tỷ lệ'.padStart(6)} ${'mục tiêu'.padEnd(22)} đạt?`);
  for (const row of loadRows(report.load)) {
    const a = answered(row.run);
    lines.push(
      `  ${row.key.padEnd(14)} ${a.rps.padStart(10)} ${a.p50.padStart(8)} ${a.p99.padStart(8)} ` +
        `${(row.ratio === null ? '—' : vi(row.ratio, 2)).padStart(6)} ${targetText(row.target).padEnd(22)} ${yes(row.met).replace(/\*/g, '')}`,
    );
  }
  for (const row of organiserRows(report.organiser)) lines.push(`  ${row.what}: ${row.figure} [${row.target}: ${yes(row.met).replace(/\*/g, '')}]`);
  for (const w of report.widget.files) lines.push(`  dist/widget/${w.file}: ${vi(w.bytes)} B, gzip -9 ${vi(w.gzipBytes)} B`);
  const first = firstScreenGzip(report.widget);
  lines.push(`  màn hình đầu của widget (${report.widget.firstScreen.join(' + ')}): gzip -9 ${vi(first)} B [≤ ${vi(WIDGET_TARGETS.targetBytes)} B: ${yes(first <= WIDGET_TARGETS.targetBytes).replace(/\*/g, '')}]`);
  return lines.join('\n');
}

/** The generated part of BENCHMARKS.md. */
export function markdownResults(report) {
  const m = report.machine;
  const baseline = baselineOf(report.load);
  const out = [];
  out.push(
    `Đo lúc **${report.measuredAtText}** (giờ Việt Nam) bằng \`npm run bench\`. Các con số phụ thuộc nhiều vào việc máy có rảnh hay không: ` +
      'chỉ so sánh tỷ lệ trong cùng một lần chạy.' + (report.note ? ` ${report.note}` : ''),
  );
  out.push('');
  out.push(`- Máy: ${m.cpu}, ${m.cores} nhân, ${vi(m.memoryBytes / 1024 ** 3, 1)} GB RAM, ${m.os}; Node ${m.node}; SQLite ${report.sqliteVersion}.` +
    (m.loadAverage ? ` Tải trung bình của máy (1, 5, 15 phút) lúc bắt đầu: ${m.loadAverage.map((n) => vi(n, 2)).join('; ')}.` : ''));
  out.push(`- Lệnh: \`${report.command}\``);
  out.push(
    `- Dữ liệu: ${vi(report.data.attempts)} lượt thi đã nộp của ${vi(report.data.contestants)} thí sinh trong cuộc thi \`de-an-06-thai-binh\`` +
      (report.data.seconds !== null ? `, sinh trong ${vi(report.data.seconds, 1)} s.` : ' (cơ sở dữ liệu dùng lại).'),
  );
  out.push(`- Mỗi lượt đo tải: ${report.options.duration} s, ${report.options.connections} kết nối, autocannon trên cùng máy (loopback).`);
  out.push('');
  out.push('### Tải trên các tuyến của thí sinh');
  out.push('');
  out.push(`Tỷ lệ = yêu cầu/s của tuyến ÷ yêu cầu/s của tuyến cơ sở trong cùng lần chạy (cơ sở: ${vi(baseline ?? 0)} yêu cầu/s, trung bình của lượt đo đầu và cuối).`);
  out.push('');
  out.push('| Tuyến | yêu cầu/s | p50 | p99 | tỷ lệ | mục tiêu | đạt? | mã trả lời |');
  out.push('|---|---:|---:|---:|---:|---|---|---|');
  for (const row of loadRows(report.load)) {
    const a = answered(row.run);
    const statuses = row.run.ok > 0 ? describeStatuses(row.run) : `không trả lời kịp trong ${vi(row.run.durationSeconds, 1)} s ${describeStatuses(row.run)}`.trim();
    out.push(`| ${row.label} | ${a.rps} | ${a.p50} | ${a.p99} | ${row.ratio === null ? '—' : vi(row.ratio, 2)} | ${targetText(row.target)} | ${yes(row.met)} | ${statuses} |`);
  }
  if (report.load.baselineAfter) {
    const a = answered(report.load.baselineAfter);
    out.push(`| Cơ sở, đo lại sau cùng | ${a.rps} | ${a.p50} | ${a.p99} | — | — | — | ${describeStatuses(report.load.baselineAfter)} |`);
  }
  const rss = Object.values(report.load).map((r) => r.serverRssBytes ?? 0);
  out.push('');
  out.push(`RSS của máy chủ sau từng lượt đo: cao nhất ${vi(Math.max(0, ...rss) / MB)} MB; đỉnh (VmHWM) cả phần đo tải ${vi((report.loadPeakRssBytes ?? 0) / MB)} MB.` +
    (report.serverRestarts ? ` Máy chủ đã được khởi động lại ${report.serverRestarts} lần giữa các lượt đo để bỏ các yêu cầu tồn đọng của một tuyến chậm.` : ''));
  out.push('');
  out.push(`### Việc của Ban Tổ chức ở ${vi(report.data.attempts)} lượt thi`);
  out.push('');
  out.push('| Việc | số đo | mục tiêu | đạt? |');
  out.push('|---|---|---|---|');
  for (const row of organiserRows(report.organiser)) out.push(`| ${row.what} | ${row.figure} | ${row.target} | ${yes(row.met)} |`);
  out.push('');
  out.push('### Dung lượng widget (dist/widget)');
  out.push('');
  out.push('| Tệp | byte | gzip -9 |');
  out.push('|---|---:|---:|');
  for (const w of report.widget.files) out.push(`| ${w.file} | ${vi(w.bytes)} | ${vi(w.gzipBytes)} |`);
  const sum = report.widget.files.reduce((total, w) => total + w.gzipBytes, 0);
  out.push(`| tổng (mỗi tệp nén riêng) | ${vi(report.widget.files.reduce((total, w) => total + w.bytes, 0))} | ${vi(sum)} |`);
  out.push('');
  const first = firstScreenGzip(report.widget);
  out.push(
    `Màn hình đầu (thẻ script cổ điển và những gì nó phải tải trước khi hiện cuộc thi: ${report.widget.firstScreen.map((f) => `\`${f}\``).join(' + ')}): ` +
      `**${vi(first)} B** gzip -9; mục tiêu ≤ ${vi(WIDGET_TARGETS.targetBytes)} B: ${yes(first <= WIDGET_TARGETS.targetBytes)}; giới hạn cứng ${vi(WIDGET_TARGETS.limitBytes)} B.`,
  );
  return out.join('\n');
}

/** Replaces the generated part of BENCHMARKS.md, keeping everything around it. */
export function writeBenchmarks(report) {
  const text = readFileSync(BENCHMARKS_FILE, 'utf8');
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`BENCHMARKS.md thiếu cặp đánh dấu ${BEGIN} … ${END}`);
  writeFileSync(BENCHMARKS_FILE, `${text.slice(0, begin + BEGIN.length)}\n${markdownResults(report)}\n${text.slice(end)}`);
}
