/**
 * Contest info, units and the leaderboard answer bodies kept in memory (routes/contests.ts). What a
 * person sees must still follow every change at once: a write by this server or by another process
 * on the same file, and the clock alone (the contest opening or closing, an attempt falling due).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connection.js';
import { getContest, saveContest } from '../src/db/contests.js';
import { seedDemoContests } from '../src/seed/demo.js';
import { admin } from './admin-support.js';
import { correctAnswers, describeStores, twoServers, type StoreEnv } from './store-env.js';
import { OPEN, ORGANISER_TOKEN, register, startAttempt } from './support.js';

const MINUTE = 60_000;
const info = async (env: StoreEnv) => (await env.call('GET', `/api/contests/${OPEN}`)).body;
const board = async (env: StoreEnv, query = '') => (await env.call('GET', `/api/contests/${OPEN}/leaderboard${query}`)).body;

/** Submits one attempt of the contestant with `token`, `correct` questions answered right. */
async function submit(env: StoreEnv, token: string, correct: number, prediction = 1) {
  const attempt = await startAttempt(env, token);
  const answers = await correctAnswers(env, attempt.id, attempt.questions.slice(0, correct).map((q) => q.id));
  const response = await env.call('POST', `/api/attempts/${attempt.id}/submit`, { token, json: { answers, prediction } });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
}

describeStores('contest info', (newEnv, kind) => {
  it('counts a second, worse attempt of the same person in its figures at once', async () => {
    const env = await newEnv();
    const { token } = await register(env);
    await submit(env, token, 5);
    expect((await info(env)).stats).toEqual({ participants: 1, attempts: 1 });
    // The worse attempt changes no standing, only the count of attempts.
    await submit(env, token, 1);
    expect((await info(env)).stats).toEqual({ participants: 1, attempts: 2 });
  });

  it('says when the results were published, from the moment they are and on every server', async () => {
    const [first, second] = await twoServers(kind);
    expect((await info(first)).resultsPublishedAt).toBeNull();
    expect((await info(second)).resultsPublishedAt).toBeNull();
    const published = await first.call('POST', `/api/admin/contests/${OPEN}/results`, { token: ORGANISER_TOKEN, json: { publish: true } });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect((await info(first)).resultsPublishedAt).toBe(published.body.publishedAt);
    expect((await info(second)).resultsPublishedAt).toBe(published.body.publishedAt);
    expect((await second.call('GET', `/api/contests/${OPEN}/results`)).body.publishedAt).toBe(published.body.publishedAt);
  });

  it('shows the server time of each request and a status that follows the clock', async () => {
    const env = await newEnv();
    const first = await info(env);
    expect(first).toMatchObject({ status: 'open', now: env.clock.now().toISOString() });
    env.clock.advance(1);
    expect((await info(env)).now).toBe(env.clock.now().toISOString());
    env.clock.set(new Date(Date.parse(first.endsAt) + 1));
    const closed = await info(env);
    expect(closed).toMatchObject({ status: 'closed', now: env.clock.now().toISOString() });
    // The same fields in the same order as before, `now` last.
    expect(Object.keys(closed)).toEqual(Object.keys(first));
    expect(Object.keys(closed).at(-1)).toBe('now');
  });

  // Renames the contest and edits its units: the console's routes, which a server on PostgreSQL answers 501 (decision 0045).
  if (kind === 'sqlite') {
    it('shows what another server process wrote on its next read: figures, contest changes, units', async () => {
      const [a, b] = await twoServers(kind);
      expect((await info(a)).stats).toEqual({ participants: 0, attempts: 0 });
      const units = (await a.call('GET', `/api/contests/${OPEN}/units`)).body as { id: string }[];
      const { token } = await register(b);
      await submit(b, token, 3);
      expect((await info(a)).stats).toEqual({ participants: 1, attempts: 1 });
      await submit(b, token, 1);
      expect((await info(a)).stats).toEqual({ participants: 1, attempts: 2 });

      const { status: _status, ...contest } = (await admin(b, 'GET', `/contests/${OPEN}`)).body;
      const renamed = await admin(b, 'PUT', `/contests/${OPEN}`, { ...contest, title: 'Tên mới của cuộc thi' });
      expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
      expect((await info(a)).title).toBe('Tên mới của cuộc thi');

      const tree = [...units.map(({ id }: { id: string }) => ({ id, name: `Đơn vị ${id}` })), { id: 'don-vi-moi', name: 'Đơn vị mới' }];
      expect((await admin(b, 'PUT', `/contests/${OPEN}/units`, tree)).status).toBe(200);
      const after = (await a.call('GET', `/api/contests/${OPEN}/units`)).body as { id: string; name: string }[];
      expect(after).toHaveLength(units.length + 1);
      expect(after.at(-1)).toEqual({ id: 'don-vi-moi', name: 'Đơn vị mới', parentId: null, kind: null });
    });
  }
});

