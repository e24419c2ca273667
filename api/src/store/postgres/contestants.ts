import { randomBytes } from 'node:crypto';
import { checkFields } from '../../contract/field-messages.js';
import { registrationSchema } from '../../contract/contestant.js';
import type { Contestant } from '../../db/contestants.js';
import { contestFromRow, type ContestRow } from '../../db/contests.js';
import { erasedIdNumberHash } from '../../db/erasure-limits.js';
import { networkData } from '../../db/integrity.js';
import { signInKey } from '../../db/sessions.js';
import { contestClosed } from '../../domain/contest.js';
import { networkOf } from '../../domain/integrity.js';
import { hashPhoneCode, judgePhoneCode, newPhoneCodeSalt, PHONE_CODE_TTL_MS, PHONE_CODE_WINDOW_MS, phoneCodeAllowance, type StoredPhoneCode } from '../../domain/phone-code.js';
import type { IssueOutcome } from '../../db/phone-codes.js';
import { normalisePhone } from '../../domain/phone.js';
import { newContestant, registrationProblems } from '../../domain/registration.js';
import { backoffSeconds } from '../../domain/sign-in-backoff.js';
import { foldVietnamese } from '../../domain/vietnamese-fold.js';
import { hashToken, newId, newToken } from '../../tokens.js';
import type { ContestantStore, NotFound, Registration } from '../store.js';
import { emitContestantRegistered } from './figures.js';
import type { PostgresStoreDeps } from './index.js';
import { inTransaction } from './pool.js';
import { CONTESTANT_COLUMNS, contestantByIdNumber, contestBySlug, one, type Queryable } from './rows.js';

const NO_CONTEST: NotFound = Object.freeze({ kind: 'notFound', what: 'contest' });

/** The unique key of an ID number in a contest: a second registration of it fails on it. */
const ONE_REGISTRATION_PER_ID_NUMBER = 'contestants_contest_slug_id_number_key';

/** Failure rows untouched this long are forgotten (db/sessions.ts). */
const FORGET_AFTER_MS = 30 * 86_400_000;

/**
 * The key of the hash of erased ID numbers (db/erasure-limits.ts `idNumberHashKey`): the configured
 * one, else the one kept in the database, made by the first erasure (`create`).
 */
export async function idNumberHashKey(db: Queryable, configured: string | undefined, create = false): Promise<string | null> {
  if (configured) return configured;
  const read = async () => (await one<{ key: string }>(db, 'SELECT key FROM server_keys WHERE name = $1', ['erasure-limits']))?.key ?? null;
  const stored = await read();
  if (stored !== null || !create) return stored;
  // Two nodes may make one at once: the first written wins, both read it back.
  await db.query('INSERT INTO server_keys (name, key) VALUES ($1, $2) ON CONFLICT DO NOTHING', ['erasure-limits', randomBytes(32).toString('hex')]);
  return read();
}

async function addContestantToken(db: Queryable, contestantId: string, tokenHash: string, now: Date): Promise<void> {
  await db.query('INSERT INTO contestant_tokens (token_hash, contestant_id, created_at) VALUES ($1, $2, $3)', [tokenHash, contestantId, now.toISOString()]);
}

