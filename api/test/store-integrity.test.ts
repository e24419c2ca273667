import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntegrityReview } from '../src/contract/admin.js';
import { optionIdAt } from '../src/domain/option-ids.js';
import { postgresStore } from '../src/store/postgres/index.js';
import { createPool } from '../src/store/postgres/pool.js';
import type { Client, Store } from '../src/store/store.js';
import { freshPostgresDatabase, type FreshDatabase } from './postgres.js';
import { resetAndSeed, seededSqliteStore, STORE_CONFIG, STORE_START } from './postgres-store.js';
import { OPEN, person, seededRandom, TestClock } from './support.js';

/**
 * The jury's integrity review and the organisers' bulk void through the store (decisions 0020,
 * 0043) on both stores: a contest with honest people and a script attack in it (throw-away
 * registrations sharing one phone, one name and one network, 7 ms perfect attempts, submits that
 * answer nothing, identical answers across accounts, a score that jumps to perfect); the same
 * flags, counts, voids and audit entries on both.
 */
type Stores = Pick<Store, 'contestants' | 'attempts' | 'integrity' | 'stats'>;
interface Fixture {
  store: Stores;
  clock: TestClock;
  /** Leaves the contest's first 20 questions in use: every attempt draws them all, so answer patterns compare across accounts. */
  narrowBank(): Promise<void>;
  audit(): Promise<{ actor: string; action: string; target: string; detail: unknown }[]>;
}

const body =
  <T>(value: T) =>
  async () =>
    value;
const parsed = (rows: { actor: string; action: string; target: string; detail: string | null }[]) =>
  rows.map((e) => ({ ...e, detail: e.detail === null ? null : JSON.parse(e.detail) }));
const FIRST_TWENTY = `SELECT id FROM questions WHERE contest_slug = '${OPEN}' ORDER BY position LIMIT 20`;

let database: FreshDatabase | undefined;
beforeAll(async () => {
  database = await freshPostgresDatabase('integrity');
});
afterAll(async () => {
  await database?.drop();
});

const sqlite = async (): Promise<Fixture> => {
  const { store, clock, db } = seededSqliteStore();
  return {
    store,
    clock,
    narrowBank: async () =>
      void db.prepare(`UPDATE questions SET retired_at = ? WHERE contest_slug = ? AND id NOT IN (${FIRST_TWENTY})`).run(clock.now().toISOString(), OPEN),
    audit: async () => parsed(db.prepare('SELECT actor, action, target, detail FROM audit_log ORDER BY id').all() as never),
  };
};

const postgres = async (): Promise<Fixture> => {
  const clock = new TestClock(STORE_START);
  const pool = database!.pool;
  await resetAndSeed(pool, clock.now());
  return {
    store: postgresStore({ pool, clock: clock.now, random: seededRandom(), config: STORE_CONFIG }),
    clock,
    narrowBank: async () =>
      void (await pool.query(`UPDATE questions SET retired_at = $1 WHERE contest_slug = $2 AND id NOT IN (${FIRST_TWENTY})`, [clock.now().toISOString(), OPEN])),
    audit: async () => parsed((await pool.query('SELECT actor, action, target, detail FROM audit_log ORDER BY id')).rows),
  };
};

/** Names the store's ids by who they belong to, so both stores' answers compare. */
class Labels {
  readonly of = new Map<string, string>();
  name(id: string, label: string): string {
    this.of.set(id, label);
    return id;
  }
  /** `value` with every id named (strings anywhere inside). */
  apply<T>(value: T): T {
    return JSON.parse(JSON.stringify(value, (_, v) => (typeof v === 'string' ? (this.of.get(v) ?? v) : v))) as T;
  }
}

interface Person {
  id: string;
  label: string;
  contestant: Parameters<Stores['attempts']['start']>[0];
}

