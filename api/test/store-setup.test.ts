import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contest } from '../src/domain/contest.js';
import type { Round } from '../src/domain/rounds.js';
import type { ValidQuestion } from '../src/domain/questions.js';
import { THAI_BINH_UNITS } from '../src/seed/demo.js';
import type { Contestant, PortableStore, Start } from '../src/store/store.js';
import { createPool } from '../src/store/postgres/pool.js';
import { freshPostgresDatabase, type FreshDatabase } from './postgres.js';
import { seededPostgresStore, seededSqliteStore } from './postgres-store.js';
import { OPEN, person, type TestClock } from './support.js';

/**
 * The organisers' setup (`store.setup`, decision 0047) and the access codes (`store.accessCodes`)
 * called directly on each store: the same answers and refusals on both, a refusal writing nothing;
 * and one scripted console session giving the same answers and the same stored rows on both.
 */
type Stores = Pick<PortableStore, 'setup' | 'accessCodes' | 'contestants' | 'attempts' | 'contests'>;
interface StoreUnderTest {
  store: Stores;
  clock: TestClock;
  /** The rows of a query without parameters, as the store's driver reads them. */
  rows(query: string): Promise<Record<string, unknown>[]>;
  /** Writes what no use case of these groups writes (an audit entry about a contestant). */
  run(query: string, values: unknown[]): Promise<void>;
}

const client = { ip: '203.0.113.9', userAgent: 'store-setup-test', origin: undefined };
const body =
  <T>(value: T) =>
  async () =>
    value;
const BY = 'Ban Tổ chức';
const MISSING = { kind: 'notFound', what: 'contest' };

let database: FreshDatabase | undefined;
beforeAll(async () => {
  database = await freshPostgresDatabase('store_setup');
});
afterAll(async () => {
  await database?.drop();
});

const sqlite = async (): Promise<StoreUnderTest> => {
  const { store, clock, db } = seededSqliteStore();
  return {
    store,
    clock,
    rows: async (query) => db.prepare(query).all() as Record<string, unknown>[],
    run: async (query, values) => void db.prepare(query.replace(/\$\d+/g, '?')).run(...values),
  };
};

const postgres = async (): Promise<StoreUnderTest> => {
  const { store, clock } = await seededPostgresStore(database!.pool);
  return {
    store,
    clock,
    rows: async (query) => (await database!.pool.query(query)).rows,
    run: async (query, values) => void (await database!.pool.query(query, values)),
  };
};

/** What the console's setup writes, column by column (rowids and hashes left out: each store makes its own). */
const SETUP_ROWS = {
  contests: 'SELECT slug, title, starts_at, ends_at, settings, created_at, updated_at, personal_data_retention_until FROM contests ORDER BY slug',
  units: 'SELECT contest_slug, id, name, parent_id, kind, headcount, position, competes FROM units ORDER BY contest_slug, position',
  questions: 'SELECT contest_slug, id, topic, text, options, answer, explanation, retired_at, position, source, source_url, practice FROM questions ORDER BY contest_slug, position, id',
  exclusions: 'SELECT contest_slug, kind, value FROM exclusions ORDER BY contest_slug, kind, value',
  audit_log: 'SELECT id, at, actor, action, target, detail FROM audit_log ORDER BY id',
  admin_tokens: 'SELECT name, role, created_at, revoked_at, contest_slug, source_host FROM admin_tokens ORDER BY created_at, name',
};

/** The contenders kept for the ranking (db/participation.ts), in an order both stores give alike. */
const STANDINGS = `SELECT attempt_id, contestant_id, contest_slug, score, total, prediction, duration_ms, submitted_at, block, lead, multi, counted, next_lead
  FROM standings ORDER BY contest_slug, score DESC, prediction, duration_ms`;

async function storedRows(under: StoreUnderTest): Promise<Record<string, Record<string, unknown>[]>> {
  const tables: Record<string, Record<string, unknown>[]> = {};
  for (const [table, query] of Object.entries(SETUP_ROWS)) tables[table] = await under.rows(query);
  return tables;
}

async function contestOf(store: Stores, slug = OPEN): Promise<Contest> {
  const contest = await store.setup.contest(slug);
  if (!contest) throw new Error(`no contest ${slug}`);
  return contest;
}

