import { describe, expect, it } from 'vitest';
import { placeAndDate } from '../src/routes/report-page.js';
import { correctOptionId, OPEN, ORGANISER_TOKEN, register, startAttempt, testEnv, type TestEnv } from './support.js';

const admin = { token: ORGANISER_TOKEN };

/** Person n answers `correct` questions right in `ms` milliseconds, predicting `prediction`. */
async function play(env: TestEnv, n: number, correct: number, ms: number, unitId: string, prediction = 10) {
  const { token } = await register(env, n, { fullName: `Thí Sinh ${'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[n % 26]}`, unitId });
  const attempt = await startAttempt(env, token);
  const answers = Object.fromEntries(attempt.questions.slice(0, correct).map((q) => [q.id, correctOptionId(env, attempt.id, q.id)]));
  env.clock.advance(ms);
  const result = await env.call('POST', `/api/attempts/${attempt.id}/submit`, { token, json: { answers, prediction } });
  expect(result.status).toBe(200);
}

async function report(env: TestEnv): Promise<string> {
  const response = await env.app.request(`/api/admin/contests/${OPEN}/report`, { headers: { authorization: `Bearer ${ORGANISER_TOKEN}` } });
  expect(response.status).toBe(200);
  return response.text();
}

describe('the report printed for the committee', () => {
  it('carries the official header, numbered sections and the signature block', async () => {
    const env = testEnv();
    await play(env, 1, 15, 300_000, 'tp-thai-binh');
    const html = await report(env);
    expect(html).toContain('ỦY BAN NHÂN DÂN TỈNH THÁI BÌNH');
    expect(html).toContain('BAN TỔ CHỨC CUỘC THI');
    expect(html).toContain('CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(html).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(html).toMatch(/Thái Bình, ngày \d{1,2} tháng \d{1,2} năm \d{4}/);
    const sections = [...html.matchAll(/<h2>([IVX]+)\. /g)].map((m) => m[1]);
    expect(sections).toEqual(['I', 'II', 'III', 'IV', 'V', 'VI', 'VII']);
    expect(html).toContain('TM. BAN TỔ CHỨC');
    expect(html).toContain('TRƯỞNG BAN');
    expect(html).toContain('@page { size: A4');
    expect(html).not.toMatch(/<script/i);
  });

  it('writes the date in Vietnam time', () => {
    // 17:30 UTC on 2 December is already 3 December in Vietnam.
    expect(placeAndDate('Thái Bình', '2026-12-02T17:30:00.000Z')).toBe('Thái Bình, ngày 3 tháng 12 năm 2026');
  });

  it('prints rates with two significant digits and equal scores with tenths and the deciding tie-break', async () => {
    const env = testEnv();
    const units = [
      { id: 'vu-thu', name: 'Huyện Vũ Thư', kind: 'district', headcount: 2941 },
      { id: 'khac', name: 'Đơn vị khác', kind: 'other', headcount: 4 },
    ];
    expect((await env.call('PUT', `/api/admin/contests/${OPEN}/units`, { ...admin, json: units })).status).toBe(200);
    // Equal scores and predictions: 2 min 05.3 s beats 2 min 05.8 s, which whole seconds could not show.
    await play(env, 1, 18, 125_300, 'vu-thu');
    await play(env, 2, 18, 125_800, 'khac');
    await play(env, 3, 12, 60_000, 'khac');
    const html = await report(env);
    expect(html).toContain('0,034 %');
    expect(html).not.toMatch(/>0 ?%</);
    expect(html).toContain('2 phút 05,3 giây');
    expect(html).toContain('2 phút 05,8 giây');
    const rows = [...html.matchAll(/<tr><td>Giải[^<]*<\/td>[\s\S]*?<\/tr>/g)].map((m) => m[0]);
    const first = rows.find((row) => row.includes('Thí Sinh B'))!;
    const second = rows.find((row) => row.includes('Thí Sinh C'))!;
    expect(first).toContain('<td>thời gian</td>');
    expect(second).toContain('<td>điểm</td>');
    expect(html).toContain('<th>Hơn đơn vị sau nhờ</th>');
    const khac = rows.find((row) => /^<tr><td>Giải[^<]*<\/td><td>Đơn vị khác<\/td>/.test(row))!;
    expect(khac).toContain('50,0 %');
    expect(khac).toContain('<td>tỷ lệ tham gia</td>');
  });
});
