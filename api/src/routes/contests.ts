import { Hono, type Context } from 'hono';
import { getContest } from '../db/contests.js';
import { CHALLENGE_MESSAGES, createChallenge } from '../domain/challenge.js';
import { contestClosed, contestStatus, remainingAttempts, scoresVisible, type Contest } from '../domain/contest.js';
import {
  noRoundOpenMessage,
  roundAt,
  roundMaxAttempts,
  roundScoresVisible,
  roundsOf,
  roundsPhase,
  type Round,
} from '../domain/rounds.js';
import { formatVietnamTime } from '../domain/vietnam-format.js';
import { normalisePhone, PHONE_MESSAGE } from '../domain/phone.js';
import { newPhoneCode, phoneCodeMessage, phoneCodeText } from '../domain/phone-code.js';
import { smsProviderFrom } from '../sms/providers.js';
import { contestantAuth, contestantToken, signedInContestant } from '../http/auth.js';
import { clientIp, type AppDeps, type Limiters, type PortableDeps } from '../http/deps.js';
import { ApiError, notFound } from '../http/errors.js';
import { invalidFields, parseOrRefuse, readJson, readJsonBody, readOptionalJson, slugParam } from '../http/validate.js';
import { gzipWithTailFor, sendPublicJson, sendTimedJson, timedEncoding, type GzipWithTail } from '../http/public-json.js';
import { originListed } from '../http/cors.js';
import { embedCheckQuerySchema, leaderboardQuerySchema, phoneCodeRequestSchema, signInSchema, startAttemptSchema } from '../contract/contestant.js';
import {
  attemptSummary,
  attemptView,
  contestantView,
  leaderboardEntry,
  leaderboardForCaller,
  publicContest,
  publicPrivacyNotice,
  serverTimeTail,
  withheldSummary,
  withServerTime,
  type LeaderboardView,
} from './views.js';
import type { Challenge as ChallengeView, EmbedCheck, Me, PhoneCodeSent, Session, SignedIn } from '../contract/contestant.js';
import type { MyRound } from '../contract/rounds.js';
import type { Client, ContestFigures, MeRead, NotFound, ReadVersion } from '../store/store.js';

/** "2 phút" / "45 giây": a wait in the unit a person reads. */
function waitText(seconds: number): string {
  return seconds >= 60 ? `${Math.ceil(seconds / 60)} phút` : `${seconds} giây`;
}

/** "… sau 2 phút" / "… sau 45 giây": the wait in the unit a person reads. */
function signInBlockedMessage(seconds: number): string {
  const wait = seconds >= 3600 ? `${Math.ceil(seconds / 3600)} giờ` : seconds >= 60 ? `${Math.ceil(seconds / 60)} phút` : `${seconds} giây`;
  return `Đăng nhập sai quá nhiều lần với số định danh cá nhân này. Để bảo vệ tài khoản, vui lòng thử lại sau ${wait}.`;
}

/**
 * One JSON line per refused sign-in, for the operators' log: the hashed key, never the ID number,
 * phone or birth date that were sent.
 */
function logSignInFailure(keyHash: string, slug: string, now: Date, detail: Record<string, unknown>): void {
  console.warn(JSON.stringify({ event: 'sign-in.failed', at: now.toISOString(), contest: slug, idNumberHash: keyHash, ...detail }));
}

type Stats = ReturnType<typeof publicContest>['stats'];

/** A body kept for many responses is kept encoded: writing a string encodes it again every time. */
const jsonBody = (value: unknown): Buffer<ArrayBuffer> => Buffer.from(JSON.stringify(value));

/** Slugs of contests found before, which need no validating again; more than this empties the set. */
const FOUND_SLUGS_KEPT = 1024;

/** Distinct leaderboard queries kept per contest (`?limit=20`, `?limit=50`…); more empties the lot. */
const LEADERBOARD_QUERIES_KEPT = 16;

/** The query string of a request as sent: a key for what was validated and answered before. */
function rawQuery(c: Context): string {
  const url = c.req.url;
  const at = url.indexOf('?');
  return at < 0 ? '' : url.slice(at + 1);
}

