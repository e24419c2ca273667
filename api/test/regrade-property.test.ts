import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getContest } from '../src/db/contests.js';
import { contestantRank, contestCounts, COUNTING, leaderboard } from '../src/db/rankings.js';
import { regradeContest } from '../src/db/regrade.js';
import { scoreAnswers } from '../src/domain/contest.js';
import { predictionActual } from '../src/domain/prediction.js';
import { rankContestants, type RankableAttempt } from '../src/domain/ranking.js';
import { admin } from './admin-support.js';
import { expectMaintainedEqualRebuild, shownOptionId } from './regrade-support.js';
import { register, startAttempt, testEnv, type TestEnv } from './support.js';

const SLUG = 'cham-lai';
const UNITS = [
  { id: 'a', name: 'Đơn vị A', headcount: 10 },
  { id: 'b', name: 'Đơn vị B', headcount: 20 },
];

/** Every submitted attempt's score from scratch: its saved answers against the key as it now stands. */
function scratchScores(env: TestEnv): Map<string, number> {
  const key = new Map((env.db.prepare('SELECT id, answer FROM questions WHERE contest_slug = ?').all(SLUG) as { id: string; answer: number }[]).map((q) => [q.id, q.answer]));
  const scores = new Map<string, number>();
  for (const { id } of env.db.prepare(`SELECT id FROM attempts WHERE contest_slug = ? AND status = 'submitted'`).all(SLUG) as { id: string }[]) {
    const drawn = (env.db.prepare('SELECT question_id FROM attempt_questions WHERE attempt_id = ?').pluck().all(id) as string[]).map((questionId) => ({
      questionId,
      answer: key.get(questionId)!,
    }));
    const saved = new Map(
      (env.db.prepare('SELECT question_id AS q, option_index AS o FROM attempt_answers WHERE attempt_id = ?').all(id) as { q: string; o: number }[]).map((r) => [r.q, r.o]),
    );
    scores.set(id, scoreAnswers(drawn, saved));
  }
  return scores;
}

function storedScores(env: TestEnv): Map<string, number> {
  return new Map((env.db.prepare(`SELECT id, score FROM attempts WHERE contest_slug = ? AND status = 'submitted'`).all(SLUG) as { id: string; score: number }[]).map((r) => [r.id, r.score]));
}

/** The ranking rebuilt from the counting attempts with the domain comparator. */
function freshRanking(env: TestEnv) {
  const contest = getContest(env.db, SLUG)!;
  const counting = env.db
    .prepare(
      `SELECT a.id AS attemptId, a.contestant_id AS contestantId, a.score, a.prediction, a.duration_ms AS durationMs, a.submitted_at AS submittedAt
       FROM attempts a JOIN contestants c ON c.id = a.contestant_id WHERE a.contest_slug = ? AND ${COUNTING}`,
    )
    .all(SLUG) as RankableAttempt[];
  const actual = predictionActual(contest.predictionTarget, contestCounts(env.db, SLUG));
  return { contest, actual, ranked: rankContestants(counting, contest.rankingOrder, actual).map((e) => [e.rank, e.contestantId, e.attemptId, e.score]) };
}

const questionArb = fc.integer({ min: 2, max: 4 }).chain((options) => fc.record({ options: fc.constant(options), answer: fc.integer({ min: 0, max: options - 1 }) }));

const scenario = fc.record({
  bank: fc.array(questionArb, { minLength: 2, maxLength: 6 }),
  perAttempt: fc.integer({ min: 1, max: 6 }),
  predictionTarget: fc.constantFrom('participants', 'attempts', 'perfectParticipants'),
  rankingOrder: fc.constantFrom(['score', 'prediction', 'duration', 'submittedAt'], ['score', 'duration', 'prediction', 'submittedAt'], ['prediction', 'score', 'duration', 'submittedAt']),
  plays: fc.array(
    fc.record({
      who: fc.integer({ min: 0, max: 4 }),
      choices: fc.array(fc.option(fc.nat(5), { nil: undefined }), { minLength: 6, maxLength: 6 }),
      prediction: fc.integer({ min: 0, max: 8 }),
      thinkMs: fc.integer({ min: 1000, max: 600_000 }),
    }),
    { minLength: 1, maxLength: 9 },
  ),
  voids: fc.array(fc.nat(), { maxLength: 2 }),
  keyChanges: fc.array(fc.record({ question: fc.nat(), answer: fc.nat(), renameOption: fc.boolean() }), { minLength: 1, maxLength: 4 }),
  dryRunFirst: fc.boolean(),
  /** Apply through the bulk rebuild of the maintained tables instead of the per-person refresh. */
  bulk: fc.boolean(),
});

