/**
 * The organisers' command line on PostgreSQL (DATABASE_URL set), run in-process against a
 * database of the file's own, next to an app over the same database as a node serves it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { commandLineActor } from '../src/cli/organiser-session.js';
import { runCli } from '../src/cli/run.js';
import { configFromEnv } from '../src/config.js';
import { postgresStore } from '../src/store/postgres/index.js';
import { seedDemoContestsInto } from '../src/store/postgres/startup.js';
import { freshPostgresDatabase, type FreshDatabase } from './postgres.js';
import { OPEN, seededRandom } from './support.js';

const CHALLENGE_KEY = 'k'.repeat(40);

let database: FreshDatabase | undefined;
beforeAll(async () => {
  // Not migrated: the command line migrates as a starting node does, so `token create` works before the first start.
  database = await freshPostgresDatabase('cli', { migrated: false });
});
afterAll(async () => {
  await database?.drop();
});

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    env: { DATABASE_URL: database!.url, CHALLENGE_KEY, RATE_LIMIT: 'off', USER: 'thuky' },
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

/** A node's app over the same database. */
function node() {
  const config = configFromEnv({ DATABASE_URL: database!.url, CHALLENGE_KEY, RATE_LIMIT: 'off', ATTEMPT_CHALLENGE: 'off' });
  const clock = () => new Date();
  const app = createApp({ db: null, store: postgresStore({ pool: database!.pool, clock, random: seededRandom(), config }), clock, config, random: seededRandom() });
  return (method: string, path: string, token: string) => app.request(path, { method, headers: { authorization: `Bearer ${token}` } });
}

const activeCommandLineCodes = async () =>
  (await database!.pool.query(`SELECT COUNT(*)::int AS n FROM admin_tokens WHERE name LIKE 'Dòng lệnh%' AND revoked_at IS NULL`)).rows[0].n as number;

describe('the command line on PostgreSQL', () => {
  it('creates, lists and revokes access codes: the code opens a node, is never listed, and is refused once revoked', async () => {
    const created = await cli('token', 'create', '--name', 'Tổ Thư ký');
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toContain('Mã chỉ hiện một lần');

    const request = node();
    const codes = await request('GET', '/api/admin/access-codes', token);
    expect(codes.status).toBe(200);
    expect(((await codes.json()) as { name: string }[]).map((c) => c.name)).toEqual(['Tổ Thư ký']);

    const listed = await cli('token', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/Tổ Thư ký\s+organiser\s+.*đang dùng/);
    expect(listed.stdout).not.toContain(token);

    const revoked = await cli('token', 'revoke', '--name', 'Tổ Thư ký');
    expect(revoked).toMatchObject({ code: 0, stdout: 'Đã thu hồi 1 mã của «Tổ Thư ký».\n' });
    expect((await request('GET', '/api/admin/access-codes', token)).status).toBe(401);
    expect((await cli('token', 'revoke', '--name', 'Tổ Thư ký')).code).toBe(1);

    const audit = (await database!.pool.query('SELECT actor, action, target FROM audit_log ORDER BY id')).rows;
    const actor = commandLineActor({ USER: 'thuky' });
    expect(audit).toEqual([
      { actor, action: 'token.create', target: 'Tổ Thư ký' },
      { actor, action: 'token.revoke', target: 'Tổ Thư ký' },
    ]);
  });

  it('computes the prizes through the same route as a node, with a code that is revoked afterwards', async () => {
    await seedDemoContestsInto(database!.pool, new Date());
    const computed = await cli('results', 'compute', '--contest', OPEN);
    expect(computed.stderr).toBe('');
    expect(computed.code).toBe(0);
    expect(computed.stdout).toContain(`Kết quả tính thử cuộc thi «${OPEN}»`);
    expect(computed.stdout).toContain('Giải cá nhân (0):');
    expect(await activeCommandLineCodes()).toBe(0);
    // A contest that does not exist is the route's 404, in Vietnamese.
    const missing = await cli('results', 'compute', '--contest', 'khong-co');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Không tìm thấy cuộc thi');
  });

  it('says what does not run on PostgreSQL yet, and how to back up instead', async () => {
    const backup = await cli('backup', '--out', '/tmp/khong-dung.db');
    expect(backup.code).toBe(1);
    expect(backup.stderr).toContain('pg_dump');
    const purge = await cli('purge-network-data', '--dry-run');
    expect(purge.code).toBe(1);
    expect(purge.stderr).toContain('chưa chạy được trên PostgreSQL');
    // A route a node still answers 501 on PostgreSQL says why, whatever code is sent.
    const dossier = await node()('GET', `/api/admin/contests/${OPEN}/privacy-dossier`, 'khong-phai-ma');
    expect(dossier.status).toBe(501);
    expect(((await dossier.json()) as { error: { message: string } }).error.message).toContain('PostgreSQL');
    expect(await activeCommandLineCodes()).toBe(0);
  });

  it('purges personal data through a node, as on SQLite: a dry run counts and erases nothing', async () => {
    const purged = await cli('purge-personal-data', '--contest', OPEN, '--dry-run');
    expect(purged.stderr).toBe('');
    expect(purged.code).toBe(0);
    expect(purged.stdout).toContain(`«${OPEN}»: sẽ xoá 0 số định danh`);
    expect(purged.stdout).toContain('Chạy thử: chưa xoá gì.');
    expect((await database!.pool.query(`SELECT COUNT(*)::int AS n FROM audit_log WHERE action = 'personalData.purge'`)).rows[0].n).toBe(0);
    expect(await activeCommandLineCodes()).toBe(0);
  });

  it('exports the ranking through a node, as on SQLite (decision 0048)', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'xuat-pg-')), 'xep-hang.csv');
    const exported = await cli('export', 'ranking', '--contest', OPEN, '--format', 'csv', '--out', out);
    expect(exported.code, exported.stderr).toBe(0);
    expect(readFileSync(out, 'utf8').startsWith('\uFEFFHạng,')).toBe(true);
    rmSync(dirname(out), { recursive: true, force: true });
    expect(await activeCommandLineCodes()).toBe(0);
  });
});
