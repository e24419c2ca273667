import { describe, expect, it } from 'vitest';
import { admin, expectError, jsonQuestion } from './admin-support.js';
import { OPEN, ORGANISER_TOKEN, snapshot, testEnv, type TestEnv } from './support.js';

const BOM = '\uFEFF';
const HEADER = 'topic,text,option_a,option_b,option_c,option_d,answer,explanation';

const postCsv = (env: TestEnv, csv: string, contentType = 'text/csv; charset=utf-8') =>
  env.call('POST', `/api/admin/contests/${OPEN}/questions`, { token: ORGANISER_TOKEN, body: csv, contentType });

const bank = async (env: TestEnv) => (await admin(env, 'GET', `/contests/${OPEN}/questions`)).body as any[];

describe('importing questions as a JSON array', () => {
  it('200 {imported: n}; the new questions join the bank with ids, answers and explanations', async () => {
    const env = testEnv();
    const before = await bank(env);
    const response = await admin(env, 'POST', `/contests/${OPEN}/questions`, [
      jsonQuestion(1),
      jsonQuestion(2, { options: ['Đúng', 'Sai'], answer: 1, explanation: undefined }),
    ]);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ imported: 2 });

    const after = await bank(env);
    expect(after).toHaveLength(before.length + 2);
    const added = after.slice(-2);
    expect(added[0]).toMatchObject({ topic: 'vneid', text: jsonQuestion(1).text, options: jsonQuestion(1).options, answer: 0, explanation: jsonQuestion(1).explanation });
    expect(added[1]).toMatchObject({ options: ['Đúng', 'Sai'], answer: 1, explanation: null });
    expect(added[0].id).toEqual(expect.any(String));
    expect(added[0].id).not.toBe(added[1].id);

    const [entry] = (await admin(env, 'GET', '/audit')).body;
    expect(entry).toMatchObject({ actor: 'Ban Tổ chức', action: 'questions.import', target: OPEN });
  });

  it('a question with a known id replaces that question rather than duplicating it', async () => {
    const env = testEnv();
    const count = (await bank(env)).length;
    const response = await admin(env, 'POST', `/contests/${OPEN}/questions`, [jsonQuestion(7, { id: 'q001' })]);
    expect(response.status).toBe(200);
    const after = await bank(env);
    expect(after).toHaveLength(count);
    expect(after.find((q) => q.id === 'q001').text).toBe(jsonQuestion(7).text);
  });

  it('text is stored NFC-normalised and trimmed', async () => {
    const env = testEnv();
    const decomposed = '  Căn cước công dân gắn chíp lưu trữ những thông tin gì?  '.normalize('NFD');
    await admin(env, 'POST', `/contests/${OPEN}/questions`, [jsonQuestion(1, { text: decomposed })]);
    expect((await bank(env)).at(-1).text).toBe('Căn cước công dân gắn chíp lưu trữ những thông tin gì?'.normalize('NFC'));
  });

  const badRows: [string, Record<string, unknown>, string][] = [
    ['an answer index past the options', { answer: 4 }, 'answer'],
    ['a negative answer index', { answer: -1 }, 'answer'],
    ['a fractional answer', { answer: 0.5 }, 'answer'],
    ['an answer given as a letter', { answer: 'A' }, 'answer'],
    ['one option only', { options: ['Bộ Công an'], answer: 0 }, 'options'],
    ['seven options', { options: ['1', '2', '3', '4', '5', '6', '7'] }, 'options'],
    ['duplicate options', { options: ['Có', 'Có', 'Không'] }, 'options'],
    ['an empty option', { options: ['Có', '  ', 'Không'] }, 'option_b'],
    ['a missing topic', { topic: '' }, 'topic'],
    ['a too short text', { text: 'Hỏi' }, 'text'],
  ];

  for (const [what, overrides, field] of badRows) {
    it(`one bad row (${what}) → 400 with error.rows naming row and «${field}»; nothing imported`, async () => {
      const env = testEnv();
      const before = snapshot(env.db);
      const response = await admin(env, 'POST', `/contests/${OPEN}/questions`, [jsonQuestion(1), jsonQuestion(2, overrides), jsonQuestion(3)]);
      const error = expectError(response, 400, 'VALIDATION');
      expect(error.rows).toEqual(expect.arrayContaining([{ row: 2, field, message: expect.any(String) }]));
      expect(error.rows!.every((r) => r.row === 2)).toBe(true);
      expect(snapshot(env.db)).toBe(before);
    });
  }

  it('reports every bad row at once, so a file is fixed in one pass', async () => {
    const env = testEnv();
    const response = await admin(env, 'POST', `/contests/${OPEN}/questions`, [jsonQuestion(1, { answer: 9 }), jsonQuestion(2), jsonQuestion(3, { text: '' })]);
    const error = expectError(response, 400, 'VALIDATION');
    expect(error.rows!.map((r) => [r.row, r.field])).toEqual([
      [1, 'answer'],
      [3, 'text'],
    ]);
  });

  it('the same id twice in one file is a row error', async () => {
    const env = testEnv();
    const before = snapshot(env.db);
    const error = expectError(
      await admin(env, 'POST', `/contests/${OPEN}/questions`, [jsonQuestion(1, { id: 'moi-1' }), jsonQuestion(2, { id: 'moi-1' })]),
      400,
      'VALIDATION',
    );
    expect(error.rows).toEqual([{ row: 2, field: 'id', message: expect.stringContaining('moi-1') }]);
    expect(snapshot(env.db)).toBe(before);
  });

  it('an empty array, an object instead of an array, and broken JSON are refused with 400', async () => {
    const env = testEnv();
    const before = snapshot(env.db);
    expect(expectError(await admin(env, 'POST', `/contests/${OPEN}/questions`, []), 400, 'VALIDATION').rows).toHaveLength(1);
    expectError(await admin(env, 'POST', `/contests/${OPEN}/questions`, jsonQuestion(1)), 400, 'VALIDATION');
    expectError(
      await env.call('POST', `/api/admin/contests/${OPEN}/questions`, { token: ORGANISER_TOKEN, body: '[{"topic": "vneid",', contentType: 'application/json' }),
      400,
      'VALIDATION',
    );
    expect(snapshot(env.db)).toBe(before);
  });

  it('404 for an unknown contest', async () => {
    const env = testEnv();
    expectError(await admin(env, 'POST', '/contests/khong-co/questions', [jsonQuestion(1)]), 404, 'NOT_FOUND');
  });
});

