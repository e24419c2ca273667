import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getContest, replaceExclusions, saveContest } from '../src/db/contests.js';
import { markResultsOutdated } from '../src/db/results.js';
import type { Db } from '../src/db/connection.js';
import { optionIdAt } from '../src/domain/option-ids.js';
import { refreshParticipation } from '../src/store/postgres/figures.js';
import { postgresStore } from '../src/store/postgres/index.js';
import { inTransaction } from '../src/store/postgres/pool.js';
import type { Client, Contestant, ResultsOutcome, ResultsRequest, Store } from '../src/store/store.js';
import { freshPostgresDatabase, type FreshDatabase } from './postgres.js';
import { resetAndSeed, seededSqliteStore, STORE_CONFIG, STORE_START } from './postgres-store.js';
import { OPEN, person, seededRandom, snapshot, TestClock } from './support.js';

/**
 * The organisers' results, through the store's use cases (decision 0043), on each store. Below the
 * factories everything speaks to the store's groups, and to a `fixture` for what no use case of the
 * store does yet (the exclusion list, a fingerprint of every table): each store provides both, the
 * PostgreSQL one with plain SQL on the same columns.
 */
type ResultsStores = Pick<Store, 'contestants' | 'attempts' | 'results'>;
interface Fixture {
  excludeIdNumbers(ids: string[]): Promise<void>;
  /** Declares a unit's headcount (null: undeclared), as the organisers' unit tree does. */
  setHeadcount(unitId: string, headcount: number | null): Promise<void>;
  /** What a regrade that changed scores does to published results (db/results.ts `markResultsOutdated`). */
  markOutdated(at: Date): Promise<void>;
  snapshot(): Promise<string>;
}
type StoreUnderTest = () => Promise<{ store: ResultsStores; clock: TestClock; fixture: Fixture }>;

const START = STORE_START;
const config = STORE_CONFIG;

function sqliteCase(): { store: Store; clock: TestClock; fixture: Fixture; db: Db } {
  const { store, clock, db } = seededSqliteStore();
  return {
    store,
    clock,
    db,
    fixture: {
      excludeIdNumbers: async (idNumbers) => replaceExclusions(db, OPEN, { idNumbers, phones: [] }),
      setHeadcount: async (unitId, headcount) => {
        db.prepare('UPDATE units SET headcount = ? WHERE contest_slug = ? AND id = ?').run(headcount, OPEN, unitId);
      },
      markOutdated: async (at) => {
        markResultsOutdated(db, OPEN, at);
      },
      snapshot: async () => snapshot(db),
    },
  };
}
const sqlite: StoreUnderTest = async () => sqliteCase();

let database: FreshDatabase | undefined;
beforeAll(async () => {
  database = await freshPostgresDatabase('results');
});
afterAll(async () => {
  await database?.drop();
});

/** db/contests.ts `replaceExclusions` in plain SQL: who was or now is excluded stops or starts counting. */
async function replacePostgresExclusions(pool: pg.Pool, slug: string, idNumbers: string[]): Promise<void> {
  const excluded = async (db: pg.PoolClient) =>
    (
      await db.query<{ id: string }>(
        `SELECT c.id FROM exclusions x JOIN contestants c ON c.contest_slug = x.contest_slug
           AND ((x.kind = 'idNumber' AND c.id_number = x.value) OR (x.kind = 'phone' AND c.phone = x.value))
         WHERE x.contest_slug = $1`,
        [slug],
      )
    ).rows.map((row) => row.id);
  await inTransaction(pool, async (db) => {
    const affected = await excluded(db);
    await db.query('DELETE FROM exclusions WHERE contest_slug = $1', [slug]);
    for (const value of idNumbers) await db.query(`INSERT INTO exclusions (contest_slug, kind, value) VALUES ($1, 'idNumber', $2) ON CONFLICT DO NOTHING`, [slug, value]);
    for (const id of new Set([...affected, ...(await excluded(db))])) await refreshParticipation(db, id);
  });
}

