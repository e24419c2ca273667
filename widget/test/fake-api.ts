import type { Attempt, Contest, Leaderboard, MyRound, PrivacyNoticeText, Results, Unit, UnitStats } from '../src/api-client.js';
import type { DataRequestView, ErasureView } from '../../api/src/contract/contestant.js';

interface FakeAttempt extends Attempt {
  contestantId: string;
  prediction?: number | null;
}

export interface RecordedRequest {
  method: string;
  origin: string;
  path: string;
  body: any;
  auth: string | null;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

const QUESTIONS = Array.from({ length: 5 }, (_, i) => ({
  id: `q${i + 1}`,
  text: i === 0 ? 'Đề án 06 được phê duyệt năm nào?\n\n- Gợi ý một\n- <b>Gợi ý hai</b>' : `Câu hỏi thứ ${i + 1} về định danh điện tử?`,
  options: ['a', 'b', 'c', 'd'].map((letter) => ({ id: `q${i + 1}${letter}`, text: `Phương án ${letter.toUpperCase()} của câu ${i + 1}` })),
}));

export function sampleContest(overrides: Partial<Contest> = {}): Contest {
  const now = Date.now();
  return {
    slug: 'de-an-06-thai-binh',
    title: 'Cuộc thi trực tuyến tìm hiểu Đề án 06',
    description: 'Cuộc thi do UBND tỉnh Thái Bình tổ chức.\n\nĐối tượng dự thi:\n- Cán bộ, công chức\n- <script>alert(1)</script>',
    startsAt: new Date(now - 86_400_000).toISOString(),
    endsAt: new Date(now + 30 * 86_400_000).toISOString(),
    status: 'open',
    questionsPerAttempt: 5,
    timeLimitSeconds: 900,
    maxAttempts: 3,
    predictionQuestion: 'Theo bạn, có bao nhiêu người tham gia cuộc thi?',
    revealScore: 'afterSubmit',
    phoneVerification: false,
    rounds: [],
    currentRoundId: null,
    roundsRanking: 'best',
    prizes: {
      individual: [
        { name: 'Giải Nhất', count: 1, valueVnd: 6_000_000 },
        { name: 'Giải Nhì', count: 3, valueVnd: 3_000_000 },
      ],
      collective: [{ name: 'Giải Nhất', count: 1, valueVnd: 8_000_000 }],
    },
    occupations: [
      { id: 'can-bo', name: 'Cán bộ, công chức, viên chức' },
      { id: 'hoc-sinh', name: 'Học sinh, sinh viên' },
    ],
    documents: [{ title: 'Kế hoạch số 34/KH-UBND', url: 'https://example.org/ke-hoach.pdf' }],
    privacyNotice: {
      version: 2,
      controller: 'Ban Tổ chức Cuộc thi trực tuyến tìm hiểu Đề án 06',
      contact: 'Công an tỉnh Thái Bình, điện thoại 0227 000 000',
      purposes: ['Tổ chức cuộc thi và chấm điểm bài thi', 'Xét, trao giải thưởng và chi trả tiền thưởng'],
      retentionUntil: new Date(now + 395 * 86_400_000).toISOString(),
    },
    minAge: null,
    stats: { participants: 1234, attempts: 5678 },
    resultsPublishedAt: null,
    now: new Date(now).toISOString(),
    ...overrides,
  };
}

export const UNITS: Unit[] = [
  { id: 'so-tttt', name: 'Sở Thông tin và Truyền thông', parentId: null, kind: 'department' },
  { id: 'ubnd-vu-thu', name: 'UBND huyện Vũ Thư', parentId: null, kind: 'district' },
  { id: 'xa-tan-hoa', name: 'UBND xã Tân Hòa', parentId: 'ubnd-vu-thu', kind: 'commune' },
  { id: 'xa-minh-quang', name: 'UBND xã Minh Quang', parentId: 'ubnd-vu-thu', kind: 'commune' },
];

/** An in-memory stand-in for the API of SPEC §3, answering the widget's fetch calls. */
export class FakeApi {
  contest: Contest = sampleContest();
  /** The notice's full text, as `GET …/privacy-notice` answers it: the contest's notice with its text. */
  noticeText = 'Dữ liệu không được bán và không được chia sẻ ngoài Ban Tổ chức.\n\nBạn có quyền xem, chỉnh sửa, nhận bản sao, hạn chế và xoá dữ liệu.';
  units = UNITS;
  requests: RecordedRequest[] = [];
  /** Every request fails as if the network were down. */
  offline = false;
  /** While set, every answer waits for it: a slow network, to see what shows before data arrives. */
  hold: Promise<void> | null = null;
  /** The next N autosaves fail as if the network dropped. */
  failSaves = 0;
  /** While set, the requests it picks are turned away as an overloaded server does: 503 OVERLOADED with Retry-After. */
  overloaded: ((method: string, path: string) => boolean) | null = null;
  retryAfterSeconds = 1;
  timeLimitMs = 900_000;
  results: Results | null = null;
  leaderboard: Leaderboard = { provisional: true, actual: 1234, entries: [] };
  /** Whose row each rank of the leaderboard is, so a caller's own row is marked by token as the server does. */
  leaderboardOwners = new Map<number, string>();
  unitStats: UnitStats[] = [
    { unitId: 'so-tttt', name: 'Sở Thông tin và Truyền thông', parentId: null, participants: 40, attempts: 90, rate: 0.8 },
    { unitId: 'ubnd-vu-thu', name: 'UBND huyện Vũ Thư', parentId: null, participants: 300, attempts: 700, rate: 0.25 },
    { unitId: 'xa-tan-hoa', name: 'UBND xã Tân Hòa', parentId: 'ubnd-vu-thu', participants: 100, attempts: 200, rate: 0.5 },
  ];
  /** Each round's leaderboard and published results, by round id (`GET …/rounds/:id/leaderboard|results`). */
  roundLeaderboards = new Map<string, Leaderboard>();
  roundResults = new Map<string, Results>();
  /** What `me.rounds` answers for every signed-in contestant, when the contest has rounds. */
  myRounds: MyRound[] | null = null;
  contestants = new Map<string, { id: string; fullName: string; idNumber: string; phone: string; birthDate: string; unitId: string }>();
  attempts = new Map<string, FakeAttempt>();
  maxAttempts: number | null = 3;
  /** Difficulty of the fake's proof-of-work challenges: small, so tests solve them at once. */
  challengeMaxNumber = 300;
  /** False as a server with ATTEMPT_CHALLENGE=off answers: a start needs no solution. */
  challengeRequired = true;
  /**
   * The page's origin is not among the contest's allowed origins: every answer lacks the CORS
   * headers, so the browser reports it as a network failure, except `embed-check`, open to any page.
   */
  originRefused = false;
  /** The next N right solutions are refused anyway, as the server does once one has expired. */
  refuseChallenges = 0;
  /** Salt → secret number of every challenge handed out, and the salts already spent. */
  challenges = new Map<string, number>();
  spentChallenges = new Set<string>();
  /** Set to refuse erasure as the server does for a published winner (409 RETAINED). */
  retainErasure = false;
  /** What `GET …/me/data` lists as the caller's data requests. */
  dataRequests: DataRequestView[] = [];
  /** Phone → the code "sent" to it by `POST …/phone-codes` (always 123456, as a test types it). */
  phoneCodes = new Map<string, string>();
  /** Seconds before another code may be asked for, as the server answers in `resendAfter`. */
  resendSeconds = 60;
  /** The next code request is refused with this answer (rate limit, gateway down…). */
  refusePhoneCode: { status: number; code: string; message: string; fields?: Record<string, string> } | null = null;
  private nextId = 1;
  private originalFetch = window.fetch;

