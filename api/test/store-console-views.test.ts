import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optionIdAt } from '../src/domain/option-ids.js';
import { postgresStore } from '../src/store/postgres/index.js';
import type { Client, Contestant, Store } from '../src/store/store.js';
import { freshPostgresDatabase, type FreshDatabase } from './postgres.js';
import { resetAndSeed, seededSqliteStore, STORE_CONFIG, STORE_START } from './postgres-store.js';
import { OPEN, person, seededRandom, TestClock } from './support.js';

/**
 * The console's ranking view through the store on both stores: the head of the overall ranking,
 * exact, an attempt left open past its deadline counted once finalised, a voided attempt left out;
 * and the organisers' report: the results computed while none are published, then the published
 * ones, with the participation figures and units; the same places, figures and names on both.
 */
type Stores = Pick<Store, 'contestants' | 'attempts' | 'corrections' | 'consoleViews' | 'results'>;
interface Fixture {
  store: Stores;
  clock: TestClock;
}

const client: Client = { ip: '203.0.113.41', userAgent: 'store-console-views-test', origin: undefined };
const body =
  <T>(value: T) =>
  async () =>
    value;

let database: FreshDatabase | undefined;
beforeAll(async () => {
  database = await freshPostgresDatabase('console_views');
});
afterAll(async () => {
  await database?.drop();
});

const sqlite = async (): Promise<Fixture> => {
  const { store, clock } = seededSqliteStore();
  return { store, clock };
};

const postgres = async (): Promise<Fixture> => {
  const clock = new TestClock(STORE_START);
  await resetAndSeed(database!.pool, clock.now());
  return { store: postgresStore({ pool: database!.pool, clock: clock.now, random: seededRandom(), config: STORE_CONFIG }), clock };
};

async function register(fixture: Fixture, n: number, fullName: string): Promise<Contestant> {
  const registered = await fixture.store.contestants.register(OPEN, body(person(n, { fullName })), client);
  if (registered.kind !== 'registered') throw new Error(`registration refused: ${JSON.stringify(registered)}`);
  return registered.contestant;
}

/** Starts an attempt and answers the first `right` drawn questions right, the rest wrong; submits after `minutes` unless `submit` is false. */
async function play(fixture: Fixture, contestant: Contestant, right: number, minutes: number, prediction: number, submit = true): Promise<string> {
  const { store, clock } = fixture;
  const started = await store.attempts.start(contestant, OPEN, body(undefined), client);
  if (started.kind !== 'started') throw new Error(`start refused: ${JSON.stringify(started)}`);
  const answers = Object.fromEntries(
    started.questions.map((q, k) => [q.questionId, optionIdAt(q.optionOrder.indexOf(k < right ? q.answer : (q.answer + 1) % q.options.length))]),
  );
  if (!submit) {
    const saved = await store.attempts.save(contestant.id, started.attempt.id, body({ answers }));
    if (saved.kind !== 'saved') throw new Error(`save refused: ${JSON.stringify(saved)}`);
    return started.attempt.id;
  }
  clock.advance(minutes * 60_000);
  const submitted = await store.attempts.submit(contestant.id, started.attempt.id, body({ answers, prediction }));
  if (submitted.kind !== 'submitted') throw new Error(`submit refused: ${JSON.stringify(submitted)}`);
  return started.attempt.id;
}

const outcomes: Record<string, unknown> = {};

