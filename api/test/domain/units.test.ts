import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  competesFromCell,
  competingUnits,
  defaultCompetes,
  nestedCompetingProblems,
  rollUpUnitStats,
  unitTreeProblems,
  type TreeUnit,
  type UnitCount,
} from '../../src/domain/units.js';

/**
 * A random forest of up to 40 units: unit i hangs under one of units 0..i-1 or at the top, with a
 * random `competes` (mostly unset) and a headcount or none. Shuffled, so parents need not come first.
 */
const trees = fc
  .array(
    fc.record({
      parent: fc.option(fc.nat(), { nil: null }),
      competes: fc.constantFrom<boolean | null>(null, null, null, true, false),
      headcount: fc.option(fc.integer({ min: 1, max: 500 }), { nil: null }),
    }),
    { minLength: 1, maxLength: 40 },
  )
  .chain((specs) =>
    fc.shuffledSubarray(
      specs.map(
        (spec, i): TreeUnit => ({
          id: `u${i}`,
          name: `Đơn vị ${i}`,
          parentId: spec.parent === null || i === 0 ? null : `u${spec.parent % i}`,
          kind: null,
          headcount: spec.headcount,
          competes: spec.competes,
        }),
      ),
      { minLength: specs.length, maxLength: specs.length },
    ),
  );

const ancestors = (units: readonly TreeUnit[], unit: TreeUnit): string[] => {
  const parentOf = new Map(units.map((u) => [u.id, u.parentId]));
  const out: string[] = [];
  for (let id = unit.parentId; id !== null; id = parentOf.get(id) ?? null) out.push(id);
  return out;
};

const nested = (units: readonly TreeUnit[], competing: readonly TreeUnit[]): boolean => {
  const ids = new Set(competing.map((u) => u.id));
  return competing.some((u) => ancestors(units, u).some((id) => ids.has(id)));
};

describe('units competing for collective prizes', () => {
  it('by default are never nested, and a tree left to the default is always accepted', () => {
    fc.assert(
      fc.property(trees, (tree) => {
        const byDefault = tree.map((u) => ({ ...u, competes: null }));
        expect(nested(byDefault, competingUnits(byDefault))).toBe(false);
        expect(unitTreeProblems(byDefault, [])).toEqual([]);
      }),
    );
  });

  it('default: top-level units without sub-units and the children of top-level units with sub-units', () => {
    fc.assert(
      fc.property(trees, (tree) => {
        const hasChildren = new Set(tree.map((u) => u.parentId));
        const top = new Set(tree.filter((u) => u.parentId === null).map((u) => u.id));
        const expected = tree
          .filter((u) => (u.parentId === null && !hasChildren.has(u.id)) || (u.parentId !== null && top.has(u.parentId)))
          .map((u) => u.id);
        expect([...defaultCompetes(tree)].sort()).toEqual(expected.sort());
      }),
    );
  });

  it('in any accepted tree (explicit or default) are never nested; a refused one names each nested unit by row', () => {
    fc.assert(
      fc.property(trees, (tree) => {
        const problems = unitTreeProblems(tree, []);
        const competing = competingUnits(tree);
        if (problems.length === 0) expect(nested(tree, competing)).toBe(false);
        else {
          expect(nested(tree, competing)).toBe(true);
          const ids = new Set(competing.map((u) => u.id));
          const below = tree.flatMap((u, i) => (ids.has(u.id) && ancestors(tree, u).some((id) => ids.has(id)) ? [i + 1] : []));
          expect(problems.map((p) => [p.row, p.field])).toEqual(below.map((row) => [row, 'competes']));
        }
      }),
    );
  });

  it('an explicit choice wins over the default', () => {
    fc.assert(
      fc.property(trees, (tree) => {
        const byDefault = defaultCompetes(tree);
        const ids = new Set(competingUnits(tree).map((u) => u.id));
        for (const u of tree) expect(ids.has(u.id)).toBe(u.competes ?? byDefault.has(u.id));
      }),
    );
  });

  it('names both units and the row of the one above in a nesting refusal', () => {
    const tree: TreeUnit[] = [
      { id: 'khoi', name: 'Khối cơ quan tỉnh', parentId: null, kind: 'Khối', headcount: null, competes: null },
      { id: 'so-gd-dt', name: 'Sở GD&ĐT', parentId: 'khoi', kind: null, headcount: 350, competes: null },
      { id: 'thpt-a', name: 'Trường THPT A', parentId: 'so-gd-dt', kind: null, headcount: 90, competes: true },
    ];
    expect(nestedCompetingProblems(tree, [2, 3, 4])).toEqual([
      { row: 4, field: 'competes', message: expect.stringMatching(/Trường THPT A.*Sở GD&ĐT \(mã so-gd-dt, dòng 3\)/) },
    ]);
  });
});

