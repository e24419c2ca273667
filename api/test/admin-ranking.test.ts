import { describe, expect, it } from 'vitest';
import { parseCsv } from '../src/domain/csv.js';
import { admin, contestantWithScore, expectError } from './admin-support.js';
import { CLOSED, JURY_TOKEN, OPEN, register, startAttempt, testEnv, type TestEnv } from './support.js';

const CSV_HEADER = [
  'Hạng',
  'Họ và tên',
  'Ngày sinh',
  'Số định danh',
  'Điện thoại',
  'Thư điện tử',
  'Đơn vị',
  'Đối tượng',
  'Điểm',
  'Số câu',
  'Thời gian (giây)',
  'Dự đoán',
  'Nộp lúc (UTC)',
  'Mã lượt thi',
  'Giải',
];

/** Three people: 8/20; 5/20 with the exact prediction but slow; 5/20 with a far prediction but fast. */
async function threeContestants(env: TestEnv) {
  const an = await contestantWithScore(env, 1, 8, { prediction: 10, thinkMs: 300_000, overrides: { fullName: 'Nguyễn Văn An', email: 'an@thaibinh.gov.vn' } });
  const binh = await contestantWithScore(env, 2, 5, { prediction: 3, thinkMs: 120_000, overrides: { fullName: 'Trần Thị Bình', unitId: 'dong-hung' } });
  const cuong = await contestantWithScore(env, 3, 5, { prediction: 100, thinkMs: 30_000, overrides: { fullName: 'Lê Văn Cường', occupation: 'sinh-vien' } });
  return { an, binh, cuong };
}

describe('GET /api/admin/contests/:slug/ranking?format=json', () => {
  it('the whole ranking in rank order, with the contact details the jury needs', async () => {
    const env = testEnv();
    const { an, binh, cuong } = await threeContestants(env);
    // Someone registered with an attempt still in progress is not ranked.
    const late = await register(env, 4);
    await startAttempt(env, late.token);

    const response = await admin(env, 'GET', `/contests/${OPEN}/ranking?format=json`, undefined, JURY_TOKEN);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ provisional: true, actual: 3, rankingOrder: ['score', 'prediction', 'duration', 'submittedAt'] });
    expect(response.body.entries).toHaveLength(3);
    expect(response.body.entries[0]).toMatchObject({
      rank: 1,
      attemptId: an.attemptId,
      contestantId: an.contestantId,
      fullName: 'Nguyễn Văn An',
      birthDate: '1990-05-17',
      idNumber: '034090000001',
      phone: '0912000001',
      email: 'an@thaibinh.gov.vn',
      unitId: 'tp-thai-binh',
      unitName: 'Thành phố Thái Bình',
      occupation: 'can-bo',
      score: 8,
      total: 20,
      durationMs: 300_000,
      prediction: 10,
      submittedAt: expect.any(String),
    });
    expect(response.body.entries.slice(1)).toMatchObject([
      { rank: 2, attemptId: binh.attemptId, fullName: 'Trần Thị Bình', idNumber: '034090000002', phone: '0912000002', unitName: 'Huyện Đông Hưng', score: 5, prediction: 3, durationMs: 120_000 },
      { rank: 3, attemptId: cuong.attemptId, fullName: 'Lê Văn Cường', idNumber: '034090000003', phone: '0912000003', occupation: 'sinh-vien', score: 5, prediction: 100, durationMs: 30_000 },
    ]);
  });

  it('follows the contest’s rankingOrder: duration before prediction reorders the tie', async () => {
    const env = testEnv();
    await threeContestants(env);
    const { status: _status, ...contest } = (await admin(env, 'GET', `/contests/${OPEN}`)).body;
    expect((await admin(env, 'PUT', `/contests/${OPEN}`, { ...contest, rankingOrder: ['score', 'duration', 'prediction', 'submittedAt'] })).status).toBe(200);
    const ranking = (await admin(env, 'GET', `/contests/${OPEN}/ranking`)).body;
    expect(ranking.entries.map((e: { fullName: string }) => e.fullName)).toEqual(['Nguyễn Văn An', 'Lê Văn Cường', 'Trần Thị Bình']);
    const leaderboard = (await env.call('GET', `/api/contests/${OPEN}/leaderboard`)).body;
    // The public board follows the same order; nobody here agreed to publish their name, so initials.
    expect(leaderboard.entries.map((e: { name: string }) => e.name)).toEqual(['N. V. A.', 'L. V. C.', 'T. T. B.']);
  });

  it('one entry per person: their best attempt counts', async () => {
    const env = testEnv();
    const { an } = await threeContestants(env);
    const second = await startAttempt(env, an.token);
    env.clock.advance(10_000);
    expect((await env.call('POST', `/api/attempts/${second.id}/submit`, { token: an.token, json: { prediction: 3 } })).status).toBe(200);
    const entries = (await admin(env, 'GET', `/contests/${OPEN}/ranking`)).body.entries as { contestantId: string; attemptId: string; score: number }[];
    expect(entries.filter((e) => e.contestantId === an.contestantId)).toEqual([expect.objectContaining({ attemptId: an.attemptId, score: 8 })]);
  });

  it('is no longer provisional once the contest has closed', async () => {
    const env = testEnv();
    const response = await admin(env, 'GET', `/contests/${CLOSED}/ranking`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ provisional: false, entries: [] });
  });
});

