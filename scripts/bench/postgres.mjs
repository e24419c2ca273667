/**
 * PostgreSQL for `npm run bench -- --store postgres|both`: a private cluster of the run's own (never
 * the shared server, and with pg_stat_statements preloaded), the generated SQLite contest copied
 * into it, direct inserts for what the load runs prepare, and PostgreSQL's own view of the run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadBuiltPostgres, SLUG } from './dist.mjs';
import { freePort } from './server.mjs';

const PG_BIN = process.env.BENCH_PG_BIN || '/usr/lib/postgresql/15/bin';
const DATABASE = 'quiz_bench';
/** Marks the harness's own statements, left out of the pg_stat_statements table. */
const HARNESS = '/* bench-harness */';
/**
 * SQLite's maintained counters and the PostgreSQL shard tables that hold them (schema.ts); copied into shard 0.
 * @type {Record<string, [string, string[]]>}
 */
const COUNTER_SHARDS = {
  figure_versions: ['figure_version_shards', ['contest_slug', 'version']],
  round_versions: ['round_version_shards', ['contest_slug', 'round_id', 'version']],
  contest_figures: ['contest_figure_shards', ['contest_slug', 'dimension', 'key', 'participants', 'attempts']],
  unit_participation: ['unit_participation_shards', ['contest_slug', 'unit_id', 'participants', 'attempts', 'best_score_sum', 'perfect_participants']],
  standing_counts: ['standing_count_shards', ['contest_slug', 'block', 'level', 'bucket', 'rows']],
};

function binary(name) {
  const path = join(PG_BIN, name);
  if (!existsSync(path)) throw new Error(`Không tìm thấy ${path} (cần PostgreSQL 15 của Debian: apt-get install postgresql-15, hoặc đặt BENCH_PG_BIN)`);
  return path;
}

/** initdb and postgres refuse to run as root: as root, they run as the `postgres` user, in a folder it owns. */
function asServerUser() {
  if (process.getuid?.() !== 0) return null;
  const id = (flag) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  if (!Number.isInteger(uid) || uid <= 0) throw new Error('Chạy với quyền root cần người dùng hệ thống postgres để chạy PostgreSQL riêng của bộ đo');
  return { uid, gid: id('-g') };
}

/** @param {{ uid: number, gid: number } | null} user @param {string} command @param {string[]} args */
function runAs(user, command, args) {
  const [file, argv] = user ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  const result = spawnSync(file, argv, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}:\n${result.stderr || result.stdout}`);
  return result.stdout;
}

/**
 * A PostgreSQL cluster of the run's own: initdb into a temporary folder, listening on 127.0.0.1 at a
 * free port (the nodes connect over TCP, as in production) and on a socket in that folder, with
 * pg_stat_statements preloaded and `settings` (name=value) on top of the defaults — fsync and
 * synchronous_commit stay on: durable as in production. `stop()` shuts it down and removes the
 * folder; so does the end of the process, whatever ends it.
 * @param {{ settings?: string[] }} [options]
 */
export async function startCluster({ settings = [] } = {}) {
  const user = asServerUser();
  const dir = mkdtempSync(join(tmpdir(), 'de-an-06-bench-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const pgCtl = binary('pg_ctl');
  let running = false;
  const stopNow = () => {
    if (running) {
      try {
        runAs(user, pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        /* already stopped */
      }
    }
    running = false;
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stopNow);
  try {
    runAs(user, binary('initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
    const port = await freePort();
    const options = [
      `-c port=${port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=${dir}`,
      '-c shared_preload_libraries=pg_stat_statements',
      '-c pg_stat_statements.max=10000',
      ...settings.map((setting) => `-c ${setting}`),
    ].join(' ');
    running = true;
    runAs(user, pgCtl, ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '120', '-o', options, 'start']);
    const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
    await query(adminUrl, `CREATE DATABASE ${DATABASE} TEMPLATE template0 ENCODING 'UTF8'`);
    const url = `postgres://postgres@127.0.0.1:${port}/${DATABASE}`;
    await query(url, 'CREATE EXTENSION pg_stat_statements');
    const version = (await query(url, 'SHOW server_version'))[0].server_version;
    const shown = await query(url, `SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers', 'fsync', 'synchronous_commit', 'max_connections', 'work_mem')`);
    return {
      url,
      port,
      version,
      settings: Object.fromEntries(shown.map((s) => [s.name, s.unit === '8kB' ? `${(Number(s.setting) * 8) / 1024} MB` : `${s.setting}${s.unit ? ` ${s.unit}` : ''}`])),
      log: () => {
        try {
          return readFileSync(join(dir, 'server.log'), 'utf8').slice(-4000);
        } catch {
          return '';
        }
      },
      async stop() {
        if (running) runAs(user, pgCtl, ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
        running = false;
        rmSync(dir, { recursive: true, force: true });
        process.off('exit', stopNow);
      },
    };
  } catch (error) {
    stopNow();
    process.off('exit', stopNow);
    throw error;
  }
}

/** @param {string} url @param {string} sql @param {unknown[]} [params] @returns {Promise<any[]>} */
async function query(url, sql, params = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** One value in COPY's text format. */
function copyValue(value) {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'string') return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
  throw new Error(`Giá trị kiểu ${typeof value} không chép được sang PostgreSQL`);
}

/**
 * Streams `rows` (arrays) into `table (columns)` by `COPY … FROM STDIN` through psql, triggers and
 * foreign-key checks off for the session (session_replication_role = replica: the maintained
 * figures are copied as SQLite computed them, not recounted row by row).
 * @param {string} url @param {string} table @param {string[]} columns @param {Iterable<unknown[]>} rows
 */
function copyRows(url, table, columns, rows) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary('psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', `COPY ${table} (${columns.join(', ')}) FROM STDIN`], {
      env: { ...process.env, PGOPTIONS: '-c session_replication_role=replica' },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (chunk) => (errors += chunk));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(undefined) : reject(new Error(`COPY ${table}: ${errors.trim()}`))));
    // Written with backpressure; an early exit of psql ends the writing through 'error' on stdin.
    child.stdin.on('error', () => {});
    (async () => {
      let chunk = '';
      for (const row of rows) {
        chunk += `${row.map(copyValue).join('\t')}\n`;
        if (chunk.length > 1 << 20) {
          if (!child.stdin.write(chunk)) await new Promise((ok) => child.stdin.once('drain', ok));
          chunk = '';
        }
      }
      child.stdin.end(chunk);
    })().catch(reject);
  });
}

