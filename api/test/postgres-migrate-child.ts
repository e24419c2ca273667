/**
 * One node starting on a PostgreSQL database (postgres-migrate.test.ts): connects, says `ready`,
 * waits for a line on stdin so that every node migrates at the same moment, migrates, prints the
 * versions it applied as JSON and exits 0 (1 on any error).
 */
import { migratePostgres } from '../src/store/postgres/migrate.js';
import { createPool } from '../src/store/postgres/pool.js';

const pool = createPool({ url: process.argv[2]!, poolSize: 1, applicationName: `migrate child ${process.pid}` });
try {
  await pool.query('SELECT 1');
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  process.stdin.destroy();
  const report = await migratePostgres(pool);
  process.stdout.write(`${JSON.stringify(report.applied.map((m) => m.version))}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await pool.end();
}
