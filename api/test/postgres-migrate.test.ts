/**
 * The PostgreSQL foundation (decision 0042) on the real server: migrations (once, also from three
 * processes at once), the schema against SQLite's, the maintained figures against SQLite's
 * triggers, transactions that retry, and connection failures answered 503.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run.js';
import { openDatabase } from '../src/db/connection.js';
import { storageFault } from '../src/http/errors.js';
import { MIGRATION_LOCK_KEY, MigrationMismatch, migratePostgres } from '../src/store/postgres/migrate.js';
import { createPool, inTransaction } from '../src/store/postgres/pool.js';
import { POSTGRES_MIGRATIONS } from '../src/store/postgres/schema.js';
import { freshPostgresDatabase, withAdmin, type FreshDatabase } from './postgres.js';

const created: FreshDatabase[] = [];
afterAll(async () => {
  await Promise.all(created.splice(0).map((db) => db.drop()));
}, 60_000);

async function fresh(label: string, options?: { migrated?: boolean }): Promise<FreshDatabase> {
  const db = await freshPostgresDatabase(label, options);
  created.push(db);
  return db;
}

const CHALLENGE_KEY = 'k'.repeat(40);
const ALL_VERSIONS = POSTGRES_MIGRATIONS.map((m) => m.version);

async function recordedVersions(pool: pg.Pool): Promise<number[]> {
  const { rows } = await pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
  return rows.map((r) => r.version);
}

describe('migrations', () => {
  it('apply on an empty database, and a second run applies nothing', async () => {
    const db = await fresh('empty', { migrated: false });
    const first = await migratePostgres(db.pool);
    expect(first.applied.map((m) => m.version)).toEqual(ALL_VERSIONS);
    expect(first.version).toBe(ALL_VERSIONS.length);
    const second = await migratePostgres(db.pool);
    expect(second.applied).toEqual([]);
    expect(second.version).toBe(ALL_VERSIONS.length);
    expect(await recordedVersions(db.pool)).toEqual(ALL_VERSIONS);
  });

  it('three processes migrating one fresh database at once all succeed, and each migration runs once', async () => {
    const db = await fresh('three', { migrated: false });
    const children = [0, 1, 2].map(() => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'api/test/postgres-migrate-child.ts', db.url], { stdio: ['pipe', 'pipe', 'pipe'] });
      const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      const nextLine = async () => {
        const line = await lines.next();
        if (line.done) throw new Error(`a migrating process ended early:\n${stderr}`);
        return line.value as string;
      };
      return { child, nextLine, exited, stderr: () => stderr };
    });
    try {
      // Every node connected before any migrates: they meet at the lock.
      for (const c of children) expect(await c.nextLine()).toBe('ready');
      for (const c of children) c.child.stdin.end('go\n');
      const applied = await Promise.all(children.map(async (c) => JSON.parse(await c.nextLine()) as number[]));
      const codes = await Promise.all(children.map((c) => c.exited));
      expect(codes, children.map((c) => c.stderr()).join('\n')).toEqual([0, 0, 0]);
      expect(applied.flat().sort((a, b) => a - b)).toEqual(ALL_VERSIONS);
      expect(applied.filter((versions) => versions.length > 0)).toHaveLength(1);
      const { rows } = await db.pool.query<{ version: number; n: number }>('SELECT version, COUNT(*) AS n FROM schema_migrations GROUP BY version ORDER BY version');
      expect(rows).toEqual(ALL_VERSIONS.map((version) => ({ version, n: 1 })));
    } finally {
      for (const c of children) c.child.kill('SIGKILL');
    }
  }, 60_000);

  it('wait for the advisory lock while another transaction holds it', async () => {
    const db = await fresh('lock', { migrated: false });
    const holder = await db.pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
      let done = false;
      const migrating = migratePostgres(db.pool).then((report) => {
        done = true;
        return report;
      });
      // The migration's backend is seen waiting on the advisory lock before it has run anything.
      const waited = await withAdmin(async (admin) => {
        while (!done) {
          const { rows } = await admin.query(
            `SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE d.datname = $1 AND l.locktype = 'advisory' AND NOT l.granted`,
            [db.name],
          );
          if (rows.length > 0) return true;
        }
        return false;
      });
      expect(waited).toBe(true);
      expect(done).toBe(false);
      await holder.query('COMMIT');
      expect((await migrating).applied.map((m) => m.version)).toEqual(ALL_VERSIONS);
    } finally {
      holder.release();
    }
  });

  it('refuse a database whose applied migration was edited, or that is newer than the code', async () => {
    const db = await fresh('edited');
    const edited = POSTGRES_MIGRATIONS.map((m, i) => (i === 0 ? { ...m, sql: `${m.sql}\n-- edited` } : m));
    await expect(migratePostgres(db.pool, edited)).rejects.toThrow(MigrationMismatch);
    await expect(migratePostgres(db.pool, POSTGRES_MIGRATIONS.slice(0, 1))).rejects.toThrow(/mới hơn/);
  });
});

/** Tables and views of the public schema with their columns, as information_schema lists them. */
async function postgresRelations(pool: pg.Pool) {
  const { rows } = await pool.query<{ table_name: string; table_type: string; column_name: string; is_nullable: string; data_type: string; collation_name: string | null }>(
    `SELECT t.table_name, t.table_type, c.column_name, c.is_nullable, c.data_type, c.collation_name
     FROM information_schema.tables t JOIN information_schema.columns c USING (table_schema, table_name)
     WHERE t.table_schema = 'public' ORDER BY t.table_name, c.ordinal_position`,
  );
  return rows;
}

