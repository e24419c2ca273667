import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identicalAnswerRows } from '../../src/db/integrity.js';
import { freshDatabase } from '../support.js';
import {
  answerPattern,
  burstMembers,
  DEFAULT_INTEGRITY,
  explainFlag,
  FLAG_KINDS,
  identicalAnswerGroups,
  integritySettings,
  isFastAttempt,
  isPredictionOnly,
  isScoreJump,
  networkDataRetentionUntil,
  networkOf,
  truncateUserAgent,
} from '../../src/domain/integrity.js';

/** The members of a burst by brute force: every window starting at some time, counted directly. */
function bruteBurst(times: number[], threshold: number, windowMs: number): boolean[] {
  const member = times.map(() => false);
  for (const start of times) {
    const inside = times.map((t, i) => [t, i] as const).filter(([t]) => t >= start && t - start < windowMs);
    if (inside.length >= threshold) for (const [, i] of inside) member[i] = true;
  }
  return member;
}

describe('burstMembers', () => {
  it('agrees with counting every window directly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 40 }),
        (times, threshold, windowMs) => {
          expect(burstMembers(times, threshold, windowMs)).toEqual(bruteBurst(times, threshold, windowMs));
        },
      ),
    );
  });

  it('does not depend on the order the times come in', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 20 }), fc.integer({ min: 1, max: 5 }), (times, threshold) => {
        const reversed = [...times].reverse();
        expect(burstMembers(reversed, threshold, 10)).toEqual(burstMembers(times, threshold, 10).reverse());
      }),
    );
  });

  it('20 registrations in an hour are a burst; the same 20 spread over a day are not', () => {
    const minute = 60_000;
    expect(burstMembers(Array.from({ length: 20 }, (_, i) => i * 3 * minute), 20, 60 * minute).every(Boolean)).toBe(true);
    expect(burstMembers(Array.from({ length: 20 }, (_, i) => i * 72 * minute), 20, 60 * minute).some(Boolean)).toBe(false);
  });
});

describe('networkOf', () => {
  it('groups IPv4 by /24 and IPv6 by /64; an IPv4-mapped address is IPv4', () => {
    expect(networkOf('203.0.113.77')).toBe('203.0.113.0/24');
    expect(networkOf('::ffff:203.0.113.9')).toBe('203.0.113.0/24');
    expect(networkOf('2001:db8:0:1:aaaa::1')).toBe('2001:db8:0:1::/64');
    expect(networkOf('2001:DB8::1')).toBe('2001:db8:0:0::/64');
    expect(networkOf('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });

  it('is null for what is not an address', () => {
    for (const value of ['local', '', '256.1.1.1', '1.2.3', '1:2:3', 'a::b::c', '1:2:3:4:5:6:7:8:9', "1.2.3.4' OR 1=1"]) {
      expect(networkOf(value), value).toBeNull();
    }
  });

  it('two addresses share a network exactly when their first three IPv4 parts agree', () => {
    const octet = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(fc.tuple(octet, octet, octet, octet), fc.tuple(octet, octet, octet, octet), (a, b) => {
        const same = networkOf(a.join('.')) === networkOf(b.join('.'));
        expect(same).toBe(a[0] === b[0] && a[1] === b[1] && a[2] === b[2]);
      }),
    );
  });
});

describe('the per-attempt rules', () => {
  it('fastAttempt: below the minimum seconds per question, e.g. 20/20 in 7 ms', () => {
    expect(isFastAttempt({ durationMs: 7, total: 20 }, DEFAULT_INTEGRITY)).toBe(true);
    expect(isFastAttempt({ durationMs: 59_999, total: 20 }, DEFAULT_INTEGRITY)).toBe(true);
    expect(isFastAttempt({ durationMs: 60_000, total: 20 }, DEFAULT_INTEGRITY)).toBe(false);
    expect(isFastAttempt({ durationMs: 0, total: 0 }, DEFAULT_INTEGRITY)).toBe(false);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 10_000 }), (durationMs, total, more) => {
        // Taking longer never makes an attempt fast when a shorter one was not.
        if (!isFastAttempt({ durationMs, total }, DEFAULT_INTEGRITY)) expect(isFastAttempt({ durationMs: durationMs + more, total }, DEFAULT_INTEGRITY)).toBe(false);
      }),
    );
  });

  it('scoreJump: perfect after a best of at most half, never on a first attempt or a steady climb', () => {
    expect(isScoreJump({ score: 20, total: 20 }, 0.5, DEFAULT_INTEGRITY)).toBe(true);
    expect(isScoreJump({ score: 20, total: 20 }, 0.55, DEFAULT_INTEGRITY)).toBe(false);
    expect(isScoreJump({ score: 20, total: 20 }, null, DEFAULT_INTEGRITY)).toBe(false);
    expect(isScoreJump({ score: 19, total: 20 }, 0.1, DEFAULT_INTEGRITY)).toBe(false);
  });

  it('predictionOnly: at most two answers', () => {
    expect([0, 1, 2, 3, 20].map((n) => isPredictionOnly(n, DEFAULT_INTEGRITY))).toEqual([true, true, true, false, false]);
  });
});

