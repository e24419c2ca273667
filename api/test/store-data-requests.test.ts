import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonalDataPurgeCounts } from '../src/db/personal-data.js';
import { nameInitials } from '../src/domain/personal-data.js';
import { postgresStore } from '../src/store/postgres/index.js';
import { createPool } from '../src/store/postgres/pool.js';
import type { AnsweredRequest, Client, Contestant, PortableStore } from '../src/store/store.js';
import { freshPostgresDatabase, type FreshDatabase } from './postgres.js';
import { seededPostgresStore, seededSqliteStore, STORE_CONFIG } from './postgres-store.js';
import { CLOSED, OPEN, person, seededRandom, type TestClock } from './support.js';

/**
 * The committee's side of personal data through the store (decision 0043) on both stores: the
 * requests contestants filed, listed and answered once; the purge after the retention date, a dry
 * run counting what the purge then erases. The same answers, rows and audit entries on both.
 */
type Stores = Pick<PortableStore, 'contestants' | 'attempts' | 'personalData' | 'setup'>;
interface Fixture {
  store: Stores;
  clock: TestClock;
  audit(): Promise<{ actor: string; action: string; target: string; detail: unknown }[]>;
  /** The contest's contestants as stored, in id order. */
  contestants(): Promise<{ id: string; idNumber: string; phone: string; fullName: string; email: string | null; ip: string | null }[]>;
  exclusions(): Promise<string[]>;
}

const client: Client = { ip: '203.0.113.51', userAgent: 'store-data-requests-test', origin: undefined };
const body =
  <T>(value: T) =>
  async () =>
    value;
const parsed = (rows: { actor: string; action: string; target: string; detail: string | null }[]) =>
  rows.map((e) => ({ ...e, detail: e.detail === null ? null : JSON.parse(e.detail) }));
const AUDITED = `action IN ('dataRequest.answer', 'personalData.purge')`;
const CONTESTANTS = `SELECT id, id_number AS "idNumber", phone, full_name AS "fullName", email, ip FROM contestants WHERE contest_slug = '${OPEN}' ORDER BY id`;

let database: FreshDatabase | undefined;
beforeAll(async () => {
  database = await freshPostgresDatabase('data_requests');
});
afterAll(async () => {
  await database?.drop();
});

const sqlite = async (): Promise<Fixture> => {
  const { store, clock, db } = seededSqliteStore();
  return {
    store,
    clock,
    audit: async () => parsed(db.prepare(`SELECT actor, action, target, detail FROM audit_log WHERE ${AUDITED} ORDER BY id`).all() as never),
    contestants: async () => db.prepare(CONTESTANTS).all() as never,
    exclusions: async () => (db.prepare('SELECT value FROM exclusions WHERE contest_slug = ? ORDER BY value').all(OPEN) as { value: string }[]).map((r) => r.value),
  };
};

const postgres = async (): Promise<Fixture> => {
  const { store, clock } = await seededPostgresStore(database!.pool);
  const pool = database!.pool;
  return {
    store,
    clock,
    audit: async () => parsed((await pool.query(`SELECT actor, action, target, detail FROM audit_log WHERE ${AUDITED} ORDER BY id`)).rows),
    contestants: async () => (await pool.query(CONTESTANTS)).rows,
    exclusions: async () => (await pool.query('SELECT value FROM exclusions WHERE contest_slug = $1 ORDER BY value', [OPEN])).rows.map((r) => r.value),
  };
};

async function registered(store: Stores, n: number, fullName: string, email?: string): Promise<Contestant> {
  const outcome = await store.contestants.register(OPEN, body(person(n, { fullName, ...(email ? { email } : {}) })), client);
  if (outcome.kind !== 'registered') throw new Error(`registration refused: ${JSON.stringify(outcome)}`);
  return outcome.contestant;
}

const outcomes: Record<string, unknown> = {};

