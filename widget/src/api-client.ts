import type { Prize } from '../../api/src/domain/contest.js';
import type {
  AnswersSaved,
  AttemptView,
  Challenge,
  ContestantView,
  Leaderboard as LeaderboardBody,
  LeaderboardEntry as LeaderboardEntryBody,
  Me as MeBody,
  MyAttempt,
  PhoneCodeSent as PhoneCodeSentBody,
  PublicContest,
  PublicPrivacyNotice,
  PublicResults,
  PublicUnits,
  ReceivedResult,
  Session as SessionBody,
  SignInRequest,
  SubmittedResult,
  UnitStats as UnitStatsBody,
} from '../../api/src/contract/contestant.js';
import type { RegistrationRequest } from '../../api/src/contract/contestant.js';
import type { MyRound as MyRoundBody, PublicRound } from '../../api/src/contract/rounds.js';

// The shapes of SPEC §3 are declared once, by the server's contract (api/src/contract): these are
// its types under the names the widget uses. Type-only imports cost the bundle nothing.

export type { Challenge, Prize };

export type Contest = PublicContest;
/** The privacy notice with its full text (`GET /contests/:slug/privacy-notice`). */
export type PrivacyNoticeText = PublicPrivacyNotice;
export type Unit = PublicUnits[number];
export type Contestant = ContestantView;
export type Session = SessionBody;
export type AttemptSummary = MyAttempt;
export type Me = MeBody;
export type Attempt = AttemptView;
export type Question = AttemptView['questions'][number];
export type Answers = Record<string, string>;
/**
 * A submission's result (`SubmittedResult | ReceivedResult` in the contract) read as one shape:
 * while scores wait for the close only `received` and `scoreShownAt` are there, else the score.
 */
export type SubmitResult = Pick<SubmittedResult, 'id' | 'status'> & Partial<SubmittedResult & ReceivedResult>;
export type Leaderboard = LeaderboardBody;
export type LeaderboardEntry = LeaderboardEntryBody;
export type UnitStats = UnitStatsBody[number];
export type Results = PublicResults;
export type Registration = RegistrationRequest;
export type PhoneCodeSent = PhoneCodeSentBody;
export type SignIn = SignInRequest;
export type Round = PublicRound;
export type MyRound = MyRoundBody;

/** A solved challenge: the number whose hash with the salt is the challenge. */
export interface Solution extends Omit<Challenge, 'maxnumber' | 'required'> {
  number: number;
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

  register(slug: string, body: Registration) {
    return this.request<Session>('POST', `/contests/${slug}/contestants`, body);
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
    return this.request<AnswersSaved>('PUT', `/attempts/${id}/answers`, { answers });
  }

  submit(id: string, answers: Answers, prediction: number | null) {
    const body = prediction === null ? { answers } : { answers, prediction };
    return this.request<SubmitResult>('POST', `/attempts/${id}/submit`, body);
  }

  leaderboard(slug: string, limit = 20) {
    return this.request<Leaderboard>('GET', `/contests/${slug}/leaderboard?limit=${limit}`);
  }

  /**
   * One call of the contestant API. Views in later chunks call their own routes through it, so the
   * first screen does not carry methods only they use (decision 0013).
   */
  async request<T>(method: string, path: string, body?: unknown, token = this.token): Promise<T> {
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