async function register(fixture: Fixture, labels: Labels, n: number, label: string, ip: string, overrides: Record<string, unknown>): Promise<Person> {
  const client: Client = { ip, userAgent: `store-integrity-test ${n}`, origin: undefined };
  const registered = await fixture.store.contestants.register(OPEN, body(person(n, overrides)), client);
  if (registered.kind !== 'registered') throw new Error(`registration refused: ${JSON.stringify(registered)}`);
  return { id: labels.name(registered.contestant.id, label), label, contestant: registered.contestant };
}

/**
 * Starts and submits an attempt from `ip`: `choose(k)` answers the k-th question (by id) right,
 * wrong, or not at all; `thinkMs` passes between start and submit.
 */
async function play(
  fixture: Fixture,
  labels: Labels,
  who: Person,
  label: string,
  ip: string,
  choose: (k: number) => 'right' | 'wrong' | null,
  thinkMs: number,
  prediction = 100,
): Promise<string> {
  const { store, clock } = fixture;
  const client: Client = { ip, userAgent: `store-integrity-test ${who.label}`, origin: undefined };
  const started = await store.attempts.start(who.contestant, OPEN, body(undefined), client);
  if (started.kind !== 'started') throw new Error(`start refused: ${JSON.stringify(started)}`);
  expect(started.questions).toHaveLength(20);
  const questions = [...started.questions].sort((a, b) => (a.questionId < b.questionId ? -1 : 1));
  const answers: Record<string, string> = {};
  for (const [k, q] of questions.entries()) {
    const choice = choose(k);
    if (choice === null) continue;
    const bankIndex = choice === 'right' ? q.answer : (q.answer + 1) % q.options.length;
    answers[q.questionId] = optionIdAt(q.optionOrder.indexOf(bankIndex));
  }
  clock.advance(thinkMs);
  const submitted = await store.attempts.submit(who.id, started.attempt.id, body({ answers, prediction }));
  if (submitted.kind !== 'submitted') throw new Error(`submit refused: ${JSON.stringify(submitted)}`);
  return labels.name(started.attempt.id, label);
}

const firstRight = (n: number) => (k: number) => (k < n ? ('right' as const) : ('wrong' as const));

interface Scenario {
  labels: Labels;
  throwaways: Person[];
  fast: string[];
  predictionOnly: string[];
  identicalWrong: string[];
  jumper: Person;
  jumpAttempt: string;
}

/** Honest people, then the attack, then the attacker's real account. */
async function seed(fixture: Fixture): Promise<Scenario> {
  const labels = new Labels();
  const { clock } = fixture;
  await fixture.narrowBank();
  for (const [i, fullName] of ['Lê Thị Mai', 'Vũ Đức Thắng', 'Đỗ Minh Châu'].entries()) {
    const ip = `198.51.${100 + i}.7`;
    const honest = await register(fixture, labels, 100 + i, `honest ${i}`, ip, { fullName });
    await play(fixture, labels, honest, `honest ${i} attempt`, ip, firstRight([15, 12, 17][i]!), 5 * 60_000);
    clock.advance(2 * 60_000);
  }
  // 20 throw-away registrations within minutes: one phone, one name, one /24.
  const throwaways: Person[] = [];
  for (let i = 0; i < 20; i++) {
    throwaways.push(await register(fixture, labels, 500 + i, `throwaway ${i}`, `203.0.113.${10 + i}`, { fullName: 'Trần Văn Bảo', phone: '0987654321' }));
    clock.advance(30_000);
  }
  const fast: string[] = [];
  for (const i of [0, 1]) fast.push(await play(fixture, labels, throwaways[i]!, `fast ${i}`, '203.0.113.10', () => 'right', 7));
  const predictionOnly: string[] = [];
  for (const i of [2, 3]) predictionOnly.push(await play(fixture, labels, throwaways[i]!, `prediction only ${i}`, '203.0.113.11', () => null, 90_000, 99_999));
  const identicalWrong: string[] = [];
  for (const i of [4, 5]) {
    identicalWrong.push(await play(fixture, labels, throwaways[i]!, `identical ${i}`, '203.0.113.12', (k) => (k % 2 === 0 ? 'right' : 'wrong'), 3 * 60_000));
  }
  // The key-oracle attacker's real account, from home: 3 of 20, then perfect.
  const jumper = await register(fixture, labels, 900, 'jumper', '100.64.7.9', { fullName: 'Phạm Thị Hoa', phone: '0977000111' });
  await play(fixture, labels, jumper, 'jumper low', '100.64.7.9', firstRight(3), 5 * 60_000);
  const jumpAttempt = await play(fixture, labels, jumper, 'jumper perfect', '100.64.7.9', () => 'right', 4 * 60_000);
  return { labels, throwaways, fast, predictionOnly, identicalWrong, jumper, jumpAttempt };
}

