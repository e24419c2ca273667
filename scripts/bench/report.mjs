/** The benchmark's figures as a report: the machine, the widget's weight, tables for stdout and for BENCHMARKS.md. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './dist.mjs';
import { describeStatuses } from './load.mjs';
import { LOAD_ROUTES, loadTargetMet, ORGANISER_TARGETS, POSTGRES_TARGETS, WIDGET_TARGETS } from './targets.mjs';

export const BENCHMARKS_FILE = join(ROOT, 'BENCHMARKS.md');
const BEGIN = '<!-- bench:results:begin (npm run bench -- --write thay phần này) -->';
const END = '<!-- bench:results:end -->';
const POSTGRES_BEGIN = '<!-- bench:postgres:begin (npm run bench -- --store both --write thay phần này) -->';
const POSTGRES_END = '<!-- bench:postgres:end -->';

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
  const failedRow = (what, target, r) => rows.push({ what, figure: `lỗi: ${r.error.replace(/\|/g, '/')}`, target, met: false });
  if (organiser.stats?.error) failedRow('Thống kê (GET /api/admin/contests/:slug/stats)', `≤ ${t.statsMs} ms`, organiser.stats);
  else if (organiser.stats) {
    rows.push({
      what: 'Thống kê (GET /api/admin/contests/:slug/stats)',
      figure: timingText(organiser.stats, (ms) => `${vi(ms, 1)} ms`),
      target: `≤ ${t.statsMs} ms`,
      met: organiser.stats.medianMs <= t.statsMs,
    });
  }
  if (organiser.prizes?.error) failedRow('Tính giải, chạy thử (POST /api/admin/contests/:slug/results)', `≤ ${vi(t.prizesMs / 1000)} s`, organiser.prizes);
  else if (organiser.prizes) {
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
    if (r.unsupported) {
      rows.push({ what, figure: 'chưa có trên PostgreSQL', target: '—', met: null });
      continue;
    }
    if (r.error) {
      failedRow(what, `≥ ${vi(t.exportRowsPerSecond)} dòng/s, ≤ ${vi(t.exportPeakRssBytes / MB)} MB`, r);
      continue;
    }
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

/** Replaces the part of BENCHMARKS.md between `begin` and `end` with `content`, keeping everything around it. */
function replaceSection(begin, end, content) {
  const text = readFileSync(BENCHMARKS_FILE, 'utf8');
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`BENCHMARKS.md thiếu cặp đánh dấu ${begin} … ${end}`);
  writeFileSync(BENCHMARKS_FILE, `${text.slice(0, from + begin.length)}\n${content}\n${text.slice(to)}`);
}

/** Replaces the generated part of BENCHMARKS.md (SQLite's run), keeping everything around it. */
export function writeBenchmarks(report) {
  replaceSection(BEGIN, END, markdownResults(report));
}

/** Replaces PostgreSQL's generated part of BENCHMARKS.md, keeping everything around it (SQLite's part too). */
export function writePostgresBenchmarks(report) {
  replaceSection(POSTGRES_BEGIN, POSTGRES_END, postgresMarkdown(report));
}

/**
 * Each load route on PostgreSQL beside SQLite when both were measured: requests/s, latencies, the
 * ratio to its own store's baseline, and PostgreSQL's share of SQLite: the ratio of those ratios
 * (`share`, judged against POSTGRES_TARGETS: like every load target, a ratio to the baseline of the
 * same run, so a machine busier during one store's part does not decide it) and of the raw
 * requests/s (`rawShare`).
 */
export function sideBySideRows(report) {
  const pg = report.postgres;
  const pgBaseline = baselineOf(pg.load);
  const sqliteBaseline = report.load ? baselineOf(report.load) : null;
  return LOAD_ROUTES.filter((route) => pg.load[route.key]).map((route) => {
    const run = pg.load[route.key];
    const sqlite = report.load?.[route.key] ?? null;
    const ratio = pgBaseline ? run.requestsPerSecond / pgBaseline : null;
    const sqliteRatio = sqlite && sqliteBaseline ? sqlite.requestsPerSecond / sqliteBaseline : null;
    // The baseline's own share would only say how its two runs differed.
    const share = route.key !== 'baseline' && ratio !== null && sqliteRatio ? ratio / sqliteRatio : null;
    const target = POSTGRES_TARGETS[route.key] ?? null;
    return {
      ...route,
      run,
      sqlite,
      ratio,
      sqliteRatio,
      share,
      rawShare: sqlite && sqlite.requestsPerSecond > 0 ? run.requestsPerSecond / sqlite.requestsPerSecond : null,
      shareTarget: target,
      met: target === null || share === null ? null : share >= target,
    };
  });
}

