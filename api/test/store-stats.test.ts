import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connection.js';
import { getContest, saveContest } from '../src/db/contests.js';
import { optionIdAt } from '../src/domain/option-ids.js';
import type { Round } from '../src/domain/rounds.js';
import { seedDemoContests } from '../src/seed/demo.js';
import { postgresStore } from '../src/store/postgres/index.js';
import { createPool } from '../src/store/postgres/pool.js';
import type { Client, Contestant, Store } from '../src/store/store.js';
import { freshPostgresDatabase, type FreshDatabase } from './postgres.js';
import { resetAndSeed, seededSqliteStore, STORE_CONFIG, STORE_START } from './postgres-store.js';
import { freshDatabase, OPEN, person, seededRandom, TestClock } from './support.js';

/**
 * The organisers' participation figures (`stats`) through the store's use cases (decision 0043),
 * on both stores; the same journeys give the same figures, and the same download of one person's
 * data, on both. Last, an erasure on one node meeting the same person's submit on another.
 */
type Stores = Pick<Store, 'contestants' | 'attempts' | 'stats' | 'personalData'>;
type StoreUnderTest = () => Promise<{ store: Stores; clock: TestClock; fixture: { setRounds(rounds: Round[]): Promise<void> } }>;

const START = STORE_START;
const DAY = 86_400_000;
const MINUTE = 60_000;
const config = STORE_CONFIG;

/** Gives the open contest `rounds`, as the organisers' edit would (saveContest on a SQLite file). */
function saveRounds(db: Db, rounds: Round[]): void {
  saveContest(db, { ...getContest(db, OPEN)!, rounds }, START);
}

const sqlite: StoreUnderTest = async () => {
  const { store, clock, db } = seededSqliteStore();
  return {
    store,
    clock,
    fixture: { setRounds: async (rounds) => saveRounds(db, rounds) },
  };
};

let database: FreshDatabase | undefined;
beforeAll(async () => {
  database = await freshPostgresDatabase('stats');
});
afterAll(async () => {
  await database?.drop();
});

/** One database for the file, emptied and seeded again for each case; contest edits are made on a seeded SQLite twin and copied (same columns). */
const postgres: StoreUnderTest = async () => {
  const clock = new TestClock(START);
  await resetAndSeed(database!.pool, clock.now());
  const twin = freshDatabase();
  seedDemoContests(twin, clock.now());
  return {
    store: postgresStore({ pool: database!.pool, clock: clock.now, random: seededRandom(), config }),
    clock,
    fixture: {
      async setRounds(rounds) {
        saveRounds(twin, rounds);
        const row = twin.prepare('SELECT * FROM contests WHERE slug = ?').get(OPEN) as Record<string, unknown>;
        const columns = Object.keys(row).filter((column) => column !== 'slug');
        await database!.pool.query(`UPDATE contests SET ${columns.map((c, i) => `${c} = $${i + 1}`).join(', ')} WHERE slug = $${columns.length + 1}`, [
          ...columns.map((c) => row[c]),
          OPEN,
        ]);
      },
    },
  };
};

const ROUNDS: Round[] = [
  { id: 'v1', title: 'Vòng 1', startsAt: new Date(START.getTime() - DAY).toISOString(), endsAt: new Date(START.getTime() + DAY).toISOString(), questionsPerAttempt: null, maxAttempts: null, prizes: null },
  { id: 'v2', title: 'Vòng 2', startsAt: new Date(START.getTime() + DAY).toISOString(), endsAt: new Date(START.getTime() + 3 * DAY).toISOString(), questionsPerAttempt: null, maxAttempts: null, prizes: null },
];

const body =
  <T>(value: T) =>
  async () =>
    value;
const clientFrom = (origin: string | undefined): Client => ({ ip: '203.0.113.11', userAgent: 'store-stats-test', origin });