/** Who each kind flags, by label. */
function flagged(review: IntegrityReview, labels: Labels): Record<string, string[]> {
  const who: Record<string, string[]> = {};
  for (const flag of review.flags) (who[flag.kind] ??= []).push(labels.of.get(flag.contestantId) ?? flag.contestantId);
  for (const kind of Object.keys(who)) who[kind]!.sort();
  return who;
}

/**
 * A review (its ids named) in an order that does not depend on the stores' random ids: people of
 * one name are in id order, and a group of identical answers is named by its smallest attempt id.
 */
function comparable(review: IntegrityReview) {
  const key = (f: IntegrityReview['flags'][number]) => `${f.kind}|${f.contestantId}|${f.attemptIds.join(',')}`;
  return {
    ...review,
    flags: [...review.flags]
      .map((f) => (f.kind === 'identicalAnswers' ? { ...f, details: { ...f.details, group: 'named by its smallest attempt id' } } : f))
      .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)),
  };
}

const outcomes: Record<string, unknown> = {};
const REASON = 'Tấn công bằng kịch bản, đã xác minh';

describe.each([
  ['SQLite', sqlite],
  ['PostgreSQL', postgres],
] as const)('the integrity review on %s', (name, open) => {
  it('flags the attack and not the honest; a bulk void takes the voided attempts out, once, audited, or nothing when one is unknown', async () => {
    const fixture = await open();
    const { store } = fixture;
    const s = await seed(fixture);
    const throwaways = s.throwaways.map((p) => p.label).sort();

    const review = await store.integrity.review(OPEN);
    if ('kind' in review) throw new Error('contest missing');
    expect(flagged(review, s.labels)).toEqual({
      fastAttempt: ['throwaway 0', 'throwaway 1'],
      sharedNetwork: throwaways,
      registrationBurst: throwaways,
      scoreJump: ['jumper'],
      identicalAnswers: ['jumper', 'throwaway 0', 'throwaway 1', 'throwaway 4', 'throwaway 5'],
      predictionOnly: ['throwaway 2', 'throwaway 3'],
    });
    expect(review.counts).toEqual({ fastAttempt: 2, sharedNetwork: 20, registrationBurst: 20, scoreJump: 1, identicalAnswers: 5, predictionOnly: 2 });
    expect(review.thresholds.minSecondsPerQuestion).toBe(3);
    const burst = review.flags.find((f) => f.kind === 'registrationBurst')!;
    expect(burst.details).toEqual({ key: 'phone', count: 20, occurrences: 2 });
    expect(review.flags.find((f) => f.kind === 'scoreJump')!.attemptIds).toEqual([s.jumpAttempt]);
    // Two groups of identical answers, each named by its smallest attempt id.
    const groups = new Map<string, string[]>();
    for (const flag of review.flags.filter((f) => f.kind === 'identicalAnswers')) {
      groups.set(flag.details.group as string, [...(groups.get(flag.details.group as string) ?? []), ...flag.attemptIds]);
    }
    expect(groups.size).toBe(2);
    for (const [group, attempts] of groups) expect(attempts.sort()[0]).toBe(group);
    expect(await store.integrity.review('khong-co')).toEqual({ kind: 'notFound', what: 'contest' });

    fixture.clock.advance(60_000);
    const first = await store.integrity.voidAttempts(OPEN, [s.fast[0]!, s.predictionOnly[0]!], REASON, 'Ban Tổ chức');
    expect(first).toEqual({ voided: 2, alreadyVoided: [] });
    const again = await store.integrity.voidAttempts(OPEN, [s.predictionOnly[1]!, s.fast[0]!], REASON, 'Ban Tổ chức');
    expect(again).toEqual({ voided: 1, alreadyVoided: [s.fast[0]] });
    // One id not of the contest: nothing voided, the unknown ones answered.
    expect(await store.integrity.voidAttempts(OPEN, [s.fast[1]!, 'khong-co', 'cung-khong'], REASON, 'Ban Tổ chức')).toEqual({
      kind: 'unknown',
      attemptIds: ['khong-co', 'cung-khong'],
    });
    expect(await store.integrity.voidAttempts('khong-co', [s.fast[1]!], REASON, 'Ban Tổ chức')).toEqual({ kind: 'notFound', what: 'contest' });

    const after = await store.integrity.review(OPEN);
    if ('kind' in after) throw new Error('contest missing');
    expect(flagged(after, s.labels)).toMatchObject({
      fastAttempt: ['throwaway 1'],
      identicalAnswers: ['jumper', 'throwaway 1', 'throwaway 4', 'throwaway 5'],
    });
    expect(flagged(after, s.labels).predictionOnly).toBeUndefined();
    expect(after.counts).toMatchObject({ fastAttempt: 1, predictionOnly: 0, identicalAnswers: 4 });

    const audit = await fixture.audit();
    expect(audit.map((e) => [e.actor, e.action, e.target, e.detail])).toEqual([
      ['Ban Tổ chức', 'attempts.void.bulk', OPEN, { reason: REASON, count: 2, attemptIds: [s.fast[0], s.predictionOnly[0]], alreadyVoided: 0 }],
      ['Ban Tổ chức', 'attempts.void.bulk', OPEN, { reason: REASON, count: 1, attemptIds: [s.predictionOnly[1]], alreadyVoided: 1 }],
    ]);
    const stats = await store.stats.contest(OPEN);
    outcomes[name] = { review: comparable(s.labels.apply(review)), after: comparable(s.labels.apply(after)), ...s.labels.apply({ audit, stats }) };
  });
});