describe.each([
  ['SQLite', sqlite],
  ['PostgreSQL', postgres],
] as const)('the committee’s side of personal data on %s', (name, open) => {
  it('lists requests newest first, answers one once; a dry run counts what the purge then erases, audited once', async () => {
    const fixture = await open();
    const { store, clock } = fixture;
    const lan = await registered(store, 1, 'Nguyễn Thị Lan', 'lan@example.vn');
    const binh = await registered(store, 2, 'Trần Văn Bình');
    const hoa = await registered(store, 3, 'Lê Thị Hoa');
    const started = await store.attempts.start(lan, OPEN, body(undefined), client);
    expect(started.kind).toBe('started');
    // Hoa turns out to be a member of the secretariat: the list keeps her out by her phone.
    await store.setup.replaceExclusions(OPEN, 'Ban Tổ chức', body({ idNumbers: ['034090999999'], phones: [person(3).phone] }));

    const filed = [];
    for (const [who, kind, message] of [
      [lan, 'correction', 'Xin sửa họ tên thành Nguyễn Thị Lan Anh'],
      [binh, 'question', 'Dữ liệu của tôi được lưu đến khi nào?'],
    ] as const) {
      clock.advance(60_000);
      const outcome = await store.personalData.fileRequest(who.id, OPEN, body({ kind, message }));
      if (outcome.kind !== 'filed') throw new Error(`request refused: ${JSON.stringify(outcome)}`);
      filed.push(outcome.request);
    }
    const [correction, question] = filed as [(typeof filed)[number], (typeof filed)[number]];
    const listed = await store.personalData.requests(OPEN);
    expect(listed.map((r) => [r.id, r.contestantId, r.contestantName, r.kind, r.status])).toEqual([
      [question.id, binh.id, 'Trần Văn Bình', 'question', 'open'],
      [correction.id, lan.id, 'Nguyễn Thị Lan', 'correction', 'open'],
    ]);
    expect(listed[0]!.unitName).not.toBe('');
    expect(await store.personalData.requests(CLOSED)).toEqual([]);

    clock.advance(60_000);
    const answer = { status: 'answered' as const, answer: 'Đã sửa họ tên theo CCCD' };
    const answered = await store.personalData.answerRequest(OPEN, correction.id, answer, 'Ban Tổ chức');
    expect(answered).toEqual({
      kind: 'answered',
      request: { ...correction, status: 'answered', answer: answer.answer, answeredAt: clock.now().toISOString(), answeredBy: 'Ban Tổ chức' },
    });
    expect(await store.personalData.answerRequest(OPEN, correction.id, answer, 'Ban Tổ chức')).toEqual({ kind: 'alreadyAnswered' });
    expect(await store.personalData.answerRequest(CLOSED, question.id, answer, 'Ban Tổ chức')).toEqual({ kind: 'noRequest' });
    expect(await store.personalData.answerRequest(OPEN, 'khong-co', answer, 'Ban Tổ chức')).toEqual({ kind: 'noRequest' });

    const before = await fixture.contestants();
    const dry = await store.personalData.purge(OPEN, true, 'Ban Giám khảo');
    expect(dry).toEqual({
      idNumbers: 3,
      phones: 3,
      emails: 1,
      birthDates: 3,
      guardians: 0,
      names: 3,
      namesKept: 0,
      exclusions: 2,
      phoneCodes: 0,
      dataRequests: 2,
      networkData: { contestants: 3, attempts: 1 },
      erasureLimits: 0,
    } satisfies PersonalDataPurgeCounts);
    expect(await fixture.contestants()).toEqual(before);

    const purged = await store.personalData.purge(OPEN, false, 'Ban Tổ chức');
    expect(purged).toEqual(dry);
    const after = await fixture.contestants();
    expect(after.map((c) => [c.idNumber, c.phone, c.email, c.ip])).toEqual(before.map((c) => [`purged:${c.id}`, '', null, null]));
    expect(after.map((c) => c.fullName)).toEqual(before.map((c) => nameInitials(c.fullName)));
    // Hoa stays out by her placeholder; the list's own entries are gone.
    expect(await fixture.exclusions()).toEqual([`purged:${hoa.id}`]);
    expect(await store.personalData.purge(OPEN, true, 'Ban Tổ chức')).toMatchObject({ idNumbers: 0, phones: 0, emails: 0, exclusions: 0, dataRequests: 0, networkData: { contestants: 0, attempts: 0 } });
    expect((await store.personalData.requests(OPEN)).map((r) => [r.message, r.answer, r.status])).toEqual([
      ['', null, 'open'],
      ['', null, 'answered'],
    ]);

    expect((await fixture.audit()).map((e) => [e.actor, e.action, e.target, e.detail])).toEqual([
      ['Ban Tổ chức', 'dataRequest.answer', lan.id, { contest: OPEN, requestId: correction.id, kind: 'correction', status: 'answered', answer: answer.answer }],
      ['Ban Tổ chức', 'personalData.purge', OPEN, dry],
    ]);
    outcomes[name] = { dry, names: after.map((c) => c.fullName).sort() };
  });
});

