import type pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getContest, saveContest } from '../src/db/contests.js';
import type { Db } from '../src/db/connection.js';
import { FIRST_BACKOFF_MS, type WebhookEvent } from '../src/domain/webhooks.js';
import type { Round } from '../src/domain/rounds.js';
import { seedDemoContests } from '../src/seed/demo.js';
import { postgresStore } from '../src/store/postgres/index.js';
import { createPool } from '../src/store/postgres/pool.js';
import type { Client, Store } from '../src/store/store.js';
import { deliverDueWebhooks } from '../src/webhooks/delivery.js';
import { freshPostgresDatabase, type FreshDatabase } from './postgres.js';
import { resetAndSeed, seededSqliteStore, STORE_CONFIG, STORE_START } from './postgres-store.js';
import { freshDatabase, OPEN, person, seededRandom, TestClock } from './support.js';
import { startReceiver, type Receiver } from './webhooks-support.js';

/**
 * Webhooks through the store (decision 0040, 0043) on both stores: the console's endpoints and
 * delivery log, the outbox a worker sends (claims, tries, disabling, round closures), with the same
 * answers, rows and audit entries; then workers on several PostgreSQL nodes sending one outbox.
 */
type Stores = Pick<Store, 'contestants' | 'attempts' | 'webhooks'>;
interface Fixture {
  store: Stores;
  clock: TestClock;
  audit(): Promise<{ actor: string; action: string; target: string; detail: unknown }[]>;
  setRounds(rounds: Round[]): Promise<void>;
}

const START = STORE_START;
const DAY = 86_400_000;
const client: Client = { ip: '203.0.113.21', userAgent: 'store-webhooks-test', origin: 'https://baothaibinh.com.vn' };
const body =
  <T>(value: T) =>
  async () =>
    value;

let database: FreshDatabase | undefined;
beforeAll(async () => {
  database = await freshPostgresDatabase('webhooks');
});
afterAll(async () => {
  await database?.drop();
});
const receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

const parsed = (rows: { actor: string; action: string; target: string; detail: string | null }[]) =>
  rows.map((e) => ({ ...e, detail: e.detail === null ? null : JSON.parse(e.detail) }));

const sqlite = async (): Promise<Fixture> => {
  const { store, clock, db } = seededSqliteStore();
  return {
    store,
    clock,
    audit: async () => parsed(db.prepare('SELECT actor, action, target, detail FROM audit_log ORDER BY id').all() as never),
    setRounds: async (rounds) => {
      saveContest(db, { ...getContest(db, OPEN)!, rounds }, START);
    },
  };
};

/** Rounds are set on a seeded SQLite twin and its contest row copied (the same columns). */
async function copyContestRow(pool: pg.Pool, twin: Db): Promise<void> {
  const row = twin.prepare('SELECT * FROM contests WHERE slug = ?').get(OPEN) as Record<string, unknown>;
  const columns = Object.keys(row).filter((column) => column !== 'slug');
  await pool.query(`UPDATE contests SET ${columns.map((c, i) => `${c} = $${i + 1}`).join(', ')} WHERE slug = $${columns.length + 1}`, [...columns.map((c) => row[c]), OPEN]);
}

const postgres = async (): Promise<Fixture> => {
  const clock = new TestClock(START);
  await resetAndSeed(database!.pool, clock.now());
  const twin = freshDatabase();
  seedDemoContests(twin, clock.now());
  return {
    store: postgresStore({ pool: database!.pool, clock: clock.now, random: seededRandom(), config: STORE_CONFIG }),
    clock,
    audit: async () => parsed((await database!.pool.query('SELECT actor, action, target, detail FROM audit_log ORDER BY id')).rows),
    async setRounds(rounds) {
      saveContest(twin, { ...getContest(twin, OPEN)!, rounds }, START);
      await copyContestRow(database!.pool, twin);
    },
  };
};

const EVENTS: WebhookEvent[] = ['contestant.registered', 'round.closed'];

async function registered(store: Stores, n: number) {
  const outcome = await store.contestants.register(OPEN, body(person(n)), client);
  if (outcome.kind !== 'registered') throw new Error(`registration refused: ${JSON.stringify(outcome)}`);
  return outcome.contestant;
}