describe('GET /api/admin/contests/:slug/ranking?format=csv', () => {
  it('a UTF-8 CSV with a BOM, a Vietnamese header and one row per ranked person', async () => {
    const env = testEnv();
    const { an, binh, cuong } = await threeContestants(env);
    const response = await env.app.request(`/api/admin/contests/${OPEN}/ranking?format=csv`, { headers: { authorization: `Bearer ${JURY_TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/i);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"]+\.csv"$/);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();

    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith('\uFEFFHạng,Họ và tên,')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);

    const rows = parseCsv(text);
    expect(rows[0]).toEqual(CSV_HEADER);
    expect(rows).toHaveLength(4);
    const json = (await admin(env, 'GET', `/contests/${OPEN}/ranking`)).body.entries;
    expect(rows[1]).toEqual(['1', 'Nguyễn Văn An', '1990-05-17', '034090000001', '0912000001', 'an@thaibinh.gov.vn', 'Thành phố Thái Bình', 'Cán bộ, công chức, viên chức, người lao động', '8', '20', '300.0', '10', json[0].submittedAt, an.attemptId, 'Giải Nhất']);
    expect(rows[2]).toEqual(['2', 'Trần Thị Bình', '1990-05-17', '034090000002', '0912000002', '', 'Huyện Đông Hưng', 'Cán bộ, công chức, viên chức, người lao động', '5', '20', '120.0', '3', json[1].submittedAt, binh.attemptId, 'Giải Nhì']);
    expect(rows[3]![0]).toBe('3');
    expect(rows[3]![13]).toBe(cuong.attemptId);
    // The file itself keeps the leading zeros of ID numbers (what Excel then does is another matter).
    expect(rows.slice(1).map((r) => r[3])).toEqual(['034090000001', '034090000002', '034090000003']);
  });

  it('an empty ranking is just the header', async () => {
    const env = testEnv();
    const response = await env.app.request(`/api/admin/contests/${OPEN}/ranking?format=csv`, { headers: { authorization: `Bearer ${JURY_TOKEN}` } });
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
    expect(text).toBe(`\uFEFF${CSV_HEADER.join(',')}\r\n`);
  });
});

describe('GET /api/admin/contests/:slug/ranking refuses bad queries', () => {
  for (const query of ['format=pdf', 'format=', 'format=CSV', 'sort=name']) {
    it(`?${query} → 400 VALIDATION naming the parameter`, async () => {
      const env = testEnv();
      const error = expectError(await admin(env, 'GET', `/contests/${OPEN}/ranking?${query}`), 400, 'VALIDATION');
      expect(Object.keys(error.fields ?? {})).toContain(query.split('=')[0]);
    });
  }
});