describe('the integrity review on both stores', () => {
  it('the same journeys give the same flags, explanations, voids, audit entries and figures on both', () => {
    expect(Object.keys(outcomes)).toEqual(['SQLite', 'PostgreSQL']);
    expect(outcomes.PostgreSQL).toEqual(outcomes.SQLite);
  });
});

describe('bulk voids on PostgreSQL from several nodes at once', () => {
  it('two overlapping bulk voids void each attempt once, with no deadlock', async () => {
    const fixture = await postgres();
    const s = await seed(fixture);
    const nodes = [0, 1].map((i) => createPool({ url: database!.url, poolSize: 2, applicationName: `integrity node ${i}` }));
    try {
      const stores = nodes.map((pool) => postgresStore({ pool, clock: fixture.clock.now, random: seededRandom(), config: STORE_CONFIG }));
      const all = [...s.fast, ...s.predictionOnly, ...s.identicalWrong, s.jumpAttempt];
      const [a, b] = await Promise.all([
        stores[0]!.integrity.voidAttempts(OPEN, all, REASON, 'Ban Tổ chức'),
        stores[1]!.integrity.voidAttempts(OPEN, [...all].reverse(), REASON, 'Ban Tổ chức'),
      ]);
      if ('kind' in a || 'kind' in b) throw new Error('refused');
      expect(a.voided + b.voided).toBe(all.length);
      expect(a.alreadyVoided.length + b.alreadyVoided.length).toBe(all.length);
      const review = await stores[0]!.integrity.review(OPEN);
      if ('kind' in review) throw new Error('contest missing');
      expect(review.counts).toMatchObject({ fastAttempt: 0, scoreJump: 0, identicalAnswers: 0, predictionOnly: 0 });
    } finally {
      await Promise.all(nodes.map((pool) => pool.end()));
    }
  });
});