describe('importing questions as CSV (the committee’s spreadsheet layout)', () => {
  const vietnameseCsv =
    BOM +
    [
      HEADER,
      'vneid,"Ứng dụng VNeID, do Bộ Công an phát triển, dùng để làm gì?","Định danh, xác thực điện tử",Nhắn tin,Chơi trò chơi,Xem phim,A,"Theo Nghị định 59/2022/NĐ-CP, VNeID là ứng dụng định danh điện tử."',
      'can-cuoc,"Thẻ căn cước được cấp cho công dân từ bao nhiêu tuổi?",Từ đủ 14 tuổi,Từ đủ 16 tuổi,Từ đủ 18 tuổi,Từ 0 tuổi,d,"Luật Căn cước 2023 cấp thẻ cho công dân từ 0 tuổi (dưới 14 tuổi theo nhu cầu)."',
      'du-lieu-dan-cu,"Câu có ""ngoặc kép"" trong nội dung?",Có,Không,,,B,',
    ].join('\r\n') +
    '\r\n';

  it('imports a UTF-8 CSV with a BOM, quoted commas, doubled quotes and Vietnamese text exactly', async () => {
    const env = testEnv();
    const count = (await bank(env)).length;
    const response = await postCsv(env, vietnameseCsv);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ imported: 3 });

    const added = (await bank(env)).slice(count);
    expect(added).toHaveLength(3);
    expect(added[0]).toMatchObject({
      topic: 'vneid',
      text: 'Ứng dụng VNeID, do Bộ Công an phát triển, dùng để làm gì?',
      options: ['Định danh, xác thực điện tử', 'Nhắn tin', 'Chơi trò chơi', 'Xem phim'],
      answer: 0,
      explanation: 'Theo Nghị định 59/2022/NĐ-CP, VNeID là ứng dụng định danh điện tử.',
    });
    // Answer letters are case-insensitive; empty trailing options make a two-option question.
    expect(added[1]).toMatchObject({ topic: 'can-cuoc', answer: 3, options: ['Từ đủ 14 tuổi', 'Từ đủ 16 tuổi', 'Từ đủ 18 tuổi', 'Từ 0 tuổi'] });
    expect(added[2]).toMatchObject({ text: 'Câu có "ngoặc kép" trong nội dung?', options: ['Có', 'Không'], answer: 1, explanation: null });
  });

  it('accepts plain text/csv, LF line ends and no BOM', async () => {
    const env = testEnv();
    const csv = `${HEADER}\nvneid,Câu hỏi không có BOM ở đầu tệp?,Có,Không,Có thể,Không rõ,C,\n`;
    const response = await postCsv(env, csv, 'text/csv');
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect((await bank(env)).at(-1)).toMatchObject({ text: 'Câu hỏi không có BOM ở đầu tệp?', answer: 2 });
  });

  it('blank lines between questions are ignored', async () => {
    const env = testEnv();
    const count = (await bank(env)).length;
    const csv = `${HEADER}\r\nvneid,Câu hỏi trước dòng trống?,Có,Không,,,A,\r\n\r\n,,,,,,,\r\nvneid,Câu hỏi sau dòng trống?,Có,Không,,,B,\r\n\r\n`;
    const response = await postCsv(env, csv);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ imported: 2 });
    expect((await bank(env)).slice(count).map((q) => q.text)).toEqual(['Câu hỏi trước dòng trống?', 'Câu hỏi sau dòng trống?']);
  });

  it('option_e and option_f columns are optional, and used when present', async () => {
    const env = testEnv();
    const csv = [
      'topic,text,option_a,option_b,option_c,option_d,option_e,option_f,answer,explanation',
      'vneid,Câu hỏi có sáu phương án trả lời?,Một,Hai,Ba,Bốn,Năm,Sáu,F,',
      'vneid,Câu hỏi có năm phương án trả lời?,Một,Hai,Ba,Bốn,Năm,,E,',
    ].join('\n');
    const response = await postCsv(env, csv);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const [six, five] = (await bank(env)).slice(-2);
    expect(six).toMatchObject({ options: ['Một', 'Hai', 'Ba', 'Bốn', 'Năm', 'Sáu'], answer: 5 });
    expect(five).toMatchObject({ options: ['Một', 'Hai', 'Ba', 'Bốn', 'Năm'], answer: 4 });
  });

  it('columns may come in any order and header case', async () => {
    const env = testEnv();
    const csv = 'Answer,Option_B,Option_A,Text,Topic\nb,Sai,Đúng,Câu hỏi với cột đảo thứ tự?,vneid\n';
    const response = await postCsv(env, csv);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect((await bank(env)).at(-1)).toMatchObject({ options: ['Đúng', 'Sai'], answer: 1, text: 'Câu hỏi với cột đảo thứ tự?' });
  });

  const badFiles: [string, string, { row: number; field?: string }][] = [
    ['an answer letter outside the given options', `${HEADER}\nvneid,Câu hỏi hợp lệ thứ nhất?,Có,Không,,,A,\nvneid,Câu hỏi có đáp án E?,Có,Không,Có thể,Không rõ,E,\n`, { row: 3, field: 'answer' }],
    ['an answer that is not a letter', `${HEADER}\nvneid,Câu hỏi có đáp án là số?,Có,Không,,,1,\n`, { row: 2, field: 'answer' }],
    ['an empty answer', `${HEADER}\nvneid,Câu hỏi không có đáp án?,Có,Không,,,,\n`, { row: 2, field: 'answer' }],
    ['a gap among the options', `${HEADER}\nvneid,Câu hỏi thiếu phương án B?,Có,,Không,,A,\n`, { row: 2, field: 'option_b' }],
    ['a missing text', `${HEADER}\nvneid,,Có,Không,,,A,\n`, { row: 2, field: 'text' }],
  ];

  for (const [what, csv, expected] of badFiles) {
    it(`a row with ${what} → 400 rows [{row: ${expected.row}, field: ${expected.field}}]; nothing imported`, async () => {
      const env = testEnv();
      const before = snapshot(env.db);
      const error = expectError(await postCsv(env, csv), 400, 'VALIDATION');
      expect(error.rows).toEqual(expect.arrayContaining([{ ...expected, message: expect.any(String) }]));
      expect(snapshot(env.db)).toBe(before);
    });
  }

  it('a header missing a required column → 400 rows naming the column; nothing imported', async () => {
    const env = testEnv();
    const before = snapshot(env.db);
    const csv = 'topic,text,option_a,option_b,option_c,option_d,explanation\nvneid,Câu hỏi không có cột đáp án?,Có,Không,,,\n';
    const error = expectError(await postCsv(env, csv), 400, 'VALIDATION');
    expect(error.rows).toEqual([{ row: 1, message: expect.stringContaining('answer') }]);
    expect(snapshot(env.db)).toBe(before);
  });

  it('a header-only file imports nothing and says so', async () => {
    const env = testEnv();
    const before = snapshot(env.db);
    const error = expectError(await postCsv(env, `${BOM}${HEADER}\r\n`), 400, 'VALIDATION');
    expect(error.rows).toHaveLength(1);
    expect(snapshot(env.db)).toBe(before);
  });

  it('a bank of 2,000 questions imports in one request', async () => {
    const env = testEnv();
    const count = (await bank(env)).length;
    const lines = Array.from({ length: 2000 }, (_, i) => `de-an-06,"Câu hỏi số ${i + 1} về Đề án 06, dữ liệu dân cư?",Đúng,Sai,Không rõ,Khác,${'ABCD'[i % 4]},Giải thích ${i + 1}`);
    const response = await postCsv(env, [HEADER, ...lines].join('\r\n'));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ imported: 2000 });
    const after = await bank(env);
    expect(after).toHaveLength(count + 2000);
    expect(after.at(-1)).toMatchObject({ text: 'Câu hỏi số 2000 về Đề án 06, dữ liệu dân cư?', answer: 3 });
  });
});