async function registered(store: Stores, n: number): Promise<Contestant> {
  const outcome = await store.contestants.register(OPEN, body(person(n)), client);
  if (outcome.kind !== 'registered') throw new Error(`registration refused: ${JSON.stringify(outcome)}`);
  return outcome.contestant;
}

async function started(store: Stores, contestant: Contestant): Promise<Extract<Start, { kind: 'started' }>> {
  const outcome = await store.attempts.start(contestant, OPEN, body(undefined), client);
  if (outcome.kind !== 'started') throw new Error(`start refused: ${JSON.stringify(outcome)}`);
  return outcome;
}

/** Plays an attempt answering the shown option `a` to every question; answers the first question drawn. */
async function played(under: StoreUnderTest, contestant: Contestant, prediction: number, thinkMs = 30_000) {
  const { attempt, questions } = await started(under.store, contestant);
  under.clock.advance(thinkMs);
  const answers = Object.fromEntries(questions.map((q) => [q.questionId, 'a']));
  const outcome = await under.store.attempts.submit(contestant.id, attempt.id, body({ answers, prediction }));
  if (outcome.kind !== 'submitted' && outcome.kind !== 'received') throw new Error(`submit refused: ${JSON.stringify(outcome)}`);
  return { attempt: outcome.attempt, first: questions[0]! };
}

const question = (id: string, overrides: Partial<Omit<ValidQuestion, 'id'>> = {}) => ({
  id,
  topic: 'vneid',
  text: `Câu hỏi ${id}: ứng dụng VNeID do cơ quan nào quản lý?`,
  options: ['Bộ Công an', 'Bộ Y tế', 'Bộ Tài chính', 'Bộ Nội vụ'],
  answer: 0,
  explanation: null,
  source: null,
  sourceUrl: null,
  practice: false,
  ...overrides,
});

const ROUNDS: Round[] = [
  { id: 'vong-1', title: 'Vòng 1', startsAt: '2026-11-28T03:00:00.000Z', endsAt: '2026-11-28T04:00:00.000Z', questionsPerAttempt: null, maxAttempts: 2, prizes: null },
  { id: 'vong-2', title: 'Vòng 2', startsAt: '2026-11-28T04:00:00.000Z', endsAt: '2026-11-28T05:00:00.000Z', questionsPerAttempt: null, maxAttempts: null, prizes: null },
];

