/**
 * The pages `/` and `/c/:slug`, learning (decision 0036) and certificates (decision 0037) on both
 * stores: the same journeys through the app over the SQLite store and over the PostgreSQL store,
 * answering the same (statuses and bodies, random ids and codes aside), with the guarantees of the
 * answer key held on both — no key while the contest is open but for questions marked for practice,
 * none for a question unmarked since the draw, practice never in what counts.
 */
import type { Hono } from 'hono';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { configFromEnv } from '../src/config.js';
import { THAI_BINH_UNITS } from '../src/seed/demo.js';
import { postgresStore } from '../src/store/postgres/index.js';
import { createPool } from '../src/store/postgres/pool.js';
import { hashToken } from '../src/tokens.js';
import { jsonQuestion } from './admin-support.js';
import { freshPostgresDatabase, type FreshDatabase } from './postgres.js';
import { resetAndSeed, STORE_START } from './postgres-store.js';
import { CLOSED, JURY_TOKEN, OPEN, ORGANISER_TOKEN, person, seededRandom, TestClock, testEnv } from './support.js';

type Reply = { status: number; body: any; headers: Headers };
type Call = (method: string, path: string, options?: { token?: string; json?: unknown; origin?: string }) => Promise<Reply>;

interface Fixture {
  call: Call;
  clock: TestClock;
  /** Rows of a statement written for both databases (`$1`… placeholders). */
  rows(text: string, values?: unknown[]): Promise<Record<string, unknown>[]>;
}

const HOST = 'https://bao.example.vn';
const CONFIG = configFromEnv({ RATE_LIMIT: 'off', ATTEMPT_CHALLENGE: 'off' });
const SLUG = 'luyen-tap';
const DAY = 86_400_000;

function caller(app: Hono): Call {
  return async (method, path, o = {}) => {
    const headers: Record<string, string> = {};
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    if (o.origin) headers.origin = o.origin;
    let body: string | undefined;
    if (o.json !== undefined) {
      body = JSON.stringify(o.json);
      headers['content-type'] = 'application/json';
    }
    const response = await app.request(path, { method, headers, body });
    const text = await response.text();
    return { status: response.status, body: text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text, headers: response.headers };
  };
}

let database: FreshDatabase | undefined;
beforeAll(async () => {
  database = await freshPostgresDatabase('learning');
});
afterAll(async () => {
  await database?.drop();
});

async function sqlite(): Promise<Fixture> {
  const env = testEnv();
  return {
    call: caller(env.app),
    clock: env.clock,
    rows: async (text, values = []) => env.db.prepare(text.replace(/\$\d+/g, '?')).all(...(values as never[])) as Record<string, unknown>[],
  };
}

async function postgres(): Promise<Fixture> {
  const clock = new TestClock(STORE_START);
  const pool: pg.Pool = database!.pool;
  await resetAndSeed(pool, clock.now());
  for (const [token, name, role] of [
    [ORGANISER_TOKEN, 'Ban Tổ chức', 'organiser'],
    [JURY_TOKEN, 'Ban Giám khảo', 'jury'],
  ] as const) {
    await pool.query('INSERT INTO admin_tokens (token_hash, name, role, created_at) VALUES ($1, $2, $3, $4)', [hashToken(token), name, role, clock.now().toISOString()]);
  }
  const random = seededRandom();
  const store = postgresStore({ pool, clock: clock.now, random, config: CONFIG });
  return {
    call: caller(createApp({ db: null, store, clock: clock.now, config: CONFIG, random, log: () => {} })),
    clock,
    rows: async (text, values = []) => (await pool.query(text, values)).rows,
  };
}

const STORES = [
  ['SQLite', sqlite],
  ['PostgreSQL', postgres],
] as const;

/** Runs `journey` on both stores; each answers its transcript, which must read the same on both. */
async function onBothStores(journey: (fixture: Fixture) => Promise<unknown[]>): Promise<void> {
  const transcripts: unknown[][] = [];
  for (const [name, make] of STORES) {
    try {
      transcripts.push(await journey(await make()));
    } catch (error) {
      throw new Error(`${name}: ${error instanceof Error ? error.stack : String(error)}`);
    }
  }
  expect(transcripts[1]).toEqual(transcripts[0]);
}

const admin = (f: Fixture, method: string, path: string, json?: unknown) => f.call(method, `/api/admin${path}`, json === undefined ? { token: ORGANISER_TOKEN } : { token: ORGANISER_TOKEN, json });

