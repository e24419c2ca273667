// `npm run lighthouse`: Lighthouse 12.8.2 (13 needs Node 22) drives Debian's Chromium against the built
// server on a fresh demo database — mobile preset (simulated slow 4G, 4× CPU slowdown) for the contest
// page and the demo host pages, desktop for the console — and writes the JSON and HTML reports to
// lighthouse-reports/ and a summary table (scores, CLS, LCP, TBT, bytes over the wire) to stdout and
// to BENCHMARKS.md. Scores move a little with the machine's load: a benchmark, not a test.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './bench/server.mjs';

const LIGHTHOUSE = 'lighthouse@12.8.2';
const OUT = 'lighthouse-reports';
/** The contest page, the demo contest's own page, every demo host page (mobile) and the console (desktop). */
const PAGES = [
  { path: '/', preset: 'mobile' },
  { path: '/c/de-an-06-thai-binh', preset: 'mobile' },
  ...readdirSync('demo')
    .filter((file) => file.endsWith('.html'))
    .sort((a, b) => (a === 'bao-thai-binh.html' ? -1 : b === 'bao-thai-binh.html' ? 1 : a.localeCompare(b)))
    .map((file) => ({ path: `/demo/${file}`, preset: 'mobile' })),
  { path: '/admin', preset: 'desktop' },
];
const load = loadavg().map((n) => n.toFixed(2).replace('.', ',')).join('; ');

mkdirSync(OUT, { recursive: true });
const server = await startServer(join(mkdtempSync(join(tmpdir(), 'de-an-06-lighthouse-')), 'quiz.db'), { env: { SEED_DEMO: 'on' } });
const rows = [];
try {
  for (const { path, preset } of PAGES) {
    const name = path === '/' ? 'trang-chu' : path.replace(/^\//, '').replace(/[/.]/g, '-');
    console.log(`Lighthouse ${preset}: ${path}`);
    const args = [
      '--yes',
      LIGHTHOUSE,
      `${server.base}${path}`,
      '--quiet',
      '--output=json',
      '--output=html',
      `--output-path=${join(OUT, name)}`,
      '--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage',
      ...(preset === 'desktop' ? ['--preset=desktop'] : []),
    ];
    const run = spawnSync('npx', args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, CHROME_PATH: '/usr/bin/chromium' } });
    if (run.status !== 0) throw new Error(`Lighthouse dừng với mã ${run.status} ở ${path}`);
    const report = JSON.parse(readFileSync(join(OUT, `${name}.report.json`), 'utf8'));
    const score = (id) => Math.round((report.categories[id]?.score ?? 0) * 100);
    const audit = (id) => report.audits[id]?.numericValue ?? 0;
    const scripts = (report.audits['network-requests']?.details?.items ?? []).filter((item) => item.resourceType === 'Script');
    rows.push({
      path,
      preset,
      performance: score('performance'),
      accessibility: score('accessibility'),
      bestPractices: score('best-practices'),
      seo: score('seo'),
      cls: audit('cumulative-layout-shift').toFixed(3),
      lcp: `${(audit('largest-contentful-paint') / 1000).toFixed(1)} s`,
      tbt: `${Math.round(audit('total-blocking-time'))} ms`,
      total: Math.round(audit('total-byte-weight')),
      script: scripts.reduce((sum, item) => sum + (item.transferSize ?? 0), 0),
      consoleErrors: report.audits['errors-in-console']?.details?.items?.length ?? 0,
    });
  }
} finally {
  await server.stop();
}

const table = [
  '| trang | cấu hình | hiệu năng | tiếp cận | thực hành tốt | SEO | CLS | LCP | TBT | tổng tải (B) | script (B) | lỗi console |',
  '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| \`${r.path}\` | ${r.preset} | ${r.performance} | ${r.accessibility} | ${r.bestPractices} | ${r.seo} | ${r.cls} | ${r.lcp} | ${r.tbt} | ${r.total} | ${r.script} | ${r.consoleErrors} |`,
  ),
].join('\n');
console.log(table);

// BENCHMARKS.md keeps the latest table between two markers.
const START = '<!-- lighthouse:start -->';
const END = '<!-- lighthouse:end -->';
const benchmarks = readFileSync('BENCHMARKS.md', 'utf8');
const machine = `máy ${cpus().length} nhân dùng chung với việc khác, tải trung bình (1, 5, 15 phút) lúc bắt đầu ${load}`;
const section = `${START}\n_${new Date().toISOString().slice(0, 10)}, \`npm run lighthouse\` (${LIGHTHOUSE}, Debian Chromium; ${machine}). Tổng tải và script: byte qua mạng (\`transferSize\`, kể cả header)._\n\n${table}\n${END}`;
const at = benchmarks.indexOf(START);
const updated = at >= 0 ? benchmarks.slice(0, at) + section + benchmarks.slice(benchmarks.indexOf(END) + END.length) : `${benchmarks.trimEnd()}\n\n## Lighthouse\n\n${section}\n`;
writeFileSync('BENCHMARKS.md', updated);
