import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInKey } from '../src/db/sessions.js';
import { postgresStore } from '../src/store/postgres/index.js';
import { createPool } from '../src/store/postgres/pool.js';
import type { Client, Contestant, PortableStore } from '../src/store/store.js';
import { freshPostgresDatabase, type FreshDatabase } from './postgres.js';
import { resetAndSeed, seededPostgresStore, seededSqliteStore, STORE_CONFIG } from './postgres-store.js';
import { CLOSED, OPEN, person, seededRandom, type TestClock } from './support.js';

/**
 * The organisers' remedies for a contestant's account through the store (decision 0043) on both
 * stores: a registration released (attempts voided and no longer counted, sessions ended, sign-in
 * failures cleared, the ID number free again) and a phone changed; the same outcomes, figures and
 * audit entries on both. Then, on PostgreSQL, a release meeting the same person's submit or sign-in
 * on another node.
 */
type Stores = Pick<PortableStore, 'contestants' | 'attempts' | 'contestantAccounts' | 'stats' | 'setup'>;
interface Fixture {
  store: Stores;
  clock: TestClock;
  audit(): Promise<{ actor: string; action: string; target: string; detail: unknown }[]>;
}

const client: Client = { ip: '203.0.113.41', userAgent: 'store-contestant-accounts-test', origin: undefined };
const body =
  <T>(value: T) =>
  async () =>
    value;
const parsed = (rows: { actor: string; action: string; target: string; detail: string | null }[]) =>
  rows.map((e) => ({ ...e, detail: e.detail === null ? null : JSON.parse(e.detail) }));
const REASON = 'Người khác đã dùng số định danh của chị Lan, đã đối chiếu CCCD';

let database: FreshDatabase | undefined;
beforeAll(async () => {
  database = await freshPostgresDatabase('contestant_accounts');
});
afterAll(async () => {
  await database?.drop();
});

const sqlite = async (): Promise<Fixture> => {
  const { store, clock, db } = seededSqliteStore();
  return {
    store,
    clock,
    audit: async () => parsed(db.prepare(`SELECT actor, action, target, detail FROM audit_log WHERE action LIKE 'contestant.%' ORDER BY id`).all() as never),
  };
};

const postgres = async (): Promise<Fixture> => {
  const { store, clock } = await seededPostgresStore(database!.pool);
  return {
    store,
    clock,
    audit: async () => parsed((await database!.pool.query(`SELECT actor, action, target, detail FROM audit_log WHERE action LIKE 'contestant.%' ORDER BY id`)).rows),
  };
};

async function registered(store: Pick<Stores, 'contestants'>, n: number): Promise<{ contestant: Contestant; token: string }> {
  const outcome = await store.contestants.register(OPEN, body(person(n)), client);
  if (outcome.kind !== 'registered') throw new Error(`registration refused: ${JSON.stringify(outcome)}`);
  return outcome;
}

/** Starts an attempt of `contestant`; answers its id. */
async function started(store: Pick<Stores, 'attempts'>, contestant: Contestant): Promise<string> {
  const outcome = await store.attempts.start(contestant, OPEN, body(undefined), client);
  if (outcome.kind !== 'started') throw new Error(`start refused: ${JSON.stringify(outcome)}`);
  return outcome.attempt.id;
}

async function totals(store: Pick<Stores, 'stats'>) {
  const stats = await store.stats.contest(OPEN);
  if (stats.kind !== 'stats') throw new Error('contest missing');
  return stats.stats.totals;
}

const outcomes: Record<string, unknown[]> = {};