/** The organiser's work on PostgreSQL beside SQLite: stats and prizes against ORGANISER_TARGETS, exports not there yet. */
export function postgresOrganiserRows(report) {
  const sqlite = report.organiser ? organiserRows(report.organiser) : [];
  return organiserRows(report.postgres.organiser).map((row) => ({ ...row, sqlite: sqlite.find((r) => r.what === row.what)?.figure ?? null }));
}

const shareText = (share) => (share === null ? '—' : `${vi(share, 2)}×`);
const MS = (ms) => (ms < 1000 ? `${vi(ms, ms < 10 ? 2 : 1)} ms` : `${vi(ms / 1000, 2)} s`);
const topologyText = (pg) => (pg.nodes > 1 ? `${pg.nodes} máy chủ sau nginx` : pg.proxy ? 'một máy chủ sau nginx' : 'một máy chủ');

/** PostgreSQL's figures for the terminal, beside SQLite's when both were measured. */
export function postgresConsoleTable(report) {
  const pg = report.postgres;
  const lines = [];
  lines.push(`\nPostgreSQL ${pg.version}, ${topologyText(pg)} (${vi(report.data.attempts)} lượt thi; cơ sở ${vi(baselineOf(pg.load) ?? 0)} yêu cầu/s${report.load ? `, SQLite ${vi(baselineOf(report.load) ?? 0)}` : ''}):`);
  lines.push(`  ${'tuyến'.padEnd(14)} ${'SQLite/s'.padStart(9)} ${'PG/s'.padStart(9)} ${'p50'.padStart(8)} ${'p99'.padStart(8)} ${'tỷ lệ'.padStart(6)} ${'PG÷SQLite'.padStart(10)} ${'(yêu cầu/s)'.padStart(11)} mục tiêu`);
  for (const row of sideBySideRows(report)) {
    const a = answered(row.run);
    lines.push(
      `  ${row.key.padEnd(14)} ${(row.sqlite ? answered(row.sqlite).rps : '—').padStart(9)} ${a.rps.padStart(9)} ${a.p50.padStart(8)} ${a.p99.padStart(8)} ` +
        `${(row.ratio === null ? '—' : vi(row.ratio, 2)).padStart(6)} ${shareText(row.share).padStart(10)} ${shareText(row.rawShare).padStart(11)} ${row.shareTarget === null ? '' : `≥ ${vi(row.shareTarget, 1)}×: ${yes(row.met).replace(/\*/g, '')}`}`,
    );
  }
  const peaks = pg.nodePeakRssBytes.map((b) => `${vi(b / MB)} MB`).join(', ');
  lines.push(`  RSS đỉnh của ${pg.nodes > 1 ? 'từng máy chủ' : 'máy chủ'}: ${peaks}`);
  for (const row of postgresOrganiserRows(report)) lines.push(`  ${row.what}: ${row.figure}${row.sqlite ? ` (SQLite: ${row.sqlite})` : ''}${row.met === null ? '' : ` [${row.target}: ${yes(row.met).replace(/\*/g, '')}]`}`);
  lines.push(`  pg_stat_statements, ${vi(pg.statements.totalMs)} ms trong ${vi(pg.statements.calls)} lần gọi; 10 câu lệnh tốn nhất:`);
  for (const s of pg.statements.top) lines.push(`  ${vi(s.calls).padStart(9)} × ${MS(s.meanMs).padStart(9)} = ${MS(s.totalMs).padStart(9)}  ${s.query.slice(0, 100)}`);
  return lines.join('\n');
}

