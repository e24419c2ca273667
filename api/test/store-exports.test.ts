import type { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../src/app.js';
import { getContest, saveContest } from '../src/db/contests.js';
import { refreshParticipation as refreshSqliteParticipation } from '../src/db/participation.js';
import { parseCsv } from '../src/domain/csv.js';
import { optionIdAt } from '../src/domain/option-ids.js';
import type { Round, RoundsRanking } from '../src/domain/rounds.js';
import { refreshParticipation } from '../src/store/postgres/figures.js';
import { postgresExports, type ExportPaging } from '../src/store/postgres/exports.js';
import { postgresStore } from '../src/store/postgres/index.js';
import { inTransaction } from '../src/store/postgres/pool.js';
import type { Client, Contestant, PortableStore } from '../src/store/store.js';
import { freshPostgresDatabase, type FreshDatabase } from './postgres.js';
import { resetAndSeed, seededSqliteStore, STORE_CONFIG, STORE_START } from './postgres-store.js';
import { seedDemoContests } from '../src/seed/demo.js';
import { freshDatabase, OPEN, ORGANISER_TOKEN, person, seededRandom, TestClock } from './support.js';

/**
 * The organisers' downloads on both stores (decision 0048): the same journeys, made through the
 * stores' use cases, give the same files byte for byte through the routes of `createApp` over each
 * store — CSV with its BOM, the XLSX archive (its entries dated with the request's time), the
 * ranking's JSON. Record ids are random in the product; here they are numbered in the order they
 * are made, so that the two stores make the same ids for the same journey.
 */
let nextId = 0;
vi.mock('../src/tokens.js', async (original) => ({
  ...(await original<typeof import('../src/tokens.js')>()),
  newId: () => (++nextId).toString(16).padStart(32, '0'),
}));

interface Fixture {
  /** What the console's bank editor does to a question: retired, its answers still exported. */
  retire(questionId: string, at: Date): Promise<void>;
  /** What the integrity review does to an attempt: voided, out of the ranking. */
  voidAttempt(attemptId: string, contestantId: string, at: Date): Promise<void>;
}
interface Env {
  app: Hono;
  store: PortableStore;
  clock: TestClock;
  fixture: Fixture;
}

const config = STORE_CONFIG;
const client: Client = { ip: '203.0.113.9', userAgent: 'store-exports-test', origin: undefined };
const body =
  <T>(value: T) =>
  async () =>
    value;

let database: FreshDatabase | undefined;
beforeAll(async () => {
  database = await freshPostgresDatabase('exports');
});
afterAll(async () => {
  await database?.drop();
});
beforeEach(() => {
  nextId = 0;
});

const ROUNDS: Round[] = [
  { id: 'vong-1', title: 'Vòng 1', startsAt: '2026-11-28T03:00:00.000Z', endsAt: '2026-11-28T04:00:00.000Z', questionsPerAttempt: null, maxAttempts: 2, prizes: null },
  { id: 'vong-2', title: 'Vòng 2', startsAt: '2026-11-28T04:00:00.000Z', endsAt: '2026-11-28T06:00:00.000Z', questionsPerAttempt: 5, maxAttempts: null, prizes: null },
];

/** The open contest's settings with two rounds ranked overall by `ranking` (the same text for both stores). */
function roundSettings(ranking: RoundsRanking): string {
  const db = freshDatabase();
  seedDemoContests(db, STORE_START);
  saveContest(db, { ...getContest(db, OPEN)!, rounds: ROUNDS, roundsRanking: ranking }, STORE_START);
  const { settings } = db.prepare('SELECT settings FROM contests WHERE slug = ?').get(OPEN) as { settings: string };
  db.close();
  return settings;
}

function sqliteEnv(rounds?: RoundsRanking): Env {
  const { store, clock, db } = seededSqliteStore();
  if (rounds) db.prepare('UPDATE contests SET settings = ? WHERE slug = ?').run(roundSettings(rounds), OPEN);
  return {
    app: createApp({ db, store, clock: clock.now, config, random: seededRandom() }),
    store,
    clock,
    fixture: {
      retire: async (questionId, at) => {
        db.prepare('UPDATE questions SET retired_at = ? WHERE contest_slug = ? AND id = ?').run(at.toISOString(), OPEN, questionId);
      },
      voidAttempt: async (attemptId, contestantId, at) => {
        db.prepare(`UPDATE attempts SET voided_at = ?, void_reason = 'Dùng hai thiết bị' WHERE id = ?`).run(at.toISOString(), attemptId);
        refreshSqliteParticipation(db, [contestantId]);
      },
    },
  };
}

/** The PostgreSQL store, emptied and seeded again; `paging` small: pages and reads end inside the data. */
async function postgresEnv(paging?: ExportPaging, rounds?: RoundsRanking): Promise<Env> {
  const clock = new TestClock(STORE_START);
  const pool = database!.pool;
  await resetAndSeed(pool, clock.now());
  if (rounds) await pool.query('UPDATE contests SET settings = $1 WHERE slug = $2', [roundSettings(rounds), OPEN]);
  const deps = { pool, clock: clock.now, random: seededRandom(), config };
  const portable = postgresStore(deps);
  const store = paging === undefined ? portable : { ...portable, exports: postgresExports(deps, paging) };
  return {
    app: createApp({ db: null, store, clock: clock.now, config, random: seededRandom() }),
    store,
    clock,
    fixture: {
      retire: async (questionId, at) => {
        await pool.query('UPDATE questions SET retired_at = $1 WHERE contest_slug = $2 AND id = $3', [at.toISOString(), OPEN, questionId]);
      },
      voidAttempt: async (attemptId, contestantId, at) => {
        await inTransaction(pool, async (db) => {
          await db.query(`UPDATE attempts SET voided_at = $1, void_reason = 'Dùng hai thiết bị' WHERE id = $2`, [at.toISOString(), attemptId]);
          await refreshParticipation(db, contestantId);
        });
      },
    },
  };
}

/** Person n registers in `unitId`; answers the contestant. */
async function register(env: Env, n: number, unitId: string, occupation = 'can-bo'): Promise<Contestant> {
  const registered = await env.store.contestants.register(
    OPEN,
    body(person(n, { fullName: `Thí Sinh ${'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[n % 26]}`, unitId, occupation, email: n % 2 ? `thi.sinh${n}@example.vn` : undefined })),
    client,
  );
  if (registered.kind !== 'registered') throw new Error(`registration refused: ${JSON.stringify(registered)}`);
  return registered.contestant;
}

/** An attempt with `correct` right answers (and one wrong), submitted after `minutes`; answers its id. */
async function play(env: Env, contestant: Contestant, correct: number, minutes: number, prediction: number | null = 10): Promise<string> {
  const started = await env.store.attempts.start(contestant, OPEN, body(undefined), client);
  if (started.kind !== 'started') throw new Error(`start refused: ${JSON.stringify(started)}`);
  const answers: Record<string, string> = Object.fromEntries(
    started.questions.slice(0, correct).map((q) => [q.questionId, optionIdAt(q.optionOrder.indexOf(q.answer))]),
  );
  const wrong = started.questions[correct];
  if (wrong) answers[wrong.questionId] = optionIdAt(wrong.optionOrder.indexOf((wrong.answer + 1) % wrong.optionOrder.length));
  env.clock.advance(minutes * 60_000);
  const submitted = await env.store.attempts.submit(contestant.id, started.attempt.id, body({ answers, ...(prediction === null ? {} : { prediction }) }));
  if (submitted.kind !== 'submitted' && submitted.kind !== 'received') throw new Error(`submit refused: ${JSON.stringify(submitted)}`);
  return started.attempt.id;
}

/**
 * The same contest on either store: contestants in several units and occupations, ties in a score
 * block, a person with two contending predictions at one score, a second better attempt, a voided
 * attempt, a registration without attempts, answers saved on an attempt left open until it falls
 * due (the download finalises it), and a retired question whose answers are still listed.
 */
async function journeys(env: Env, withRounds = false): Promise<void> {
  await env.store.accessCodes.create(ORGANISER_TOKEN, { name: 'Ban Tổ chức', role: 'organiser', scope: null }, 'Kiểm thử');
  const units = ['tp-thai-binh', 'so-tt-tt', 'so-noi-vu'];
  const people: Contestant[] = [];
  for (let n = 1; n <= 7; n++) people.push(await register(env, n, units[n % units.length]!, n === 4 ? 'nhan-dan' : 'can-bo'));
  await play(env, people[0]!, 6, 5, 120);
  await play(env, people[1]!, 6, 3, 80);
  await play(env, people[2]!, 6, 4, null);
  await play(env, people[3]!, 6, 4, 95);
  await play(env, people[0]!, 9, 6, 11);
  // Two attempts at one score with different predictions: both contend for the person's place.
  await play(env, people[4]!, 6, 2, 300);
  await play(env, people[4]!, 6, 7, 4);
  const voided = await play(env, people[5]!, 10, 2, 7);
  await env.fixture.voidAttempt(voided, people[5]!.id, env.clock.now());
  // Person 7 saves answers and never submits; person 3 is registered only once more below.
  const open = await env.store.attempts.start(people[6]!, OPEN, body(undefined), client);
  if (open.kind !== 'started') throw new Error(`start refused: ${JSON.stringify(open)}`);
  const first = open.questions[0]!;
  const saved = await env.store.attempts.save(people[6]!.id, open.attempt.id, body({ answers: { [first.questionId]: optionIdAt(first.optionOrder.indexOf(first.answer)) } }));
  if (saved.kind !== 'saved') throw new Error(`save refused: ${JSON.stringify(saved)}`);
  await register(env, 8, 'so-noi-vu');
  // Past the open attempt's deadline (15 minutes): the downloads finalise it. With rounds, this is the second round.
  env.clock.advance(60 * 60_000);
  if (withRounds) {
    await play(env, people[1]!, 4, 3, 12);
    await play(env, people[3]!, 2, 4, null);
  }
  // Last: SQLite's store keeps the bank it draws from, which a write beside the store does not renew.
  await env.fixture.retire(first.questionId, env.clock.now());
}

/** Pages of 2 rows; a score block read 3 rows at a time, so reads and pages end in different places. */
const SMALL_PAGES: ExportPaging = { pageSize: 2, rankingRead: 3 };

const DOWNLOADS = [
  'ranking?format=json',
  'ranking?format=csv',
  'ranking?format=xlsx',
  'attempts?format=csv',
  'attempts?format=xlsx',
  'contestants?format=csv',
  'contestants?format=xlsx',
] as const;

async function download(env: Env, path: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const response = await env.app.request(`/api/admin/contests/${OPEN}/${path}`, { headers: { Authorization: `Bearer ${ORGANISER_TOKEN}` } });
  return { status: response.status, type: response.headers.get('Content-Type'), bytes: Buffer.from(await response.arrayBuffer()) };
}

/** Every download of the contest, by path, from a fresh journey on `env`. */
async function everyDownload(env: Env, withRounds = false): Promise<Map<string, { status: number; type: string | null; bytes: Buffer }>> {
  nextId = 0;
  await journeys(env, withRounds);
  const files = new Map<string, { status: number; type: string | null; bytes: Buffer }>();
  for (const path of DOWNLOADS) files.set(path, await download(env, path));
  return files;
}

describe('the organisers’ downloads on PostgreSQL', () => {
  it('are byte for byte those of SQLite for the same journeys: CSV with BOM, XLSX, JSON', async () => {
    const sqlite = await everyDownload(sqliteEnv());
    const postgres = await everyDownload(await postgresEnv());
    for (const path of DOWNLOADS) {
      const [a, b] = [sqlite.get(path)!, postgres.get(path)!];
      expect(a.status, path).toBe(200);
      expect(b.status, `${path}: ${b.bytes.toString('utf8', 0, 300)}`).toBe(200);
      expect(b.type, path).toBe(a.type);
      expect(b.bytes.toString('hex'), path).toBe(a.bytes.toString('hex'));
    }
    // What the files hold: the open attempt finalised, the void, the retired question's column, every person.
    const attempts = parseCsv(sqlite.get('attempts?format=csv')!.bytes.toString('utf8').replace(/^\uFEFF/, ''));
    expect(attempts).toHaveLength(1 + 9);
    expect(attempts.slice(1).every((row) => row[8] === 'Đã nộp')).toBe(true);
    expect(attempts.slice(1).filter((row) => row[18] === 'Có')).toHaveLength(1);
    expect(sqlite.get('attempts?format=csv')!.bytes.subarray(0, 3).toString('hex')).toBe('efbbbf');
    expect(parseCsv(sqlite.get('contestants?format=csv')!.bytes.toString('utf8').replace(/^\uFEFF/, ''))).toHaveLength(1 + 8);
    const ranking = JSON.parse(sqlite.get('ranking?format=json')!.bytes.toString('utf8')) as { entries: { rank: number; score: number; contestantId: string }[] };
    expect(ranking.entries.map((e) => e.rank)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new Set(ranking.entries.map((e) => e.contestantId)).size).toBe(6);
  });

  it('read in keyset pages that end inside the data give the same files (pages of 2 rows, reads of 3 inside a score block)', async () => {
    const sqlite = await everyDownload(sqliteEnv());
    const postgres = await everyDownload(await postgresEnv(SMALL_PAGES));
    for (const path of DOWNLOADS) {
      expect(postgres.get(path)!.status, path).toBe(200);
      expect(postgres.get(path)!.bytes.toString('hex'), path).toBe(sqlite.get(path)!.bytes.toString('hex'));
    }
  });

  it.each(['sum', 'final'] as const)('with rounds ranked overall by %s, in pages of 2 rows, are those of SQLite', async (ranking) => {
    const sqlite = await everyDownload(sqliteEnv(ranking), true);
    const postgres = await everyDownload(await postgresEnv(SMALL_PAGES, ranking), true);
    for (const path of DOWNLOADS) {
      expect(sqlite.get(path)!.status, path).toBe(200);
      expect(postgres.get(path)!.bytes.toString('hex'), path).toBe(sqlite.get(path)!.bytes.toString('hex'));
    }
    const { entries } = JSON.parse(sqlite.get('ranking?format=json')!.bytes.toString('utf8')) as { entries: { score: number }[] };
    expect(entries.length, ranking).toBe(ranking === 'sum' ? 6 : 2);
  });

  it('record each download as a read of personal data: who, what, how — never whose', async () => {
    const env = await postgresEnv();
    await journeys(env);
    for (const path of ['ranking?format=csv', 'attempts?format=xlsx', 'contestants?format=csv']) expect((await download(env, path)).status).toBe(200);
    const { rows } = await database!.pool.query<{ actor: string; action: string; target: string; detail: string }>(
      `SELECT actor, action, target, detail FROM audit_log WHERE action LIKE 'read.%' ORDER BY id`,
    );
    expect(rows).toEqual([
      { actor: 'Ban Tổ chức', action: 'read.ranking', target: OPEN, detail: '{"format":"csv"}' },
      { actor: 'Ban Tổ chức', action: 'read.attempts', target: OPEN, detail: '{"format":"xlsx"}' },
      { actor: 'Ban Tổ chức', action: 'read.contestants', target: OPEN, detail: '{"format":"csv"}' },
    ]);
  });

  it('answer 404 for an unknown contest whatever the query, 400 for an unknown format, 401 without a code, and record nothing then', async () => {
    const env = await postgresEnv();
    await journeys(env);
    const get = (path: string, token: string | null = ORGANISER_TOKEN) =>
      env.app.request(`/api/admin/contests/${path}`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
    expect((await get('khong-co/attempts?format=pdf')).status).toBe(404);
    expect((await get(`${OPEN}/attempts?format=pdf`)).status).toBe(400);
    expect((await get(`${OPEN}/ranking?format=pdf`)).status).toBe(400);
    expect((await get(`${OPEN}/contestants`, null)).status).toBe(401);
    const { rows } = await database!.pool.query(`SELECT 1 FROM audit_log WHERE action LIKE 'read.%'`);
    expect(rows).toEqual([]);
  });
});
