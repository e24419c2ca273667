import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optionIdAt } from '../src/domain/option-ids.js';
import type { Client, Contestant, Store } from '../src/store/store.js';
import { freshPostgresDatabase, type FreshDatabase } from './postgres.js';
import { seededPostgresStore, seededSqliteStore } from './postgres-store.js';
import { OPEN, person, snapshot, type TestClock } from './support.js';

/**
 * A contestant's own data — download, erasure, requests to the committee — through the store's
 * use cases (decision 0043). Below the factories everything speaks to `Store`, and to a `fixture`
 * for a fingerprint of every table: each implementation provides both, and every case runs on each.
 */
type PersonalDataStores = Pick<Store, 'contestants' | 'attempts' | 'personalData'>;
type StoreUnderTest = () => Promise<{ store: PersonalDataStores; clock: TestClock; fixture: { snapshot(): Promise<string> } }>;


const sqlite: StoreUnderTest = async () => {
  const { store, clock, db } = seededSqliteStore();
  return { store, clock, fixture: { snapshot: async () => snapshot(db) } };
};

let database: FreshDatabase | undefined;
beforeAll(async () => {
  database = await freshPostgresDatabase('personal_data');
});
afterAll(async () => {
  await database?.drop();
});

/** Every row of every table, as text, in a fixed order. */
async function postgresSnapshot(pool: FreshDatabase['pool']): Promise<string> {
  const tables = (await pool.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)).rows;
  const rows = [];
  for (const { name } of tables) rows.push([name, (await pool.query(`SELECT to_jsonb(t)::text AS row FROM "${name}" t ORDER BY 1`)).rows.map((r) => r.row)]);
  return JSON.stringify(rows);
}

/** One database for the file, emptied and seeded again for each case. */
const postgres: StoreUnderTest = async () => {
  const { store, clock } = await seededPostgresStore(database!.pool);
  return { store, clock, fixture: { snapshot: () => postgresSnapshot(database!.pool) } };
};

const client: Client = { ip: '203.0.113.9', userAgent: 'store-personal-data-test', origin: undefined };
const body =
  <T>(value: T) =>
  async () =>
    value;
/** A body the use case must not read: it answers before. */
const unread = async (): Promise<never> => {
  throw new Error('the body was read');
};
const DAY = 86_400_000;

async function register(store: PersonalDataStores, n: number, fullName: string): Promise<Contestant> {
  const registered = await store.contestants.register(OPEN, body(person(n, { fullName })), client);
  if (registered.kind !== 'registered') throw new Error(`registration refused: ${JSON.stringify(registered)}`);
  return registered.contestant;
}

/** The contestant answers `correct` questions right and submits; answers the attempt's id. */
async function play(store: PersonalDataStores, clock: TestClock, contestant: Contestant, correct: number): Promise<string> {
  const started = await store.attempts.start(contestant, OPEN, body(undefined), client);
  if (started.kind !== 'started') throw new Error(`start refused: ${JSON.stringify(started)}`);
  const answers = Object.fromEntries(started.questions.slice(0, correct).map((q) => [q.questionId, optionIdAt(q.optionOrder.indexOf(q.answer))]));
  clock.advance(5 * 60_000);
  const submitted = await store.attempts.submit(contestant.id, started.attempt.id, body({ answers, prediction: 10 }));
  if (submitted.kind !== 'submitted' && submitted.kind !== 'received') throw new Error(`submit refused: ${JSON.stringify(submitted)}`);
  return started.attempt.id;
}

async function exported(store: PersonalDataStores, contestantId: string) {
  const outcome = await store.personalData.export(contestantId, OPEN);
  if (outcome.kind !== 'data') throw new Error(`no export: ${JSON.stringify(outcome)}`);
  return outcome;
}