/** Every row of every table, in a stable order. */
async function postgresSnapshot(pool: pg.Pool): Promise<string> {
  const tables = (await pool.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)).rows;
  const rows = [];
  for (const { name } of tables) rows.push([name, (await pool.query(`SELECT * FROM "${name}" t ORDER BY t::text`)).rows]);
  return JSON.stringify(rows);
}

/** One database for the file, emptied and seeded again for each case. */
const postgres: StoreUnderTest = async () => {
  const clock = new TestClock(START);
  const pool = database!.pool;
  await resetAndSeed(pool, clock.now());
  return {
    store: postgresStore({ pool, clock: clock.now, random: seededRandom(), config }),
    clock,
    fixture: {
      excludeIdNumbers: (idNumbers) => replacePostgresExclusions(pool, OPEN, idNumbers),
      setHeadcount: async (unitId, headcount) => {
        await pool.query('UPDATE units SET headcount = $1 WHERE contest_slug = $2 AND id = $3', [headcount, OPEN, unitId]);
      },
      markOutdated: async (at) => {
        // json_set's edit on SQLite: the two keys set at the end of the stored object.
        for (const table of ['results', 'round_results']) {
          for (const row of (await pool.query<{ payload: string }>(`SELECT payload FROM ${table} WHERE contest_slug = $1`, [OPEN])).rows) {
            const payload = JSON.stringify({ ...JSON.parse(row.payload), outdated: true, regradedAt: at.toISOString() });
            await pool.query(`UPDATE ${table} SET payload = $1 WHERE contest_slug = $2 AND payload = $3`, [payload, OPEN, row.payload]);
          }
        }
      },
      snapshot: () => postgresSnapshot(pool),
    },
  };
};

const client: Client = { ip: '203.0.113.7', userAgent: 'store-results-test', origin: undefined };
const body =
  <T>(value: T) =>
  async () =>
    value;
const DRY_RUN: ResultsRequest = { publish: false, replace: false, acknowledgeFlags: false, by: 'Ban Tổ chức' };
const PUBLISH: ResultsRequest = { ...DRY_RUN, publish: true };

/** Person n (in `unitId`) answers `correct` questions right in `minutes` and submits; answers their contestant id. */
async function play(store: ResultsStores, clock: TestClock, n: number, correct: number, options: { unitId?: string; minutes?: number } = {}): Promise<string> {
  const registered = await store.contestants.register(OPEN, body(person(n, { fullName: `Thí Sinh ${'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[n % 26]}`, unitId: options.unitId ?? 'tp-thai-binh' })), client);
  if (registered.kind !== 'registered') throw new Error(`registration refused: ${JSON.stringify(registered)}`);
  await playAgain(store, clock, registered.contestant, correct, options.minutes);
  return registered.contestant.id;
}

/** The contestant answers `correct` questions right in `minutes` and submits. */
async function playAgain(store: ResultsStores, clock: TestClock, contestant: Contestant, correct: number, minutes = 5, prediction = 10): Promise<void> {
  const started = await store.attempts.start(contestant, OPEN, body(undefined), client);
  if (started.kind !== 'started') throw new Error(`start refused: ${JSON.stringify(started)}`);
  const answers = Object.fromEntries(started.questions.slice(0, correct).map((q) => [q.questionId, optionIdAt(q.optionOrder.indexOf(q.answer))]));
  clock.advance(minutes * 60_000);
  const submitted = await store.attempts.submit(contestant.id, started.attempt.id, body({ answers, prediction }));
  if (submitted.kind !== 'submitted' && submitted.kind !== 'received') throw new Error(`submit refused: ${JSON.stringify(submitted)}`);
}

function computed(outcome: ResultsOutcome) {
  if (outcome.kind !== 'computed' && outcome.kind !== 'published') throw new Error(`not computed: ${JSON.stringify(outcome)}`);
  return outcome;
}

