import { attemptContestSlug, contestantAttempts, finaliseOverdueAttempts, nextOverdueAt, triesInRound } from '../../db/attempts.js';
import { dataStamp } from '../../db/connection.js';
import { getContest, listUnits } from '../../db/contests.js';
import { practiceSetContestSlug } from '../../db/learning.js';
import { contestCounts, unitCounts } from '../../db/rankings.js';
import { resultsPublishedAt } from '../../db/results.js';
import { overallRanking, roundRanking, roundResultsPublishedAt } from '../../db/rounds.js';
import { scoresVisible } from '../../domain/contest.js';
import { roundScoresVisible, roundsInOrder, roundsOf } from '../../domain/rounds.js';
import { rollUpUnitStats } from '../../domain/units.js';
import type { ContestReadStore, NotFound, ReadVersion } from '../store.js';
import type { SqliteStoreDeps } from './index.js';

const NO_CONTEST: NotFound = Object.freeze({ kind: 'notFound', what: 'contest' });

/**
 * The public reads over one connection. The version is the connection's `dataStamp` (other
 * processes' commits, this connection's own changes, its rollbacks): a few pragma reads, no page.
 * Contests come from the connection's contest cache (db/contests.ts), one object per unchanged contest.
 */
export function sqliteContests({ db, clock }: SqliteStoreDeps): ContestReadStore {
  const version = (): ReadVersion => {
    const stamp = dataStamp(db);
    return `${stamp.version}.${stamp.changes}.${stamp.rollbacks}`;
  };
  return {
    async version() {
      return version();
    },

    async contest(slug) {
      return getContest(db, slug);
    },

    async versioned(slug) {
      const contest = getContest(db, slug);
      return contest && { contest, version: version() };
    },

    async attemptContestSlug(attemptId) {
      return attemptContestSlug(db, attemptId);
    },

    async practiceSetContestSlug(practiceSetId) {
      return practiceSetContestSlug(db, practiceSetId);
    },

    async figures(contest) {
      return {
        counts: contestCounts(db, contest.slug),
        resultsPublishedAt: resultsPublishedAt(db, contest.slug),
        roundsPublishedAt: roundsOf(contest).length ? roundResultsPublishedAt(db, contest.slug) : new Map<string, string>(),
      };
    },

    async units(contest) {
      return listUnits(db, contest.slug);
    },

    async unitStats(slug) {
      const contest = getContest(db, slug);
      if (!contest) return NO_CONTEST;
      finaliseOverdueAttempts(db, contest.slug, clock());
      return { kind: 'unitStats', units: rollUpUnitStats(listUnits(db, contest.slug), unitCounts(db, contest.slug)) };
    },

    async me(contestant, slug) {
      const contest = getContest(db, slug);
      if (!contest) return NO_CONTEST;
      const now = clock();
      finaliseOverdueAttempts(db, slug, now);
      const attempts = contestantAttempts(db, contestant.id);
      const rounds = roundsInOrder(roundsOf(contest)).map((round) => ({
        round,
        tries: triesInRound(db, contestant.id, round.id),
        ranked: roundScoresVisible(contest, round, now) ? roundRanking(db, contest, round, 'public').rankOf(contestant.id) : null,
      }));
      const best = scoresVisible(contest, now) ? overallRanking(db, contest, 'public').rankOf(contestant.id) : null;
      return { kind: 'me', contest, at: now, attempts, best, rounds };
    },

    async leaderboard(contest, limit) {
      finaliseOverdueAttempts(db, contest.slug, clock());
      const stamp = version();
      // The overall ranking: with rounds, by the contest's `roundsRanking` (db/rounds.ts).
      const ranking = overallRanking(db, contest, 'public');
      const entries = limit === null ? null : ranking.board(limit);
      return { version: stamp, actual: ranking.actual, entries, dueAt: nextOverdueAt(db, contest.slug) };
    },

    async rankOf(contest, contestantId) {
      return overallRanking(db, contest, 'public').rankOf(contestantId);
    },

    async roundLeaderboard(contest, round, limit, contestantId) {
      finaliseOverdueAttempts(db, contest.slug, clock());
      const ranking = roundRanking(db, contest, round, 'public');
      return { actual: ranking.actual, entries: ranking.board(limit), rank: contestantId === null ? null : (ranking.rankOf(contestantId)?.rank ?? null) };
    },
  };
}
