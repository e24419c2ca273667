import { createHash } from 'node:crypto';
import type pg from 'pg';
import { inTransaction } from './pool.js';
import { POSTGRES_MIGRATIONS, type PostgresMigration } from './schema.js';

/**
 * The key of the transaction-level advisory lock every node takes before looking at
 * `schema_migrations`: nodes starting at once queue on it, so each migration runs once, and the
 * lock ends with the transaction even if the process dies. (The first 8 bytes of
 * sha256("de-an-06-quiz schema migrations") as a signed bigint; any fixed number would do.)
 */
export const MIGRATION_LOCK_KEY = -4_466_419_391_349_453_186n;

export interface MigrationReport {
  /** Migrations this call applied, in order. */
  applied: PostgresMigration[];
  /** The database's version afterwards: the highest version recorded. */
  version: number;
}

/** A shipped migration edited after it was applied, or a database newer than this code: not to be guessed at. */
export class MigrationMismatch extends Error {}

export function checksum(migration: PostgresMigration): string {
  return createHash('sha256').update(migration.sql).digest('hex');
}

/**
 * Applies the migrations not yet recorded, in one transaction holding
 * `pg_advisory_xact_lock(MIGRATION_LOCK_KEY)`: every migration of the call commits, or none.
 * Several nodes may call it at once; the first applies, the others then find nothing to do.
 */
export async function migratePostgres(pool: pg.Pool, migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS): Promise<MigrationReport> {
  migrations.forEach((m, index) => {
    if (m.version !== index + 1) throw new Error(`PostgreSQL migration ${index + 1} has version ${m.version}: versions must be 1, 2, 3… in order`);
  });
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ version: number; checksum: string }>('SELECT version, checksum FROM schema_migrations ORDER BY version');
    const recorded = new Map(rows.map((r) => [r.version, r.checksum]));
    for (const [version, sum] of recorded) {
      const known = migrations[version - 1];
      if (!known) {
        throw new MigrationMismatch(
          `Cơ sở dữ liệu PostgreSQL đã ở phiên bản lược đồ ${Math.max(...recorded.keys())}, mới hơn phiên bản ${migrations.length} mà mã nguồn này biết: hãy cập nhật mã nguồn.`,
        );
      }
      if (checksum(known) !== sum) {
        throw new MigrationMismatch(`Bước chuyển đổi lược đồ PostgreSQL số ${version} («${known.name}») đã bị sửa sau khi áp dụng: không sửa bước đã phát hành, hãy thêm bước mới.`);
      }
    }
    const applied: PostgresMigration[] = [];
    for (const migration of migrations) {
      if (recorded.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [migration.version, migration.name, checksum(migration)]);
      applied.push(migration);
    }
    return { applied, version: Math.max(0, ...recorded.keys(), ...applied.map((m) => m.version)) };
  });
}