describe.each([
  ['SQLite', sqlite],
  ['PostgreSQL', postgres],
] as const)('store (%s): personal data', (_name, storeUnderTest) => {
  describe('a contestant downloads their data', () => {
    it('the export holds the contestant’s own registration, attempts, sessions and requests, nobody else’s', async () => {
      const { store, clock } = await storeUnderTest();
      const an = await register(store, 1, 'Trần Thị Ánh');
      const binh = await register(store, 2, 'Lê Văn Bình');
      const own = await play(store, clock, an, 10);
      const other = await play(store, clock, binh, 12);
      const filed = await store.personalData.fileRequest(an.id, OPEN, body({ kind: 'question' as const, message: 'Dữ liệu của tôi được lưu ở đâu?' }));
      expect(filed.kind).toBe('filed');

      const { data, contest, at } = await exported(store, an.id);
      expect(contest.slug).toBe(OPEN);
      expect(at.toISOString()).toBe(clock.now().toISOString());
      expect(data.profile).toMatchObject({ id: an.id, fullName: 'Trần Thị Ánh', idNumber: an.idNumber, phone: an.phone });
      expect(data.attempts.map((a) => a.id)).toEqual([own]);
      expect(data.sessions).toHaveLength(1);
      expect(data.dataRequests.map((r) => r.kind)).toEqual(['question']);
      expect(data.audit.map((e) => e.action)).toContain('dataRequest.file');
      const text = JSON.stringify(data);
      for (const foreign of [binh.id, binh.idNumber, binh.phone, 'Lê Văn Bình', other]) expect(text).not.toContain(foreign);
    });

    it('finalises an overdue attempt before it is exported', async () => {
      const { store, clock } = await storeUnderTest();
      const an = await register(store, 1, 'Trần Thị Ánh');
      const started = await store.attempts.start(an, OPEN, body(undefined), client);
      if (started.kind !== 'started') throw new Error('start refused');
      clock.set(new Date(Date.parse(started.attempt.deadline) + 60_000));
      const { data } = await exported(store, an.id);
      expect(data.attempts).toMatchObject([{ id: started.attempt.id, status: 'submitted', autoSubmitted: true }]);
    });

    it('an unknown contest is missing; a registration erased meanwhile is no contestant', async () => {
      const { store } = await storeUnderTest();
      const an = await register(store, 1, 'Trần Thị Ánh');
      expect(await store.personalData.export(an.id, 'khong-co-cuoc-thi-nay')).toEqual({ kind: 'notFound', what: 'contest' });
      expect(await store.personalData.erase(an, OPEN, body({ confirm: true }))).toMatchObject({ kind: 'erased' });
      expect(await store.personalData.export(an.id, OPEN)).toEqual({ kind: 'noContestant' });
    });
  });

  describe('a contestant erases their data', () => {
    it('removes the name, phone and ID number, keeps the tries used under the ID number’s hash, and a second erasure finds no one', async () => {
      const { store, clock, fixture } = await storeUnderTest();
      const an = await register(store, 1, 'Trần Thị Ánh');
      await play(store, clock, an, 10);
      const erased = await store.personalData.erase(an, OPEN, body({ confirm: true }));
      expect(erased).toEqual({ kind: 'erased', at: clock.now() });
      // Only the audit entry of the erasure names the registration's id (and the ID number's last digits).
      const left = (await fixture.snapshot());
      for (const gone of ['Trần Thị Ánh', an.phone, an.idNumber]) expect(left.includes(gone), gone).toBe(false);
      expect(await store.personalData.export(an.id, OPEN)).toEqual({ kind: 'noContestant' });

      const before = (await fixture.snapshot());
      expect(await store.personalData.erase(an, OPEN, body({ confirm: true }))).toEqual({ kind: 'noContestant' });
      expect((await fixture.snapshot())).toBe(before);

      // The same ID number registers again, counting the try used before the erasure.
      const again = await register(store, 1, 'Trần Thị Ánh');
      expect(again.id).not.toBe(an.id);
      expect(again.attemptsBeforeErasure).toBe(1);
      const audit = (await exported(store, again.id)).data.audit;
      expect(audit.filter((e) => e.action === 'contestant.erase')).toEqual([]);
    });

    it('answers an unknown contest before reading the confirmation, and a refused confirmation changes nothing', async () => {
      const { store, fixture } = await storeUnderTest();
      const an = await register(store, 1, 'Trần Thị Ánh');
      expect(await store.personalData.erase(an, 'khong-co-cuoc-thi-nay', unread)).toEqual({ kind: 'notFound', what: 'contest' });
      const before = (await fixture.snapshot());
      await expect(store.personalData.erase(an, OPEN, unread)).rejects.toThrow('the body was read');
      expect((await fixture.snapshot())).toBe(before);
      expect((await exported(store, an.id)).data.profile.id).toBe(an.id);
    });

    it('keeps a registration in prize rank after the close: erases nothing, opens one erasure request and audits it once', async () => {
      const { store, clock, fixture } = await storeUnderTest();
      const an = await register(store, 1, 'Trần Thị Ánh');
      await play(store, clock, an, 15);
      clock.advance(61 * DAY);
      const first = await store.personalData.erase(an, OPEN, body({ confirm: true }));
      if (first.kind !== 'retained') throw new Error(`not retained: ${JSON.stringify(first)}`);
      expect(first.reason).toBe('prizeRank');
      expect(first.request).toMatchObject({ kind: 'erasure', status: 'open', contestantId: an.id });

      const before = (await fixture.snapshot());
      const second = await store.personalData.erase(an, OPEN, body({ confirm: true }));
      expect(second).toEqual(first);
      expect((await fixture.snapshot())).toBe(before);

      const { data } = await exported(store, an.id);
      expect(data.profile).toMatchObject({ fullName: 'Trần Thị Ánh', phone: an.phone });
      expect(data.attempts).toHaveLength(1);
      expect(data.dataRequests.map((r) => r.id)).toEqual([first.request.id]);
      expect(data.audit.filter((e) => e.action === 'dataRequest.file')).toMatchObject([
        { actor: 'Thí sinh (tự thực hiện)', target: an.id, detail: { contest: OPEN, requestId: first.request.id, kind: 'erasure', retained: 'prizeRank' } },
      ]);
    });
  });

  describe('a contestant files requests to the committee', () => {
    it('files a request with its audit entry; the eleventh open one is refused and changes nothing', async () => {
      const { store, clock, fixture } = await storeUnderTest();
      const an = await register(store, 1, 'Trần Thị Ánh');
      const first = await store.personalData.fileRequest(an.id, OPEN, body({ kind: 'correction' as const, message: 'Xin sửa ngày sinh của tôi.' }));
      if (first.kind !== 'filed') throw new Error(`not filed: ${JSON.stringify(first)}`);
      expect(first.request).toMatchObject({ kind: 'correction', status: 'open', receivedAt: clock.now().toISOString(), answer: null });
      expect(Date.parse(first.request.dueAt) - clock.now().getTime()).toBe(15 * DAY);
      for (let i = 2; i <= 10; i++) {
        expect(await store.personalData.fileRequest(an.id, OPEN, body({ kind: 'question' as const, message: `Câu hỏi số ${i}` }))).toMatchObject({ kind: 'filed' });
      }
      const before = (await fixture.snapshot());
      expect(await store.personalData.fileRequest(an.id, OPEN, body({ kind: 'question' as const, message: 'Câu hỏi số 11' }))).toEqual({ kind: 'tooMany', limit: 10 });
      expect((await fixture.snapshot())).toBe(before);
      const { data } = await exported(store, an.id);
      expect(data.dataRequests).toHaveLength(10);
      expect(data.audit.filter((e) => e.action === 'dataRequest.file')).toHaveLength(10);
    });

    it('answers an unknown contest without reading the body', async () => {
      const { store } = await storeUnderTest();
      const an = await register(store, 1, 'Trần Thị Ánh');
      expect(await store.personalData.fileRequest(an.id, 'khong-co-cuoc-thi-nay', unread)).toEqual({ kind: 'notFound', what: 'contest' });
    });
  });
});
