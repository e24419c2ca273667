/**
 * Practice never counts (decision 0036): a hundred practice sets with their checks, while the
 * contest is open and again once it is closed, leave every figure that counts byte for byte as it
 * was: public contest, leaderboard, unit figures, the console's ranking and statistics, the CSV
 * exports, the computed prizes, the report, the integrity review, and every table but practice_sets.
 */
import { describe, expect, it } from 'vitest';
import { practiceSetSchema } from '../src/contract/learning.js';
import { admin, contestantWithScore, jsonQuestion, smallContest } from './admin-support.js';
import { JURY_TOKEN, ORGANISER_TOKEN, testEnv, type TestEnv } from './support.js';

const SLUG = 'luyen-tap-khong-tinh';
const DAY = 86_400_000;
const SETS = 100;

/** Every table but the practice sets (and the audit log, which records who downloaded what). */
function tablesThatCount(env: TestEnv): string {
  const tables = env.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('practice_sets', 'audit_log') ORDER BY name`).all() as { name: string }[];
  return JSON.stringify(tables.map(({ name }) => [name, env.db.prepare(`SELECT * FROM "${name}"`).all()]));
}

/** The bytes of every answer that shows a count, a rank, a figure or a prize. */
async function everythingThatCounts(env: TestEnv): Promise<Record<string, string>> {
  const paths: [string, string, string?][] = [
    ['contest', `/api/contests/${SLUG}`],
    ['leaderboard', `/api/contests/${SLUG}/leaderboard?limit=50`],
    ['units', `/api/contests/${SLUG}/units/stats`],
    ['ranking', `/api/admin/contests/${SLUG}/ranking.json`, JURY_TOKEN],
    ['stats', `/api/admin/contests/${SLUG}/stats`, JURY_TOKEN],
    ['ranking.csv', `/api/admin/contests/${SLUG}/ranking?format=csv`, JURY_TOKEN],
    ['attempts.csv', `/api/admin/contests/${SLUG}/attempts?format=csv`, JURY_TOKEN],
    ['contestants.csv', `/api/admin/contests/${SLUG}/contestants?format=csv`, ORGANISER_TOKEN],
    ['integrity', `/api/admin/contests/${SLUG}/integrity`, JURY_TOKEN],
    ['report', `/api/admin/contests/${SLUG}/report`, JURY_TOKEN],
  ];
  const out: Record<string, string> = {};
  for (const [name, path, token] of paths) {
    const response = await env.app.request(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(response.status, `${name}: ${bytes.toString('utf8').slice(0, 300)}`).toBe(200);
    out[name] = bytes.toString('base64');
  }
  const prizes = await env.app.request(`/api/admin/contests/${SLUG}/results`, {
    method: 'POST',
    headers: { authorization: `Bearer ${JURY_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ publish: false }),
  });
  expect(prizes.status).toBe(200);
  out.prizes = Buffer.from(await prizes.arrayBuffer()).toString('base64');
  return out;
}

/** `SETS` practice sets, every question checked (some right, some wrong); answers every question id drawn. */
async function practise(env: TestEnv): Promise<{ drawn: Set<string>; checked: Set<string> }> {
  const drawn = new Set<string>();
  const checked = new Set<string>();
  for (let i = 0; i < SETS; i++) {
    const response = await env.call('POST', `/api/contests/${SLUG}/practice`, i % 2 ? { json: {} } : {});
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const set = practiceSetSchema.parse(response.body);
    for (const [k, q] of set.questions.entries()) {
      drawn.add(q.id);
      const result = await env.call('POST', `/api/practice/${set.id}/check`, { json: { questionId: q.id, optionId: q.options[(i + k) % q.options.length]!.id } });
      expect(result.status, JSON.stringify(result.body)).toBe(200);
      checked.add(q.id);
    }
  }
  return { drawn, checked };
}

describe('practice never counts', () => {
  it(`${SETS} practice sets while open and ${SETS} after the close change nothing that counts, byte for byte`, async () => {
    const env = testEnv();
    const { questionIds } = await smallContest(env, SLUG, 12, 5, { practice: 'always', prizes: { individual: [{ name: 'Giải Nhất', count: 2, valueVnd: 1_000_000 }], collective: [] } });
    const marked = new Set(questionIds.slice(0, 4));
    const questions = questionIds.map((id, i) => jsonQuestion(i + 1, { id, practice: marked.has(id), source: `Nguồn ${i + 1}`, sourceUrl: `https://vbpl.vn/${i + 1}` }));
    expect((await admin(env, 'POST', `/contests/${SLUG}/questions`, questions)).status).toBe(200);
    for (let n = 1; n <= 6; n++) await contestantWithScore(env, n, n % 6, { slug: SLUG, prediction: 100 + n });

    // While open: only questions marked for practice, and the answer page refuses.
    let tables = tablesThatCount(env);
    let counted = await everythingThatCounts(env);
    const open = await practise(env);
    expect([...open.drawn].every((id) => marked.has(id))).toBe(true);
    expect([...open.checked].every((id) => marked.has(id))).toBe(true);
    expect(open.drawn.size).toBe(marked.size);
    expect((await env.call('GET', `/api/contests/${SLUG}/answers`)).status).toBe(404);
    expect(tablesThatCount(env)).toBe(tables);
    expect(await everythingThatCounts(env)).toEqual(counted);

    // Once closed: every question may be practised; still nothing counts.
    env.clock.advance(31 * DAY);
    tables = tablesThatCount(env);
    counted = await everythingThatCounts(env);
    const answersBefore = (await env.call('GET', `/api/contests/${SLUG}/answers`)).body;
    const closed = await practise(env);
    expect(closed.drawn.size).toBeGreaterThan(marked.size);
    expect(tablesThatCount(env)).toBe(tables);
    expect(await everythingThatCounts(env)).toEqual(counted);
    expect((await env.call('GET', `/api/contests/${SLUG}/answers`)).body).toEqual(answersBefore);
  }, 60_000);
});