describe.each([
  ['SQLite', sqlite],
  ['PostgreSQL', postgres],
] as const)('store (%s): the console setup', (_name, storeUnderTest) => {
  it('creates a contest, then updates it, each with its audit entry; lists contests latest start first; an unknown contest is missing to every read', async () => {
    const { store, clock } = await storeUnderTest();
    const open = await contestOf(store);
    const created = await store.setup.saveContest({ ...open, slug: 'cuoc-thi-moi', title: 'Cuộc thi mới', startsAt: '2027-01-01T00:00:00.000Z', endsAt: '2027-02-01T00:00:00.000Z' }, BY);
    expect(created).toMatchObject({ kind: 'saved', created: true, contest: { slug: 'cuoc-thi-moi', privacyNotice: { version: 1 } } });
    clock.advance(1_000);
    const updated = await store.setup.saveContest({ ...(await contestOf(store, 'cuoc-thi-moi')), title: 'Cuộc thi đã đổi tên' }, BY);
    // The default notice names the contest: another title is another notice (decision 0027).
    expect(updated).toMatchObject({ kind: 'saved', created: false, contest: { title: 'Cuộc thi đã đổi tên', privacyNotice: { version: 2 } } });
    expect((await store.setup.contests()).map((c) => c.slug)).toEqual(['cuoc-thi-moi', OPEN, 'thai-binh-2023']);
    expect(await contestOf(store, 'cuoc-thi-moi')).toEqual(updated.kind === 'saved' && updated.contest);
    const audit = await store.setup.audit(10, null);
    expect(audit.map((e) => [e.action, e.target, e.actor])).toEqual([
      ['contest.update', 'cuoc-thi-moi', BY],
      ['contest.create', 'cuoc-thi-moi', BY],
    ]);
    expect(audit[0]!.detail).toMatchObject({ before: { title: 'Cuộc thi mới' }, after: { title: 'Cuộc thi đã đổi tên' } });
    expect(await store.setup.audit(10, audit[0]!.id)).toEqual([audit[1]]);

    expect(await store.setup.contest('khong-co')).toBeNull();
    const neverRead = async () => {
      throw new Error('read before the contest was found');
    };
    expect(await store.setup.questions('khong-co', true)).toEqual(MISSING);
    expect(await store.setup.importQuestions('khong-co', BY, neverRead)).toEqual(MISSING);
    expect(await store.setup.editQuestion('khong-co', 'q', BY, neverRead)).toEqual(MISSING);
    expect(await store.setup.retireQuestion('khong-co', 'q', BY)).toEqual(MISSING);
    expect(await store.setup.units('khong-co')).toEqual(MISSING);
    expect(await store.setup.replaceUnits('khong-co', BY, neverRead)).toEqual(MISSING);
    expect(await store.setup.exclusions('khong-co', BY)).toEqual(MISSING);
    expect(await store.setup.replaceExclusions('khong-co', BY, neverRead)).toEqual(MISSING);
    expect(await store.setup.editQuestion(OPEN, 'khong-co', BY, neverRead)).toEqual({ kind: 'notFound', what: 'question' });
    expect(await store.setup.retireQuestion(OPEN, 'khong-co', BY)).toEqual({ kind: 'notFound', what: 'question' });
    expect(await store.setup.audit(10, null)).toHaveLength(2);
  });

  it('keeps an occupation registrations use and the window of a round with attempts; a refusal writes nothing', async () => {
    const under = await storeUnderTest();
    const { store } = under;
    const saved = await store.setup.saveContest({ ...(await contestOf(store)), rounds: ROUNDS }, BY);
    expect(saved).toMatchObject({ kind: 'saved', created: false });
    await played(under, await registered(store, 1), 10);
    const before = await storedRows(under);
    const contest = await contestOf(store);

    const dropped = await store.setup.saveContest({ ...contest, occupations: contest.occupations.filter((o) => o.id !== 'can-bo') }, BY);
    expect(dropped).toEqual({ kind: 'occupationsInUse', dropped: ['can-bo'] });
    const moved = await store.setup.saveContest({ ...contest, rounds: [{ ...ROUNDS[0]!, startsAt: '2026-11-28T02:00:00.000Z' }, ROUNDS[1]!] }, BY);
    expect(moved).toMatchObject({ kind: 'roundsInUse', problems: [{ index: 0, field: 'startsAt' }] });
    expect(await storedRows(under)).toEqual(before);

    // The round without attempts may still move.
    const later = await store.setup.saveContest({ ...contest, rounds: [ROUNDS[0]!, { ...ROUNDS[1]!, endsAt: '2026-11-28T06:00:00.000Z' }] }, BY);
    expect(later).toMatchObject({ kind: 'saved', contest: { rounds: [ROUNDS[0], { id: 'vong-2', endsAt: '2026-11-28T06:00:00.000Z' }] } });
  });

  it('imports questions, counting the submitted attempts a new key scores differently; edits, refuses another option count once attempts exist; retires', async () => {
    const under = await storeUnderTest();
    const { store } = under;
    const { first } = await played(under, await registered(store, 1), 10);
    // The first drawn question's key moved to or away from the option shown as `a`: its score changes.
    const chosen = first.optionOrder[0]!;
    const rekey = { ...question(first.questionId), text: first.text, options: first.options, answer: first.answer === chosen ? (chosen + 1) % first.options.length : chosen };
    let inUse: readonly { id: string }[] = [];
    const imported = await store.setup.importQuestions(OPEN, BY, async (bank) => {
      inUse = bank;
      return [rekey, question('moi-1'), question('moi-2', { text: 'Câu hỏi mới thứ hai?' })];
    });
    expect(inUse.map((q) => q.id)).toContain(first.questionId);
    expect(imported).toEqual({ kind: 'imported', imported: 3, affectedAttempts: 1 });
    const listed = await store.setup.questions(OPEN, false);
    if (listed.kind !== 'questions') throw new Error('no contest');
    expect(listed.questions.slice(-2).map((q) => q.id)).toEqual(['moi-1', 'moi-2']);
    expect(listed.questions.find((q) => q.id === first.questionId)!.answer).toBe(rekey.answer);

    const textOnly = await store.setup.editQuestion(OPEN, 'moi-1', BY, body({ ...question('moi-1'), text: 'Câu hỏi đã sửa lời?' }));
    expect(textOnly).toMatchObject({ kind: 'edited', affectedAttempts: 0, question: { id: 'moi-1', text: 'Câu hỏi đã sửa lời?', retiredAt: null } });
    const fewer = await store.setup.editQuestion(OPEN, 'moi-1', BY, body({ ...question('moi-1'), options: ['Có', 'Không'] }));
    expect(fewer).toEqual({ kind: 'optionCount', options: 4 });
    const backAgain = await store.setup.editQuestion(OPEN, first.questionId, BY, body({ ...rekey, answer: first.answer }));
    expect(backAgain).toMatchObject({ kind: 'edited', affectedAttempts: 0 });

    const retired = await store.setup.retireQuestion(OPEN, 'moi-2', BY);
    expect(retired).toMatchObject({ kind: 'retired', question: { id: 'moi-2', retiredAt: under.clock.now().toISOString() } });
    const inUseNow = await store.setup.questions(OPEN, false);
    const everything = await store.setup.questions(OPEN, true);
    if (inUseNow.kind !== 'questions' || everything.kind !== 'questions') throw new Error('no contest');
    expect(inUseNow.questions.map((q) => q.id)).not.toContain('moi-2');
    expect(everything.questions.map((q) => q.id)).toContain('moi-2');
    expect((await store.setup.audit(10, null)).map((e) => e.action)).toEqual(['question.retire', 'question.update', 'question.update', 'questions.import']);
  });

  it('replaces the units; refuses a tree that drops a unit a registration uses, writing nothing', async () => {
    const under = await storeUnderTest();
    const { store } = under;
    await registered(store, 1);
    const renamed = THAI_BINH_UNITS.map((u) => (u.id === 'tp-thai-binh' ? { ...u, name: 'TP Thái Bình' } : u));
    const replaced = await store.setup.replaceUnits(OPEN, BY, body({ units: renamed }));
    expect(replaced).toEqual({ kind: 'replaced', units: renamed });
    expect(await store.setup.units(OPEN)).toEqual({ kind: 'units', units: renamed });
    const before = await storedRows(under);
    const without = await store.setup.replaceUnits(OPEN, BY, body({ units: renamed.filter((u) => u.id !== 'tp-thai-binh'), rows: renamed.map((_, i) => i + 2) }));
    expect(without).toMatchObject({ kind: 'invalid', problems: [expect.objectContaining({ message: expect.stringContaining('tp-thai-binh') })] });
    expect(await storedRows(under)).toEqual(before);
  });

  it('audits a read of the exclusion list; a replacement stops and restarts counting the person it names', async () => {
    const under = await storeUnderTest();
    const { store } = under;
    const someone = await registered(store, 1);
    await played(under, someone, 10);
    const contest = await contestOf(store);
    expect((await store.contests.figures(contest)).counts).toMatchObject({ participants: 1 });

    const excluded = await store.setup.replaceExclusions(OPEN, BY, body({ idNumbers: [someone.idNumber, someone.idNumber], phones: ['0987654321'] }));
    expect(excluded).toEqual({ kind: 'replaced', exclusions: { idNumbers: [someone.idNumber], phones: ['0987654321'] } });
    expect((await store.contests.figures(contest)).counts).toMatchObject({ participants: 0 });
    expect((await store.contests.leaderboard(contest, 10)).entries).toEqual([]);
    expect(await store.setup.exclusions(OPEN, 'Thư ký')).toEqual({ kind: 'exclusions', exclusions: { idNumbers: [someone.idNumber], phones: ['0987654321'] } });

    await store.setup.replaceExclusions(OPEN, BY, body({ idNumbers: [], phones: [] }));
    expect((await store.contests.figures(contest)).counts).toMatchObject({ participants: 1 });
    expect((await store.contests.leaderboard(contest, 10)).entries).toHaveLength(1);
    expect((await store.setup.audit(10, null)).map((e) => [e.action, e.actor, e.detail])).toEqual([
      ['exclusions.replace', BY, { before: { idNumbers: 1, phones: 1 }, after: { idNumbers: 0, phones: 0 } }],
      ['read.exclusions', 'Thư ký', { idNumbers: 1, phones: 1 }],
      ['exclusions.replace', BY, { before: { idNumbers: 0, phones: 0 }, after: { idNumbers: 1, phones: 1 } }],
    ]);
  });

  it('names the contestant of an entry about them in the audit log, the ID number masked', async () => {
    const under = await storeUnderTest();
    const someone = await registered(under.store, 1);
    await under.run('INSERT INTO audit_log (at, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5)', [
      under.clock.now().toISOString(),
      BY,
      'contestant.grant',
      someone.id,
      '{"attempts":1}',
    ]);
    const [entry] = await under.store.setup.audit(1, null);
    expect(entry).toMatchObject({ action: 'contestant.grant', detail: { attempts: 1 }, contestant: { id: someone.id, fullName: someone.fullName, contestSlug: OPEN } });
    expect(entry!.contestant!.idNumber).not.toBe(someone.idNumber);
    expect(entry!.contestant!.idNumber.slice(-3)).toBe(someone.idNumber.slice(-3));
  });
});