describe.each([
  ['SQLite', sqlite],
  ['PostgreSQL', postgres],
] as const)('store (%s): computing and publishing prizes', (_name, storeUnderTest) => {
  it('a dry run computes the prizes and changes nothing', async () => {
    const { store, clock, fixture } = await storeUnderTest();
    const low = await play(store, clock, 1, 12);
    const high = await play(store, clock, 2, 18);
    const before = await fixture.snapshot();
    const dry = computed(await store.results.compute(OPEN, null, DRY_RUN));
    expect(dry.kind).toBe('computed');
    expect(dry.results.individual.map((w) => w.contestantId)).toEqual([high, low]);
    expect(dry.results.provisional).toBe(true);
    expect(await fixture.snapshot()).toBe(before);
    expect(await store.results.published(OPEN, null)).toEqual({ kind: 'notPublished' });
  });

  it('publishes once; publishing again is refused without `replace`, and changes nothing then', async () => {
    const { store, clock, fixture } = await storeUnderTest();
    const first = await play(store, clock, 1, 12);
    const published = computed(await store.results.compute(OPEN, null, PUBLISH));
    expect(published.kind).toBe('published');
    const read = await store.results.published(OPEN, null);
    expect(read).toMatchObject({ kind: 'published', published: { publishedAt: published.kind === 'published' ? published.publishedAt : '', publishedBy: 'Ban Tổ chức' } });

    const second = await play(store, clock, 2, 18);
    const before = await fixture.snapshot();
    expect(await store.results.compute(OPEN, null, PUBLISH)).toEqual({ kind: 'alreadyPublished' });
    expect(await fixture.snapshot()).toBe(before);
    // What was published stays what anyone reads: later attempts do not change it.
    const frozen = await store.results.published(OPEN, null);
    expect(frozen.kind === 'published' && frozen.published.payload.individual.map((w) => w.contestantId)).toEqual([first]);

    expect(computed(await store.results.compute(OPEN, null, { ...PUBLISH, replace: true })).kind).toBe('published');
    const replaced = await store.results.published(OPEN, null);
    expect(replaced.kind === 'published' && replaced.published.payload.individual.map((w) => w.contestantId)).toEqual([second, first]);
  });

  it('answers published results as frozen, marked outdated after a regrade, until published again', async () => {
    const { store, clock, fixture } = await storeUnderTest();
    await play(store, clock, 1, 12);
    const published = computed(await store.results.compute(OPEN, null, PUBLISH));
    const regradedAt = clock.now();
    await fixture.markOutdated(regradedAt);
    const read = await store.results.published(OPEN, null);
    expect(read).toMatchObject({ kind: 'published', published: { payload: { ...published.results, outdated: true, regradedAt: regradedAt.toISOString() } } });
    // The winners' list is what was announced, marked as it stands.
    const list = await store.results.winners(OPEN, null, 'Thư ký', body({ format: 'csv' as const }));
    expect(list).toMatchObject({ kind: 'winners', results: { outdated: true } });
    clock.advance(60_000);
    computed(await store.results.compute(OPEN, null, { ...PUBLISH, replace: true }));
    const again = await store.results.published(OPEN, null);
    expect(again.kind === 'published' && 'outdated' in again.published.payload).toBe(false);
  });

  it('refuses to publish flagged winners until the flags are acknowledged', async () => {
    const { store, clock, fixture } = await storeUnderTest();
    // Every question answered in no time: a fast attempt, flagged for the jury's look.
    const fast = await play(store, clock, 1, 18, { minutes: 0 });
    const dry = computed(await store.results.compute(OPEN, null, DRY_RUN));
    expect(dry.flagged.map((w) => w.contestantId)).toEqual([fast]);
    const before = await fixture.snapshot();
    const refused = await store.results.compute(OPEN, null, PUBLISH);
    expect(refused).toMatchObject({ kind: 'flagged', flagged: [{ contestantId: fast, kinds: expect.arrayContaining(['fastAttempt']) }] });
    expect(await fixture.snapshot()).toBe(before);
    expect(computed(await store.results.compute(OPEN, null, { ...PUBLISH, acknowledgeFlags: true })).kind).toBe('published');
  });

  it('never awards a collective prize to a grouping unit, only to the units it groups', async () => {
    const { store, clock } = await storeUnderTest();
    await play(store, clock, 1, 15, { unitId: 'tp-thai-binh' });
    await play(store, clock, 2, 12, { unitId: 'so-tt-tt' });
    await play(store, clock, 3, 10, { unitId: 'so-noi-vu' });
    const { results } = computed(await store.results.compute(OPEN, null, DRY_RUN));
    const units = results.collective.map((award) => award.unitId);
    expect(units.length).toBeGreaterThan(0);
    expect(units).not.toContain('huyen-thanh-pho');
    expect(units).not.toContain('co-quan-tinh');
    expect(new Set(units)).toEqual(new Set(['tp-thai-binh', 'so-tt-tt', 'so-noi-vu']));
  });

  it('never awards an individual prize to an excluded person, in the computation or the winners’ list', async () => {
    const { store, clock, fixture } = await storeUnderTest();
    const best = await play(store, clock, 1, 20);
    const other = await play(store, clock, 2, 10);
    expect(computed(await store.results.compute(OPEN, null, DRY_RUN)).results.individual.map((w) => w.contestantId)).toEqual([best, other]);
    // Found to be on the jury after they played: they stop counting.
    await fixture.excludeIdNumbers([person(1).idNumber]);
    const { results } = computed(await store.results.compute(OPEN, null, DRY_RUN));
    expect(results.individual.map((w) => w.contestantId)).toEqual([other]);
    const winners = await store.results.winners(OPEN, null, 'Ban Tổ chức', body({ format: 'csv' as const }));
    expect(winners.kind === 'winners' && winners.results.individual.map((w) => w.contestantId)).toEqual([other]);
  });

  it('names the competing units without a headcount, and publishes nothing, in the computation or the winners’ list', async () => {
    const { store, clock, fixture } = await storeUnderTest();
    await play(store, clock, 1, 12, { unitId: 'so-tt-tt' });
    await fixture.setHeadcount('so-tt-tt', null);
    const before = await fixture.snapshot();
    const missing = await store.results.compute(OPEN, null, PUBLISH);
    expect(missing).toMatchObject({ kind: 'headcountMissing', units: expect.arrayContaining([expect.objectContaining({ unitId: 'so-tt-tt' })]) });
    expect(await store.results.compute(OPEN, null, DRY_RUN)).toEqual(missing);
    expect(await fixture.snapshot()).toBe(before);
    expect(await store.results.winners(OPEN, null, 'Thư ký', body({ format: 'csv' as const }))).toEqual(missing);
  });

  it('finalises attempts left open past their deadline before computing', async () => {
    const { store, clock } = await storeUnderTest();
    const registered = await store.contestants.register(OPEN, body(person(1)), client);
    if (registered.kind !== 'registered') throw new Error(registered.kind);
    const started = await store.attempts.start(registered.contestant, OPEN, body(undefined), client);
    if (started.kind !== 'started') throw new Error(started.kind);
    const [q] = started.questions;
    await store.attempts.save(registered.contestant.id, started.attempt.id, body({ answers: { [q!.questionId]: optionIdAt(q!.optionOrder.indexOf(q!.answer)) } }));
    clock.set(started.attempt.deadline);
    clock.advance(1000);
    const { results } = computed(await store.results.compute(OPEN, null, DRY_RUN));
    expect(results.individual).toMatchObject([{ contestantId: registered.contestant.id, score: 1 }]);
    const attempt = await store.attempts.get(registered.contestant.id, started.attempt.id);
    expect(attempt).toMatchObject({ kind: 'attempt', attempt: { status: 'submitted', autoSubmitted: true, submittedAt: started.attempt.deadline } });
  });

  it('answers an unknown contest or round as missing, and a round of a contest without rounds too', async () => {
    const { store, fixture } = await storeUnderTest();
    const before = await fixture.snapshot();
    const unread = async (): Promise<never> => {
      throw new Error('the query of a request for a missing contest was read');
    };
    expect(await store.results.compute('no-such-contest', null, PUBLISH)).toEqual({ kind: 'notFound', what: 'contest' });
    expect(await store.results.compute(OPEN, 'no-such-round', PUBLISH)).toEqual({ kind: 'notFound', what: 'round' });
    expect(await store.results.published('no-such-contest', null)).toEqual({ kind: 'notFound', what: 'contest' });
    expect(await store.results.published(OPEN, 'no-such-round')).toEqual({ kind: 'notFound', what: 'round' });
    expect(await store.results.winners('no-such-contest', null, 'Ban Tổ chức', unread)).toEqual({ kind: 'notFound', what: 'contest' });
    expect(await store.results.winners(OPEN, 'no-such-round', 'Ban Tổ chức', unread)).toEqual({ kind: 'notFound', what: 'round' });
    expect(await fixture.snapshot()).toBe(before);
  });

  it('the winners’ list is a fresh computation before publication and the published list after, and its read is audited', async () => {
    const { store, clock, fixture } = await storeUnderTest();
    const first = await play(store, clock, 1, 12);
    const computedList = await store.results.winners(OPEN, null, 'Thư ký', body({ format: 'xlsx' as const }));
    expect(computedList).toMatchObject({ kind: 'winners', published: null, round: null, format: 'xlsx' });
    if (computedList.kind !== 'winners') return;
    expect(computedList.contacts.get(first)).toMatchObject({ idNumber: person(1).idNumber, phone: person(1).phone });
    expect(computedList.headcounts.get('tp-thai-binh')).toBe(12000);
    expect(await fixture.snapshot()).toMatch(/read\.winners/);

    const published = computed(await store.results.compute(OPEN, null, PUBLISH));
    await play(store, clock, 2, 18);
    const publishedList = await store.results.winners(OPEN, null, 'Thư ký', body({ format: 'csv' as const }));
    expect(publishedList).toMatchObject({ kind: 'winners', published: { publishedAt: published.kind === 'published' ? published.publishedAt : '' } });
    expect(publishedList.kind === 'winners' && publishedList.results.individual.map((w) => w.contestantId)).toEqual([first]);
  });
});

