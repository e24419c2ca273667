/**
 * A question's source (decision 0036): imported and exported in JSON, CSV and XLSX (Vietnamese
 * headers, messy yes/no marks), links http/https only, the shipped bank carrying its sources, and
 * the attempt view showing a source exactly when it shows the key.
 */
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { XLSX_CONTENT_TYPE } from '../src/http/spreadsheet.js';
import { loadQuestionBank } from '../src/seed/demo.js';
import { admin, expectError, jsonQuestion, smallContest } from './admin-support.js';
import { OPEN, ORGANISER_TOKEN, register, snapshot, startAttempt, testEnv, type TestEnv } from './support.js';

const SLUG = 'hoc-nguon';

async function postFile(env: TestEnv, slug: string, body: Buffer | string, contentType: string) {
  const response = await env.app.request(`/api/admin/contests/${slug}/questions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ORGANISER_TOKEN}`, 'content-type': contentType },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

const bank = async (env: TestEnv, slug = SLUG) => (await admin(env, 'GET', `/contests/${slug}/questions`)).body as any[];

async function emptyContest(env: TestEnv, slug = SLUG) {
  const now = env.clock.now().getTime();
  const created = await admin(env, 'PUT', `/contests/${slug}`, {
    title: `Cuộc thi thử ${slug}`,
    startsAt: new Date(now - 3_600_000).toISOString(),
    endsAt: new Date(now + 86_400_000).toISOString(),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
}

async function workbook(rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Câu hỏi');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('sources and practice marks in the question bank', () => {
  it('JSON: source, sourceUrl and practice are stored trimmed and listed; left out they are null and false', async () => {
    const env = testEnv();
    await emptyContest(env);
    const imported = await admin(env, 'POST', `/contests/${SLUG}/questions`, [
      jsonQuestion(1, { id: 'n1', source: '  Luật Căn cước 2023, Điều 15  ', sourceUrl: ' https://vbpl.vn/can-cuoc ', practice: true }),
      jsonQuestion(2, { id: 'n2' }),
      jsonQuestion(3, { id: 'n3', source: 'Quyết định 06/QĐ-TTg', sourceUrl: null, practice: 'có' }),
    ]);
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    const [one, two, three] = await bank(env);
    expect(one).toMatchObject({ id: 'n1', source: 'Luật Căn cước 2023, Điều 15', sourceUrl: 'https://vbpl.vn/can-cuoc', practice: true });
    expect(two).toMatchObject({ id: 'n2', source: null, sourceUrl: null, practice: false });
    expect(three).toMatchObject({ id: 'n3', source: 'Quyết định 06/QĐ-TTg', sourceUrl: null, practice: true });
  });

  for (const url of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'ftp://example.vn/a', 'file:///etc/passwd', 'vbpl.vn/khong-co-giao-thuc', 'https://']) {
    it(`JSON: a source link «${url}» is refused naming the field and the row; nothing imported`, async () => {
      const env = testEnv();
      await emptyContest(env);
      const before = snapshot(env.db);
      const response = await admin(env, 'POST', `/contests/${SLUG}/questions`, [jsonQuestion(1), jsonQuestion(2, { sourceUrl: url })]);
      const error = expectError(response, 400, 'VALIDATION');
      expect(error.rows).toEqual([{ row: 2, field: 'sourceUrl', message: expect.stringContaining('dòng 2') }]);
      expect(error.rows![0]!.message).toMatch(/Liên kết nguồn/);
      expect(error.rows![0]!.message).toMatch(/http:\/\/ hoặc https:\/\//);
      expect(snapshot(env.db)).toBe(before);
    });
  }

  it('JSON: a practice mark that is neither yes nor no is refused on its row', async () => {
    const env = testEnv();
    await emptyContest(env);
    const error = expectError(await admin(env, 'POST', `/contests/${SLUG}/questions`, [jsonQuestion(1, { practice: 'có lẽ' })]), 400, 'VALIDATION');
    expect(error.rows).toEqual([{ row: 1, field: 'practice', message: expect.stringMatching(/Luyện tập.*dòng 1/) }]);
  });

  it('PUT one question: a bad link is refused in `fields.sourceUrl`; a good one is saved with the practice mark', async () => {
    const env = testEnv();
    const bad = await admin(env, 'PUT', `/contests/${OPEN}/questions/q001`, jsonQuestion(1, { sourceUrl: 'javascript:void(0)' }));
    const error = expectError(bad, 400, 'VALIDATION');
    expect(error.fields?.sourceUrl).toMatch(/Liên kết nguồn/);
    expect(error.fields?.sourceUrl).not.toMatch(/dòng/);
    const good = await admin(env, 'PUT', `/contests/${OPEN}/questions/q001`, jsonQuestion(1, { source: 'Nguồn mới', sourceUrl: 'http://vbpl.vn/x', practice: true }));
    expect(good.status, JSON.stringify(good.body)).toBe(200);
    expect(good.body).toMatchObject({ source: 'Nguồn mới', sourceUrl: 'http://vbpl.vn/x', practice: true });
  });

  it('CSV with Vietnamese headers, spaces and marks written every which way', async () => {
    const env = testEnv();
    await emptyContest(env);
    const marks = ['x', 'X', ' có ', 'Có', '1', 'true', 'TRUE', '', 'không', '0', 'false'];
    const csv = [
      'Chủ đề,Nội dung câu hỏi,Phương án A,Phương án B,Đáp án,Giải thích, Nguồn ,Liên kết nguồn,Luyện tập',
      ...marks.map((mark, i) => `vneid,Câu hỏi luyện tập thử số ${i + 1} về VNeID?,Có,Không,A,,  Nguồn số ${i + 1}  ,  https://vbpl.vn/${i + 1}  ,${mark}`),
    ].join('\r\n');
    const response = await postFile(env, SLUG, `\uFEFF${csv}`, 'text/csv');
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const listed = await bank(env);
    expect(listed.map((q) => q.practice)).toEqual(marks.map((_, i) => i < 7));
    expect(listed.map((q) => q.source)).toEqual(marks.map((_, i) => `Nguồn số ${i + 1}`));
    expect(listed.map((q) => q.sourceUrl)).toEqual(marks.map((_, i) => `https://vbpl.vn/${i + 1}`));
  });

  it('CSV: a link that is not http(s) is refused on its spreadsheet row, naming the column', async () => {
    const env = testEnv();
    await emptyContest(env);
    const csv = [
      'topic,text,option_a,option_b,answer,source,source_url,practice',
      'vneid,Câu hỏi thứ nhất có nguồn hợp lệ?,Có,Không,A,Luật,https://vbpl.vn,x',
      'vneid,Câu hỏi thứ hai có nguồn không hợp lệ?,Có,Không,A,Luật,javascript:alert(1),',
      'vneid,Câu hỏi thứ ba có dấu luyện tập lạ?,Có,Không,A,,,hmm',
    ].join('\n');
    const error = expectError(await postFile(env, SLUG, csv, 'text/csv'), 400, 'VALIDATION');
    expect(error.rows).toEqual([
      { row: 3, field: 'sourceUrl', message: expect.stringContaining('(dòng 3)') },
      { row: 4, field: 'practice', message: expect.stringContaining('(dòng 4)') },
    ]);
    expect(await bank(env)).toEqual([]);
  });

  it('XLSX with Vietnamese headers imports source, link and practice mark', async () => {
    const env = testEnv();
    await emptyContest(env);
    const xlsx = await workbook([
      ['Chủ đề', 'Câu hỏi', 'Phương án A', 'Phương án B', 'Đáp án', 'Nguồn', 'Liên kết nguồn', 'Luyện tập'],
      ['can-cuoc', 'Thẻ căn cước cấp cho công dân từ bao nhiêu tuổi?', 'Từ 0 tuổi', 'Từ 14 tuổi', 'A', 'Luật Căn cước 2023', 'https://vbpl.vn/luat', 'x'],
      ['can-cuoc', 'Căn cước điện tử được tích hợp vào ứng dụng nào?', 'VNeID', 'Zalo', 'A', null, null, null],
      ['can-cuoc', 'Đề án 06 được phê duyệt năm nào theo quyết định?', '2022', '2021', 'A', '  QĐ 06/QĐ-TTg ', null, 1],
    ]);
    const response = await postFile(env, SLUG, xlsx, XLSX_CONTENT_TYPE);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect((await bank(env)).map(({ source, sourceUrl, practice }) => ({ source, sourceUrl, practice }))).toEqual([
      { source: 'Luật Căn cước 2023', sourceUrl: 'https://vbpl.vn/luat', practice: true },
      { source: null, sourceUrl: null, practice: false },
      { source: 'QĐ 06/QĐ-TTg', sourceUrl: null, practice: true },
    ]);
  });

  for (const format of ['csv', 'xlsx'] as const) {
    it(`a ${format} download carries source, source_url and practice and imports back unchanged`, async () => {
      const env = testEnv();
      await emptyContest(env);
      await admin(env, 'POST', `/contests/${SLUG}/questions`, [
        jsonQuestion(1, { id: 'r1', source: 'Luật Căn cước; Điều 15', sourceUrl: 'https://vbpl.vn/a?b=1&c=2', practice: true }),
        jsonQuestion(2, { id: 'r2' }),
      ]);
      const download = await env.app.request(`/api/admin/contests/${SLUG}/questions?format=${format}`, { headers: { authorization: `Bearer ${ORGANISER_TOKEN}` } });
      expect(download.status).toBe(200);
      const file = Buffer.from(await download.arrayBuffer());
      if (format === 'csv') {
        const text = file.toString('utf8');
        expect(text.split('\r\n')[0]).toBe('\uFEFFtopic,text,option_a,option_b,option_c,option_d,option_e,option_f,answer,explanation,source,source_url,practice,id');
        expect(text).toContain(',Luật Căn cước; Điều 15,https://vbpl.vn/a?b=1&c=2,x,r1\r\n');
      }
      const original = await bank(env);
      await emptyContest(env, 'hoc-nguon-ban-sao');
      const back = await postFile(env, 'hoc-nguon-ban-sao', file, format === 'csv' ? 'text/csv' : XLSX_CONTENT_TYPE);
      expect(back.status, JSON.stringify(back.body)).toBe(200);
      expect(await bank(env, 'hoc-nguon-ban-sao')).toEqual(original);
    });
  }
});

describe('the shipped bank carries its sources', () => {
  it('every seeded question has a readable source and one http(s) link, and the seeded contests hold them', async () => {
    const shipped = loadQuestionBank();
    expect(shipped.length).toBeGreaterThanOrEqual(100);
    for (const q of shipped as { id: string; source?: string | null; sourceUrl?: string | null }[]) {
      expect(q.source, q.id).toEqual(expect.any(String));
      expect(q.source, q.id).not.toMatch(/https?:\/\//);
      expect(q.sourceUrl, q.id).toMatch(/^https?:\/\/[^\s]+$/);
    }
    // The file is the project's own (not read from outside the repository).
    const raw = JSON.parse(readFileSync(new URL('../src/seed/de-an-06-questions.json', import.meta.url), 'utf8')) as { id: string; sourceUrl: string }[];
    expect(raw[0]).toMatchObject({ id: 'q001', sourceUrl: 'https://tailieu.vn/doc/quyet-dinh-so-06-2022-qd-ttg-2510184.html' });
    const env = testEnv();
    const seeded = await bank(env, OPEN);
    expect(seeded[0]).toMatchObject({
      id: 'q001',
      source: 'văn bản QĐ 06/QĐ-TTg, Hà Nội, ngày 06/01/2022; Quyết định 06/QĐ-TTg ngày 06/01/2022',
      sourceUrl: 'https://tailieu.vn/doc/quyet-dinh-so-06-2022-qd-ttg-2510184.html',
      practice: false,
    });
    expect(seeded.every((q) => typeof q.sourceUrl === 'string')).toBe(true);
  });
});

describe('the attempt view shows a source exactly when it shows the key', () => {
  /** Every question of a view carries the key and the source together, and only when `answerKeyShown`. */
  function expectSourcesWithKey(view: any) {
    for (const q of view.questions) {
      const keyed = 'correctOptionId' in q;
      expect(keyed, JSON.stringify(q)).toBe(view.answerKeyShown === true);
      expect('source' in q, JSON.stringify(q)).toBe(keyed);
      expect('sourceUrl' in q, JSON.stringify(q)).toBe(keyed);
      expect('explanation' in q, JSON.stringify(q)).toBe(keyed);
      if (keyed) {
        expect(q.source).toMatch(/^Nguồn của câu /);
        expect(q.sourceUrl).toMatch(/^https:\/\/vbpl\.vn\//);
      }
    }
    // Nothing of the sources anywhere in the body when the key is not shown.
    if (!view.answerKeyShown) expect(JSON.stringify(view)).not.toMatch(/Nguồn của câu|vbpl\.vn/);
  }

  const cases = [
    { revealAnswers: 'afterSubmit', revealScore: 'afterSubmit', beforeClose: true, afterClose: true },
    { revealAnswers: 'afterClose', revealScore: 'afterClose', beforeClose: false, afterClose: true },
    { revealAnswers: 'never', revealScore: 'afterSubmit', beforeClose: false, afterClose: false },
  ] as const;

  for (const { revealAnswers, revealScore, beforeClose, afterClose } of cases) {
    it(`revealAnswers ${revealAnswers}: shown while in progress no, after submit ${beforeClose ? 'yes' : 'no'}, after the close ${afterClose ? 'yes' : 'no'}`, async () => {
      const env = testEnv();
      const slug = `nguon-${revealAnswers.toLowerCase()}`;
      await smallContest(env, slug, 6, 4, { revealAnswers, revealScore });
      const sourced = Array.from({ length: 6 }, (_, i) =>
        jsonQuestion(i + 1, { id: `${slug}-q${i + 1}`, source: `Nguồn của câu ${i + 1}`, sourceUrl: `https://vbpl.vn/${i + 1}` }),
      );
      expect((await admin(env, 'POST', `/contests/${slug}/questions`, sourced)).status).toBe(200);
      const { token } = await register(env, 1, {}, slug);
      const started = await startAttempt(env, token, slug);
      expect((started as any).answerKeyShown).toBe(false);
      expectSourcesWithKey(started);
      const inProgress = await env.call('GET', `/api/attempts/${started.id}`, { token });
      expectSourcesWithKey(inProgress.body);
      expect(inProgress.body.answerKeyShown).toBe(false);

      const submitted = await env.call('POST', `/api/attempts/${started.id}/submit`, { token, json: { answers: {}, prediction: 10 } });
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
      expect(JSON.stringify(submitted.body)).not.toMatch(/Nguồn của câu|vbpl\.vn|source/);
      const afterSubmit = await env.call('GET', `/api/attempts/${started.id}`, { token });
      expect(afterSubmit.body.answerKeyShown).toBe(beforeClose);
      expectSourcesWithKey(afterSubmit.body);

      env.clock.advance(31 * 86_400_000);
      const closed = await env.call('GET', `/api/attempts/${started.id}`, { token });
      expect(closed.body.answerKeyShown).toBe(afterClose);
      expectSourcesWithKey(closed.body);
    });
  }
});