/**
 * Copies the generated contest from the SQLite file at `databasePath` into the cluster's database:
 * the schema by the server's own migrations, then every table both stores have, row for row (the
 * same values: decision 0042), the maintained counters into shard 0 of their shard tables, identities
 * moved past the copied rows, secondary indexes built once after the copy, and VACUUM ANALYZE, as a
 * database that has been in service would be. Checks that the figures agree with the rows.
 * @param {any} api @param {string} databasePath @param {string} url
 * @param {{ log?: (line: string) => void }} [options]
 */
export async function copyContestToPostgres(api, databasePath, url, options = {}) {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const postgres = await loadBuiltPostgres();
  const pool = postgres.createPool({ url, poolSize: 2 });
  try {
    await postgres.migratePostgres(pool);
  } finally {
    await pool.end();
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const db = api.openDatabase(databasePath, { synchronous: 'NORMAL' });
  const rows = {};
  try {
    const pgTables = new Set((await client.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`)).rows.map((r) => r.table_name));
    pgTables.delete('schema_migrations');
    const sqliteTables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all().map((r) => r.name);
    const tables = sqliteTables.filter((t) => pgTables.has(t));
    const pgColumns = async (table) => (await client.query('SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position', ['public', table])).rows.map((r) => r.column_name);

    // Secondary indexes are built once over the copied rows; keys and unique constraints stay.
    const indexes = (
      await client.query(
        `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY($1)
         AND indexname NOT IN (SELECT conname FROM pg_constraint)`,
        [tables],
      )
    ).rows;
    for (const index of indexes) await client.query(`DROP INDEX ${index.indexname}`);

    for (const table of tables) {
      const sqliteColumns = new Set(db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table).map((r) => r.name));
      const target = await pgColumns(table);
      // The tables whose rowid the code reads keep SQLite's (schema.ts: an explicit identity column).
      const columns = target.filter((c) => sqliteColumns.has(c) || c === 'rowid');
      const order = columns.includes('rowid') ? ' ORDER BY rowid' : '';
      const statement = db.prepare(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}"${order}`).raw();
      const counted = { n: 0 };
      await copyRows(url, table, columns, counting(statement.iterate(), counted));
      rows[table] = counted.n;
    }
    for (const [view, [shards, columns]] of Object.entries(COUNTER_SHARDS)) {
      const statement = db.prepare(`SELECT ${columns.join(', ')} FROM ${view}`).raw();
      const counted = { n: 0 };
      await copyRows(url, shards, [...columns, 'shard'], withShard(statement.iterate(), counted));
      rows[shards] = counted.n;
    }
    await client.query(`INSERT INTO read_version_shards (shard, version) VALUES (0, 1) ON CONFLICT DO NOTHING`);
    const copied = performance.now();
    log(`   chép ${Object.values(rows).reduce((a, b) => a + b, 0).toLocaleString('vi-VN')} dòng trong ${((copied - started) / 1000).toFixed(1)} s`);

    const identities = (await client.query(`SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND is_identity = 'YES'`)).rows;
    for (const { table_name: table, column_name: column } of identities) {
      await client.query(`SELECT setval(pg_get_serial_sequence('${table}', '${column}'), COALESCE(MAX(${column}), 0) + 1, false) FROM ${table}`);
    }
    await client.query(`SET maintenance_work_mem = '512MB'`);
    for (const index of indexes) await client.query(index.indexdef);
    const indexed = performance.now();
    await client.query('VACUUM (FREEZE, ANALYZE)');
    const vacuumed = performance.now();
    log(`   dựng ${indexes.length} chỉ mục trong ${((indexed - copied) / 1000).toFixed(1)} s, VACUUM ANALYZE ${((vacuumed - indexed) / 1000).toFixed(1)} s`);
    await checkFigures(client);
    const size = (await client.query('SELECT pg_database_size(current_database())::bigint AS bytes')).rows[0].bytes;
    return { rows, seconds: (performance.now() - started) / 1000, copySeconds: (copied - started) / 1000, databaseBytes: Number(size) };
  } finally {
    db.close();
    await client.end();
  }
}

/** @param {Iterable<unknown[]>} iterator @param {{ n: number }} counted */
function* counting(iterator, counted) {
  for (const row of iterator) {
    counted.n++;
    yield row;
  }
}

/** @param {Iterable<unknown[]>} iterator @param {{ n: number }} counted */
function* withShard(iterator, counted) {
  for (const row of iterator) {
    counted.n++;
    yield [...row, 0];
  }
}

/** The maintained figures as copied must agree with the rows they count, or every figure measured would be wrong. */
async function checkFigures(client) {
  const [check] = (
    await client.query(
      `SELECT (SELECT COUNT(*) FROM contestants WHERE contest_slug = $1)::bigint AS contestants,
        (SELECT participants FROM contest_figures WHERE contest_slug = $1 AND dimension = 'registered' AND key = '') AS registered,
        (SELECT COUNT(*) FROM participation WHERE contest_slug = $1)::bigint AS participation,
        (SELECT SUM(participants)::bigint FROM unit_participation WHERE contest_slug = $1) AS units`,
      [SLUG],
    )
  ).rows;
  if (Number(check.contestants) !== Number(check.registered) || Number(check.participation) !== Number(check.units)) {
    throw new Error(`Số liệu duy trì trên PostgreSQL không khớp sau khi chép: ${JSON.stringify(check)}`);
  }
}

/**
 * What the load runs write outside the API on PostgreSQL (load.mjs `sqliteDirect` for SQLite):
 * contestants with tokens, in one transaction per batch, through the ordinary triggers, so the
 * maintained figures count them as any registration.
 */
export function postgresDirect(url) {
  return {
    async highestSerial() {
      const [row] = await query(url, `${HARNESS} SELECT MAX(CAST(substr(id_number, 7) AS bigint)) AS highest FROM contestants WHERE contest_slug = $1`, [SLUG]);
      return row.highest === null ? null : Number(row.highest);
    },
    async addContestants(contestants) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query('BEGIN');
        for (let from = 0; from < contestants.length; from += 5000) {
          const batch = contestants.slice(from, from + 5000);
          const column = (key) => batch.map((c) => c[key]);
          await client.query(
            `${HARNESS} INSERT INTO contestants (id, contest_slug, id_number, full_name, birth_date, phone, email, unit_id, occupation, source, created_at)
             SELECT id, $1, id_number, full_name, birth_date, phone, email, unit_id, occupation, source, created_at
             FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
               AS c(id, id_number, full_name, birth_date, phone, email, unit_id, occupation, source, created_at)`,
            [SLUG, ...['id', 'idNumber', 'fullName', 'birthDate', 'phone', 'email', 'unitId', 'occupation', 'source', 'createdAt'].map(column)],
          );
          await client.query(
            `${HARNESS} INSERT INTO contestant_tokens (token_hash, contestant_id, created_at) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])`,
            [column('tokenHash'), column('id'), column('createdAt')],
          );
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        await client.end();
      }
    },
  };
}