describe('answer patterns', () => {
  it('a pattern does not depend on the order answers were saved in', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 5 })), { selector: ([q]) => q }), (answers) => {
        expect(answerPattern([...answers].reverse())).toBe(answerPattern(answers));
      }),
    );
  });

  it('groups need two different accounts: one account repeating itself is not a group', () => {
    const groups = identicalAnswerGroups([
      { attemptId: 'a1', contestantId: 'c1', pattern: 'q1=0' },
      { attemptId: 'a2', contestantId: 'c1', pattern: 'q1=0' },
      { attemptId: 'a3', contestantId: 'c2', pattern: 'q1=1' },
      { attemptId: 'a4', contestantId: 'c3', pattern: 'q1=1' },
    ]);
    expect(groups.map((g) => g.map((a) => a.attemptId))).toEqual([['a3', 'a4']]);
  });

  it('the SQL grouping finds exactly the groups the domain rule finds', () => {
    const attemptArb = fc.array(
      fc.record({ contestant: fc.integer({ min: 0, max: 4 }), answers: fc.dictionary(fc.constantFrom('q1', 'q2', 'q3'), fc.integer({ min: 0, max: 1 })) }),
      { maxLength: 14 },
    );
    fc.assert(
      fc.property(attemptArb, (attempts) => {
        const db = freshDatabase();
        try {
          db.prepare(`INSERT INTO contests (slug, title, starts_at, ends_at, settings, created_at, updated_at) VALUES ('k', 't', 'x', 'y', '{}', 'x', 'x')`).run();
          for (let c = 0; c < 5; c++) {
            db.prepare(
              `INSERT INTO contestants (id, contest_slug, id_number, full_name, birth_date, phone, unit_id, occupation, created_at) VALUES (?, 'k', ?, 'A', 'x', 'p', 'u', 'o', 'x')`,
            ).run(`c${c}`, `n${c}`);
          }
          attempts.forEach((a, i) => {
            db.prepare(
              `INSERT INTO attempts (id, contest_slug, contestant_id, status, started_at, deadline, submitted_at, score, total) VALUES (?, 'k', ?, 'submitted', 'x', 'y', 'x', 0, 3)`,
            ).run(`a${i}`, `c${a.contestant}`);
            for (const [q, option] of Object.entries(a.answers)) {
              db.prepare(`INSERT INTO attempt_answers (attempt_id, question_id, option_index, saved_at) VALUES (?, ?, ?, 'x')`).run(`a${i}`, q, option);
            }
          });
          const minAnswers = 2;
          const expected = identicalAnswerGroups(
            attempts
              .map((a, i) => ({ attemptId: `a${i}`, contestantId: `c${a.contestant}`, pattern: answerPattern(Object.entries(a.answers)), n: Object.keys(a.answers).length }))
              .filter((a) => a.n >= minAnswers),
          ).map((g) => g.map((a) => a.attemptId).sort());
          const found = identicalAnswerRows(db, 'k', minAnswers).map((g) => g.members.map((m) => m.attemptId).sort());
          const key = (groups: string[][]) => groups.map((g) => g.join(' ')).sort();
          expect(key(found)).toEqual(key(expected));
        } finally {
          db.close();
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('settings, retention and explanations', () => {
  it('contests saved before the settings existed get the defaults', () => {
    expect(integritySettings({})).toEqual(DEFAULT_INTEGRITY);
    expect(integritySettings({ integrity: { minSecondsPerQuestion: 5 } }).minSecondsPerQuestion).toBe(5);
    expect(networkDataRetentionUntil({ endsAt: '2023-05-19T03:00:00.000Z' }).toISOString()).toBe('2023-08-17T03:00:00.000Z');
    expect(networkDataRetentionUntil({ endsAt: '2023-05-19T03:00:00.000Z', networkDataRetentionDays: 0 }).toISOString()).toBe('2023-05-19T03:00:00.000Z');
  });

  it('user agents are cut to 256 characters; blank ones are not kept', () => {
    expect(truncateUserAgent('x'.repeat(1000))).toHaveLength(256);
    expect(truncateUserAgent('   ')).toBeNull();
    expect(truncateUserAgent(undefined)).toBeNull();
  });

  it('every kind has a Vietnamese explanation; a shared network says it may be legitimate', () => {
    for (const kind of FLAG_KINDS) expect(explainFlag(kind, {}, DEFAULT_INTEGRITY)).toMatch(/[ạảãâầấậẩẫăằắặẳẵđêềếệểễôồốộổỗơờớợởỡưừứựửữ]/);
    expect(explainFlag('sharedNetwork', { count: 25, network: '203.0.113.0/24' }, DEFAULT_INTEGRITY)).toMatch(/hợp lệ.*phòng máy/);
    expect(explainFlag('fastAttempt', { score: 20, total: 20, durationMs: 7 }, DEFAULT_INTEGRITY)).toMatch(/20\/20 câu trong 7 mili giây/);
  });
});
