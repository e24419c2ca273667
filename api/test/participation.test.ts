import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getContest } from '../src/db/contests.js';
import { contestantRank, contestCounts, COUNTING, leaderboard, unitCounts } from '../src/db/rankings.js';
import { contestStats } from '../src/db/stats.js';
import { MIGRATIONS } from '../src/db/schema.js';
import { predictionActual } from '../src/domain/prediction.js';
import { rankContestants, type RankableAttempt } from '../src/domain/ranking.js';
import { correctAnswers, describeStores, storeEnv, type StoreEnv } from './store-env.js';
import { correctOptionId, freshDatabase, OPEN, ORGANISER_TOKEN, person, register, startAttempt, testEnv, type TestEnv } from './support.js';

/** The figures computed the slow way, straight from the attempts: what the maintained tables must equal. */
function scanned(env: TestEnv) {
  const totals = env.db
    .prepare(
      `SELECT COUNT(DISTINCT a.contestant_id) AS participants, COUNT(*) AS attempts,
         COUNT(DISTINCT CASE WHEN a.score = a.total THEN a.contestant_id END) AS perfectParticipants
       FROM attempts a JOIN contestants c ON c.id = a.contestant_id WHERE a.contest_slug = ? AND ${COUNTING}`,
    )
    .get(OPEN);
  const units = env.db
    .prepare(
      `SELECT unitId, COUNT(*) AS participants, SUM(n) AS attempts, SUM(best) AS bestScoreSum FROM (
         SELECT c.unit_id AS unitId, COUNT(*) AS n, MAX(a.score) AS best
         FROM attempts a JOIN contestants c ON c.id = a.contestant_id WHERE a.contest_slug = ? AND ${COUNTING}
         GROUP BY a.contestant_id) GROUP BY unitId ORDER BY unitId`,
    )
    .all(OPEN);
  const counting = env.db
    .prepare(
      `SELECT a.id AS attemptId, a.contestant_id AS contestantId, a.score, a.prediction, a.duration_ms AS durationMs,
         a.submitted_at AS submittedAt FROM attempts a JOIN contestants c ON c.id = a.contestant_id WHERE a.contest_slug = ? AND ${COUNTING}`,
    )
    .all(OPEN) as RankableAttempt[];
  const contest = getContest(env.db, OPEN)!;
  const actual = predictionActual(contest.predictionTarget, totals as never);
  const ranked = rankContestants(counting, contest.rankingOrder, actual).map((e) => [e.rank, e.contestantId, e.attemptId]);
  const from = `FROM attempts a JOIN contestants c ON c.id = a.contestant_id WHERE a.contest_slug = @slug AND ${COUNTING}`;
  const stats = {
    byOccupation: env.db.prepare(`SELECT c.occupation, COUNT(DISTINCT a.contestant_id) AS participants, COUNT(*) AS attempts ${from} GROUP BY 1 ORDER BY 1`).all({ slug: OPEN }),
    bySource: env.db.prepare(`SELECT COALESCE(a.source, c.source, '') AS source, COUNT(DISTINCT a.contestant_id) AS participants, COUNT(*) AS attempts ${from} GROUP BY 1 ORDER BY 1`).all({ slug: OPEN }),
    byDay: env.db.prepare(`SELECT date(a.submitted_at, '+7 hours') AS day, COUNT(DISTINCT a.contestant_id) AS participants, COUNT(*) AS attempts ${from} GROUP BY 1 ORDER BY 1`).all({ slug: OPEN }),
    scoreDistribution: env.db.prepare(`SELECT a.score, COUNT(*) AS attempts ${from} GROUP BY 1 ORDER BY 1`).all({ slug: OPEN }),
    perfectAttempts: (env.db.prepare(`SELECT COUNT(*) AS n ${from} AND a.score = a.total`).get({ slug: OPEN }) as { n: number }).n,
    registered: (env.db.prepare(`SELECT COUNT(*) AS n FROM contestants WHERE contest_slug = ?`).get(OPEN) as { n: number }).n,
  };
  return { totals, units, contest, actual, ranked, stats };
}

