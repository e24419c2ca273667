/**
 * "You" on the leaderboard is the caller's token, never a name (issue 12): two people called
 * Nguyễn Văn An each see their own row marked and their own rank; a visitor, a wrong token or
 * another contest's token sees the public board unmarked.
 */
import { expect, it } from 'vitest';
import { correctAnswers, describeStores, type StoreEnv } from './store-env.js';
import { OPEN, register, startAttempt } from './support.js';

async function submit(env: StoreEnv, token: string, correct: number) {
  const attempt = await startAttempt(env, token);
  const answers = await correctAnswers(env, attempt.id, attempt.questions.slice(0, correct).map((q) => q.id));
  const response = await env.call('POST', `/api/attempts/${attempt.id}/submit`, { token, json: { answers, prediction: 10 } });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
}

const board = (env: StoreEnv, token?: string) => env.call('GET', `/api/contests/${OPEN}/leaderboard?limit=20`, { token });

describeStores('the caller’s own row on the leaderboard', (newEnv) => {
  it('is marked by token for each of two people with the same name, with their own rank', async () => {
    const env = await newEnv();
    // All three agreed to publish their names: the two rows read the same, only the token tells them apart.
    const first = await register(env, 1, { fullName: 'Nguyễn Văn An', publishName: true });
    const second = await register(env, 2, { fullName: 'Nguyễn Văn An', publishName: true });
    const other = await register(env, 3, { fullName: 'Trần Thị Bình', publishName: true });
    await submit(env, first.token, 3);
    await submit(env, second.token, 7);
    await submit(env, other.token, 5);

    const mine = (await board(env, first.token)).body;
    expect(mine.entries.map((e: { name: string; you?: true }) => [e.name, e.you ?? false])).toEqual([
      ['Nguyễn Văn An', false],
      ['Trần Thị Bình', false],
      ['Nguyễn Văn An', true],
    ]);
    expect(mine.you).toEqual({ rank: 3 });
    const theirs = (await board(env, second.token)).body;
    expect(theirs.entries.filter((e: { you?: true }) => e.you).map((e: { rank: number }) => e.rank)).toEqual([1]);
    expect(theirs.you).toEqual({ rank: 1 });
    // `me` agrees with the board.
    expect((await env.call('GET', `/api/contests/${OPEN}/me`, { token: first.token })).body.rank).toBe(3);
  });

  it('is not marked for a visitor, a wrong token or a person with no counting attempt', async () => {
    const env = await newEnv();
    const done = await register(env, 1);
    const fresh = await register(env, 2);
    await submit(env, done.token, 4);
    const visitor = (await board(env)).body;
    expect(visitor.you).toBeUndefined();
    expect(visitor.entries.some((e: { you?: true }) => e.you)).toBe(false);
    const wrong = await board(env, 'a'.repeat(43));
    expect(wrong.status).toBe(200);
    expect(wrong.body).toEqual(visitor);
    const notYet = (await board(env, fresh.token)).body;
    expect(notYet.you).toEqual({ rank: null });
    expect(notYet.entries.some((e: { you?: true }) => e.you)).toBe(false);
  });
});
