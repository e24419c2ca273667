import type { CollectiveCriterion, Prize } from './contest.js';
import { decidingCriterion, type RankableAttempt, type RankingCriterion } from './ranking.js';

/** One person's entry in the ranking, in rank order, as prizes are handed out. */
export interface RankedPerson {
  rank: number;
  contestantId: string;
  fullName: string;
  unitName: string;
  birthDate: string;
  score: number;
  total: number;
  durationMs: number;
  prediction: number | null;
}

export interface IndividualAward {
  prize: string;
  valueVnd: number;
  rank: number;
  contestantId: string;
  name: string;
  /**
   * The name the public results show (domain/personal-data.ts `winnerName`): initials for a minor
   * whose guardian did not agree to publication. Absent on results published before it existed.
   */
  publicName?: string;
  unit: string;
  birthYear: number;
  score: number;
  total: number;
  durationMs: number;
  prediction: number | null;
  /**
   * The ranking criterion that put this winner ahead of the next person in the ranking (null: equal
   * on all of them; absent on results published before it was recorded, or with no next person).
   */
  decidedBy?: RankingCriterion | null;
}

/** How the ranking that prizes follow was ordered, so each award can say what separated it from the next. */
export interface RankingBasis {
  order: readonly RankingCriterion[];
  actual: number;
}

/**
 * Hands out individual prizes down the ranking: the first `count` of the first prize, then the next
 * prize… One prize per person (the ranking already has one entry per person, excluded and voided
 * entries left out), so a person never takes two.
 */
export function awardIndividualPrizes(
  ranking: readonly (RankedPerson & Partial<RankableAttempt>)[],
  prizes: readonly Prize[],
  basis?: RankingBasis,
): IndividualAward[] {
  const awards: IndividualAward[] = [];
  const seen = new Set<string>();
  let next = 0;
  for (const prize of prizes) {
    for (let k = 0; k < prize.count; k++) {
      while (next < ranking.length && seen.has(ranking[next]!.contestantId)) next++;
      const person = ranking[next++];
      if (!person) return awards;
      const after = ranking[next];
      seen.add(person.contestantId);
      awards.push({
        prize: prize.name,
        valueVnd: prize.valueVnd,
        rank: person.rank,
        contestantId: person.contestantId,
        name: person.fullName,
        unit: person.unitName,
        birthYear: Number(person.birthDate.slice(0, 4)),
        score: person.score,
        total: person.total,
        durationMs: person.durationMs,
        prediction: person.prediction,
        ...(basis && after && isRankable(person) && isRankable(after)
          ? { decidedBy: decidingCriterion(person, after, basis.order, basis.actual) }
          : {}),
      });
    }
  }
  return awards;
}

function isRankable(person: RankedPerson & Partial<RankableAttempt>): person is RankedPerson & RankableAttempt {
  return typeof person.attemptId === 'string' && typeof person.submittedAt === 'string';
}

/** A unit competing for collective prizes, its sub-units included. */
export interface CompetingUnit {
  unitId: string;
  name: string;
  participants: number;
  attempts: number;
  /** Sum over the unit's participants of each one's best score. */
  bestScoreSum: number;
  headcount: number | null;
}

export interface CollectiveAward {
  prize: string;
  valueVnd: number;
  unitId: string;
  unit: string;
  participants: number;
  attempts: number;
  rate?: number;
  averageScore: number;
  /** What put this unit ahead of the next competing unit (null: nothing but the unit id); absent when no unit follows. */
  decidedBy?: CollectiveTieBreak | null;
}

/** The collective ranking's criteria in turn: the contest's criterion, then the published tie-breaks. */
export type CollectiveTieBreak = 'criterion' | 'averageScore' | 'attempts' | 'name';

/** A competing unit with its figure on the contest's criterion and its average best score. */
export interface ScoredUnit {
  unit: CompetingUnit;
  metric: number;
  averageScore: number;
}

const COLLECTIVE_CHAIN: readonly [CollectiveTieBreak, (a: ScoredUnit, b: ScoredUnit) => number][] = [
  ['criterion', (a, b) => b.metric - a.metric],
  ['averageScore', (a, b) => b.averageScore - a.averageScore],
  ['attempts', (a, b) => b.unit.attempts - a.unit.attempts],
  ['name', (a, b) => a.unit.name.localeCompare(b.unit.name, 'vi')],
];

function compareUnits(a: ScoredUnit, b: ScoredUnit): number {
  for (const [, compare] of COLLECTIVE_CHAIN) {
    const result = compare(a, b);
    if (result !== 0) return result;
  }
  return a.unit.unitId < b.unit.unitId ? -1 : a.unit.unitId > b.unit.unitId ? 1 : 0;
}

/** The first criterion of the collective ranking on which two units differ, or null. */
export function collectiveDecidingCriterion(a: ScoredUnit, b: ScoredUnit): CollectiveTieBreak | null {
  return COLLECTIVE_CHAIN.find(([, compare]) => compare(a, b) !== 0)?.[0] ?? null;
}

/**
 * Competing units a rate cannot be computed for: by participation rate every competing unit needs a
 * declared headcount, and there is no silent switch to another criterion (SPEC §2).
 */
export function unitsWithoutHeadcount<U extends CompetingUnit>(units: readonly U[], criterion: CollectiveCriterion): U[] {
  return criterion === 'participationRate' ? units.filter((u) => u.headcount === null || u.headcount <= 0) : [];
}

/**
 * Ranks units by the criterion, ties by average best score, then by number of attempts, then by
 * name (`COLLECTIVE_CHAIN`), and hands out the collective prizes in that order. Units nobody from
 * took part in win nothing.
 * The criterion is the one asked for; callers refuse first when `unitsWithoutHeadcount` names units.
 */
export function awardCollectivePrizes(
  units: readonly CompetingUnit[],
  criterion: CollectiveCriterion,
  prizes: readonly Prize[],
): { criterion: CollectiveCriterion; awards: CollectiveAward[] } {
  const missing = unitsWithoutHeadcount(units, criterion);
  if (missing.length) throw new Error(`Units without a headcount: ${missing.map((u) => u.unitId).join(', ')}`);
  const scored = units
    .filter((u) => u.participants > 0)
    .map((u) => ({
      unit: u,
      metric: criterion === 'participationRate' ? u.participants / u.headcount! : u.participants,
      averageScore: u.bestScoreSum / u.participants,
    }))
    .sort(compareUnits);
  const awards: CollectiveAward[] = [];
  let next = 0;
  for (const prize of prizes) {
    for (let k = 0; k < prize.count && next < scored.length; k++) {
      const scoredUnit = scored[next++]!;
      const { unit, averageScore } = scoredUnit;
      const after = scored[next];
      awards.push({
        prize: prize.name,
        valueVnd: prize.valueVnd,
        unitId: unit.unitId,
        unit: unit.name,
        participants: unit.participants,
        attempts: unit.attempts,
        ...(criterion === 'participationRate' ? { rate: unit.participants / unit.headcount! } : {}),
        averageScore: Math.round(averageScore * 100) / 100,
        ...(after ? { decidedBy: collectiveDecidingCriterion(scoredUnit, after) } : {}),
      });
    }
  }
  return { criterion, awards };
}
