/** The built server's modules the benchmarks reuse (one rule in one place: schema, seed, rebuild, token hashing). */
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SERVER_ENTRY = join(ROOT, 'dist', 'api', 'server.js');
export const SLUG = 'de-an-06-thai-binh';

const dist = (path) => pathToFileURL(join(ROOT, 'dist', 'api', path)).href;

/** Imports the built API, or exits with a hint when it has not been built. */
export async function loadBuiltApi() {
  try {
    const [connection, participation, seed, contests, tokens, vietnamFormat, personalData] = await Promise.all([
      import(dist('db/connection.js')),
      import(dist('db/participation.js')),
      import(dist('seed/demo.js')),
      import(dist('db/contests.js')),
      import(dist('tokens.js')),
      import(dist('domain/vietnam-format.js')),
      import(dist('domain/personal-data.js')),
    ]);
    return {
      openDatabase: connection.openDatabase,
      rebuildParticipation: participation.rebuildParticipation,
      seedDemoContests: seed.seedDemoContests,
      getContest: contests.getContest,
      saveContest: contests.saveContest,
      hashToken: tokens.hashToken,
      formatVietnamTime: vietnamFormat.formatVietnamTime,
      needsGuardian: personalData.needsGuardian,
    };
  } catch (error) {
    console.error(`Chưa có dist/api (${error.message}): hãy chạy \`npm run build\` (hoặc \`npm run build:api\`) trước.`);
    process.exit(1);
  }
}

/** The built PostgreSQL store's pool and migrations, for loading a benchmark database. */
export async function loadBuiltPostgres() {
  const [pool, migrate] = await Promise.all([import(dist('store/postgres/pool.js')), import(dist('store/postgres/migrate.js'))]);
  return { createPool: pool.createPool, migratePostgres: migrate.migratePostgres };
}