/** Seven people in units of both groups (and one without a group), with several occupations and host sites. */
const PEOPLE = [
  { unitId: 'tp-thai-binh', occupation: 'can-bo', origin: 'https://baothaibinh.example.vn' },
  { unitId: 'dong-hung', occupation: 'luc-luong-vu-trang', origin: undefined },
  { unitId: 'hung-ha', occupation: 'doan-vien', origin: 'https://tinhdoan.example.vn' },
  { unitId: 'cong-an-tinh', occupation: 'can-bo', origin: 'https://baothaibinh.example.vn' },
  { unitId: 'so-y-te', occupation: 'hoc-sinh', origin: undefined },
  { unitId: 'khac', occupation: 'sinh-vien', origin: undefined },
  { unitId: 'tp-thai-binh', occupation: 'sinh-vien', origin: undefined },
];

interface Person {
  contestant: Contestant;
  client: Client;
}

async function registerAll(store: Stores): Promise<Person[]> {
  const people: Person[] = [];
  for (const [i, who] of PEOPLE.entries()) {
    const client = clientFrom(who.origin);
    const outcome = await store.contestants.register(OPEN, body(person(i + 1, { unitId: who.unitId, occupation: who.occupation })), client);
    if (outcome.kind !== 'registered') throw new Error(`registration refused: ${JSON.stringify(outcome)}`);
    people.push({ contestant: outcome.contestant, client });
  }
  return people;
}

async function start(store: Stores, who: Person) {
  const started = await store.attempts.start(who.contestant, OPEN, body(undefined), who.client);
  if (started.kind !== 'started') throw new Error(`start refused: ${JSON.stringify(started)}`);
  return started;
}

/** Starts an attempt, answers `correct` questions right (the rest wrong), and submits it after `minutes`. */
async function play(store: Stores, clock: TestClock, who: Person, correct: number, minutes: number, prediction: number): Promise<string> {
  const started = await start(store, who);
  const answers = Object.fromEntries(
    started.questions.map((q, k) => [q.questionId, optionIdAt(q.optionOrder.indexOf(k < correct ? q.answer : (q.answer + 1) % q.options.length))]),
  );
  clock.advance(minutes * MINUTE);
  const submitted = await store.attempts.submit(who.contestant.id, started.attempt.id, body({ answers, prediction }));
  if (submitted.kind !== 'submitted' && submitted.kind !== 'received') throw new Error(`submit refused: ${JSON.stringify(submitted)}`);
  return started.attempt.id;
}

async function contestStats(store: Stores) {
  const outcome = await store.stats.contest(OPEN);
  if (outcome.kind !== 'stats') throw new Error(`no stats: ${JSON.stringify(outcome)}`);
  return outcome.stats;
}

async function roundStats(store: Stores, roundId: string) {
  const outcome = await store.stats.round(OPEN, roundId);
  if (outcome.kind !== 'stats') throw new Error(`no stats: ${JSON.stringify(outcome)}`);
  return outcome.stats;
}

