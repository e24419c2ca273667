import { describe, expect, it } from 'vitest';
import { admin, expectError } from './admin-support.js';
import { JURY_TOKEN, OPEN, register, snapshot, testEnv } from './support.js';

const TREE = [
  { id: 'khoi-tinh', name: 'Khối cơ quan tỉnh', kind: 'Khối' },
  { id: 'cong-an', name: 'Công an tỉnh', parentId: 'khoi-tinh', kind: 'Sở', headcount: 3000 },
  { id: 'so-gddt', name: 'Sở Giáo dục và Đào tạo', parentId: 'khoi-tinh', kind: 'Sở', headcount: 2750 },
  { id: 'thpt-a', name: 'Trường THPT A', parentId: 'so-gddt', kind: 'Trường', headcount: 120 },
  { id: 'vu-thu', name: 'Huyện Vũ Thư', kind: 'Huyện', headcount: 5000 },
];

async function withTree() {
  const env = testEnv();
  expect((await admin(env, 'PUT', `/contests/${OPEN}/units`, TREE)).status).toBe(200);
  return env;
}

const ids = (units: { id: string }[]) => units.map((u) => u.id);

describe('one unit added, edited or removed', () => {
  it('PUT …/units/:id adds a unit at the end (201) and edits one in place (200), with the same derived `competing` as a whole import', async () => {
    const env = await withTree();
    const added = await admin(env, 'PUT', `/contests/${OPEN}/units/so-tttt`, { name: 'Sở Thông tin và Truyền thông', parentId: 'khoi-tinh', kind: 'Sở', headcount: 90 });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(ids(added.body)).toEqual([...ids(TREE), 'so-tttt']);
    expect(added.body.at(-1)).toEqual({ id: 'so-tttt', name: 'Sở Thông tin và Truyền thông', parentId: 'khoi-tinh', kind: 'Sở', headcount: 90, competes: null, competing: true });

    const edited = await admin(env, 'PUT', `/contests/${OPEN}/units/khoi-tinh`, { name: 'Khối cơ quan tỉnh', kind: 'Khối', competes: false, headcount: null });
    expect(edited.status).toBe(200);
    expect(ids(edited.body)).toEqual(ids(added.body));
    expect(edited.body[0]).toMatchObject({ id: 'khoi-tinh', competes: false, competing: false });
    expect((await admin(env, 'GET', `/contests/${OPEN}/units`)).body).toEqual(edited.body);

    const actions = (await admin(env, 'GET', '/audit')).body.slice(0, 2);
    expect(actions).toMatchObject([
      { action: 'unit.update', target: `${OPEN}/khoi-tinh`, detail: { before: { competes: null }, after: { competes: false } } },
      { action: 'unit.create', target: `${OPEN}/so-tttt`, detail: { before: null } },
    ]);
  });

  it('refuses what the import refuses: a unit its own ancestor, an unknown parent, nested competing units, a bad headcount; nothing changes', async () => {
    const env = await withTree();
    const before = snapshot(env.db);
    const cycle = expectError(await admin(env, 'PUT', `/contests/${OPEN}/units/khoi-tinh`, { name: 'Khối cơ quan tỉnh', parentId: 'thpt-a' }), 400, 'VALIDATION');
    expect(cycle.fields?.parentId).toContain('vòng lặp');
    const self = expectError(await admin(env, 'PUT', `/contests/${OPEN}/units/vu-thu`, { name: 'Huyện Vũ Thư', parentId: 'vu-thu' }), 400, 'VALIDATION');
    expect(self.fields?.parentId).toContain('vòng lặp');
    const unknown = expectError(await admin(env, 'PUT', `/contests/${OPEN}/units/xa-moi`, { name: 'Xã mới', parentId: 'khong-co' }), 400, 'VALIDATION');
    expect(unknown.fields?.parentId).toContain('khong-co');
    const nested = expectError(await admin(env, 'PUT', `/contests/${OPEN}/units/thpt-a`, { name: 'Trường THPT A', parentId: 'so-gddt', competes: true }), 400, 'VALIDATION');
    expect(nested.fields?.competes).toContain('không được lồng nhau');
    expect(nested.rows?.[0]).toMatchObject({ row: 4, field: 'competes' });
    expect(expectError(await admin(env, 'PUT', `/contests/${OPEN}/units/vu-thu`, { name: 'Huyện Vũ Thư', headcount: 0 }), 400, 'VALIDATION').fields).toHaveProperty('headcount');
    expect(expectError(await admin(env, 'PUT', `/contests/${OPEN}/units/vu-thu`, { name: '' }), 400, 'VALIDATION').fields).toHaveProperty('name');
    expect(expectError(await admin(env, 'PUT', `/contests/${OPEN}/units/vu-thu`, { id: 'khac', name: 'Huyện Vũ Thư' }), 400, 'VALIDATION').fields).toHaveProperty('id');
    expect(expectError(await admin(env, 'PUT', `/contests/${OPEN}/units/c%C3%B3-d%E1%BA%A5u`, { name: 'Có dấu' }), 400, 'VALIDATION').fields).toHaveProperty('id');
    expect(snapshot(env.db)).toBe(before);
  });

  it('DELETE …/units/:id removes a unit; one with sub-units or contestants is refused with a clear message', async () => {
    const env = await withTree();
    const removed = await admin(env, 'DELETE', `/contests/${OPEN}/units/thpt-a`);
    expect(removed.status).toBe(200);
    expect(ids(removed.body)).toEqual(['khoi-tinh', 'cong-an', 'so-gddt', 'vu-thu']);
    expect((await admin(env, 'GET', '/audit')).body[0]).toMatchObject({ action: 'unit.delete', target: `${OPEN}/thpt-a`, detail: { before: { name: 'Trường THPT A' } } });

    await register(env, 1, { unitId: 'vu-thu' });
    const before = snapshot(env.db);
    const parent = expectError(await admin(env, 'DELETE', `/contests/${OPEN}/units/khoi-tinh`), 409, 'CONFLICT');
    expect(parent.message).toContain('còn 2 đơn vị trực thuộc');
    expect(parent.message).toContain('Công an tỉnh');
    const used = expectError(await admin(env, 'DELETE', `/contests/${OPEN}/units/vu-thu`), 409, 'CONFLICT');
    expect(used.message).toContain('Huyện Vũ Thư');
    expect(used.message).toContain('đã có thí sinh đăng ký');
    expectError(await admin(env, 'DELETE', `/contests/${OPEN}/units/khong-co`), 404, 'NOT_FOUND');
    expect(snapshot(env.db)).toBe(before);
  });

  it('jury codes may not edit units', async () => {
    const env = await withTree();
    const before = snapshot(env.db);
    expectError(await admin(env, 'PUT', `/contests/${OPEN}/units/vu-thu`, { name: 'Huyện Vũ Thư' }, JURY_TOKEN), 403, 'FORBIDDEN');
    expectError(await admin(env, 'DELETE', `/contests/${OPEN}/units/vu-thu`, undefined, JURY_TOKEN), 403, 'FORBIDDEN');
    expect(snapshot(env.db)).toBe(before);
  });
});