describe('store: both implementations award the same prizes', () => {
  /** Contestant ids (random per run) as the person's ID number, so the two stores' answers compare. */
  function byIdNumber(value: unknown, ids: ReadonlyMap<string, string>): unknown {
    return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (v instanceof Map ? [...v] : v)), (_key, v: unknown) =>
      typeof v === 'string' && ids.has(v) ? ids.get(v) : v,
    );
  }

  /**
   * The same requests on a store: people of three units playing with several scores and speeds (one
   * too fast, one left to time out), a dry run, a publication, a refused one, a winners' list, a
   * replacement; answers every outcome with ids as ID numbers.
   */
  async function journey(store: ResultsStores, clock: TestClock): Promise<{ outcomes: unknown[]; ids: Map<string, string> }> {
    const ids = new Map<string, string>();
    const units = ['tp-thai-binh', 'so-tt-tt', 'so-noi-vu'];
    for (let n = 1; n <= 8; n++) {
      const id = await play(store, clock, n, 6 + ((n * 5) % 13), { unitId: units[n % 3]!, minutes: n === 4 ? 0 : 1 + (n % 4) });
      ids.set(id, person(n).idNumber);
    }
    // Person 9 saves one right answer and leaves the attempt open past its deadline.
    const late = await store.contestants.register(OPEN, body(person(9, { unitId: 'so-noi-vu' })), client);
    if (late.kind !== 'registered') throw new Error(late.kind);
    ids.set(late.contestant.id, person(9).idNumber);
    const started = await store.attempts.start(late.contestant, OPEN, body(undefined), client);
    if (started.kind !== 'started') throw new Error(started.kind);
    const [q] = started.questions;
    await store.attempts.save(late.contestant.id, started.attempt.id, body({ answers: { [q!.questionId]: optionIdAt(q!.optionOrder.indexOf(q!.answer)) } }));
    clock.set(started.attempt.deadline);
    clock.advance(60_000);

    const outcomes: unknown[] = [];
    outcomes.push(await store.results.compute(OPEN, null, DRY_RUN));
    outcomes.push(await store.results.winners(OPEN, null, 'Thư ký', body({ format: 'csv' as const })));
    outcomes.push(await store.results.compute(OPEN, null, PUBLISH));
    clock.advance(60_000);
    outcomes.push(await store.results.compute(OPEN, null, { ...PUBLISH, acknowledgeFlags: true }));
    outcomes.push(await store.results.published(OPEN, null));
    clock.advance(60_000);
    outcomes.push(await store.results.compute(OPEN, null, { ...PUBLISH, acknowledgeFlags: true }));
    outcomes.push(await store.results.compute(OPEN, null, { ...PUBLISH, acknowledgeFlags: true, replace: true, by: 'Trưởng ban' }));
    outcomes.push(await store.results.winners(OPEN, null, 'Thư ký', body({ format: 'xlsx' as const })));
    return { outcomes: byIdNumber(outcomes, ids) as unknown[], ids };
  }

  it('computes, publishes and lists the same winners, and stores the same rows', async () => {
    const onSqlite = sqliteCase();
    const onPostgres = await postgres();
    // A host site subscribed to the publication: the outbox rows are written with it.
    const endpoint = ['hook-1', OPEN, 'https://example.vn/hook', '["results.published"]', 'secret', START.toISOString(), 'test'];
    const endpointSql = (p: (i: number) => string) =>
      `INSERT INTO webhook_endpoints (id, contest_slug, url, events, secret, created_at, created_by) VALUES (${endpoint.map((_, i) => p(i)).join(', ')})`;
    onSqlite.db.prepare(endpointSql(() => '?')).run(...endpoint);
    await database!.pool.query(endpointSql((i) => `$${i + 1}`), endpoint);

    const sqliteJourney = await journey(onSqlite.store, onSqlite.clock);
    const postgresJourney = await journey(onPostgres.store, onPostgres.clock);
    expect(postgresJourney.outcomes).toEqual(sqliteJourney.outcomes);
    // What the journey is meant to cover, so the comparison is not of two empty answers.
    expect(sqliteJourney.outcomes.map((o) => (o as { kind: string }).kind)).toEqual([
      'computed',
      'winners',
      'flagged',
      'published',
      'published',
      'alreadyPublished',
      'published',
      'winners',
    ]);
    const dry = sqliteJourney.outcomes[0] as Extract<ResultsOutcome, { kind: 'computed' }>;
    expect(dry.results.individual.length).toBeGreaterThan(3);
    expect(dry.results.collective.length).toBeGreaterThan(0);
    expect(dry.flagged.map((w) => w.contestantId)).toContain(person(4).idNumber);
    expect(dry.results.individual.map((w) => w.contestantId)).toContain(person(9).idNumber);

    await expectSameRows(onSqlite.db, sqliteJourney.ids, postgresJourney.ids, 'results');
    const published = onSqlite.db.prepare(`SELECT type FROM webhook_deliveries WHERE type = 'results.published'`).all();
    expect(published).toHaveLength(2);
  });

  /** The published results (`results` or `round_results`), audit entries and outbox rows are the same on both, byte for byte but for ids. */
  async function expectSameRows(db: Db, sqliteIds: Map<string, string>, postgresIds: Map<string, string>, published: 'results' | 'round_results') {
    const rows: Record<string, string> = {
      [published]: `SELECT * FROM ${published} ORDER BY 1, 2`,
      audit_log: `SELECT at, actor, action, target, detail FROM audit_log ORDER BY id`,
      webhook_deliveries: 'SELECT endpoint_id, type, body, created_at, status, tries, next_try_at, expires_at FROM webhook_deliveries ORDER BY created_at, type, body',
    };
    // The stored JSON text itself (key order and spacing included), contestant ids as ID numbers.
    const text = (value: unknown, ids: Map<string, string>) => [...ids].reduce((found, [id, idNumber]) => found.replaceAll(id, idNumber), value as string);
    const comparable = (table: string, found: Record<string, unknown>[], ids: Map<string, string>) =>
      found.map((row) => {
        if (table === published) return { ...row, payload: text(row.payload, ids) };
        if (table === 'audit_log') return { ...row, detail: text(row.detail, ids) };
        const { id, data, ...event } = JSON.parse(row.body as string) as { id: string; data: Record<string, unknown> };
        const { contestantId, attemptId, ...rest } = data;
        return { ...row, body: { ...event, data: rest }, ids: [typeof id, typeof contestantId, typeof attemptId] };
      });
    for (const [table, query] of Object.entries(rows)) {
      const sqliteRows = comparable(table, db.prepare(query).all() as Record<string, unknown>[], sqliteIds);
      const postgresRows = comparable(table, (await database!.pool.query(query)).rows, postgresIds);
      expect({ table, rows: postgresRows }).toEqual({ table, rows: sqliteRows });
      expect(sqliteRows.length, table).toBeGreaterThan(0);
    }
  }

  /**
   * The open contest in two rounds, the first with the contest's prizes as its own: six people play
   * in each; the first round's prizes are computed, published and listed, the second's refused
   * (none of its own), the contest's computed by `how`.
   */
  async function inRounds(store: ResultsStores, clock: TestClock): Promise<{ outcomes: unknown[]; ids: Map<string, string> }> {
    const ids = new Map<string, string>();
    const units = ['tp-thai-binh', 'so-tt-tt', 'so-noi-vu'];
    const people: Contestant[] = [];
    for (let n = 1; n <= 6; n++) {
      const registered = await store.contestants.register(OPEN, body(person(n, { fullName: `Thí Sinh ${'ABCDEF'[n - 1]}`, unitId: units[n % 3]! })), client);
      if (registered.kind !== 'registered') throw new Error(registered.kind);
      ids.set(registered.contestant.id, person(n).idNumber);
      people.push(registered.contestant);
    }
    const outcomes: unknown[] = [];
    for (const round of [0, 1]) {
      for (const [i, who] of people.entries()) await playAgain(store, clock, who, 4 + ((i * (round + 2)) % 7), 1 + (i % 3), 5 + i);
      outcomes.push(await store.results.compute(OPEN, 'v1', DRY_RUN));
      if (round === 0) clock.set(new Date(START.getTime() + 86_400_000 + 60_000));
    }
    outcomes.push(await store.results.compute(OPEN, 'v1', PUBLISH));
    outcomes.push(await store.results.compute(OPEN, 'v1', PUBLISH));
    outcomes.push(await store.results.published(OPEN, 'v1'));
    outcomes.push(await store.results.compute(OPEN, 'v2', PUBLISH));
    outcomes.push(await store.results.published(OPEN, 'v2'));
    outcomes.push(await store.results.compute(OPEN, null, DRY_RUN));
    outcomes.push(await store.results.winners(OPEN, 'v1', 'Thư ký', body({ format: 'csv' as const })));
    outcomes.push(await store.results.winners(OPEN, 'v2', 'Thư ký', body({ format: 'csv' as const })));
    outcomes.push(await store.results.winners(OPEN, null, 'Thư ký', body({ format: 'xlsx' as const })));
    clock.advance(60_000);
    outcomes.push(await store.results.compute(OPEN, 'v1', { ...PUBLISH, replace: true }));
    return { outcomes: byIdNumber(outcomes, ids) as unknown[], ids };
  }

  it.each(['best', 'sum', 'final'] as const)('awards a round’s prizes and the contest’s by rounds (%s) the same', async (how) => {
    const onSqlite = sqliteCase();
    const onPostgres = await postgres();
    const contest = getContest(onSqlite.db, OPEN)!;
    const day = 86_400_000;
    const rounds = [
      { id: 'v1', title: 'Vòng 1', startsAt: new Date(START.getTime() - day).toISOString(), endsAt: new Date(START.getTime() + day).toISOString(), questionsPerAttempt: null, maxAttempts: null, prizes: contest.prizes },
      { id: 'v2', title: 'Vòng 2', startsAt: new Date(START.getTime() + day).toISOString(), endsAt: new Date(START.getTime() + 3 * day).toISOString(), questionsPerAttempt: null, maxAttempts: null, prizes: null },
    ];
    saveContest(onSqlite.db, { ...contest, rounds, roundsRanking: how }, START);
    const row = onSqlite.db.prepare('SELECT settings, updated_at FROM contests WHERE slug = ?').get(OPEN) as { settings: string; updated_at: string };
    await database!.pool.query('UPDATE contests SET settings = $1, updated_at = $2 WHERE slug = $3', [row.settings, row.updated_at, OPEN]);
    const endpoint = ['hook-1', OPEN, 'https://example.vn/hook', '["results.published"]', 'secret', START.toISOString(), 'test'];
    onSqlite.db.prepare('INSERT INTO webhook_endpoints (id, contest_slug, url, events, secret, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)').run(...endpoint);
    await database!.pool.query('INSERT INTO webhook_endpoints (id, contest_slug, url, events, secret, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)', endpoint);

    const sqliteJourney = await inRounds(onSqlite.store, onSqlite.clock);
    const postgresJourney = await inRounds(onPostgres.store, onPostgres.clock);
    expect(postgresJourney.outcomes).toEqual(sqliteJourney.outcomes);
    expect(sqliteJourney.outcomes.map((o) => (o as { kind: string }).kind)).toEqual([
      'computed',
      'computed',
      'published',
      'alreadyPublished',
      'published',
      'noRoundPrizes',
      'notPublished',
      'computed',
      'winners',
      'winners',
      'winners',
      'published',
    ]);
    const [open, closed] = sqliteJourney.outcomes as Extract<ResultsOutcome, { kind: 'computed' }>[];
    expect([open!.results.provisional, closed!.results.provisional]).toEqual([true, false]);
    expect(closed!.results.individual.length).toBeGreaterThan(3);
    await expectSameRows(onSqlite.db, sqliteJourney.ids, postgresJourney.ids, 'round_results');
  });
});