describe.each([
  ['SQLite', sqlite],
  ['PostgreSQL', postgres],
] as const)('webhooks on %s', (_name, open) => {
  it('registers, lists and deletes endpoints with their audit entries, at most `max` per contest', async () => {
    const { store, clock, audit } = await open();
    const first = await store.webhooks.create(OPEN, { id: 'hook-1', url: 'https://baothaibinh.com.vn/hook', events: EVENTS, secret: 'whsec_one' }, 2, 'Ban Tổ chức');
    clock.advance(1000);
    await store.webhooks.create(OPEN, { id: 'hook-2', url: 'https://truyenhinh.example.vn/hook', events: ['attempt.submitted'], secret: 'whsec_two' }, 2, 'Ban Tổ chức');
    expect(await store.webhooks.create(OPEN, { id: 'hook-3', url: 'https://c.example.vn/hook', events: EVENTS, secret: 'whsec_three' }, 2, 'Ban Tổ chức')).toEqual({
      kind: 'tooMany',
    });
    expect(first).toEqual({
      id: 'hook-1',
      url: 'https://baothaibinh.com.vn/hook',
      events: EVENTS,
      createdAt: START.toISOString(),
      createdBy: 'Ban Tổ chức',
      disabledAt: null,
      consecutiveFailures: 0,
      pending: 0,
    });
    expect((await store.webhooks.list(OPEN)).map((e) => e.id)).toEqual(['hook-1', 'hook-2']);
    expect(JSON.stringify(await store.webhooks.list(OPEN))).not.toContain('whsec_');

    expect(await store.webhooks.remove(OPEN, 'hook-2', 'Ban Tổ chức')).toMatchObject({ id: 'hook-2' });
    expect(await store.webhooks.remove(OPEN, 'hook-2', 'Ban Tổ chức')).toEqual({ kind: 'notFound', what: 'webhook' });
    // Another contest's endpoint is not this contest's.
    expect(await store.webhooks.deliveries('thai-binh-2023', 'hook-1', 10)).toEqual({ kind: 'notFound', what: 'webhook' });
    expect((await audit()).map((e) => [e.action, e.target, e.detail])).toEqual([
      ['webhook.create', OPEN, { id: 'hook-1', host: 'baothaibinh.com.vn', events: EVENTS }],
      ['webhook.create', OPEN, { id: 'hook-2', host: 'truyenhinh.example.vn', events: ['attempt.submitted'] }],
      ['webhook.delete', OPEN, { id: 'hook-2', host: 'truyenhinh.example.vn' }],
    ]);
  });

  it('claims a due delivery once per lease, records a failed try with its back-off, then the delivery; "Gửi lại" sends it again', async () => {
    const { store, clock, audit } = await open();
    await store.webhooks.create(OPEN, { id: 'hook-1', url: 'https://baothaibinh.com.vn/hook', events: EVENTS, secret: 'whsec_one' }, 20, 'Ban Tổ chức');
    const contestant = await registered(store, 1);
    const outbox = store.webhooks.outbox;
    expect(await outbox.anyDue(clock.now())).toBe(true);
    const [claimed, ...more] = await outbox.claimDue(clock.now(), 40_000, 10);
    expect(more).toEqual([]);
    expect(claimed).toMatchObject({ endpointId: 'hook-1', contestSlug: OPEN, url: 'https://baothaibinh.com.vn/hook', secret: 'whsec_one', type: 'contestant.registered', tries: 0 });
    expect(JSON.parse(claimed!.body)).toMatchObject({ type: 'contestant.registered', contest: { slug: OPEN }, data: { contestantId: contestant.id, source: 'baothaibinh.com.vn' } });
    // Leased: nobody else takes it, and the idle check sees nothing due.
    expect(await outbox.claimDue(clock.now(), 40_000, 10)).toEqual([]);
    expect(await outbox.anyDue(clock.now())).toBe(false);

    expect(await outbox.recordTry(claimed!, { ok: false, status: 500, error: 'Nơi nhận trả mã 500' }, clock.now(), 0.5)).toEqual({ disabled: false });
    let [log] = (await store.webhooks.deliveries(OPEN, 'hook-1', 10)) as { status: string; tries: number; nextTryAt: string | null; lastStatus: number | null }[];
    expect(log).toMatchObject({ status: 'pending', tries: 1, lastStatus: 500 });
    expect(Date.parse(log!.nextTryAt!) - clock.now().getTime()).toBe(FIRST_BACKOFF_MS);
    expect((await store.webhooks.list(OPEN))[0]).toMatchObject({ consecutiveFailures: 1, pending: 1 });
    clock.advance(FIRST_BACKOFF_MS);
    const [again] = await outbox.claimDue(clock.now(), 40_000, 10);
    expect(again).toMatchObject({ id: claimed!.id, tries: 1 });
    await outbox.recordTry(again!, { ok: true, status: 200 }, clock.now(), 0.5);
    [log] = (await store.webhooks.deliveries(OPEN, 'hook-1', 10)) as typeof log[];
    expect(log).toMatchObject({ status: 'delivered', tries: 2, lastStatus: 200, nextTryAt: null });
    expect((await store.webhooks.list(OPEN))[0]).toMatchObject({ consecutiveFailures: 0, pending: 0 });

    expect(await store.webhooks.retry(OPEN, 'hook-1', claimed!.id, 'Ban Tổ chức')).toMatchObject({ id: claimed!.id, status: 'pending', deliveredAt: null });
    expect(await store.webhooks.retry(OPEN, 'hook-1', 'khong-co', 'Ban Tổ chức')).toEqual({ kind: 'notFound', what: 'delivery' });
    expect(await outbox.claimDue(clock.now(), 40_000, 10)).toHaveLength(1);
    expect((await audit()).map((e) => e.action)).toEqual(['webhook.create', 'webhook.retry']);

    // Delivered deliveries older than the log's keep are forgotten; pending ones never.
    expect(await outbox.prune(new Date(clock.now().getTime() + DAY))).toBe(0);
  });

  it('announces each closed round once, with its counts, whichever worker asks again', async () => {
    const { store, clock, setRounds } = await open();
    await store.webhooks.create(OPEN, { id: 'hook-1', url: 'https://baothaibinh.com.vn/hook', events: ['round.closed'], secret: 'whsec_one' }, 20, 'Ban Tổ chức');
    await setRounds(ROUNDS);
    const contestant = await registered(store, 1);
    const started = await store.attempts.start(contestant, OPEN, body(undefined), client);
    if (started.kind !== 'started') throw new Error(`start refused: ${JSON.stringify(started)}`);
    const submitted = await store.attempts.submit(contestant.id, started.attempt.id, body({ answers: {}, prediction: 1000 }));
    expect(submitted.kind).toBe('submitted');
    const outbox = store.webhooks.outbox;
    expect(await outbox.announceClosedRounds(clock.now())).toBe(0);
    clock.advance(DAY);
    expect(await outbox.announceClosedRounds(clock.now())).toBe(1);
    expect(await outbox.announceClosedRounds(clock.now())).toBe(0);
    const claimed = await outbox.claimDue(clock.now(), 40_000, 10);
    expect(claimed.map((d) => JSON.parse(d.body))).toEqual([
      expect.objectContaining({
        type: 'round.closed',
        data: { round: { id: 'v1', title: 'Vòng 1', number: 1, startsAt: ROUNDS[0]!.startsAt, endsAt: ROUNDS[0]!.endsAt }, participants: 1, attempts: 1 },
      }),
    ]);
    clock.advance(2 * DAY);
    expect(await outbox.announceClosedRounds(clock.now())).toBe(1);
  });
});