const contestClosedForRegistration = () => new ApiError('CONTEST_NOT_OPEN', 'Cuộc thi đã kết thúc, không nhận đăng ký mới');

const contestNotOpenForStart = (status: 'upcoming' | 'closed') =>
  new ApiError('CONTEST_NOT_OPEN', status === 'upcoming' ? 'Cuộc thi chưa bắt đầu' : 'Cuộc thi đã kết thúc');

/** What the store keeps of the client with a registration or an attempt. */
function clientOf(c: Context, deps: Pick<PortableDeps, 'config'>): Client {
  return { ip: clientIp(c, deps.config.trustProxy), userAgent: c.req.header('user-agent'), origin: c.req.header('origin') };
}

/** 409 CONTEST_NOT_OPEN while no round is open, naming when the next one opens (Vietnam time). */
const noRoundOpen = (rounds: readonly Round[], now: Date) => new ApiError('CONTEST_NOT_OPEN', noRoundOpenMessage(rounds, now, formatVietnamTime));

const MISSING: Record<NotFound['what'], string> = {
  attempt: 'Không tìm thấy lượt thi',
  contest: 'Không tìm thấy cuộc thi',
  round: 'Không tìm thấy vòng thi',
  contestant: 'Không tìm thấy thí sinh trong cuộc thi này',
  question: 'Không tìm thấy câu hỏi',
};

/** 404 for what a store use case found missing: an attempt (or another person's), a contest, a round, a question or a contestant. */
export const missing = (what: NotFound['what']) => notFound(MISSING[what]);

export function requireContest(deps: AppDeps, slug: string): Contest {
  const contest = getContest(deps.db, slug);
  if (!contest) throw notFound('Không tìm thấy cuộc thi');
  return contest;
}

/** Counts one request against a limiter; 429 with Retry-After when over. */
export function limit(limiter: { hit(key: string, nowMs: number): number } | null, key: string, now: Date): void {
  const wait = limiter?.hit(key, now.getTime()) ?? 0;
  if (wait > 0) {
    throw new ApiError('RATE_LIMITED', `Bạn thao tác quá nhanh. Vui lòng thử lại sau ${wait} giây.`, undefined, { retryAfterSeconds: wait });
  }
}

