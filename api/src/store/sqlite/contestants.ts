import { checkFields } from '../../contract/field-messages.js';
import { registrationSchema } from '../../contract/contestant.js';
import { contestantByToken, registerContestant, type Contestant } from '../../db/contestants.js';
import { getContest, isExcluded, unitExists } from '../../db/contests.js';
import { erasedIdNumberHash, idNumberHashKey } from '../../db/erasure-limits.js';
import { networkData } from '../../db/integrity.js';
import { issuePhoneCode, withdrawPhoneCode } from '../../db/phone-codes.js';
import { endSession, signIn } from '../../db/sessions.js';
import { contestClosed } from '../../domain/contest.js';
import { normalisePhone } from '../../domain/phone.js';
import { newContestant, registrationProblems } from '../../domain/registration.js';
import { hashToken, newId, newToken } from '../../tokens.js';
import type { ContestantStore, NotFound } from '../store.js';
import type { SqliteStoreDeps } from './index.js';

const NO_CONTEST: NotFound = Object.freeze({ kind: 'notFound', what: 'contest' });

export function sqliteContestants({ db, clock, config }: SqliteStoreDeps): ContestantStore {
  return {
    async issuePhoneCode(slug, phone, code) {
      return issuePhoneCode(db, slug, phone, code, clock());
    },
    async withdrawPhoneCode(id) {
      withdrawPhoneCode(db, id);
    },
    async byToken(token) {
      return contestantByToken(db, hashToken(token));
    },

    async register(slug, read, client) {
      const now = clock();
      const contest = getContest(db, slug);
      if (!contest) return NO_CONTEST;
      const raw = await read();
      const checked = checkFields(registrationSchema, raw);
      // A quick refusal for a contest already closed; registerContestant checks again at the write.
      if (contestClosed(contest, clock())) return { kind: 'closed' };
      // Field rules run even when the shape is wrong, so a person sees every problem at once.
      const fields = {
        ...(checked.ok ? {} : checked.fields),
        ...registrationProblems(contest, raw, now, (unitId) => unitExists(db, contest.slug, unitId)),
      };
      if (!checked.ok || Object.keys(fields).length > 0) return { kind: 'invalid', fields };
      const body = checked.data;
      const idNumber = body.idNumber.trim();
      const phone = normalisePhone(body.phone)!;
      if (isExcluded(db, contest.slug, idNumber, phone)) return { kind: 'excluded' };
      const token = newToken();
      const contestant = newContestant(contest, body, newId(), client.origin, now);
      const network = networkData(client.ip, client.userAgent);
      const phoneCode = contest.phoneVerification ? (body.phoneCode ?? null) : null;
      const hashKey = idNumberHashKey(db, config.idNumberKey, false);
      const erasedHash = hashKey === null ? null : erasedIdNumberHash(hashKey, contest.slug, idNumber);
      const registered = registerContestant(db, contestant, hashToken(token), clock, network, phoneCode, erasedHash);
      if (registered.kind !== 'registered') return registered.kind === 'refused' ? { ...registered, kind: 'phoneCode' } : registered;
      const created: Contestant = {
        ...contestant,
        extraAttempts: registered.extraAttempts,
        attemptsBeforeErasure: registered.attemptsBeforeErasure,
        createdAt: registered.at.toISOString(),
      };
      return { kind: 'registered', contestant: created, token };
    },

    async signIn(slug, read) {
      const now = clock();
      const contest = getContest(db, slug);
      if (!contest) return NO_CONTEST;
      const body = await read();
      const claim = { slug: contest.slug, idNumber: body.idNumber.trim(), phone: normalisePhone(body.phone), birthDate: body.birthDate.trim() };
      const token = newToken();
      const outcome = signIn(db, claim, hashToken(token), body.endOtherSessions === true, now);
      return outcome.kind === 'signedIn' ? { ...outcome, token } : outcome;
    },

    async signOut(slug, token) {
      const found = token ? contestantByToken(db, hashToken(token)) : null;
      if (!token || !found || found.contestant.contestSlug !== slug) return false;
      endSession(db, hashToken(token));
      return true;
    },
  };
}
