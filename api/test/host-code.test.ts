/**
 * The `host` access code (issue 18 item 3, decision 0040): read-only, scoped to one contest and one
 * source host name; it sees that site's registrations and attempts by day (Vietnam time) and
 * nothing personal, and every other admin route refuses it.
 */
import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../src/openapi/operations.js';
import { admin, expectError } from './admin-support.js';
import { CLOSED, JURY_TOKEN, OPEN, ORGANISER_TOKEN, person, register, startAttempt, testEnv, type TestEnv } from './support.js';

async function hostCode(env: TestEnv, source = 'BaoThaiBinh.com.vn', slug = OPEN): Promise<string> {
  const created = await admin(env, 'POST', '/access-codes', { name: 'Báo Thái Bình (ban biên tập)', role: 'host', contestSlug: slug, source });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect(created.body.code).toMatchObject({ role: 'host', scope: { contestSlug: slug, source: source.toLowerCase() } });
  return created.body.token;
}

describe('host access code', () => {
  it("shows the site's registrations and attempts by Vietnam day, and nothing personal", async () => {
    const env = testEnv({ now: '2026-11-28T10:00:00Z' });
    const token = await hostCode(env);
    const first = await register(env, 1, { source: 'baothaibinh.com.vn', fullName: 'Hoàng Thị Lan' });
    await register(env, 2, { source: 'thaibinhtv.vn' });
    await register(env, 3);
    // 18:30 UTC is already the next day in Vietnam (UTC+7).
    env.clock.set('2026-11-28T18:30:00Z');
    await register(env, 4, { source: 'baothaibinh.com.vn' });
    const attempt = await startAttempt(env, first.token);
    expect((await env.call('POST', `/api/attempts/${attempt.id}/submit`, { token: first.token, json: { answers: {}, prediction: 5 } })).status).toBe(200);
    await startAttempt(env, (await register(env, 5, { source: 'baothaibinh.com.vn' })).token);

    const figures = await env.call('GET', '/api/admin/host/participation', { token });
    expect(figures.status).toBe(200);
    expect(figures.body).toEqual({
      contest: { slug: OPEN, title: expect.any(String) },
      source: 'baothaibinh.com.vn',
      days: [
        { day: '2026-11-28', registrations: 1, attempts: 0, submitted: 0 },
        { day: '2026-11-29', registrations: 2, attempts: 2, submitted: 1 },
      ],
      totals: { registrations: 3, attempts: 2, submitted: 1 },
    });
    const text = JSON.stringify(figures.body);
    for (const value of ['Hoàng Thị Lan', person(1).idNumber, person(1).phone, '1990-05-17', first.contestant.id, attempt.id]) expect(text).not.toContain(value);

    // Signing in tells the console which screen to show.
    expect((await env.call('GET', '/api/admin/me', { token })).body).toEqual({
      name: 'Báo Thái Bình (ban biên tập)',
      role: 'host',
      scope: { contestSlug: OPEN, source: 'baothaibinh.com.vn' },
    });
    // Another contest's code for the same site sees that contest only.
    const other = await hostCode(env, 'baothaibinh.com.vn', CLOSED);
    expect((await env.call('GET', '/api/admin/host/participation', { token: other })).body.totals).toEqual({ registrations: 0, attempts: 0, submitted: 0 });
  });

  it('is refused by every other admin route with 403, and the host route refuses organiser and jury codes', async () => {
    const env = testEnv();
    const token = await hostCode(env);
    const values: Record<string, string> = { slug: OPEN, id: '1', kind: 'phones', value: '0912000001', deliveryId: 'x' };
    const checked: string[] = [];
    for (const operation of OPERATIONS) {
      if (!operation.access.startsWith('admin') || operation.access === 'adminHost' || operation.path === '/api/admin/me') continue;
      const path = operation.path.replace(/:([A-Za-z]+)/g, (_, name: string) => values[name]!);
      const response = await env.call(operation.method.toUpperCase(), path, { token, ...(operation.body ? { json: {} } : {}) });
      expect(response.status, `${operation.method} ${operation.path}: ${JSON.stringify(response.body)}`).toBe(403);
      checked.push(path);
    }
    expect(checked.length).toBeGreaterThan(40);
    expectError(await env.call('GET', '/api/admin/host/participation', { token: ORGANISER_TOKEN }), 403, 'FORBIDDEN');
    expectError(await env.call('GET', '/api/admin/host/participation', { token: JURY_TOKEN }), 403, 'FORBIDDEN');
    expectError(await env.call('GET', '/api/admin/host/participation'), 401, 'UNAUTHORIZED');
    // Revoked, it opens nothing.
    const codes = (await admin(env, 'GET', '/access-codes')).body as { id: number; role: string }[];
    expect((await admin(env, 'DELETE', `/access-codes/${codes.find((c) => c.role === 'host')!.id}`)).status).toBe(200);
    expectError(await env.call('GET', '/api/admin/host/participation', { token }), 401, 'UNAUTHORIZED');
  });

  it('needs a contest and a host name, and only for the host role (400 naming the field)', async () => {
    const env = testEnv();
    const noSource = expectError(await admin(env, 'POST', '/access-codes', { name: 'Đài PT-TH', role: 'host', contestSlug: OPEN }), 400, 'VALIDATION');
    expect(Object.keys(noSource.fields!)).toEqual(['source']);
    const notHost = expectError(await admin(env, 'POST', '/access-codes', { name: 'Đài PT-TH', role: 'host', contestSlug: OPEN, source: 'https://thaibinhtv.vn/a' }), 400, 'VALIDATION');
    expect(Object.keys(notHost.fields!)).toEqual(['source']);
    const noContest = expectError(await admin(env, 'POST', '/access-codes', { name: 'Đài PT-TH', role: 'host', source: 'thaibinhtv.vn' }), 400, 'VALIDATION');
    expect(Object.keys(noContest.fields!)).toEqual(['contestSlug']);
    const unknown = expectError(await admin(env, 'POST', '/access-codes', { name: 'Đài PT-TH', role: 'host', contestSlug: 'khong-co', source: 'thaibinhtv.vn' }), 400, 'VALIDATION');
    expect(unknown.fields).toEqual({ contestSlug: 'Không có cuộc thi với mã này' });
    const scopedJury = expectError(await admin(env, 'POST', '/access-codes', { name: 'Tổ Thư ký', role: 'jury', source: 'thaibinhtv.vn' }), 400, 'VALIDATION');
    expect(Object.keys(scopedJury.fields!)).toEqual(['source']);
    expectError(await admin(env, 'POST', '/access-codes', { name: 'Đài PT-TH', role: 'host', contestSlug: OPEN, source: 'thaibinhtv.vn' }, JURY_TOKEN), 403, 'FORBIDDEN');
    expect(((await admin(env, 'GET', '/access-codes')).body as { role: string }[]).filter((c) => c.role === 'host')).toEqual([]);
  });
});