describe.each([
  ['SQLite', sqlite],
  ['PostgreSQL', postgres],
] as const)('store (%s): participation figures', (_name, storeUnderTest) => {
  it('answers an unknown contest, and an unknown round of a known one, as missing', async () => {
    const { store, fixture } = await storeUnderTest();
    expect(await store.stats.contest('khong-co-cuoc-thi-nay')).toEqual({ kind: 'notFound', what: 'contest' });
    expect(await store.stats.round('khong-co-cuoc-thi-nay', 'v1')).toEqual({ kind: 'notFound', what: 'contest' });
    await fixture.setRounds(ROUNDS);
    expect(await store.stats.round(OPEN, 'v9')).toEqual({ kind: 'notFound', what: 'round' });
  });

  it('counts people and attempts by unit (a group sums its units), occupation, site, day and score; an overdue attempt is counted first', async () => {
    const { store, clock } = await storeUnderTest();
    const people = await registerAll(store);
    await play(store, clock, people[0]!, 20, 5, 10);
    await play(store, clock, people[1]!, 12, 3, 7);
    await play(store, clock, people[3]!, 8, 4, 9);
    await play(store, clock, people[0]!, 15, 2, 10);
    const overdue = await start(store, people[4]!);
    clock.set(overdue.attempt.deadline);
    await start(store, people[2]!);

    const stats = await contestStats(store);
    expect(stats.totals).toEqual({ registered: 7, participants: 4, attempts: 5, perfectAttempts: 1, inProgress: 1, voided: 0 });
    const unit = (id: string) => stats.byUnit.find((u) => u.unitId === id)!;
    expect(unit('tp-thai-binh')).toMatchObject({ participants: 1, attempts: 2, averageScore: 20 });
    expect(unit('dong-hung')).toMatchObject({ participants: 1, attempts: 1, averageScore: 12 });
    expect(unit('huyen-thanh-pho')).toMatchObject({ participants: 2, attempts: 3, averageScore: 16 });
    expect(unit('co-quan-tinh')).toMatchObject({ participants: 2, attempts: 2, averageScore: 4 });
    expect(unit('so-y-te')).toMatchObject({ participants: 1, attempts: 1, averageScore: 0 });
    expect(unit('hung-ha')).toMatchObject({ participants: 0, attempts: 0, averageScore: null });
    expect(stats.byOccupation).toEqual([
      { occupation: 'can-bo', participants: 2, attempts: 3, name: 'Cán bộ, công chức, viên chức, người lao động' },
      { occupation: 'hoc-sinh', participants: 1, attempts: 1, name: 'Học sinh THPT, giáo dục nghề nghiệp – giáo dục thường xuyên' },
      { occupation: 'luc-luong-vu-trang', participants: 1, attempts: 1, name: 'Lực lượng vũ trang' },
    ]);
    expect(stats.bySource.map((s) => s.source).sort()).toEqual(['', 'baothaibinh.example.vn']);
    expect(stats.byDay).toEqual([{ day: '2026-11-28', participants: 4, attempts: 5 }]);
    expect(stats.scoreDistribution).toEqual([
      { score: 0, attempts: 1 },
      { score: 8, attempts: 1 },
      { score: 12, attempts: 1 },
      { score: 15, attempts: 1 },
      { score: 20, attempts: 1 },
    ]);
    expect(stats.collectiveCriterion).toBeTruthy();
  });

  it('counts one round: participants, attempts, those in progress, the average best score and the prediction figure', async () => {
    const { store, clock, fixture } = await storeUnderTest();
    await fixture.setRounds(ROUNDS);
    const people = await registerAll(store);
    await play(store, clock, people[0]!, 10, 5, 3);
    await play(store, clock, people[0]!, 14, 5, 3);
    await play(store, clock, people[1]!, 6, 5, 3);
    const overdue = await start(store, people[2]!);
    clock.set(overdue.attempt.deadline);
    await start(store, people[3]!);
    expect(await roundStats(store, 'v1')).toEqual({
      roundId: 'v1',
      status: 'open',
      participants: 3,
      attempts: 4,
      inProgress: 1,
      averageBestScore: (14 + 6 + 0) / 3,
      actual: 3,
      resultsPublishedAt: null,
    });
    expect(await roundStats(store, 'v2')).toEqual({
      roundId: 'v2',
      status: 'upcoming',
      participants: 0,
      attempts: 0,
      inProgress: 0,
      averageBestScore: null,
      actual: 0,
      resultsPublishedAt: null,
    });
  });
});

/**
 * The same journeys on both stores, in two rounds on two days: submissions, a second attempt, a
 * time-out finalised by the read, attempts left in progress; a request filed. What each read answers.
 */
async function journeys(store: Stores, clock: TestClock): Promise<{ reads: unknown[]; people: Person[] }> {
  const reads: unknown[] = [];
  const people = await registerAll(store);
  await play(store, clock, people[0]!, 18, 4, 6);
  await play(store, clock, people[1]!, 11, 6, 5);
  await play(store, clock, people[2]!, 11, 3, 4);
  await play(store, clock, people[3]!, 7, 9, 6);
  await play(store, clock, people[4]!, 20, 12, 8);
  await play(store, clock, people[0]!, 19, 5, 6);
  const overdue = await start(store, people[5]!);
  clock.set(new Date(Date.parse(overdue.attempt.deadline) + 5 * MINUTE));
  await start(store, people[2]!);
  reads.push(await contestStats(store), await roundStats(store, 'v1'), await roundStats(store, 'v2'));
  await store.personalData.fileRequest(people[0]!.contestant.id, OPEN, body({ kind: 'question' as const, message: 'Dữ liệu của tôi được lưu ở đâu?' }));

  clock.set(new Date(START.getTime() + DAY + MINUTE));
  await play(store, clock, people[0]!, 9, 4, 7);
  await play(store, clock, people[3]!, 16, 8, 7);
  await play(store, clock, people[5]!, 3, 2, 2);
  await start(store, people[1]!);
  reads.push(await contestStats(store), await roundStats(store, 'v1'), await roundStats(store, 'v2'));
  return { reads, people };
}

