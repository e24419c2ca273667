import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { headerKey } from '../src/domain/table.js';
import { XLSX_CONTENT_TYPE } from '../src/http/spreadsheet.js';
import { admin, expectError } from './admin-support.js';
import { JURY_TOKEN, OPEN, ORGANISER_TOKEN, register, snapshot, testEnv, type TestEnv } from './support.js';

type CellInput = ExcelJS.CellValue | { value: ExcelJS.CellValue; numFmt: string };

/** A workbook as the committee would save it from Excel: first sheet, header row, then `rows`. */
async function workbook(rows: CellInput[][], options: { extraSheetFirst?: boolean } = {}): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  if (options.extraSheetFirst) book.addWorksheet('Hướng dẫn').addRow(['Không phải dữ liệu']);
  const sheet = book.addWorksheet('Dữ liệu');
  rows.forEach((cells, r) => {
    cells.forEach((cell, c) => {
      const target = sheet.getCell(r + 1, c + 1);
      if (cell && typeof cell === 'object' && 'numFmt' in cell && typeof cell.numFmt === 'string') {
        target.value = cell.value;
        target.numFmt = cell.numFmt;
      } else target.value = cell as ExcelJS.CellValue;
    });
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function upload(env: TestEnv, method: string, path: string, body: Buffer | string, contentType: string, token = ORGANISER_TOKEN) {
  const response = await env.app.request(`/api/admin/contests/${OPEN}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  const text = await response.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* keep the text */
  }
  return { status: response.status, body: parsed };
}

const bank = async (env: TestEnv) => (await admin(env, 'GET', `/contests/${OPEN}/questions`)).body as any[];
const CSV_TYPE = 'text/csv; charset=utf-8';

describe('header matching', () => {
  it('ignores case, diacritics, spacing and punctuation', () => {
    expect(headerKey('Phương án A')).toBe('phuong_an_a');
    expect(headerKey('  MÃ ĐƠN VỊ CẤP TRÊN ')).toBe('ma_don_vi_cap_tren');
    expect(headerKey('Số CCCD')).toBe('so_cccd');
    expect(headerKey('option_a')).toBe('option_a');
    expect(headerKey('Chủ đề'.normalize('NFD'))).toBe('chu_de');
  });
});

describe('questions from an XLSX workbook', () => {
  it('Vietnamese headers, rich text, numbers, dates and formulas import as the text Excel shows', async () => {
    const env = testEnv();
    const before = await bank(env);
    const xlsx = await workbook([
      ['Chủ đề', 'Câu hỏi', 'Phương án A', 'Phương án B', 'Phương án C', 'Phương án D', 'Đáp án', 'Giải thích'],
      ['vneid', 'Ứng dụng VNeID do cơ quan nào quản lý?', 'Bộ Công an', 'Bộ Y tế', 'Bộ Tài chính', 'Bộ Nội vụ', 'A', 'Cục C06 xây dựng.'],
      [
        'de-an-06',
        { richText: [{ text: 'Đề án 06 được phê duyệt ' }, { text: 'năm nào', font: { bold: true } }, { text: '?' }] },
        2022,
        2021,
        { formula: '2020+3', result: 2023 },
        2019,
        'a',
        '',
      ],
      ['de-an-06', 'Kế hoạch 34/KH-UBND bắt đầu cuộc thi ngày nào?', new Date(Date.UTC(2023, 2, 20)), new Date(Date.UTC(2023, 4, 19)), null, null, { formula: '"B"', result: 'B' }, null],
    ]);
    const response = await upload(env, 'POST', '/questions', xlsx, XLSX_CONTENT_TYPE);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ imported: 3 });

    const added = (await bank(env)).slice(before.length);
    expect(added).toHaveLength(3);
    expect(added[0]).toMatchObject({ topic: 'vneid', text: 'Ứng dụng VNeID do cơ quan nào quản lý?', options: ['Bộ Công an', 'Bộ Y tế', 'Bộ Tài chính', 'Bộ Nội vụ'], answer: 0, explanation: 'Cục C06 xây dựng.' });
    expect(added[1]).toMatchObject({ text: 'Đề án 06 được phê duyệt năm nào?', options: ['2022', '2021', '2023', '2019'], answer: 0, explanation: null });
    expect(added[2]).toMatchObject({ options: ['20/03/2023', '19/05/2023'], answer: 1 });

    const [entry] = (await admin(env, 'GET', '/audit')).body;
    expect(entry).toMatchObject({ action: 'questions.import', target: OPEN, detail: expect.objectContaining({ imported: 3 }) });
  });

  it('the English template columns work too, with option_e and option_f, only the first sheet is read', async () => {
    const env = testEnv();
    const xlsx = await workbook([
      ['topic', 'text', 'option_a', 'option_b', 'option_c', 'option_d', 'option_e', 'option_f', 'answer', 'explanation'],
      ['vneid', 'Tài khoản định danh điện tử có mấy mức độ?', 'Một', 'Hai', 'Ba', 'Bốn', 'Năm', 'Sáu', 'B', 'Mức 1 và mức 2.'],
    ]);
    const response = await upload(env, 'POST', '/questions', xlsx, XLSX_CONTENT_TYPE);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect((await bank(env)).at(-1)).toMatchObject({ options: ['Một', 'Hai', 'Ba', 'Bốn', 'Năm', 'Sáu'], answer: 1 });
  });

  it('headers in capitals and without diacritics are recognised', async () => {
    const env = testEnv();
    const csv = '\uFEFFCHU DE,cau hoi,Phuong an A,PHƯƠNG ÁN B,Dap an\r\nvneid,Căn cước gắn chíp có mã QR không?,Có,Không,A\r\n';
    const response = await upload(env, 'POST', '/questions', csv, CSV_TYPE);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect((await bank(env)).at(-1)).toMatchObject({ text: 'Căn cước gắn chíp có mã QR không?', options: ['Có', 'Không'], answer: 0 });
  });

  it('one bad row imports nothing; rows are numbered as Excel shows them, blank rows counted', async () => {
    const env = testEnv();
    const before = snapshot(env.db);
    const xlsx = await workbook([
      ['Chủ đề', 'Câu hỏi', 'Phương án A', 'Phương án B', 'Đáp án'],
      ['vneid', 'Câu hỏi hợp lệ thứ nhất?', 'Có', 'Không', 'A'],
      [],
      ['vneid', 'Câu hỏi có đáp án ngoài các phương án?', 'Có', 'Không', 'D'],
      ['vneid', 'Câu hỏi hợp lệ thứ hai?', 'Có', 'Không', 'B'],
    ]);
    const error = expectError(await upload(env, 'POST', '/questions', xlsx, XLSX_CONTENT_TYPE), 400, 'VALIDATION');
    expect(error.rows).toEqual([{ row: 4, field: 'answer', message: expect.any(String) }]);
    expect(snapshot(env.db)).toBe(before);
  });

  it('a missing column is reported on row 1 by its template and Vietnamese names', async () => {
    const env = testEnv();
    const before = snapshot(env.db);
    const xlsx = await workbook([['Chủ đề', 'Câu hỏi', 'Phương án A', 'Phương án B'], ['vneid', 'Thiếu cột đáp án?', 'Có', 'Không']]);
    const error = expectError(await upload(env, 'POST', '/questions', xlsx, XLSX_CONTENT_TYPE), 400, 'VALIDATION');
    expect(error.rows).toEqual([{ row: 1, message: expect.stringMatching(/answer.*Đáp án/) }]);
    expect(snapshot(env.db)).toBe(before);
  });

  for (const [what, body] of [
    ['random bytes', Buffer.from('đây không phải là tệp Excel, chỉ là chữ')],
    ['a truncated workbook', null],
    ['an empty body', Buffer.alloc(0)],
  ] as const) {
    it(`a corrupt XLSX (${what}) → 400 VALIDATION in the error shape, never a 500; nothing imported`, async () => {
      const env = testEnv();
      const before = snapshot(env.db);
      const xlsx = body ?? (await workbook([['topic', 'text', 'option_a', 'option_b', 'answer'], ['vneid', 'Câu hỏi?', 'Có', 'Không', 'A']])).subarray(0, 300);
      expectError(await upload(env, 'POST', '/questions', xlsx, XLSX_CONTENT_TYPE), 400, 'VALIDATION');
      expect(snapshot(env.db)).toBe(before);
    });
  }

  it('a workbook whose first sheet is not the data is read from its first sheet only', async () => {
    const env = testEnv();
    const before = snapshot(env.db);
    const xlsx = await workbook([['topic', 'text', 'option_a', 'option_b', 'answer'], ['vneid', 'Câu hỏi ở trang thứ hai?', 'Có', 'Không', 'A']], { extraSheetFirst: true });
    const error = expectError(await upload(env, 'POST', '/questions', xlsx, XLSX_CONTENT_TYPE), 400, 'VALIDATION');
    expect(error.rows?.[0]).toMatchObject({ row: 1 });
    expect(snapshot(env.db)).toBe(before);
  });

  it('a jury token may not import', async () => {
    const env = testEnv();
    const xlsx = await workbook([['topic', 'text', 'option_a', 'option_b', 'answer'], ['vneid', 'Câu hỏi của giám khảo?', 'Có', 'Không', 'A']]);
    expectError(await upload(env, 'POST', '/questions', xlsx, XLSX_CONTENT_TYPE, JURY_TOKEN), 403, 'FORBIDDEN');
  });
});

const UNIT_HEADER_VI = ['Mã đơn vị', 'Tên đơn vị', 'Mã đơn vị cấp trên', 'Loại', 'Số người'];

describe('units from CSV and XLSX', () => {
  it('an XLSX with Vietnamese headers replaces the tree; headcounts as numbers, blanks as null', async () => {
    const env = testEnv();
    const xlsx = await workbook([
      [...UNIT_HEADER_VI, 'Dự giải tập thể'],
      ['huyen', 'Các huyện, thành phố', null, 'group', null, null],
      ['tp-thai-binh', 'Thành phố Thái Bình', 'huyen', 'district', 1200, 'có'],
      ['dong-hung', 'Huyện Đông Hưng', 'huyen', 'district', { value: 860, numFmt: '#,##0' }, null],
      [],
      ['xa-dong-phong', { richText: [{ text: 'Xã ' }, { text: 'Đông Phong' }] }, 'dong-hung', 'commune', '45', 'Không'],
    ]);
    const response = await upload(env, 'PUT', '/units', xlsx, XLSX_CONTENT_TYPE);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const expected = [
      { id: 'huyen', name: 'Các huyện, thành phố', parentId: null, kind: 'group', headcount: null, competes: null, competing: false },
      { id: 'tp-thai-binh', name: 'Thành phố Thái Bình', parentId: 'huyen', kind: 'district', headcount: 1200, competes: true, competing: true },
      { id: 'dong-hung', name: 'Huyện Đông Hưng', parentId: 'huyen', kind: 'district', headcount: 860, competes: null, competing: true },
      { id: 'xa-dong-phong', name: 'Xã Đông Phong', parentId: 'dong-hung', kind: 'commune', headcount: 45, competes: false, competing: false },
    ];
    expect(response.body).toEqual(expected);
    expect((await admin(env, 'GET', `/contests/${OPEN}/units`, undefined, JURY_TOKEN)).body).toEqual(expected);
    const [entry] = (await admin(env, 'GET', '/audit')).body;
    expect(entry).toMatchObject({ action: 'units.replace', target: OPEN, detail: { count: 4 } });
  });

  it('a CSV with the template columns (id,name,parent_id,kind,headcount,competes) round-trips', async () => {
    const env = testEnv();
    const csv = '\uFEFFid,name,parent_id,kind,headcount,competes\r\nso-y-te,Sở Y tế,,department,"1.250",1\r\nbv-tinh,"Bệnh viện Đa khoa tỉnh, Thái Bình",so-y-te,,,0\r\n';
    const response = await upload(env, 'PUT', '/units', csv, CSV_TYPE);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toEqual([
      { id: 'so-y-te', name: 'Sở Y tế', parentId: null, kind: 'department', headcount: 1250, competes: true, competing: true },
      { id: 'bv-tinh', name: 'Bệnh viện Đa khoa tỉnh, Thái Bình', parentId: 'so-y-te', kind: null, headcount: null, competes: false, competing: false },
    ]);
  });

  it('bad rows and tree problems are reported by Excel row; the tree is unchanged', async () => {
    const env = testEnv();
    const before = snapshot(env.db);
    const xlsx = await workbook([
      UNIT_HEADER_VI,
      ['huyen', 'Các huyện, thành phố', null, 'group', null],
      ['mã có dấu', 'Đơn vị mã sai', 'huyen', null, null],
      ['xa-moi', 'Xã mới', 'huyen-khong-co', null, -5],
    ]);
    const fields = expectError(await upload(env, 'PUT', '/units', xlsx, XLSX_CONTENT_TYPE), 400, 'VALIDATION').rows;
    expect(fields).toEqual([
      { row: 3, field: 'id', message: expect.any(String) },
      { row: 4, field: 'headcount', message: expect.any(String) },
    ]);
    const tree = expectError(
      await upload(env, 'PUT', '/units', await workbook([UNIT_HEADER_VI, ['huyen', 'Các huyện', null, null, null], ['xa-moi', 'Xã mới', 'huyen-khong-co', null, null]]), XLSX_CONTENT_TYPE),
      400,
      'VALIDATION',
    ).rows;
    expect(tree).toEqual([{ row: 3, field: 'parent_id', message: expect.stringContaining('huyen-khong-co') }]);
    expect(snapshot(env.db)).toBe(before);
  });

  it('a unit contestants registered with cannot be left out of a file either', async () => {
    const env = testEnv();
    await register(env, 1);
    const before = snapshot(env.db);
    const csv = 'Mã đơn vị,Tên đơn vị\nso-y-te,Sở Y tế\n';
    const error = expectError(await upload(env, 'PUT', '/units', csv, CSV_TYPE), 400, 'VALIDATION');
    expect(error.rows).toEqual([expect.objectContaining({ field: 'id', message: expect.stringContaining('tp-thai-binh') })]);
    expect(snapshot(env.db)).toBe(before);
  });

  it('other content types → 415; jury → 403', async () => {
    const env = testEnv();
    const before = snapshot(env.db);
    expectError(await upload(env, 'PUT', '/units', 'id,name\na,B\n', 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectError(await upload(env, 'PUT', '/units', 'id,name\na,B\n', 'application/vnd.ms-excel'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectError(await upload(env, 'PUT', '/units', 'id,name\nso-y-te,Sở Y tế\n', CSV_TYPE, JURY_TOKEN), 403, 'FORBIDDEN');
    expect(snapshot(env.db)).toBe(before);
  });
});

describe('exclusions from CSV and XLSX', () => {
  it('an XLSX with "Họ và tên", "Số CCCD" and "Số điện thoại": names ignored, numbers typed as numbers kept whole', async () => {
    const env = testEnv();
    const xlsx = await workbook([
      ['STT', 'Họ và tên', 'Số CCCD', 'Số điện thoại'],
      [1, 'Nguyễn Văn Bảo', '034090000777', '0912 000 111'],
      [2, 'Trần Thị Hạnh', { value: 34190000778, numFmt: '000000000000' }, 912000222],
      [3, 'Lê Văn Cường', null, '+84 912 000 333'],
      [4, 'Phạm Thị Dung', '034090000779', null],
    ]);
    const response = await upload(env, 'PUT', '/exclusions', xlsx, XLSX_CONTENT_TYPE);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const expected = { idNumbers: ['034090000777', '034090000779', '034190000778'], phones: ['0912000111', '0912000222', '0912000333'] };
    expect(response.body).toEqual(expected);
    expect((await admin(env, 'GET', `/contests/${OPEN}/exclusions`, undefined, JURY_TOKEN)).body).toEqual(expected);
    const [read, entry] = (await admin(env, 'GET', '/audit')).body;
    expect(entry).toMatchObject({ action: 'exclusions.replace', target: OPEN });
    expect(read).toMatchObject({ action: 'read.exclusions', target: OPEN }); // the GET above is audited as a read

    const refused = await env.call('POST', `/api/contests/${OPEN}/contestants`, {
      json: { fullName: 'Nguyễn Văn Bảo', birthDate: '1990-05-17', idNumber: '034090000777', phone: '0912999999', unitId: 'tp-thai-binh', occupation: 'can-bo', consent: true },
    });
    expect(refused.status).toBe(403);
  });

  it('a CSV with the template columns id_number,phone replaces the list', async () => {
    const env = testEnv();
    await admin(env, 'PUT', `/contests/${OPEN}/exclusions`, { idNumbers: ['034090000700'], phones: [] });
    const response = await upload(env, 'PUT', '/exclusions', 'id_number,phone\n034090000701,\n,0912000444\n', 'text/csv');
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toEqual({ idNumbers: ['034090000701'], phones: ['0912000444'] });
  });

  it('invalid rows → 400 with each row and column named; nothing stored', async () => {
    const env = testEnv();
    const before = snapshot(env.db);
    const xlsx = await workbook([
      ['Họ và tên', 'Số định danh', 'Số điện thoại'],
      ['Nguyễn Văn Bảo', '034090000777', '0912000111'],
      ['Trần Thị Hạnh', 34190000778, null],
      ['Lê Văn Cường', null, '0241234567'],
      ['Chỉ có tên', null, null],
    ]);
    const error = expectError(await upload(env, 'PUT', '/exclusions', xlsx, XLSX_CONTENT_TYPE), 400, 'VALIDATION');
    expect(error.rows).toEqual([
      { row: 3, field: 'id_number', message: expect.stringContaining('Văn bản') },
      { row: 4, field: 'phone', message: expect.stringContaining('0241234567') },
      { row: 5, message: expect.any(String) },
    ]);
    expect(snapshot(env.db)).toBe(before);
  });

  it('a file without either column → 400 on row 1; other content types → 415', async () => {
    const env = testEnv();
    const before = snapshot(env.db);
    const error = expectError(await upload(env, 'PUT', '/exclusions', 'Họ và tên\nNguyễn Văn Bảo\n', CSV_TYPE), 400, 'VALIDATION');
    expect(error.rows).toEqual([{ row: 1, message: expect.stringContaining('Số định danh') }]);
    expectError(await upload(env, 'PUT', '/exclusions', 'id_number\n034090000777\n', 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectError(await upload(env, 'PUT', '/exclusions', Buffer.from('PK\u0003\u0004 hỏng'), XLSX_CONTENT_TYPE), 400, 'VALIDATION');
    expect(snapshot(env.db)).toBe(before);
  });
});
