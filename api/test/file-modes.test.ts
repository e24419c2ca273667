import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run.js';
import { createAdminToken } from '../src/db/admin.js';
import { backupDatabase } from '../src/db/backup.js';
import { openDatabase, type Db } from '../src/db/connection.js';
import { seedDemoContests } from '../src/seed/demo.js';
import { hashToken } from '../src/tokens.js';
import { OPEN, ORGANISER_TOKEN } from './support.js';

const mode = (path: string) => statSync(path).mode & 0o777;
const dirs: string[] = [];
const dbs: Db[] = [];
let umask: number;

beforeEach(() => {
  // A permissive umask, as on many servers: the modes must not depend on it.
  umask = process.umask(0o022);
});
afterEach(() => {
  process.umask(umask);
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'che-do-tep-'));
  dirs.push(dir);
  return dir;
}

function seeded(path: string): Db {
  const db = openDatabase(path);
  dbs.push(db);
  seedDemoContests(db, new Date());
  createAdminToken(db, hashToken(ORGANISER_TOKEN), 'Ban Tổ chức', 'organiser', new Date());
  return db;
}

describe('files holding personal data are the owner\'s alone', () => {
  it('a new database, its -wal and -shm are 0600 and the folders created for it 0700', () => {
    const dir = tempDir();
    const path = join(dir, 'du-lieu', 'thi', 'quiz.db');
    seeded(path);
    expect(mode(join(dir, 'du-lieu'))).toBe(0o700);
    expect(mode(join(dir, 'du-lieu', 'thi'))).toBe(0o700);
    for (const file of [path, `${path}-wal`, `${path}-shm`]) {
      expect(existsSync(file), file).toBe(true);
      expect(mode(file), file).toBe(0o600);
    }
  });

  it('an existing database readable by others is tightened when opened, with its -wal and -shm', () => {
    const dir = tempDir();
    const path = join(dir, 'quiz.db');
    seeded(path);
    for (const file of [path, `${path}-wal`, `${path}-shm`]) chmodSync(file, 0o644);
    const again = openDatabase(path);
    dbs.push(again);
    for (const file of [path, `${path}-wal`, `${path}-shm`]) expect(mode(file), file).toBe(0o600);
  });

  it('a backup is 0600, even over an older copy readable by others', async () => {
    const dir = tempDir();
    const db = seeded(join(dir, 'quiz.db'));
    const out = join(dir, 'sao-luu.db');
    writeFileSync(out, '');
    chmodSync(out, 0o644);
    await backupDatabase(db, out);
    expect(mode(out)).toBe(0o600);
  });

  it('the command line writes exports and backups 0600', async () => {
    const dir = tempDir();
    const path = join(dir, 'quiz.db');
    seeded(path).close();
    const io = { env: { DATABASE_PATH: path, RATE_LIMIT: 'off', USER: 'thuky' }, stdout: { write: () => true }, stderr: { write: () => true } };
    for (const [format, file] of [['csv', 'xep-hang.csv'], ['xlsx', 'xep-hang.xlsx'], ['json', 'xep-hang.json']] as const) {
      const out = join(dir, file);
      expect(await runCli(['export', 'ranking', '--contest', OPEN, '--format', format, '--out', out], io)).toBe(0);
      expect(mode(out), file).toBe(0o600);
    }
    const attempts = join(dir, 'luot-thi.csv');
    expect(await runCli(['export', 'attempts', '--contest', OPEN, '--out', attempts], io)).toBe(0);
    expect(mode(attempts)).toBe(0o600);
    const backup = join(dir, 'sao-luu.db');
    expect(await runCli(['backup', '--out', backup], io)).toBe(0);
    expect(mode(backup)).toBe(0o600);
  });
});