/** A download with the ids each store draws at random (registration, attempts, requests) named by their order of appearance. */
function withoutDrawnIds(data: unknown, ids: readonly string[]): string {
  let text = JSON.stringify(data);
  const seen = ids.filter((id) => text.includes(id)).sort((a, b) => text.indexOf(a) - text.indexOf(b));
  for (const [i, id] of seen.entries()) text = text.replaceAll(id, `<id ${i}>`);
  return text;
}

describe('store: SQLite and PostgreSQL count the same', () => {
  it('the same journeys give the same contest and round figures, and the same download of a person’s data', async () => {
    const sqliteCase = await sqlite();
    const postgresCase = await postgres();
    await sqliteCase.fixture.setRounds(ROUNDS);
    await postgresCase.fixture.setRounds(ROUNDS);
    const onSqlite = await journeys(sqliteCase.store, sqliteCase.clock);
    const onPostgres = await journeys(postgresCase.store, postgresCase.clock);
    expect(onPostgres.reads).toEqual(onSqlite.reads);
    // Same order of keys too: the routes answer these objects as JSON.
    expect(JSON.stringify(onPostgres.reads)).toBe(JSON.stringify(onSqlite.reads));
    const [first, , , later] = onSqlite.reads as Awaited<ReturnType<typeof contestStats>>[];
    expect(first!.byUnit.find((u) => u.unitId === 'co-quan-tinh')).toMatchObject({ participants: 2, attempts: 2 });
    expect(later!.byDay.map((d) => d.day)).toEqual(['2026-11-28', '2026-11-29']);

    const download = async (store: Stores, who: Person) => {
      const outcome = await store.personalData.export(who.contestant.id, OPEN);
      if (outcome.kind !== 'data') throw new Error(`no export: ${JSON.stringify(outcome)}`);
      const ids = [who.contestant.id, ...outcome.data.attempts.map((a) => a.id), ...outcome.data.dataRequests.map((r) => r.id)];
      return { data: withoutDrawnIds(outcome.data, ids), at: outcome.at, slug: outcome.contest.slug, attempts: outcome.data.attempts.length };
    };
    const sqliteDownload = await download(sqliteCase.store, onSqlite.people[0]!);
    expect(await download(postgresCase.store, onPostgres.people[0]!)).toEqual(sqliteDownload);
    expect(sqliteDownload.attempts).toBe(3);
  });
});

