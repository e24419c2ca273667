import { createChallenge as signChallenge, extractParams, verifySolution } from 'altcha-lib/v1';
import type { Random } from './draw.js';

/**
 * The proof of work asked before a new attempt starts (ALTCHA's SHA-256 scheme): the client
 * finds `number` with sha256(salt + number) = challenge. The salt carries the contest and an
 * expiry, and the HMAC signature makes both unforgeable, so the server keeps no state until a
 * solution is spent.
 */
export interface Challenge {
  algorithm: 'SHA-256';
  challenge: string;
  maxnumber: number;
  salt: string;
  signature: string;
}

export interface ChallengeRules {
  /** HMAC key; every server that verifies must share it. */
  key: string;
  /** The secret number is drawn from 0…maxNumber: the expected work is half of it. */
  maxNumber: number;
}

/** How long a challenge may be solved and spent after it was handed out. */
export const CHALLENGE_TTL_MS = 10 * 60_000;

export type ChallengeProblem = 'missing' | 'invalid' | 'expired' | 'otherContest' | 'reused';

/**
 * A solution worth spending, or why it is refused. It is spent under `challenge`, the hash the
 * signature covers: one per challenge handed out, whatever spelling of the salt or split of salt
 * and number the client sends (altcha-lib accepts the salt without its trailing "&", so the salt
 * itself is not a key).
 */
export type ChallengeVerdict = { ok: true; challenge: string; expiresAt: Date } | { ok: false; problem: ChallengeProblem };

/** What a person is told, per problem, under the `challenge` field. */
export const CHALLENGE_MESSAGES: Record<ChallengeProblem, string> = {
  missing: 'Cần hoàn tất bước xác minh chống gian lận tự động trước khi bắt đầu làm bài',
  invalid: 'Kết quả xác minh không đúng, vui lòng thử lại',
  expired: 'Bước xác minh đã hết hạn, vui lòng thử lại',
  otherContest: 'Kết quả xác minh không dành cho cuộc thi này',
  reused: 'Kết quả xác minh này đã được dùng, vui lòng thử lại',
};

function randomHex(random: Random, words: number): string {
  let hex = '';
  for (let i = 0; i < words; i++) hex += Math.floor(random() * 0x1_0000_0000).toString(16).padStart(8, '0');
  return hex;
}

/** A fresh challenge for one contest, valid for CHALLENGE_TTL_MS from `now`. */
export function createChallenge(contestSlug: string, rules: ChallengeRules, now: Date, random: Random): Promise<Challenge> {
  return signChallenge({
    algorithm: 'SHA-256',
    hmacKey: rules.key,
    maxnumber: rules.maxNumber,
    number: Math.floor(random() * (rules.maxNumber + 1)),
    salt: randomHex(random, 4),
    params: { contest: contestSlug },
    expires: new Date(now.getTime() + CHALLENGE_TTL_MS),
  }) as Promise<Challenge>;
}

interface Payload {
  algorithm: string;
  challenge: string;
  number: number;
  salt: string;
  signature: string;
}

const HEX_64 = /^[0-9a-f]{64}$/;

/** The solution as an object, from either ALTCHA's base64 form or the JSON object itself. */
function decodePayload(raw: unknown): Payload | null {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(Buffer.from(raw, 'base64').toString('utf8'));
    } catch {
      return null;
    }
  }
  if (!value || typeof value !== 'object') return null;
  const p = value as Record<string, unknown>;
  // Checked here, not left to altcha-lib: a missing number would make it draw a random one.
  const ok =
    p.algorithm === 'SHA-256' &&
    typeof p.challenge === 'string' &&
    HEX_64.test(p.challenge) &&
    typeof p.signature === 'string' &&
    HEX_64.test(p.signature) &&
    typeof p.salt === 'string' &&
    p.salt.length <= 512 &&
    Number.isSafeInteger(p.number) &&
    (p.number as number) >= 0;
  return ok ? (p as unknown as Payload) : null;
}

/** Checks a solution for `contestSlug` at `now`; whether it was already spent is the database's to say. */
export async function verifyChallenge(raw: unknown, contestSlug: string, rules: ChallengeRules, now: Date): Promise<ChallengeVerdict> {
  if (raw === undefined || raw === null || raw === '') return { ok: false, problem: 'missing' };
  const payload = decodePayload(raw);
  if (!payload) return { ok: false, problem: 'invalid' };
  const { algorithm, challenge, number, salt, signature } = payload;
  // Our own clock decides expiry (checkExpires=false), so tests can move time.
  if (!(await verifySolution({ algorithm: 'SHA-256', challenge, number, salt, signature }, rules.key, false)) || algorithm !== 'SHA-256') {
    return { ok: false, problem: 'invalid' };
  }
  const params = extractParams(payload as Parameters<typeof extractParams>[0]);
  if (params.contest !== contestSlug) return { ok: false, problem: 'otherContest' };
  const expiresAt = new Date(Number(params.expires) * 1000);
  if (!Number.isFinite(expiresAt.getTime()) || expiresAt.getTime() <= now.getTime()) return { ok: false, problem: 'expired' };
  return { ok: true, challenge, expiresAt };
}