describe('store (SQLite): the organisers’ figures', () => {
  it('counts participation by unit, rolled up into the grouping units', async () => {
    const { store, clock } = sqliteCase();
    await play(store, clock, 1, 12, { unitId: 'tp-thai-binh' });
    await play(store, clock, 2, 12, { unitId: 'so-tt-tt' });
    const outcome = await store.stats.contest(OPEN);
    expect(outcome.kind).toBe('stats');
    if (outcome.kind !== 'stats') return;
    expect(outcome.stats.totals).toMatchObject({ registered: 2, participants: 2, attempts: 2 });
    const unit = (id: string) => outcome.stats.byUnit.find((u) => u.unitId === id);
    expect(unit('tp-thai-binh')).toMatchObject({ participants: 1, averageScore: 12 });
    expect(unit('huyen-thanh-pho')).toMatchObject({ participants: 1 });
    expect(unit('co-quan-tinh')).toMatchObject({ participants: 1 });
  });

  it('answers an unknown contest or round as missing', async () => {
    const { store, fixture } = sqliteCase();
    const before = await fixture.snapshot();
    expect(await store.stats.contest('no-such-contest')).toEqual({ kind: 'notFound', what: 'contest' });
    expect(await store.stats.round(OPEN, 'no-such-round')).toEqual({ kind: 'notFound', what: 'round' });
    expect(await fixture.snapshot()).toBe(before);
  });
});
