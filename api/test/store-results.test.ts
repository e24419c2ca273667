import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../src/config.js';
import { replaceExclusions } from '../src/db/contests.js';
import { optionIdAt } from '../src/domain/option-ids.js';
import { seedDemoContests } from '../src/seed/demo.js';
import { sqliteStore } from '../src/store/sqlite/index.js';
import type { Client, ResultsOutcome, ResultsRequest, Store } from '../src/store/store.js';
import { freshDatabase, OPEN, person, seededRandom, snapshot, TestClock } from './support.js';

/**
 * The organisers' results and figures, through the store's use cases (decision 0043). Below the
 * factory everything speaks to `Store`, and to a `fixture` for what no use case of the store does
 * yet (the exclusion list, a fingerprint of every table): another implementation provides both.
 */
function storeUnderTest(): { store: Store; clock: TestClock; fixture: { excludeIdNumbers(ids: string[]): void; snapshot(): string } } {
  const clock = new TestClock(new Date('2026-11-28T03:00:00Z'));
  const db = freshDatabase();
  seedDemoContests(db, clock.now());
  const config = configFromEnv({ RATE_LIMIT: 'off', ATTEMPT_CHALLENGE: 'off' });
  return {
    store: sqliteStore({ db, clock: clock.now, random: seededRandom(), config }),
    clock,
    fixture: {
      excludeIdNumbers: (idNumbers) => replaceExclusions(db, OPEN, { idNumbers, phones: [] }),
      snapshot: () => snapshot(db),
    },
  };
}

const client: Client = { ip: '203.0.113.7', userAgent: 'store-results-test', origin: undefined };
const body =
  <T>(value: T) =>
  async () =>
    value;
const DRY_RUN: ResultsRequest = { publish: false, replace: false, acknowledgeFlags: false, by: 'Ban Tổ chức' };
const PUBLISH: ResultsRequest = { ...DRY_RUN, publish: true };

/** Person n (in `unitId`) answers `correct` questions right in `minutes` and submits; answers their contestant id. */
async function play(store: Store, clock: TestClock, n: number, correct: number, options: { unitId?: string; minutes?: number } = {}): Promise<string> {
  const registered = await store.contestants.register(OPEN, body(person(n, { fullName: `Thí Sinh ${'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[n % 26]}`, unitId: options.unitId ?? 'tp-thai-binh' })), client);
  if (registered.kind !== 'registered') throw new Error(`registration refused: ${JSON.stringify(registered)}`);
  const started = await store.attempts.start(registered.contestant, OPEN, body(undefined), client);
  if (started.kind !== 'started') throw new Error(`start refused: ${JSON.stringify(started)}`);
  const answers = Object.fromEntries(started.questions.slice(0, correct).map((q) => [q.questionId, optionIdAt(q.optionOrder.indexOf(q.answer))]));
  clock.advance((options.minutes ?? 5) * 60_000);
  const submitted = await store.attempts.submit(registered.contestant.id, started.attempt.id, body({ answers, prediction: 10 }));
  if (submitted.kind !== 'submitted' && submitted.kind !== 'received') throw new Error(`submit refused: ${JSON.stringify(submitted)}`);
  return registered.contestant.id;
}

function computed(outcome: ResultsOutcome) {
  if (outcome.kind !== 'computed' && outcome.kind !== 'published') throw new Error(`not computed: ${JSON.stringify(outcome)}`);
  return outcome;
}

