import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optionIdAt } from '../src/domain/option-ids.js';
import type { RegradeOutcome } from '../src/domain/regrade.js';
import { postgresStore } from '../src/store/postgres/index.js';
import type { Client, Contestant, Store } from '../src/store/store.js';
import { freshPostgresDatabase, type FreshDatabase } from './postgres.js';
import { resetAndSeed, seededSqliteStore, STORE_CONFIG, STORE_START } from './postgres-store.js';
import { OPEN, person, seededRandom, TestClock } from './support.js';

/**
 * The jury's corrections through the store (decision 0024, 0043) on both stores: a key corrected
 * after opening and the regrade that follows (a dry run keeping nothing, then the same applied),
 * a voided attempt, extra tries; the same outcomes and audit entries on both.
 */
type Stores = Pick<Store, 'contestants' | 'attempts' | 'corrections'>;
interface Fixture {
  store: Stores;
  clock: TestClock;
  /** The committee corrects question `id`'s key. */
  setAnswer(id: string, answer: number): Promise<void>;
  scores(): Promise<Map<string, number>>;
  audit(): Promise<{ actor: string; action: string; target: string; detail: unknown }[]>;
}

const client: Client = { ip: '203.0.113.31', userAgent: 'store-corrections-test', origin: undefined };
const body =
  <T>(value: T) =>
  async () =>
    value;
const parsed = (rows: { actor: string; action: string; target: string; detail: string | null }[]) =>
  rows.map((e) => ({ ...e, detail: e.detail === null ? null : JSON.parse(e.detail) }));

let database: FreshDatabase | undefined;
beforeAll(async () => {
  database = await freshPostgresDatabase('corrections');
});
afterAll(async () => {
  await database?.drop();
});

const sqlite = async (): Promise<Fixture> => {
  const { store, clock, db } = seededSqliteStore();
  return {
    store,
    clock,
    setAnswer: async (id, answer) => void db.prepare('UPDATE questions SET answer = ? WHERE contest_slug = ? AND id = ?').run(answer, OPEN, id),
    scores: async () => new Map((db.prepare(`SELECT id, score FROM attempts WHERE status = 'submitted'`).all() as { id: string; score: number }[]).map((r) => [r.id, r.score])),
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
    setAnswer: async (id, answer) => void (await pool.query('UPDATE questions SET answer = $1 WHERE contest_slug = $2 AND id = $3', [answer, OPEN, id])),
    scores: async () => new Map((await pool.query(`SELECT id, score FROM attempts WHERE status = 'submitted'`)).rows.map((r) => [r.id, r.score])),
    audit: async () => parsed((await pool.query('SELECT actor, action, target, detail FROM audit_log ORDER BY id')).rows),
  };
};

interface Played {
  contestant: Contestant;
  attemptId: string;
  /** The first drawn question, and its key at the time. */
  first: { questionId: string; answer: number; options: number };
}

/** Registers person `n`, answers every drawn question right but the first `wrong`, and submits after `minutes`. */
async function play(fixture: Fixture, n: number, wrong: number, minutes: number): Promise<Played> {
  const { store, clock } = fixture;
  const registered = await store.contestants.register(OPEN, body(person(n)), client);
  if (registered.kind !== 'registered') throw new Error(`registration refused: ${JSON.stringify(registered)}`);
  const started = await store.attempts.start(registered.contestant, OPEN, body(undefined), client);
  if (started.kind !== 'started') throw new Error(`start refused: ${JSON.stringify(started)}`);
  const answers = Object.fromEntries(
    started.questions.map((q, k) => [q.questionId, optionIdAt(q.optionOrder.indexOf(k < wrong ? (q.answer + 1) % q.options.length : q.answer))]),
  );
  clock.advance(minutes * 60_000);
  const submitted = await store.attempts.submit(registered.contestant.id, started.attempt.id, body({ answers, prediction: 100 }));
  if (submitted.kind !== 'submitted') throw new Error(`submit refused: ${JSON.stringify(submitted)}`);
  const q = started.questions[0]!;
  return { contestant: registered.contestant, attemptId: started.attempt.id, first: { questionId: q.questionId, answer: q.answer, options: q.options.length } };
}

/** What a regrade answered, with the store's own ids replaced by who they belong to. */
function described(outcome: RegradeOutcome, names: Map<string, string>) {
  return {
    ...outcome,
    changed: outcome.changed.map((c) => ({ who: names.get(c.contestant.id), name: c.contestant.name, before: c.before, after: c.after })),
    rankChanges: {
      ...outcome.rankChanges,
      before: outcome.rankChanges.before.map((p) => ({ ...p, contestantId: names.get(p.contestantId) })),
      after: outcome.rankChanges.after.map((p) => ({ ...p, contestantId: names.get(p.contestantId) })),
    },
  };
}

const outcomes: Record<string, unknown> = {};