describe('the schema', () => {
  const sqlite = openDatabase(':memory:');
  const sqliteTables = (sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[]).map(
    (r) => r.name,
  );
  const sqliteColumns = (table: string) => sqlite.prepare(`SELECT name, "notnull" FROM pragma_table_info(?)`).all(table) as { name: string; notnull: number }[];

  /** SQLite's maintained counters: views summing `*_shards` tables on PostgreSQL. */
  const VIEWS = ['contest_figures', 'figure_versions', 'round_versions', 'standing_counts', 'unit_participation'];
  /** Only on PostgreSQL: the migrations' record and the counters' shards. */
  const POSTGRES_ONLY = ['schema_migrations', ...['contest_figure', 'figure_version', 'read_version', 'round_version', 'standing_count', 'unit_participation'].map((t) => `${t}_shards`)];
  /** Only on PostgreSQL: the rowid SQLite keeps implicitly, where the code reads it. */
  const ROWID_TABLES = ['admin_tokens', 'attempts', 'contestants', 'webhook_deliveries'];

  it('has every table of SQLite, with its columns, and only the listed differences', async () => {
    const db = await fresh('schema');
    const rows = await postgresRelations(db.pool);
    const relations = new Map<string, { type: string; columns: typeof rows }>();
    for (const row of rows) {
      const relation = relations.get(row.table_name) ?? { type: row.table_type, columns: [] };
      relation.columns.push(row);
      relations.set(row.table_name, relation);
    }
    expect([...relations.keys()].filter((name) => !sqliteTables.includes(name)).sort()).toEqual([...POSTGRES_ONLY].sort());
    expect(sqliteTables.filter((name) => !relations.has(name))).toEqual([]);
    for (const table of sqliteTables) {
      const relation = relations.get(table)!;
      expect(relation.type, table).toBe(VIEWS.includes(table) ? 'VIEW' : 'BASE TABLE');
      const extra = ROWID_TABLES.includes(table) ? ['rowid'] : [];
      expect(relation.columns.map((c) => c.column_name).sort(), table).toEqual([...sqliteColumns(table).map((c) => c.name), ...extra].sort());
      if (relation.type === 'VIEW') continue;
      for (const column of sqliteColumns(table)) {
        if (column.notnull) expect(relation.columns.find((c) => c.column_name === column.name)!.is_nullable, `${table}.${column.name}`).toBe('NO');
      }
    }
  });

  it('compares every text column byte by byte, as SQLite does', async () => {
    const db = await fresh('collation');
    const text = (await postgresRelations(db.pool)).filter((c) => c.data_type === 'text' && c.table_name !== 'schema_migrations' && c.table_type === 'BASE TABLE');
    expect(text.length).toBeGreaterThan(100);
    expect(text.filter((c) => c.collation_name !== 'C').map((c) => `${c.table_name}.${c.column_name}`)).toEqual([]);
  });

  it('has every index and trigger of SQLite, by name', async () => {
    const db = await fresh('indexes');
    const named = (type: string) =>
      (sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = ? AND sql IS NOT NULL ORDER BY name`).all(type) as { name: string }[]).map((r) => r.name);
    const { rows: indexes } = await db.pool.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE schemaname = 'public'`);
    const { rows: triggers } = await db.pool.query<{ tgname: string }>(`SELECT tgname FROM pg_trigger WHERE NOT tgisinternal`);
    expect(named('index').filter((name) => !indexes.some((i) => i.indexname === name))).toEqual([]);
    expect(named('trigger').filter((name) => !triggers.some((t) => t.tgname === name))).toEqual([]);
    // Only on PostgreSQL: the triggers that move the public reads' version across nodes (decision 0044).
    expect(triggers.filter((t) => !t.tgname.endsWith('_read_moved')).length).toBe(named('trigger').length);
  });

  it('keeps the maintained figures exactly as SQLite’s triggers do, through the same writes', async () => {
    const db = await fresh('figures');
    const target = openDatabase(':memory:');
    // Plain SQL both engines read alike; multi-row statements, updates with and without column lists, deletes.
    const writes = [
      `INSERT INTO contests (slug, title, starts_at, ends_at, settings, created_at, updated_at) VALUES
        ('c1', 'Một', '2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z', '{}', '2025-12-01T00:00:00.000Z', '2025-12-01T00:00:00.000Z'),
        ('c2', 'Hai', '2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z', '{}', '2025-12-01T00:00:00.000Z', '2025-12-01T00:00:00.000Z')`,
      `INSERT INTO units (contest_slug, id, name, position) VALUES ('c1', 'u1', 'Đơn vị 1', 1), ('c1', 'u2', 'Đơn vị 2', 2), ('c2', 'u1', 'Đơn vị', 1)`,
      `UPDATE units SET name = name || '.' WHERE contest_slug = 'c1'`,
      `INSERT INTO questions (contest_slug, id, topic, text, options, answer, position) VALUES ('c1', 'q1', 't', 'Câu?', '["a","b"]', 0, 1)`,
      `UPDATE questions SET answer = 1 WHERE id = 'q1'`,
      ...['k1', 'k2', 'k3', 'k4'].map(
        (id, i) => `INSERT INTO contestants (id, contest_slug, id_number, full_name, birth_date, phone, unit_id, occupation, created_at)
          VALUES ('${id}', '${i < 3 ? 'c1' : 'c2'}', '00120000000${i}', 'Người ${i}', '2000-01-01', '091234567${i}', 'u1', 'student', '2026-01-02T00:00:00.000Z')`,
      ),
      `UPDATE contestants SET full_name = 'Người Một' WHERE id = 'k1'`,
      `UPDATE contestants SET phone = '0999999999' WHERE id = 'k2'`,
      `UPDATE contestants SET email = 'a@b.vn' WHERE id = 'k2'`,
      `INSERT INTO exclusions (contest_slug, kind, value) VALUES ('c1', 'phone', '0900000000'), ('c2', 'phone', '0900000000')`,
      `DELETE FROM exclusions WHERE contest_slug = 'c2'`,
      `INSERT INTO attempts (id, contest_slug, contestant_id, status, started_at, deadline, total, round_id) VALUES
        ('a1', 'c1', 'k1', 'inProgress', '2026-01-03T00:00:00.000Z', '2026-01-03T00:20:00.000Z', 10, 'r1'),
        ('a2', 'c1', 'k2', 'inProgress', '2026-01-03T00:00:00.000Z', '2026-01-03T00:20:00.000Z', 10, NULL)`,
      `UPDATE attempts SET status = 'submitted', score = 7, submitted_at = '2026-01-03T00:10:00.000Z', duration_ms = 600000`,
      `UPDATE attempts SET ip = '10.0.0.1'`,
      `INSERT INTO standings (attempt_id, contestant_id, contest_slug, score, total, prediction, duration_ms, submitted_at, block, lead, multi, counted, next_lead) VALUES
        ('a1', 'k1', 'c1', 7, 10, 1234, 600000, '2026-01-03T00:10:00.000Z', 7, 1234, 0, 1, NULL),
        ('a2', 'k2', 'c1', 7, 10, 99999, 600000, '2026-01-03T00:10:00.000Z', 7, 99999, 1, 1, NULL),
        ('a3', 'k2', 'c1', 7, 10, 1767398400000, 600000, '2026-01-03T00:10:00.000Z', 7, 1767398400000, 1, 0, NULL),
        ('a4', 'k3', 'c1', 5, 10, NULL, 600000, '2026-01-03T00:10:00.000Z', 5, NULL, 0, 1, NULL),
        ('a5', 'k4', 'c2', 9, 10, 1767398400000, 600000, '2026-01-03T00:10:00.000Z', 0, 1767398400000, 0, 1, NULL)`,
      `DELETE FROM standings WHERE attempt_id IN ('a2', 'a4')`,
      `DELETE FROM attempts WHERE id = 'a1'`,
      `DELETE FROM contestants WHERE id = 'k3'`,
      `DELETE FROM units WHERE contest_slug = 'c1' AND id = 'u2'`,
      `UPDATE contests SET title = 'Một!'`,
    ];
    for (const write of writes) {
      target.exec(write);
      await db.pool.query(write);
    }
    const keys = { figure_versions: '1', round_versions: '1, 2', contest_figures: '1, 2, 3', unit_participation: '1, 2', standing_counts: '1, 2, 3, 4' };
    for (const [view, order] of Object.entries(keys)) {
      const sql = `SELECT * FROM ${view} ORDER BY ${order}`;
      expect((await db.pool.query(sql)).rows, view).toEqual(target.prepare(sql).all());
    }
    expect((await db.pool.query(`SELECT COUNT(*) AS n FROM standing_counts`)).rows[0].n).toBeGreaterThan(0);
    target.close();
  });
});

