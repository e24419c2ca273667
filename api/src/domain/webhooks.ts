/**
 * Signed webhooks for host sites (decision 0040): the events, the signature, which addresses an
 * endpoint may have, and when a failed delivery is tried again. Pure rules, no I/O (the console
 * imports the event names through contract/webhooks.ts). The signature is made in webhooks/delivery.ts.
 */
/**
 * What a host site may subscribe to. `round.closed` goes out once per round of a contest with
 * rounds, after the round has closed (db/rounds.ts `announceClosedRounds`, decision 0041).
 */
export const WEBHOOK_EVENTS = ['contestant.registered', 'attempt.submitted', 'results.published', 'round.closed'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** The header a delivery is signed in: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`. */
export const SIGNATURE_HEADER = 'X-De-An-06-Signature';

/** How long a delivery is tried before it is given up (from its event, or from a "gửi lại"). */
export const DELIVERY_WINDOW_MS = 24 * 3_600_000;
/** The wait after the first failed try; it doubles after each further one, up to MAX_BACKOFF_MS. */
export const FIRST_BACKOFF_MS = 30_000;
export const MAX_BACKOFF_MS = 3_600_000;
/** An endpoint is disabled after this many failed tries in a row… */
export const DISABLE_AFTER_FAILURES = 10;
/** …the first of them at least this long ago (a burst of queued events failing at once is not enough). */
export const DISABLE_AFTER_MS = 3_600_000;
/** How long the receiver has to answer a delivery. */
export const DELIVERY_TIMEOUT_MS = 10_000;

/** The body every delivery carries (its `data` per event: see db/webhooks.ts). */
export interface WebhookBody {
  id: string;
  type: WebhookEvent;
  time: string;
  contest: { slug: string };
  data: Record<string, unknown>;
}

/**
 * When the try after `failedTries` failed tries is due, `now` being the last failure: 30 s, 1 min,
 * 2 min… doubling up to an hour, each wait spread by ±25 % (`random` in [0, 1)) so endpoints that
 * failed together are not all tried again at the same instant; never later than `expiresAt`. Null
 * when the window has run out: the delivery is given up.
 */
export function nextTryAt(failedTries: number, now: number, expiresAt: number, random: number): number | null {
  if (now >= expiresAt) return null;
  const base = Math.min(FIRST_BACKOFF_MS * 2 ** Math.max(0, failedTries - 1), MAX_BACKOFF_MS);
  const wait = Math.round(base * (0.75 + 0.5 * random));
  return Math.min(now + wait, expiresAt);
}

/** Whether an endpoint failing since `failingSince` with `failures` failed tries in a row is disabled now. */
export function shouldDisable(failures: number, failingSince: number, now: number): boolean {
  return failures >= DISABLE_AFTER_FAILURES && now - failingSince >= DISABLE_AFTER_MS;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Why an endpoint's address is refused (a Vietnamese sentence), or null when it is accepted:
 * `https://` only; `http://` to a loopback host (127.0.0.1, localhost, ::1) only when the server
 * allows loopback (WEBHOOKS_ALLOW_LOOPBACK=1, for tests), and loopback never otherwise. No user
 * name or password in the address: it is listed in the console.
 */
export function webhookUrlProblem(raw: string, allowLoopback: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Địa chỉ nhận không hợp lệ, ví dụ https://bao.example.vn/webhooks/de-an-06';
  }
  if (url.username || url.password) return 'Địa chỉ nhận không được chứa tên đăng nhập hoặc mật khẩu';
  const loopback = LOOPBACK_HOSTS.has(url.hostname.toLowerCase());
  if (loopback && !allowLoopback) return 'Địa chỉ nhận không được trỏ về chính máy chủ (127.0.0.1, localhost)';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && loopback) return null;
  return 'Địa chỉ nhận phải dùng https://';
}

/** What an `attempt.submitted` event tells of the attempt. */
export interface SubmittedAttempt {
  id: string;
  contestSlug: string;
  contestantId: string;
  submittedAt: string;
  score: number;
  total: number;
  autoSubmitted: boolean;
}

/**
 * The payload of `attempt.submitted` (by the contestant or automatically at the deadline): the
 * score only while contestants themselves may see scores (`scoresVisible`, the contest's
 * revealScore), so a host site learns no more than the contestant does.
 */
export function attemptSubmittedPayload(attempt: SubmittedAttempt, more: { source: string | null; unitId: string } | null | undefined, scoresVisible: boolean) {
  return {
    attemptId: attempt.id,
    contestantId: attempt.contestantId,
    unitId: more?.unitId ?? null,
    source: more?.source ?? null,
    submittedAt: attempt.submittedAt,
    autoSubmitted: attempt.autoSubmitted,
    ...(scoresVisible ? { score: attempt.score, total: attempt.total } : {}),
  };
}
