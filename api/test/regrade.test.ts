import { describe, expect, it } from 'vitest';
import { admin, expectError, jsonQuestion, smallContest } from './admin-support.js';
import { expectMaintainedEqualRebuild, playChoices } from './regrade-support.js';
import { JURY_TOKEN, snapshot, testEnv } from './support.js';

const SLUG = 'chum-cau-hoi';

/**
 * Four questions, all drawn. An answers all four right (4); Bình picks option 1 of q1 and the rest
 * right (3); Cường picks option 2 of q1 and is wrong on q2 (2). The key of q1 then moves 0 → 1:
 * An drops to 3, Bình rises to 4, Cường stays at 2.
 */
async function keyFixScenario(options: { publish?: boolean } = {}) {
  const env = testEnv();
  const { questionIds } = await smallContest(env, SLUG, 4, 4);
  const [q1, q2, q3, q4] = questionIds as [string, string, string, string];
  const an = await playChoices(env, SLUG, 1, { [q1]: 0, [q2]: 0, [q3]: 0, [q4]: 0 }, { fullName: 'Nguyễn Văn An' });
  const binh = await playChoices(env, SLUG, 2, { [q1]: 1, [q2]: 0, [q3]: 0, [q4]: 0 }, { fullName: 'Trần Thị Bình', unitId: 'dong-hung' });
  const cuong = await playChoices(env, SLUG, 3, { [q1]: 2, [q2]: 1, [q3]: 0, [q4]: 0 }, { fullName: 'Lê Văn Cường' });
  expect([an.score, binh.score, cuong.score]).toEqual([4, 3, 2]);
  if (options.publish) expect((await admin(env, 'POST', `/contests/${SLUG}/results`, { publish: true })).status).toBe(200);
  const fix = await admin(env, 'PUT', `/contests/${SLUG}/questions/${q1}`, jsonQuestion(1, { id: q1, answer: 1 }));
  expect(fix.status, JSON.stringify(fix.body)).toBe(200);
  return { env, q1, an, binh, cuong, fix };
}

describe('correcting a key: the question edit says who is affected', () => {
  it('affectedAttempts counts the submitted attempts whose score the new key changes; a text edit affects none', async () => {
    const { env, q1, fix } = await keyFixScenario();
    expect(fix.body).toMatchObject({ id: q1, answer: 1, affectedAttempts: 2 });
    const text = await admin(env, 'PUT', `/contests/${SLUG}/questions/${q1}`, jsonQuestion(1, { id: q1, answer: 1, text: 'Câu hỏi đã sửa lời: VNeID do cơ quan nào quản lý?' }));
    expect(text.body.affectedAttempts).toBe(0);
    const [entry] = (await admin(env, 'GET', '/audit')).body;
    expect(entry).toMatchObject({ action: 'question.update', detail: { affectedAttempts: 0 } });
  });
});

describe('correcting a key by importing the question again (same id)', () => {
  it('the import answer counts the submitted attempts affected, and a regrade then changes them', async () => {
    const env = testEnv();
    const { questionIds } = await smallContest(env, SLUG, 4, 4);
    const [q1, q2, q3, q4] = questionIds as [string, string, string, string];
    await playChoices(env, SLUG, 1, { [q1]: 0, [q2]: 0, [q3]: 0, [q4]: 0 });
    await playChoices(env, SLUG, 2, { [q1]: 1, [q2]: 0, [q3]: 0, [q4]: 0 });
    const same = await admin(env, 'POST', `/contests/${SLUG}/questions`, [jsonQuestion(1, { id: q1 })]);
    expect(same.body).toEqual({ imported: 1, errors: [] });
    const rekeyed = await admin(env, 'POST', `/contests/${SLUG}/questions`, [jsonQuestion(1, { id: q1, answer: 1 })]);
    expect(rekeyed.body).toEqual({ imported: 1, errors: [], affectedAttempts: 2 });
    const dry = await admin(env, 'POST', `/contests/${SLUG}/regrade`, { dryRun: true });
    expect(dry.body.changed).toHaveLength(2);
  });
});

