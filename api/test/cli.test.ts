/**
 * The organisers' command line, run in-process (`runCli`) against temporary database files, the
 * way `npm run cli -- …` runs it next to a live server.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createAdminToken } from '../src/db/admin.js';
import { openDatabase, type Db } from '../src/db/connection.js';
import { DEFAULT_PRIZES } from '../src/domain/contest.js';
import { parseCsv } from '../src/domain/csv.js';
import { seedDemoContests } from '../src/seed/demo.js';
import { hashToken } from '../src/tokens.js';
import { contestantWithScore, jsonQuestion } from './admin-support.js';
import { appEnv, cli, OPEN, ORGANISER_TOKEN, register, TestClock, type TestEnv } from './support.js';

const BOM = '\uFEFF';
const CSV_HEADER = 'topic,text,option_a,option_b,option_c,option_d,answer,explanation';

const opened: Db[] = [];
const children: { kill(signal: NodeJS.Signals): boolean }[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const db of opened.splice(0)) if (db.open) db.close();
});

/** A database file seeded like a first start (demo contests, one organiser token). */
function databaseFile() {
  const dir = mkdtempSync(join(tmpdir(), 'quiz-cli-'));
  const path = join(dir, 'quiz.db');
  const db = openDatabase(path);
  seedDemoContests(db, new Date());
  createAdminToken(db, hashToken(ORGANISER_TOKEN), 'Ban Tổ chức', 'organiser', new Date());
  db.close();
  return { dir, path };
}

/** The server's view of the same file: the app over its own connection, as `npm start` runs it. */
function server(databasePath: string): TestEnv {
  const db = openDatabase(databasePath);
  opened.push(db);
  return appEnv(db, new TestClock(new Date()));
}

const adminGet = (env: TestEnv, path: string, token = ORGANISER_TOKEN) => env.call('GET', `/api/admin${path}`, { token });
const questionCount = (env: TestEnv) => (env.db.prepare('SELECT COUNT(*) AS n FROM questions WHERE contest_slug = ?').get(OPEN) as { n: number }).n;
const activeCommandLineTokens = (env: TestEnv) =>
  (env.db.prepare(`SELECT COUNT(*) AS n FROM admin_tokens WHERE name LIKE 'Dòng lệnh%' AND revoked_at IS NULL`).get() as { n: number }).n;

describe('help and wrong usage', () => {
  it('help prints the Vietnamese usage of every command and exits 0', async () => {
    const { path } = databaseFile();
    const { code, stdout } = await cli(path, 'help');
    expect(code).toBe(0);
    for (const command of ['token create', 'token list', 'token revoke', 'import questions', 'import units', 'import exclusions', 'export ranking', 'export attempts', 'export contestants', 'results compute', 'results publish', 'backup --out']) {
      expect(stdout).toContain(command);
    }
    expect(stdout).toContain('Cách dùng');
  });

  it('an unknown command exits 2 with the usage; a missing option names the option and exits 2', async () => {
    const { path } = databaseFile();
    const unknown = await cli(path, 'xoa', 'het');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Không có lệnh «xoa het»');
    expect(unknown.stderr).toContain('Cách dùng');

    const missing = await cli(path, 'import', 'questions', '--contest', OPEN);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Thiếu tuỳ chọn --file');

    const stray = await cli(path, 'token', 'list', '--contest', OPEN);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain('«--contest»');
  });
});

