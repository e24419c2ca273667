import { describe, expect, it } from 'vitest';
import { admin, expectError } from './admin-support.js';
import { JURY_TOKEN, ORGANISER_TOKEN, snapshot, testEnv } from './support.js';

describe('access codes managed from the console', () => {
  it('an organiser creates a code whose value is answered once and then signs in; the list never shows values', async () => {
    const env = testEnv();
    const created = await admin(env, 'POST', '/access-codes', { name: 'Tổ Thư ký', role: 'jury' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toEqual({
      code: { id: expect.any(Number), name: 'Tổ Thư ký', role: 'jury', createdAt: env.clock.now().toISOString(), revokedAt: null },
      token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const me = await env.call('GET', '/api/admin/me', { token: created.body.token });
    expect(me.body).toEqual({ name: 'Tổ Thư ký', role: 'jury' });

    const list = await admin(env, 'GET', '/access-codes', undefined, JURY_TOKEN);
    expect(list.status).toBe(200);
    expect(list.body.map((c: { name: string; role: string }) => [c.name, c.role])).toEqual([
      ['Ban Tổ chức', 'organiser'],
      ['Ban Giám khảo', 'jury'],
      ['Tổ Thư ký', 'jury'],
    ]);
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
    expect(JSON.stringify(list.body)).not.toMatch(/[0-9a-f]{64}/);

    const [entry] = (await admin(env, 'GET', '/audit')).body;
    expect(entry).toMatchObject({ actor: 'Ban Tổ chức', action: 'token.create', target: 'Tổ Thư ký', detail: { role: 'jury' } });
    expect(JSON.stringify(entry)).not.toContain(created.body.token);
  });

  it('revoking ends the code at once, is audited, and answers the same on a second call', async () => {
    const env = testEnv();
    const { body } = await admin(env, 'POST', '/access-codes', { name: 'Nguyễn Văn An', role: 'organiser' });
    env.clock.advance(60_000);
    const revoked = await admin(env, 'DELETE', `/access-codes/${body.code.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: body.code.id, name: 'Nguyễn Văn An', revokedAt: env.clock.now().toISOString() });
    expectError(await env.call('GET', '/api/admin/me', { token: body.token }), 401, 'UNAUTHORIZED');
    const again = await admin(env, 'DELETE', `/access-codes/${body.code.id}`);
    expect(again.body).toEqual(revoked.body);
    const actions = (await admin(env, 'GET', '/audit')).body.map((e: { action: string }) => e.action);
    expect(actions.filter((a: string) => a === 'token.revoke')).toHaveLength(1);
  });

  it('jury codes may list but not create or revoke; nothing changes', async () => {
    const env = testEnv();
    const before = snapshot(env.db);
    expectError(await admin(env, 'POST', '/access-codes', { name: 'Mã lạ', role: 'organiser' }, JURY_TOKEN), 403, 'FORBIDDEN');
    expectError(await admin(env, 'DELETE', '/access-codes/1', undefined, JURY_TOKEN), 403, 'FORBIDDEN');
    expectError(await env.call('GET', '/api/admin/access-codes'), 401, 'UNAUTHORIZED');
    expect(snapshot(env.db)).toBe(before);
  });

  it('refuses bad input naming the field, an unknown id, and revoking the last organiser code', async () => {
    const env = testEnv();
    const before = snapshot(env.db);
    expect(expectError(await admin(env, 'POST', '/access-codes', { name: 'Ai đó', role: 'admin' }), 400, 'VALIDATION').fields).toHaveProperty('role');
    expect(expectError(await admin(env, 'POST', '/access-codes', { name: ' ', role: 'jury' }), 400, 'VALIDATION').fields).toHaveProperty('name');
    expect(expectError(await admin(env, 'DELETE', '/access-codes/abc'), 400, 'VALIDATION').fields).toHaveProperty('id');
    expectError(await admin(env, 'DELETE', '/access-codes/999'), 404, 'NOT_FOUND');
    const organiser = (await admin(env, 'GET', '/access-codes')).body.find((c: { role: string }) => c.role === 'organiser');
    const last = expectError(await admin(env, 'DELETE', `/access-codes/${organiser.id}`), 409, 'CONFLICT');
    expect(last.message).toContain('mã Ban Tổ chức cuối cùng');
    expect(snapshot(env.db)).toBe(before);
    expect((await env.call('GET', '/api/admin/me', { token: ORGANISER_TOKEN })).status).toBe(200);

    // With a second organiser code the first may go, even the one making the request.
    await admin(env, 'POST', '/access-codes', { name: 'Phó ban', role: 'organiser' });
    expect((await admin(env, 'DELETE', `/access-codes/${organiser.id}`)).status).toBe(200);
    expectError(await env.call('GET', '/api/admin/me', { token: ORGANISER_TOKEN }), 401, 'UNAUTHORIZED');
  });
});
