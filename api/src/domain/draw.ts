import { getRandomValues } from 'node:crypto';

/** A source of uniform numbers in [0, 1); injected so draws are reproducible in tests. */
export type Random = () => number;

/**
 * Words from the operating system's CSPRNG, fetched a few kilobytes at a time: one draw takes
 * about a hundred numbers, and a system call for each was a fifth of an attempt start's CPU.
 * Every word is used once.
 */
const randomWords = new Uint32Array(2048);
let nextWord = randomWords.length;

/** Uniform in [0, 1) with 53 random bits from the operating system's CSPRNG. */
export function cryptoRandom(): number {
  if (nextWord + 2 > randomWords.length) {
    getRandomValues(randomWords);
    nextWord = 0;
  }
  const high = randomWords[nextWord++]! >>> 5;
  const low = randomWords[nextWord++]! >>> 6;
  // 27 + 26 bits, the same construction as a double's mantissa.
  return (high * 67108864 + low) / 9007199254740992;
}

/** An index in [0, bound) from `random`, clamped in case a source ever returns 1. */
function randomIndex(bound: number, random: Random): number {
  return Math.min(bound - 1, Math.floor(random() * bound));
}

/** Fisher–Yates shuffle into a new array; `items` is left untouched. */
export function shuffle<T>(items: readonly T[], random: Random): T[] {
  const result = items.slice();
  for (let i = result.length - 1; i > 0; i--) {
    const j = randomIndex(i + 1, random);
    const held = result[i]!;
    result[i] = result[j]!;
    result[j] = held;
  }
  return result;
}

/** `size` distinct items chosen uniformly (a Fisher–Yates prefix), in random order. */
function sample<T>(items: readonly T[], size: number, random: Random): T[] {
  const pool = items.slice();
  const take = Math.min(Math.max(0, size), pool.length);
  for (let i = 0; i < take; i++) {
    const j = i + randomIndex(pool.length - i, random);
    const held = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = held;
  }
  return pool.slice(0, take);
}

function wholeCount(value: number): number {
  return Number.isFinite(value) ? Math.max(0, Math.floor(value)) : 0;
}

/**
 * Draws min(count, bank.length) questions without replacement. With topic quotas, exactly
 * quota[t] come from each topic t (fewer when the topic has fewer), the rest of the count is filled
 * from the questions not yet drawn, of any topic, and the result is shuffled.
 */
export function drawQuestions<Q extends { id: string; topic: string }>(
  bank: readonly Q[],
  count: number,
  topicQuotas: Readonly<Record<string, number>> | null,
  random: Random,
): Q[] {
  const target = Math.min(wholeCount(count), bank.length);
  if (topicQuotas === null) return sample(bank, target, random);

  const drawn = new Set<Q>();
  for (const [topic, quota] of Object.entries(topicQuotas)) {
    const ofTopic = bank.filter((question) => question.topic === topic);
    for (const question of sample(ofTopic, wholeCount(quota), random)) drawn.add(question);
  }
  // Quotas that add up to more than the count are a configuration mistake; the count still wins,
  // and a uniform subset of the quota picks keeps every topic's expected share proportional.
  const picked = drawn.size > target ? sample([...drawn], target, random) : [...drawn];
  const rest = bank.filter((question) => !drawn.has(question));
  return shuffle([...picked, ...sample(rest, target - picked.length, random)], random);
}
