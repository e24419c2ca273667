/**
 * The routes of one round (decision 0041), mirroring the contest's: its leaderboard and published
 * results for anyone; its prize computation, publication, export and figures for organisers.
 */
import { Hono, type Context } from 'hono';
import { finaliseOverdueAttempts } from '../db/attempts.js';
import { getRoundResults, publishRoundResults, roundCounts, roundInProgress, roundRanking, roundUnitCounts } from '../db/rounds.js';
import { leaderboardQuerySchema } from '../contract/contestant.js';
import type { RoundStats } from '../contract/rounds.js';
import type { Contest } from '../domain/contest.js';
import { predictionActual } from '../domain/prediction.js';
import { roundScoresVisible, roundsOf, roundStatus, type Round } from '../domain/rounds.js';
import { optionalContestant, requireAdmin } from '../http/auth.js';
import type { AppDeps } from '../http/deps.js';
import { ApiError, notFound } from '../http/errors.js';
import { sendPublicJson } from '../http/public-json.js';
import { parseOrRefuse, slugParam } from '../http/validate.js';
import { requireContest } from './contests.js';
import { answerResults, computeAwards, publicResults, resultsRequest, winnersExport, type Results } from './results.js';
import { leaderboardEntry, leaderboardForCaller, type LeaderboardView } from './views.js';

/** The round `:id` of a contest, or 404. */
function requireRound(contest: Contest, c: Context): Round {
  const id = c.req.param('id') ?? '';
  const round = roundsOf(contest).find((r) => r.id === id);
  if (!round) throw notFound('Không tìm thấy vòng thi');
  return round;
}

/** One round's prizes from its own ranking and its own participation, rolled up as the contest's. */
export function computeRoundResults(deps: AppDeps, contest: Contest, round: Round, now: Date): Results {
  finaliseOverdueAttempts(deps.db, contest.slug, now);
  return computeAwards(
    deps,
    contest,
    {
      ranking: roundRanking(deps.db, contest, round),
      prizes: round.prizes ?? { individual: [], collective: [] },
      unitCounts: roundUnitCounts(deps.db, contest.slug, round.id),
      provisional: roundStatus(round, now) !== 'closed',
      collectiveOnlyWithPrizes: true,
    },
    now,
  );
}

const notPublished = () => new ApiError('NOT_PUBLISHED', 'Kết quả của vòng thi chưa được công bố');

export function roundRoutes(deps: AppDeps): { admin: Hono; contestant: Hono } {
  const { db, clock } = deps;
  const admin = new Hono();
  const contestant = new Hono();

  // As the contest's board, over the round; with `revealScore: "afterClose"` withheld until the ROUND closes.
  contestant.get('/:slug/rounds/:id/leaderboard', (c) => {
    const contest = requireContest(deps, slugParam(c));
    const round = requireRound(contest, c);
    const { limit } = parseOrRefuse(leaderboardQuerySchema, c.req.query());
    const now = clock();
    finaliseOverdueAttempts(db, contest.slug, now);
    const ranking = roundRanking(db, contest, round, 'public');
    const provisional = roundStatus(round, now) !== 'closed';
    const visible = roundScoresVisible(contest, round, now);
    const body: LeaderboardView = visible
      ? { provisional, actual: ranking.actual, entries: ranking.board(limit).map(leaderboardEntry) }
      : { provisional, actual: contest.predictionTarget === 'perfectParticipants' ? null : ranking.actual, entries: [], scoreShownAt: round.endsAt };
    const caller = optionalContestant(deps, c, contest.slug);
    if (!caller) return sendPublicJson(c, Buffer.from(JSON.stringify(body)), false);
    return c.json(leaderboardForCaller(body, visible ? (ranking.rankOf(caller.id)?.rank ?? null) : null));
  });

  contestant.get('/:slug/rounds/:id/results', (c) => {
    const contest = requireContest(deps, slugParam(c));
    const round = requireRound(contest, c);
    const published = getRoundResults<Results>(db, contest.slug, round.id);
    if (!published) throw notPublished();
    return sendPublicJson(c, Buffer.from(JSON.stringify(publicResults(published))), false);
  });

  admin.post('/contests/:slug/rounds/:id/results', async (c) => {
    const request = await resultsRequest(deps, c);
    const contest = requireContest(deps, slugParam(c));
    const round = requireRound(contest, c);
    if (!round.prizes || (round.prizes.individual.length === 0 && round.prizes.collective.length === 0)) {
      throw new ApiError('CONFLICT', `Vòng «${round.title}» không có giải riêng. Hãy khai báo giải của vòng (rounds[].prizes) trong cài đặt cuộc thi.`, {
        prizes: 'Vòng chưa có giải riêng',
      });
    }
    return c.json(
      answerResults(deps, request, contest, {
        compute: (now) => computeRoundResults(deps, contest, round, now),
        whose: ' của vòng',
        published: () => getRoundResults<Results>(db, contest.slug, round.id),
        publish: (results, by, now) => publishRoundResults(db, contest, round, results, by, now),
        audit: { publish: 'round.results.publish', republish: 'round.results.republish', target: `${contest.slug}/${round.id}` },
      }),
    );
  });

  admin.get('/contests/:slug/rounds/:id/results', (c) => {
    requireAdmin(db, c, 'read');
    const contest = requireContest(deps, slugParam(c));
    const round = requireRound(contest, c);
    const published = getRoundResults<Results>(db, contest.slug, round.id);
    if (!published) throw notPublished();
    return c.json({ ...published, outdated: published.payload.outdated === true });
  });

  admin.get('/contests/:slug/rounds/:id/results/export', (c) => {
    const reader = requireAdmin(db, c, 'read');
    const contest = requireContest(deps, slugParam(c));
    const round = requireRound(contest, c);
    return winnersExport(deps, c, reader.name, {
      published: getRoundResults<Results>(db, contest.slug, round.id),
      compute: (now) => computeRoundResults(deps, contest, round, now),
      slug: contest.slug,
      target: `${contest.slug}/${round.id}`,
      filename: `giai-thuong-${contest.slug}-${round.id}`,
      round: round.title,
    });
  });

  admin.get('/contests/:slug/rounds/:id/stats', (c) => {
    requireAdmin(db, c, 'read');
    const contest = requireContest(deps, slugParam(c));
    const round = requireRound(contest, c);
    const now = clock();
    finaliseOverdueAttempts(db, contest.slug, now);
    const counts = roundCounts(db, contest.slug, round.id);
    const bests = roundUnitCounts(db, contest.slug, round.id);
    const bestSum = bests.reduce((sum, unit) => sum + unit.bestScoreSum, 0);
    return c.json({
      roundId: round.id,
      status: roundStatus(round, now),
      participants: counts.participants,
      attempts: counts.attempts,
      inProgress: roundInProgress(db, contest.slug, round.id),
      averageBestScore: counts.participants ? bestSum / counts.participants : null,
      actual: predictionActual(contest.predictionTarget, counts),
      resultsPublishedAt: getRoundResults(db, contest.slug, round.id)?.publishedAt ?? null,
    } satisfies RoundStats);
  });

  return { admin, contestant };
}