describe('the pool', () => {
  it('reads bigint and COUNT(*) as numbers, refusing one beyond 2^53 rather than rounding it', async () => {
    const db = await fresh('int8');
    expect((await db.pool.query('SELECT 9007199254740991::bigint AS largest, COUNT(*) AS n FROM schema_migrations')).rows).toEqual([
      { largest: Number.MAX_SAFE_INTEGER, n: ALL_VERSIONS.length },
    ]);
    await expect(db.pool.query('SELECT 9007199254740993::bigint AS beyond')).rejects.toThrow(/does not fit a JS number/);
    expect((await db.pool.query('SELECT 1::bigint AS after')).rows).toEqual([{ after: 1 }]);
  });

  it('sets the statement timeout and application name, and a statement cancelled by the timeout answers 503', async () => {
    const db = await fresh('settings');
    const pool = createPool({ url: db.url, poolSize: 1, statementTimeoutMs: 50, applicationName: 'quiz test' });
    try {
      expect((await pool.query(`SELECT current_setting('statement_timeout') AS t, current_setting('application_name') AS name`)).rows).toEqual([{ t: '50ms', name: 'quiz test' }]);
      const cancelled = await pool.query('SELECT pg_sleep(30)').catch((error: unknown) => error);
      expect((cancelled as { code?: string }).code).toBe('57014');
      expect(storageFault(cancelled)?.status).toBe(503);
    } finally {
      await pool.end();
    }
  });
});