describe('one exclusion added or removed', () => {
  it('adds an ID number and a phone as the file import reads them, removes them, and blocks registration meanwhile', async () => {
    const env = testEnv();
    const id = await admin(env, 'POST', `/contests/${OPEN}/exclusions/id-numbers`, { value: '034 090 000 001' });
    expect(id.status, JSON.stringify(id.body)).toBe(201);
    expect(id.body.idNumbers).toEqual(['034090000001']);
    // Excel dropped the leading zero: given back, as the import does.
    const phone = await admin(env, 'POST', `/contests/${OPEN}/exclusions/phones`, { value: '912000002' });
    expect(phone.status).toBe(201);
    expect(phone.body.phones).toEqual(['0912000002']);
    expect((await admin(env, 'POST', `/contests/${OPEN}/exclusions/phones`, { value: '0912000002' })).status).toBe(200);

    const blocked = await env.call('POST', `/api/contests/${OPEN}/contestants`, {
      json: { fullName: 'Trần Văn Bình', birthDate: '1990-05-17', idNumber: '034090000001', phone: '0912000001', unitId: 'tp-thai-binh', occupation: 'can-bo', consent: true },
    });
    expectError(blocked, 403, 'EXCLUDED');

    const audit = (await admin(env, 'GET', '/audit')).body.slice(0, 2);
    expect(audit).toMatchObject([
      { action: 'exclusion.add', detail: { kind: 'phone' } },
      { action: 'exclusion.add', detail: { kind: 'idNumber' } },
    ]);
    expect(JSON.stringify(audit)).not.toContain('034090000001');
    expect(JSON.stringify(audit)).not.toContain('0912000002');

    const removed = await admin(env, 'DELETE', `/contests/${OPEN}/exclusions/id-numbers/034090000001`);
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ idNumbers: [], phones: ['0912000002'] });
    expect((await admin(env, 'DELETE', `/contests/${OPEN}/exclusions/phones/0912000002`)).body).toEqual({ idNumbers: [], phones: [] });
    await register(env, 1);
    expect((await admin(env, 'GET', '/audit')).body[0]).toMatchObject({ action: 'exclusion.remove', detail: { kind: 'phone', value: expect.stringContaining('*') } });
  });

  it('refuses a value the import refuses, an unknown list, a value not listed, and jury codes; nothing changes', async () => {
    const env = testEnv();
    await admin(env, 'POST', `/contests/${OPEN}/exclusions/id-numbers`, { value: '034090000001' });
    const before = snapshot(env.db);
    const short = expectError(await admin(env, 'POST', `/contests/${OPEN}/exclusions/id-numbers`, { value: '34090000001' }), 400, 'VALIDATION');
    expect(short.fields?.value).toContain('Văn bản');
    expect(expectError(await admin(env, 'POST', `/contests/${OPEN}/exclusions/phones`, { value: '12345' }), 400, 'VALIDATION').fields).toHaveProperty('value');
    expect(expectError(await admin(env, 'POST', `/contests/${OPEN}/exclusions/phones`, {}), 400, 'VALIDATION').fields).toHaveProperty('value');
    expectError(await admin(env, 'POST', `/contests/${OPEN}/exclusions/emails`, { value: 'a@b.vn' }), 404, 'NOT_FOUND');
    expectError(await admin(env, 'DELETE', `/contests/${OPEN}/exclusions/id-numbers/034090000009`), 404, 'NOT_FOUND');
    expectError(await admin(env, 'POST', `/contests/${OPEN}/exclusions/phones`, { value: '0912000009' }, JURY_TOKEN), 403, 'FORBIDDEN');
    expectError(await admin(env, 'DELETE', `/contests/${OPEN}/exclusions/id-numbers/034090000001`, undefined, JURY_TOKEN), 403, 'FORBIDDEN');
    expect(snapshot(env.db)).toBe(before);
  });
});
