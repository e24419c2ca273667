import { describe, expect, it } from 'vitest';
import { admin, contestantWithScore, expectError, smallContest } from './admin-support.js';
import { JURY_TOKEN, register, snapshot, testEnv } from './support.js';

const SLUG = 'dien-tap-2027';

describe('DELETE /api/admin/contests/:slug', () => {
  it('deletes a contest without attempts with its questions, units, exclusions and registrations, and audits it', async () => {
    const env = testEnv();
    const others = snapshot(env.db);
    await smallContest(env, SLUG, 5, 3);
    await admin(env, 'PUT', `/contests/${SLUG}/exclusions`, { idNumbers: ['034090999999'], phones: ['0912999999'] });
    await register(env, 1, {}, SLUG);

    const deleted = await admin(env, 'DELETE', `/contests/${SLUG}`);
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
    expect(deleted.body).toMatchObject({ slug: SLUG, title: `Cuộc thi thử ${SLUG}`, removed: { contests: 1, questions: 5, exclusions: 2, contestants: 1, contestant_tokens: 1 } });

    expectError(await admin(env, 'GET', `/contests/${SLUG}`), 404, 'NOT_FOUND');
    expectError(await env.call('GET', `/api/contests/${SLUG}`), 404, 'NOT_FOUND');
    expect((await admin(env, 'GET', '/contests')).body.map((c: { slug: string }) => c.slug)).not.toContain(SLUG);
    // No row of any table names the contest any more.
    const tables = env.db.prepare(`SELECT m.name FROM sqlite_schema m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND p.name = 'contest_slug'`).all() as { name: string }[];
    for (const { name } of tables) expect(env.db.prepare(`SELECT COUNT(*) AS n FROM "${name}" WHERE contest_slug = ?`).get(SLUG), name).toEqual({ n: 0 });
    expect(env.db.pragma('foreign_key_check')).toEqual([]);

    const entry = (await admin(env, 'GET', '/audit')).body.find((e: { action: string }) => e.action === 'contest.delete');
    expect(entry).toMatchObject({ actor: 'Ban Tổ chức', target: SLUG, detail: { before: { title: `Cuộc thi thử ${SLUG}` } } });

    // The slug is free again, and the demo contests are as they were.
    expect((await admin(env, 'PUT', `/contests/${SLUG}`, { title: 'Lại từ đầu', startsAt: '2027-01-01T00:00:00Z', endsAt: '2027-02-01T00:00:00Z' })).status).toBe(201);
    expect((await admin(env, 'DELETE', `/contests/${SLUG}`)).status).toBe(200);
    const withoutAudit = (s: string) => JSON.stringify((JSON.parse(s) as [string, unknown][]).filter(([name]) => name !== 'audit_log' && name !== 'figure_versions'));
    expect(withoutAudit(snapshot(env.db))).toBe(withoutAudit(others));
  });

  it('409 naming the contest once it has an attempt; nothing is removed', async () => {
    const env = testEnv();
    await smallContest(env, SLUG, 5, 3);
    await contestantWithScore(env, 1, 2, { slug: SLUG });
    const before = snapshot(env.db);
    const refused = expectError(await admin(env, 'DELETE', `/contests/${SLUG}`), 409, 'CONFLICT');
    expect(refused.message).toContain(`Cuộc thi thử ${SLUG}`);
    expect(refused.message).toContain('đã có lượt thi');
    expect(snapshot(env.db)).toBe(before);
  });

  it('jury codes may not delete; an unknown contest is 404', async () => {
    const env = testEnv();
    await smallContest(env, SLUG, 5, 3);
    const before = snapshot(env.db);
    expectError(await admin(env, 'DELETE', `/contests/${SLUG}`, undefined, JURY_TOKEN), 403, 'FORBIDDEN');
    expectError(await admin(env, 'DELETE', '/contests/khong-co-cuoc-thi-nay'), 404, 'NOT_FOUND');
    expect(snapshot(env.db)).toBe(before);
  });
});
