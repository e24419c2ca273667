import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../src/domain/csv.js';
import { vietnamDateTime } from '../src/exports/rules.js';
import { admin, expectError, smallContest } from './admin-support.js';
import { JURY_TOKEN, OPEN, ORGANISER_TOKEN, register, startAttempt, testEnv, type TestEnv } from './support.js';

const SLUG = 'xuat-tep-thu';
const FIXED_ATTEMPT_COLUMNS = 20;

async function download(env: TestEnv, path: string, token: string | null = JURY_TOKEN) {
  const response = await env.app.request(`/api/admin/contests/${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}

async function csvRows(env: TestEnv, path: string): Promise<string[][]> {
  const { response, bytes } = await download(env, path);
  expect(response.status, new TextDecoder().decode(bytes)).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/i);
  expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="[a-z0-9-]+\.csv"$/);
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parseCsv(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes));
}

/** The first worksheet of a downloaded workbook, values as exceljs reads them, plus its look. */
async function xlsxSheet(env: TestEnv, path: string) {
  const { response, bytes } = await download(env, path);
  expect(response.status, new TextDecoder().decode(bytes)).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="[a-z0-9-]+\.xlsx"$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  const sheet = book.worksheets[0]!;
  const rows: (string | number | null)[][] = [];
  const columns = sheet.columnCount; // a getter that walks every row: read it once
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: (string | number | null)[] = [];
    for (let c = 1; c <= columns; c++) {
      const value = row.getCell(c).value;
      cells.push(value === undefined || value === null ? null : (value as string | number));
    }
    rows[n - 1] = cells;
  });
  return { sheet, rows };
}

/** XLSX cells compared with CSV cells: numbers as their text, blanks as ''. */
const asText = (cells: (string | number | null)[]) => cells.map((cell) => (cell === null ? '' : String(cell)));

/** The bank letter (A–F) of the option shown as `shownId` for `questionId` in this attempt. */
function bankLetter(env: TestEnv, attemptId: string, questionId: string, shownId: string): string {
  const row = env.db.prepare('SELECT option_order AS optionOrder FROM attempt_questions WHERE attempt_id = ? AND question_id = ?').get(attemptId, questionId) as { optionOrder: string };
  return 'ABCDEF'[(JSON.parse(row.optionOrder) as number[])['abcdef'.indexOf(shownId)]!]!;
}

/**
 * A contest of 6 questions, 4 per attempt, played three ways: An answers everything and submits;
 * Bình answers two and submits, then that attempt is voided; Cường saves one answer and lets the
 * deadline pass. One question is retired afterwards and keeps its column.
 */
async function playedContest() {
  const env = testEnv();
  const { questionIds } = await smallContest(env, SLUG, 6, 4);
  const expected: Record<string, { attemptId: string; contestantId: string; letters: Record<string, string> }> = {};

  const play = async (name: string, n: number, overrides: Record<string, unknown>, answered: number, submit: boolean, shown: string[]) => {
    const { token, contestant } = await register(env, n, overrides, SLUG);
    const attempt = await startAttempt(env, token, SLUG);
    const answers = Object.fromEntries(attempt.questions.slice(0, answered).map((q, i) => [q.id, shown[i % shown.length]!]));
    const letters = Object.fromEntries(Object.entries(answers).map(([questionId, shownId]) => [questionId, bankLetter(env, attempt.id, questionId, shownId)]));
    env.clock.advance(65_000);
    if (submit) {
      const submitted = await env.call('POST', `/api/attempts/${attempt.id}/submit`, { token, json: { answers, prediction: 42 + n } });
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    } else {
      expect((await env.call('PUT', `/api/attempts/${attempt.id}/answers`, { token, json: { answers } })).status).toBe(200);
    }
    expected[name] = { attemptId: attempt.id, contestantId: contestant.id, letters };
  };

  await play('an', 1, { fullName: 'Nguyễn Văn An', email: 'an@thaibinh.gov.vn', source: 'baothaibinh.com.vn' }, 4, true, ['a', 'b', 'c', 'd']);
  await play('binh', 2, { fullName: 'Trần Thị Bình', unitId: 'dong-hung', occupation: 'hoc-sinh' }, 2, true, ['d', 'c']);
  await play('cuong', 3, { fullName: 'Lê Văn Cường' }, 1, false, ['b']);
  const voided = await admin(env, 'POST', `/attempts/${expected.binh!.attemptId}/void`, { reason: 'Lỗi kỹ thuật: mất kết nối khi nộp bài' });
  expect(voided.status, JSON.stringify(voided.body)).toBe(200);
  expect((await admin(env, 'DELETE', `/contests/${SLUG}/questions/${questionIds[5]}`)).status).toBe(200);
  env.clock.advance(20 * 60_000); // Cường's deadline passes: the export shows the attempt auto-submitted
  return { env, questionIds, expected };
}

describe('GET /api/admin/contests/:slug/attempts?format=csv', () => {
  it('one row per attempt with contact details, times in Vietnam time and UTC, voids, and answers keyed by question id', async () => {
    const { env, questionIds, expected } = await playedContest();
    const rows = await csvRows(env, `${SLUG}/attempts?format=csv`);
    expect(rows[0]!.slice(0, FIXED_ATTEMPT_COLUMNS)).toEqual([
      'Mã lượt thi', 'Mã thí sinh', 'Họ và tên', 'Số định danh', 'Số điện thoại', 'Đơn vị', 'Đối tượng', 'Trang nguồn', 'Trạng thái',
      'Bắt đầu (giờ Việt Nam)', 'Bắt đầu (UTC)', 'Nộp bài (giờ Việt Nam)', 'Nộp bài (UTC)', 'Điểm', 'Số câu', 'Thời gian làm bài (giây)',
      'Dự đoán', 'Tự động nộp', 'Bị huỷ', 'Lý do huỷ',
    ]);
    // Every question of the bank, the retired one included, in bank order.
    expect(rows[0]!.slice(FIXED_ATTEMPT_COLUMNS)).toEqual(questionIds);
    expect(rows).toHaveLength(4);

    const byId = new Map(rows.slice(1).map((row) => [row[0], row]));
    const an = byId.get(expected.an!.attemptId)!;
    const attempt = (await env.call('GET', `/api/admin/contests/${SLUG}/ranking`, { token: JURY_TOKEN })).body.entries[0];
    expect(an.slice(0, 9)).toEqual([expected.an!.attemptId, expected.an!.contestantId, 'Nguyễn Văn An', '034090000001', '0912000001', 'Thành phố Thái Bình', 'Cán bộ, công chức, viên chức, người lao động', 'baothaibinh.com.vn', 'Đã nộp']);
    const startedAt = env.db.prepare('SELECT started_at AS s FROM attempts WHERE id = ?').get(expected.an!.attemptId) as { s: string };
    expect(an.slice(9, 13)).toEqual([vietnamDateTime(startedAt.s), startedAt.s, vietnamDateTime(attempt.submittedAt), attempt.submittedAt]);
    expect(an[9]).toBe('28/11/2026 10:00:00'); // 03:00 UTC is 10:00 in Vietnam
    expect(an.slice(13, 20)).toEqual([String(attempt.score), '4', '65', '43', '', '', '']);

    const binh = byId.get(expected.binh!.attemptId)!;
    expect(binh.slice(2, 9)).toEqual(['Trần Thị Bình', '034090000002', '0912000002', 'Huyện Đông Hưng', 'Học sinh THPT, giáo dục nghề nghiệp – giáo dục thường xuyên', '', 'Đã nộp']);
    expect(binh.slice(17, 20)).toEqual(['', 'Có', 'Lỗi kỹ thuật: mất kết nối khi nộp bài']);

    const cuong = byId.get(expected.cuong!.attemptId)!;
    expect(cuong[8]).toBe('Đã nộp');
    expect(cuong.slice(15, 19)).toEqual(['900', '', 'Có', '']);

    for (const name of ['an', 'binh', 'cuong'] as const) {
      const row = byId.get(expected[name]!.attemptId)!;
      const answerColumns = Object.fromEntries(questionIds.map((id, i) => [id, row[FIXED_ATTEMPT_COLUMNS + i]]));
      const letters = expected[name]!.letters;
      expect(Object.keys(letters).length).toBeGreaterThan(0);
      for (const id of questionIds) expect(answerColumns[id], `${name} ${id}`).toBe(letters[id] ?? '');
    }
    // Four of six questions drawn per attempt: some columns stay empty even for An, who answered all she saw.
    expect(an.slice(FIXED_ATTEMPT_COLUMNS).filter((cell) => cell === '')).toHaveLength(2);
  });

  it('a contest without attempts is the header alone', async () => {
    const env = testEnv();
    const { questionIds } = await smallContest(env, SLUG, 3, 2);
    const rows = await csvRows(env, `${SLUG}/attempts`);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.slice(FIXED_ATTEMPT_COLUMNS)).toEqual(questionIds);
  });

  it('pages through thousands of attempts: each exactly once, in order', async () => {
    const env = testEnv();
    await smallContest(env, SLUG, 2, 2);
    const total = 4_321; // more than two pages of 2,000
    env.db.transaction(() => {
      const contestant = env.db.prepare(
        `INSERT INTO contestants (id, contest_slug, id_number, full_name, birth_date, phone, unit_id, occupation, created_at)
         VALUES (?, ?, ?, ?, '1990-05-17', ?, 'tp-thai-binh', 'can-bo', '2026-11-28T03:00:00.000Z')`,
      );
      const attempt = env.db.prepare(
        `INSERT INTO attempts (id, contest_slug, contestant_id, status, started_at, deadline, submitted_at, score, total, duration_ms, prediction)
         VALUES (?, ?, ?, 'submitted', '2026-11-28T03:00:00.000Z', '2026-11-28T03:15:00.000Z', '2026-11-28T03:05:00.000Z', 1, 2, 300000, 7)`,
      );
      const answer = env.db.prepare(`INSERT INTO attempt_answers (attempt_id, question_id, option_index, saved_at) VALUES (?, ?, ?, '2026-11-28T03:01:00.000Z')`);
      for (let i = 0; i < total; i++) {
        const n = String(i).padStart(6, '0');
        contestant.run(`c${n}`, SLUG, `034090${n}`, `Thí sinh số ${i}`, `0912${n}`);
        attempt.run(`a${n}`, SLUG, `c${n}`);
        answer.run(`a${n}`, `${SLUG}-q2`, i % 4);
      }
    })();
    const rows = await csvRows(env, `${SLUG}/attempts?format=csv`);
    expect(rows).toHaveLength(total + 1);
    expect(rows.slice(1).map((row) => row[0])).toEqual(Array.from({ length: total }, (_, i) => `a${String(i).padStart(6, '0')}`));
    expect(rows.slice(1).map((row) => row.slice(FIXED_ATTEMPT_COLUMNS).join(''))).toEqual(Array.from({ length: total }, (_, i) => 'ABCD'[i % 4]));

    const { rows: sheet } = await xlsxSheet(env, `${SLUG}/attempts?format=xlsx`);
    expect(sheet).toHaveLength(total + 1);
    expect(sheet[total]![0]).toBe(`a${String(total - 1).padStart(6, '0')}`);
  });
});

describe('GET /api/admin/contests/:slug/attempts?format=xlsx', () => {
  it('the same rows as the CSV, with a bold frozen Vietnamese header and numbers as numbers', async () => {
    const { env } = await playedContest();
    const csv = await csvRows(env, `${SLUG}/attempts?format=csv`);
    const { sheet, rows } = await xlsxSheet(env, `${SLUG}/attempts?format=xlsx`);
    expect(sheet.name).toBe('Lượt thi');
    expect(rows.map(asText)).toEqual(csv);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const an = rows.find((row) => row[2] === 'Nguyễn Văn An')!;
    expect(typeof an[13]).toBe('number'); // score
    expect(an[15]).toBe(65); // duration in seconds
    expect(an[3]).toBe('034090000001'); // ID numbers stay text, leading zero kept
  });
});

describe('GET /api/admin/contests/:slug/contestants', () => {
  it('CSV and XLSX list every registered contestant with contact details, attempts used and extra attempts', async () => {
    const { env, expected } = await playedContest();
    const { contestant: dung } = await register(env, 4, { fullName: 'Phạm Thị Dung', email: 'dung@thaibinh.edu.vn', publishName: true }, SLUG);
    const { contestant: minor } = await register(
      env,
      5,
      { fullName: 'Trần Thị Em', birthDate: '2011-06-01', idNumber: '034211000005', guardian: { fullName: 'Trần Văn Cường', phone: '0987654321', relationship: 'mẹ', consent: true, publishName: true } },
      SLUG,
    );
    const { contestant: minorUnpublished } = await register(
      env,
      6,
      { fullName: 'Lê Văn Gia', birthDate: '2012-01-09', idNumber: '034212000006', publishName: true, guardian: { fullName: 'Lê Thị Hà', phone: '0912345678', relationship: 'người giám hộ', consent: true } },
      SLUG,
    );
    const granted = await admin(env, 'POST', `/contests/${SLUG}/contestants/${expected.binh!.contestantId}/grants`, { attempts: 2, reason: 'Lỗi kỹ thuật đã được xác minh' });
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);

    const rows = await csvRows(env, `${SLUG}/contestants?format=csv`);
    expect(rows[0]).toEqual(['Mã thí sinh', 'Họ và tên', 'Ngày sinh', 'Số định danh', 'Số điện thoại', 'Thư điện tử', 'Mã đơn vị', 'Đơn vị', 'Đối tượng', 'Trang nguồn', 'Đăng ký lúc (giờ Việt Nam)', 'Đăng ký lúc (UTC)', 'Số lượt đã thi', 'Số lượt được cấp thêm', 'Đồng ý công bố họ tên', 'Họ tên người giám hộ', 'Quan hệ với thí sinh', 'Số điện thoại người giám hộ', 'Người giám hộ đồng ý công bố họ tên']);
    expect(rows).toHaveLength(7);
    const an = rows.find((row) => row[0] === expected.an!.contestantId)!;
    expect(an.slice(0, 10)).toEqual([expected.an!.contestantId, 'Nguyễn Văn An', '1990-05-17', '034090000001', '0912000001', 'an@thaibinh.gov.vn', 'tp-thai-binh', 'Thành phố Thái Bình', 'Cán bộ, công chức, viên chức, người lao động', 'baothaibinh.com.vn']);
    expect(an[10]).toBe('28/11/2026 10:00:00');
    expect(an.slice(12)).toEqual(['1', '0', 'Không', '', '', '', '']);
    expect(rows.find((row) => row[0] === expected.binh!.contestantId)!.slice(12, 14)).toEqual(['1', '2']);
    // The publication choice, and for a minor the guardian who consented with theirs.
    expect(rows.find((row) => row[0] === dung.id)!.slice(12)).toEqual(['0', '0', 'Có', '', '', '', '']);
    expect(rows.find((row) => row[0] === minor.id)!.slice(12)).toEqual(['0', '0', 'Không', 'Trần Văn Cường', 'Mẹ', '0987654321', 'Có']);
    expect(rows.find((row) => row[0] === minorUnpublished.id)!.slice(12)).toEqual(['0', '0', 'Có', 'Lê Thị Hà', 'Người giám hộ', '0912345678', 'Không']);

    const { sheet, rows: xlsx } = await xlsxSheet(env, `${SLUG}/contestants?format=xlsx`);
    expect(sheet.name).toBe('Thí sinh');
    expect(xlsx.map(asText)).toEqual(rows);
  });
});

describe('GET /api/admin/contests/:slug/ranking?format=xlsx', () => {
  it('the ranking as a workbook: the CSV columns, one row per ranked person', async () => {
    const { env } = await playedContest();
    const json = (await admin(env, 'GET', `/contests/${SLUG}/ranking`)).body.entries;
    const csv = await csvRows(env, `${SLUG}/ranking?format=csv`);
    const { sheet, rows } = await xlsxSheet(env, `${SLUG}/ranking?format=xlsx`);
    expect(sheet.name).toBe('Xếp hạng');
    expect(rows[0]).toEqual(csv[0]);
    expect(rows).toHaveLength(json.length + 1);
    expect(json.length).toBe(2); // Bình's attempt was voided
    rows.slice(1).forEach((row, i) => {
      expect(row.slice(0, 4)).toEqual([json[i].rank, json[i].fullName, json[i].birthDate, json[i].idNumber]);
      expect(row[10]).toBe(json[i].durationMs / 1000);
      expect(row[13]).toBe(json[i].attemptId);
    });
  });
});

describe('export access and queries', () => {
  const paths = ['attempts?format=csv', 'attempts?format=xlsx', 'contestants?format=csv', 'contestants?format=xlsx', 'ranking?format=xlsx'];

  for (const path of paths) {
    it(`${path}: 401 without a token, 200 for the jury and the organiser`, async () => {
      const env = testEnv();
      const none = await download(env, `${OPEN}/${path}`, null);
      expectError({ status: none.response.status, body: JSON.parse(new TextDecoder().decode(none.bytes)) }, 401, 'UNAUTHORIZED');
      expect((await download(env, `${OPEN}/${path}`, JURY_TOKEN)).response.status).toBe(200);
      expect((await download(env, `${OPEN}/${path}`, ORGANISER_TOKEN)).response.status).toBe(200);
    });
  }

  it('an unknown contest → 404; an unknown format or parameter → 400 naming it', async () => {
    const env = testEnv();
    expectError(await admin(env, 'GET', '/contests/khong-co-cuoc-thi/attempts?format=csv'), 404, 'NOT_FOUND');
    for (const query of ['format=json', 'format=pdf', 'format=XLSX', 'limit=5']) {
      for (const what of ['attempts', 'contestants']) {
        const error = expectError(await admin(env, 'GET', `/contests/${OPEN}/${what}?${query}`), 400, 'VALIDATION');
        expect(Object.keys(error.fields ?? {})).toContain(query.split('=')[0]);
      }
    }
  });
});