export function postgresContestants({ pool, clock, config }: PostgresStoreDeps): ContestantStore {
  return {
    // db/phone-codes.ts `issuePhoneCode`, under an advisory lock on the phone so two nodes never both send.
    async issuePhoneCode(slug, phone, code) {
      return inTransaction(pool, async (db): Promise<IssueOutcome> => {
        const now = clock();
        await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`phone-code:${phone}`]);
        const windowStart = new Date(now.getTime() - PHONE_CODE_WINDOW_MS).toISOString();
        await db.query('DELETE FROM phone_codes WHERE created_at <= $1', [windowStart]);
        const sent = (
          await db.query<{ created_at: string }>('SELECT created_at FROM phone_codes WHERE phone = $1 AND created_at > $2 ORDER BY created_at', [phone, windowStart])
        ).rows.map((row) => Date.parse(row.created_at));
        const allowance = phoneCodeAllowance(sent, now);
        if (allowance.kind === 'wait') return allowance;
        const id = newId();
        const salt = newPhoneCodeSalt();
        const expiresAt = new Date(now.getTime() + PHONE_CODE_TTL_MS);
        await db.query(
          `INSERT INTO phone_codes (id, contest_slug, phone, salt, code_hash, created_at, expires_at, failures) VALUES ($1, $2, $3, $4, $5, $6, $7, 0)`,
          [id, slug, phone, salt, hashPhoneCode(salt, code), now.toISOString(), expiresAt.toISOString()],
        );
        return { kind: 'issued', id, expiresAt, resendAfter: allowance.resendAfter };
      });
    },
    async withdrawPhoneCode(id) {
      await pool.query('DELETE FROM phone_codes WHERE id = $1', [id]);
    },
    async byToken(token) {
      const row = await one<Contestant & { contestEndsAt: string }>(
        pool,
        `SELECT ${CONTESTANT_COLUMNS}, k.ends_at AS "contestEndsAt" FROM contestant_tokens t
         JOIN contestants c ON c.id = t.contestant_id JOIN contests k ON k.slug = c.contest_slug
         WHERE t.token_hash = $1`,
        [hashToken(token)],
      );
      if (!row) return null;
      const { contestEndsAt, ...contestant } = row;
      return { contestant, contestEndsAt };
    },

    async register(slug, read, client) {
      const now = clock();
      const contest = await contestBySlug(pool, slug);
      if (!contest) return NO_CONTEST;
      const raw = await read();
      const checked = checkFields(registrationSchema, raw);
      // A quick refusal for a contest already closed; the transaction checks again at the write.
      if (contestClosed(contest, clock())) return { kind: 'closed' };
      const unitIds = new Set(
        (await pool.query<{ id: string }>('SELECT id FROM units WHERE contest_slug = $1', [contest.slug])).rows.map((row) => row.id),
      );
      // Field rules run even when the shape is wrong, so a person sees every problem at once.
      const fields = {
        ...(checked.ok ? {} : checked.fields),
        ...registrationProblems(contest, raw, now, (unitId) => unitIds.has(unitId)),
      };
      if (!checked.ok || Object.keys(fields).length > 0) return { kind: 'invalid', fields };
      const body = checked.data;
      const idNumber = body.idNumber.trim();
      const phone = normalisePhone(body.phone)!;
      const excluded = await one(
        pool,
        `SELECT 1 AS one FROM exclusions WHERE contest_slug = $1 AND ((kind = 'idNumber' AND value = $2) OR (kind = 'phone' AND value = $3))`,
        [contest.slug, idNumber, phone],
      );
      if (excluded) return { kind: 'excluded' };
      const token = newToken();
      const contestant = newContestant(contest, body, newId(), client.origin, now);
      const network = networkData(client.ip, client.userAgent);
      const phoneCode = contest.phoneVerification ? (body.phoneCode ?? null) : null;
      const hashKey = await idNumberHashKey(pool, config.idNumberKey);
      const erasedHash = hashKey === null ? null : erasedIdNumberHash(hashKey, contest.slug, idNumber);
      const tokenHash = hashToken(token);
      type Written = Exclude<Registration, { kind: 'registered' }> | { kind: 'registered'; at: Date; attemptsBeforeErasure: number; extraAttempts: number };
      let written: Written;
      try {
        written = await inTransaction(pool, async (db): Promise<Written> => {
          // The clock is read inside the transaction (SPEC §3.1 "Time"); the notice version with the write.
          const at = clock();
          // Key-share locked: a console save or unit replacement in flight (store/postgres/setup.ts locks the row
          // FOR UPDATE) commits first, and the occupation and unit are checked again against what it wrote.
          const stored = await one<ContestRow>(db, 'SELECT * FROM contests WHERE slug = $1 FOR KEY SHARE', [contest.slug]);
          if (!stored || contestClosed({ endsAt: stored.ends_at }, at)) return { kind: 'closed' };
          const current = contestFromRow(stored);
          const unitKept = (await one(db, 'SELECT 1 FROM units WHERE contest_slug = $1 AND id = $2', [contest.slug, contestant.unitId])) !== null;
          if (!unitKept || !current.occupations.some((o) => o.id === contestant.occupation)) {
            return { kind: 'invalid', fields: registrationProblems(current, raw, at, (unitId) => unitKept && unitId === contestant.unitId) };
          }
          const noticeVersion = current.privacyNotice.version;
          if (phoneCode !== null) {
            const check = await usePhoneCode(db, contest.slug, phone, phoneCode, at);
            // A refusal returns (not throws), so the failure it counted is kept.
            if (check) return check;
          }
          const iso = at.toISOString();
          await db.query(
            `INSERT INTO contestants (id, contest_slug, id_number, full_name, name_folded, birth_date, phone, email, unit_id, occupation, source, created_at,
               consent_notice_version, consented_at, publish_name,
               guardian_full_name, guardian_phone, guardian_relationship, guardian_consented_at, guardian_publish_name, ip, ip_network, user_agent)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)`,
            [
              contestant.id,
              contestant.contestSlug,
              contestant.idNumber,
              contestant.fullName,
              foldVietnamese(contestant.fullName),
              contestant.birthDate,
              contestant.phone,
              contestant.email,
              contestant.unitId,
              contestant.occupation,
              contestant.source,
              iso,
              noticeVersion ?? 1,
              iso,
              Number(contestant.publishName),
              contestant.guardian?.fullName ?? null,
              contestant.guardian?.phone ?? null,
              contestant.guardian?.relationship ?? null,
              contestant.guardian ? iso : null,
              contestant.guardian ? Number(contestant.guardian.publishName) : null,
              network.ip,
              network.ip ? networkOf(network.ip) : null,
              network.ip || network.userAgent ? network.userAgent : null,
            ],
          );
          await addContestantToken(db, contestant.id, tokenHash, at);
          const carried = erasedHash ? await carryErasedAttempts(db, contestant.contestSlug, erasedHash, contestant.id) : { attempts: 0, granted: 0 };
          await emitContestantRegistered(db, contestant.contestSlug, at, contestant);
          return { kind: 'registered', at, attemptsBeforeErasure: carried.attempts, extraAttempts: carried.granted };
        });
      } catch (error) {
        const { code, constraint } = error as { code?: unknown; constraint?: unknown };
        if (code === '23505' && constraint === ONE_REGISTRATION_PER_ID_NUMBER) return { kind: 'duplicate' };
        throw error;
      }
      if (written.kind !== 'registered') return written;
      const created: Contestant = {
        ...contestant,
        extraAttempts: written.extraAttempts,
        attemptsBeforeErasure: written.attemptsBeforeErasure,
        createdAt: written.at.toISOString(),
      };
      return { kind: 'registered', contestant: created, token };
    },

    async signIn(slug, read) {
      const now = clock();
      const contest = await contestBySlug(pool, slug);
      if (!contest) return NO_CONTEST;
      const body = await read();
      const claim = { slug: contest.slug, idNumber: body.idNumber.trim(), phone: normalisePhone(body.phone), birthDate: body.birthDate.trim() };
      const token = newToken();
      const tokenHash = hashToken(token);
      const keyHash = signInKey(claim.slug, claim.idNumber);
      return inTransaction(pool, async (db) => {
        // Sign-ins of one ID number queue here, so every failure is counted, on every node.
        await db.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [keyHash]);
        const counter = await one<{ failures: number; blockedUntil: string | null }>(
          db,
          'SELECT failures, blocked_until AS "blockedUntil" FROM sign_in_failures WHERE key_hash = $1',
          [keyHash],
        );
        const blockedMs = counter?.blockedUntil ? Date.parse(counter.blockedUntil) - now.getTime() : 0;
        // While blocked the claim is not even compared: the right birth date must not get through either.
        if (blockedMs > 0) return { kind: 'blocked' as const, keyHash, retryAfterSeconds: Math.ceil(blockedMs / 1000) };
        const contestant = await contestantByIdNumber(db, claim.slug, claim.idNumber);
        if (contestant && claim.phone !== null && contestant.phone === claim.phone && contestant.birthDate === claim.birthDate) {
          if (counter) await db.query('DELETE FROM sign_in_failures WHERE key_hash = $1', [keyHash]);
          const endedSessions = body.endOtherSessions === true ? ((await db.query('DELETE FROM contestant_tokens WHERE contestant_id = $1', [contestant.id])).rowCount ?? 0) : 0;
          await addContestantToken(db, contestant.id, tokenHash, now);
          return { kind: 'signedIn' as const, contestant, endedSessions, token };
        }
        const failures = (counter?.failures ?? 0) + 1;
        const wait = backoffSeconds(failures);
        const blockedUntil = wait > 0 ? new Date(now.getTime() + wait * 1000).toISOString() : null;
        await db.query(
          `INSERT INTO sign_in_failures (key_hash, failures, blocked_until, last_failure_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (key_hash) DO UPDATE SET failures = excluded.failures, blocked_until = excluded.blocked_until,
             last_failure_at = excluded.last_failure_at`,
          [keyHash, failures, blockedUntil, now.toISOString()],
        );
        // A few stale counters go with each failure, so guesses at random ID numbers do not pile up.
        await db.query(
          `DELETE FROM sign_in_failures WHERE key_hash IN
             (SELECT key_hash FROM sign_in_failures WHERE last_failure_at < $1 ORDER BY last_failure_at LIMIT 20)`,
          [new Date(now.getTime() - FORGET_AFTER_MS).toISOString()],
        );
        return { kind: 'mismatch' as const, keyHash, failures, blockedUntil };
      });
    },

    async signOut(slug, token) {
      if (!token) return false;
      const tokenHash = hashToken(token);
      // Only a session of this contest ends; one statement, so nothing can come between the check and the end.
      const ended = await pool.query(
        `DELETE FROM contestant_tokens t USING contestants c WHERE t.token_hash = $1 AND c.id = t.contestant_id AND c.contest_slug = $2`,
        [tokenHash, slug],
      );
      return (ended.rowCount ?? 0) > 0;
    },
  };
}

