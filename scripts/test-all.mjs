// Runs every suite — type checks and lint, API (vitest), widget (web-test-runner in Chromium), end to end (vitest +
// playwright-core against the built server) — and prints one line "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const results = 'test-results';
rmSync(`${results}/api.json`, { force: true });
rmSync(`${results}/widget.json`, { force: true });
rmSync(`${results}/e2e.json`, { force: true });
mkdirSync(results, { recursive: true });

function run(label, command, args) {
  console.log(`\n▶ ${label}: ${command} ${args.join(' ')}`);
  const { status } = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  return status ?? 1;
}

function vitestCounts(file) {
  if (!existsSync(file)) return null;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  return { passed: report.numPassedTests, failed: report.numFailedTests + report.numPendingTests + report.numTodoTests };
}

function widgetCounts(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}

const problems = [];
if (run('chromium', 'bash', ['scripts/ensure-chromium.sh']) !== 0) problems.push('Chromium is missing');
if (run('build', 'npm', ['run', 'build', '--silent']) !== 0) problems.push('the build failed');

// Types and lint are checks of their own: each passes or fails as one.
const checks = [
  ['types (api, widget, console, tests)', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
  ['types (scripts)', 'npx', ['tsc', '-p', 'tsconfig.scripts.json']],
  ['lint', 'npx', ['biome', 'lint', '--error-on-warnings']],
];
let checkStatuses = [];

/** @type {[name: string, execute: () => number, count: () => ({ passed: number, failed: number } | null)][]} */
const suites = [
  [
    'checks',
    () => {
      checkStatuses = checks.map(([label, command, args]) => run(label, command, args));
      return checkStatuses.some((status) => status !== 0) ? 1 : 0;
    },
    () => ({ passed: checkStatuses.filter((status) => status === 0).length, failed: checkStatuses.filter((status) => status !== 0).length }),
  ],
  ['api', () => run('api', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}/api.json`]), () => vitestCounts(`${results}/api.json`)],
  ['widget', () => run('widget', 'npx', ['web-test-runner']), () => widgetCounts(`${results}/widget.json`)],
  ['e2e', () => run('e2e', 'npx', ['vitest', 'run', '--config', 'vitest.e2e.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${results}/e2e.json`]), () => vitestCounts(`${results}/e2e.json`)],
];

let passed = 0;
let failed = 0;
const lines = [];
for (const [name, execute, count] of suites) {
  const status = execute();
  const counts = count();
  if (!counts || counts.passed + counts.failed === 0) {
    problems.push(`${name}: no test ran`);
    failed += 1;
    lines.push(`${name}: no result`);
    continue;
  }
  if (status !== 0 && counts.failed === 0) {
    problems.push(`${name}: the runner exited with ${status}`);
    counts.failed += 1;
  }
  passed += counts.passed;
  failed += counts.failed;
  lines.push(`${name}: ${counts.passed} passed, ${counts.failed} failed`);
}

console.log('\n' + lines.join('\n'));
if (problems.length) console.log(`problems: ${problems.join('; ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && problems.length === 0 ? 0 : 1);
