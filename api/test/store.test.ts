import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getContest, saveContest } from '../src/db/contests.js';
import { erasedIdNumberHash } from '../src/db/erasure-limits.js';
import { issuePhoneCode } from '../src/db/phone-codes.js';
import { normalisePhone } from '../src/domain/phone.js';
import type { Client, Contestant, Registration, Start, JourneyStore } from '../src/store/store.js';
import { freshPostgresDatabase, type FreshDatabase } from './postgres.js';
import { seededPostgresStore, seededSqliteStore, STORE_START } from './postgres-store.js';
import { copySqliteRows } from '../src/store/postgres/startup.js';
import { CLOSED, OPEN, person, type TestClock } from './support.js';

/**
 * The store's use cases called directly, not through HTTP (decision 0043). Everything below the
 * factories speaks only to the `Store` interface: the same cases run against each implementation.
 */
type StoreUnderTest = () => Promise<{ store: JourneyStore; clock: TestClock }>;

const START = STORE_START;

const sqlite = async () => seededSqliteStore();

let database: FreshDatabase | undefined;
beforeAll(async () => {
  database = await freshPostgresDatabase('store');
});
afterAll(async () => {
  await database?.drop();
});

/** One database for the file, emptied and seeded again for each case. */
const postgres: StoreUnderTest = async () => seededPostgresStore(database!.pool);

const client: Client = { ip: '203.0.113.7', userAgent: 'store-test', origin: undefined };
const body =
  <T>(value: T) =>
  async () =>
    value;

async function registered(store: JourneyStore, n: number): Promise<Contestant> {
  const outcome = await store.contestants.register(OPEN, body(person(n)), client);
  if (outcome.kind !== 'registered') throw new Error(`registration refused: ${JSON.stringify(outcome)}`);
  return outcome.contestant;
}

async function started(store: JourneyStore, contestant: Contestant): Promise<Extract<Start, { kind: 'started' }>> {
  const outcome = await store.attempts.start(contestant, OPEN, body(undefined), client);
  if (outcome.kind !== 'started') throw new Error(`start refused: ${JSON.stringify(outcome)}`);
  return outcome;
}

