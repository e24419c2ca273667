import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';

const tsconfig = fileURLToPath(new URL('./tsconfig.json', import.meta.url));
const resultsFile = fileURLToPath(new URL('./test-results/widget.json', import.meta.url));

export const chromiumFlags = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

function countTests(suite) {
  if (!suite) return { passed: 0, failed: 0 };
  let passed = 0;
  let failed = 0;
  for (const test of suite.tests) {
    // A skipped test counts as failed: nothing may be left skipped.
    if (test.passed && !test.skipped) passed += 1;
    else failed += 1;
  }
  for (const child of suite.suites) {
    const counts = countTests(child);
    passed += counts.passed;
    failed += counts.failed;
  }
  return { passed, failed };
}

/** Writes `{passed, failed}` over every test of every session, so CI can print one summary line. */
function jsonCountReporter() {
  return {
    onTestRunFinished({ sessions }) {
      let passed = 0;
      let failed = 0;
      for (const session of sessions) {
        const counts = countTests(session.testResults);
        passed += counts.passed;
        failed += counts.failed;
        // A file that failed to load (or errored outside any test) ran no test: count it as a failure.
        if (!session.passed && counts.failed === 0) failed += 1;
      }
      mkdirSync(dirname(resultsFile), { recursive: true });
      writeFileSync(resultsFile, JSON.stringify({ passed, failed }) + '\n');
    },
  };
}

export default {
  files: ['widget/test/**/*.test.ts', 'admin/test/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  testFramework: { config: { timeout: 10_000 } },
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: '/usr/bin/chromium', headless: true, args: chromiumFlags },
    }),
  ],
  plugins: [esbuildPlugin({ ts: true, tsconfig })],
  reporters: [defaultReporter(), summaryReporter({}), jsonCountReporter()],
};
