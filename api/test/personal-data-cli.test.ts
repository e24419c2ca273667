/**
 * `purge-personal-data`: the committee's purge after the retention date from the command line,
 * through the same route and rules as the console (decision 0029).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/db/connection.js';
import { seedDemoContests } from '../src/seed/demo.js';
import { cli, CLOSED, OPEN } from './support.js';

const opened: Db[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
});

/** A database file whose closed 2023 contest (retention over in 2024) holds one registration. */
function database() {
  const path = join(mkdtempSync(join(tmpdir(), 'quiz-personal-')), 'quiz.db');
  const db = openDatabase(path);
  opened.push(db);
  seedDemoContests(db, new Date());
  db.prepare(
    `INSERT INTO contestants (id, contest_slug, id_number, full_name, name_folded, birth_date, phone, email, unit_id, occupation, created_at)
     VALUES ('c1', ?, '034090000001', 'Nguyễn Văn An', 'nguyen van an', '1990-05-17', '0912000001', 'an@example.vn', 'tp-thai-binh', 'can-bo', '2023-04-01T03:00:00.000Z')`,
  ).run(CLOSED);
  return { path, db };
}

const row = (db: Db) => db.prepare(`SELECT id_number AS idNumber, full_name AS fullName, birth_date AS birthDate, phone, email FROM contestants WHERE id = 'c1'`).get();

describe('npm run cli -- purge-personal-data', () => {
  it('counts in a dry run, then erases the same, past the retention date', async () => {
    const { path, db } = database();
    const dry = await cli(path, 'purge-personal-data', '--contest', CLOSED, '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('sẽ xoá 1 số định danh, 1 số điện thoại, 1 thư điện tử, 1 ngày sinh');
    expect(dry.stdout).toContain('Chạy thử: chưa xoá gì.');
    expect(row(db)).toMatchObject({ idNumber: '034090000001' });

    const done = await cli(path, 'purge-personal-data', '--contest', CLOSED);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain('đã xoá 1 số định danh, 1 số điện thoại, 1 thư điện tử, 1 ngày sinh');
    expect(done.stdout).toContain('rút gọn 1 họ tên');
    expect(row(db)).toEqual({ idNumber: 'purged:c1', fullName: 'N. V. A.', birthDate: '', phone: '', email: null });
    const audit = db.prepare(`SELECT actor, action FROM audit_log WHERE action = 'personalData.purge'`).all();
    expect(audit).toEqual([{ actor: expect.stringMatching(/^Dòng lệnh \(/), action: 'personalData.purge' }]);
  });

  it('refuses before the retention date, with the date, and erases nothing', async () => {
    const { path } = database();
    const refused = await cli(path, 'purge-personal-data', '--contest', OPEN);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Chưa đến hạn xoá dữ liệu cá nhân');
    expect((await cli(path, 'purge-personal-data')).code).toBe(2);
  });
});