/**
 * db/phone-codes.ts `usePhoneCode` in the registration's transaction: the right code is marked used
 * (undone with the registration if that fails), a wrong one counts a failure. Null when accepted.
 * The latest code is locked, so two registrations cannot both use it.
 */
async function usePhoneCode(db: Queryable, slug: string, phone: string, code: string, now: Date): Promise<Extract<Registration, { kind: 'phoneCode' }> | null> {
  const stored = await one<StoredPhoneCode & { id: string }>(
    db,
    `SELECT id, salt, code_hash AS "codeHash", expires_at AS "expiresAt", failures, used_at AS "usedAt"
     FROM phone_codes WHERE contest_slug = $1 AND phone = $2 ORDER BY created_at DESC LIMIT 1 FOR UPDATE`,
    [slug, phone],
  );
  const verdict = judgePhoneCode(stored ?? null, code, now);
  if (verdict === 'accepted') {
    await db.query('UPDATE phone_codes SET used_at = $1 WHERE id = $2', [now.toISOString(), stored!.id]);
    return null;
  }
  if (verdict === 'wrong' || verdict === 'burned') {
    await db.query('UPDATE phone_codes SET failures = failures + 1 WHERE id = $1', [stored!.id]);
    return { kind: 'phoneCode', problem: verdict, failures: stored!.failures + 1 };
  }
  return { kind: 'phoneCode', problem: verdict, failures: stored?.failures ?? 0 };
}

/** db/erasure-limits.ts `carryErasedAttempts`: what an erasure kept of this ID number moves onto the new registration. */
async function carryErasedAttempts(db: Queryable, slug: string, hash: string, contestantId: string): Promise<{ attempts: number; granted: number }> {
  const kept = await one<{ attempts: number; granted: number; rounds: string | null }>(
    db,
    'DELETE FROM erasure_limits WHERE contest_slug = $1 AND id_number_hash = $2 RETURNING attempts, granted, rounds',
    [slug, hash],
  );
  if (!kept) return { attempts: 0, granted: 0 };
  await db.query('UPDATE contestants SET attempts_before_erasure = $1, extra_attempts = $2, rounds_before_erasure = $3 WHERE id = $4', [
    kept.attempts,
    kept.granted,
    kept.rounds,
    contestantId,
  ]);
  return { attempts: kept.attempts, granted: kept.granted };
}
