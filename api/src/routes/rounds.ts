/**
 * The routes of one round (decision 0041), mirroring the contest's: its leaderboard and published
 * results for anyone; its prize computation, publication, export and figures for organisers.
 */
import { Hono, type Context } from 'hono';
import { leaderboardQuerySchema } from '../contract/contestant.js';
import type { Contest } from '../domain/contest.js';
import { roundScoresVisible, roundsOf, roundStatus, type Round } from '../domain/rounds.js';
import { requireOrganiser, signedInContestant } from '../http/auth.js';
import type { PortableDeps } from '../http/deps.js';
import { notFound } from '../http/errors.js';
import { sendPublicJson } from '../http/public-json.js';
import { parseOrRefuse, slugParam } from '../http/validate.js';
import { missing } from './contests.js';
import { answerResults, publicResults, publishedResults, resultsRequest, winnersExport, winnersQuery } from './results.js';
import { leaderboardEntry, leaderboardForCaller, type LeaderboardView } from './views.js';

/** The `:id` of a round, as the store looks it up among the contest's. */
const roundParam = (c: Context) => c.req.param('id') ?? '';

/** The round `:id` of a contest, or 404. */
function requireRound(contest: Contest, c: Context): Round {
  const id = c.req.param('id') ?? '';
  const round = roundsOf(contest).find((r) => r.id === id);
  if (!round) throw notFound('Không tìm thấy vòng thi');
  return round;
}

const NOT_PUBLISHED = 'Kết quả của vòng thi chưa được công bố';

export function roundRoutes(deps: PortableDeps): { admin: Hono; contestant: Hono } {
  const { clock, store } = deps;
  const admin = new Hono();
  const contestant = new Hono();

  // As the contest's board, over the round; with `revealScore: "afterClose"` withheld until the ROUND closes.
  contestant.get('/:slug/rounds/:id/leaderboard', async (c) => {
    const slug = slugParam(c);
    const contest = await store.contests.contest(slug);
    if (!contest) throw missing('contest');
    const round = requireRound(contest, c);
    const { limit } = parseOrRefuse(leaderboardQuerySchema, c.req.query());
    const caller = await signedInContestant(deps, c, contest.slug);
    const board = await store.contests.roundLeaderboard(contest, round, limit, caller?.id ?? null);
    const now = clock();
    const provisional = roundStatus(round, now) !== 'closed';
    const visible = roundScoresVisible(contest, round, now);
    const body: LeaderboardView = visible
      ? { provisional, actual: board.actual, entries: board.entries.map(leaderboardEntry) }
      : { provisional, actual: contest.predictionTarget === 'perfectParticipants' ? null : board.actual, entries: [], scoreShownAt: round.endsAt };
    if (!caller) return sendPublicJson(c, Buffer.from(JSON.stringify(body)), false);
    return c.json(leaderboardForCaller(body, visible ? board.rank : null));
  });

  contestant.get('/:slug/rounds/:id/results', async (c) => {
    const published = await publishedResults(store, slugParam(c), roundParam(c), NOT_PUBLISHED);
    return sendPublicJson(c, Buffer.from(JSON.stringify(publicResults(published))), false);
  });

  admin.post('/contests/:slug/rounds/:id/results', async (c) => {
    const request = await resultsRequest(store, c);
    return c.json(answerResults(await store.results.compute(slugParam(c), roundParam(c), request), ' của vòng'));
  });

  admin.get('/contests/:slug/rounds/:id/results', async (c) => {
    await requireOrganiser(store, c, 'read');
    const published = await publishedResults(store, slugParam(c), roundParam(c), NOT_PUBLISHED);
    return c.json({ ...published, outdated: published.payload.outdated === true });
  });

  admin.get('/contests/:slug/rounds/:id/results/export', async (c) => {
    const reader = await requireOrganiser(store, c, 'read');
    const slug = slugParam(c);
    const roundId = roundParam(c);
    return winnersExport(c, await store.results.winners(slug, roundId, reader.name, winnersQuery(c)), `giai-thuong-${slug}-${roundId}`);
  });

  admin.get('/contests/:slug/rounds/:id/stats', async (c) => {
    await requireOrganiser(store, c, 'read');
    const outcome = await store.stats.round(slugParam(c), roundParam(c));
    if (outcome.kind === 'notFound') throw missing(outcome.what);
    return c.json(outcome.stats);
  });

  return { admin, contestant };
}