/**
 * One console session: contests saved (a new ranking order among them), questions imported and
 * edited, units and exclusions replaced, codes made and revoked, between two people playing. What
 * each use case answers, and the rows stored, with each store's own ids replaced.
 */
async function session(under: StoreUnderTest) {
  const { store, clock } = under;
  const answers: unknown[] = [];
  const people = [await registered(store, 1), await registered(store, 2), await registered(store, 3)];
  const games = [await played(under, people[0]!, 900, 40_000), await played(under, people[1]!, 1100, 20_000), await played(under, people[2]!, 1000, 30_000)];
  const ids = new Map<string, string>([
    ...people.map((p, i): [string, string] => [p.id, `contestant-${i + 1}`]),
    ...games.map((g, i): [string, string] => [g.attempt.id, `attempt-${i + 1}`]),
  ]);
  const named = (value: unknown) => JSON.parse(JSON.stringify(value, (_key, v) => (typeof v === 'string' && ids.has(v) ? ids.get(v) : v)));
  const contest = await contestOf(store);
  const standings = async () => named(await under.rows(STANDINGS));
  answers.push(await standings());
  clock.advance(1_000);
  answers.push(await store.setup.saveContest({ ...contest, title: 'Cuộc thi sửa tên', rankingOrder: ['score', 'duration', 'prediction', 'submittedAt'] }, BY));
  answers.push(await standings());
  answers.push(named((await store.contests.leaderboard(await contestOf(store), 10)).entries));
  answers.push(await store.setup.saveContest({ ...contest, slug: 'cuoc-thi-moi', occupations: contest.occupations.slice(0, 2) }, BY));
  clock.advance(1_000);
  answers.push(await store.setup.importQuestions('cuoc-thi-moi', BY, async () => [question('a-1'), question('a-2', { text: 'Câu thứ hai?', practice: true, source: 'Luật Căn cước 2023' })]));
  answers.push(await store.setup.editQuestion('cuoc-thi-moi', 'a-1', BY, body({ ...question('a-1'), answer: 2 })));
  answers.push(await store.setup.retireQuestion('cuoc-thi-moi', 'a-2', BY));
  answers.push(await store.setup.questions('cuoc-thi-moi', true));
  answers.push(await store.setup.replaceUnits('cuoc-thi-moi', BY, body({ units: THAI_BINH_UNITS.slice(0, 4) })));
  clock.advance(1_000);
  answers.push(await store.setup.replaceExclusions(OPEN, BY, body({ idNumbers: [people[1]!.idNumber], phones: [] })));
  answers.push(named((await store.contests.leaderboard(await contestOf(store), 10)).entries));
  answers.push(await store.setup.exclusions(OPEN, 'Thư ký'));
  const code = await store.accessCodes.create('jury-code-0123456789abcdef0123456789', { name: 'Giám khảo', role: 'jury', scope: null }, BY);
  if ('kind' in code) throw new Error('not created');
  answers.push(code, await store.accessCodes.revoke(code.id, BY), await store.accessCodes.list(false));
  answers.push(named(await store.setup.audit(100, null)));
  answers.push(await store.setup.contests());
  return { answers, rows: named(await storedRows(under)) };
}