describe('token create | list | revoke', () => {
  it('a created token opens the organiser API; list never shows it; after revoke the API answers 401', async () => {
    const { path } = databaseFile();
    const created = await cli(path, 'token', 'create', '--name', 'Tổ Thư ký');
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toContain('chỉ hiện một lần');

    const env = server(path);
    expect((await adminGet(env, '/contests', token)).status).toBe(200);

    const listed = await cli(path, 'token', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/Tổ Thư ký\s+organiser\s+.*đang dùng/);
    expect(listed.stdout).not.toContain(token);

    const revoked = await cli(path, 'token', 'revoke', '--name', 'Tổ Thư ký');
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain('Đã thu hồi 1 mã');
    const refused = await adminGet(env, '/contests', token);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('UNAUTHORIZED');
    expect((await cli(path, 'token', 'list')).stdout).toMatch(/Tổ Thư ký\s+organiser\s+.*đã thu hồi/);
    const audit = (await adminGet(env, '/audit', ORGANISER_TOKEN)).body as { action: string; target: string; actor: string }[];
    expect(audit.filter((e) => e.target === 'Tổ Thư ký').map((e) => e.action).sort()).toEqual(['token.create', 'token.revoke']);
    expect(audit.every((e) => e.actor.startsWith('Dòng lệnh ('))).toBe(true);
  });

  it('a jury token may read but not write; a wrong role or an unknown name is refused', async () => {
    const { path } = databaseFile();
    const token = (await cli(path, 'token', 'create', '--name', 'Ban Giám khảo', '--role', 'jury')).stdout.trim();
    const env = server(path);
    expect((await adminGet(env, `/contests/${OPEN}/ranking`, token)).status).toBe(200);
    expect((await env.call('POST', `/api/admin/contests/${OPEN}/results`, { token, json: { publish: true } })).status).toBe(403);

    const badRole = await cli(path, 'token', 'create', '--name', 'X', '--role', 'admin');
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('organiser');

    const nobody = await cli(path, 'token', 'revoke', '--name', 'Không ai');
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('Không có mã nào đang dùng mang tên «Không ai»');
  });
});