/** 10 questions, 4 per set, open now for 30 days, practice `always` with the first 3 marked; framed by HOST. */
async function practiceContest(f: Fixture): Promise<string[]> {
  const now = f.clock.now().getTime();
  const created = await admin(f, 'PUT', `/contests/${SLUG}`, {
    title: 'Cuộc thi luyện tập',
    startsAt: new Date(now - 3_600_000).toISOString(),
    endsAt: new Date(now + 30 * DAY).toISOString(),
    questionsPerAttempt: 4,
    practice: 'always',
    allowedOrigins: [HOST],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect((await admin(f, 'PUT', `/contests/${SLUG}/units`, THAI_BINH_UNITS)).status).toBe(200);
  const ids = Array.from({ length: 10 }, (_, i) => `${SLUG}-q${i + 1}`);
  const questions = ids.map((id, i) => jsonQuestion(i + 1, { id, answer: i % 4, source: `Nguồn câu ${i + 1}`, sourceUrl: `https://vbpl.vn/${i + 1}`, practice: i < 3 }));
  expect((await admin(f, 'POST', `/contests/${SLUG}/questions`, questions)).status).toBe(200);
  return ids;
}

/** The shown option id of the key of a set's question, from the stored set and the bank (as only the server knows). */
async function keyOf(f: Fixture, setId: string, questionId: string): Promise<string> {
  const [set] = await f.rows('SELECT question_ids AS ids, option_orders AS orders FROM practice_sets WHERE id = $1', [setId]);
  const at = (JSON.parse(set!.ids as string) as string[]).indexOf(questionId);
  const order = (JSON.parse(set!.orders as string) as number[][])[at]!;
  const [question] = await f.rows('SELECT answer FROM questions WHERE contest_slug = $1 AND id = $2', [SLUG, questionId]);
  return 'abcdef'[order.indexOf(Number(question!.answer))]!;
}

/** Registers person `n` in `slug`, starts and submits an attempt with no answers; answers the token and the attempt id. */
async function played(f: Fixture, n: number, slug = OPEN): Promise<{ token: string; attemptId: string }> {
  const registered = await f.call('POST', `/api/contests/${slug}/contestants`, { json: person(n) });
  expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  const token = registered.body.token as string;
  const started = await f.call('POST', `/api/contests/${slug}/attempts`, { token });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  const submitted = await f.call('POST', `/api/attempts/${started.body.id}/submit`, { token, json: { prediction: 100 } });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  return { token, attemptId: started.body.id };
}

const count = async (f: Fixture, table: string) => Number((await f.rows(`SELECT COUNT(*) AS n FROM ${table}`))[0]!.n);

describe('the public pages on both stores', () => {
  it('`/`, `/c/:slug` and `/embed/:slug` are the same pages, with results once published; an unknown contest is 404 in the error shape', async () => {
    await onBothStores(async (f) => {
      const home = await f.call('GET', '/');
      expect(home.status).toBe(200);
      // Two contests, one open: `/` is the open one's page.
      expect(home.body).toContain(`<de-an-06-quiz contest="${OPEN}"></de-an-06-quiz>`);
      const open = await f.call('GET', `/c/${OPEN}`);
      expect(open.status).toBe(200);
      expect(open.body).not.toContain('view="answers"');
      const closed = await f.call('GET', `/c/${CLOSED}`);
      expect(closed.body).toContain('view="answers"');
      const unknown = await f.call('GET', '/c/khong-co');
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe('NOT_FOUND');
      const embed = await f.call('GET', `/embed/${OPEN}?view=practice`);
      expect(embed.status).toBe(200);
      await played(f, 1);
      f.clock.advance(61 * DAY);
      const published = await admin(f, 'POST', `/contests/${OPEN}/results`, { publish: true, acknowledgeFlags: true });
      expect(published.status, JSON.stringify(published.body)).toBe(200);
      const after = await f.call('GET', `/c/${OPEN}`);
      expect(after.body).toContain('view="results"');
      expect(after.body).toContain('view="answers"');
      return [home.body, open.body, closed.body, unknown.body, embed.body, embed.headers.get('content-security-policy'), after.body];
    });
  });
});

describe('learning on both stores', () => {
  it('while open: no answer page, practice draws and checks only marked questions, a question unmarked since the draw gives no key, nothing counts', async () => {
    await onBothStores(async (f) => {
      const ids = await practiceContest(f);
      const marked = new Set(ids.slice(0, 3));
      const transcript: unknown[] = [];
      const answers = await f.call('GET', `/api/contests/${SLUG}/answers`);
      expect(answers.status).toBe(404);
      expect(answers.body.error.code).toBe('NOT_AVAILABLE');
      transcript.push(answers.body);

      const sets: { id: string; questions: { id: string }[] }[] = [];
      for (let i = 0; i < 5; i++) {
        const started = await f.call('POST', `/api/contests/${SLUG}/practice`);
        expect(started.status, JSON.stringify(started.body)).toBe(201);
        expect(started.body.questions.length).toBe(3);
        for (const q of started.body.questions) expect(marked.has(q.id)).toBe(true);
        expect(JSON.stringify(started.body)).not.toMatch(/correct|answer|explanation|source/i);
        sets.push(started.body);
        const { id, ...shown } = started.body;
        transcript.push(shown);
      }

      const set = sets[0]!;
      const first = set.questions[0]!.id;
      const key = await keyOf(f, set.id, first);
      const right = await f.call('POST', `/api/practice/${set.id}/check`, { json: { questionId: first, optionId: key } });
      expect(right.status).toBe(200);
      expect(right.body).toMatchObject({ correct: true, correctOptionId: key });
      const wrong = await f.call('POST', `/api/practice/${set.id}/check`, { json: { questionId: first, optionId: key === 'a' ? 'b' : 'a' } });
      expect(wrong.body).toMatchObject({ correct: false, correctOptionId: key });
      // A question of the bank not drawn for this set, a foreign option: 400 naming the field, no key.
      const notDrawn = await f.call('POST', `/api/practice/${set.id}/check`, { json: { questionId: ids[5], optionId: 'a' } });
      expect(notDrawn.status).toBe(400);
      expect(notDrawn.body.error.fields).toHaveProperty('questionId');
      const badOption = await f.call('POST', `/api/practice/${set.id}/check`, { json: { questionId: first, optionId: 'z' } });
      expect(badOption.status).toBe(400);
      expect(badOption.body.error.fields).toHaveProperty('optionId');
      transcript.push(right.body, wrong.body, notDrawn.body, badOption.body);

      // CORS by the set's contest: its allowed origin may check, another may not.
      const framed = await f.call('POST', `/api/practice/${set.id}/check`, { json: { questionId: first, optionId: key }, origin: HOST });
      expect(framed.headers.get('access-control-allow-origin')).toBe(HOST);
      const stranger = await f.call('POST', `/api/practice/${set.id}/check`, { json: { questionId: first, optionId: key }, origin: 'https://la.example.com' });
      expect(stranger.headers.get('access-control-allow-origin')).toBeNull();

      // The organisers unmark the question: the set drawn before gives its key no more.
      const n = ids.indexOf(first);
      const unmarked = jsonQuestion(n + 1, { id: first, answer: n % 4, source: 'Nguồn', sourceUrl: 'https://vbpl.vn/1', practice: false });
      const edited = await admin(f, 'POST', `/contests/${SLUG}/questions`, [unmarked]);
      expect(edited.status, JSON.stringify(edited.body)).toBe(200);
      const withdrawn = await f.call('POST', `/api/practice/${set.id}/check`, { json: { questionId: first, optionId: key } });
      expect(withdrawn.status).toBe(404);
      expect(withdrawn.body.error.code).toBe('NOT_AVAILABLE');
      expect(JSON.stringify(withdrawn.body)).not.toMatch(/correctOptionId/);
      transcript.push(withdrawn.body);

      // Two hours later the set is gone; practice never reached what counts.
      f.clock.advance(2 * 60 * 60 * 1000);
      const expired = await f.call('POST', `/api/practice/${set.id}/check`, { json: { questionId: set.questions[1]!.id, optionId: 'a' } });
      expect(expired.status).toBe(404);
      transcript.push(expired.body);
      for (const table of ['attempts', 'attempt_questions', 'attempt_answers', 'contestants', 'participation', 'standings']) expect(await count(f, table)).toBe(0);
      const board = await f.call('GET', `/api/contests/${SLUG}/leaderboard`);
      transcript.push(board.body.entries ?? board.body);
      return transcript;
    });
  });

  it('practice off, or after the close by default: refused while open; after the close every question, and the answer page of the questions drawn', async () => {
    await onBothStores(async (f) => {
      const transcript: unknown[] = [];
      const refused = await f.call('POST', `/api/contests/${OPEN}/practice`);
      expect(refused.status).toBe(404);
      expect(refused.body.error.message).toMatch(/sau khi cuộc thi kết thúc/);
      transcript.push(refused.body, (await f.call('POST', '/api/contests/khong-co/practice')).body);
      await played(f, 1);
      await played(f, 2);
      expect((await f.call('GET', `/api/contests/${OPEN}/answers`)).status).toBe(404);
      f.clock.advance(61 * DAY);
      const answers = await f.call('GET', `/api/contests/${OPEN}/answers`);
      expect(answers.status).toBe(200);
      const drawn = await f.rows('SELECT DISTINCT question_id AS id FROM attempt_questions');
      expect(new Set(answers.body.questions.map((q: { id: string }) => q.id))).toEqual(new Set(drawn.map((row) => row.id)));
      for (const q of answers.body.questions) expect(q.answered).toBeGreaterThan(0);
      transcript.push(answers.body);
      const started = await f.call('POST', `/api/contests/${OPEN}/practice`);
      expect(started.status).toBe(201);
      const { id, ...shown } = started.body;
      transcript.push(shown);
      // Voiding an attempt moves what the page counts.
      const [attempt] = await f.rows('SELECT id FROM attempts ORDER BY id LIMIT 1');
      expect((await admin(f, 'POST', `/attempts/${attempt!.id}/void`, { reason: 'Lỗi kỹ thuật đã xác minh' })).status).toBe(200);
      const recounted = await f.call('GET', `/api/contests/${OPEN}/answers`);
      expect(recounted.body).not.toEqual(answers.body);
      transcript.push(recounted.body);
      return transcript;
    });
  });
});

describe('certificates on both stores', () => {
  it('issued once to whoever has a counted attempt, checked publicly, listed for the organisers, invalid once voided', async () => {
    await onBothStores(async (f) => {
      const transcript: unknown[] = [];
      const { token, attemptId } = await played(f, 1);
      const other = (await f.call('POST', `/api/contests/${OPEN}/contestants`, { json: person(2) })).body.token as string;
      const none = await f.call('GET', `/api/contests/${OPEN}/me/certificate`, { token: other });
      expect(none.status).toBe(404);
      expect(none.body.error.code).toBe('NOT_AVAILABLE');
      const anonymous = await f.call('GET', `/api/contests/${OPEN}/me/certificate`);
      expect(anonymous.status).toBe(401);
      transcript.push(none.body, anonymous.body);

      const mine = await f.call('GET', `/api/contests/${OPEN}/me/certificate`, { token });
      expect(mine.status, JSON.stringify(mine.body)).toBe(200);
      const code = mine.body.code as string;
      expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      expect((await f.call('GET', `/api/contests/${OPEN}/me/certificate`, { token })).body.code).toBe(code);
      transcript.push({ ...mine.body, code: 'CODE', verifyUrl: mine.body.verifyUrl.replace(code, 'CODE') });

      const checked = await f.call('GET', `/api/certificates/${code.toLowerCase().replace(/-/g, '')}`);
      expect(checked.status).toBe(200);
      expect(checked.body).toMatchObject({ valid: true, code });
      expect(JSON.stringify(checked.body)).not.toMatch(/score|idNumber|phone/i);
      const page = await f.call('GET', `/chung-nhan/${code}`);
      expect(page.status).toBe(200);
      expect(page.body).toContain('Nguyễn Văn An');
      transcript.push({ ...checked.body, code: 'CODE' });

      const list = await admin(f, 'GET', `/contests/${OPEN}/certificates?format=csv`);
      expect(list.status).toBe(200);
      expect(list.body).toContain(code);
      const noUnit = await admin(f, 'GET', `/contests/${OPEN}/certificates?unit=khong-co`);
      expect(noUnit.status).toBe(400);
      expect(noUnit.body.error.fields).toHaveProperty('unit');
      const audited = await f.rows(`SELECT actor, target, detail FROM audit_log WHERE action = 'read.certificates'`);
      transcript.push(String(list.body).replaceAll(code, 'CODE'), noUnit.body, audited);

      expect((await admin(f, 'POST', `/attempts/${attemptId}/void`, { reason: 'Lỗi kỹ thuật đã xác minh' })).status).toBe(200);
      const invalid = await f.call('GET', `/api/certificates/${code}`);
      expect(invalid.status).toBe(404);
      const invalidPage = await f.call('GET', `/chung-nhan/${code}`);
      expect(invalidPage.status).toBe(404);
      expect(String((await admin(f, 'GET', `/contests/${OPEN}/certificates?format=csv`)).body)).toMatch(/Không\s*$/);
      transcript.push(invalid.body, String(invalidPage.body).replaceAll(code, 'CODE'));
      return transcript;
    });
  });
});

describe('certificates with several nodes on one PostgreSQL database', () => {
  it('nodes issuing at once to one person answer one code, stored once', async () => {
    const f = await postgres();
    const { token } = await played(f, 1);
    const contestantId = (await f.rows('SELECT id FROM contestants'))[0]!.id as string;
    expect(token).toBeTruthy();
    const pools = [createPool({ url: database!.url, poolSize: 2 }), createPool({ url: database!.url, poolSize: 2 })];
    try {
      const stores = pools.map((pool) => postgresStore({ pool, clock: f.clock.now, random: seededRandom(), config: CONFIG }));
      const issued = await Promise.all(Array.from({ length: 8 }, (_, i) => stores[i % 2]!.certificates.mine(contestantId, OPEN)));
      const codes = new Set(issued.map((outcome) => (outcome.kind === 'certificate' ? outcome.certificate.code : outcome.kind)));
      expect(codes.size).toBe(1);
      expect([...codes][0]).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      expect(await count(f, 'certificates')).toBe(1);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });
});