describeStores('leaderboard', (newEnv, kind) => {
  it('shows an attempt that fell due after the last read, with nothing written in between', async () => {
    const env = await newEnv();
    const { token } = await register(env);
    await startAttempt(env, token);
    expect((await board(env)).entries).toEqual([]);
    env.clock.advance(14 * MINUTE);
    expect((await board(env)).entries).toEqual([]);
    env.clock.advance(2 * MINUTE);
    expect((await board(env)).entries).toHaveLength(1);
  });

  it('stops being provisional when the contest closes by the clock alone', async () => {
    const env = await newEnv();
    const { token } = await register(env);
    await submit(env, token, 2);
    expect(await board(env)).toMatchObject({ provisional: true, actual: 1 });
    env.clock.set(new Date(Date.parse((await info(env)).endsAt)));
    expect(await board(env)).toMatchObject({ provisional: false, actual: 1 });
  });

  it('moves the actual figure with every participant, here or in another process', async () => {
    const [a, b] = await twoServers(kind);
    for (const [n, env] of [[1, a], [2, b], [3, a]] as const) {
      const { token } = await register(env, n);
      await submit(env, token, n);
      expect((await board(a)).actual).toBe(n);
      expect((await board(b)).actual).toBe(n);
    }
    expect((await board(a)).entries.map((e: { score: number }) => e.score)).toEqual([3, 2, 1]);
  });

  it('answers each limit with its own rows, and refuses a bad one however often good ones were asked', async () => {
    const env = await newEnv();
    for (let n = 1; n <= 3; n++) await submit(env, (await register(env, n)).token, n);
    expect((await board(env, '?limit=2')).entries).toHaveLength(2);
    expect((await board(env, '?limit=3')).entries).toHaveLength(3);
    expect((await board(env, '?limit=2')).entries).toHaveLength(2);
    expect((await board(env)).entries).toHaveLength(3);
    for (const query of ['?limit=0', '?limit=501', '?limit=abc', '?limit=2&other=1']) {
      const response = await env.call('GET', `/api/contests/${OPEN}/leaderboard${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION');
    }
  });

  it('keeps CORS and the JSON type on kept bodies; contest info is never stored, the others are revalidated', async () => {
    const env = await newEnv({ env: { ALLOWED_ORIGINS: 'https://baothaibinh.com.vn' } });
    for (let i = 0; i < 2; i++) {
      for (const path of [`/api/contests/${OPEN}`, `/api/contests/${OPEN}/units`, `/api/contests/${OPEN}/leaderboard`]) {
        const response = await env.app.request(path, { headers: { origin: 'https://baothaibinh.com.vn' } });
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('application/json');
        const info = path === `/api/contests/${OPEN}`;
        expect(response.headers.get('cache-control')).toBe(info ? 'no-store' : 'no-cache');
        expect(response.headers.get('access-control-allow-origin')).toBe('https://baothaibinh.com.vn');
        // Contest info too may go out gzip-compressed (http/public-json.ts GzipWithTail).
        expect(response.headers.get('vary')).toBe('Accept-Encoding, Origin');
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      }
    }
  });

  it('answers 404 for an unknown contest and 400 for a malformed slug, before and after the real one was read', async () => {
    const env = await newEnv();
    for (let i = 0; i < 2; i++) {
      expect((await env.call('GET', `/api/contests/${OPEN}/leaderboard`)).status).toBe(200);
      expect((await env.call('GET', '/api/contests/khong-co-cuoc-thi/leaderboard')).status).toBe(404);
      expect((await env.call('GET', '/api/contests/khong-co-cuoc-thi')).status).toBe(404);
      expect((await env.call('GET', '/api/contests/X!/units')).status).toBe(400);
    }
  });
});

describe('the contest cache inside a transaction', () => {
  it('sees a commit another connection made earlier in the same stretch of code', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'quiz-reads-')), 'quiz.db');
    const a = openDatabase(file);
    seedDemoContests(a, new Date('2026-11-28T03:00:00Z'));
    const b = openDatabase(file);
    expect(getContest(a, OPEN)!.title).not.toBe('Đổi tên');
    // No await in between: as when a transaction waits for another process's write lock.
    saveContest(b, { ...getContest(b, OPEN)!, title: 'Đổi tên' }, new Date('2026-11-28T03:00:00Z'));
    expect(a.transaction(() => getContest(a, OPEN)!.title)()).toBe('Đổi tên');
  });
});
