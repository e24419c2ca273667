/** A unit with its participation, sub-units included. */
export interface UnitStats {
  unitId: string;
  name: string;
  parentId: string | null;
  participants: number;
  attempts: number;
  rate?: number;
}

/**
 * Rolls per-unit counts up the unit tree: a parent counts its own contestants and all its
 * sub-units'. The rate (participants ÷ declared headcount) is given only where a headcount is.
 */
export function rollUpUnitStats(
  units: readonly { id: string; name: string; parentId: string | null; headcount: number | null }[],
  counts: readonly { unitId: string; participants: number; attempts: number }[],
): UnitStats[] {
  const byId = new Map(units.map((unit) => [unit.id, { participants: 0, attempts: 0 }]));
  const parentOf = new Map(units.map((unit) => [unit.id, unit.parentId]));
  for (const count of counts) {
    const seen = new Set<string>();
    for (let id: string | null | undefined = count.unitId; id && byId.has(id) && !seen.has(id); id = parentOf.get(id)) {
      seen.add(id);
      const total = byId.get(id)!;
      total.participants += count.participants;
      total.attempts += count.attempts;
    }
  }
  return units.map((unit) => {
    const total = byId.get(unit.id)!;
    return {
      unitId: unit.id,
      name: unit.name,
      parentId: unit.parentId,
      participants: total.participants,
      attempts: total.attempts,
      ...(unit.headcount ? { rate: total.participants / unit.headcount } : {}),
    };
  });
}
