import type { ApiClient, Leaderboard, Results } from './api-client.js';

/**
 * The routes of one round of a contest (issue 18), shaped as the contest's own: `leaderboardSchema`
 * and `publicResultsSchema` of the contract. They live with the views that use them, not in
 * ApiClient, so the first screen does not carry them (decision 0013).
 */
function roundPath(slug: string, roundId: string): string {
  return `/contests/${slug}/rounds/${encodeURIComponent(roundId)}`;
}

/** `GET /api/contests/:slug/rounds/:id/leaderboard`: the round's ranking, with the contest leaderboard's `limit`. */
export function roundLeaderboard(client: ApiClient, slug: string, roundId: string, limit = 20): Promise<Leaderboard> {
  return client.request<Leaderboard>('GET', `${roundPath(slug, roundId)}/leaderboard?limit=${limit}`);
}

/** `GET /api/contests/:slug/rounds/:id/results`: the round's published winners; 404 NOT_PUBLISHED before. */
export function roundResults(client: ApiClient, slug: string, roundId: string): Promise<Results> {
  return client.request<Results>('GET', `${roundPath(slug, roundId)}/results`);
}
