import { defineConfig } from 'vitest/config';

// End-to-end runs against the real server built into dist/ (`npm run build` first).
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