describe('import', () => {
  it('a JSON file of questions goes through the route: imported, audited as the command line, its token revoked', async () => {
    const { dir, path } = databaseFile();
    const env = server(path);
    const before = questionCount(env);
    const file = join(dir, 'cau-hoi.json');
    writeFileSync(file, JSON.stringify([jsonQuestion(1), jsonQuestion(2), jsonQuestion(3)]));

    const { code, stdout } = await cli(path, 'import', 'questions', '--contest', OPEN, '--file', file);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe('Đã nhập 3 câu hỏi.');
    expect(questionCount(env)).toBe(before + 3);

    const [entry] = (await adminGet(env, '/audit')).body;
    expect(entry).toMatchObject({ action: 'questions.import', target: OPEN, actor: expect.stringMatching(/^Dòng lệnh \(.+\)$/) });
    expect(activeCommandLineTokens(env)).toBe(0);
  });

  it('a CSV file (with BOM, as Excel saves it) is sent as text/csv and imported', async () => {
    const { dir, path } = databaseFile();
    const env = server(path);
    const before = questionCount(env);
    const file = join(dir, 'cau-hoi.csv');
    writeFileSync(
      file,
      `${BOM}${CSV_HEADER}\r\nvneid,"Ứng dụng VNeID do cơ quan nào quản lý?",Bộ Công an,Bộ Y tế,Bộ Tài chính,,A,VNeID do C06 quản lý.\r\n` +
        `dvc,Cổng Dịch vụ công quốc gia có địa chỉ nào?,dichvucong.gov.vn,vneid.gov.vn,,,A,\r\n`,
    );
    const { code, stdout, stderr } = await cli(path, 'import', 'questions', '--contest', OPEN, '--file', file);
    expect(code, stderr).toBe(0);
    expect(stdout.trim()).toBe('Đã nhập 2 câu hỏi.');
    expect(questionCount(env)).toBe(before + 2);
    const texts = (env.db.prepare('SELECT text FROM questions WHERE contest_slug = ?').all(OPEN) as { text: string }[]).map((q) => q.text);
    expect(texts).toContain('Ứng dụng VNeID do cơ quan nào quản lý?');
  });

  it('a file with bad rows imports nothing, exits 1 and prints the message and every row error', async () => {
    const { dir, path } = databaseFile();
    const env = server(path);
    const before = questionCount(env);
    const file = join(dir, 'sai.csv');
    writeFileSync(
      file,
      `${CSV_HEADER}\nvneid,Câu hỏi hợp lệ thứ nhất?,Có,Không,,,A,\nvneid,Câu hỏi có đáp án E?,Có,Không,Có thể,Không rõ,E,\nvneid,Câu hỏi thiếu phương án B?,Có,,Không,,A,\n`,
    );
    const { code, stdout, stderr } = await cli(path, 'import', 'questions', '--contest', OPEN, '--file', file);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('Lỗi: ');
    expect(stderr).toContain('không câu hỏi nào được nhập');
    expect(stderr).toMatch(/Dòng 3, cột answer: \S/);
    expect(stderr).toMatch(/Dòng 4, cột option_b: \S/);
    expect(questionCount(env)).toBe(before);
    expect(activeCommandLineTokens(env)).toBe(0);
  });

  it('units and exclusions replace the lists through their routes', async () => {
    const { dir, path } = databaseFile();
    const env = server(path);
    const units = join(dir, 'don-vi.json');
    const current = (await adminGet(env, `/contests/${OPEN}/units`)).body as { id: string; name: string; parentId: string | null }[];
    writeFileSync(units, JSON.stringify([...current.map(({ id, name, parentId }) => ({ id, name, parentId })), { id: 'xa-moi', name: 'Xã Mới', parentId: null }]));
    const replaced = await cli(path, 'import', 'units', '--contest', OPEN, '--file', units);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(replaced.stdout).toContain(`Đã thay danh sách đơn vị: ${current.length + 1} đơn vị.`);

    const exclusions = join(dir, 'loai-tru.json');
    writeFileSync(exclusions, JSON.stringify({ idNumbers: ['034090000001'], phones: ['0912000001'] }));
    const excluded = await cli(path, 'import', 'exclusions', '--contest', OPEN, '--file', exclusions);
    expect(excluded.code, excluded.stderr).toBe(0);
    expect(excluded.stdout).toContain('1 số định danh, 1 số điện thoại');
    expect((await adminGet(env, `/contests/${OPEN}/exclusions`)).body).toMatchObject({ idNumbers: ['034090000001'] });
  });

  it('an unknown file type or a missing file is refused before anything is sent', async () => {
    const { dir, path } = databaseFile();
    const env = server(path);
    const before = questionCount(env);
    writeFileSync(join(dir, 'cau-hoi.txt'), 'x');
    const wrongType = await cli(path, 'import', 'questions', '--contest', OPEN, '--file', join(dir, 'cau-hoi.txt'));
    expect(wrongType.code).toBe(2);
    expect(wrongType.stderr).toContain('.json, .csv hoặc .xlsx');
    const missing = await cli(path, 'import', 'questions', '--contest', OPEN, '--file', join(dir, 'khong-co.json'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Không đọc được tệp');
    expect(questionCount(env)).toBe(before);
    expect((env.db.prepare(`SELECT COUNT(*) AS n FROM admin_tokens WHERE name LIKE 'Dòng lệnh%'`).get() as { n: number }).n).toBe(0);
  });
});

describe('export', () => {
  it('ranking CSV: written to the file with a BOM, one row per ranked person in the API ranking order', async () => {
    const { dir, path } = databaseFile();
    const env = server(path);
    await contestantWithScore(env, 1, 3, { overrides: { fullName: 'Trần Thị Ba' } });
    await contestantWithScore(env, 2, 5, { overrides: { fullName: 'Lê Văn Năm' } });
    await contestantWithScore(env, 3, 4, { overrides: { fullName: 'Phạm Thị Bốn' } });
    const out = join(dir, 'xep-hang.csv');

    const { code, stdout, stderr } = await cli(path, 'export', 'ranking', '--contest', OPEN, '--format', 'csv', '--out', out);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(`«${out}»`);
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    const [header, ...rows] = parseCsv(bytes.toString('utf8'));
    const column = (name: string) => header!.indexOf(name);
    const [rank, fullName, idNumber, score] = ['Hạng', 'Họ và tên', 'Số định danh', 'Điểm'].map(column) as [number, number, number, number];
    expect(Math.min(rank, fullName, idNumber, score)).toBeGreaterThanOrEqual(0);
    const { entries } = (await adminGet(env, `/contests/${OPEN}/ranking`)).body as { entries: { rank: number; fullName: string; idNumber: string; score: number }[] };
    expect(rows.map((r) => [Number(r[rank]), r[fullName], r[idNumber], Number(r[score])])).toEqual(entries.map((e) => [e.rank, e.fullName, e.idNumber, e.score]));
    expect(rows.map((r) => r[fullName])).toEqual(['Lê Văn Năm', 'Phạm Thị Bốn', 'Trần Thị Ba']);
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('a refused export (unknown contest) prints the route’s message, exits 1 and writes no file', async () => {
    const { dir, path } = databaseFile();
    const out = join(dir, 'xep-hang.csv');
    const { code, stderr } = await cli(path, 'export', 'ranking', '--contest', 'khong-co-cuoc-thi', '--format', 'csv', '--out', out);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^Lỗi: \S/);
    expect(existsSync(out)).toBe(false);
  });

  it('a format other than csv, xlsx or json is a usage error', async () => {
    const { dir, path } = databaseFile();
    const { code, stderr } = await cli(path, 'export', 'attempts', '--contest', OPEN, '--format', 'pdf', '--out', join(dir, 'a.pdf'));
    expect(code).toBe(2);
    expect(stderr).toContain('csv, xlsx hoặc json');
  });
});

describe('results compute | publish', () => {
  it('compute prints the prize table and publishes nothing; publish freezes; a second publish needs --replace', async () => {
    const { path } = databaseFile();
    const env = server(path);
    await contestantWithScore(env, 1, 5, { overrides: { fullName: 'Lê Văn Năm' } });
    await contestantWithScore(env, 2, 2, { overrides: { fullName: 'Trần Thị Hai' } });

    const computed = await cli(path, 'results', 'compute', '--contest', OPEN);
    expect(computed.code, computed.stderr).toBe(0);
    expect(computed.stdout).toContain('chưa công bố');
    expect(computed.stdout).toMatch(new RegExp(`${DEFAULT_PRIZES.individual[0]!.name}\\s+6\\.000\\.000 đ\\s+1\\s+Lê Văn Năm`));
    expect(computed.stdout).toMatch(new RegExp(`${DEFAULT_PRIZES.individual[1]!.name}\\s+3\\.000\\.000 đ\\s+2\\s+Trần Thị Hai`));
    expect(computed.stdout).toContain('Giải tập thể');
    expect((await env.call('GET', `/api/contests/${OPEN}/results`)).status).toBe(404);

    const published = await cli(path, 'results', 'publish', '--contest', OPEN);
    expect(published.code, published.stderr).toBe(0);
    expect(published.stdout).toContain('Đã công bố kết quả');
    const first = await env.call('GET', `/api/contests/${OPEN}/results`);
    expect(first.status).toBe(200);
    expect(first.body.individual.map((a: { name: string }) => a.name)).toEqual(['Lê Văn Năm', 'Trần Thị Hai']);

    const again = await cli(path, 'results', 'publish', '--contest', OPEN);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Kết quả đã được công bố');
    expect(again.stderr).toContain('--replace');
    expect((await env.call('GET', `/api/contests/${OPEN}/results`)).body.publishedAt).toBe(first.body.publishedAt);

    await new Promise((resolve) => setTimeout(resolve, 5));
    const replaced = await cli(path, 'results', 'publish', '--contest', OPEN, '--replace');
    expect(replaced.code, replaced.stderr).toBe(0);
    const [entry] = (await adminGet(env, '/audit')).body;
    expect(entry).toMatchObject({ action: 'results.republish', actor: expect.stringMatching(/^Dòng lệnh/) });
  });
});

/**
 * Another process keeps committing registrations, the way the server does during a contest. It
 * prints "ready" once it has committed a first batch, then writes until it is killed.
 */
function startWriter(databasePath: string) {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1]);
    db.pragma('busy_timeout = 5000');
    const insert = db.prepare("INSERT INTO contestants (id, contest_slug, id_number, full_name, birth_date, phone, unit_id, occupation, created_at) VALUES (?, '${OPEN}', ?, 'Người Ghi Liên Tục', '1990-05-17', ?, 'tp-thai-binh', 'can-bo', ?)");
    let n = 0;
    setInterval(() => {
      for (let k = 0; k < 20; k++) {
        n++;
        insert.run('ghi-' + n, '0350' + String(n).padStart(8, '0'), '0987' + String(n).padStart(6, '0'), new Date().toISOString());
      }
      if (n === 100) process.stdout.write('ready\\n');
    }, 1);
  `;
  const child = spawn(process.execPath, ['-e', script, databasePath], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk) => String(chunk).includes('ready') && resolve());
    child.on('exit', (code) => reject(new Error(`writer exited ${code}: ${stderr}`)));
  });
  return { ready, stderr: () => stderr, alive: () => child.exitCode === null };
}

describe('backup', () => {
  it('copies the live database while another process keeps writing: the copy passes integrity_check and holds every commit from before', async () => {
    const { dir, path } = databaseFile();
    const env = server(path);
    for (let n = 1; n <= 5; n++) await register(env, n);
    const writer = startWriter(path);
    await writer.ready;

    const count = () => (env.db.prepare('SELECT COUNT(*) AS n FROM contestants').get() as { n: number }).n;
    const committedBefore = count();
    const out = join(dir, 'sao-luu.db');
    const { code, stdout, stderr } = await cli(path, 'backup', '--out', out);
    const committedAfter = count();
    expect(code, stderr).toBe(0);
    expect(writer.alive(), writer.stderr()).toBe(true);
    expect(committedAfter).toBeGreaterThan(committedBefore);

    const copy = new Database(out, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      const inCopy = (copy.prepare('SELECT COUNT(*) AS n FROM contestants').get() as { n: number }).n;
      expect(inCopy).toBeGreaterThanOrEqual(committedBefore);
      expect(inCopy).toBeLessThanOrEqual(committedAfter);
      const registered = copy.prepare('SELECT COUNT(*) AS n FROM contestants WHERE id_number LIKE ?').get('034090%') as { n: number };
      expect(registered.n).toBe(5);
      expect(stdout).toContain('Kiểm tra toàn vẹn: đạt');
      expect(stdout).toMatch(new RegExp(`Bản sao có ${new Intl.NumberFormat('vi-VN').format(inCopy)} thí sinh và 0 lượt thi\\.`));
      expect(stdout).toMatch(/\(\d+(,\d)? (KB|MB)\)/);
    } finally {
      copy.close();
    }
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('refuses to write over the live database itself, and refuses a database that does not exist', async () => {
    const { dir, path } = databaseFile();
    const sameFile = await cli(path, 'backup', '--out', path);
    expect(sameFile.code).toBe(2);
    expect(sameFile.stderr).toContain('phải khác tệp cơ sở dữ liệu');

    const missing = join(dir, 'khong-co.db');
    const noDatabase = await cli(missing, 'backup', '--out', join(dir, 'sao-luu.db'));
    expect(noDatabase.code).toBe(1);
    expect(noDatabase.stderr).toContain('Không tìm thấy cơ sở dữ liệu');
    expect(existsSync(missing)).toBe(false);
  });
});
