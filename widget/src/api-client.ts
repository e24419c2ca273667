import type { Prize } from '../../api/src/domain/contest.js';
import type { LeaderboardEntryView, LeaderboardView, PublicContest } from '../../api/src/routes/views.js';

// Shapes of SPEC §3 as the widget uses them; type-only imports cost the bundle nothing.

export type { Prize };

/** The public contest information exactly as the server builds it (api/src/routes/views.ts). */
export type Contest = PublicContest;

export interface Unit {
  id: string;
  name: string;
  parentId: string | null;
  kind?: string | null;
}

export interface Contestant {
  id: string | number;
  fullName: string;
  unitId?: string;
}

export interface Session {
  contestant: Contestant;
  token: string;
}

export interface AttemptSummary {
  id: string;
  status: string;
  /** Absent while scores wait for the close (`revealScore: "afterClose"`). */
  score?: number | null;
  total: number | null;
  durationMs: number | null;
  startedAt: string;
  submittedAt: string | null;
}

export interface Me {
  contestant: Contestant;
  attempts: AttemptSummary[];
  remainingAttempts: number | null;
  best: AttemptSummary | null;
  inProgress: string | null;
  rank?: number | null;
  /** When scores and ranks appear, while they wait for the close. */
  scoreShownAt?: string;
}

export interface Question {
  id: string;
  text: string;
  options: { id: string; text: string }[];
}

export type Answers = Record<string, string>;

export interface Attempt {
  id: string;
  status: 'inProgress' | 'submitted';
  startedAt: string;
  deadline: string;
  now: string;
  questions: Question[];
  answers: Answers;
  score?: number;
  total?: number;
  durationMs?: number;
  submittedAt?: string;
  autoSubmitted?: boolean;
  prediction?: number | null;
  received?: boolean;
  scoreShownAt?: string;
}

/**
 * A submission's result; while scores wait for the close (`revealScore: "afterClose"`) only that it
 * was `received`, and `scoreShownAt`, the time scores and ranks appear.
 */
export interface SubmitResult {
  id: string;
  status: 'submitted';
  score?: number;
  total?: number;
  durationMs?: number;
  submittedAt: string;
  autoSubmitted?: boolean;
  rank?: number | null;
  received?: boolean;
  scoreShownAt?: string;
}

/** The leaderboard exactly as the server builds it; `you` marks the caller's row (api/src/routes/views.ts). */
export type Leaderboard = LeaderboardView;
export type LeaderboardEntry = LeaderboardEntryView;

export interface UnitStats {
  unitId: string;
  name: string;
  parentId: string | null;
  participants: number;
  attempts: number;
  rate?: number | null;
}

export interface Results {
  publishedAt: string;
  /** Scores changed after publication (a regrade) and the list is not published again yet. */
  outdated?: boolean;
  actual: number | null;
  individual: {
    prize: string;
    rank: number;
    name: string;
    unit: string;
    birthYear: number;
    score: number;
    durationMs: number;
    prediction: number | null;
  }[];
  collective: { prize: string; unit: string; participants: number; rate?: number | null; averageScore: number }[];
}

export interface Registration {
  fullName: string;
  birthDate: string;
  idNumber: string;
  phone: string;
  email?: string;
  unitId: string;
  occupation: string;
  consent: true;
  source?: string;
  /** The code sent by SMS, for a contest with `phoneVerification`. */
  phoneCode?: string;
}

/** A phone code on its way: when it stops working and when another may be asked, on the server's clock `now`. */
export interface PhoneCodeSent {
  expiresAt: string;
  resendAfter: string;
  now: string;
}

/** The proof of work asked before an attempt starts (ALTCHA's SHA-256 scheme). */
export interface Challenge {
  algorithm: string;
  challenge: string;
  maxnumber?: number;
  salt: string;
  signature: string;
}

/** A solved challenge: the number whose hash with the salt is the challenge. */
export interface Solution extends Omit<Challenge, 'maxnumber'> {
  number: number;
}

export interface SignIn {
  idNumber: string;
  phone: string;
  birthDate: string;
  /** Ends the person's other sessions (a lost or shared device). */
  endOtherSessions?: boolean;
}

/**
 * A refusal from the API (its `{error: {code, message, fields}}` shape), or `NETWORK` when no
 * answer came back at all.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
    /** The server's `Retry-After`, in seconds, when it gave one. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }

  /** Worth retrying later: no answer, rate limited, or a server fault. */
  get transient(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }

  /** The server asked to come back later: too many requests, or too many people at once (503). */
  get busy(): boolean {
    return this.status === 429 || this.status === 503;
  }
}

export type Fetch = typeof fetch;

/** The only module that talks to the network. */
export class ApiClient {
  token: string | null = null;

  constructor(
    /** Base URL of the API, without the trailing `/api`. */
    readonly base: string,
    private readonly fetchImpl: Fetch = (input, init) => globalThis.fetch(input, init),
  ) {}

  contest(slug: string) {
    return this.request<Contest>('GET', `/contests/${slug}`);
  }

  units(slug: string) {
    return this.request<Unit[]>('GET', `/contests/${slug}/units`);
  }

  register(slug: string, body: Registration) {
    return this.request<Session>('POST', `/contests/${slug}/contestants`, body);
  }

  sendPhoneCode(slug: string, phone: string) {
    return this.request<PhoneCodeSent>('POST', `/contests/${slug}/phone-codes`, { phone });
  }

  signIn(slug: string, body: SignIn) {
    return this.request<Session>('POST', `/contests/${slug}/sessions`, body);
  }

  /** Ends the session of `token` on the server (the token is passed in: the caller forgets its own copy at once). */
  endSession(slug: string, token: string) {
    return this.request<null>('DELETE', `/contests/${slug}/sessions`, undefined, token);
  }

  me(slug: string) {
    return this.request<Me>('GET', `/contests/${slug}/me`);
  }

  challenge(slug: string) {
    return this.request<Challenge>('GET', `/contests/${slug}/challenge`);
  }

  /** Starts or resumes; a new attempt needs a solved `challenge`, resuming does not. */
  startAttempt(slug: string, source: string, challenge?: Solution) {
    return this.request<Attempt>('POST', `/contests/${slug}/attempts`, { source, challenge });
  }

  attempt(id: string) {
    return this.request<Attempt>('GET', `/attempts/${id}`);
  }

  saveAnswers(id: string, answers: Answers) {
    return this.request<{ saved: number; now?: string }>('PUT', `/attempts/${id}/answers`, { answers });
  }

  submit(id: string, answers: Answers, prediction: number | null) {
    const body = prediction === null ? { answers } : { answers, prediction };
    return this.request<SubmitResult>('POST', `/attempts/${id}/submit`, body);
  }

  leaderboard(slug: string, limit = 20) {
    return this.request<Leaderboard>('GET', `/contests/${slug}/leaderboard?limit=${limit}`);
  }

  unitStats(slug: string) {
    return this.request<UnitStats[]>('GET', `/contests/${slug}/units/stats`);
  }

  results(slug: string) {
    return this.request<Results>('GET', `/contests/${slug}/results`);
  }

  private async request<T>(method: string, path: string, body?: unknown, token = this.token): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.base}/api${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'NETWORK', 'network');
    }
    const payload = await response.json().catch(() => null);
    if (!response.ok) {
      const error = payload?.error ?? {};
      throw new ApiError(
        response.status,
        error.code ?? 'HTTP_' + response.status,
        error.message ?? response.statusText,
        error.fields ?? {},
        Number(response.headers.get('retry-after')) || null,
      );
    }
    return payload as T;
  }
}
