/**
 * `npm run cli -- postgres-import` (decision 0045): a contest the organisers prepared on SQLite —
 * the contest, its units, questions and exclusion list — copied into PostgreSQL for the nodes to
 * serve, with its audit entry; never anybody's registration, never over a contest already there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run.js';
import { openDatabase, type Db } from '../src/db/connection.js';
import { seedDemoContests } from '../src/seed/demo.js';
import { sqliteStore } from '../src/store/sqlite/index.js';
import { freshPostgresDatabase, type FreshDatabase } from './postgres.js';
import { seededRandom } from './seeded-random.js';
import { tempDatabase } from './server-process.js';
import { person } from './support.js';
import { configFromEnv } from '../src/config.js';

const OPEN = 'de-an-06-thai-binh';
const CHALLENGE_KEY = 'i'.repeat(64);

let database: FreshDatabase;
let path: string;
let db: Db;

function cli(env: NodeJS.ProcessEnv) {
  let stdout = '';
  let stderr = '';
  const io = { env, stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } };
  return { run: (args: string[]) => runCli(args, io), output: () => ({ stdout, stderr }) };
}

beforeAll(async () => {
  database = await freshPostgresDatabase('import');
  path = tempDatabase('quiz-import-');
  db = openDatabase(path);
  const now = new Date();
  seedDemoContests(db, now);
  db.prepare("INSERT INTO exclusions (contest_slug, kind, value) VALUES (?, 'idNumber', '034090009999')").run(OPEN);
  // Someone registered on the SQLite server while the contest was tried out: not to be copied.
  const store = sqliteStore({ db, clock: () => now, random: seededRandom(1), config: configFromEnv({ RATE_LIMIT: 'off', ATTEMPT_CHALLENGE: 'off' }) });
  const registered = await store.contestants.register(OPEN, async () => person(1), { ip: '127.0.0.1', userAgent: undefined, origin: undefined });
  expect(registered.kind).toBe('registered');
}, 30_000);

afterAll(async () => {
  db?.close();
  await database?.drop();
});

/** Every row of a contest's setup tables, as sorted JSON text: the same on both stores when copied. */
async function setupRows(): Promise<{ sqlite: string; postgres: string }> {
  const tables: [string, string][] = [
    ['contests', 'slug'],
    ['units', 'contest_slug'],
    ['questions', 'contest_slug'],
    ['exclusions', 'contest_slug'],
  ];
  const sqlite: unknown[] = [];
  const postgres: unknown[] = [];
  for (const [table, key] of tables) {
    const columns = (db.prepare(`SELECT name FROM pragma_table_info('${table}') ORDER BY name`).all() as { name: string }[]).map((c) => c.name);
    const order = columns.join(', ');
    // Sorted here, as text: the two engines' ORDER BY need not agree on text.
    const sorted = (rows: unknown[]) => rows.map((row) => JSON.stringify(row)).sort();
    sqlite.push(sorted(db.prepare(`SELECT ${order} FROM ${table} WHERE ${key} = ?`).all(OPEN)));
    postgres.push(sorted((await database.pool.query(`SELECT ${order} FROM ${table} WHERE ${key} = $1`, [OPEN])).rows));
  }
  return { sqlite: JSON.stringify(sqlite), postgres: JSON.stringify(postgres) };
}

describe('npm run cli -- postgres-import', () => {
  it('copies the contest, its units, questions and exclusions, with an audit entry, and nobody’s registration', async () => {
    const { run, output } = cli({ DATABASE_URL: database.url, CHALLENGE_KEY, USER: 'thuky' });
    expect(await run(['postgres-import', '--from', path, '--contest', OPEN]), output().stderr).toBe(0);
    const units = (db.prepare('SELECT COUNT(*) AS n FROM units WHERE contest_slug = ?').get(OPEN) as { n: number }).n;
    const questions = (db.prepare('SELECT COUNT(*) AS n FROM questions WHERE contest_slug = ?').get(OPEN) as { n: number }).n;
    expect(output().stdout).toContain(`Đã chép cuộc thi «${OPEN}»`);
    expect(output().stdout).toContain(`${units} đơn vị, ${questions} câu hỏi, 1 mục danh sách loại trừ`);
    const rows = await setupRows();
    expect(rows.postgres).toBe(rows.sqlite);
    expect((await database.pool.query('SELECT COUNT(*)::int AS n FROM contestants')).rows).toEqual([{ n: 0 }]);
    expect((await database.pool.query('SELECT slug FROM contests')).rows).toEqual([{ slug: OPEN }]);
    const audit = (await database.pool.query('SELECT actor, action, target FROM audit_log')).rows;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'contest.import', target: OPEN });
    expect(audit[0].actor).toMatch(/^Dòng lệnh \(/);
  });

  it('refuses to copy over a contest PostgreSQL already has, changing nothing', async () => {
    const before = await setupRows();
    const { run, output } = cli({ DATABASE_URL: database.url, CHALLENGE_KEY });
    expect(await run(['postgres-import', '--from', path, '--contest', OPEN])).toBe(1);
    expect(output().stderr).toContain(`đã có cuộc thi «${OPEN}»: không chép đè`);
    expect(await setupRows()).toEqual(before);
    expect((await database.pool.query('SELECT COUNT(*)::int AS n FROM audit_log')).rows).toEqual([{ n: 1 }]);
  });

  it('says what is wrong: an unknown contest, a missing file, no DATABASE_URL, a missing option', async () => {
    const unknown = cli({ DATABASE_URL: database.url, CHALLENGE_KEY });
    expect(await unknown.run(['postgres-import', '--from', path, '--contest', 'khong-co'])).toBe(1);
    expect(unknown.output().stderr).toContain('Không có cuộc thi «khong-co»');
    const missingFile = cli({ DATABASE_URL: database.url, CHALLENGE_KEY });
    expect(await missingFile.run(['postgres-import', '--from', '/khong/co/tep.db', '--contest', OPEN])).toBe(1);
    expect(missingFile.output().stderr).toContain('Không tìm thấy cơ sở dữ liệu SQLite «/khong/co/tep.db»');
    const sqliteOnly = cli({ DATABASE_PATH: tempDatabase('quiz-import-target-') });
    expect(await sqliteOnly.run(['postgres-import', '--from', path, '--contest', OPEN])).toBe(1);
    expect(sqliteOnly.output().stderr).toContain('hãy đặt DATABASE_URL');
    const noContest = cli({ DATABASE_URL: database.url, CHALLENGE_KEY });
    expect(await noContest.run(['postgres-import', '--from', path])).toBe(2);
    expect(noContest.output().stderr).toContain('postgres-import --from TỆP --contest MÃ');
  });
});
