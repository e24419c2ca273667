import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Unit } from '../src/db/contests.js';
import type { Client, PortableStore } from '../src/store/store.js';
import { freshPostgresDatabase, type FreshDatabase } from './postgres.js';
import { seededPostgresStore, seededSqliteStore } from './postgres-store.js';
import { OPEN, person } from './support.js';

/**
 * Units and exclusions edited one row at a time through the store (decision 0043) on both stores:
 * the same checks as a whole import, the same lists, the same audit entries.
 */
type Stores = Pick<PortableStore, 'contestants' | 'setup'>;
interface Fixture {
  store: Stores;
  audit(): Promise<{ actor: string; action: string; target: string; detail: unknown }[]>;
}

const client: Client = { ip: '203.0.113.71', userAgent: 'store-row-edits-test', origin: undefined };
const body =
  <T>(value: T) =>
  async () =>
    value;
const parsed = (rows: { actor: string; action: string; target: string; detail: string | null }[]) =>
  rows.map((e) => ({ ...e, detail: e.detail === null ? null : JSON.parse(e.detail) }));
const AUDITED = `action LIKE 'unit.%' OR action LIKE 'exclusion.%'`;

let database: FreshDatabase | undefined;
beforeAll(async () => {
  database = await freshPostgresDatabase('row_edits');
});
afterAll(async () => {
  await database?.drop();
});

const sqlite = async (): Promise<Fixture> => {
  const { store, db } = seededSqliteStore();
  return { store, audit: async () => parsed(db.prepare(`SELECT actor, action, target, detail FROM audit_log WHERE ${AUDITED} ORDER BY id`).all() as never) };
};

const postgres = async (): Promise<Fixture> => {
  const { store } = await seededPostgresStore(database!.pool);
  return { store, audit: async () => parsed((await database!.pool.query(`SELECT actor, action, target, detail FROM audit_log WHERE ${AUDITED} ORDER BY id`)).rows) };
};

const unit = (id: string, name: string, overrides: Partial<Unit> = {}): Unit => ({ id, name, parentId: 'tp-thai-binh', kind: null, headcount: 40, competes: null, ...overrides });
const outcomes: Record<string, unknown[]> = {};

describe.each([
  ['SQLite', sqlite],
  ['PostgreSQL', postgres],
] as const)('row edits on %s', (name, open) => {
  it('creates, renames and removes a unit as the import would check it; adds and removes one exclusion; each audited', async () => {
    const { store, audit } = await open();
    const seen: unknown[] = [];
    const created = await store.setup.saveUnit(OPEN, unit('xa-moi', 'Xã Mới'), 'Ban Tổ chức');
    expect(created).toMatchObject({ kind: 'saved', before: null });
    const renamed = await store.setup.saveUnit(OPEN, unit('xa-moi', 'Xã Mới Lập'), 'Ban Tổ chức');
    expect(renamed).toMatchObject({ kind: 'saved', before: unit('xa-moi', 'Xã Mới') });
    if (renamed.kind !== 'saved') throw new Error('not saved');
    expect(renamed.units.filter((u) => u.id === 'xa-moi')).toEqual([unit('xa-moi', 'Xã Mới Lập')]);
    const orphan = await store.setup.saveUnit(OPEN, unit('xa-le', 'Xã Lẻ', { parentId: 'khong-co' }), 'Ban Tổ chức');
    expect(orphan).toMatchObject({ kind: 'invalid', row: renamed.units.length + 1 });
    seen.push(orphan);
    expect(await store.setup.saveUnit('khong-co', unit('x', 'X'), 'Ban Tổ chức')).toEqual({ kind: 'notFound', what: 'contest' });

    const registered = await store.contestants.register(OPEN, body(person(1, { unitId: 'xa-moi' })), client);
    expect(registered.kind).toBe('registered');
    expect(await store.setup.removeUnit(OPEN, 'xa-moi', 'Ban Tổ chức')).toMatchObject({ kind: 'inUse', unit: { id: 'xa-moi' } });
    expect(await store.setup.removeUnit(OPEN, 'tp-thai-binh', 'Ban Tổ chức')).toMatchObject({ kind: 'hasChildren', unit: { id: 'tp-thai-binh' } });
    expect(await store.setup.removeUnit(OPEN, 'khong-co', 'Ban Tổ chức')).toEqual({ kind: 'noUnit' });
    await store.setup.saveUnit(OPEN, unit('xa-trong', 'Xã Trống'), 'Ban Tổ chức');
    const removed = await store.setup.removeUnit(OPEN, 'xa-trong', 'Ban Tổ chức');
    if (removed.kind !== 'removed') throw new Error(`not removed: ${JSON.stringify(removed)}`);
    expect(removed.units).toEqual(renamed.units);
    seen.push(removed);

    const { phone } = person(1);
    const added = await store.setup.addExclusion(OPEN, 'phone', phone, 'Ban Tổ chức');
    expect(added).toEqual({ kind: 'added', list: { idNumbers: [], phones: [phone] } });
    expect(await store.setup.addExclusion(OPEN, 'phone', phone, 'Ban Tổ chức')).toEqual({ kind: 'present', list: { idNumbers: [], phones: [phone] } });
    expect(await store.setup.removeExclusion(OPEN, 'phone', phone, 'Ban Tổ chức')).toEqual({ kind: 'removed', list: { idNumbers: [], phones: [] } });
    expect(await store.setup.removeExclusion(OPEN, 'phone', phone, 'Ban Tổ chức')).toEqual({ kind: 'absent' });
    expect(await store.setup.removeExclusion('khong-co', 'phone', phone, 'Ban Tổ chức')).toEqual({ kind: 'notFound', what: 'contest' });

    expect((await audit()).map((e) => [e.actor, e.action, e.target, e.detail])).toEqual([
      ['Ban Tổ chức', 'unit.create', `${OPEN}/xa-moi`, { before: null, after: unit('xa-moi', 'Xã Mới') }],
      ['Ban Tổ chức', 'unit.update', `${OPEN}/xa-moi`, { before: unit('xa-moi', 'Xã Mới'), after: unit('xa-moi', 'Xã Mới Lập') }],
      ['Ban Tổ chức', 'unit.create', `${OPEN}/xa-trong`, { before: null, after: unit('xa-trong', 'Xã Trống') }],
      ['Ban Tổ chức', 'unit.delete', `${OPEN}/xa-trong`, { before: unit('xa-trong', 'Xã Trống') }],
      ['Ban Tổ chức', 'exclusion.add', OPEN, { kind: 'phone', value: '0912****01' }],
      ['Ban Tổ chức', 'exclusion.remove', OPEN, { kind: 'phone', value: '0912****01' }],
    ]);
    outcomes[name] = seen;
  });
});

describe('row edits on both stores', () => {
  it('the same edits give the same trees and refusals on both', () => {
    expect(Object.keys(outcomes)).toEqual(['SQLite', 'PostgreSQL']);
    expect(outcomes.PostgreSQL).toEqual(outcomes.SQLite);
  });
});