export function contestRoutes(deps: PortableDeps, limiters: Limiters): Hono {
  const { clock } = deps;
  const reads = deps.store.contests;
  const sms = deps.sms ?? smsProviderFrom(deps.config.sms);
  const app = new Hono();

  /** The contest the path's `:slug` names (400 for a malformed slug, 404 for no such contest). */
  async function contestOf(slug: string): Promise<Contest> {
    const contest = await reads.contest(slug);
    if (!contest) throw missing('contest');
    return contest;
  }

  // A slug found before names a contest, so it needs no validating again (public reads, under load).
  const foundSlugs = new Set<string>();
  /** The contest of a read that keeps its body, with the version the body is kept under. */
  async function contestOfRead(c: Context): Promise<{ contest: Contest; version: ReadVersion }> {
    const slug = c.req.param('slug') ?? '';
    const found = await reads.versioned(foundSlugs.has(slug) ? slug : slugParam(c));
    if (!found) throw missing('contest');
    if (foundSlugs.size >= FOUND_SLUGS_KEPT) foundSlugs.clear();
    foundSlugs.add(found.contest.slug);
    return found;
  }

  // Public reads answer a serialised body kept per contest object (a changed contest is a new
  // object) until what it shows may have changed: the figures it shows, the data (the store's
  // `version`: any write by this process or another) or the status, which time alone moves. The contest's body with `now` is reused within one
  // millisecond: under load many requests share one.
  // Its gzip form is made from a kept deflate of all but the clock (`GzipWithTail`), once a client
  // that accepts gzip asks (undefined until then; null: too small to compress).
  const contestBodies = new WeakMap<
    Contest,
    {
      stamp: ReadVersion;
      figures: ContestFigures;
      stats: Stats;
      status: string;
      roundsPublished: string;
      json: Buffer;
      at: number;
      body: Buffer<ArrayBuffer>;
      gzip?: GzipWithTail | null;
      zipped: Buffer<ArrayBuffer> | null;
    }
  >();
  const unitBodies = new WeakMap<Contest, { stamp: ReadVersion; json: Buffer<ArrayBuffer> }>();
  const noticeBodies = new WeakMap<Contest, Buffer<ArrayBuffer>>();
  const leaderboardBodies = new WeakMap<
    Contest,
    Map<string, { stamp: ReadVersion; provisional: boolean; dueAt: number; body: LeaderboardView; json: Buffer<ArrayBuffer> }>
  >();

  app.get('/:slug', async (c) => {
    const { contest, version: stamp } = await contestOfRead(c);
    const now = clock();
    let kept = contestBodies.get(contest);
    // The figures and the publication are read again only once the data may have changed.
    const same = kept !== undefined && kept.stamp === stamp;
    const figures = same ? kept!.figures : await reads.figures(contest);
    const { counts, resultsPublishedAt: published, roundsPublishedAt } = figures;
    // The contest's status and its rounds' are what time alone moves.
    const status = `${contestStatus(contest, now)}|${roundsPhase(roundsOf(contest), now)}`;
    const roundsPublished = same ? kept!.roundsPublished : JSON.stringify([...roundsPublishedAt]);
    if (kept) kept.stamp = stamp;
    if (
      !kept ||
      kept.stats.participants !== counts.participants ||
      kept.stats.attempts !== counts.attempts ||
      kept.status !== status ||
      kept.figures.resultsPublishedAt !== published ||
      kept.roundsPublished !== roundsPublished
    ) {
      const view = publicContest(contest, counts, now, published, roundsPublishedAt);
      const json = jsonBody(view);
      contestBodies.set(
        contest,
        (kept = {
          stamp,
          figures,
          stats: view.stats,
          status,
          roundsPublished,
          json,
          at: now.getTime(),
          body: withServerTime(json, now),
          zipped: null,
        }),
      );
    } else if (kept.at !== now.getTime()) {
      kept.at = now.getTime();
      kept.body = withServerTime(kept.json, now);
      kept.zipped = null;
    }
    if (kept.gzip === undefined && c.req.header('accept-encoding')) kept.gzip = gzipWithTailFor(kept.json.subarray(0, -1));
    if (timedEncoding(c, kept.gzip ?? null) === 'identity') return sendTimedJson(kept.body, 'identity');
    kept.zipped ??= kept.gzip!.with(serverTimeTail(now));
    return sendTimedJson(kept.zipped, 'gzip');
  });

  app.get('/:slug/units', async (c) => {
    const { contest, version: stamp } = await contestOfRead(c);
    let kept = unitBodies.get(contest);
    if (!kept || kept.stamp !== stamp) {
      const units = (await reads.units(contest)).map(({ id, name, parentId, kind }) => ({ id, name, parentId, kind }));
      unitBodies.set(contest, (kept = { stamp, json: jsonBody(units) }));
    }
    return sendPublicJson(c, kept.json, true);
  });

  // The notice's full text, fetched by whoever opens the notice: it changes only with the contest
  // (a changed contest is a new object), so the body, its compressed forms and its ETag are kept.
  app.get('/:slug/privacy-notice', async (c) => {
    const { contest } = await contestOfRead(c);
    let body = noticeBodies.get(contest);
    if (!body) noticeBodies.set(contest, (body = jsonBody(publicPrivacyNotice(contest))));
    return sendPublicJson(c, body, true);
  });

  app.get('/:slug/units/stats', async (c) => {
    const read = await reads.unitStats(slugParam(c));
    if (read.kind === 'notFound') throw missing(read.what);
    const stats = read.units.map(
      ({ unitId, name, parentId, participants, attempts, rate }) => ({ unitId, name, parentId, participants, attempts, ...(rate === undefined ? {} : { rate }) }),
    );
    return sendPublicJson(c, jsonBody(stats), false);
  });

  app.post('/:slug/contestants', async (c) => {
    limit(limiters.registration, clientIp(c, deps.config.trustProxy), clock());
    const registered = await deps.store.contestants.register(slugParam(c), () => readJsonBody(c), clientOf(c, deps));
    switch (registered.kind) {
      case 'notFound':
        throw missing(registered.what);
      case 'closed':
        throw contestClosedForRegistration();
      case 'invalid':
        throw invalidFields(registered.fields, 'Thông tin đăng ký chưa hợp lệ, vui lòng kiểm tra các trường được nêu');
      case 'excluded':
        throw new ApiError(
          'EXCLUDED',
          'Thành viên Ban Tổ chức, Ban Giám khảo và Tổ Thư ký không được tham gia dự thi. Cảm ơn bạn đã quan tâm đến cuộc thi.',
        );
      case 'phoneCode':
        throw invalidFields({ phoneCode: phoneCodeMessage(registered.problem, registered.failures) }, 'Chưa xác minh được số điện thoại');
      case 'duplicate':
        throw new ApiError('ALREADY_REGISTERED', 'Số định danh cá nhân này đã được đăng ký dự thi. Vui lòng chọn “Đăng nhập lại”.', {
          idNumber: 'Số định danh cá nhân đã được đăng ký',
        });
      case 'registered':
        return c.json({ contestant: contestantView(registered.contestant), token: registered.token } satisfies Session, 201);
    }
  });

  // A one-time code for the registration form of a contest that verifies phones (decision 0022).
  // Limits: per address here (in memory, like the others), per phone in the store (shared by servers).
  app.post('/:slug/phone-codes', async (c) => {
    const now = clock();
    limit(limiters.phoneCodesPerIp, clientIp(c, deps.config.trustProxy), now);
    const contest = await contestOf(slugParam(c));
    const body = await readJson(c, phoneCodeRequestSchema);
    if (!contest.phoneVerification) throw new ApiError('CONFLICT', 'Cuộc thi này không yêu cầu xác minh số điện thoại');
    if (contestClosed(contest, now)) throw contestClosedForRegistration();
    const phone = normalisePhone(body.phone);
    if (!phone) throw invalidFields({ phone: PHONE_MESSAGE });
    const code = newPhoneCode();
    const issued = await deps.store.contestants.issuePhoneCode(contest.slug, phone, code);
    if (issued.kind === 'wait') {
      const wait = waitText(issued.retryAfterSeconds);
      const message = issued.hourly
        ? `Số điện thoại này đã nhận đủ số mã xác minh cho phép trong một giờ. Vui lòng thử lại sau ${wait}.`
        : `Mã xác minh vừa được gửi tới số điện thoại này. Vui lòng chờ ${wait} trước khi gửi lại.`;
      throw new ApiError('RATE_LIMITED', message, { phone: message }, { retryAfterSeconds: issued.retryAfterSeconds });
    }
    try {
      await sms.send(phone, phoneCodeText(code));
    } catch (error) {
      await deps.store.contestants.withdrawPhoneCode(issued.id);
      console.warn(JSON.stringify({ event: 'sms.failed', at: now.toISOString(), contest: contest.slug, reason: error instanceof Error ? error.message : 'error' }));
      throw new ApiError('UNAVAILABLE', 'Chưa gửi được tin nhắn chứa mã xác minh tới số điện thoại. Vui lòng thử lại sau ít phút.', undefined, {
        retryAfterSeconds: 30,
      });
    }
    // `now` lets the form count down to `resendAfter` on the server's clock, not the device's.
    return c.json({ expiresAt: issued.expiresAt.toISOString(), resendAfter: issued.resendAfter.toISOString(), now: now.toISOString() } satisfies PhoneCodeSent, 202);
  });

  app.post('/:slug/sessions', async (c) => {
    const now = clock();
    limit(limiters.signIn, clientIp(c, deps.config.trustProxy), now);
    const slug = slugParam(c);
    const outcome = await deps.store.contestants.signIn(slug, () => readJson(c, signInSchema));
    if (outcome.kind === 'notFound') throw missing(outcome.what);
    if (outcome.kind === 'blocked') {
      logSignInFailure(outcome.keyHash, slug, now, { blocked: true, retryAfterSeconds: outcome.retryAfterSeconds });
      throw new ApiError('RATE_LIMITED', signInBlockedMessage(outcome.retryAfterSeconds), undefined, { retryAfterSeconds: outcome.retryAfterSeconds });
    }
    if (outcome.kind === 'mismatch') {
      logSignInFailure(outcome.keyHash, slug, now, { failures: outcome.failures, blockedUntil: outcome.blockedUntil });
      // The same answer whichever field was wrong, and whether or not the ID number is registered.
      throw new ApiError('UNAUTHORIZED', 'Số định danh, số điện thoại hoặc ngày sinh không khớp với thông tin đã đăng ký');
    }
    return c.json({ contestant: contestantView(outcome.contestant), token: outcome.token, endedSessions: outcome.endedSessions } satisfies SignedIn);
  });

  // Signing out ends the token it is called with; the widget forgets its copy whatever the answer.
  app.delete('/:slug/sessions', async (c) => {
    const slug = slugParam(c);
    if (!(await deps.store.contestants.signOut(slug, contestantToken(c)))) {
      throw new ApiError('UNAUTHORIZED', 'Phiên đăng nhập không hợp lệ hoặc đã kết thúc.');
    }
    return c.body(null, 204);
  });

  app.get('/:slug/me', contestantAuth(deps, 'contest'), async (c) => {
    const contestant = c.get('contestant');
    const read = await reads.me(contestant, slugParam(c));
    if (read.kind === 'notFound') throw missing(read.what);
    const { contest, attempts, at: now } = read;
    const myRounds = read.rounds.length ? myRoundsOf(contest, read, contestant) : null;
    const current = roundAt(
      read.rounds.map((r) => r.round),
      now,
    );
    const mine = {
      contestant: contestantView(contestant),
      // With rounds: the tries left in the round open now (none between rounds).
      remainingAttempts: myRounds
        ? current
          ? myRounds.find((r) => r.roundId === current.id)!.remainingAttempts
          : 0
        : remainingAttempts(contest.maxAttempts, attempts.length + contestant.attemptsBeforeErasure, contestant.extraAttempts),
      inProgress: attempts.find((a) => a.status === 'inProgress')?.id ?? null,
      ...(myRounds ? { rounds: myRounds } : {}),
    };
    // Which attempt is best, and the rank, depend on the scores: withheld with them until the close.
    if (!scoresVisible(contest, now)) {
      return c.json({ ...mine, attempts: attempts.map(withheldSummary), best: null, rank: null, scoreShownAt: contest.endsAt } satisfies Me);
    }
    const best = read.best;
    const bestAttempt = best ? attempts.find((a) => a.id === best.attemptId) : undefined;
    return c.json({
      ...mine,
      attempts: attempts.map(attemptSummary),
      best: bestAttempt ? attemptSummary(bestAttempt) : null,
      rank: best?.rank ?? null,
    } satisfies Me);
  });

  // Public like the contest page: the proof of work stands in front of starting, not of reading.
  app.get('/:slug/challenge', async (c) => {
    const contest = await contestOf(slugParam(c));
    const challenge = await createChallenge(contest.slug, deps.config.challenge, clock(), deps.random);
    return c.json({ ...challenge, required: deps.config.challenge.required } satisfies ChallengeView);
  });

  // Readable from any page (decision 0034): a page the contest does not allow learns only that, so the
  // widget can name the setting the organisers are missing instead of blaming the network.
  app.get('/:slug/embed-check', async (c) => {
    const contest = await contestOf(slugParam(c));
    const { origin } = parseOrRefuse(embedCheckQuerySchema, c.req.query());
    const allowed = originListed(deps.config.allowedOrigins, origin) || originListed(contest.allowedOrigins, origin);
    c.header('Access-Control-Allow-Origin', '*');
    return c.json({ origin, allowed } satisfies EmbedCheck);
  });

  // The address's allowance is counted before the token is looked at; the contestant's after.
  app.post(
    '/:slug/attempts',
    contestantAuth(deps, 'contest', (c) => limit(limiters.attemptStartPerIp, clientIp(c, deps.config.trustProxy), clock())),
    async (c) => {
      const contestant = c.get('contestant');
      limit(limiters.attemptStart, contestant.id, clock());
      const outcome = await deps.store.attempts.start(contestant, slugParam(c), () => readOptionalJson(c, startAttemptSchema), clientOf(c, deps));
      switch (outcome.kind) {
        case 'notFound':
          throw missing(outcome.what);
        case 'notOpen':
          throw contestNotOpenForStart(outcome.status);
        case 'noRound':
          throw noRoundOpen(outcome.rounds, outcome.at);
        case 'noQuestions':
          throw new ApiError('CONTEST_NOT_OPEN', 'Ngân hàng câu hỏi của cuộc thi chưa sẵn sàng');
        case 'challenge':
          throw invalidFields({ challenge: CHALLENGE_MESSAGES[outcome.problem] }, 'Chưa xác minh được yêu cầu bắt đầu làm bài, vui lòng thử lại');
        case 'limit':
          throw new ApiError('ATTEMPT_LIMIT', outcome.inRound ? 'Bạn đã dùng hết số lượt thi của vòng này' : 'Bạn đã dùng hết số lượt thi của cuộc thi này');
        case 'started':
          return c.json(attemptView(outcome.attempt, outcome.questions, new Map(), outcome.contest, new Date(outcome.attempt.startedAt)), 201);
        case 'resumed':
          return c.json(attemptView(outcome.attempt, outcome.questions, outcome.saved, outcome.contest, outcome.at), 200);
      }
    },
  );

  // Kept per query string as sent (only validated ones are kept) until the database changes, the
  // contest closes or an open attempt falls due (it must be finalised before the board is shown).
  app.get('/:slug/leaderboard', async (c) => {
    const { contest, version } = await contestOfRead(c);
    const now = clock();
    const provisional = contestStatus(contest, now) !== 'closed';
    const query = rawQuery(c);
    let bodies = leaderboardBodies.get(contest);
    if (!bodies) leaderboardBodies.set(contest, (bodies = new Map()));
    let kept = bodies.get(query);
    if (!kept || kept.provisional !== provisional || now.getTime() >= kept.dueAt || kept.stamp !== version) {
      const { limit } = parseOrRefuse(leaderboardQuerySchema, c.req.query());
      // While scores wait for the close the board is withheld whole: even names in rank order
      // would show a contestant move between two attempts (decision 0018). `provisional` flips at
      // the close, which empties this copy.
      const visible = scoresVisible(contest, now);
      // The overall ranking: with rounds, by the contest's `roundsRanking`; overdue attempts finalised first.
      const read = await reads.leaderboard(contest, visible ? limit : null);
      const actual = read.actual;
      const body: LeaderboardView = visible
        ? { provisional, actual, entries: read.entries!.map(leaderboardEntry) }
        : { provisional, actual: contest.predictionTarget === 'perfectParticipants' ? null : actual, entries: [], scoreShownAt: contest.endsAt };
      if (bodies.size >= LEADERBOARD_QUERIES_KEPT) bodies.clear();
      bodies.set(query, (kept = { stamp: read.version, provisional, dueAt: read.dueAt, body, json: jsonBody(body) }));
    }
    // A signed-in caller gets their own row marked and their rank; everyone else the kept body.
    const caller = await signedInContestant(deps, c, contest.slug);
    if (!caller) return sendPublicJson(c, kept.json, true);
    const rank = scoresVisible(contest, now) ? ((await reads.rankOf(contest, caller.id))?.rank ?? null) : null;
    return c.json(leaderboardForCaller(kept.body, rank));
  });

  return app;
}

/**
 * A contestant's standing in each round (`me.rounds`): tries used and left in it, and, once the
 * round's scores may be seen (`roundScoresVisible`), their best score and rank in it.
 */
function myRoundsOf(contest: Contest, { rounds, attempts, at: now }: MeRead, contestant: { extraAttempts: number }): MyRound[] {
  return rounds.map(({ round, tries, ranked }) => {
    const used = attempts.filter((a) => a.roundId === round.id);
    const base = {
      roundId: round.id,
      attempts: used.length,
      remainingAttempts: remainingAttempts(roundMaxAttempts(contest, round), tries, contestant.extraAttempts),
      total: used[0]?.total ?? null,
    };
    if (!roundScoresVisible(contest, round, now)) return base;
    const best = ranked ? used.find((a) => a.id === ranked.attemptId) : undefined;
    return { ...base, bestScore: best?.score ?? null, total: best?.total ?? base.total, rank: ranked?.rank ?? null };
  });
}

// The registration body is referenced by the contract and the OpenAPI document from here.
