import { describe, expect, it } from 'vitest';
import { admin, contestantWithScore, expectError } from './admin-support.js';
import { JURY_TOKEN, OPEN, register, snapshot, startAttempt, testEnv } from './support.js';

const TREE = [
  { id: 'tinh', name: 'Tỉnh Thái Bình', kind: 'province', headcount: 200 },
  { id: 'huyen-vu-thu', name: 'Huyện Vũ Thư', parentId: 'tinh', kind: 'district' },
  { id: 'xa-tam-quang', name: 'Xã Tam Quang', parentId: 'huyen-vu-thu', kind: 'commune', headcount: 4 },
  { id: 'huyen-tien-hai', name: 'Huyện Tiền Hải', parentId: 'tinh', kind: 'district', headcount: 50 },
  { id: 'khac', name: 'Đơn vị khác', parentId: null },
];

const publicUnits = async (env: ReturnType<typeof testEnv>) => (await env.call('GET', `/api/contests/${OPEN}/units`)).body;

describe('PUT /api/admin/contests/:slug/units replaces the unit tree', () => {
  it('200 with the new tree; registration and the public unit list use it at once', async () => {
    const env = testEnv();
    const response = await admin(env, 'PUT', `/contests/${OPEN}/units`, TREE);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    // By default the children of a top-level unit with sub-units compete, and a top-level unit without.
    expect(response.body).toEqual([
      { id: 'tinh', name: 'Tỉnh Thái Bình', parentId: null, kind: 'province', headcount: 200, competes: null, competing: false },
      { id: 'huyen-vu-thu', name: 'Huyện Vũ Thư', parentId: 'tinh', kind: 'district', headcount: null, competes: null, competing: true },
      { id: 'xa-tam-quang', name: 'Xã Tam Quang', parentId: 'huyen-vu-thu', kind: 'commune', headcount: 4, competes: null, competing: false },
      { id: 'huyen-tien-hai', name: 'Huyện Tiền Hải', parentId: 'tinh', kind: 'district', headcount: 50, competes: null, competing: true },
      { id: 'khac', name: 'Đơn vị khác', parentId: null, kind: null, headcount: null, competes: null, competing: true },
    ]);
    expect((await admin(env, 'GET', `/contests/${OPEN}/units`, undefined, JURY_TOKEN)).body).toEqual(response.body);

    // The public list is the tree for the registration form: no headcounts, nothing about prizes.
    expect(await publicUnits(env)).toEqual(
      response.body.map(({ headcount: _h, competes: _c, competing: _d, ...unit }: { headcount: unknown; competes: unknown; competing: unknown }) => unit),
    );

    // The old seed units are gone: registering with one is refused, with a new one accepted.
    const old = await env.call('POST', `/api/contests/${OPEN}/contestants`, {
      json: { fullName: 'Trần Thị Bình', birthDate: '1990-05-17', idNumber: '034190000001', phone: '0912000001', unitId: 'tp-thai-binh', occupation: 'can-bo', consent: true },
    });
    expect(expectError(old, 400, 'VALIDATION').fields).toHaveProperty('unitId');
    await register(env, 2, { unitId: 'xa-tam-quang' });

    const [entry] = (await admin(env, 'GET', '/audit')).body;
    expect(entry).toMatchObject({ actor: 'Ban Tổ chức', action: 'units.replace', target: OPEN });
  });

  it('keeps the order the organiser gave', async () => {
    const env = testEnv();
    const reversed = [...TREE].reverse();
    expect((await admin(env, 'PUT', `/contests/${OPEN}/units`, reversed)).status).toBe(200);
    expect((await publicUnits(env)).map((u: { id: string }) => u.id)).toEqual(reversed.map((u) => u.id));
  });

  const badTrees: [string, unknown[], { row: number; field: string }][] = [
    ['a duplicate id', [...TREE, { id: 'huyen-vu-thu', name: 'Trùng mã' }], { row: 6, field: 'id' }],
    ['an unknown parentId', [...TREE, { id: 'xa-moi', name: 'Xã mới', parentId: 'huyen-khong-co' }], { row: 6, field: 'parentId' }],
    [
      'a cycle',
      [
        { id: 'a', name: 'Đơn vị A', parentId: 'b' },
        { id: 'b', name: 'Đơn vị B', parentId: 'a' },
      ],
      { row: 1, field: 'parentId' },
    ],
    ['a unit that is its own parent', [{ id: 'a', name: 'Đơn vị A', parentId: 'a' }], { row: 1, field: 'parentId' }],
  ];

  for (const [what, units, expected] of badTrees) {
    it(`${what} → 400 with error.rows; the tree is unchanged`, async () => {
      const env = testEnv();
      const before = snapshot(env.db);
      const error = expectError(await admin(env, 'PUT', `/contests/${OPEN}/units`, units), 400, 'VALIDATION');
      expect(error.rows).toEqual(expect.arrayContaining([{ ...expected, message: expect.any(String) }]));
      expect(snapshot(env.db)).toBe(before);
    });
  }

  it('a longer cycle (a → b → c → a) is found as well', async () => {
    const env = testEnv();
    const before = snapshot(env.db);
    const units = [
      { id: 'goc', name: 'Gốc' },
      { id: 'a', name: 'A', parentId: 'c' },
      { id: 'b', name: 'B', parentId: 'a' },
      { id: 'c', name: 'C', parentId: 'b' },
    ];
    const error = expectError(await admin(env, 'PUT', `/contests/${OPEN}/units`, units), 400, 'VALIDATION');
    expect(error.rows!.map((r) => r.row).sort()).toEqual([2, 3, 4]);
    expect(snapshot(env.db)).toBe(before);
  });

  it('removing a unit a contestant registered with → 400 naming the unit; nothing changed', async () => {
    const env = testEnv();
    await register(env, 1, { unitId: 'dong-hung' });
    const before = snapshot(env.db);
    const error = expectError(await admin(env, 'PUT', `/contests/${OPEN}/units`, TREE), 400, 'VALIDATION');
    expect(error.rows).toEqual([expect.objectContaining({ field: 'id', message: expect.stringContaining('dong-hung') })]);
    expect(snapshot(env.db)).toBe(before);

    // Keeping the unit (even moved under another parent) is allowed.
    const kept = await admin(env, 'PUT', `/contests/${OPEN}/units`, [...TREE, { id: 'dong-hung', name: 'Huyện Đông Hưng', parentId: 'tinh' }]);
    expect(kept.status, JSON.stringify(kept.body)).toBe(200);
  });

  const badShapes: [string, unknown, string][] = [
    ['an empty list', [], '_'],
    ['an id with spaces', [{ id: 'xa moi', name: 'Xã mới' }], '0.id'],
    ['a missing name', [{ id: 'xa-moi' }], '0.name'],
    ['a zero headcount', [{ id: 'xa-moi', name: 'Xã mới', headcount: 0 }], '0.headcount'],
    ['an unknown field', [{ id: 'xa-moi', name: 'Xã mới', manager: 'Ông A' }], '0.manager'],
  ];
  for (const [what, body, field] of badShapes) {
    it(`${what} → 400 naming «${field}»; nothing changed`, async () => {
      const env = testEnv();
      const before = snapshot(env.db);
      const error = expectError(await admin(env, 'PUT', `/contests/${OPEN}/units`, body), 400, 'VALIDATION');
      expect(Object.keys(error.fields ?? {})).toContain(field);
      expect(snapshot(env.db)).toBe(before);
    });
  }
});

