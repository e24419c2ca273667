/**
 * What a regrade answers and records (decision 0024), whichever store re-scored: the score
 * changes, how the ranking moved (every place compared, and its head by name), the audit entry.
 * Pure: the stores read the rows and write the scores.
 */
import { compareAttempts, type RankableAttempt, type RankingCriterion } from './ranking.js';

export interface ScoreChange {
  attemptId: string;
  contestant: { id: string; name: string };
  before: number;
  after: number;
}

export interface RankPlace {
  rank: number;
  contestantId: string;
  name: string;
  score: number;
}

export interface RankChanges {
  /** People whose place in the ranking moves. */
  moved: number;
  /** The head of the ranking before and after, `TOP_PLACES` places. */
  top: number;
  before: RankPlace[];
  after: RankPlace[];
}

export interface RegradeOutcome {
  /** Submitted attempts re-scored. */
  attempts: number;
  changed: ScoreChange[];
  rankChanges: RankChanges;
  /** Published results were marked outdated by this regrade. */
  outdated: boolean;
}

/** Places of the ranking's head a regrade shows before and after. */
export const TOP_PLACES = 20;

/** Every participant's place, and the head, from the contending attempts (the standings) ranked by the domain comparator. */
export interface Places {
  rankOf: Map<string, number>;
  head: RankableAttempt[];
}

export function placesOf(rows: RankableAttempt[], order: readonly RankingCriterion[], actual: number): Places {
  rows.sort(compareAttempts(order, actual));
  const rankOf = new Map<string, number>();
  const head: RankableAttempt[] = [];
  for (const row of rows) {
    if (rankOf.has(row.contestantId)) continue;
    rankOf.set(row.contestantId, rankOf.size + 1);
    if (head.length < TOP_PLACES) head.push(row);
  }
  return { rankOf, head };
}

/** How many people's places differ between two rankings. */
export function placesMoved(before: Places, after: Places): number {
  let moved = 0;
  for (const [id, rank] of after.rankOf) if (before.rankOf.get(id) !== rank) moved++;
  return moved;
}

/** The head of a ranking, named. */
export function namedPlaces(head: readonly RankableAttempt[], nameOf: (contestantId: string) => string | undefined): RankPlace[] {
  return head.map((a, index) => ({ rank: index + 1, contestantId: a.contestantId, name: nameOf(a.contestantId) ?? '', score: a.score }));
}

/** The `contest.regrade` audit entry's detail: counts, never names. */
export function regradeAuditDetail(done: RegradeOutcome) {
  return {
    attempts: done.attempts,
    changed: done.changed.length,
    contestants: new Set(done.changed.map((change) => change.contestant.id)).size,
    rankMoves: done.rankChanges.moved,
    resultsOutdated: done.outdated,
  };
}

/** The score changes among re-scored rows: the stored score next to the one the current key gives. */
export function scoreChanges(rows: Iterable<{ attemptId: string; contestantId: string; name: string; before: number; after: number }>): { attempts: number; changed: ScoreChange[] } {
  let attempts = 0;
  const changed: ScoreChange[] = [];
  for (const row of rows) {
    attempts++;
    if (row.before !== row.after) changed.push({ attemptId: row.attemptId, contestant: { id: row.contestantId, name: row.name }, before: row.before, after: row.after });
  }
  return { attempts, changed };
}

/** A published results payload marked as not recomputed since a regrade (the keys kept in place, as SQLite's json_set does). */
export function outdatedPayload(payload: string, now: Date): string {
  return JSON.stringify({ ...(JSON.parse(payload) as Record<string, unknown>), outdated: true, regradedAt: now.toISOString() });
}