describe('store: computing and publishing prizes', () => {
  it('a dry run computes the prizes and changes nothing', async () => {
    const { store, clock, fixture } = storeUnderTest();
    const low = await play(store, clock, 1, 12);
    const high = await play(store, clock, 2, 18);
    const before = fixture.snapshot();
    const dry = computed(await store.results.compute(OPEN, null, DRY_RUN));
    expect(dry.kind).toBe('computed');
    expect(dry.results.individual.map((w) => w.contestantId)).toEqual([high, low]);
    expect(dry.results.provisional).toBe(true);
    expect(fixture.snapshot()).toBe(before);
    expect(await store.results.published(OPEN, null)).toEqual({ kind: 'notPublished' });
  });

  it('publishes once; publishing again is refused without `replace`, and changes nothing then', async () => {
    const { store, clock, fixture } = storeUnderTest();
    const first = await play(store, clock, 1, 12);
    const published = computed(await store.results.compute(OPEN, null, PUBLISH));
    expect(published.kind).toBe('published');
    const read = await store.results.published(OPEN, null);
    expect(read).toMatchObject({ kind: 'published', published: { publishedAt: published.kind === 'published' ? published.publishedAt : '', publishedBy: 'Ban Tổ chức' } });

    const second = await play(store, clock, 2, 18);
    const before = fixture.snapshot();
    expect(await store.results.compute(OPEN, null, PUBLISH)).toEqual({ kind: 'alreadyPublished' });
    expect(fixture.snapshot()).toBe(before);
    // What was published stays what anyone reads: later attempts do not change it.
    const frozen = await store.results.published(OPEN, null);
    expect(frozen.kind === 'published' && frozen.published.payload.individual.map((w) => w.contestantId)).toEqual([first]);

    expect(computed(await store.results.compute(OPEN, null, { ...PUBLISH, replace: true })).kind).toBe('published');
    const replaced = await store.results.published(OPEN, null);
    expect(replaced.kind === 'published' && replaced.published.payload.individual.map((w) => w.contestantId)).toEqual([second, first]);
  });

  it('refuses to publish flagged winners until the flags are acknowledged', async () => {
    const { store, clock, fixture } = storeUnderTest();
    // Every question answered in no time: a fast attempt, flagged for the jury's look.
    const fast = await play(store, clock, 1, 18, { minutes: 0 });
    const dry = computed(await store.results.compute(OPEN, null, DRY_RUN));
    expect(dry.flagged.map((w) => w.contestantId)).toEqual([fast]);
    const before = fixture.snapshot();
    const refused = await store.results.compute(OPEN, null, PUBLISH);
    expect(refused).toMatchObject({ kind: 'flagged', flagged: [{ contestantId: fast, kinds: expect.arrayContaining(['fastAttempt']) }] });
    expect(fixture.snapshot()).toBe(before);
    expect(computed(await store.results.compute(OPEN, null, { ...PUBLISH, acknowledgeFlags: true })).kind).toBe('published');
  });

  it('never awards a collective prize to a grouping unit, only to the units it groups', async () => {
    const { store, clock } = storeUnderTest();
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
    const { store, clock, fixture } = storeUnderTest();
    const best = await play(store, clock, 1, 20);
    const other = await play(store, clock, 2, 10);
    expect(computed(await store.results.compute(OPEN, null, DRY_RUN)).results.individual.map((w) => w.contestantId)).toEqual([best, other]);
    // Found to be on the jury after they played: they stop counting.
    fixture.excludeIdNumbers([person(1).idNumber]);
    const { results } = computed(await store.results.compute(OPEN, null, DRY_RUN));
    expect(results.individual.map((w) => w.contestantId)).toEqual([other]);
    const winners = await store.results.winners(OPEN, null, 'Ban Tổ chức', body({ format: 'csv' as const }));
    expect(winners.kind === 'winners' && winners.results.individual.map((w) => w.contestantId)).toEqual([other]);
  });

  it('answers an unknown contest or round as missing, and a round of a contest without rounds too', async () => {
    const { store, fixture } = storeUnderTest();
    const before = fixture.snapshot();
    const unread = async (): Promise<never> => {
      throw new Error('the query of a request for a missing contest was read');
    };
    expect(await store.results.compute('no-such-contest', null, PUBLISH)).toEqual({ kind: 'notFound', what: 'contest' });
    expect(await store.results.compute(OPEN, 'no-such-round', PUBLISH)).toEqual({ kind: 'notFound', what: 'round' });
    expect(await store.results.published('no-such-contest', null)).toEqual({ kind: 'notFound', what: 'contest' });
    expect(await store.results.published(OPEN, 'no-such-round')).toEqual({ kind: 'notFound', what: 'round' });
    expect(await store.results.winners('no-such-contest', null, 'Ban Tổ chức', unread)).toEqual({ kind: 'notFound', what: 'contest' });
    expect(await store.results.winners(OPEN, 'no-such-round', 'Ban Tổ chức', unread)).toEqual({ kind: 'notFound', what: 'round' });
    expect(await store.stats.contest('no-such-contest')).toEqual({ kind: 'notFound', what: 'contest' });
    expect(await store.stats.round(OPEN, 'no-such-round')).toEqual({ kind: 'notFound', what: 'round' });
    expect(fixture.snapshot()).toBe(before);
  });
});

describe('store: the winners’ list', () => {
  it('is a fresh computation before publication and the published list after, and its read is audited', async () => {
    const { store, clock, fixture } = storeUnderTest();
    const first = await play(store, clock, 1, 12);
    const computedList = await store.results.winners(OPEN, null, 'Thư ký', body({ format: 'xlsx' as const }));
    expect(computedList).toMatchObject({ kind: 'winners', published: null, round: null, format: 'xlsx' });
    if (computedList.kind !== 'winners') return;
    expect(computedList.contacts.get(first)).toMatchObject({ idNumber: person(1).idNumber, phone: person(1).phone });
    expect(computedList.headcounts.get('tp-thai-binh')).toBe(12000);
    expect(fixture.snapshot()).toMatch(/read\.winners/);

    const published = computed(await store.results.compute(OPEN, null, PUBLISH));
    await play(store, clock, 2, 18);
    const publishedList = await store.results.winners(OPEN, null, 'Thư ký', body({ format: 'csv' as const }));
    expect(publishedList).toMatchObject({ kind: 'winners', published: { publishedAt: published.kind === 'published' ? published.publishedAt : '' } });
    expect(publishedList.kind === 'winners' && publishedList.results.individual.map((w) => w.contestantId)).toEqual([first]);
  });
});

describe('store: the organisers’ figures', () => {
  it('counts participation by unit, rolled up into the grouping units', async () => {
    const { store, clock } = storeUnderTest();
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
});
