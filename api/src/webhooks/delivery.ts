/**
 * Sends the webhook outbox (db/webhooks.ts, decision 0040): at least once, signed, with a timeout,
 * tried again with back-off for 24 hours. `deliverDueWebhooks` sends what is due at the clock's
 * time once; the server runs it on a timer (`startWebhookWorker`), tests call it with a fake clock.
 */
import { createHmac } from 'node:crypto';
import type { ClaimedDelivery, TryOutcome } from '../db/webhooks.js';
import type { Clock } from '../domain/contest.js';
import { DELIVERY_TIMEOUT_MS, SIGNATURE_HEADER } from '../domain/webhooks.js';
import type { WebhookOutbox } from '../store/store.js';

/** The signature header's value for `body` sent at `unixSeconds`: `t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`. */
export function signatureHeader(secret: string, unixSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

export interface WebhookDeliveryDeps {
  /** The store's outbox (`store.webhooks.outbox`): SQLite or PostgreSQL. */
  outbox: WebhookOutbox;
  clock: Clock;
  /** In [0, 1): spreads the back-off. */
  random?: () => number;
  /** How long a receiver has to answer (DELIVERY_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Deliveries sent at once, at most. */
  batch?: number;
  /** Aborts the tries in flight (shutdown): an aborted try is not recorded; its lease runs out and it is sent again. */
  signal?: AbortSignal;
}

/** How long a log line of a failure may be. */
const ERROR_LENGTH = 200;
/** The delivery log keeps delivered and given-up deliveries this long. */
const LOG_DAYS = 30;

/** One try: a POST of the stored body, signed at the time of sending; a 2xx answer is a delivery. */
async function sendOnce(delivery: ClaimedDelivery, now: Date, timeoutMs: number, stop: AbortSignal | undefined): Promise<TryOutcome | null> {
  const t = Math.floor(now.getTime() / 1000);
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(delivery.url, {
      method: 'POST',
      // Redirects are not followed: the body and its signature go only where the organiser said.
      redirect: 'manual',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'de-an-06-quiz-webhooks/1',
        [SIGNATURE_HEADER]: signatureHeader(delivery.secret, t, delivery.body),
        'X-De-An-06-Event': delivery.type,
        'X-De-An-06-Delivery': delivery.id,
      },
      body: delivery.body,
      signal: stop ? AbortSignal.any([timeout, stop]) : timeout,
    });
    await response.body?.cancel().catch(() => {});
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
    return { ok: false, status: response.status, error: `Nơi nhận trả mã ${response.status}` };
  } catch (error) {
    if (stop?.aborted) return null;
    if (timeout.aborted) return { ok: false, status: null, error: `Nơi nhận không trả lời trong ${Math.round(timeoutMs / 1000)} giây` };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
    return { ok: false, status: null, error: `Không kết nối được tới nơi nhận (${String(reason).slice(0, ERROR_LENGTH)})` };
  }
}

/**
 * Sends every delivery due at the clock's time now (up to `batch`), in parallel, and records each
 * try; answers how many were tried. The claim is committed before anything is sent (the
 * outbox's promise), so no event leaves before it is durable.
 */
export async function deliverDueWebhooks(deps: WebhookDeliveryDeps): Promise<number> {
  const { outbox, clock } = deps;
  const timeoutMs = deps.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  const random = deps.random ?? Math.random;
  const claimed = await outbox.claimDue(clock(), timeoutMs + 30_000, deps.batch ?? 20);
  await Promise.all(
    claimed.map(async (delivery) => {
      const outcome = await sendOnce(delivery, clock(), timeoutMs, deps.signal);
      if (outcome === null || deps.signal?.aborted) return;
      await outbox.recordTry(delivery, outcome, clock(), random());
    }),
  );
  return claimed.length;
}

export interface WebhookWorker {
  /** Stops the timer and aborts tries in flight; resolves once nothing more is written. */
  stop(): Promise<void>;
}

/**
 * Runs `deliverDueWebhooks` every `intervalMs` while something is due (one indexed read when
 * nothing is), and prunes the delivery log once an hour. Errors (a busy database) are reported and
 * the next turn tries again.
 */
export function startWebhookWorker(deps: Omit<WebhookDeliveryDeps, 'signal'> & { intervalMs?: number; onError?: (error: unknown) => void }): WebhookWorker {
  const stopping = new AbortController();
  let running: Promise<void> | null = null;
  let prunedAt = 0;
  const turn = async () => {
    const now = deps.clock();
    // Rounds that closed since the last turn go into the outbox first (once each, decision 0041); a
    // failure here (a busy database) is reported and tried again next turn, without holding up deliveries.
    try {
      await deps.outbox.announceClosedRounds(now);
    } catch (error) {
      (deps.onError ?? ((e) => console.error('[webhook]', e instanceof Error ? e.message : e)))(error);
    }
    if (now.getTime() - prunedAt >= 3_600_000) {
      prunedAt = now.getTime();
      await deps.outbox.prune(new Date(now.getTime() - LOG_DAYS * 86_400_000));
    }
    while (!stopping.signal.aborted && (await deps.outbox.anyDue(deps.clock()))) {
      if ((await deliverDueWebhooks({ ...deps, signal: stopping.signal })) === 0) break;
    }
  };
  const timer = setInterval(() => {
    if (running || stopping.signal.aborted) return;
    running = turn()
      .catch((error: unknown) => (deps.onError ?? ((e) => console.error('[webhook]', e instanceof Error ? e.message : e)))(error))
      .finally(() => {
        running = null;
      });
  }, deps.intervalMs ?? 1000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      stopping.abort();
      await running;
    },
  };
}