describe('participation rate of a competing unit', () => {
  /** Contestants, each registered with one unit, and whether they took part (a submitted, counting attempt). */
  const people = (size: number) =>
    fc.array(fc.record({ unit: fc.nat(), tookPart: fc.boolean(), attempts: fc.integer({ min: 1, max: 3 }), best: fc.integer({ min: 0, max: 20 }) }), {
      maxLength: 120,
    }).map((list) => list.map((p, i) => ({ ...p, id: `c${i}`, unit: `u${p.unit % size}` })));

  it('is its whole subtree’s distinct participants ÷ its own declared headcount, against a recount from scratch', () => {
    fc.assert(
      fc.property(
        trees.chain((tree) => fc.tuple(fc.constant(tree), people(tree.length))),
        ([tree, contestants]) => {
          // What the store keeps: per unit, the participants registered directly with it.
          const counts = new Map<string, UnitCount>();
          for (const p of contestants.filter((c) => c.tookPart)) {
            const count = counts.get(p.unit) ?? { unitId: p.unit, participants: 0, attempts: 0, bestScoreSum: 0 };
            count.participants += 1;
            count.attempts += p.attempts;
            count.bestScoreSum += p.best;
            counts.set(p.unit, count);
          }
          const totals = new Map(rollUpUnitStats(tree, [...counts.values()]).map((t) => [t.unitId, t]));

          // The recount: walk down from each competing unit and collect the people who took part.
          const children = new Map<string, string[]>();
          for (const u of tree) if (u.parentId) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u.id]);
          const subtree = (id: string): Set<string> => {
            const seen = new Set([id]);
            const queue = [id];
            while (queue.length) {
              for (const child of children.get(queue.pop()!) ?? []) {
                if (seen.has(child)) continue;
                seen.add(child);
                queue.push(child);
              }
            }
            return seen;
          };
          for (const unit of competingUnits(tree)) {
            const inside = subtree(unit.id);
            const participants = new Set(contestants.filter((c) => c.tookPart && inside.has(c.unit)).map((c) => c.id)).size;
            const total = totals.get(unit.id)!;
            expect(total.competing).toBe(true);
            expect(total.participants).toBe(participants);
            if (unit.headcount === null) expect(total.rate).toBeUndefined();
            else expect(total.rate).toBeCloseTo(participants / unit.headcount, 12);
          }
        },
      ),
    );
  });
});

describe('the competes cell of an import', () => {
  it('reads có/không/x/1/0/true/false in any case, blank as unset, anything else as unreadable', () => {
    expect(['có', 'Có', 'CO', 'x', 'X', '1', 'true', 'TRUE'].map(competesFromCell)).toEqual(Array(8).fill(true));
    expect(['không', 'Không', 'khong', '0', 'false', 'False'].map(competesFromCell)).toEqual(Array(6).fill(false));
    expect(competesFromCell('  ')).toBeNull();
    expect(competesFromCell('có lẽ')).toBeUndefined();
  });
});
