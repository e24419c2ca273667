/**
 * Prizes from a ranking and participation (a dry run until published): one rule for the contest
 * and its rounds (decision 0041), whatever store the figures come from (decision 0043).
 */
import { contestStatus, type Contest } from './contest.js';
import { roundStatus, type Round } from './rounds.js';
import { nameConsentOf, winnerName } from './personal-data.js';
import { awardCollectivePrizes, awardIndividualPrizes, unitsWithoutHeadcount, type CollectiveAward, type IndividualAward, type RankedPerson } from './prizes.js';
import type { RankableAttempt } from './ranking.js';
import { rollUpUnitStats, type TreeUnit, type UnitCount } from './units.js';

/** A computation of prizes: what a dry run answers and what publication freezes. */
export interface Results {
  computedAt: string;
  provisional: boolean;
  predictionTarget: Contest['predictionTarget'];
  actual: number;
  rankingOrder: Contest['rankingOrder'];
  collectiveCriterion: Contest['collectiveCriterion'];
  individual: IndividualAward[];
  collective: CollectiveAward[];
  /** Set on published results when a regrade changed scores after publication (decision 0024). */
  outdated?: boolean;
  regradedAt?: string;
}

/** A ranked person, with what decides how their name may be published (`nameConsentOf`). */
export type PrizeCandidate = RankedPerson & Partial<RankableAttempt> & Parameters<typeof nameConsentOf>[0];

/** What a prize computation is made from: the contest's or one round's. */
export interface ResultsBasis<P> {
  /** The figure predictions are judged against. */
  actual: number;
  /** The first `count` places of the ranking the individual prizes follow. */
  head(count: number): P[];
  prizes: Contest['prizes'];
  /** The contest's units and, per unit, the contestants registered with it over the attempts that count here. */
  units: readonly TreeUnit[];
  unitCounts: readonly UnitCount[];
  provisional: boolean;
  /** A round awards collective prizes only when it has some; the contest checks headcounts whatever its prizes, as ever. */
  collectiveOnlyWithPrizes?: boolean;
}

/** By participation rate, these competing units need a headcount first (SPEC §2). */
export interface HeadcountMissing {
  kind: 'headcountMissing';
  units: { unitId: string; name: string }[];
}

/**
 * How many places of the ranking a computation of `prizes` reads. One prize per person and the
 * ranking has one entry per person: its head is all prizes need, and one more place, so the last
 * winner can show what separated them from the next person.
 */
export function placesNeeded(prizes: Contest['prizes']): number {
  return prizes.individual.reduce((sum, prize) => sum + prize.count, 0) + 1;
}

/**
 * The prizes of `contest` from `basis` as of `now`. Collective prizes go to competing units only,
 * with the figures of their sub-units rolled up; each person gets at most one individual prize.
 */
export function awardResults<P extends PrizeCandidate>(contest: Contest, basis: ResultsBasis<P>, now: Date): Results | HeadcountMissing {
  const { actual } = basis;
  const people = basis.head(placesNeeded(basis.prizes));
  const publicNames = new Map(people.map((p) => [p.contestantId, winnerName(nameConsentOf(p))]));
  const totals = rollUpUnitStats(basis.units, basis.unitCounts);
  const competing = totals.filter((u) => u.competing);
  let collective: { criterion: Contest['collectiveCriterion']; awards: CollectiveAward[] };
  if (basis.collectiveOnlyWithPrizes && basis.prizes.collective.length === 0) collective = { criterion: contest.collectiveCriterion, awards: [] };
  else {
    const missing = unitsWithoutHeadcount(competing, contest.collectiveCriterion);
    if (missing.length) return { kind: 'headcountMissing', units: missing.map((u) => ({ unitId: u.unitId, name: u.name })) };
    collective = awardCollectivePrizes(competing, contest.collectiveCriterion, basis.prizes.collective);
  }
  return {
    computedAt: now.toISOString(),
    provisional: basis.provisional,
    predictionTarget: contest.predictionTarget,
    actual,
    rankingOrder: contest.rankingOrder,
    collectiveCriterion: collective.criterion,
    individual: awardIndividualPrizes(people, basis.prizes.individual, { order: contest.rankingOrder, actual }).map((award) => ({
      ...award,
      publicName: publicNames.get(award.contestantId) ?? award.name,
    })),
    collective: collective.awards,
  };
}

/** The audit actions and target of a publication: the contest's prizes, or a round's. */
export interface PublicationAudit {
  publish: string;
  republish: string;
  target: string;
}

/**
 * The audit entry of publishing `results` (or publishing them again over `before`), by `by` at
 * `now`: what it replaced and how many prizes, and which flagged winners the organiser acknowledged.
 */
export function publicationAuditEntry(
  audit: PublicationAudit,
  before: { publishedAt: string; publishedBy: string } | null,
  results: Pick<Results, 'individual' | 'collective'>,
  flagged: readonly { contestantId: string }[],
  by: string,
  now: Date,
) {
  return {
    at: now.toISOString(),
    actor: by,
    action: before ? audit.republish : audit.publish,
    target: audit.target,
    detail: {
      before: before ? { publishedAt: before.publishedAt, publishedBy: before.publishedBy } : null,
      individual: results.individual.length,
      collective: results.collective.length,
      flaggedWinners: flagged.map((w) => w.contestantId),
    },
  };
}

/** The terms a computation of prizes follows besides its ranking and counts. */
export type PrizeTerms = Pick<ResultsBasis<never>, 'prizes' | 'provisional' | 'collectiveOnlyWithPrizes'>;

/** The contest's prizes: provisional until the contest closes. */
export function contestPrizeTerms(contest: Contest, now: Date): PrizeTerms {
  return { prizes: contest.prizes, provisional: contestStatus(contest, now) !== 'closed' };
}

/** A round's own prizes (none declared: none), provisional until the round closes, collective ones only when it has some (decision 0041). */
export function roundPrizeTerms(round: Round, now: Date): PrizeTerms {
  return { prizes: round.prizes ?? { individual: [], collective: [] }, provisional: roundStatus(round, now) !== 'closed', collectiveOnlyWithPrizes: true };
}

/**
 * The results a report prints when none are published: the contest's prizes, or, when a competing
 * unit's headcount is missing, the individual prizes alone (`blocked` says what is missing; the
 * collective section stays empty, no other criterion is used).
 */
export async function reportResults(
  contest: Contest,
  compute: (contest: Contest) => Promise<Results | HeadcountMissing>,
): Promise<{ results: Results; blocked: HeadcountMissing | null }> {
  const results = await compute(contest);
  if (!('kind' in results)) return { results, blocked: null };
  const individual = await compute({ ...contest, collectiveCriterion: 'participants', prizes: { ...contest.prizes, collective: [] } });
  if ('kind' in individual) throw new Error('individual prizes need no headcount');
  return { results: { ...individual, collectiveCriterion: contest.collectiveCriterion }, blocked: results };
}
