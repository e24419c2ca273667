import { recordAudit, recordPersonalDataRead } from '../../db/admin.js';
import { finaliseOverdueAttempts } from '../../db/attempts.js';
import { getContest, listUnits } from '../../db/contests.js';
import { reviewIntegrity } from '../../db/integrity.js';
import { unitCounts } from '../../db/rankings.js';
import { getPublishedResults, publishResults, winnerContacts, type PublishedResults } from '../../db/results.js';
import { getRoundResults, overallRanking, publishRoundResults, roundRanking, roundUnitCounts } from '../../db/rounds.js';
import type { Db } from '../../db/connection.js';
import type { Contest } from '../../domain/contest.js';
import { flaggedWinners, integritySettings } from '../../domain/integrity.js';
import { awardResults, contestPrizeTerms, publicationAuditEntry, roundPrizeTerms, type HeadcountMissing, type PublicationAudit, type Results } from '../../domain/results.js';
import { roundsOf, type Round } from '../../domain/rounds.js';
import type { NotFound, ResultsStore } from '../store.js';
import type { SqliteStoreDeps } from './index.js';

const NO_CONTEST: NotFound = Object.freeze({ kind: 'notFound', what: 'contest' });
const NO_ROUND: NotFound = Object.freeze({ kind: 'notFound', what: 'round' });

/** The contest's prizes from its overall ranking (with rounds: by `roundsRanking`) and its whole participation. */
export function computeContestResults(db: Db, contest: Contest, now: Date): Results | HeadcountMissing {
  finaliseOverdueAttempts(db, contest.slug, now);
  const ranking = overallRanking(db, contest);
  return awardResults(
    contest,
    {
      ...contestPrizeTerms(contest, now),
      actual: ranking.actual,
      head: (count) => ranking.head(count),
      units: listUnits(db, contest.slug),
      unitCounts: unitCounts(db, contest.slug),
    },
    now,
  );
}

/** One round's prizes from its own ranking and its own participation, rolled up as the contest's. */
function computeRoundResults(db: Db, contest: Contest, round: Round, now: Date): Results | HeadcountMissing {
  finaliseOverdueAttempts(db, contest.slug, now);
  const ranking = roundRanking(db, contest, round);
  return awardResults(
    contest,
    {
      ...roundPrizeTerms(round, now),
      actual: ranking.actual,
      head: (count) => ranking.head(count),
      units: listUnits(db, contest.slug),
      unitCounts: roundUnitCounts(db, contest.slug, round.id),
    },
    now,
  );
}

/** What differs between the contest's prizes and a round's. */
interface Scope {
  contest: Contest;
  round: Round | null;
  compute(now: Date): Results | HeadcountMissing;
  published(): PublishedResults<Results> | null;
  publish(results: Results, by: string, now: Date): void;
  audit: PublicationAudit;
}

export function sqliteResults({ db, clock }: SqliteStoreDeps): ResultsStore {
  /** The contest `slug` and, when `roundId` is given, its round: the prizes asked about. */
  function scopeOf(slug: string, roundId: string | null): Scope | NotFound {
    const contest = getContest(db, slug);
    if (!contest) return NO_CONTEST;
    if (roundId === null) {
      return {
        contest,
        round: null,
        compute: (now) => computeContestResults(db, contest, now),
        published: () => getPublishedResults<Results>(db, contest.slug),
        publish: (results, by, now) => publishResults(db, contest.slug, results, by, now),
        audit: { publish: 'results.publish', republish: 'results.republish', target: contest.slug },
      };
    }
    const round = roundsOf(contest).find((r) => r.id === roundId);
    if (!round) return NO_ROUND;
    return {
      contest,
      round,
      compute: (now) => computeRoundResults(db, contest, round, now),
      published: () => getRoundResults<Results>(db, contest.slug, round.id),
      publish: (results, by, now) => publishRoundResults(db, contest, round, results, by, now),
      audit: { publish: 'round.results.publish', republish: 'round.results.republish', target: `${contest.slug}/${round.id}` },
    };
  }

  return {
    async compute(slug, roundId, { publish, replace, acknowledgeFlags, by }) {
      const scope = scopeOf(slug, roundId);
      if ('kind' in scope) return scope;
      const { contest, round } = scope;
      if (round && (!round.prizes || (round.prizes.individual.length === 0 && round.prizes.collective.length === 0))) return { kind: 'noRoundPrizes', round };
      const now = clock();
      const results = scope.compute(now);
      if ('kind' in results) return results;
      const winners = new Set(results.individual.map((w) => w.contestantId));
      const flagged = flaggedWinners(reviewIntegrity(db, contest.slug, integritySettings(contest), winners), results.individual);
      if (!publish) return { kind: 'computed', results, flagged };
      if (flagged.length && !acknowledgeFlags) return { kind: 'flagged', flagged };
      const published = db.transaction(() => {
        const before = scope.published();
        if (before && !replace) return false;
        scope.publish(results, by, now);
        recordAudit(db, publicationAuditEntry(scope.audit, before, results, flagged, by, now));
        return true;
      })();
      return published ? { kind: 'published', publishedAt: now.toISOString(), results, flagged } : { kind: 'alreadyPublished' };
    },

    async published(slug, roundId) {
      const scope = scopeOf(slug, roundId);
      if ('kind' in scope) return scope;
      const published = scope.published();
      return published ? { kind: 'published', published } : { kind: 'notPublished' };
    },

    async winners(slug, roundId, reader, query) {
      const scope = scopeOf(slug, roundId);
      if ('kind' in scope) return scope;
      const published = scope.published();
      const { format } = await query();
      const now = clock();
      const results = published?.payload ?? scope.compute(now);
      if ('kind' in results) return results;
      const contacts = winnerContacts(
        db,
        results.individual.map((w) => w.contestantId),
      );
      const headcounts = new Map(listUnits(db, scope.contest.slug).map((u) => [u.id, u.headcount]));
      recordPersonalDataRead(db, reader, 'winners', scope.audit.target, now, {
        format,
        individual: results.individual.length,
        collective: results.collective.length,
        source: published ? 'published' : 'computed',
      });
      return {
        kind: 'winners',
        results,
        published: published ? { publishedAt: published.publishedAt } : null,
        at: now,
        round: scope.round?.title ?? null,
        format,
        contacts,
        headcounts,
      };
    },
  };
}