describe.each([
  ['SQLite', sqlite],
  ['PostgreSQL', postgres],
] as const)('store (%s): the attempt journey', (_name, storeUnderTest) => {
  it('registers, finds the contestant by the token it gave, signs in and out', async () => {
    const { store } = await storeUnderTest();
    const outcome = await store.contestants.register(OPEN, body(person(1)), client);
    expect(outcome.kind).toBe('registered');
    if (outcome.kind !== 'registered') return;
    expect((await store.contestants.byToken(outcome.token))?.contestant.id).toBe(outcome.contestant.id);
    expect((await store.contestants.register(OPEN, body(person(1)), client)).kind).toBe('duplicate');

    const { idNumber, phone, birthDate } = person(1);
    const signedIn = await store.contestants.signIn(OPEN, body({ idNumber, phone, birthDate }));
    expect(signedIn.kind).toBe('signedIn');
    if (signedIn.kind !== 'signedIn') return;
    expect(signedIn.contestant.id).toBe(outcome.contestant.id);
    expect((await store.contestants.signIn(OPEN, body({ idNumber, phone, birthDate: '1991-01-01' }))).kind).toBe('mismatch');

    expect(await store.contestants.signOut('thai-binh-2023', signedIn.token)).toBe(false);
    expect(await store.contestants.signOut(OPEN, signedIn.token)).toBe(true);
    expect(await store.contestants.byToken(signedIn.token)).toBeNull();
    expect(await store.contestants.signOut(OPEN, signedIn.token)).toBe(false);
    expect(await store.contestants.byToken(outcome.token)).not.toBeNull();
  });

  it("answers another contestant's attempt as missing, for every use case, and reads no body for it", async () => {
    const { store } = await storeUnderTest();
    const owner = await registered(store, 1);
    const stranger = await registered(store, 2);
    const { attempt, questions } = await started(store, owner);
    const unread = async (): Promise<never> => {
      throw new Error('the body of a request for another person’s attempt was read');
    };
    const missing = { kind: 'notFound', what: 'attempt' };
    expect(await store.attempts.get(stranger.id, attempt.id)).toEqual(missing);
    expect(await store.attempts.save(stranger.id, attempt.id, unread)).toEqual(missing);
    expect(await store.attempts.submit(stranger.id, attempt.id, unread)).toEqual(missing);
    expect(await store.attempts.get(owner.id, 'no-such-attempt')).toEqual(missing);

    // The owner's own attempt is untouched by the stranger's tries.
    const own = await store.attempts.get(owner.id, attempt.id);
    expect(own.kind).toBe('attempt');
    if (own.kind !== 'attempt') return;
    expect(own.attempt.status).toBe('inProgress');
    expect(own.questions.map((q) => q.questionId)).toEqual(questions.map((q) => q.questionId));
    expect(own.saved.size).toBe(0);
  });

  it('saves answers before the deadline and refuses them after it, finalising the attempt', async () => {
    const { store, clock } = await storeUnderTest();
    const contestant = await registered(store, 1);
    const { attempt, questions } = await started(store, contestant);
    const first = questions[0]!.questionId;
    expect(await store.attempts.save(contestant.id, attempt.id, body({ answers: { [first]: 'a' } }))).toMatchObject({ kind: 'saved', saved: 1 });
    expect(await store.attempts.save(contestant.id, attempt.id, body({ answers: { 'not-drawn': 'a' } }))).toEqual({
      kind: 'invalid',
      fields: { 'answers.not-drawn': 'Câu hỏi không thuộc lượt thi này' },
    });

    clock.set(attempt.deadline);
    expect(await store.attempts.save(contestant.id, attempt.id, body({ answers: { [first]: 'b' } }))).toEqual({ kind: 'closed' });
    const read = await store.attempts.get(contestant.id, attempt.id);
    expect(read).toMatchObject({ kind: 'attempt', attempt: { status: 'submitted', autoSubmitted: true, submittedAt: attempt.deadline } });
    if (read.kind !== 'attempt') return;
    // What was saved before the deadline stands; the late answer did not replace it.
    expect(read.saved.get(first)).toBe(questions[0]!.optionOrder[0]);
  });

  it('submits once: a second submit answers the same result and changes nothing', async () => {
    const { store, clock } = await storeUnderTest();
    const contestant = await registered(store, 1);
    const { attempt, questions } = await started(store, contestant);
    const first = questions[0]!.questionId;
    const once = await store.attempts.submit(contestant.id, attempt.id, body({ answers: { [first]: 'a' }, prediction: 1000 }));
    expect(once.kind === 'submitted' || once.kind === 'received').toBe(true);
    clock.advance(60_000);
    const twice = await store.attempts.submit(contestant.id, attempt.id, body({ answers: { [first]: 'b' }, prediction: 5 }));
    expect(twice).toEqual(once);
  });

  it('refuses a start when every try is used, and resumes the attempt in progress instead of starting another', async () => {
    const { store } = await storeUnderTest();
    const contestant = await registered(store, 1);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { attempt } = await started(store, contestant);
      const resumed = await store.attempts.start(contestant, OPEN, body(undefined), client);
      expect(resumed).toMatchObject({ kind: 'resumed', attempt: { id: attempt.id } });
      expect((await store.attempts.submit(contestant.id, attempt.id, body({}))).kind).not.toBe('notFound');
      ids.push(attempt.id);
    }
    expect(new Set(ids).size).toBe(3);
    expect(await store.attempts.start(contestant, OPEN, body(undefined), client)).toEqual({ kind: 'limit', inRound: false });
  });

  it('refuses a start in a closed contest and in an unknown one', async () => {
    const { store, clock } = await storeUnderTest();
    const contestant = await registered(store, 1);
    expect(await store.attempts.start(contestant, 'no-such-contest', body(undefined), client)).toEqual({ kind: 'notFound', what: 'contest' });
    clock.advance(61 * 86_400_000);
    expect(await store.attempts.start(contestant, OPEN, body(undefined), client)).toEqual({ kind: 'notOpen', status: 'closed' });
  });
});