/** What the maintained figures say, in the shape of `scanned`. */
function maintained(env: TestEnv, contest: ReturnType<typeof getContest> & {}, actual: number) {
  const stats = contestStats(env.db, OPEN);
  const byKey = <T extends Record<string, unknown>>(rows: T[], key: keyof T) => [...rows].sort((a, b) => (String(a[key]) < String(b[key]) ? -1 : 1));
  return {
    ranked: leaderboard(env.db, OPEN, contest.rankingOrder, actual, 500).map((e) => [e.rank, e.contestantId, e.attemptId]),
    ranks: (ids: string[]) => ids.map((id) => contestantRank(env.db, OPEN, contest.rankingOrder, actual, id)?.rank ?? null),
    stats: {
      byOccupation: byKey(stats.byOccupation, 'occupation'),
      bySource: byKey(stats.bySource, 'source'),
      byDay: byKey(stats.byDay, 'day'),
      scoreDistribution: stats.scoreDistribution,
      perfectAttempts: stats.totals.perfectAttempts,
      registered: stats.totals.registered,
    },
  };
}

const UNITS = ['tp-thai-binh', 'dong-hung', 'cong-an-tinh'];

const command = fc.oneof(
  fc.record({ kind: fc.constant('play' as const), who: fc.integer({ min: 0, max: 4 }), correct: fc.integer({ min: 0, max: 20 }), prediction: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ kind: fc.constant('order' as const), order: fc.shuffledSubarray(['score', 'prediction', 'duration', 'submittedAt'], { minLength: 1 }) }),
  fc.record({ kind: fc.constant('void' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('exclude' as const), who: fc.subarray([0, 1, 2, 3, 4]), byPhone: fc.boolean() }),
  fc.record({ kind: fc.constant('overdue' as const), who: fc.integer({ min: 0, max: 4 }) }),
);

describe('maintained participation figures', () => {
  it('always equal a full count of counting attempts, whatever submits, voids, exclusions and time-outs happen', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 12 }), async (commands) => {
        const env = testEnv();
        const people = [];
        for (let n = 0; n < 5; n++) people.push(await register(env, n + 1, { unitId: UNITS[n % UNITS.length] }));
        const attempts: string[] = [];
        for (const cmd of commands) {
          if (cmd.kind === 'play' || cmd.kind === 'overdue') {
            const { token } = people[cmd.who]!;
            const started = await env.call('POST', `/api/contests/${OPEN}/attempts`, { token });
            if (started.status !== 201 && started.status !== 200) continue;
            const attempt = started.body;
            attempts.push(attempt.id);
            const correct = cmd.kind === 'play' ? cmd.correct : 3;
            const answers = Object.fromEntries(
              attempt.questions.slice(0, correct).map((q: { id: string }) => [q.id, correctOptionId(env, attempt.id, q.id)]),
            );
            if (cmd.kind === 'play') {
              await env.call('POST', `/api/attempts/${attempt.id}/submit`, { token, json: { answers, prediction: cmd.prediction } });
            } else {
              await env.call('PUT', `/api/attempts/${attempt.id}/answers`, { token, json: { answers } });
              env.clock.advance(16 * 60_000);
              await env.call('GET', `/api/contests/${OPEN}/units/stats`);
            }
          } else if (cmd.kind === 'void' && attempts.length) {
            await env.call('POST', `/api/admin/attempts/${attempts[cmd.pick % attempts.length]}/void`, {
              token: ORGANISER_TOKEN,
              json: { reason: 'Kiểm tra thuộc tính' },
            });
          } else if (cmd.kind === 'order') {
            const { body: current } = await env.call('GET', `/api/admin/contests/${OPEN}`, { token: ORGANISER_TOKEN });
            const { status: _status, ...settings } = current;
            void _status;
            await env.call('PUT', `/api/admin/contests/${OPEN}`, { token: ORGANISER_TOKEN, json: { ...settings, rankingOrder: cmd.order } });
          } else if (cmd.kind === 'exclude') {
            const chosen = cmd.who.map((i) => person(i + 1));
            await env.call('PUT', `/api/admin/contests/${OPEN}/exclusions`, {
              token: ORGANISER_TOKEN,
              json: cmd.byPhone ? { idNumbers: [], phones: chosen.map((p) => p.phone) } : { idNumbers: chosen.map((p) => p.idNumber), phones: [] },
            });
          }
          const truth = scanned(env);
          expect(contestCounts(env.db, OPEN)).toEqual(truth.totals);
          expect([...unitCounts(env.db, OPEN)].sort((a, b) => (a.unitId < b.unitId ? -1 : 1))).toEqual(truth.units);
          const kept = maintained(env, truth.contest, truth.actual);
          expect(kept.ranked).toEqual(truth.ranked);
          expect(kept.ranks(truth.ranked.map(([, id]) => id as string))).toEqual(truth.ranked.map(([rank]) => rank));
          expect(kept.stats).toEqual(truth.stats);
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it('are rebuilt from existing attempts when a database is migrated', () => {
    const db = freshDatabase();
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE name IN ('participation', 'unit_participation') ORDER BY name`).all();
    expect(tables).toEqual([{ name: 'participation' }, { name: 'unit_participation' }]);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
  });
});

/** What the public and the organisers read of a contest's figures, as each store answers it (`now` aside: one clock, read at each request). */
async function figuresRead(env: StoreEnv, tokens: string[]) {
  const read = async (path: string, token?: string) => {
    const { status, body } = await env.call('GET', path, token ? { token } : {});
    return { status, body: body && typeof body === 'object' && 'now' in body ? { ...body, now: undefined } : body };
  };
  const reads = {
    contest: await read(`/api/contests/${OPEN}`),
    units: await read(`/api/contests/${OPEN}/units/stats`),
    board: await read(`/api/contests/${OPEN}/leaderboard?limit=500`),
    stats: await read(`/api/admin/contests/${OPEN}/stats`, ORGANISER_TOKEN),
    me: await Promise.all(tokens.map((token) => read(`/api/contests/${OPEN}/me`, token))),
  };
  // Ids are made from the wall clock and randomness: each becomes the order in which it first appears.
  const ids = new Map<string, string>();
  const ordinal = (id: string) => {
    if (!ids.has(id)) ids.set(id, `"id ${ids.size}"`);
    return ids.get(id)!;
  };
  return JSON.parse(JSON.stringify(reads).replace(/"[0-9a-f]{32}"/g, ordinal));
}

describe('maintained participation figures on both stores', () => {
  it('answer the same on SQLite and PostgreSQL, whatever submits and time-outs happen', { timeout: 120_000 }, async () => {
    // Voids, exclusions and a new ranking order are console routes, which a server on PostgreSQL answers 501 (decision 0045).
    const onBoth = command.filter((cmd) => cmd.kind === 'play' || cmd.kind === 'overdue');
    await fc.assert(
      fc.asyncProperty(fc.array(onBoth, { minLength: 1, maxLength: 10 }), async (commands) => {
        // One clock for both, so that every write and read happens at the same time on each.
        const sqlite = await storeEnv('sqlite');
        const postgres = await storeEnv('postgres');
        postgres.clock.set(sqlite.clock.now());
        const envs = [sqlite, postgres];
        const people: string[][] = [[], []];
        for (const [i, env] of envs.entries()) {
          for (let n = 0; n < 5; n++) people[i]!.push((await register(env, n + 1, { unitId: UNITS[n % UNITS.length], publishName: n % 2 === 0 })).token);
        }
        for (const cmd of commands) {
          for (const [i, env] of envs.entries()) {
            const token = people[i]![cmd.who]!;
            const started = await env.call('POST', `/api/contests/${OPEN}/attempts`, { token });
            if (started.status !== 201 && started.status !== 200) continue;
            const attempt = started.body;
            const correct = cmd.kind === 'play' ? cmd.correct : 3;
            const answers = await correctAnswers(env, attempt.id, attempt.questions.slice(0, correct).map((q: { id: string }) => q.id));
            if (cmd.kind === 'play') {
              await env.call('POST', `/api/attempts/${attempt.id}/submit`, { token, json: { answers, prediction: cmd.prediction } });
            } else {
              await env.call('PUT', `/api/attempts/${attempt.id}/answers`, { token, json: { answers } });
            }
          }
          if (cmd.kind === 'overdue') {
            sqlite.clock.advance(16 * 60_000);
            postgres.clock.set(sqlite.clock.now());
          }
          expect(await figuresRead(postgres, people[1]!)).toEqual(await figuresRead(sqlite, people[0]!));
        }
      }),
      { numRuns: 12 },
    );
  });
});

describeStores('public counters use the maintained figures', (newEnv) => {
  it('show a submission on the contest page and in the unit table at once', async () => {
    const env = await newEnv();
    const { token } = await register(env, 1, { unitId: 'dong-hung' });
    const attempt = await startAttempt(env, token);
    await env.call('POST', `/api/attempts/${attempt.id}/submit`, { token, json: { prediction: 1 } });
    expect((await env.call('GET', `/api/contests/${OPEN}`)).body.stats).toEqual({ participants: 1, attempts: 1 });
    const units = (await env.call('GET', `/api/contests/${OPEN}/units/stats`)).body;
    expect(units.find((u: { unitId: string }) => u.unitId === 'dong-hung')).toMatchObject({ participants: 1, attempts: 1 });
    expect(units.find((u: { unitId: string }) => u.unitId === 'huyen-thanh-pho')).toMatchObject({ participants: 1, attempts: 1 });
  });
});