describe('GET /api/contests/:slug/units/stats rolls participation up the tree', () => {
  it('a contestant of a sub-unit who submitted counts for every unit above; rate only where a headcount is given', async () => {
    const env = testEnv();
    expect((await admin(env, 'PUT', `/contests/${OPEN}/units`, TREE)).status).toBe(200);
    // Two attempts by one person in the commune, one person in Tiền Hải, one who never submitted.
    const commune = await contestantWithScore(env, 1, 5, { overrides: { unitId: 'xa-tam-quang' } });
    const again = await startAttempt(env, commune.token);
    expect((await env.call('POST', `/api/attempts/${again.id}/submit`, { token: commune.token, json: { prediction: 3 } })).status).toBe(200);
    await contestantWithScore(env, 2, 3, { overrides: { unitId: 'huyen-tien-hai' } });
    const idle = await register(env, 3, { unitId: 'huyen-vu-thu' });
    await startAttempt(env, idle.token);

    const response = await env.call('GET', `/api/contests/${OPEN}/units/stats`);
    expect(response.status).toBe(200);
    const byId = Object.fromEntries(response.body.map((s: { unitId: string }) => [s.unitId, s]));
    expect(byId['xa-tam-quang']).toEqual({ unitId: 'xa-tam-quang', name: 'Xã Tam Quang', parentId: 'huyen-vu-thu', participants: 1, attempts: 2, rate: 0.25 });
    expect(byId['huyen-vu-thu']).toEqual({ unitId: 'huyen-vu-thu', name: 'Huyện Vũ Thư', parentId: 'tinh', participants: 1, attempts: 2 });
    expect(byId['huyen-tien-hai']).toEqual({ unitId: 'huyen-tien-hai', name: 'Huyện Tiền Hải', parentId: 'tinh', participants: 1, attempts: 1, rate: 0.02 });
    expect(byId.tinh).toEqual({ unitId: 'tinh', name: 'Tỉnh Thái Bình', parentId: null, participants: 2, attempts: 3, rate: 0.01 });
    expect(byId.khac).toEqual({ unitId: 'khac', name: 'Đơn vị khác', parentId: null, participants: 0, attempts: 0 });
    expect(response.body.map((s: { unitId: string }) => s.unitId)).toEqual(TREE.map((u) => u.id));
  });

  it('an attempt left open past its deadline counts once it is finalised', async () => {
    const env = testEnv();
    const { token } = await register(env, 1, { unitId: 'dong-hung' });
    await startAttempt(env, token);
    const stat = async (id: string) =>
      ((await env.call('GET', `/api/contests/${OPEN}/units/stats`)).body as { unitId: string; participants: number }[]).find((s) => s.unitId === id)!;
    expect((await stat('dong-hung')).participants).toBe(0);
    env.clock.advance(16 * 60_000);
    expect((await stat('dong-hung')).participants).toBe(1);
    expect((await stat('huyen-thanh-pho')).participants).toBe(1);
  });
});
