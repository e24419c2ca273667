/**
 * `purge-network-data`: network data (addresses, user agents) of registrations and attempts is
 * erased once a contest is past its retention date, and only then; a dry run only counts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configFromEnv } from '../src/config.js';
import { createAdminToken } from '../src/db/admin.js';
import { openDatabase, type Db } from '../src/db/connection.js';
import { seedDemoContests } from '../src/seed/demo.js';
import { hashToken } from '../src/tokens.js';
import { appEnv, cli, CLOSED, OPEN, ORGANISER_TOKEN, person, TestClock } from './support.js';

const opened: Db[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
});

/** A database file with two registrations and two attempts of the open contest, from known addresses. */
async function databaseWithNetworkData() {
  const path = join(mkdtempSync(join(tmpdir(), 'quiz-purge-')), 'quiz.db');
  const db = openDatabase(path);
  opened.push(db);
  seedDemoContests(db, new Date());
  createAdminToken(db, hashToken(ORGANISER_TOKEN), 'Ban Tổ chức', 'organiser', new Date());
  const env = appEnv(db, new TestClock(new Date()), configFromEnv({ RATE_LIMIT: 'off', ATTEMPT_CHALLENGE: 'off', TRUST_PROXY: '1' }));
  for (const n of [1, 2]) {
    const registered = await env.call('POST', `/api/contests/${OPEN}/contestants`, {
      json: person(n),
      headers: { 'x-forwarded-for': `203.0.113.${n}`, 'user-agent': 'Mozilla/5.0 (Linux; Android 14)' },
    });
    expect(registered.status).toBe(201);
    const started = await env.call('POST', `/api/contests/${OPEN}/attempts`, {
      token: registered.body.token,
      headers: { 'x-forwarded-for': `203.0.113.${n}`, 'user-agent': 'Mozilla/5.0 (Linux; Android 14)' },
    });
    expect(started.status).toBe(201);
  }
  return { path, db };
}

const kept = (db: Db, table: 'contestants' | 'attempts') =>
  (db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ip IS NOT NULL OR ip_network IS NOT NULL OR user_agent IS NOT NULL`).get() as { n: number }).n;

describe('npm run cli -- purge-network-data', () => {
  it('keeps the data of a contest before its retention date', async () => {
    const { path, db } = await databaseWithNetworkData();
    const run = await cli(path, 'purge-network-data');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`«${OPEN}»: chưa đến hạn xoá`));
    expect(run.stdout).toMatch(/Tổng cộng đã xoá dữ liệu mạng của 0 lượt đăng ký và 0 lượt thi/);
    expect([kept(db, 'contestants'), kept(db, 'attempts')]).toEqual([2, 2]);
  });

  it('past the retention date: a dry run counts, a real run erases and is audited', async () => {
    const { path, db } = await databaseWithNetworkData();
    // The contest closed long ago: past its 90 days.
    db.prepare(`UPDATE contests SET ends_at = '2024-01-01T00:00:00.000Z' WHERE slug = ?`).run(OPEN);

    const dry = await cli(path, 'purge-network-data', '--contest', OPEN, '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/sẽ xoá dữ liệu mạng của 2 lượt đăng ký và 2 lượt thi/);
    expect(dry.stdout).toMatch(/Chạy thử/);
    expect([kept(db, 'contestants'), kept(db, 'attempts')]).toEqual([2, 2]);

    const run = await cli(path, 'purge-network-data');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`«${OPEN}»: hết hạn lưu giữ lúc .+; đã xoá dữ liệu mạng của 2 lượt đăng ký và 2 lượt thi`));
    expect(run.stdout).toMatch(new RegExp(`«${CLOSED}»: .*0 lượt đăng ký`));
    expect([kept(db, 'contestants'), kept(db, 'attempts')]).toEqual([0, 0]);
    // Everything else of the registrations stays.
    expect((db.prepare('SELECT COUNT(*) AS n FROM contestants WHERE contest_slug = ?').get(OPEN) as { n: number }).n).toBe(2);
    const audit = db.prepare(`SELECT actor, action, target, detail FROM audit_log WHERE action = 'networkData.purge'`).all() as any[];
    expect(audit).toEqual([{ actor: expect.stringContaining('Dòng lệnh'), action: 'networkData.purge', target: OPEN, detail: JSON.stringify({ contestants: 2, attempts: 2 }) }]);

    const again = await cli(path, 'purge-network-data', '--contest', OPEN);
    expect(again.stdout).toMatch(/đã xoá dữ liệu mạng của 0 lượt đăng ký và 0 lượt thi/);
  });

  it('results publish refuses flagged winners unless --acknowledge-flags, and results compute names them', async () => {
    const { path, db } = await databaseWithNetworkData();
    const env = appEnv(db, new TestClock(new Date()), configFromEnv({ RATE_LIMIT: 'off', ATTEMPT_CHALLENGE: 'off' }));
    // Contestant 1 submits the attempt started above at once: far below 3 seconds per question.
    const signedIn = await env.call('POST', `/api/contests/${OPEN}/sessions`, { json: { idNumber: person(1).idNumber, phone: person(1).phone, birthDate: person(1).birthDate } });
    const attempt = await env.call('POST', `/api/contests/${OPEN}/attempts`, { token: signedIn.body.token });
    expect((await env.call('POST', `/api/attempts/${attempt.body.id}/submit`, { token: signedIn.body.token, json: { prediction: 5 } })).status).toBe(200);

    const compute = await cli(path, 'results', 'compute', '--contest', OPEN);
    expect(compute.code, compute.stderr).toBe(0);
    expect(compute.stdout).toMatch(/1 người đoạt giải bị gắn cờ rà soát tính trung thực: Nguyễn Văn An\./);
    const refused = await cli(path, 'results', 'publish', '--contest', OPEN);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/bị gắn cờ/);
    expect(refused.stderr).toMatch(/--acknowledge-flags/);
    const published = await cli(path, 'results', 'publish', '--contest', OPEN, '--acknowledge-flags');
    expect(published.code, published.stderr).toBe(0);
    expect(published.stdout).toMatch(/Đã công bố kết quả/);
  });

  it('refuses an unknown contest and unknown options', async () => {
    const { path } = await databaseWithNetworkData();
    const unknown = await cli(path, 'purge-network-data', '--contest', 'khong-co-cuoc-thi');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/Không tìm thấy cuộc thi «khong-co-cuoc-thi»/);
    const wrong = await cli(path, 'purge-network-data', '--force');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/purge-network-data \[--contest MÃ\] \[--dry-run\]/);
  });
});