/** PostgreSQL's generated part of BENCHMARKS.md. */
export function postgresMarkdown(report) {
  const m = report.machine;
  const pg = report.postgres;
  const both = Boolean(report.load);
  const out = [];
  out.push(
    `Đo lúc **${report.measuredAtText}** (giờ Việt Nam) bằng \`npm run bench\`. Các con số phụ thuộc nhiều vào việc máy có rảnh hay không: ` +
      'chỉ so sánh trong cùng một lần chạy.' + (report.note ? ` ${report.note}` : ''),
  );
  out.push('');
  out.push(`- Máy: ${m.cpu}, ${m.cores} nhân, ${vi(m.memoryBytes / 1024 ** 3, 1)} GB RAM, ${m.os}; Node ${m.node}; PostgreSQL ${pg.version}${report.sqliteVersion ? `; SQLite ${report.sqliteVersion}` : ''}.` +
    (m.loadAverage ? ` Tải trung bình của máy (1, 5, 15 phút) lúc bắt đầu: ${m.loadAverage.map((n) => vi(n, 2)).join('; ')}.` : ''));
  out.push(`- Lệnh: \`${report.command}\``);
  out.push(
    `- PostgreSQL: cụm riêng của lần đo trên cùng máy (initdb mới, \`pg_stat_statements\` nạp sẵn), ` +
      `shared_buffers ${pg.settings.shared_buffers}, fsync ${pg.settings.fsync}, synchronous_commit ${pg.settings.synchronous_commit}, max_connections ${pg.settings.max_connections}` +
      `${pg.extraSettings.length ? ` (đặt thêm: ${pg.extraSettings.join(', ')})` : ' (mặc định)'}; ${topologyText(pg)}, mỗi máy chủ giữ tối đa 10 kết nối (\`DATABASE_POOL_SIZE\` mặc định).`,
  );
  out.push(
    `- Dữ liệu: ${vi(report.data.attempts)} lượt thi đã nộp của ${vi(report.data.contestants)} thí sinh, ` +
      (report.data.seconds !== null ? `sinh vào SQLite trong ${vi(report.data.seconds, 1)} s, ` : 'từ cơ sở dữ liệu SQLite dùng lại, ') +
      `chép sang PostgreSQL trong ${vi(pg.copy.seconds, 1)} s (COPY ${vi(pg.copy.copySeconds, 1)} s, rồi chỉ mục và VACUUM ANALYZE); cơ sở dữ liệu PostgreSQL ${vi(pg.copy.databaseBytes / MB)} MB.` +
      (both ? ' SQLite được đo trước, PostgreSQL sau, cả hai bắt đầu từ cùng các dòng.' : ''),
  );
  out.push(`- Mỗi lượt đo tải: ${report.options.duration} s, ${report.options.connections} kết nối, autocannon trên cùng máy (loopback).`);
  out.push('');
  out.push(both ? '### Tải: PostgreSQL cạnh SQLite' : '### Tải trên PostgreSQL');
  out.push('');
  out.push(
    `Tỷ lệ = yêu cầu/s của tuyến ÷ yêu cầu/s của tuyến cơ sở trên cùng kho trong cùng lần chạy (cơ sở PostgreSQL: ${vi(baselineOf(pg.load) ?? 0)} yêu cầu/s` +
      (both
        ? `; SQLite: ${vi(baselineOf(report.load) ?? 0)}). PG ÷ SQLite = tỷ lệ trên PostgreSQL ÷ tỷ lệ trên SQLite: chỉ tiêu của issue 15 xét theo tỷ số này, ` +
          'như mọi chỉ tiêu tải (máy bận hơn trong phần đo của một kho không quyết định kết luận); cột bên cạnh là tỷ số của chính yêu cầu/s.'
        : ').'),
  );
  out.push('');
  if (both) {
    out.push('| Tuyến | SQLite: yêu cầu/s | SQLite: p99 | PostgreSQL: yêu cầu/s | PostgreSQL: p50 | PostgreSQL: p99 | tỷ lệ SQLite / PostgreSQL | PG ÷ SQLite | yêu cầu/s PG ÷ SQLite | mục tiêu | đạt? |');
    out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|');
  } else {
    out.push('| Tuyến | yêu cầu/s | p50 | p99 | tỷ lệ | mã trả lời |');
    out.push('|---|---:|---:|---:|---:|---|');
  }
  for (const row of sideBySideRows(report)) {
    const a = answered(row.run);
    const ratio = row.ratio === null ? '—' : vi(row.ratio, 2);
    if (both) {
      const q = row.sqlite ? answered(row.sqlite) : { rps: '—', p99: '—' };
      out.push(
        `| ${row.label} | ${q.rps} | ${q.p99} | ${a.rps} | ${a.p50} | ${a.p99} | ${row.sqliteRatio === null ? '—' : vi(row.sqliteRatio, 2)} / ${ratio} | ${shareText(row.share)} | ${shareText(row.rawShare)} | ${row.shareTarget === null ? '—' : `≥ ${vi(row.shareTarget, 1)}×`} | ${yes(row.met)} |`,
      );
    } else {
      out.push(`| ${row.label} | ${a.rps} | ${a.p50} | ${a.p99} | ${ratio} | ${describeStatuses(row.run)} |`);
    }
  }
  const statuses = Object.entries(pg.load).filter(([, r]) => r.non2xx > 0 || r.errors > r.timeouts);
  out.push('');
  out.push(
    (statuses.length ? `Trả lời khác 2xx trên PostgreSQL: ${statuses.map(([key, r]) => `${key} ${describeStatuses(r)}`).join('; ')}. ` : 'Mọi yêu cầu trên PostgreSQL được trả lời 2xx. ') +
      `RSS đỉnh (VmHWM) của ${pg.nodes > 1 ? 'từng máy chủ' : 'máy chủ'} trong phần đo tải: ${pg.nodePeakRssBytes.map((b) => `${vi(b / MB)} MB`).join(', ')}` +
      (both ? `; SQLite: ${vi((report.loadPeakRssBytes ?? 0) / MB)} MB.` : '.') +
      (pg.serverRestarts ? ` Máy chủ PostgreSQL đã được khởi động lại ${pg.serverRestarts} lần giữa các lượt đo để bỏ các yêu cầu tồn đọng.` : ''),
  );
  out.push('');
  out.push(`### Việc của Ban Tổ chức ở ${vi(report.data.attempts)} lượt thi`);
  out.push('');
  if (both) {
    out.push('| Việc | SQLite | PostgreSQL | mục tiêu (PostgreSQL) | đạt? |');
    out.push('|---|---|---|---|---|');
    for (const row of postgresOrganiserRows(report)) out.push(`| ${row.what} | ${row.sqlite ?? '—'} | ${row.figure} | ${row.target} | ${yes(row.met)} |`);
  } else {
    out.push('| Việc | số đo | mục tiêu | đạt? |');
    out.push('|---|---|---|---|');
    for (const row of postgresOrganiserRows(report)) out.push(`| ${row.what} | ${row.figure} | ${row.target} | ${yes(row.met)} |`);
  }
  out.push('');
  out.push('### PostgreSQL nhìn từ bên trong: 10 câu lệnh tốn nhiều thời gian nhất (pg_stat_statements)');
  out.push('');
  out.push(
    `Từ đầu phần đo tải trên PostgreSQL đến hết việc của Ban Tổ chức (các câu lệnh bộ đo tự ghi thẳng không tính): ` +
      `${vi(pg.statements.totalMs)} ms thời gian thực thi trong ${vi(pg.statements.calls)} lần gọi. Thời gian của trigger tính vào câu lệnh gây ra nó.`,
  );
  out.push('');
  out.push('| # | lần gọi | trung bình | tổng | phần của tổng | câu lệnh (rút gọn) |');
  out.push('|---:|---:|---:|---:|---:|---|');
  pg.statements.top.forEach((s, i) => {
    const share = pg.statements.totalMs > 0 ? `${vi((100 * s.totalMs) / pg.statements.totalMs, 1)} %` : '—';
    out.push(`| ${i + 1} | ${vi(s.calls)} | ${MS(s.meanMs)} | ${MS(s.totalMs)} | ${share} | \`${s.query.replace(/\|/g, '\\|').replace(/`/g, "'")}\` |`);
  });
  return out.join('\n');
}
