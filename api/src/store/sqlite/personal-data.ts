import { recordAudit } from '../../db/admin.js';
import { finaliseOverdueAttempts } from '../../db/attempts.js';
import type { Db } from '../../db/connection.js';
import { getContest } from '../../db/contests.js';
import { erasedIdNumberHash, idNumberHashKey } from '../../db/erasure-limits.js';
import {
  answerDataRequest,
  eraseContestant,
  fileDataRequest,
  getDataRequest,
  listDataRequests,
  openDataRequests,
  purgePersonalData,
  storedPersonalData,
} from '../../db/personal-data.js';
import { getPublishedResults } from '../../db/results.js';
import { overallRanking } from '../../db/rounds.js';
import type { Contest } from '../../domain/contest.js';
import {
  dataRequestAnswerAuditEntry,
  dataRequestAuditEntry,
  erasureAuditEntry,
  OPEN_REQUESTS_PER_CONTESTANT,
  publishedWinnerIds,
  rankMayRetain,
  retentionReason,
  type RetentionReason,
} from '../../domain/data-rights.js';
import type { Results } from '../../domain/results.js';
import { newId } from '../../tokens.js';
import type { NoContestant, NotFound, PersonalDataStore } from '../store.js';
import type { SqliteStoreDeps } from './index.js';

const NO_CONTEST: NotFound = Object.freeze({ kind: 'notFound', what: 'contest' });
const NO_CONTESTANT: NoContestant = Object.freeze({ kind: 'noContestant' });

/** Contestants whose names published results carry: they keep them through a purge, and cannot erase. */
export function publishedWinners(db: Db, slug: string): Set<string> {
  return publishedWinnerIds(getPublishedResults<Results>(db, slug)?.payload ?? null);
}

/** Why the person's registration must be kept for now, or null (domain `retentionReason`). */
function retentionOf(db: Db, contest: Contest, contestantId: string, now: Date): RetentionReason | null {
  const published = getPublishedResults<Results>(db, contest.slug)?.payload ?? null;
  const rank = rankMayRetain(contest, published !== null, now) ? overallRanking(db, contest, 'public').rankOf(contestantId)?.rank : undefined;
  return retentionReason(contest, contestantId, now, published, rank);
}

export function sqlitePersonalData({ db, clock, config }: SqliteStoreDeps): PersonalDataStore {
  return {
    async export(contestantId, slug) {
      const contest = getContest(db, slug);
      if (!contest) return NO_CONTEST;
      const at = clock();
      finaliseOverdueAttempts(db, slug, at);
      const data = storedPersonalData(db, contestantId);
      return data ? { kind: 'data', data, contest, at } : NO_CONTESTANT;
    },

    async erase(contestant, slug, confirm) {
      const contest = getContest(db, slug);
      if (!contest) return NO_CONTEST;
      await confirm();
      const now = clock();
      finaliseOverdueAttempts(db, slug, now);
      const outcome = db.transaction(() => {
        const erased = eraseContestant(db, contestant.id, now, () => retentionOf(db, contest, contestant.id, now), newId, (s, idNumber) =>
          erasedIdNumberHash(idNumberHashKey(db, config.idNumberKey, true), s, idNumber),
        );
        if (erased.kind === 'erased') recordAudit(db, erasureAuditEntry(contestant, slug, erased, now));
        else if (erased.kind === 'retained' && erased.opened) recordAudit(db, dataRequestAuditEntry(contestant.id, slug, erased.request, now, erased.reason));
        return erased;
      })();
      if (outcome.kind === 'notFound') return NO_CONTESTANT;
      if (outcome.kind === 'retained') return { kind: 'retained', reason: outcome.reason, request: outcome.request };
      return { kind: 'erased', at: now };
    },

    async fileRequest(contestantId, slug, read) {
      if (!getContest(db, slug)) return NO_CONTEST;
      const body = await read();
      const now = clock();
      const request = db.transaction(() => {
        if (openDataRequests(db, contestantId) >= OPEN_REQUESTS_PER_CONTESTANT) return null;
        const filed = fileDataRequest(db, { id: newId(), slug, contestantId, kind: body.kind, message: body.message }, now);
        recordAudit(db, dataRequestAuditEntry(contestantId, slug, filed, now));
        return filed;
      })();
      return request ? { kind: 'filed', request } : { kind: 'tooMany', limit: OPEN_REQUESTS_PER_CONTESTANT };
    },

    async requests(slug) {
      return listDataRequests(db, slug);
    },

    async answerRequest(slug, id, answer, actor) {
      const now = clock();
      return db.transaction(() => {
        const request = getDataRequest(db, slug, id);
        if (!request) return { kind: 'noRequest' as const };
        if (request.status !== 'open') return { kind: 'alreadyAnswered' as const };
        answerDataRequest(db, id, answer.status, answer.answer, actor, now);
        recordAudit(db, dataRequestAnswerAuditEntry(request, answer, actor, now));
        return { kind: 'answered' as const, request: getDataRequest(db, slug, id)! };
      })();
    },

    async purge(slug, dryRun, actor) {
      const now = clock();
      return db.transaction(() => {
        const erased = purgePersonalData(db, slug, publishedWinners(db, slug), dryRun);
        if (!dryRun) recordAudit(db, { at: now.toISOString(), actor, action: 'personalData.purge', target: slug, detail: erased });
        return erased;
      })();
    },
  };
}