describe.each([
  ['SQLite', sqlite],
  ['PostgreSQL', postgres],
] as const)('the console ranking on %s', (name, open) => {
  it('the head of the ranking in rank order; an overdue attempt finalised and counted, a voided one left out', async () => {
    const fixture = await open();
    const { store, clock } = fixture;
    const names = new Map<string, string>();
    const people = [
      ['Lê Thị Mai', 18, 6, 3],
      ['Vũ Đức Thắng', 18, 5, 4],
      ['Đỗ Minh Châu', 20, 9, 2],
      ['Bùi Văn Hùng', 12, 4, 5],
    ] as const;
    for (const [i, [fullName, right, minutes, prediction]] of people.entries()) {
      const contestant = await register(fixture, 10 + i, fullName);
      names.set(contestant.id, fullName);
      names.set(await play(fixture, contestant, right, minutes, prediction), `${fullName}'s attempt`);
    }
    // One leaves an attempt open with 15 right; it is finalised at its deadline, then counted.
    const late = await register(fixture, 20, 'Hoàng Thu Trang');
    names.set(late.id, 'Hoàng Thu Trang');
    names.set(await play(fixture, late, 15, 0, 0, false), "Hoàng Thu Trang's attempt");
    clock.advance(16 * 60_000);

    const read = await store.consoleViews.ranking(OPEN, 100);
    if (read.kind !== 'ranking') throw new Error('contest missing');
    expect(read.contest.slug).toBe(OPEN);
    expect(read.participants).toBe(5);
    expect(read.entries.map((e) => [e.rank, e.fullName, e.score])).toEqual([
      [1, 'Đỗ Minh Châu', 20],
      [2, 'Vũ Đức Thắng', 18],
      [3, 'Lê Thị Mai', 18],
      [4, 'Hoàng Thu Trang', 15],
      [5, 'Bùi Văn Hùng', 12],
    ]);
    const head = await store.consoleViews.ranking(OPEN, 2);
    if (head.kind !== 'ranking') throw new Error('contest missing');
    expect(head.entries).toEqual(read.entries.slice(0, 2));

    // The first place's attempt voided: they leave the ranking.
    const voided = await store.corrections.voidAttempt(read.entries[0]!.attemptId, 'Lỗi được xác minh', 'Ban Tổ chức');
    expect('kind' in voided).toBe(false);
    const after = await store.consoleViews.ranking(OPEN, 100);
    if (after.kind !== 'ranking') throw new Error('contest missing');
    expect(after.participants).toBe(4);
    expect(after.entries.map((e) => [e.rank, e.fullName])).toEqual([
      [1, 'Vũ Đức Thắng'],
      [2, 'Lê Thị Mai'],
      [3, 'Hoàng Thu Trang'],
      [4, 'Bùi Văn Hùng'],
    ]);
    expect(await store.consoleViews.ranking('khong-co', 10)).toEqual({ kind: 'notFound', what: 'contest' });
    const named = (value: unknown) => JSON.parse(JSON.stringify(value, (_, v) => (typeof v === 'string' ? (names.get(v) ?? v) : v)));
    outcomes[name] = named({ read: { ...read, contest: undefined }, after: { ...after, contest: undefined } });
  });
});

const reports: Record<string, unknown> = {};

describe.each([
  ['SQLite', sqlite],
  ['PostgreSQL', postgres],
] as const)('the report on %s', (name, open) => {
  it('reads the computed results while none are published, then the published ones, with the figures and units', async () => {
    const fixture = await open();
    const { store, clock } = fixture;
    const names = new Map<string, string>();
    for (const [i, [fullName, right]] of (
      [
        ['Lê Thị Mai', 18],
        ['Vũ Đức Thắng', 19],
        ['Đỗ Minh Châu', 20],
      ] as const
    ).entries()) {
      const contestant = await register(fixture, 30 + i, fullName);
      names.set(contestant.id, fullName);
      names.set(await play(fixture, contestant, right, 5, 3), `${fullName}'s attempt`);
    }
    const computed = await store.consoleViews.report(OPEN);
    if (computed.kind !== 'report') throw new Error('contest missing');
    expect(computed.published).toBeNull();
    expect(computed.contest.slug).toBe(OPEN);
    expect(computed.stats.totals).toMatchObject({ registered: 3, participants: 3, attempts: 3 });
    expect(computed.results.individual.slice(0, 3).map((w) => w.name)).toEqual(['Đỗ Minh Châu', 'Vũ Đức Thắng', 'Lê Thị Mai']);
    expect(computed.units.length).toBeGreaterThan(0);
    expect(computed.unitCounts).toEqual([expect.objectContaining({ unitId: 'tp-thai-binh', participants: 3, attempts: 3 })]);

    clock.advance(60_000);
    const publication = await store.results.compute(OPEN, null, { publish: true, replace: false, acknowledgeFlags: true, by: 'Ban Tổ chức' });
    expect(publication.kind).toBe('published');
    const published = await store.consoleViews.report(OPEN);
    if (published.kind !== 'report') throw new Error('contest missing');
    expect(published.published?.publishedAt).toBe(clock.now().toISOString());
    expect(published.results).toEqual(published.published?.payload);
    expect(await store.consoleViews.report('khong-co')).toEqual({ kind: 'notFound', what: 'contest' });
    const named = (value: unknown) => JSON.parse(JSON.stringify(value, (_, v) => (typeof v === 'string' ? (names.get(v) ?? v) : v)));
    reports[name] = named({ computed: { ...computed, contest: undefined }, published: { ...published, contest: undefined } });
  });
});

describe('the report on both stores', () => {
  it('the same journeys give the same results, figures and units on both', () => {
    expect(Object.keys(reports)).toEqual(['SQLite', 'PostgreSQL']);
    expect(reports.PostgreSQL).toEqual(reports.SQLite);
  });
});

describe('the console ranking on both stores', () => {
  it('the same journeys give the same places, figures and names on both', () => {
    expect(Object.keys(outcomes)).toEqual(['SQLite', 'PostgreSQL']);
    expect(outcomes.PostgreSQL).toEqual(outcomes.SQLite);
  });
});