const ROUNDS: Round[] = [
  { id: 'v1', title: 'Vòng 1', startsAt: new Date(START.getTime() - DAY).toISOString(), endsAt: new Date(START.getTime() + DAY).toISOString(), questionsPerAttempt: null, maxAttempts: null, prizes: null },
  { id: 'v2', title: 'Vòng 2', startsAt: new Date(START.getTime() + DAY).toISOString(), endsAt: new Date(START.getTime() + 3 * DAY).toISOString(), questionsPerAttempt: null, maxAttempts: null, prizes: null },
];

describe('webhooks on several PostgreSQL nodes', () => {
  it('workers on three nodes sending one outbox at once send every delivery exactly once', async () => {
    const { store, clock } = await postgres();
    const host = await startReceiver();
    receivers.push(host);
    await store.webhooks.create(OPEN, { id: 'hook-1', url: host.url, events: ['contestant.registered'], secret: 'whsec_one' }, 20, 'Ban Tổ chức');
    for (let n = 1; n <= 30; n++) await registered(store, n);
    const pools = [0, 1, 2].map((i) => createPool({ url: database!.url, poolSize: 2, applicationName: `webhook node ${i}` }));
    try {
      const outboxes = pools.map((pool, i) => postgresStore({ pool, clock: clock.now, random: seededRandom(i + 1), config: STORE_CONFIG }).webhooks.outbox);
      await Promise.all(pools.map((pool) => pool.query('SELECT 1')));
      // Small batches, so the three workers go round several times and take turns with the rows.
      const sent = async (outbox: (typeof outboxes)[number]) => {
        let total = 0;
        for (let tried = -1; tried !== 0; total += tried) tried = await deliverDueWebhooks({ outbox, clock: clock.now, batch: 4, random: () => 0.5 });
        return total;
      };
      const counts = await Promise.all(outboxes.map(sent));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(30);
      expect(host.received).toHaveLength(30);
      expect(new Set(host.received.map((r) => r.headers['x-de-an-06-delivery'])).size).toBe(30);
      const states = await database!.pool.query(`SELECT status, COUNT(*)::int AS n FROM webhook_deliveries GROUP BY status`);
      expect(states.rows).toEqual([{ status: 'delivered', n: 30 }]);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });
});
