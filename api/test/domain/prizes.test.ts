import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRIZES } from '../../src/domain/contest.js';
import { awardCollectivePrizes, awardIndividualPrizes, unitsWithoutHeadcount, type CompetingUnit, type RankedPerson } from '../../src/domain/prizes.js';
import { competingUnits, rollUpUnitStats } from '../../src/domain/units.js';

function people(n: number): RankedPerson[] {
  return Array.from({ length: n }, (_, i) => ({
    rank: i + 1,
    contestantId: `c${i + 1}`,
    fullName: `Người ${i + 1}`,
    unitName: 'Huyện Vũ Thư',
    birthDate: '1990-05-17',
    score: 20 - Math.floor(i / 3),
    total: 20,
    durationMs: 60_000 * (i + 1),
    prediction: 1000,
  }));
}

describe('individual prizes', () => {
  it('hands out 1 Nhất, 3 Nhì, 5 Ba and 11 Khuyến khích down the ranking', () => {
    const awards = awardIndividualPrizes(people(30), DEFAULT_PRIZES.individual);
    expect(awards).toHaveLength(20);
    expect(awards.map((a) => a.prize)).toEqual([
      'Giải Nhất',
      ...Array(3).fill('Giải Nhì'),
      ...Array(5).fill('Giải Ba'),
      ...Array(11).fill('Giải Khuyến khích'),
    ]);
    expect(awards.map((a) => a.rank)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(awards[0]).toMatchObject({ name: 'Người 1', birthYear: 1990, valueVnd: 6_000_000 });
    expect(awards.reduce((sum, a) => sum + a.valueVnd, 0)).toBe(6_000_000 + 3 * 3_000_000 + 5 * 2_000_000 + 11 * 1_000_000);
  });

  it('gives fewer prizes when fewer people took part, and none to nobody', () => {
    expect(awardIndividualPrizes(people(4), DEFAULT_PRIZES.individual).map((a) => a.prize)).toEqual([
      'Giải Nhất',
      'Giải Nhì',
      'Giải Nhì',
      'Giải Nhì',
    ]);
    expect(awardIndividualPrizes([], DEFAULT_PRIZES.individual)).toEqual([]);
  });

  it('never gives one person two prizes, whatever the ranking and structure', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c5', 'c6'), { maxLength: 30 }),
        fc.array(fc.record({ name: fc.string(), count: fc.integer({ min: 0, max: 5 }), valueVnd: fc.nat() }), { maxLength: 5 }),
        (ids, prizes) => {
          const ranking = ids.map((contestantId, i) => ({ ...people(1)[0]!, rank: i + 1, contestantId }));
          const awards = awardIndividualPrizes(ranking, prizes);
          expect(new Set(awards.map((a) => a.contestantId)).size).toBe(awards.length);
          expect(awards.length).toBe(Math.min(new Set(ids).size, prizes.reduce((s, p) => s + p.count, 0)));
          const ranks = awards.map((a) => a.rank);
          expect(ranks).toEqual([...ranks].sort((x, y) => x - y));
        },
      ),
    );
  });
});

function unit(id: string, participants: number, headcount: number | null, bestScoreSum = participants * 10, attempts = participants): CompetingUnit {
  return { unitId: id, name: `Đơn vị ${id}`, participants, attempts, bestScoreSum, headcount };
}