describe('other content types and sizes', () => {
  for (const contentType of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
    it(`${contentType} → 415 UNSUPPORTED_MEDIA_TYPE; nothing imported`, async () => {
      const env = testEnv();
      const before = snapshot(env.db);
      expectError(await postCsv(env, `${HEADER}\nvneid,Câu hỏi gửi sai kiểu nội dung?,Có,Không,,,A,\n`, contentType), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(snapshot(env.db)).toBe(before);
    });
  }

  it('a body without a content type → 415', async () => {
    const env = testEnv();
    const before = snapshot(env.db);
    const response = await env.app.request(`/api/admin/contests/${OPEN}/questions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ORGANISER_TOKEN}` },
      body: new TextEncoder().encode(JSON.stringify([jsonQuestion(1)])),
    });
    expectError({ status: response.status, body: await response.json() }, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(snapshot(env.db)).toBe(before);
  });

  for (const contentType of ['application/json', 'text/csv']) {
    it(`a 10 MB ${contentType} import → 413 PAYLOAD_TOO_LARGE in the error shape; nothing imported`, async () => {
      const env = testEnv();
      const before = snapshot(env.db);
      const huge =
        contentType === 'text/csv'
          ? `${HEADER}\n` + `vneid,"${'Đ'.repeat(1000)}",Có,Không,,,A,\n`.repeat(5_000)
          : JSON.stringify(Array.from({ length: 5_000 }, (_, i) => jsonQuestion(i, { explanation: 'x'.repeat(2_000) })));
      expect(Buffer.byteLength(huge)).toBeGreaterThan(10_000_000);
      const response = await postCsv(env, huge, contentType);
      expectError(response, 413, 'PAYLOAD_TOO_LARGE');
      expect(snapshot(env.db)).toBe(before);
    });
  }

  it('a 10 MB body with a Content-Length header is refused the same way', async () => {
    const env = testEnv();
    const body = 'x'.repeat(10 * 1024 * 1024);
    const response = await env.call('POST', `/api/admin/contests/${OPEN}/questions`, {
      token: ORGANISER_TOKEN,
      body,
      contentType: 'text/csv',
      headers: { 'content-length': String(body.length) },
    });
    expectError(response, 413, 'PAYLOAD_TOO_LARGE');
  });
});

