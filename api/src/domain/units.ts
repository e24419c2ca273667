/** A unit of the contest's tree, as organisers declare it. */
export interface TreeUnit {
  id: string;
  name: string;
  parentId: string | null;
  kind: string | null;
  headcount: number | null;
}

/** Counts for the contestants registered directly with one unit. */
export interface UnitCount {
  unitId: string;
  participants: number;
  attempts: number;
  bestScoreSum: number;
}

/** A unit with its participation, sub-units included. */
export interface UnitTotals {
  unitId: string;
  name: string;
  parentId: string | null;
  kind: string | null;
  headcount: number | null;
  participants: number;
  attempts: number;
  bestScoreSum: number;
  rate?: number;
}

/**
 * Rolls per-unit counts up the unit tree: a parent counts its own contestants and all its
 * sub-units'. The rate (participants ÷ declared headcount) is given only where a headcount is.
 */
export function rollUpUnitStats(units: readonly TreeUnit[], counts: readonly UnitCount[]): UnitTotals[] {
  const totals = new Map(units.map((unit) => [unit.id, { participants: 0, attempts: 0, bestScoreSum: 0 }]));
  const parentOf = new Map(units.map((unit) => [unit.id, unit.parentId]));
  for (const count of counts) {
    const seen = new Set<string>();
    for (let id: string | null | undefined = count.unitId; id && totals.has(id) && !seen.has(id); id = parentOf.get(id)) {
      seen.add(id);
      const total = totals.get(id)!;
      total.participants += count.participants;
      total.attempts += count.attempts;
      total.bestScoreSum += count.bestScoreSum;
    }
  }
  return units.map((unit) => {
    const total = totals.get(unit.id)!;
    return {
      unitId: unit.id,
      name: unit.name,
      parentId: unit.parentId,
      kind: unit.kind,
      headcount: unit.headcount,
      ...total,
      ...(unit.headcount ? { rate: total.participants / unit.headcount } : {}),
    };
  });
}

/** Grouping nodes of the tree ("Các huyện, thành phố") organise it but never compete. */
export const GROUP_KIND = 'group';

/**
 * The units that compete for collective prizes: the top-most units that are not groups. Communes,
 * schools and other sub-units count towards them through the roll-up.
 */
export function competingUnits(units: readonly TreeUnit[]): TreeUnit[] {
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  const onlyGroupsAbove = (unit: TreeUnit): boolean => {
    const seen = new Set<string>();
    for (let id = unit.parentId; id !== null && !seen.has(id); id = byId.get(id)?.parentId ?? null) {
      seen.add(id);
      if (byId.get(id)?.kind !== GROUP_KIND) return false;
    }
    return true;
  };
  return units.filter((unit) => unit.kind !== GROUP_KIND && onlyGroupsAbove(unit));
}