describe('regrade (property)', () => {
  it('equals re-scoring every attempt from scratch, and the ranking after it equals a fresh rebuild', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const env = testEnv();
        const now = env.clock.now().getTime();
        const created = await admin(env, 'PUT', `/contests/${SLUG}`, {
          title: 'Cuộc thi chấm lại',
          startsAt: new Date(now - 3_600_000).toISOString(),
          endsAt: new Date(now + 30 * 86_400_000).toISOString(),
          questionsPerAttempt: Math.min(s.perAttempt, s.bank.length),
          predictionTarget: s.predictionTarget,
          rankingOrder: s.rankingOrder,
          collectiveCriterion: 'participationRate',
        });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        expect((await admin(env, 'PUT', `/contests/${SLUG}/units`, UNITS)).status).toBe(200);
        const bank = s.bank.map((q, i) => ({
          id: `q${i}`,
          topic: 'chung',
          text: `Câu hỏi số ${i} về Đề án 06?`,
          options: Array.from({ length: q.options }, (_, k) => `Phương án ${k} của câu ${i}`),
          answer: q.answer,
        }));
        expect((await admin(env, 'POST', `/contests/${SLUG}/questions`, bank)).status).toBe(200);

        const people = new Map<number, { token: string }>();
        const attempts: string[] = [];
        for (const play of s.plays) {
          let person = people.get(play.who);
          if (!person) {
            person = await register(env, play.who + 1, { unitId: UNITS[play.who % 2]!.id, fullName: `Người Thứ ${'ABCDE'[play.who]}` }, SLUG);
            people.set(play.who, person);
          }
          const started = await env.call('POST', `/api/contests/${SLUG}/attempts`, { token: person.token });
          if (started.status !== 201) continue; // no try left
          const attempt = await startAttempt(env, person.token, SLUG);
          const answers: Record<string, string> = {};
          for (const q of attempt.questions) {
            const index = Number(q.id.slice(1));
            const choice = play.choices[index];
            if (choice !== undefined) answers[q.id] = shownOptionId(env, attempt.id, q.id, choice % s.bank[index]!.options);
          }
          env.clock.advance(play.thinkMs);
          const submitted = await env.call('POST', `/api/attempts/${attempt.id}/submit`, { token: person.token, json: { answers, prediction: play.prediction } });
          expect(submitted.status).toBe(200);
          attempts.push(attempt.id);
        }
        for (const pick of s.voids) {
          if (attempts.length === 0) break;
          await admin(env, 'POST', `/attempts/${attempts[pick % attempts.length]}/void`, { reason: 'Kiểm tra chấm lại' });
        }
        for (const change of s.keyChanges) {
          const index = change.question % bank.length;
          const q = bank[index]!;
          const options = change.renameOption ? q.options.map((o, k) => (k === 0 ? `${o} (đã sửa)` : o)) : q.options;
          bank[index] = { ...q, options, answer: change.answer % q.options.length };
          const edited = await admin(env, 'PUT', `/contests/${SLUG}/questions/${q.id}`, bank[index]);
          expect(edited.status, JSON.stringify(edited.body)).toBe(200);
        }

        const scratch = scratchScores(env);
        const stored = storedScores(env);
        const expectedChanges = [...scratch].filter(([id, score]) => stored.get(id) !== score).map(([id, score]) => ({ attemptId: id, before: stored.get(id), after: score }));
        expectedChanges.sort((a, b) => (a.attemptId < b.attemptId ? -1 : 1));

        if (s.dryRunFirst) {
          const dry = await admin(env, 'POST', `/contests/${SLUG}/regrade`, { dryRun: true });
          expect(dry.body.changed.map((c: { attemptId: string; before: number; after: number }) => ({ attemptId: c.attemptId, before: c.before, after: c.after }))).toEqual(expectedChanges);
          expect(storedScores(env)).toEqual(stored);
        }
        const contest = getContest(env.db, SLUG)!;
        const applied = s.bulk
          ? regradeContest(env.db, SLUG, {
              dryRun: false,
              order: contest.rankingOrder,
              actual: () => predictionActual(contest.predictionTarget, contestCounts(env.db, SLUG)),
              now: env.clock.now(),
              bulkFrom: 0,
            })
          : (await admin(env, 'POST', `/contests/${SLUG}/regrade`, {})).body;
        expect(applied.attempts).toBe(scratch.size);
        expect(applied.changed.map((c: { attemptId: string }) => c.attemptId)).toEqual(expectedChanges.map((c) => c.attemptId));
        expect(storedScores(env)).toEqual(scratch);

        // The ranking the maintained standings give equals one rebuilt from the attempts.
        const fresh = freshRanking(env);
        const kept = leaderboard(env.db, SLUG, fresh.contest.rankingOrder, fresh.actual, 500).map((e) => [e.rank, e.contestantId, e.attemptId, e.score]);
        expect(kept).toEqual(fresh.ranked);
        for (const [rank, contestantId] of fresh.ranked) {
          expect(contestantRank(env.db, SLUG, fresh.contest.rankingOrder, fresh.actual, contestantId as string)?.rank).toBe(rank);
        }
        expectMaintainedEqualRebuild(env);
      }),
      { numRuns: 30 },
    );
  }, 240_000);
});
