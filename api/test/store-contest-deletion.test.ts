import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, PortableStore } from '../src/store/store.js';
import { freshPostgresDatabase, type FreshDatabase } from './postgres.js';
import { seededPostgresStore, seededSqliteStore } from './postgres-store.js';
import { OPEN, person } from './support.js';

/**
 * A rehearsal contest deleted through the store (decision 0033, 0043) on both stores: with its
 * units, exclusions, registrations and sessions, audited; never a contest with an attempt.
 */
type Stores = Pick<PortableStore, 'contestants' | 'attempts' | 'contests' | 'setup'>;
interface Fixture {
  store: Stores;
  /** Rows left, per table, that name contest `slug`. */
  leftOf(slug: string): Promise<Record<string, number>>;
  audit(): Promise<{ action: string; target: string; detail: unknown }[]>;
}

const SLUG = 'dien-tap-2027';
const BY = 'Ban Tổ chức';
const client: Client = { ip: '203.0.113.81', userAgent: 'store-contest-deletion-test', origin: undefined };
const body =
  <T>(value: T) =>
  async () =>
    value;
const parsed = (rows: { action: string; target: string; detail: string | null }[]) => rows.map((e) => ({ ...e, detail: e.detail === null ? null : JSON.parse(e.detail) }));

let database: FreshDatabase | undefined;
beforeAll(async () => {
  database = await freshPostgresDatabase('contest_deletion');
});
afterAll(async () => {
  await database?.drop();
});

const sqlite = async (): Promise<Fixture> => {
  const { store, db } = seededSqliteStore();
  return {
    store,
    leftOf: async (slug) => {
      const tables = db.prepare(`SELECT m.name FROM sqlite_schema m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND p.name = 'contest_slug'`).all() as { name: string }[];
      const left: Record<string, number> = {};
      for (const { name } of tables) {
        const n = (db.prepare(`SELECT COUNT(*) AS n FROM "${name}" WHERE contest_slug = ?`).get(slug) as { n: number }).n;
        if (n) left[name] = n;
      }
      return left;
    },
    audit: async () => parsed(db.prepare(`SELECT action, target, detail FROM audit_log WHERE action = 'contest.delete' ORDER BY id`).all() as never),
  };
};

const postgres = async (): Promise<Fixture> => {
  const { store } = await seededPostgresStore(database!.pool);
  const pool = database!.pool;
  return {
    store,
    leftOf: async (slug) => {
      const tables = (await pool.query(`SELECT table_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'contest_slug'`)).rows;
      const left: Record<string, number> = {};
      for (const { name } of tables) {
        const n = Number((await pool.query(`SELECT COUNT(*) AS n FROM "${name}" WHERE contest_slug = $1`, [slug])).rows[0].n);
        if (n) left[name] = n;
      }
      return left;
    },
    audit: async () => parsed((await pool.query(`SELECT action, target, detail FROM audit_log WHERE action = 'contest.delete' ORDER BY id`)).rows),
  };
};

const outcomes: Record<string, unknown> = {};

describe.each([
  ['SQLite', sqlite],
  ['PostgreSQL', postgres],
] as const)('contest deletion on %s', (name, open) => {
  it('deletes a rehearsal with its units, exclusions, registrations and sessions, audited; never a contest with an attempt', async () => {
    const { store, leftOf, audit } = await open();
    const demo = (await store.contests.contest(OPEN))!;
    expect(await store.setup.saveContest({ ...demo, slug: SLUG, title: 'Diễn tập 2027', rounds: [] }, BY)).toMatchObject({ kind: 'saved', created: true });
    const unit = { id: 'tp-thai-binh', name: 'Thành phố Thái Bình', parentId: null, kind: null, headcount: null, competes: null };
    expect(await store.setup.replaceUnits(SLUG, BY, body({ units: [unit] }))).toMatchObject({ kind: 'replaced' });
    await store.setup.replaceExclusions(SLUG, BY, body({ idNumbers: ['034090999999'], phones: ['0912999999'] }));
    const registered = await store.contestants.register(SLUG, body(person(1)), client);
    expect(registered.kind).toBe('registered');

    const deleted = await store.setup.deleteContest(SLUG, BY);
    if (deleted.kind !== 'deleted') throw new Error(`not deleted: ${JSON.stringify(deleted)}`);
    expect(deleted.contest).toMatchObject({ slug: SLUG, title: 'Diễn tập 2027' });
    expect(deleted.removed).toMatchObject({ contests: 1, units: 1, exclusions: 2, contestants: 1, contestant_tokens: 1 });
    expect(await store.contests.contest(SLUG)).toBeNull();
    expect(await leftOf(SLUG)).toEqual({});
    expect(await store.setup.deleteContest(SLUG, BY)).toEqual({ kind: 'notFound', what: 'contest' });
    // The slug is free again.
    expect(await store.setup.saveContest({ ...demo, slug: SLUG, title: 'Lại từ đầu', rounds: [] }, BY)).toMatchObject({ kind: 'saved', created: true });

    // The demo contest, once someone has started an attempt, stays.
    const player = await store.contestants.register(OPEN, body(person(2)), client);
    if (player.kind !== 'registered') throw new Error('registration refused');
    expect((await store.attempts.start(player.contestant, OPEN, body(undefined), client)).kind).toBe('started');
    expect(await store.setup.deleteContest(OPEN, BY)).toMatchObject({ kind: 'hasAttempts', contest: { slug: OPEN } });
    expect(await store.contests.contest(OPEN)).not.toBeNull();

    expect((await audit()).map((e) => [e.action, e.target, e.detail])).toEqual([['contest.delete', SLUG, { before: deleted.contest, removed: deleted.removed }]]);
    const { contests, units, exclusions, contestants, contestant_tokens } = deleted.removed;
    outcomes[name] = { contests, units, exclusions, contestants, contestant_tokens };
  });
});

describe('contest deletion on both stores', () => {
  it('removes the same registration rows on both', () => {
    expect(Object.keys(outcomes)).toEqual(['SQLite', 'PostgreSQL']);
    expect(outcomes.PostgreSQL).toEqual(outcomes.SQLite);
  });
});