  install(): this {
    window.fetch = this.fetch;
    return this;
  }

  uninstall(): void {
    window.fetch = this.originalFetch;
  }

  /** Registers a contestant directly and returns its token. */
  seedContestant(fullName = 'Nguyễn Văn An'): string {
    const id = `c${this.nextId++}`;
    this.contestants.set(`token-${id}`, { id, fullName, idNumber: '034090001234', phone: '0912345678', birthDate: '1990-05-01', unitId: 'so-tttt' });
    return `token-${id}`;
  }

  requestsTo(method: string, pathPart: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path.includes(pathPart));
  }

  fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input));
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = new Headers(init.headers);
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    const auth = headers.get('authorization');
    this.requests.push({ method, origin: url.origin, path: url.pathname + url.search, body, auth });
    if (this.offline) throw new TypeError('Failed to fetch');
    if (this.originRefused || url.pathname.endsWith('/embed-check')) {
      if (!url.pathname.endsWith('/embed-check')) throw new TypeError('Failed to fetch');
      return this.json(200, { origin: url.searchParams.get('origin'), allowed: !this.originRefused });
    }
    if (method === 'PUT' && this.failSaves > 0) {
      this.failSaves -= 1;
      throw new TypeError('Failed to fetch');
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (this.hold) await this.hold;
    const path = url.pathname.replace(/^\/api/, '');
    if (this.overloaded?.(method, path)) {
      return new Response(JSON.stringify({ error: { code: 'OVERLOADED', message: 'Hệ thống đang có quá nhiều người truy cập cùng lúc, vui lòng thử lại sau giây lát' } }), {
        status: 503,
        headers: { 'content-type': 'application/json', 'retry-after': String(this.retryAfterSeconds) },
      });
    }
    if (method === 'GET' && path === `/contests/${this.contest.slug}/challenge`) return this.json(200, await this.newChallenge());
    const challengeProblem = method === 'POST' && path === `/contests/${this.contest.slug}/attempts` ? await this.challengeProblem(body?.challenge) : null;
    return this.route(method, path, body, auth?.replace(/^Bearer /, '') ?? null, challengeProblem);
  };

  private async newChallenge() {
    const salt = `muoi${this.nextId++}?contest=${this.contest.slug}&`;
    const number = Math.floor(Math.random() * (this.challengeMaxNumber + 1));
    this.challenges.set(salt, number);
    return { algorithm: 'SHA-256', challenge: await sha256Hex(salt + number), maxnumber: this.challengeMaxNumber, salt, signature: 'ab'.repeat(32), required: this.challengeRequired };
  }

  /** What the real server would say under `challenge` about a start's solution, or null when it is right. */
  private async challengeProblem(solution: any): Promise<string | null> {
    if (!this.challengeRequired) return null;
    if (!solution) return 'Cần hoàn tất bước xác minh chống gian lận tự động trước khi bắt đầu làm bài';
    const right = this.challenges.get(solution.salt) === solution.number && solution.challenge === (await sha256Hex(solution.salt + solution.number));
    if (!right) return 'Kết quả xác minh không đúng, vui lòng thử lại';
    if (this.spentChallenges.has(solution.salt)) return 'Kết quả xác minh này đã được dùng, vui lòng thử lại';
    if (this.refuseChallenges > 0) {
      this.refuseChallenges -= 1;
      return 'Bước xác minh đã hết hạn, vui lòng thử lại';
    }
    return null;
  }

  private json(status: number, data: unknown): Response {
    return new Response(JSON.stringify(data), { status, headers: { 'content-type': 'application/json' } });
  }

  private error(status: number, code: string, message: string, fields?: Record<string, string>): Response {
    return this.json(status, { error: { code, message, ...(fields ? { fields } : {}) } });
  }

  /** Whether scores wait for the close, as the server decides (`revealScore: "afterClose"`). */
  private scoresHidden(): boolean {
    return this.contest.revealScore === 'afterClose' && this.contest.status !== 'closed';
  }

  private received(attempt: FakeAttempt) {
    return { id: attempt.id, status: 'submitted', submittedAt: attempt.submittedAt, received: true, scoreShownAt: this.contest.endsAt };
  }

  private view(attempt: FakeAttempt) {
    const { contestantId: _owner, ...rest } = attempt;
    if (attempt.status === 'submitted' && this.scoresHidden()) {
      const { score: _score, total: _total, durationMs: _duration, ...withheld } = rest;
      return { ...withheld, ...this.received(attempt), now: new Date().toISOString() };
    }
    return { ...rest, now: new Date().toISOString() };
  }

  private route(method: string, path: string, body: any, token: string | null, challengeProblem: string | null): Response {
    const slug = this.contest.slug;
    const me = token ? this.contestants.get(token) : undefined;
    const mine = me ? [...this.attempts.values()].filter((a) => a.contestantId === me.id) : [];
    this.finaliseOverdue();
    if (method === 'GET' && path === `/contests/${slug}`) {
      return this.json(200, { ...this.contest, resultsPublishedAt: this.results?.publishedAt ?? null, now: new Date().toISOString() });
    }
    if (method === 'GET' && path.startsWith('/contests/') && !path.startsWith(`/contests/${slug}`)) return this.error(404, 'NOT_FOUND', 'Không tìm thấy cuộc thi');
    if (method === 'GET' && path === `/contests/${slug}/units`) return this.json(200, this.units);
    if (method === 'GET' && path === `/contests/${slug}/units/stats`) return this.json(200, this.unitStats);
    if (method === 'GET' && path === `/contests/${slug}/privacy-notice`) {
      return this.json(200, { ...this.contest.privacyNotice, text: this.noticeText } satisfies PrivacyNoticeText);
    }
    if (method === 'GET' && path === `/contests/${slug}/leaderboard`) {
      if (this.scoresHidden()) return this.json(200, { provisional: true, actual: this.leaderboard.actual, entries: [], scoreShownAt: this.contest.endsAt });
      if (!me) return this.json(200, this.leaderboard);
      const own = [...this.leaderboardOwners].find(([, owner]) => owner === me.id)?.[0] ?? null;
      return this.json(200, { ...this.leaderboard, entries: this.leaderboard.entries.map((e) => (e.rank === own ? { ...e, you: true } : e)), you: { rank: own } });
    }
    const roundRoute = /^\/contests\/[^/]+\/rounds\/([^/]+)\/(leaderboard|results)$/.exec(path);
    if (method === 'GET' && roundRoute) {
      const [, roundId, what] = roundRoute;
      if (!this.contest.rounds.some((r) => r.id === roundId)) return this.error(404, 'NOT_FOUND', 'Không tìm thấy vòng thi');
      if (what === 'leaderboard') return this.json(200, this.roundLeaderboards.get(roundId!) ?? { provisional: true, actual: 0, entries: [] });
      const results = this.roundResults.get(roundId!);
      return results ? this.json(200, results) : this.error(404, 'NOT_PUBLISHED', 'Kết quả của vòng chưa được công bố');
    }
    if (method === 'GET' && path === `/contests/${slug}/results`) {
      return this.results ? this.json(200, this.results) : this.error(404, 'NOT_PUBLISHED', 'Kết quả chưa được công bố');
    }
    if (method === 'POST' && path === `/contests/${slug}/phone-codes`) {
      if (!this.contest.phoneVerification) return this.error(409, 'CONFLICT', 'Cuộc thi này không yêu cầu xác minh số điện thoại');
      const refusal = this.refusePhoneCode;
      this.refusePhoneCode = null;
      if (refusal) return this.error(refusal.status, refusal.code, refusal.message, refusal.fields);
      if (!/^0[35789]\d{8}$/.test(body.phone)) return this.error(400, 'VALIDATION', 'Dữ liệu gửi lên chưa hợp lệ', { phone: 'Số điện thoại di động không hợp lệ' });
      this.phoneCodes.set(body.phone, '123456');
      const now = Date.now();
      return this.json(202, {
        expiresAt: new Date(now + 600_000).toISOString(),
        resendAfter: new Date(now + this.resendSeconds * 1000).toISOString(),
        now: new Date(now).toISOString(),
      });
    }
    if (method === 'POST' && path === `/contests/${slug}/contestants`) {
      if (this.contest.phoneVerification) {
        const sent = this.phoneCodes.get(body.phone);
        const problem = !body.phoneCode
          ? 'Vui lòng nhập «Mã xác minh» gồm 6 chữ số đã gửi tới số điện thoại của bạn'
          : !sent
            ? 'Chưa có «Mã xác minh» nào được gửi tới số điện thoại này. Vui lòng bấm «Gửi mã xác minh»'
            : sent !== body.phoneCode
              ? '«Mã xác minh» không đúng. Bạn còn 4 lần nhập'
              : null;
        if (problem) return this.error(400, 'VALIDATION', 'Chưa xác minh được số điện thoại', { phoneCode: problem });
        this.phoneCodes.delete(body.phone);
      }
      if (body.idNumber === '034090009999') return this.error(409, 'ALREADY_REGISTERED', 'Số định danh này đã được đăng ký dự thi.');
      if (body.fullName === 'Máy Chủ Từ Chối') {
        return this.error(400, 'VALIDATION', 'Thông tin đăng ký chưa hợp lệ.', { phone: 'Số điện thoại đã được dùng (máy chủ).' });
      }
      const id = `c${this.nextId++}`;
      const tokenValue = `token-${id}`;
      this.contestants.set(tokenValue, { id, fullName: body.fullName, idNumber: body.idNumber, phone: body.phone, birthDate: body.birthDate, unitId: body.unitId });
      return this.json(201, { contestant: { id, fullName: body.fullName, unitId: body.unitId }, token: tokenValue });
    }
    if (method === 'POST' && path === `/contests/${slug}/sessions`) {
      for (const [tokenValue, c] of this.contestants) {
        if (c.idNumber === body.idNumber && c.phone === body.phone && c.birthDate === body.birthDate) {
          return this.json(200, { contestant: { id: c.id, fullName: c.fullName }, token: tokenValue });
        }
      }
      return this.error(401, 'UNAUTHORIZED', 'Thông tin đăng nhập không khớp với hồ sơ đã đăng ký.');
    }
    if (!me) return this.error(401, 'UNAUTHORIZED', 'Bạn cần đăng nhập.');
    if (method === 'DELETE' && path === `/contests/${slug}/sessions`) {
      this.contestants.delete(token!);
      return new Response(null, { status: 204 });
    }
    if (method === 'GET' && path === `/contests/${slug}/me/data`) {
      return this.json(200, { profile: { ...me }, attempts: mine, sessions: [{ createdAt: new Date().toISOString() }], audit: [], dataRequests: this.dataRequests });
    }
    if (method === 'POST' && path === `/contests/${slug}/me/data-requests`) {
      const receivedAt = new Date();
      return this.json(201, { id: 'r1', kind: body.kind, message: body.message, status: 'open', receivedAt: receivedAt.toISOString(), dueAt: new Date(receivedAt.getTime() + 15 * 86_400_000).toISOString(), answer: null, answeredAt: null } satisfies DataRequestView);
    }
    if (method === 'DELETE' && path === `/contests/${slug}/me`) {
      if (body?.confirm !== true) return this.error(400, 'VALIDATION', 'Dữ liệu gửi lên chưa hợp lệ', { confirm: 'Cần xác nhận «confirm: true» để xoá dữ liệu' });
      if (this.retainErasure) {
        return this.error(409, 'RETAINED', 'Bạn có tên trong danh sách đoạt giải đã công bố: Ban Tổ chức phải lưu giữ thông tin để trao giải. Yêu cầu xoá của bạn đã được chuyển đến Ban Tổ chức.');
      }
      for (const [key, contestant] of this.contestants) if (contestant.id === me.id) this.contestants.delete(key);
      for (const a of mine) this.attempts.delete(a.id);
      return this.json(200, { erasedAt: new Date().toISOString() } satisfies ErasureView);
    }
    const submitted = mine.filter((a) => a.status === 'submitted');
    const summary = (a: FakeAttempt) => ({
      id: a.id, status: a.status, score: a.score ?? null, total: a.total ?? null, durationMs: a.durationMs ?? null, startedAt: a.startedAt, submittedAt: a.submittedAt ?? null,
    });
    const remaining = this.maxAttempts === null ? null : Math.max(0, this.maxAttempts - mine.length);
    if (method === 'GET' && path === `/contests/${slug}/me`) {
      const best = [...submitted].sort((a, b) => (b.score ?? 0) - (a.score ?? 0))[0];
      if (this.scoresHidden()) {
        return this.json(200, {
          contestant: { id: me.id, fullName: me.fullName, unitId: me.unitId },
          attempts: mine.map(summary).map(({ score: _score, ...withheld }) => withheld),
          remainingAttempts: remaining,
          best: null,
          rank: null,
          inProgress: mine.find((a) => a.status === 'inProgress')?.id ?? null,
          scoreShownAt: this.contest.endsAt,
        });
      }
      return this.json(200, {
        contestant: { id: me.id, fullName: me.fullName, unitId: me.unitId },
        attempts: mine.map(summary),
        remainingAttempts: remaining,
        best: best ? summary(best) : null,
        // The caller's own rank, as the server finds it from the token.
        rank: [...this.leaderboardOwners].find(([, owner]) => owner === me.id)?.[0] ?? null,
        inProgress: mine.find((a) => a.status === 'inProgress')?.id ?? null,
        ...(this.myRounds ? { rounds: this.myRounds } : {}),
      });
    }
    if (method === 'POST' && path === `/contests/${slug}/attempts`) {
      if (this.contest.status !== 'open') return this.error(409, 'CONTEST_NOT_OPEN', 'Cuộc thi chưa mở hoặc đã kết thúc.');
      if (this.contest.rounds.length && !this.contest.currentRoundId) return this.error(409, 'CONTEST_NOT_OPEN', 'Hiện không có vòng thi nào đang mở.');
      const open = mine.find((a) => a.status === 'inProgress');
      if (open) return this.json(200, this.view(open));
      if (challengeProblem) return this.error(400, 'VALIDATION', 'Chưa xác minh được yêu cầu bắt đầu làm bài, vui lòng thử lại', { challenge: challengeProblem });
      if (remaining === 0) return this.error(409, 'ATTEMPT_LIMIT', 'Bạn đã dùng hết số lượt thi.');
      if (body.challenge) this.spentChallenges.add(body.challenge.salt);
      const now = Date.now();
      const attempt: FakeAttempt = {
        id: `a${this.nextId++}`, contestantId: me.id, status: 'inProgress', startedAt: new Date(now).toISOString(),
        deadline: new Date(now + this.timeLimitMs).toISOString(), now: new Date(now).toISOString(), questions: QUESTIONS, answers: {},
        answerKeyShown: false,
      };
      this.attempts.set(attempt.id, attempt);
      return this.json(201, this.view(attempt));
    }
    const attemptMatch = /^\/attempts\/([^/]+)(\/answers|\/submit)?$/.exec(path);
    const attempt = attemptMatch ? this.attempts.get(attemptMatch[1]) : undefined;
    if (attemptMatch && (!attempt || attempt.contestantId !== me.id)) return this.error(404, 'NOT_FOUND', 'Không tìm thấy bài thi');
    if (attempt && method === 'GET' && !attemptMatch![2]) return this.json(200, this.view(attempt));
    if (attempt && method === 'PUT' && attemptMatch![2] === '/answers') {
      if (attempt.status !== 'inProgress') return this.error(409, 'ATTEMPT_CLOSED', 'Bài thi đã kết thúc.');
      attempt.answers = { ...attempt.answers, ...body.answers };
      return this.json(200, { saved: Object.keys(body.answers).length, now: new Date().toISOString() });
    }
    if (attempt && method === 'POST' && attemptMatch![2] === '/submit') {
      if (attempt.status === 'inProgress') {
        attempt.answers = { ...attempt.answers, ...(body.answers ?? {}) };
        this.score(attempt, false);
        attempt.prediction = body.prediction ?? null;
      }
      if (this.scoresHidden()) return this.json(200, this.received(attempt));
      return this.json(200, { id: attempt.id, status: 'submitted', score: attempt.score, total: attempt.total, durationMs: attempt.durationMs, submittedAt: attempt.submittedAt });
    }
    return this.error(404, 'NOT_FOUND', `no route ${method} ${path}`);
  }

  private score(attempt: FakeAttempt, autoSubmitted: boolean) {
    const now = Math.min(Date.now(), Date.parse(attempt.deadline));
    attempt.status = 'submitted';
    attempt.autoSubmitted = autoSubmitted;
    attempt.total = attempt.questions.length;
    attempt.score = attempt.questions.filter((q) => attempt.answers[q.id] === `${q.id}a`).length;
    attempt.durationMs = now - Date.parse(attempt.startedAt);
    attempt.submittedAt = new Date(now).toISOString();
    const contestant = [...this.contestants.values()].find((c) => c.id === attempt.contestantId)!;
    this.leaderboard = {
      ...this.leaderboard,
      entries: [
        { rank: 1, name: 'Trần Thị Bình', unit: 'Sở Tư pháp', score: 5, total: 5, durationMs: 60_000 },
        { rank: 2, name: contestant.fullName, unit: 'Sở Thông tin và Truyền thông', score: attempt.score, total: attempt.total, durationMs: attempt.durationMs },
        // Another person with the same name: only the caller's own row may be marked as theirs.
        { rank: 3, name: contestant.fullName, unit: 'UBND huyện Vũ Thư', score: 0, total: attempt.total, durationMs: 900_000 },
      ],
    };
    this.leaderboardOwners = new Map([[1, 'someone-else'], [2, contestant.id], [3, 'namesake']]);
  }

  private finaliseOverdue() {
    for (const attempt of this.attempts.values()) {
      if (attempt.status === 'inProgress' && Date.now() > Date.parse(attempt.deadline)) this.score(attempt, true);
    }
  }
}
