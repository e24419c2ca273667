import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresStore } from '../src/store/postgres/index.js';
import { createPool } from '../src/store/postgres/pool.js';
import type { Store } from '../src/store/store.js';
import { freshPostgresDatabase, type FreshDatabase } from './postgres.js';
import { seededPostgresStore, seededSqliteStore, STORE_CONFIG } from './postgres-store.js';
import { OPEN, seededRandom, type TestClock } from './support.js';

/**
 * The access codes through the store (decision 0043), on both stores: the same codes, listings,
 * refusals and audit entries; then two nodes revoking the last two organiser codes at once.
 */
type Codes = Pick<Store, 'accessCodes'>;
type StoreUnderTest = () => Promise<{ store: Codes; clock: TestClock; audit(): Promise<{ actor: string; action: string; target: string; detail: unknown }[]> }>;

let database: FreshDatabase | undefined;
beforeAll(async () => {
  database = await freshPostgresDatabase('codes');
});
afterAll(async () => {
  await database?.drop();
});

const sqlite: StoreUnderTest = async () => {
  const { store, clock, db } = seededSqliteStore();
  return {
    store,
    clock,
    audit: async () =>
      (db.prepare('SELECT actor, action, target, detail FROM audit_log ORDER BY id').all() as { actor: string; action: string; target: string; detail: string | null }[]).map(
        (e) => ({ ...e, detail: e.detail === null ? null : JSON.parse(e.detail) }),
      ),
  };
};

const postgres: StoreUnderTest = async () => {
  const { store, clock } = await seededPostgresStore(database!.pool);
  return {
    store,
    clock,
    audit: async () => (await database!.pool.query('SELECT actor, action, target, detail FROM audit_log ORDER BY id')).rows.map((e) => ({ ...e, detail: e.detail === null ? null : JSON.parse(e.detail) })),
  };
};

const COMMAND_LINE = 'Dòng lệnh (thuky)';