describe.each([
  ['SQLite', sqlite],
  ['PostgreSQL', postgres],
] as const)('corrections on %s', (name, open) => {
  it('a corrected key: the dry run answers what the regrade then does, keeping nothing; a second regrade finds nothing', async () => {
    const fixture = await open();
    const { store } = fixture;
    const first = await play(fixture, 1, 0, 3);
    const second = await play(fixture, 2, 1, 4);
    const third = await play(fixture, 3, 2, 5);
    const names = new Map([first, second, third].map((p, i) => [p.contestant.id, `person ${i + 1}`]));
    // The first person's first question gets another key: they lose that point, whoever answered it as the new key gains one.
    await fixture.setAnswer(first.first.questionId, (first.first.answer + 1) % first.first.options);
    const scoresBefore = await fixture.scores();

    const dry = await store.corrections.regrade(OPEN, true, 'Ban Giám khảo');
    if ('kind' in dry) throw new Error('contest missing');
    expect(await fixture.scores()).toEqual(scoresBefore);
    expect(await fixture.audit()).toEqual([]);
    expect(dry.attempts).toBe(3);
    expect(dry.changed.find((c) => c.attemptId === first.attemptId)).toMatchObject({ before: 20, after: 19 });
    for (const change of dry.changed) expect(Math.abs(change.after - change.before)).toBe(1);

    const applied = await store.corrections.regrade(OPEN, false, 'Ban Giám khảo');
    expect(applied).toEqual(dry);
    const scoresAfter = await fixture.scores();
    for (const change of dry.changed) expect(scoresAfter.get(change.attemptId)).toBe(change.after);
    expect(dry.rankChanges.after.map((p) => p.score)).toEqual([...scoresAfter.values()].sort((a, b) => b - a));
    expect((await fixture.audit()).map((e) => [e.actor, e.action, e.target, e.detail])).toEqual([
      [
        'Ban Giám khảo',
        'contest.regrade',
        OPEN,
        { attempts: 3, changed: dry.changed.length, contestants: dry.changed.length, rankMoves: dry.rankChanges.moved, resultsOutdated: false },
      ],
    ]);
    const again = await store.corrections.regrade(OPEN, false, 'Ban Giám khảo');
    expect(again).toMatchObject({ attempts: 3, changed: [], outdated: false, rankChanges: { moved: 0 } });
    expect(await store.corrections.regrade('khong-co', true, 'Ban Giám khảo')).toEqual({ kind: 'notFound', what: 'contest' });
    outcomes[name] = described(dry, names);
  });

  it('voids an attempt once, audited with the attempt as it was; grants extra tries to a contestant of the contest only', async () => {
    const fixture = await open();
    const { store } = fixture;
    const played = await play(fixture, 4, 0, 3);
    const voided = await store.corrections.voidAttempt(played.attemptId, 'Lỗi đường truyền được xác minh', 'Ban Tổ chức');
    if ('kind' in voided) throw new Error(`void refused: ${JSON.stringify(voided)}`);
    expect(voided.before.voidedAt).toBeNull();
    expect(voided.after).toMatchObject({ id: played.attemptId, status: 'submitted', score: 20, voidReason: 'Lỗi đường truyền được xác minh', voidedAt: fixture.clock.now().toISOString() });
    expect(await store.corrections.voidAttempt(played.attemptId, 'Lần nữa', 'Ban Tổ chức')).toEqual({ kind: 'alreadyVoided' });
    expect(await store.corrections.voidAttempt('khong-co', 'x', 'Ban Tổ chức')).toEqual({ kind: 'notFound', what: 'attempt' });

    const granted = await store.corrections.grant(OPEN, played.contestant.id, 2, 'Mất điện khi đang thi', 'Ban Tổ chức');
    if ('kind' in granted) throw new Error(`grant refused: ${JSON.stringify(granted)}`);
    expect(granted.contestant).toMatchObject({ id: played.contestant.id, extraAttempts: 2 });
    expect(granted.attemptsUsed).toBe(1);
    expect(await store.corrections.grant('thai-binh-2023', played.contestant.id, 1, 'x', 'Ban Tổ chức')).toEqual({ kind: 'notFound', what: 'contestant' });
    expect(await store.corrections.grant(OPEN, 'khong-co', 1, 'x', 'Ban Tổ chức')).toEqual({ kind: 'notFound', what: 'contestant' });

    expect((await fixture.audit()).map((e) => [e.action, e.target, e.detail])).toEqual([
      [
        'attempt.void',
        played.attemptId,
        {
          reason: 'Lỗi đường truyền được xác minh',
          contestantId: played.contestant.id,
          before: expect.objectContaining({ id: played.attemptId, status: 'submitted', score: 20, voided: false }),
        },
      ],
      ['contestant.grant', played.contestant.id, { reason: 'Mất điện khi đang thi', attempts: 2, extraBefore: 0 }],
    ]);
  });
});

describe('corrections on both stores', () => {
  it('the same journeys and the same corrected key give the same regrade on both', () => {
    expect(Object.keys(outcomes)).toEqual(['SQLite', 'PostgreSQL']);
    expect(outcomes.PostgreSQL).toEqual(outcomes.SQLite);
  });
});