describe('store (SQLite and PostgreSQL): the same console session', () => {
  it('answers the same and stores the same rows', async () => {
    const expected = await session(await sqlite());
    // The new ranking order wrote the standings again (their leads are the durations now), and the board has everyone.
    expect(expected.answers[0]).toHaveLength(3);
    expect(expected.answers[2]).not.toEqual(expected.answers[0]);
    expect(expected.answers[3]).toHaveLength(3);
    expect(expected.rows.audit_log.length).toBeGreaterThan(8);
    expect(await session(await postgres())).toEqual(expected);
  });
});

describe('store (PostgreSQL): setup writes of one contest at once', () => {
  it('two imports at once number their questions one after the other, and two first saves of a slug create it once', async () => {
    const { store } = await postgres();
    const batch = (prefix: string) => async () => Array.from({ length: 40 }, (_, i) => question(`${prefix}-${i}`, { text: `Câu ${prefix} số ${i}?` }));
    const imports = await Promise.all([store.setup.importQuestions(OPEN, BY, batch('x')), store.setup.importQuestions(OPEN, BY, batch('y'))]);
    expect(imports).toEqual([
      { kind: 'imported', imported: 40, affectedAttempts: 0 },
      { kind: 'imported', imported: 40, affectedAttempts: 0 },
    ]);
    const positions = (await database!.pool.query<{ position: number }>('SELECT position FROM questions WHERE contest_slug = $1 ORDER BY position', [OPEN])).rows.map((r) => r.position);
    expect(positions).toEqual(positions.map((_, i) => i));

    const open = await contestOf(store);
    const saves = await Promise.all([1, 2].map((n) => store.setup.saveContest({ ...open, slug: 'cung-luc', title: `Cùng lúc ${n}` }, BY)));
    expect(saves.map((s) => s.kind === 'saved' && s.created).sort()).toEqual([false, true]);
    expect((await store.setup.audit(10, null)).map((e) => e.action)).toEqual(['contest.update', 'contest.create', 'questions.import', 'questions.import']);
  });
});