describe('row numbers in a CSV with blank lines', () => {
  it('are the rows the committee sees in Excel, blank rows counted', async () => {
    const env = testEnv();
    const before = snapshot(env.db);
    const csv = [
      HEADER,
      'vneid,Ứng dụng VNeID do cơ quan nào phát triển?,Bộ Công an,Bộ Y tế,Bộ Tài chính,Bộ Nội vụ,A,',
      '',
      'vneid,Câu hỏi có đáp án sai chữ cái?,Một,Hai,Ba,Bốn,Z,',
      '',
    ].join('\n');
    const response = await postCsv(env, csv);
    expect(response.status).toBe(400);
    expect(response.body.error.rows).toEqual([expect.objectContaining({ row: 4, field: 'answer' })]);
    expect(snapshot(env.db)).toBe(before);
  });
});

describe('duplicate questions in an import', () => {
  it('a row repeating an earlier row (case, spaces, end punctuation, NFD aside) → 400 naming that row; nothing imported', async () => {
    const env = testEnv();
    const before = snapshot(env.db);
    const csv = [
      HEADER,
      'vneid,Thẻ căn cước gắn chip dùng để làm gì?,Định danh,Trang trí,,,A,',
      'vneid,Câu hỏi khác hẳn câu trên?,Có,Không,,,A,',
      `vneid,"  THẺ CĂN CƯỚC   gắn chip dùng để làm gì  ",Định danh,Trang trí,,,A,`,
      `vneid,${'thẻ căn cước gắn chip dùng để làm gì.'.normalize('NFD')},Định danh,Trang trí,,,A,`,
    ].join('\n');
    const error = expectError(await postCsv(env, csv), 400, 'VALIDATION');
    expect(error.rows).toEqual([
      { row: 4, field: 'text', message: 'Câu hỏi trùng nội dung với dòng 2 của tệp' },
      { row: 5, field: 'text', message: 'Câu hỏi trùng nội dung với dòng 2 của tệp' },
    ]);
    expect(snapshot(env.db)).toBe(before);
  });

  it('a question already in the bank → 400 naming the bank question; replacing it by its own id is allowed', async () => {
    const env = testEnv();
    const existing = await bank(env);
    const target = existing[2];
    const before = snapshot(env.db);
    const repeated = jsonQuestion(1, { text: `${target.text.toUpperCase()} ` });
    const error = expectError(await admin(env, 'POST', `/contests/${OPEN}/questions`, [jsonQuestion(2), repeated]), 400, 'VALIDATION');
    expect(error.rows).toEqual([
      { row: 2, field: 'text', message: `Câu hỏi trùng nội dung với câu số 3 đã có trong ngân hàng (mã ${target.id})` },
    ]);
    expect(snapshot(env.db)).toBe(before);
    // The same text under the question's own id replaces it: an edit, not a duplicate.
    const replaced = await admin(env, 'POST', `/contests/${OPEN}/questions`, [{ ...repeated, id: target.id }]);
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
  });

  it('the CLI-style CSV import of a question in the bank is refused the same way', async () => {
    const env = testEnv();
    const target = (await bank(env))[0];
    const csv = `${HEADER}\nvneid,"${target.text.replaceAll('"', '""')}",Có,Không,,,A,\n`;
    const error = expectError(await postCsv(env, csv), 400, 'VALIDATION');
    expect(error.rows).toEqual([{ row: 2, field: 'text', message: expect.stringContaining(`(mã ${target.id})`) }]);
  });
});