describe('POST /api/admin/contests/:slug/regrade', () => {
  it('a dry run (the jury may ask) lists exactly the changed attempts and the rank moves, and writes nothing', async () => {
    const { env, an, binh } = await keyFixScenario();
    const before = snapshot(env.db);
    const dry = await admin(env, 'POST', `/contests/${SLUG}/regrade`, { dryRun: true }, JURY_TOKEN);
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, attempts: 3 });
    expect(dry.body.changed).toEqual(
      [
        { attemptId: an.attemptId, contestant: { id: an.contestantId, name: 'Nguyễn Văn An' }, before: 4, after: 3 },
        { attemptId: binh.attemptId, contestant: { id: binh.contestantId, name: 'Trần Thị Bình' }, before: 3, after: 4 },
      ].sort((a, b) => (a.attemptId < b.attemptId ? -1 : 1)),
    );
    expect(dry.body.rankChanges.moved).toBe(2);
    expect(dry.body.rankChanges.before.map((p: { name: string }) => p.name)).toEqual(['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Văn Cường']);
    expect(dry.body.rankChanges.after.map((p: { name: string; score: number }) => [p.name, p.score])).toEqual([
      ['Trần Thị Bình', 4],
      ['Nguyễn Văn An', 3],
      ['Lê Văn Cường', 2],
    ]);
    expect(snapshot(env.db)).toBe(before);
    // The leaderboard still shows the old scores.
    const board = (await env.call('GET', `/api/contests/${SLUG}/leaderboard`)).body;
    expect(board.entries[0]).toMatchObject({ score: 4 });
  });

  it('applying re-scores in one go: scores, leaderboard, statistics and prizes follow; figures equal a recount; audited', async () => {
    const { env, an, binh, cuong } = await keyFixScenario();
    const applied = await admin(env, 'POST', `/contests/${SLUG}/regrade`, {});
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body).toMatchObject({ dryRun: false, attempts: 3, outdated: false });
    expect(applied.body.changed).toHaveLength(2);

    const own = await env.call('GET', `/api/attempts/${binh.attemptId}`, { token: binh.token });
    expect(own.body.score).toBe(4);
    expect((await env.call('GET', `/api/attempts/${an.attemptId}`, { token: an.token })).body.score).toBe(3);
    expect((await env.call('GET', `/api/attempts/${cuong.attemptId}`, { token: cuong.token })).body.score).toBe(2);

    const board = (await env.call('GET', `/api/contests/${SLUG}/leaderboard`)).body;
    expect(board.entries.map((e: { score: number }) => e.score)).toEqual([4, 3, 2]);
    const me = (await env.call('GET', `/api/contests/${SLUG}/me`, { token: binh.token })).body;
    expect(me.best).toMatchObject({ score: 4 });

    const stats = (await admin(env, 'GET', `/contests/${SLUG}/stats`)).body;
    expect(JSON.stringify(stats)).toContain('"perfectAttempts":1');

    const prizes = (await admin(env, 'POST', `/contests/${SLUG}/results`, {})).body;
    expect(prizes.individual.map((w: { name: string; prize: string; score: number }) => [w.name, w.prize, w.score])).toEqual([
      ['Trần Thị Bình', 'Giải Nhất', 4],
      ['Nguyễn Văn An', 'Giải Nhì', 3],
      ['Lê Văn Cường', 'Giải Nhì', 2],
    ]);
    expect(prizes.collective.find((u: { unitId: string }) => u.unitId === 'dong-hung')).toMatchObject({ averageScore: 4 });

    expectMaintainedEqualRebuild(env);

    const [entry] = (await admin(env, 'GET', '/audit')).body;
    expect(entry.action).toContain('regrade');
    expect(entry).toMatchObject({ actor: 'Ban Tổ chức', target: SLUG, detail: { attempts: 3, changed: 2, contestants: 2, rankMoves: 2, resultsOutdated: false } });

    // Nothing is left to change: a second regrade finds nothing.
    const again = await admin(env, 'POST', `/contests/${SLUG}/regrade`, { dryRun: true });
    expect(again.body.changed).toEqual([]);
    expect(again.body.rankChanges.moved).toBe(0);
  });

  it('after publication, applying marks the published results outdated until they are published again', async () => {
    const { env } = await keyFixScenario({ publish: true });
    const applied = await admin(env, 'POST', `/contests/${SLUG}/regrade`, {});
    expect(applied.body.outdated).toBe(true);
    const kept = (await admin(env, 'GET', `/contests/${SLUG}/results`)).body;
    expect(kept.outdated).toBe(true);
    expect(kept.payload.outdated).toBe(true);
    // The published winners are not changed silently: still the list as announced, marked outdated.
    expect(kept.payload.individual[0]).toMatchObject({ name: 'Nguyễn Văn An', score: 4 });
    const open = (await env.call('GET', `/api/contests/${SLUG}/results`)).body;
    expect(open.outdated).toBe(true);
    const report = await env.call('GET', `/api/admin/contests/${SLUG}/report`, { token: JURY_TOKEN });
    expect(report.body).toContain('Kết quả đã công bố chưa tính lại sau khi chấm lại');

    const republished = await admin(env, 'POST', `/contests/${SLUG}/results`, { publish: true, replace: true });
    expect(republished.status, JSON.stringify(republished.body)).toBe(200);
    const fresh = (await admin(env, 'GET', `/contests/${SLUG}/results`)).body;
    expect(fresh.outdated).toBe(false);
    expect(fresh.payload.individual[0]).toMatchObject({ name: 'Trần Thị Bình', score: 4 });
    expect((await env.call('GET', `/api/contests/${SLUG}/results`)).body.outdated).toBeUndefined();
  });

  it('a dry run after publication says it would mark results outdated, and marks nothing', async () => {
    const { env } = await keyFixScenario({ publish: true });
    const dry = await admin(env, 'POST', `/contests/${SLUG}/regrade`, { dryRun: true });
    expect(dry.body.outdated).toBe(true);
    expect((await admin(env, 'GET', `/contests/${SLUG}/results`)).body.outdated).toBe(false);
  });

  it('the jury may not apply: 403, nothing written', async () => {
    const { env } = await keyFixScenario();
    const before = snapshot(env.db);
    const error = expectError(await admin(env, 'POST', `/contests/${SLUG}/regrade`, { dryRun: false }, JURY_TOKEN), 403, 'FORBIDDEN');
    expect(error.message).toMatch(/Ban Giám khảo/);
    expectError(await admin(env, 'POST', `/contests/${SLUG}/regrade`, undefined, JURY_TOKEN), 403, 'FORBIDDEN');
    expect(snapshot(env.db)).toBe(before);
  });

  it('refuses bad requests with the error shape, naming the field, writing nothing', async () => {
    const { env } = await keyFixScenario();
    const before = snapshot(env.db);
    const wrongType = expectError(await admin(env, 'POST', `/contests/${SLUG}/regrade`, { dryRun: 'có' }), 400, 'VALIDATION');
    expect(Object.keys(wrongType.fields ?? {})).toEqual(['dryRun']);
    const unknown = expectError(await admin(env, 'POST', `/contests/${SLUG}/regrade`, { dryRun: true, all: true }), 400, 'VALIDATION');
    expect(JSON.stringify(unknown)).toContain('all');
    expectError(await env.call('POST', `/api/admin/contests/${SLUG}/regrade`, { token: undefined, json: { dryRun: true } }), 401, 'UNAUTHORIZED');
    expectError(
      await env.call('POST', `/api/admin/contests/${SLUG}/regrade`, { token: 'organiser-token-0123456789abcdef', body: 'dryRun=true', contentType: 'text/plain' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectError(
      await env.call('POST', `/api/admin/contests/${SLUG}/regrade`, { token: 'organiser-token-0123456789abcdef', body: '{"dryRun":', contentType: 'application/json' }),
      400,
      'VALIDATION',
    );
    expectError(await admin(env, 'POST', '/contests/khong-co-cuoc-thi-nay/regrade', { dryRun: true }), 404, 'NOT_FOUND');
    expect(snapshot(env.db)).toBe(before);
  });
});