describe.each([
  ['SQLite', sqlite],
  ['PostgreSQL', postgres],
] as const)('contestant accounts on %s', (name, open) => {
  it('releases a registration once: attempts voided and no longer counted, sessions ended, failures cleared, the ID number free again', async () => {
    const { store, clock, audit } = await open();
    const { contestant, token } = await registered(store, 1);
    const { idNumber, phone, birthDate } = person(1);
    const attemptId = await started(store, contestant);
    clock.advance(3 * 60_000);
    const submitted = await store.attempts.submit(contestant.id, attemptId, body({ answers: {}, prediction: 10 }));
    expect(submitted.kind).toBe('submitted');
    const second = await store.contestants.signIn(OPEN, body({ idNumber, phone, birthDate }));
    expect(second.kind).toBe('signedIn');
    expect(await store.contestants.signIn(OPEN, body({ idNumber, phone, birthDate: '1999-12-31' }))).toMatchObject({ kind: 'mismatch', failures: 1 });
    expect((await totals(store)).participants).toBe(1);

    const released = await store.contestantAccounts.release(OPEN, contestant.id, REASON, 'Ban Tổ chức');
    expect(released).toEqual({ kind: 'released', releasedAt: clock.now().toISOString(), voidedAttempts: 1, endedSessions: 2 });
    expect(await store.contestants.byToken(token)).toBeNull();
    const after = await totals(store);
    expect(after).toMatchObject({ participants: 0, attempts: 0, voided: 1 });
    expect(await store.contestantAccounts.release(OPEN, contestant.id, REASON, 'Ban Tổ chức')).toEqual({ kind: 'alreadyReleased' });
    expect(await store.contestantAccounts.release(OPEN, 'khong-co', REASON, 'Ban Tổ chức')).toEqual({ kind: 'notFound', what: 'contestant' });
    expect(await store.contestantAccounts.release(CLOSED, contestant.id, REASON, 'Ban Tổ chức')).toEqual({ kind: 'notFound', what: 'contestant' });
    // A released registration's phone stays as it was.
    expect(await store.contestantAccounts.changePhone(OPEN, contestant.id, '0987654321', 'x', 'Ban Tổ chức')).toEqual({ kind: 'released' });

    // The rightful owner starts afresh: their failures were cleared, their ID number registers again.
    expect(await store.contestants.signIn(OPEN, body({ idNumber, phone, birthDate: '1999-12-31' }))).toMatchObject({ kind: 'mismatch', failures: 1 });
    const owner = await registered(store, 1);
    expect(owner.contestant.id).not.toBe(contestant.id);

    expect((await audit()).map((e) => [e.actor, e.action, e.target, e.detail])).toEqual([
      ['Ban Tổ chức', 'contestant.release', contestant.id, { reason: REASON, idNumberHash: signInKey(OPEN, idNumber), voidedAttempts: 1, endedSessions: 2 }],
    ]);
    outcomes[name] = [released, after];
  });

  it('changes a phone once checked: not to the same number, not to an excluded one, only in its contest; audited masked', async () => {
    const { store, audit } = await open();
    const { contestant } = await registered(store, 2);
    const { idNumber, birthDate } = person(2);
    await store.setup.replaceExclusions(OPEN, 'Ban Tổ chức', body({ idNumbers: [], phones: ['0933333333'] }));

    expect(await store.contestantAccounts.changePhone(OPEN, contestant.id, person(2).phone, 'x', 'Ban Tổ chức')).toEqual({ kind: 'same' });
    expect(await store.contestantAccounts.changePhone(OPEN, contestant.id, '0933333333', 'x', 'Ban Tổ chức')).toEqual({ kind: 'excluded' });
    expect(await store.contestantAccounts.changePhone(OPEN, 'khong-co', '0987654321', 'x', 'Ban Tổ chức')).toEqual({ kind: 'notFound', what: 'contestant' });
    expect(await store.contestantAccounts.changePhone(CLOSED, contestant.id, '0987654321', 'x', 'Ban Tổ chức')).toEqual({ kind: 'notFound', what: 'contestant' });
    const changed = await store.contestantAccounts.changePhone(OPEN, contestant.id, '0987654321', 'Mất SIM, đã đối chiếu CCCD', 'Ban Tổ chức');
    expect(changed).toEqual({ kind: 'changed', before: person(2).phone });
    expect(await store.contestants.signIn(OPEN, body({ idNumber, phone: '0987654321', birthDate }))).toMatchObject({ kind: 'signedIn' });
    expect(await store.contestants.signIn(OPEN, body({ idNumber, phone: person(2).phone, birthDate }))).toMatchObject({ kind: 'mismatch' });

    expect((await audit()).map((e) => [e.actor, e.action, e.target, e.detail])).toEqual([
      ['Ban Tổ chức', 'contestant.phone', contestant.id, { reason: 'Mất SIM, đã đối chiếu CCCD', phoneBefore: '0912****02', phoneAfter: '0987****21' }],
    ]);
    outcomes[name]!.push(changed);
  });
});

describe('contestant accounts on both stores', () => {
  it('the same journeys give the same outcomes and figures on both', () => {
    expect(Object.keys(outcomes)).toEqual(['SQLite', 'PostgreSQL']);
    const { releasedAt: _, ...released } = outcomes.SQLite![0] as { releasedAt: string };
    expect(outcomes.PostgreSQL).toEqual([{ ...released, releasedAt: expect.any(String) }, ...outcomes.SQLite!.slice(1)]);
  });
});