describe('collective prizes', () => {
  it('ranks by participation rate when every competing unit declared a headcount', () => {
    const { criterion, awards } = awardCollectivePrizes(
      [unit('a', 50, 100), unit('b', 90, 100), unit('c', 30, 40), unit('d', 0, 10)],
      'participationRate',
      DEFAULT_PRIZES.collective,
    );
    expect(criterion).toBe('participationRate');
    expect(awards.map((a) => [a.unitId, a.prize])).toEqual([
      ['b', 'Giải Nhất'],
      ['c', 'Giải Nhì'],
      ['a', 'Giải Nhì'],
    ]);
    expect(awards[0]!.rate).toBeCloseTo(0.9);
  });

  it('never switches criterion silently: a competing unit without headcount is named, even one nobody from took part in', () => {
    const units = [unit('a', 50, 100), unit('b', 90, null), unit('c', 30, 40), unit('d', 0, null)];
    expect(unitsWithoutHeadcount(units, 'participationRate').map((u) => u.unitId)).toEqual(['b', 'd']);
    expect(() => awardCollectivePrizes(units, 'participationRate', DEFAULT_PRIZES.collective)).toThrow(/b, d/);
    expect(unitsWithoutHeadcount(units, 'participants')).toEqual([]);
    const { criterion, awards } = awardCollectivePrizes(units, 'participants', DEFAULT_PRIZES.collective);
    expect(criterion).toBe('participants');
    expect(awards.map((a) => a.unitId)).toEqual(['b', 'a', 'c']);
    expect(awards.every((a) => a.rate === undefined)).toBe(true);
  });

  it('breaks ties by average best score, then by number of attempts', () => {
    const { awards } = awardCollectivePrizes(
      [unit('a', 10, null, 150, 12), unit('b', 10, null, 170, 10), unit('c', 10, null, 150, 20)],
      'participants',
      DEFAULT_PRIZES.collective,
    );
    expect(awards.map((a) => a.unitId)).toEqual(['b', 'c', 'a']);
    expect(awards[0]!.averageScore).toBe(17);
    // b beats c on the average, c beats a on attempts; nobody follows a.
    expect(awards.map((a) => a.decidedBy)).toEqual(['averageScore', 'attempts', undefined]);
  });

  it('names for each award the first criterion of the collective ranking on which it beats the next unit', () => {
    const unitArb = fc.record({
      participants: fc.integer({ min: 1, max: 3 }),
      headcount: fc.integer({ min: 3, max: 4 }),
      average: fc.integer({ min: 1, max: 2 }),
      attempts: fc.integer({ min: 1, max: 2 }),
      name: fc.constantFrom('A', 'B'),
    });
    fc.assert(
      fc.property(fc.array(unitArb, { maxLength: 8 }), fc.constantFrom('participants' as const, 'participationRate' as const), (specs, criterion) => {
        const units = specs.map((u, i): CompetingUnit => ({
          unitId: `u${i}`,
          name: u.name,
          participants: u.participants,
          attempts: u.attempts * u.participants,
          bestScoreSum: u.average * u.participants,
          headcount: u.headcount,
        }));
        const byId = new Map(units.map((u) => [u.unitId, u]));
        const { awards } = awardCollectivePrizes(units, criterion, [{ name: 'Giải', count: units.length, valueVnd: 1 }]);
        expect(awards).toHaveLength(units.length);
        for (let i = 0; i + 1 < awards.length; i++) {
          const [a, b] = [byId.get(awards[i]!.unitId)!, byId.get(awards[i + 1]!.unitId)!];
          const figures = (u: CompetingUnit) => [
            criterion === 'participationRate' ? u.participants / u.headcount! : u.participants,
            u.bestScoreSum / u.participants,
            u.attempts,
          ];
          const [fa, fb] = [figures(a), figures(b)];
          const steps = ['criterion', 'averageScore', 'attempts'] as const;
          const first = steps.findIndex((_, k) => fa[k] !== fb[k]);
          const expected = first >= 0 ? steps[first] : a.name !== b.name ? 'name' : null;
          expect(awards[i]!.decidedBy).toBe(expected);
          // The named criterion favours the unit ranked first.
          if (first >= 0) expect(fa[first]!).toBeGreaterThan(fb[first]!);
        }
        if (awards.length) expect(awards[awards.length - 1]!.decidedBy).toBeUndefined();
      }),
    );
  });
});

describe('units competing for collective prizes', () => {
  const tree = [
    { id: 'huyen', name: 'Các huyện', parentId: null, kind: 'Khối', headcount: null, competes: null },
    { id: 'vu-thu', name: 'Huyện Vũ Thư', parentId: 'huyen', kind: 'district', headcount: 1000, competes: null },
    { id: 'xa-a', name: 'Xã A', parentId: 'vu-thu', kind: 'commune', headcount: 100, competes: null },
    { id: 'truong', name: 'Trường THPT B', parentId: 'vu-thu', kind: 'school', headcount: null, competes: null },
    { id: 'khac', name: 'Khác', parentId: null, kind: 'other', headcount: null, competes: null },
  ];

  it('by default are the children of top-level units with sub-units and the top-level units without; communes and schools roll up into them', () => {
    expect(competingUnits(tree).map((u) => u.id)).toEqual(['vu-thu', 'khac']);
    const totals = rollUpUnitStats(tree, [
      { unitId: 'xa-a', participants: 3, attempts: 5, bestScoreSum: 45 },
      { unitId: 'truong', participants: 2, attempts: 2, bestScoreSum: 30 },
      { unitId: 'vu-thu', participants: 1, attempts: 1, bestScoreSum: 20 },
    ]);
    const byId = new Map(totals.map((t) => [t.unitId, t]));
    expect(byId.get('vu-thu')).toMatchObject({ participants: 6, attempts: 8, bestScoreSum: 95, rate: 0.006 });
    expect(byId.get('huyen')).toMatchObject({ participants: 6, attempts: 8 });
    expect(byId.get('xa-a')).toMatchObject({ participants: 3, rate: 0.03 });
    expect(byId.get('truong')!.rate).toBeUndefined();
    expect(byId.get('khac')).toMatchObject({ participants: 0, attempts: 0 });
  });
});