describe('transactions', () => {
  const FORCE = (code: string) => `DO $$ BEGIN RAISE EXCEPTION 'forced' USING ERRCODE = '${code}'; END $$`;

  it('retry a serialization failure or a deadlock, undoing the failed run', async () => {
    const db = await fresh('retry');
    for (const code of ['40001', '40P01']) {
      let runs = 0;
      const result = await inTransaction(db.pool, async (client) => {
        runs++;
        await client.query(`INSERT INTO server_keys (name, key) VALUES ($1, $2)`, [`${code}-${runs}`, 'k']);
        if (runs < 3) await client.query(FORCE(code));
        return runs;
      });
      expect(result).toBe(3);
      const { rows } = await db.pool.query(`SELECT name FROM server_keys WHERE name LIKE $1 ORDER BY name`, [`${code}-%`]);
      expect(rows).toEqual([{ name: `${code}-3` }]);
    }
  });

  it('give up after the bound, answering 503', async () => {
    const db = await fresh('give_up');
    let runs = 0;
    const failure = await inTransaction(db.pool, async (client) => {
      runs++;
      await client.query(FORCE('40001'));
    }, { maxAttempts: 4 }).catch((error: unknown) => error);
    expect(runs).toBe(4);
    expect((failure as { code?: string }).code).toBe('40001');
    expect(storageFault(failure)?.status).toBe(503);
  });

  it('do not retry other errors', async () => {
    const db = await fresh('no_retry');
    let runs = 0;
    const failure = await inTransaction(db.pool, async (client) => {
      runs++;
      await client.query(FORCE('23505'));
    }).catch((error: unknown) => error);
    expect(runs).toBe(1);
    expect((failure as { code?: string }).code).toBe('23505');
    expect(storageFault(failure)).toBeNull();
  });

  it('run again after a real serialization conflict between two serializable transactions', async () => {
    const db = await fresh('serializable');
    let bothRead!: () => void;
    const read = new Promise<void>((resolve) => (bothRead = resolve));
    let reads = 0;
    let runs = 0;
    // Write skew: each counts the rows, then adds one named after the count. Serially the names differ.
    const writer = (name: string) =>
      inTransaction(
        db.pool,
        async (client) => {
          runs++;
          const { rows } = await client.query<{ n: number }>('SELECT COUNT(*) AS n FROM server_keys');
          if (++reads === 2) bothRead();
          await read;
          await client.query('INSERT INTO server_keys (name, key) VALUES ($1, $2)', [name, String(rows[0]!.n)]);
        },
        { isolation: 'serializable' },
      );
    await Promise.all([writer('first'), writer('second')]);
    expect(runs).toBeGreaterThanOrEqual(3);
    const { rows } = await db.pool.query('SELECT key FROM server_keys ORDER BY key');
    expect(rows).toEqual([{ key: '0' }, { key: '1' }]);
  });
});