describe('contestant accounts on several PostgreSQL nodes', () => {
  const NODES = 2;
  let pools: ReturnType<typeof createPool>[] = [];
  let nodes: PortableStore[] = [];
  let clock: TestClock;
  beforeAll(async () => {
    clock = (await seededPostgresStore(database!.pool)).clock;
    pools = Array.from({ length: NODES }, (_, i) => createPool({ url: database!.url, poolSize: 2, applicationName: `support node ${i}` }));
    nodes = pools.map((pool, i) => postgresStore({ pool, clock: clock.now, random: seededRandom(i + 1), config: STORE_CONFIG }));
  });
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
  });

  const count = async (sql: string, values: unknown[] = []) => Number((await database!.pool.query<{ n: number }>(sql, values)).rows[0]!.n);

  /**
   * Runs the calls `run` starts with `contestants` locked from another connection, and lets them go
   * once `waiting` backends wait on a lock, so they meet inside their transactions.
   */
  async function together<A, B>(waiting: number, run: () => [Promise<A>, Promise<B>]): Promise<[A, B]> {
    const gate = await database!.pool.connect();
    try {
      await gate.query('BEGIN');
      await gate.query('LOCK TABLE contestants IN ACCESS EXCLUSIVE MODE');
      let settled = 0;
      const [first, second] = run().map((call: Promise<unknown>) => call.finally(() => settled++)) as [Promise<A>, Promise<B>];
      const waiters = () =>
        count(`SELECT COUNT(DISTINCT l.pid) AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE NOT l.granted AND a.datname = current_database()`);
      while (settled === 0 && (await waiters()) < waiting) await new Promise((resolve) => setTimeout(resolve, 5));
      await gate.query('COMMIT');
      return await Promise.all([first, second]);
    } finally {
      gate.release();
    }
  }

  it('a release meeting the same person’s submit on another node: either way the attempt ends submitted, voided and counted nowhere', async () => {
    await resetAndSeed(database!.pool, clock.now());
    const [a, b] = nodes as [PortableStore, PortableStore];
    for (let n = 1; n <= 4; n++) {
      const { contestant } = await registered(a, n);
      const attemptId = await started(a, contestant);
      // The two nodes take turns at being the one released from.
      const [releasing, submitting] = n % 2 === 0 ? [a, b] : [b, a];
      const [released, submitted] = await together(2, () => [
        releasing.contestantAccounts.release(OPEN, contestant.id, REASON, 'Ban Tổ chức'),
        submitting.attempts.submit(contestant.id, attemptId, body({ answers: {}, prediction: 10 })),
      ]);
      expect(released).toMatchObject({ kind: 'released', voidedAttempts: 1 });
      expect(['submitted', 'received']).toContain(submitted.kind);
      const stored = await database!.pool.query('SELECT status, voided_at AS "voidedAt", void_reason AS "voidReason" FROM attempts WHERE id = $1', [attemptId]);
      expect(stored.rows).toEqual([{ status: 'submitted', voidedAt: expect.any(String), voidReason: REASON }]);
    }
    expect(await count('SELECT COUNT(*) AS n FROM standings')).toBe(0);
    expect(await totals(a)).toMatchObject({ participants: 0, attempts: 0, inProgress: 0, voided: 4 });
    expect(await count(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'contestant.release'`)).toBe(4);
  });

  it('a release meeting a sign-in of the same ID number on another node leaves no session of the released registration', async () => {
    await resetAndSeed(database!.pool, clock.now());
    const [a, b] = nodes as [PortableStore, PortableStore];
    for (let n = 1; n <= 4; n++) {
      const { contestant } = await registered(a, n);
      const { idNumber, phone, birthDate } = person(n);
      const [releasing, signing] = n % 2 === 0 ? [a, b] : [b, a];
      const [released, signedIn] = await together(2, () => [
        releasing.contestantAccounts.release(OPEN, contestant.id, REASON, 'Ban Tổ chức'),
        signing.contestants.signIn(OPEN, body({ idNumber, phone, birthDate })),
      ]);
      // The registration's own token, and the sign-in's if it came first, are ended by the release.
      expect(released).toEqual({ kind: 'released', releasedAt: expect.any(String), voidedAttempts: 0, endedSessions: signedIn.kind === 'signedIn' ? 2 : 1 });
      expect(['signedIn', 'mismatch']).toContain(signedIn.kind);
      expect(await count('SELECT COUNT(*) AS n FROM contestant_tokens WHERE contestant_id = $1', [contestant.id])).toBe(0);
    }
  });
});
