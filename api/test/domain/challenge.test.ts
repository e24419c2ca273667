import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHALLENGE_TTL_MS, createChallenge, verifyChallenge, type Challenge } from '../../src/domain/challenge.js';
import { seededRandom } from '../support.js';

const rules = { key: 'khoa-thu-nghiem-0123456789abcdef0123456789', maxNumber: 500 };
const NOW = new Date('2026-11-28T03:00:00Z');
const SLUG = 'de-an-06-thai-binh';

/** What the widget does: try 0, 1, 2… until the hash matches. */
function solve(challenge: Challenge) {
  for (let number = 0; number <= challenge.maxnumber; number++) {
    if (createHash('sha256').update(challenge.salt + number).digest('hex') === challenge.challenge) {
      const { maxnumber: _max, ...rest } = challenge;
      return { ...rest, number };
    }
  }
  throw new Error('unsolvable challenge');
}

const later = (ms: number) => new Date(NOW.getTime() + ms);

describe('proof-of-work challenge', () => {
  it('hands out an ALTCHA SHA-256 challenge bound to the contest, expiring in 10 minutes', async () => {
    const challenge = await createChallenge(SLUG, rules, NOW, seededRandom(1));
    expect(challenge).toMatchObject({ algorithm: 'SHA-256', maxnumber: 500 });
    expect(challenge.salt).toMatch(/^[0-9a-f]{32}\?contest=de-an-06-thai-binh&expires=\d+&$/);
    expect(Number(/expires=(\d+)/.exec(challenge.salt)![1]) * 1000).toBe(NOW.getTime() + CHALLENGE_TTL_MS);
    expect(challenge.challenge).toMatch(/^[0-9a-f]{64}$/);
    expect(challenge.signature).toMatch(/^[0-9a-f]{64}$/);
  });

  it('accepts a right solution, as an object or in base64, until it expires', async () => {
    const solution = solve(await createChallenge(SLUG, rules, NOW, seededRandom(2)));
    const base64 = Buffer.from(JSON.stringify(solution)).toString('base64');
    const expiresAt = later(CHALLENGE_TTL_MS);
    expect(await verifyChallenge(solution, SLUG, rules, later(1000))).toEqual({ ok: true, challenge: solution.challenge, expiresAt });
    expect(await verifyChallenge(base64, SLUG, rules, later(CHALLENGE_TTL_MS - 1))).toEqual({ ok: true, challenge: solution.challenge, expiresAt });
    expect(await verifyChallenge(solution, SLUG, rules, later(CHALLENGE_TTL_MS))).toEqual({ ok: false, problem: 'expired' });
  });

  it('refuses a missing, malformed, wrong, foreign-key or other-contest solution', async () => {
    const solution = solve(await createChallenge(SLUG, rules, NOW, seededRandom(3)));
    const problem = async (raw: unknown, slug = SLUG, key = rules.key) => {
      const verdict = await verifyChallenge(raw, slug, { ...rules, key }, NOW);
      return verdict.ok ? 'ok' : verdict.problem;
    };
    expect(await problem(undefined)).toBe('missing');
    expect(await problem('')).toBe('missing');
    expect(await problem('không phải base64 {')).toBe('invalid');
    expect(await problem({ ...solution, number: solution.number + 1 })).toBe('invalid');
    expect(await problem({ ...solution, number: undefined })).toBe('invalid');
    expect(await problem({ ...solution, number: -1 })).toBe('invalid');
    expect(await problem({ ...solution, algorithm: 'SHA-1' })).toBe('invalid');
    expect(await problem({ ...solution, salt: solution.salt.replace('thai-binh', 'ha-noi') })).toBe('invalid');
    expect(await problem(solution, SLUG, 'mot-khoa-khac-0123456789abcdef0123456789')).toBe('invalid');
    expect(await problem(solution, 'thai-binh-2023')).toBe('otherContest');
    expect(await problem(solution)).toBe('ok');
  });

  it('never accepts a number other than the secret one', async () => {
    const challenge = await createChallenge(SLUG, { ...rules, maxNumber: 50 }, NOW, seededRandom(4));
    const solution = solve(challenge);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1000 }), async (number) => {
        const verdict = await verifyChallenge({ ...solution, number }, SLUG, rules, NOW);
        expect(verdict.ok).toBe(number === solution.number);
      }),
      { numRuns: 60 },
    );
  });

  it('draws the secret number within 0…maxNumber and a different salt each time', async () => {
    const random = seededRandom(5);
    const challenges = await Promise.all(Array.from({ length: 20 }, () => createChallenge(SLUG, { ...rules, maxNumber: 30 }, NOW, random)));
    for (const challenge of challenges) expect(solve(challenge).number).toBeLessThanOrEqual(30);
    expect(new Set(challenges.map((c) => c.salt)).size).toBe(20);
  });
});