describe('store: both implementations write the same rows', () => {
  /** Rows of the tables a journey writes, ids (random per run) left out, in a stable order. */
  const TABLES: Record<string, string> = {
    contestants: `SELECT id_number, full_name, name_folded, birth_date, phone, email, unit_id, occupation, source, extra_attempts, created_at,
      ip, ip_network, user_agent, consent_notice_version, consented_at, publish_name, attempts_before_erasure FROM contestants ORDER BY id_number`,
    attempts: `SELECT c.id_number, a.status, a.started_at, a.deadline, a.submitted_at, a.score, a.total, a.duration_ms, a.prediction, a.auto_submitted,
      a.source, a.ip, a.ip_network, a.user_agent, a.round_id FROM attempts a JOIN contestants c ON c.id = a.contestant_id ORDER BY c.id_number, a.started_at`,
    attempt_questions: `SELECT c.id_number, q.position, q.question_id, q.option_order FROM attempt_questions q JOIN attempts a ON a.id = q.attempt_id
      JOIN contestants c ON c.id = a.contestant_id ORDER BY c.id_number, a.started_at, q.position`,
    attempt_answers: `SELECT c.id_number, x.question_id, x.option_index, x.saved_at FROM attempt_answers x JOIN attempts a ON a.id = x.attempt_id
      JOIN contestants c ON c.id = a.contestant_id ORDER BY c.id_number, x.question_id`,
    participation: `SELECT c.id_number, p.unit_id, p.attempts, p.best_score, p.perfect, p.figures FROM participation p JOIN contestants c ON c.id = p.contestant_id ORDER BY c.id_number`,
    standings: `SELECT c.id_number, s.score, s.total, s.prediction, s.duration_ms, s.submitted_at, s.block, s.lead, s.multi, s.counted, s.next_lead
      FROM standings s JOIN contestants c ON c.id = s.contestant_id ORDER BY c.id_number, s.submitted_at`,
    contest_figures: `SELECT contest_slug, dimension, key, participants, attempts FROM contest_figures WHERE participants <> 0 OR attempts <> 0 ORDER BY contest_slug, dimension, key`,
    unit_participation: `SELECT contest_slug, unit_id, participants, attempts, best_score_sum, perfect_participants FROM unit_participation
      WHERE participants <> 0 OR attempts <> 0 ORDER BY contest_slug, unit_id`,
    standing_counts: 'SELECT contest_slug, block, level, bucket, rows FROM standing_counts WHERE rows <> 0 ORDER BY contest_slug, block, level, bucket',
    sign_in_failures: 'SELECT key_hash, failures, blocked_until, last_failure_at FROM sign_in_failures ORDER BY key_hash',
  };

  /** Runs the same requests; answers what the submits answered, ids left out. */
  async function journey(store: JourneyStore, clock: TestClock): Promise<unknown[]> {
    const one = await registered(store, 1);
    const two = await registered(store, 2);
    await registered(store, 3);
    const first = await started(store, one);
    clock.advance(30_000);
    const [q1, q2] = first.questions;
    await store.attempts.save(one.id, first.attempt.id, body({ answers: { [q1!.questionId]: 'a', [q2!.questionId]: 'b' } }));
    clock.advance(30_000);
    const submitted = [await store.attempts.submit(one.id, first.attempt.id, body({ answers: { [q2!.questionId]: null }, prediction: 42 }))];
    const second = await started(store, two);
    await store.attempts.save(two.id, second.attempt.id, body({ answers: { [second.questions[0]!.questionId]: 'c' } }));
    clock.set(second.attempt.deadline);
    await store.attempts.get(two.id, second.attempt.id);
    const { idNumber, phone } = person(3);
    await store.contestants.signIn(OPEN, body({ idNumber, phone, birthDate: '1990-01-01' }));
    // A later attempt of the first person, worse than their best: it does not carry their rank.
    clock.advance(60_000);
    const again = await started(store, one);
    submitted.push(await store.attempts.submit(one.id, again.attempt.id, body({ answers: {}, prediction: 7 })));
    return submitted.map((outcome) =>
      outcome.kind === 'submitted' || outcome.kind === 'received'
        ? { kind: outcome.kind, rank: 'rank' in outcome ? outcome.rank : undefined, score: outcome.attempt.score, durationMs: outcome.attempt.durationMs }
        : outcome,
    );
  }

  it('stores the same values for the same requests, clock and draw', async () => {
    const sqliteCase = await sqlite();
    const postgresCase = await postgres();
    // A host site subscribed to both events: the outbox rows are written with them.
    const endpoint = ['hook-1', OPEN, 'https://example.vn/hook', '["contestant.registered","attempt.submitted"]', 'secret', START.toISOString(), 'test'];
    const endpointSql = (p: (i: number) => string) =>
      `INSERT INTO webhook_endpoints (id, contest_slug, url, events, secret, created_at, created_by) VALUES (${endpoint.map((_, i) => p(i)).join(', ')})`;
    sqliteCase.db.prepare(endpointSql(() => '?')).run(...endpoint);
    await database!.pool.query(endpointSql((i) => `$${i + 1}`), endpoint);
    // The versions leaderboards are kept by (moved by triggers) move by as much on both.
    const versions = 'SELECT contest_slug, version FROM figure_versions ORDER BY contest_slug';
    const sqliteBefore = sqliteCase.db.prepare(versions).all() as { contest_slug: string; version: number }[];
    const postgresBefore = (await database!.pool.query<{ contest_slug: string; version: number }>(versions)).rows;
    const answered = await journey(sqliteCase.store, sqliteCase.clock);
    expect(await journey(postgresCase.store, postgresCase.clock)).toEqual(answered);
    const moved = (before: { contest_slug: string; version: number }[], after: { contest_slug: string; version: number }[]) =>
      after.map((row) => ({ slug: row.contest_slug, by: row.version - (before.find((b) => b.contest_slug === row.contest_slug)?.version ?? 0) }));
    const sqliteMoved = moved(sqliteBefore, sqliteCase.db.prepare(versions).all() as { contest_slug: string; version: number }[]);
    expect(moved(postgresBefore, (await database!.pool.query<{ contest_slug: string; version: number }>(versions)).rows)).toEqual(sqliteMoved);
    expect(sqliteMoved.find((row) => row.slug === OPEN)?.by).toBeGreaterThan(0);
    const deliveries = 'SELECT endpoint_id, type, body, created_at, status, tries, next_try_at, expires_at FROM webhook_deliveries ORDER BY created_at, type, body';
    const outbox = (rows: Record<string, unknown>[]) =>
      rows.map(({ body, ...row }) => {
        const { id, data, ...event } = JSON.parse(body as string) as { id: string; data: Record<string, unknown> };
        const { contestantId, attemptId, ...rest } = data;
        return { ...row, event, data: rest, ids: [typeof id, typeof contestantId, typeof attemptId] };
      });
    const sqliteOutbox = outbox(sqliteCase.db.prepare(deliveries).all() as Record<string, unknown>[]);
    expect(outbox((await database!.pool.query(deliveries)).rows)).toEqual(sqliteOutbox);
    expect(sqliteOutbox.map((row) => (row as Record<string, unknown>).type)).toEqual(expect.arrayContaining(['contestant.registered', 'attempt.submitted']));
    expect(answered).toMatchObject([{ kind: 'submitted', rank: 1 }, { kind: 'submitted' }]);
    const { db } = sqliteCase;
    for (const [table, query] of Object.entries(TABLES)) {
      const onSqlite = db.prepare(query).all();
      const onPostgres = (await database!.pool.query(query)).rows;
      expect({ table, rows: onPostgres }).toEqual({ table, rows: onSqlite });
      if (table !== 'sign_in_failures') expect(onSqlite.length, table).toBeGreaterThan(0);
    }
  });

  /** Refusals and their messages: each request's outcome, ids and times left out. */
  async function refusals(store: JourneyStore, clock: TestClock): Promise<unknown[]> {
    const answered: unknown[] = [];
    const note = (outcome: unknown) => answered.push(outcome);
    note(await store.contestants.register(OPEN, body({}), client));
    note(await store.contestants.register(OPEN, body(person(1, { unitId: 'no-such-unit', birthDate: '31/12/1990', email: 'not-an-email' })), client));
    note(await store.contestants.register('no-such-contest', body(person(1)), client));
    note(await store.contestants.register(CLOSED, body(person(1)), client));
    note(await store.contestants.register(OPEN, body(person(9)), client));
    note(await store.contestants.signIn('no-such-contest', body({ idNumber: '1', phone: '0912000001', birthDate: '1990-05-17' })));
    const one = await registered(store, 1);
    const { idNumber, phone } = person(1);
    for (let i = 0; i < 6; i++) note(await store.contestants.signIn(OPEN, body({ idNumber, phone, birthDate: '1990-05-18' })));
    note(await store.contestants.signIn(OPEN, body({ idNumber: '099999999999', phone, birthDate: '1990-05-17' })));
    note(await store.attempts.start(one, CLOSED, body(undefined), client));
    const { attempt, questions } = await started(store, one);
    note(await store.attempts.save(one.id, attempt.id, body({ answers: { [questions[0]!.questionId]: 'z', other: 'a' } })));
    note(await store.attempts.submit(one.id, attempt.id, body({ answers: { other: 'a' } })));
    note(await store.attempts.get(one.id, 'no-such-attempt'));
    clock.advance(61 * 86_400_000);
    note(await store.contestants.register(OPEN, body(person(2)), client));
    return answered.map((outcome) =>
      outcome && typeof outcome === 'object' && 'keyHash' in outcome ? { ...outcome, keyHash: typeof outcome.keyHash } : outcome,
    );
  }

  it('refuses the same requests with the same outcomes and messages', async () => {
    const sqliteCase = await sqlite();
    const postgresCase = await postgres();
    // Person 9 is on the exclusion list in both.
    const { idNumber } = person(9);
    sqliteCase.db.prepare(`INSERT INTO exclusions (contest_slug, kind, value) VALUES (?, 'idNumber', ?)`).run(OPEN, idNumber);
    await database!.pool.query(`INSERT INTO exclusions (contest_slug, kind, value) VALUES ($1, 'idNumber', $2)`, [OPEN, idNumber]);
    const answered = await refusals(sqliteCase.store, sqliteCase.clock);
    expect(await refusals(postgresCase.store, postgresCase.clock)).toEqual(answered);
    expect(answered.map((outcome) => (outcome as { kind: string }).kind)).toEqual([
      'invalid',
      'invalid',
      'notFound',
      'closed',
      'excluded',
      'notFound',
      'mismatch',
      'mismatch',
      'mismatch',
      'mismatch',
      'mismatch',
      'blocked',
      'mismatch',
      'notOpen',
      'invalid',
      'invalid',
      'notFound',
      'closed',
    ]);
  });

  /** Eight people submit, some twice, with answers and predictions that tie and differ: the ranks each submit answers. */
  async function ranks(store: JourneyStore, clock: TestClock): Promise<unknown[]> {
    const answered: unknown[] = [];
    const people = [];
    for (let n = 1; n <= 8; n++) people.push(await registered(store, n));
    for (const round of [0, 1]) {
      for (const [i, who] of people.entries()) {
        if (round === 1 && i % 3 !== 0) continue;
        const { attempt, questions } = await started(store, who);
        // Person i answers the first i % 4 questions with option a, the rest with b.
        const answers = Object.fromEntries(questions.slice(0, 6).map((q, k) => [q.questionId, k < ((i + round) % 4) ? 'a' : 'b']));
        clock.advance(1_000 + i * 500);
        const outcome = await store.attempts.submit(who.id, attempt.id, body({ answers, prediction: [5, 8, 8, 3, 12, 8, 7, 9][i] }));
        answered.push(outcome.kind === 'submitted' ? { person: i, round, score: outcome.attempt.score, rank: outcome.rank } : outcome.kind);
      }
    }
    return answered;
  }

  it('ranks the same: every submit answers the same place on both', async () => {
    const sqliteCase = await sqlite();
    const postgresCase = await postgres();
    const answered = await ranks(sqliteCase.store, sqliteCase.clock);
    expect(await ranks(postgresCase.store, postgresCase.clock)).toEqual(answered);
    expect(new Set(answered.map((a) => (a as { rank: number | null }).rank)).size).toBeGreaterThan(3);
  });

  /**
   * The open contest with two rounds (the first allowing one try), ranked by `how`: four people
   * submit in each round; a second start in the first round is refused.
   */
  async function inRounds(store: JourneyStore, clock: TestClock): Promise<unknown[]> {
    const answered: unknown[] = [];
    const people = [];
    for (let n = 1; n <= 4; n++) people.push(await registered(store, n));
    for (const round of [0, 1]) {
      for (const [i, who] of people.entries()) {
        const { attempt, questions } = await started(store, who);
        const answers = Object.fromEntries(questions.slice(0, 4).map((q, k) => [q.questionId, k < ((i * (round + 1)) % 4) ? 'a' : 'b']));
        clock.advance(1_000 + i * 700);
        const outcome = await store.attempts.submit(who.id, attempt.id, body({ answers, prediction: [3, 4, 2, 9][i] }));
        answered.push(
          outcome.kind === 'submitted' || outcome.kind === 'received'
            ? { kind: outcome.kind, person: i, round: outcome.attempt.roundId, score: outcome.attempt.score, rank: 'rank' in outcome ? outcome.rank : null }
            : outcome,
        );
        if (round === 0 && i === 0) answered.push(await store.attempts.start(who, OPEN, body(undefined), client));
      }
      clock.set(new Date(START.getTime() + 86_400_000 + 60_000).toISOString());
    }
    return answered;
  }

  it.each(['sum', 'final'] as const)('counts tries and ranks by rounds (%s) the same', async (how) => {
    const sqliteCase = await sqlite();
    const postgresCase = await postgres();
    const contest = getContest(sqliteCase.db, OPEN)!;
    const day = 86_400_000;
    const rounds = [
      { id: 'v1', title: 'Vòng 1', startsAt: new Date(START.getTime() - day).toISOString(), endsAt: new Date(START.getTime() + day).toISOString(), questionsPerAttempt: null, maxAttempts: 1, prizes: null },
      { id: 'v2', title: 'Vòng 2', startsAt: new Date(START.getTime() + day).toISOString(), endsAt: new Date(START.getTime() + 3 * day).toISOString(), questionsPerAttempt: null, maxAttempts: null, prizes: null },
    ];
    saveContest(sqliteCase.db, { ...contest, rounds, roundsRanking: how }, START);
    const row = sqliteCase.db.prepare('SELECT settings, updated_at FROM contests WHERE slug = ?').get(OPEN) as { settings: string; updated_at: string };
    await database!.pool.query('UPDATE contests SET settings = $1, updated_at = $2 WHERE slug = $3', [row.settings, row.updated_at, OPEN]);
    const versions = `SELECT round_id AS round, version FROM round_versions WHERE contest_slug = '${OPEN}' ORDER BY round_id`;
    const sqliteBefore = sqliteCase.db.prepare(versions).all() as { round: string; version: number }[];
    const postgresBefore = (await database!.pool.query<{ round: string; version: number }>(versions)).rows;
    const answered = await inRounds(sqliteCase.store, sqliteCase.clock);
    expect(await inRounds(postgresCase.store, postgresCase.clock)).toEqual(answered);
    // The rounds' versions (triggers on their attempts) move by as much on both.
    const moved = (before: { round: string; version: number }[], after: { round: string; version: number }[]) =>
      after.map((row) => ({ round: row.round, by: row.version - (before.find((b) => b.round === row.round)?.version ?? 0) }));
    const sqliteMoved = moved(sqliteBefore, sqliteCase.db.prepare(versions).all() as { round: string; version: number }[]);
    expect(moved(postgresBefore, (await database!.pool.query<{ round: string; version: number }>(versions)).rows)).toEqual(sqliteMoved);
    expect(sqliteMoved.filter((row) => row.round !== '' && row.by > 0)).toHaveLength(2);
    expect(answered[1]).toEqual({ kind: 'limit', inRound: true });
    const second = answered.filter((a) => (a as { round?: string }).round === 'v2') as { kind: string; rank: number | null }[];
    expect(second).toHaveLength(4);
    // Someone's later attempt carries their place only when it is their counting one: at least one does.
    expect(second.some((a) => a.kind === 'submitted' && typeof a.rank === 'number')).toBe(true);
  });

  /** Registrations with phone codes (a wrong one, the right one, the same again) and one carrying an erasure's tries. */
  async function verified(store: JourneyStore): Promise<unknown[]> {
    const answered: Registration[] = [];
    answered.push(await store.contestants.register(OPEN, body(person(1, { phoneCode: '000000' })), client));
    answered.push(await store.contestants.register(OPEN, body(person(2, { phoneCode: '123456' })), client));
    answered.push(await store.contestants.register(OPEN, body(person(1, { phoneCode: '123456' })), client));
    answered.push(await store.contestants.register(OPEN, body(person(1, { phoneCode: '123456' })), client));
    return answered.map((outcome) =>
      outcome.kind === 'registered'
        ? { kind: outcome.kind, extraAttempts: outcome.contestant.extraAttempts, attemptsBeforeErasure: outcome.contestant.attemptsBeforeErasure }
        : outcome,
    );
  }

  it('uses phone codes and carries what an erasure kept the same way', async () => {
    const sqliteCase = await sqlite();
    const postgresCase = await postgres();
    saveContest(sqliteCase.db, { ...getContest(sqliteCase.db, OPEN)!, phoneVerification: true }, START);
    // The same code for person 1's phone, and an erasure of person 1's ID number that kept two tries and one grant.
    issuePhoneCode(sqliteCase.db, OPEN, normalisePhone(person(1).phone)!, '123456', START);
    const key = 'k'.repeat(64);
    sqliteCase.db.prepare(`INSERT INTO server_keys (name, key) VALUES ('erasure-limits', ?)`).run(key);
    sqliteCase.db
      .prepare(`INSERT INTO erasure_limits (contest_slug, id_number_hash, attempts, granted, in_progress, erased_at, rounds) VALUES (?, ?, 2, 1, 0, ?, NULL)`)
      .run(OPEN, erasedIdNumberHash(key, OPEN, person(1).idNumber), START.toISOString());
    const contest = sqliteCase.db.prepare('SELECT settings, updated_at FROM contests WHERE slug = ?').get(OPEN) as { settings: string; updated_at: string };
    await database!.pool.query('UPDATE contests SET settings = $1, updated_at = $2 WHERE slug = $3', [contest.settings, contest.updated_at, OPEN]);
    await copySqliteRows(sqliteCase.db, database!.pool, ['phone_codes', 'server_keys', 'erasure_limits']);
    const answered = await verified(sqliteCase.store);
    expect(await verified(postgresCase.store)).toEqual(answered);
    expect(answered).toEqual([
      { kind: 'phoneCode', problem: 'wrong', failures: 1 },
      { kind: 'phoneCode', problem: 'missing', failures: 0 },
      { kind: 'registered', extraAttempts: 1, attemptsBeforeErasure: 2 },
      // The code was used by the registration: a second one with it is refused before the ID number is looked at.
      { kind: 'phoneCode', problem: 'spent', failures: 1 },
    ]);
    const rows = 'SELECT phone, failures, used_at FROM phone_codes ORDER BY phone';
    expect((await database!.pool.query(rows)).rows).toEqual(sqliteCase.db.prepare(rows).all());
    expect(await database!.pool.query('SELECT COUNT(*) AS n FROM erasure_limits').then((r) => r.rows[0].n)).toBe(0);
  });
});