/** Forgets what pg_stat_statements has gathered (the copy, the migrations), so its table covers the measured work only. */
export async function resetStatements(url) {
  await query(url, 'SELECT pg_stat_statements_reset()');
}

/**
 * The statements of the benchmark's database that took the most time in PostgreSQL, by total
 * execution time (the harness's own inserts left out), with their share of the whole.
 */
export async function topStatements(url, limit = 10) {
  const where = `dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '${HARNESS}%'`;
  const [all] = await query(url, `SELECT COALESCE(SUM(total_exec_time), 0)::float8 AS ms, COALESCE(SUM(calls), 0)::bigint AS calls FROM pg_stat_statements WHERE ${where}`);
  const top = await query(
    url,
    `SELECT calls::bigint AS calls, mean_exec_time::float8 AS "meanMs", total_exec_time::float8 AS "totalMs", rows::bigint AS rows, query
     FROM pg_stat_statements WHERE ${where} ORDER BY total_exec_time DESC LIMIT $1`,
    [limit],
  );
  return {
    totalMs: all.ms,
    calls: Number(all.calls),
    top: top.map((s) => ({ calls: Number(s.calls), meanMs: s.meanMs, totalMs: s.totalMs, rows: Number(s.rows), query: shorten(s.query) })),
  };
}

/** A statement on one line, at most 160 characters. */
function shorten(text) {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
}
