/**
 * A contestant's place on PostgreSQL (`contestantRank`, read on every submit and `me`) counted from
 * the maintained bucket counts, held to the whole ranking sorted in SQL (the oracle), for people
 * with one or several attempts, with and without predictions, ties on the score and on the
 * distance of the prediction included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBy } from '../src/db/rankings.js';
import { optionIdAt } from '../src/domain/option-ids.js';
import { predictionActual } from '../src/domain/prediction.js';
import { postgresStore } from '../src/store/postgres/index.js';
import { contestantRank, contestCounts, overallHead } from '../src/store/postgres/ranking.js';
import { contestBySlug } from '../src/store/postgres/rows.js';
import type { Client } from '../src/store/store.js';
import { freshPostgresDatabase, type FreshDatabase } from './postgres.js';
import { resetAndSeed, STORE_CONFIG, STORE_START } from './postgres-store.js';
import { OPEN, person, seededRandom, TestClock } from './support.js';

let database: FreshDatabase | undefined;
beforeAll(async () => {
  database = await freshPostgresDatabase('rank');
});
afterAll(async () => {
  await database?.drop();
});

const client: Client = { ip: '203.0.113.41', userAgent: 'postgres-rank-test', origin: undefined };
const body =
  <T>(value: T) =>
  async () =>
    value;

/** Every participant's place in the whole ranking, sorted by PostgreSQL: each person's best standing, ranked. */
async function oracle(slug: string, order: readonly Parameters<typeof orderBy>[0][number][], actual: number): Promise<Map<string, { attemptId: string; rank: number }>> {
  const terms = (t: string) => orderBy(order, t).replaceAll('@actual', '$2::bigint');
  const { rows } = await database!.pool.query<{ contestantId: string; attemptId: string; rank: number }>(
    `SELECT b.contestant_id AS "contestantId", b.attempt_id AS "attemptId", ROW_NUMBER() OVER (ORDER BY ${terms('b')}) AS rank
     FROM (SELECT DISTINCT ON (s.contestant_id) s.* FROM standings s WHERE s.contest_slug = $1 ORDER BY s.contestant_id, ${terms('s')}) b`,
    [slug, actual],
  );
  return new Map(rows.map((row) => [row.contestantId, { attemptId: row.attemptId, rank: row.rank }]));
}

describe('a contestant’s place on PostgreSQL', () => {
  it('counted from the bucket counts, is the place in the whole ranking for every participant', async () => {
    const clock = new TestClock(STORE_START);
    await resetAndSeed(database!.pool, clock.now());
    const random = seededRandom(7);
    const store = postgresStore({ pool: database!.pool, clock: clock.now, random: seededRandom(8), config: STORE_CONFIG });
    const people: string[] = [];
    for (let n = 1; n <= 36; n++) {
      const registered = await store.contestants.register(OPEN, body(person(n)), client);
      if (registered.kind !== 'registered') throw new Error(JSON.stringify(registered));
      people.push(registered.contestant.id);
      const tries = 2 + Math.floor(random() * 2);
      for (let t = 0; t < tries; t++) {
        const started = await store.attempts.start(registered.contestant, OPEN, body(undefined), client);
        if (started.kind !== 'started') break; // out of tries
        // Scores bunched into a few blocks, predictions around the participants' figure (some missing), so ties are common.
        const wrong = Math.floor(random() * 2);
        const answers = Object.fromEntries(
          started.questions.map((q, k) => [q.questionId, optionIdAt(q.optionOrder.indexOf(k < wrong ? (q.answer + 1) % q.options.length : q.answer))]),
        );
        clock.advance((1 + Math.floor(random() * 3)) * 60_000);
        const prediction = random() < 0.15 ? null : 26 + Math.floor(random() * 20);
        const submitted = await store.attempts.submit(registered.contestant.id, started.attempt.id, body({ answers, prediction }));
        if (submitted.kind !== 'submitted') throw new Error(JSON.stringify(submitted));
      }
    }
    const contest = (await contestBySlug(database!.pool, OPEN))!;
    const actual = predictionActual(contest.predictionTarget, await contestCounts(database!.pool, OPEN));
    const expected = await oracle(OPEN, contest.rankingOrder, actual);
    expect(expected.size).toBe(36);
    // The data has ties on the score block and the prediction's distance, and people without a prediction.
    const shape = await database!.pool.query<{ blocks: number; tiedLeads: number; without: number }>(
      `SELECT COUNT(DISTINCT block) AS blocks, COUNT(*) - COUNT(DISTINCT (block, lead)) AS "tiedLeads", COUNT(*) FILTER (WHERE lead IS NULL) AS without FROM standings`,
    );
    expect(shape.rows[0]!.blocks).toBeGreaterThan(1);
    expect(shape.rows[0]!.tiedLeads).toBeGreaterThan(3);
    expect(shape.rows[0]!.without).toBeGreaterThan(0);
    for (const id of people) {
      expect(await contestantRank(database!.pool, OPEN, contest.rankingOrder, actual, id), id).toEqual(expected.get(id));
    }
    // The head, read from a window of predictions around the figure within a score block, is the
    // whole ranking's first places, whatever their number.
    const byRank = [...expected].sort((a, b) => a[1].rank - b[1].rank).map(([id]) => id);
    for (const limit of [1, 2, 5, 9, 20, 36, 50]) {
      const { head } = await overallHead(database!.pool, contest, limit);
      expect(head.map((entry) => entry.contestantId), `limit ${limit}`).toEqual(byRank.slice(0, limit));
      expect(head.map((entry) => entry.rank)).toEqual(head.map((_, i) => i + 1));
    }
    // Someone with nothing counted has no place.
    expect(await contestantRank(database!.pool, OPEN, contest.rankingOrder, actual, 'khong-co')).toBeNull();
  });
});
