import { basename } from 'node:path';
import { Hono } from 'hono';
import { z } from 'zod';
import {
  dataRequestAnswerSchema,
  purgeRequestSchema,
  type AdminDataRequestView,
  type DataRequestListView,
  type PurgeView,
} from '../contract/admin.js';
import type { DataRequestView } from '../contract/common.js';
import { dataRequestCreateSchema, erasureRequestSchema, type ErasureView, type MyDataAttempt, type MyDataView } from '../contract/contestant.js';
import type { DataRequest, StoredAttempt, StoredPersonalData } from '../db/personal-data.js';
import { answerKeyVisible, contestClosed, contestStatus, scoresVisible, type Contest } from '../domain/contest.js';
import { dataRequestDueSoon, dataRequestOverdue, personalDataRetentionUntil, RETENTION_MESSAGES } from '../domain/data-rights.js';
import { privacyNotice } from '../domain/privacy-notice.js';
import { formatVietnamTime } from '../domain/vietnam-format.js';
import { contestantAuth, requireAdmin, requireOrganiser, signInAgain, type ContestantEnv } from '../http/auth.js';
import type { AppDeps, PortableDeps } from '../http/deps.js';
import { ApiError, notFound } from '../http/errors.js';
import { idParam, parseOrRefuse, readJson, readOptionalJson, slugParam } from '../http/validate.js';
import { missing, requireContest } from './contests.js';
import { renderPrivacyDossier } from './privacy-dossier-page.js';

/** One attempt as its owner downloads it: question and option texts, never the key before it may show. */
function attemptRecord(attempt: StoredAttempt, contest: Contest, now: Date): MyDataAttempt {
  const keyShown = answerKeyVisible(contest.revealAnswers, contestStatus(contest, now), attempt.status === 'submitted');
  const scoreShown = attempt.status === 'submitted' && scoresVisible(contest, now);
  return {
    id: attempt.id,
    status: attempt.status,
    startedAt: attempt.startedAt,
    deadline: attempt.deadline,
    submittedAt: attempt.submittedAt,
    autoSubmitted: attempt.autoSubmitted,
    score: scoreShown ? attempt.score : null,
    total: attempt.total,
    durationMs: attempt.durationMs,
    prediction: attempt.prediction,
    voidedAt: attempt.voidedAt,
    voidReason: attempt.voidReason,
    source: attempt.source,
    ip: attempt.ip,
    userAgent: attempt.userAgent,
    questions: attempt.questions.map((q) => {
      const shown = q.optionOrder.map((index) => q.options[index] ?? '');
      return {
        text: q.text,
        options: shown,
        chosen: q.chosen === null ? null : (q.options[q.chosen] ?? null),
        ...(keyShown ? { correct: q.options[q.answer] ?? null } : {}),
      };
    }),
  };
}

/** Fields of the registration that record consent (the notice, publication, a guardian), by name. */
const CONSENT_FIELD = /consent|notice|publish|guardian/i;

function myDataView(contest: Contest, data: StoredPersonalData, now: Date): MyDataView {
  return {
    exportedAt: now.toISOString(),
    contest: { slug: contest.slug, title: contest.title },
    controller: privacyNotice(contest).controller,
    profile: data.profile,
    consent: {
      given: true,
      recordedAt: data.profile.createdAt as string,
      ...Object.fromEntries(Object.entries(data.profile).filter(([key]) => CONSENT_FIELD.test(key))),
    },
    attempts: data.attempts.map((a) => attemptRecord(a, contest, now)),
    sessions: data.sessions,
    audit: data.audit,
    dataRequests: data.dataRequests.map(dataRequestView),
    retentionUntil: personalDataRetentionUntil(contest).toISOString(),
  };
}

function dataRequestView(r: DataRequest): DataRequestView {
  return {
    id: r.id,
    kind: r.kind,
    message: r.message,
    receivedAt: r.receivedAt,
    dueAt: r.dueAt,
    status: r.status,
    answer: r.answer,
    answeredAt: r.answeredAt,
  };
}

/** A contestant's own data: download, erasure, requests to the committee (SPEC §3, §3.1 "Personal data"), on every store. */
export function myDataRoutes(deps: PortableDeps): Hono<ContestantEnv> {
  const { store } = deps;
  const contestant = new Hono<ContestantEnv>();
  // The token must be one of the contest in the path (400 for a malformed slug first, then 401).
  const auth = contestantAuth(deps, 'contest');

  contestant.get('/:slug/me/data', auth, async (c) => {
    const slug = slugParam(c);
    const outcome = await store.personalData.export(c.get('contestant').id, slug);
    if (outcome.kind === 'notFound') throw missing(outcome.what);
    if (outcome.kind === 'noContestant') throw signInAgain();
    c.header('Content-Disposition', `attachment; filename="du-lieu-ca-nhan-${slug}.json"`);
    return c.json(myDataView(outcome.contest, outcome.data, outcome.at) satisfies MyDataView);
  });

  contestant.delete('/:slug/me', auth, async (c) => {
    // No body at all is the same refusal as a body without the confirmation: 400 naming `confirm`.
    const confirm = async () => parseOrRefuse(erasureRequestSchema, (await readOptionalJson(c, z.unknown())) ?? {});
    const outcome = await store.personalData.erase(c.get('contestant'), slugParam(c), confirm);
    if (outcome.kind === 'notFound') throw missing(outcome.what);
    if (outcome.kind === 'noContestant') throw signInAgain();
    if (outcome.kind === 'retained') {
      throw new ApiError('RETAINED', RETENTION_MESSAGES[outcome.reason], undefined, { dataRequest: dataRequestView(outcome.request) });
    }
    return c.json({ erasedAt: outcome.at.toISOString() } satisfies ErasureView);
  });

  contestant.post('/:slug/me/data-requests', auth, async (c) => {
    const outcome = await store.personalData.fileRequest(c.get('contestant').id, slugParam(c), () => readJson(c, dataRequestCreateSchema));
    if (outcome.kind === 'notFound') throw missing(outcome.what);
    if (outcome.kind === 'tooMany') {
      throw new ApiError('CONFLICT', `Bạn đang có ${outcome.limit} yêu cầu chờ Ban Tổ chức trả lời; vui lòng chờ trả lời trước khi gửi thêm`);
    }
    return c.json(dataRequestView(outcome.request) satisfies DataRequestView, 201);
  });

  return contestant;
}