describe('connection failures', () => {
  it('map PostgreSQL faults to 503 UNAVAILABLE, and nothing else', () => {
    const fault = (code: string) => storageFault(Object.assign(new Error('lỗi giả lập'), { code }));
    for (const code of ['08000', '08003', '08006', '08001', '08P01', '57P01', '57P02', '57P03', '53100', '53300', '25006', '57014', '40001', '40P01', '55P03', 'ECONNREFUSED', 'ECONNRESET', 'PG_CONNECTION']) {
      expect(fault(code), code).toMatchObject({ code: 'UNAVAILABLE', status: 503 });
    }
    for (const code of ['23505', '23503', '42P01', '22001', '3D000', '28P01', '57P04', 'ENOENT']) expect(fault(code), code).toBeNull();
  });

  it('a refused connection is a storage fault (503)', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const pool = createPool({ url: `postgres://postgres@127.0.0.1:${port}/postgres`, poolSize: 1 });
    try {
      const viaTransaction = await inTransaction(pool, async () => 1).catch((error: unknown) => error);
      expect((viaTransaction as { code?: string }).code).toBe('ECONNREFUSED');
      const fault = storageFault(viaTransaction);
      expect(fault?.status).toBe(503);
      expect(fault?.code).toBe('UNAVAILABLE');
      expect(storageFault(await pool.query('SELECT 1').catch((error: unknown) => error))?.status).toBe(503);
    } finally {
      await pool.end();
    }
  });

  it('a connection the server ends mid-transaction is a storage fault (503), and the pool recovers', async () => {
    const db = await fresh('terminated');
    const failure = await inTransaction(db.pool, async (client) => {
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await withAdmin((admin) => admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]));
      await client.query('SELECT 1');
    }).catch((error: unknown) => error);
    expect(storageFault(failure)?.status).toBe(503);
    expect(await inTransaction(db.pool, async (client) => (await client.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one)).toBe(1);
  });
});

describe('npm run cli -- migrate', () => {
  const io = (env: NodeJS.ProcessEnv) => {
    let stdout = '';
    let stderr = '';
    return {
      io: { env, stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } },
      output: () => ({ stdout, stderr }),
    };
  };

  it('applies the PostgreSQL migrations when DATABASE_URL is set, then finds nothing to do', async () => {
    const db = await fresh('cli', { migrated: false });
    const env = { DATABASE_URL: db.url, CHALLENGE_KEY };
    const first = io(env);
    expect(await runCli(['migrate'], first.io)).toBe(0);
    expect(first.output().stdout).toContain(`Đã áp dụng ${ALL_VERSIONS.length} bước chuyển đổi lược đồ cho PostgreSQL`);
    expect(first.output().stdout).not.toContain('postgres@');
    const second = io(env);
    expect(await runCli(['migrate'], second.io)).toBe(0);
    expect(second.output().stdout).toContain(`đã mới nhất (phiên bản ${ALL_VERSIONS.length})`);
    expect(await recordedVersions(db.pool)).toEqual(ALL_VERSIONS);
  });

  it('refuses the commands that do not run on PostgreSQL yet', async () => {
    const run = io({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres', CHALLENGE_KEY });
    expect(await runCli(['purge-network-data'], run.io)).toBe(1);
    expect(run.output().stderr).toContain('chưa chạy được trên PostgreSQL');
  });

  it('applies the SQLite migrations without DATABASE_URL', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'quiz-migrate-')), 'quiz.db');
    const first = io({ DATABASE_PATH: path });
    expect(await runCli(['migrate'], first.io)).toBe(0);
    expect(first.output().stdout).toMatch(/Đã áp dụng \d+ bước chuyển đổi lược đồ cho SQLite/);
    const second = io({ DATABASE_PATH: path });
    expect(await runCli(['migrate'], second.io)).toBe(0);
    expect(second.output().stdout).toContain('đã mới nhất');
  });
});
