import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { cryptoRandom, drawQuestions, shuffle, type Random } from '../../src/domain/draw.js';
import { seededRandom } from '../seeded-random.js';

const seeded = (seed: number): Random => seededRandom(seed);

interface Question {
  id: string;
  topic: string;
}

const topics = ['luật', 'dịch vụ công', 'định danh', 'an ninh'];
const bankArb = fc.uniqueArray(
  fc.record({ id: fc.string({ minLength: 1, maxLength: 6 }), topic: fc.constantFrom(...topics) }),
  { selector: (question) => question.id, maxLength: 40 },
);
const seedArb = fc.integer({ min: 0, max: 2 ** 32 - 1 });

function countByTopic(questions: readonly Question[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const question of questions) counts.set(question.topic, (counts.get(question.topic) ?? 0) + 1);
  return counts;
}

function bankOf(perTopic: Record<string, number>): Question[] {
  return Object.entries(perTopic).flatMap(([topic, n]) =>
    Array.from({ length: n }, (_, i) => ({ id: `${topic}-${i}`, topic })),
  );
}

describe('shuffle', () => {
  it('returns a permutation in a new array and leaves the input alone', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), seedArb, (items, seed) => {
        const before = items.slice();
        const result = shuffle(items, seeded(seed));
        expect(result).not.toBe(items);
        expect(items).toEqual(before);
        expect([...result].sort((a, b) => a - b)).toEqual([...items].sort((a, b) => a - b));
      }),
    );
  });

  it('stays a permutation even with a degenerate source returning 0 or almost 1', () => {
    const items = ['a', 'b', 'c', 'd', 'e'];
    for (const value of [0, 0.9999999999999999, 1]) {
      expect(shuffle(items, () => value).sort()).toEqual(items);
    }
  });

  it('reaches all 6 orders of 3 items about equally often', () => {
    const random = seeded(20230320);
    const counts = new Map<string, number>();
    for (let i = 0; i < 6000; i++) {
      const key = shuffle(['a', 'b', 'c'], random).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const n of counts.values()) expect(Math.abs(n - 1000)).toBeLessThan(120);
  });
});

describe('drawQuestions', () => {
  it('draws min(count, bank) distinct questions from the bank', () => {
    fc.assert(
      fc.property(bankArb, fc.integer({ min: 0, max: 50 }), seedArb, (bank, count, seed) => {
        const drawn = drawQuestions(bank, count, null, seeded(seed));
        expect(drawn).toHaveLength(Math.min(count, bank.length));
        expect(new Set(drawn.map((question) => question.id)).size).toBe(drawn.length);
        for (const question of drawn) expect(bank).toContain(question);
      }),
    );
  });

  it('meets every satisfiable quota and still draws exactly the count', () => {
    fc.assert(
      fc.property(
        bankArb,
        fc.array(fc.integer({ min: 0, max: 10 }), { minLength: topics.length, maxLength: topics.length }),
        fc.integer({ min: 0, max: 20 }),
        seedArb,
        (bank, rawQuotas, extra, seed) => {
          const available = countByTopic(bank);
          const quotas: Record<string, number> = {};
          topics.forEach((topic, i) => {
            quotas[topic] = Math.min(rawQuotas[i]!, available.get(topic) ?? 0);
          });
          const quotaTotal = Object.values(quotas).reduce((sum, n) => sum + n, 0);
          const count = quotaTotal + extra;
          const drawn = drawQuestions(bank, count, quotas, seeded(seed));

          expect(drawn).toHaveLength(Math.min(count, bank.length));
          expect(new Set(drawn.map((question) => question.id)).size).toBe(drawn.length);
          const got = countByTopic(drawn);
          for (const topic of topics) {
            expect(got.get(topic) ?? 0).toBeGreaterThanOrEqual(quotas[topic]!);
            if (extra === 0) expect(got.get(topic) ?? 0).toBe(quotas[topic]);
          }
        },
      ),
    );
  });

  it('takes all of a topic that has fewer questions than its quota and fills from the others', () => {
    const bank = bankOf({ luật: 2, 'định danh': 30 });
    const drawn = drawQuestions(bank, 20, { luật: 5, 'định danh': 15 }, seeded(7));
    expect(drawn).toHaveLength(20);
    expect(countByTopic(drawn).get('luật')).toBe(2);
    expect(countByTopic(drawn).get('định danh')).toBe(18);
  });

  it('fills the remainder from topics without a quota', () => {
    const bank = bankOf({ luật: 10, 'an ninh': 10, 'dịch vụ công': 10 });
    const drawn = drawQuestions(bank, 20, { luật: 10 }, seeded(11));
    expect(drawn).toHaveLength(20);
    expect(countByTopic(drawn).get('luật')).toBe(10);
  });

  it('never draws more than the count when quotas add up to more', () => {
    const bank = bankOf({ luật: 20, 'an ninh': 20 });
    const drawn = drawQuestions(bank, 20, { luật: 15, 'an ninh': 15 }, seeded(3));
    expect(drawn).toHaveLength(20);
    expect(new Set(drawn).size).toBe(20);
  });

  it('ignores quotas for topics the bank does not have, and odd counts', () => {
    const bank = bankOf({ luật: 5 });
    expect(drawQuestions(bank, 3, { 'không có': 4 }, seeded(1))).toHaveLength(3);
    expect(drawQuestions(bank, -2, null, seeded(1))).toEqual([]);
    expect(drawQuestions(bank, 2.7, null, seeded(1))).toHaveLength(2);
    expect(drawQuestions([], 20, { luật: 5 }, seeded(1))).toEqual([]);
  });

  it('is reproducible for the same random source and mixes topics in the final order', () => {
    const bank = bankOf({ luật: 10, 'an ninh': 10 });
    const quotas = { luật: 5, 'an ninh': 5 };
    const first = drawQuestions(bank, 10, quotas, seeded(42));
    expect(drawQuestions(bank, 10, quotas, seeded(42))).toEqual(first);
    // Over many draws the first question comes from either topic, so quota picks are shuffled.
    const random = seeded(5);
    const leading = new Set<string>();
    for (let i = 0; i < 50; i++) leading.add(drawQuestions(bank, 10, quotas, random)[0]!.topic);
    expect(leading).toEqual(new Set(['luật', 'an ninh']));
  });

  it('draws each question about equally often', () => {
    const bank = bankOf({ luật: 10 });
    const random = seeded(99);
    const hits = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      for (const question of drawQuestions(bank, 2, null, random)) hits.set(question.id, (hits.get(question.id) ?? 0) + 1);
    }
    expect(hits.size).toBe(10);
    for (const n of hits.values()) expect(Math.abs(n - 1000)).toBeLessThan(130);
  });
});

describe('cryptoRandom', () => {
  it('returns varied numbers in [0, 1)', () => {
    const values = Array.from({ length: 10_000 }, () => cryptoRandom());
    for (const value of values) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02);
    expect(new Set(values).size).toBe(values.length);
  });
});
