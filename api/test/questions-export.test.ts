import { describe, expect, it } from 'vitest';
import { XLSX_CONTENT_TYPE } from '../src/http/spreadsheet.js';
import { admin, expectError, jsonQuestion } from './admin-support.js';
import { OPEN, ORGANISER_TOKEN, snapshot, testEnv, type TestEnv } from './support.js';

const COPY = 'ban-sao-ngan-hang';

const bank = async (env: TestEnv, slug: string) => (await admin(env, 'GET', `/contests/${slug}/questions`)).body as unknown[];

const download = (env: TestEnv, format: string) =>
  env.app.request(`/api/admin/contests/${OPEN}/questions?format=${format}`, { headers: { authorization: `Bearer ${ORGANISER_TOKEN}` } });

async function emptyContest(env: TestEnv) {
  const now = env.clock.now().getTime();
  const created = await admin(env, 'PUT', `/contests/${COPY}`, {
    title: 'Cuộc thi nhận ngân hàng câu hỏi',
    startsAt: new Date(now - 3_600_000).toISOString(),
    endsAt: new Date(now + 30 * 86_400_000).toISOString(),
    questionsPerAttempt: 5,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
}

/** Questions that test the layout: six options, two, no explanation, commas, quotes and a line break. */
const awkward = [
  jsonQuestion(901, { options: ['Một', 'Hai', 'Ba', 'Bốn', 'Năm', 'Sáu'], answer: 5 }),
  jsonQuestion(902, { options: ['Đúng', 'Sai'], answer: 1, explanation: null }),
  jsonQuestion(903, { text: 'Câu có dấu phẩy, "ngoặc kép" và\r\nxuống dòng?', options: ['A, B', '"C"'], answer: 0 }),
  // Texts that start like a spreadsheet formula are written defused ("'-1") and read back as typed.
  jsonQuestion(904, { text: '=Câu hỏi bắt đầu bằng dấu bằng?', options: ['-1 điểm', '+1 điểm', "'trích dẫn"], answer: 1 }),
];

describe('GET /api/admin/contests/:slug/questions?format=csv|xlsx', () => {
  for (const format of ['csv', 'xlsx'] as const) {
    it(`a ${format} download imports into another contest as the identical bank`, async () => {
      const env = testEnv();
      expect((await admin(env, 'POST', `/contests/${OPEN}/questions`, awkward)).status).toBe(200);
      const response = await download(env, format);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="cau-hoi-${OPEN}.${format}"`);
      const file = Buffer.from(await response.arrayBuffer());
      if (format === 'csv') {
        expect(file.toString('utf8')).toMatch(/^\uFEFFtopic,text,option_a,option_b,option_c,option_d,option_e,option_f,answer,explanation,source,source_url,practice,id\r\n/);
      }

      await emptyContest(env);
      const imported = await env.app.request(`/api/admin/contests/${COPY}/questions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ORGANISER_TOKEN}`, 'content-type': format === 'csv' ? 'text/csv' : XLSX_CONTENT_TYPE },
        body: file,
      });
      expect(imported.status, await imported.clone().text()).toBe(200);
      const original = await bank(env, OPEN);
      expect(original.length).toBeGreaterThan(awkward.length);
      expect(await bank(env, COPY)).toEqual(original);

      // The same file back into its own contest changes nothing: every row replaces itself by id.
      const before = await bank(env, OPEN);
      const again = await env.app.request(`/api/admin/contests/${OPEN}/questions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ORGANISER_TOKEN}`, 'content-type': format === 'csv' ? 'text/csv' : XLSX_CONTENT_TYPE },
        body: file,
      });
      expect(again.status).toBe(200);
      expect(await bank(env, OPEN)).toEqual(before);
    });
  }

  it('an unknown format → 400 naming the field; the JSON list is unchanged', async () => {
    const env = testEnv();
    const before = snapshot(env.db);
    const error = expectError(await admin(env, 'GET', `/contests/${OPEN}/questions?format=pdf`), 400, 'VALIDATION');
    expect(error.fields?.format).toEqual(expect.any(String));
    expect(snapshot(env.db)).toBe(before);
    const json = await admin(env, 'GET', `/contests/${OPEN}/questions?format=json`);
    expect(json.body).toEqual(await bank(env, OPEN));
    expectError(await env.call('GET', `/api/admin/contests/${OPEN}/questions?format=csv`), 401, 'UNAUTHORIZED');
  });
});