describe('the committee’s side of personal data on both stores', () => {
  it('the same journey gives the same counts and the same shortened names on both', () => {
    expect(Object.keys(outcomes)).toEqual(['SQLite', 'PostgreSQL']);
    expect(outcomes.PostgreSQL).toEqual(outcomes.SQLite);
  });
});

describe('the committee’s side of personal data on several PostgreSQL nodes', () => {
  it('two answers to one request at once on two nodes: one is kept, the other finds it answered', async () => {
    const { store, clock } = await seededPostgresStore(database!.pool);
    const lan = await registered(store, 1, 'Nguyễn Thị Lan');
    const filed = await store.personalData.fileRequest(lan.id, OPEN, body({ kind: 'question' as const, message: 'Dữ liệu của tôi được lưu đến khi nào?' }));
    if (filed.kind !== 'filed') throw new Error('request refused');
    const pools = [0, 1].map((i) => createPool({ url: database!.url, poolSize: 2, applicationName: `data request node ${i}` }));
    try {
      const nodes = pools.map((pool, i) => postgresStore({ pool, clock: clock.now, random: seededRandom(i + 1), config: STORE_CONFIG }));
      // The table is held until both answers wait on it, so they meet inside their transactions.
      const gate = await database!.pool.connect();
      let outcomes: AnsweredRequest[];
      try {
        await gate.query('BEGIN');
        await gate.query('LOCK TABLE data_requests IN ACCESS EXCLUSIVE MODE');
        const calls = nodes.map((node, i) =>
          node.personalData.answerRequest(OPEN, filed.request.id, { status: 'answered', answer: `Câu trả lời của máy ${i}` }, `Ban Tổ chức ${i}`),
        );
        const waiting = async () =>
          Number(
            (await database!.pool.query(`SELECT COUNT(DISTINCT l.pid) AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE NOT l.granted AND a.datname = current_database()`))
              .rows[0].n,
          );
        while ((await waiting()) < 2) await new Promise((resolve) => setTimeout(resolve, 5));
        await gate.query('COMMIT');
        outcomes = await Promise.all(calls);
      } finally {
        gate.release();
      }
      expect(outcomes.map((o) => o.kind).sort()).toEqual(['alreadyAnswered', 'answered']);
      const kept = outcomes.find((o) => o.kind === 'answered')!;
      const stored = await database!.pool.query('SELECT answer, answered_by AS "answeredBy" FROM data_requests');
      expect(stored.rows).toEqual([{ answer: kept.kind === 'answered' ? kept.request.answer : null, answeredBy: kept.kind === 'answered' ? kept.request.answeredBy : null }]);
      expect(Number((await database!.pool.query(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'dataRequest.answer'`)).rows[0].n)).toBe(1);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });
});