describe('store (PostgreSQL): a registration meeting a console write in flight', () => {
  /**
   * A save or unit replacement holds the contest's row (store/postgres/setup.ts); a registration
   * arriving meanwhile waits for it, then is checked against what it wrote. The write in flight is
   * played by hand on another connection, so the registration is known to have waited.
   */
  it('is refused when the save drops its occupation or the replacement its unit', async () => {
    const { store } = await postgres();
    const holder = createPool({ url: database!.url, poolSize: 2, applicationName: 'test setup holder' });
    try {
      const inFlight = async (write: string, values: unknown[], registration: ReturnType<typeof person>) => {
        const db = await holder.connect();
        try {
          await db.query('BEGIN');
          await db.query('SELECT 1 FROM contests WHERE slug = $1 FOR UPDATE', [OPEN]);
          await db.query(write, values);
          const outcome = store.contestants.register(OPEN, body(registration), client);
          // Until the registration waits on the contest's row.
          for (;;) {
            const waiting = await holder.query(
              `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'test store_setup' AND wait_event_type = 'Lock'`,
            );
            if (waiting.rowCount) break;
            await new Promise((resolve) => setImmediate(resolve));
          }
          await db.query('COMMIT');
          return await outcome;
        } finally {
          db.release();
        }
      };
      const settings = (await holder.query<{ settings: string }>('SELECT settings FROM contests WHERE slug = $1', [OPEN])).rows[0]!.settings;
      const parsed = JSON.parse(settings) as { occupations: { id: string }[] };
      const withoutCanBo = JSON.stringify({ ...parsed, occupations: parsed.occupations.filter((o) => o.id !== 'can-bo') });
      expect(await inFlight('UPDATE contests SET settings = $1 WHERE slug = $2', [withoutCanBo, OPEN], person(1))).toEqual({
        kind: 'invalid',
        fields: { occupation: expect.any(String) },
      });
      expect(await inFlight(`DELETE FROM units WHERE contest_slug = $1 AND id = 'dong-hung'`, [OPEN], person(2, { unitId: 'dong-hung', occupation: 'nhan-dan' }))).toEqual({
        kind: 'invalid',
        fields: { unitId: expect.any(String) },
      });
      expect((await holder.query('SELECT COUNT(*) AS n FROM contestants')).rows[0]!.n).toBe(0);
      expect(await store.contestants.register(OPEN, body(person(3, { occupation: 'nhan-dan' })), client)).toMatchObject({ kind: 'registered' });
    } finally {
      await holder.end();
    }
  });
});
