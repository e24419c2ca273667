import { describe, expect, it } from 'vitest';
import { admin, expectError } from './admin-support.js';
import { OPEN, ORGANISER_TOKEN, snapshot, testEnv, type TestEnv } from './support.js';

async function report(env: TestEnv): Promise<string> {
  const response = await env.app.request(`/api/admin/contests/${OPEN}/report`, { headers: { authorization: `Bearer ${ORGANISER_TOKEN}` } });
  expect(response.status).toBe(200);
  return response.text();
}

async function settings(env: TestEnv) {
  const { status: _status, slug: _slug, ...contest } = (await admin(env, 'GET', `/contests/${OPEN}`)).body;
  return contest;
}

const NAM_DINH = { authority: 'ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH', organiser: 'BAN TỔ CHỨC CUỘC THI ĐỀ ÁN 06', place: 'Nam Định' };

describe('the report header is a contest setting (reportIssuer)', () => {
  it('prints the contest’s issuer and place; without one, the plan’s own', async () => {
    const env = testEnv();
    expect(await report(env)).toContain('ỦY BAN NHÂN DÂN TỈNH THÁI BÌNH');
    const saved = await admin(env, 'PUT', `/contests/${OPEN}`, { ...(await settings(env)), reportIssuer: NAM_DINH });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.reportIssuer).toEqual(NAM_DINH);
    expect((await admin(env, 'GET', `/contests/${OPEN}`)).body.reportIssuer).toEqual(NAM_DINH);
    const html = await report(env);
    expect(html).toContain('ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH');
    expect(html).toContain('BAN TỔ CHỨC CUỘC THI ĐỀ ÁN 06');
    expect(html).toMatch(/Nam Định, ngày \d{1,2} tháng \d{1,2} năm \d{4}/);
    expect(html).not.toContain('THÁI BÌNH</p>');
    const entry = (await admin(env, 'GET', '/audit')).body[0];
    expect(entry).toMatchObject({ action: 'contest.update', detail: { after: { reportIssuer: NAM_DINH } } });
  });

  it('escapes what it prints and refuses empty or unknown fields naming them', async () => {
    const env = testEnv();
    const base = await settings(env);
    const before = snapshot(env.db);
    const empty = expectError(await admin(env, 'PUT', `/contests/${OPEN}`, { ...base, reportIssuer: { ...NAM_DINH, place: ' ' } }), 400, 'VALIDATION');
    expect(empty.fields).toHaveProperty(['reportIssuer.place']);
    expect(empty.fields?.['reportIssuer.place']).toContain('Địa danh');
    const extra = expectError(await admin(env, 'PUT', `/contests/${OPEN}`, { ...base, reportIssuer: { ...NAM_DINH, logo: 'x' } }), 400, 'VALIDATION');
    expect(Object.keys(extra.fields ?? {})).toEqual(['reportIssuer.logo']);
    expect(snapshot(env.db)).toBe(before);

    await admin(env, 'PUT', `/contests/${OPEN}`, { ...base, reportIssuer: { ...NAM_DINH, organiser: 'BAN <b>TỔ CHỨC</b>' } });
    expect(await report(env)).toContain('BAN &lt;b&gt;TỔ CHỨC&lt;/b&gt;');
  });
});