/** The committee's side of personal data: requests and their answers, the purge after the retention date, on every store. */
export function personalDataRoutes({ store, clock }: Pick<PortableDeps, 'store' | 'clock'>): Hono {
  const admin = new Hono();

  admin.get('/contests/:slug/data-requests', async (c) => {
    await requireOrganiser(store, c, 'read');
    const contest = await store.contests.contest(slugParam(c));
    if (!contest) throw missing('contest');
    const now = clock();
    const requests = (await store.personalData.requests(contest.slug)).map(
      (r): AdminDataRequestView => ({
        ...dataRequestView(r),
        contestantId: r.contestantId,
        contestantName: r.contestantName,
        unitName: r.unitName,
        answeredBy: r.answeredBy,
        overdue: dataRequestOverdue(r, now),
        dueSoon: dataRequestDueSoon(r, now),
      }),
    );
    const body: DataRequestListView = {
      requests,
      counts: {
        open: requests.filter((r) => r.status === 'open').length,
        dueSoon: requests.filter((r) => r.dueSoon).length,
        overdue: requests.filter((r) => r.overdue).length,
      },
    };
    return c.json(body satisfies DataRequestListView);
  });

  admin.put('/contests/:slug/data-requests/:id', async (c) => {
    const actor = await requireOrganiser(store, c, 'write');
    const contest = await store.contests.contest(slugParam(c));
    if (!contest) throw missing('contest');
    const id = idParam(c);
    const body = await readJson(c, dataRequestAnswerSchema);
    const outcome = await store.personalData.answerRequest(contest.slug, id, body, actor.name);
    if (outcome.kind === 'noRequest') throw notFound('Không tìm thấy yêu cầu trong cuộc thi này');
    if (outcome.kind === 'alreadyAnswered') throw new ApiError('CONFLICT', 'Yêu cầu này đã được trả lời trước đó');
    return c.json(dataRequestView(outcome.request) satisfies DataRequestView);
  });

  admin.post('/contests/:slug/purge-personal-data', async (c) => {
    await requireOrganiser(store, c, 'read');
    const body = await readOptionalJson(c, purgeRequestSchema);
    const dryRun = body?.dryRun ?? false;
    // A dry run only reads: the jury may ask for it too.
    const actor = await requireOrganiser(store, c, dryRun ? 'read' : 'write');
    const contest = await store.contests.contest(slugParam(c));
    if (!contest) throw missing('contest');
    const now = clock();
    const until = personalDataRetentionUntil(contest);
    const due = until.getTime() <= now.getTime();
    if (!due && !dryRun) {
      throw new ApiError(
        'RETENTION_NOT_OVER',
        `Chưa đến hạn xoá dữ liệu cá nhân của cuộc thi: thời hạn lưu giữ đến ${formatVietnamTime(until.toISOString())}. Có thể chạy thử (dryRun) để xem sẽ xoá những gì.`,
      );
    }
    const counts = await store.personalData.purge(contest.slug, dryRun, actor.name);
    return c.json({ slug: contest.slug, retentionUntil: until.toISOString(), due, dryRun, counts } satisfies PurgeView);
  });

  return admin;
}

/** The privacy dossier, which names the SQLite file the data is kept in (SQLite only for now). */
export function privacyDossierRoutes(deps: AppDeps): Hono {
  const { db, clock } = deps;
  const admin = new Hono();

  admin.get('/contests/:slug/privacy-dossier', (c) => {
    requireAdmin(db, c, 'read');
    const contest = requireContest(deps, slugParam(c));
    const now = clock();
    c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    return c.html(
      renderPrivacyDossier({
        contest,
        generatedAt: now.toISOString(),
        retentionUntil: personalDataRetentionUntil(contest).toISOString(),
        networkDataRetentionDays: contest.networkDataRetentionDays ?? null,
        storage: { kind: 'SQLite', file: deps.config.databasePath === ':memory:' ? ':memory:' : basename(deps.config.databasePath) },
        closed: contestClosed(contest, now),
      }),
    );
  });

  return admin;
}
