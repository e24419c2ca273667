import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error the harness is plain JavaScript
import { markdownResults, postgresMarkdown } from '../scripts/bench/report.mjs';
// @ts-expect-error the harness is plain JavaScript
import { LOAD_ROUTES } from '../scripts/bench/targets.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ATTEMPTS = 2000;

interface Run {
  ok: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  statuses: Record<string, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
  serverRssBytes: number;
}

/** Runs the harness as `npm run bench` would (without the build: the e2e suite runs on a fresh one). */
function runHarness(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/bench/run.mjs', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('the benchmark harness, in miniature', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
  const benchmarksBefore = readFileSync(join(ROOT, 'BENCHMARKS.md'), 'utf8');
  let code: number | null;
  let output: string;
  let report: any;

  beforeAll(async () => {
    ({ code, output } = await runHarness(['--attempts', String(ATTEMPTS), '--duration', '1', '--connections', '10', '--json', join(dir, 'report.json')]));
    report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
  }, 110_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finishes without a failure and leaves BENCHMARKS.md alone without --write', () => {
    expect(code, output).toBe(0);
    expect(report.failures).toEqual([]);
    expect(readFileSync(join(ROOT, 'BENCHMARKS.md'), 'utf8')).toBe(benchmarksBefore);
  });

  it('generated the contest it was asked for', () => {
    expect(report.data.attempts).toBe(ATTEMPTS);
    expect(report.data.contestants).toBeGreaterThan(ATTEMPTS / 3);
    expect(report.data.contestants).toBeLessThan(ATTEMPTS);
  });

  it('every route answered only 2xx during its run, with throughput, latencies and server memory', () => {
    const keys = LOAD_ROUTES.map((route: { key: string }) => route.key);
    expect(Object.keys(report.load)).toEqual(expect.arrayContaining([...keys, 'baselineAfter']));
    for (const [key, run] of Object.entries(report.load) as [string, Run][]) {
      expect(run.ok, key).toBeGreaterThan(0);
      expect(Object.keys(run.statuses).every((status) => /^2\d\d$/.test(status)), `${key}: ${JSON.stringify(run.statuses)}`).toBe(true);
      expect([run.non2xx, run.errors, run.timeouts], key).toEqual([0, 0, 0]);
      expect(run.requestsPerSecond, key).toBeGreaterThan(0);
      expect(Number.isFinite(run.p50Ms) && run.p50Ms >= 0, key).toBe(true);
      expect(run.p99Ms, key).toBeGreaterThanOrEqual(run.p50Ms);
      expect(run.serverRssBytes, key).toBeGreaterThan(0);
    }
    // Writes went through the API: registrations created contestants, starts opened attempts.
    expect(report.load.registration.statuses['201']).toBeGreaterThan(0);
    expect(report.load.attemptStart.statuses['201']).toBeGreaterThan(0);
    expect(report.load.attemptStart.resumed).toBe(0);
    expect(report.load.submit.exhausted).toBe(false);
  });

  it('timed the organisers’ work: stats, prizes and both exports', () => {
    const { stats, prizes, rankingExport, attemptsExport } = report.organiser;
    expect(stats.medianMs).toBeGreaterThan(0);
    expect(stats.totals.attempts).toBeGreaterThanOrEqual(ATTEMPTS - ATTEMPTS / 1000);
    expect(prizes.medianMs).toBeGreaterThan(0);
    expect(prizes.individual).toBeGreaterThan(0);
    expect(rankingExport.rows).toBe(stats.totals.participants);
    expect(attemptsExport.rows).toBeGreaterThanOrEqual(ATTEMPTS);
    for (const exported of [rankingExport, attemptsExport]) {
      expect(exported.rowsPerSecond).toBeGreaterThan(0);
      expect(exported.peakRssBytes).toBeGreaterThan(0);
    }
  });

  it('measured the widget and can write the results section', () => {
    const iife = report.widget.files.find((w: { file: string }) => w.file === 'de-an-06-quiz.js');
    expect(iife.gzipBytes).toBeGreaterThan(0);
    expect(report.widget.firstScreen).toContain('de-an-06-quiz.js');
    const markdown: string = markdownResults(report);
    expect(markdown).toContain('| Tuyến | yêu cầu/s | p50 | p99 | tỷ lệ | mục tiêu | đạt? | mã trả lời |');
    expect(markdown).toContain('Xuất xếp hạng CSV');
    expect(markdown).not.toMatch(/NaN|undefined/);
  });
});

describe('the benchmark harness on PostgreSQL, in miniature', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-smoke-pg-'));
  let code: number | null;
  let output: string;
  let report: any;

  beforeAll(async () => {
    ({ code, output } = await runHarness(['--store', 'postgres', '--attempts', String(ATTEMPTS), '--duration', '1', '--connections', '10', '--json', join(dir, 'report.json')]));
    report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
  }, 110_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('copied the generated contest into a cluster of its own and measured every route there, 2xx only', () => {
    expect(code, output).toBe(0);
    expect(report.failures).toEqual([]);
    expect(report.load).toBeUndefined(); // SQLite was the source, not measured
    const pg = report.postgres;
    expect(pg.copy.rows.contestants).toBe(report.data.contestants);
    expect(pg.copy.rows.attempts).toBe(ATTEMPTS);
    expect(pg.settings.fsync).toBe('on');
    for (const route of LOAD_ROUTES as { key: string }[]) {
      const run: Run = pg.load[route.key];
      expect(run.ok, route.key).toBeGreaterThan(0);
      expect(Object.keys(run.statuses).every((status) => /^2\d\d$/.test(status)), `${route.key}: ${JSON.stringify(run.statuses)}`).toBe(true);
      expect(run.serverRssBytes, route.key).toBeGreaterThan(0);
    }
    expect(pg.load.submit.exhausted).toBe(false);
    expect(pg.nodePeakRssBytes).toHaveLength(1);
  });

  it('timed stats and prizes, reported the exports as not there yet, and read pg_stat_statements', () => {
    const { stats, prizes, rankingExport, attemptsExport } = report.postgres.organiser;
    expect(stats.totals.attempts).toBeGreaterThanOrEqual(ATTEMPTS - ATTEMPTS / 1000);
    expect(prizes.individual).toBeGreaterThan(0);
    expect(rankingExport).toEqual({ unsupported: true });
    expect(attemptsExport).toEqual({ unsupported: true });
    const { top, totalMs } = report.postgres.statements;
    expect(top.length).toBe(10);
    expect(totalMs).toBeGreaterThan(0);
    expect(top.some((s: { query: string }) => s.query.includes('bench-harness'))).toBe(false);
    const markdown: string = postgresMarkdown(report);
    expect(markdown).toContain('pg_stat_statements');
    expect(markdown).toContain('chưa có trên PostgreSQL');
    expect(markdown).not.toMatch(/NaN|undefined/);
  });
});