describe.each([
  ['SQLite', sqlite],
  ['PostgreSQL', postgres],
])('access codes on %s', (_name, open) => {
  it('creates, lists and revokes codes with their audit entries; a code opens nothing once revoked', async () => {
    const { store, clock, audit } = await open();
    const first = await store.accessCodes.create('first-organiser-code-0123456789abcdef', { name: 'Ban Tổ chức', role: 'organiser', scope: null }, 'Cài đặt');
    clock.advance(1000);
    const jury = await store.accessCodes.create('jury-code-0123456789abcdef0123456789', { name: 'Ban Giám khảo', role: 'jury', scope: null }, 'Ban Tổ chức');
    clock.advance(1000);
    const host = await store.accessCodes.create('host-code-0123456789abcdef0123456789', { name: 'Báo Thái Bình', role: 'host', scope: { contestSlug: OPEN, source: 'baothaibinh.com.vn' } }, 'Ban Tổ chức');
    expect(first).toMatchObject({ id: 1, name: 'Ban Tổ chức', role: 'organiser', createdAt: '2026-11-28T03:00:00.000Z', revokedAt: null });
    expect(jury).toMatchObject({ id: 2, role: 'jury' });
    expect(host).toMatchObject({ id: 3, role: 'host', scope: { contestSlug: OPEN, source: 'baothaibinh.com.vn' } });
    expect(await store.accessCodes.byToken('host-code-0123456789abcdef0123456789')).toMatchObject({ name: 'Báo Thái Bình', scope: { contestSlug: OPEN } });

    // A host code for a contest that does not exist is refused, and nothing is written.
    expect(await store.accessCodes.create('x'.repeat(43), { name: 'Không có', role: 'host', scope: { contestSlug: 'khong-co', source: 'a.vn' } }, 'Ban Tổ chức')).toEqual({
      kind: 'notFound',
      what: 'contest',
    });

    clock.advance(1000);
    expect(await store.accessCodes.revoke(2, 'Ban Tổ chức')).toMatchObject({ id: 2, name: 'Ban Giám khảo', revokedAt: '2026-11-28T03:00:03.000Z' });
    expect(await store.accessCodes.byToken('jury-code-0123456789abcdef0123456789')).toBeNull();
    // Revoking again answers the code as it is; an unknown id is not found.
    expect(await store.accessCodes.revoke(2, 'Ban Tổ chức')).toMatchObject({ revokedAt: '2026-11-28T03:00:03.000Z' });
    expect(await store.accessCodes.revoke(99, 'Ban Tổ chức')).toEqual({ kind: 'notFound', what: 'accessCode' });
    // The only organiser code stays.
    expect(await store.accessCodes.revoke(1, 'Ban Tổ chức')).toEqual({ kind: 'lastOrganiser', name: 'Ban Tổ chức' });

    expect((await store.accessCodes.list(false)).map((c) => [c.id, c.name, c.revokedAt !== null])).toEqual([
      [1, 'Ban Tổ chức', false],
      [2, 'Ban Giám khảo', true],
      [3, 'Báo Thái Bình', false],
    ]);
    expect((await audit()).map((e) => [e.actor, e.action, e.target, e.detail])).toEqual([
      ['Cài đặt', 'token.create', 'Ban Tổ chức', { role: 'organiser', id: 1 }],
      ['Ban Tổ chức', 'token.create', 'Ban Giám khảo', { role: 'jury', id: 2 }],
      ['Ban Tổ chức', 'token.create', 'Báo Thái Bình', { role: 'host', id: 3, scope: { contestSlug: OPEN, source: 'baothaibinh.com.vn' } }],
      ['Ban Tổ chức', 'token.revoke', 'Ban Giám khảo', { revoked: 1, id: 2 }],
    ]);
  });

  it("keeps the command line's short-lived codes out of the list once revoked, and out of the audit log", async () => {
    const { store, audit } = await open();
    const session = await store.accessCodes.commandLineCode('command-line-code-0123456789abcdef01', COMMAND_LINE);
    expect(await store.accessCodes.byToken('command-line-code-0123456789abcdef01')).toMatchObject({ name: COMMAND_LINE, role: 'organiser' });
    expect((await store.accessCodes.list(false)).map((c) => c.name)).toEqual([COMMAND_LINE]);
    await session.end();
    expect(await store.accessCodes.byToken('command-line-code-0123456789abcdef01')).toBeNull();
    expect(await store.accessCodes.list(false)).toEqual([]);
    expect((await store.accessCodes.list(true)).map((c) => [c.name, c.revokedAt !== null])).toEqual([[COMMAND_LINE, true]]);
    expect(await audit()).toEqual([]);
  });

  it('revokes every active code of a name at once (token revoke), audited with the count', async () => {
    const { store, audit } = await open();
    await store.accessCodes.create('a'.repeat(43), { name: 'Tổ Thư ký', role: 'organiser', scope: null }, COMMAND_LINE);
    await store.accessCodes.create('b'.repeat(43), { name: 'Tổ Thư ký', role: 'jury', scope: null }, COMMAND_LINE);
    expect(await store.accessCodes.revokeNamed('Tổ Thư ký', COMMAND_LINE)).toBe(2);
    expect(await store.accessCodes.revokeNamed('Tổ Thư ký', COMMAND_LINE)).toBe(0);
    expect(await store.accessCodes.revokeNamed('Không ai', COMMAND_LINE)).toBe(0);
    expect((await audit()).filter((e) => e.action === 'token.revoke')).toEqual([{ actor: COMMAND_LINE, action: 'token.revoke', target: 'Tổ Thư ký', detail: { revoked: 2 } }]);
  });
});

describe('access codes on PostgreSQL, two nodes at once', () => {
  it('two nodes revoking the last two organiser codes at once leave one of them', async () => {
    for (let round = 0; round < 10; round++) {
      const { store } = await seededPostgresStore(database!.pool);
      await store.accessCodes.create('c'.repeat(43), { name: 'Chánh Văn phòng', role: 'organiser', scope: null }, 'Cài đặt');
      await store.accessCodes.create('d'.repeat(43), { name: 'Phó Văn phòng', role: 'organiser', scope: null }, 'Cài đặt');
      const other = createPool({ url: database!.url, poolSize: 2 });
      try {
        const nodeB = postgresStore({ pool: other, clock: () => new Date('2026-11-28T03:00:00Z'), random: seededRandom(), config: STORE_CONFIG });
        // Both nodes connected beforehand, so the two revocations overlap rather than queue behind a connect.
        await Promise.all([database!.pool.query('SELECT 1'), other.query('SELECT 1')]);
        const [a, b] = await Promise.all([store.accessCodes.revoke(1, 'Chánh Văn phòng'), nodeB.accessCodes.revoke(2, 'Phó Văn phòng')]);
        expect([a, b].filter((outcome) => 'kind' in outcome && outcome.kind === 'lastOrganiser')).toHaveLength(1);
        expect((await store.accessCodes.list(false)).filter((c) => c.role === 'organiser' && c.revokedAt === null)).toHaveLength(1);
      } finally {
        await other.end();
      }
    }
  });
});