describe('PostgreSQL store: an erasure on one node while the same person submits on another', () => {
  const pools: pg.Pool[] = [];
  afterAll(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.end()));
  });

  async function count(sql: string, values: unknown[] = []): Promise<number> {
    return Number((await database!.pool.query<{ n: number }>(sql, values)).rows[0]!.n);
  }

  /**
   * Starts the calls one after another with `table` locked (ACCESS EXCLUSIVE) from another
   * connection, each once the ones before it wait on a lock (the table, or a row another holds),
   * then lets them all go: so the first holds the person's row when the second asks for it,
   * however the machine schedules them. A call that ends before reaching the gate stops the wait.
   */
  async function inOrder<T>(table: string, calls: (() => Promise<T>)[]): Promise<T[]> {
    const gate = await database!.pool.connect();
    try {
      await gate.query('BEGIN');
      await gate.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
      let settled = 0;
      const running: Promise<T>[] = [];
      const waiters = () =>
        count(`SELECT COUNT(DISTINCT l.pid) AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE NOT l.granted AND a.datname = current_database()`);
      for (const call of calls) {
        running.push(call().finally(() => settled++));
        while (settled === 0 && (await waiters()) < running.length) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await gate.query('COMMIT');
      return await Promise.all(running);
    } finally {
      gate.release();
    }
  }

  /** Two nodes on pools of their own; person 1 registered, an attempt started, the first question answered. */
  async function twoNodes() {
    const clock = new TestClock(START);
    await resetAndSeed(database!.pool, clock.now());
    const nodes = [1, 2].map((n) => {
      const pool = createPool({ url: database!.url, poolSize: 2, applicationName: `stats test node ${n}` });
      pools.push(pool);
      return postgresStore({ pool, clock: clock.now, random: seededRandom(n), config });
    });
    const [eraser, submitter] = [nodes[0]!, nodes[1]!];
    const client = clientFrom(undefined);
    const registered = await submitter.contestants.register(OPEN, body(person(1)), client);
    if (registered.kind !== 'registered') throw new Error(`registration refused: ${JSON.stringify(registered)}`);
    const who: Person = { contestant: registered.contestant, client };
    const started = await start(submitter, who);
    const answers = { [started.questions[0]!.questionId]: optionIdAt(started.questions[0]!.optionOrder.indexOf(started.questions[0]!.answer)) };
    return { eraser, submitter, who, attemptId: started.attempt.id, answers };
  }

  /** Nothing of the person is left but the erasure's audit entry and the tries kept under their ID number's hash; no figure counts them. */
  async function nothingLeft(contestantId: string, attemptId: string) {
    for (const [table, column, id] of [
      ['contestants', 'id', contestantId],
      ['contestant_tokens', 'contestant_id', contestantId],
      ['attempts', 'contestant_id', contestantId],
      ['attempt_questions', 'attempt_id', attemptId],
      ['attempt_answers', 'attempt_id', attemptId],
      ['standings', 'contestant_id', contestantId],
      ['participation', 'contestant_id', contestantId],
    ] as const) {
      expect(await count(`SELECT COUNT(*) AS n FROM ${table} WHERE ${column} = $1`, [id]), table).toBe(0);
    }
    expect(await count(`SELECT COALESCE(SUM(participants), 0) + COALESCE(SUM(attempts), 0) AS n FROM unit_participation WHERE contest_slug = $1`, [OPEN])).toBe(0);
    expect(await count(`SELECT COALESCE(SUM(participants), 0) AS n FROM contest_figures WHERE contest_slug = $1 AND dimension = 'registered'`, [OPEN])).toBe(0);
    expect(await count(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'contestant.erase' AND target = $1`, [contestantId])).toBe(1);
    return (await database!.pool.query<{ attempts: number; in_progress: number }>('SELECT attempts, in_progress FROM erasure_limits')).rows;
  }

  it('the submit holds the person first: it completes, and the erasure then erases the submitted attempt', async () => {
    const { eraser, submitter, who, attemptId, answers } = await twoNodes();
    // The submit writes its answers at the gate, holding the person's row; the erasure waits for that row.
    const [submitted, erased] = await inOrder<unknown>('attempt_answers', [
      () => submitter.attempts.submit(who.contestant.id, attemptId, body({ answers, prediction: 5 })),
      () => eraser.personalData.erase(who.contestant, OPEN, body({ confirm: true })),
    ]);
    expect(submitted).toMatchObject({ attempt: { id: attemptId, status: 'submitted', score: 1 } });
    expect(erased).toMatchObject({ kind: 'erased' });
    // The submitted attempt was erased as such: one try used, none in progress.
    expect(await nothingLeft(who.contestant.id, attemptId)).toEqual([{ attempts: 1, in_progress: 0 }]);
    expect(await count(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'contestant.erase' AND detail::jsonb ->> 'attempts' = '1'`)).toBe(1);
  });

  it('the erasure holds the person first: it completes, and the submit then finds no attempt', async () => {
    const { eraser, submitter, who, attemptId, answers } = await twoNodes();
    // The erasure keeps the tries at the gate, holding the person's row; the submit waits for that row.
    const [erased, submitted] = await inOrder<unknown>('erasure_limits', [
      () => eraser.personalData.erase(who.contestant, OPEN, body({ confirm: true })),
      () => submitter.attempts.submit(who.contestant.id, attemptId, body({ answers, prediction: 5 })),
    ]);
    expect(erased).toMatchObject({ kind: 'erased' });
    expect(submitted).toEqual({ kind: 'notFound', what: 'attempt' });
    // The attempt was erased in progress: it counts as a try used.
    expect(await nothingLeft(who.contestant.id, attemptId)).toEqual([{ attempts: 1, in_progress: 1 }]);
  });
});
