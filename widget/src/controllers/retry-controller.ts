import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError } from '../api-client.js';

/**
 * How long to wait before trying again after `failures` failures in a row: what Retry-After asked
 * for, else backoff doubling from a second up to 30 s; then up to half as long again at random, so
 * a crowd told the same wait does not come back in the same second (decision 0031).
 */
export function retryDelayMs(error: unknown, failures: number, random: () => number = Math.random): number {
  const asked = error instanceof ApiError ? error.retryAfterSeconds : null;
  const base = asked !== null ? asked * 1000 : Math.min(1000 * 2 ** Math.max(0, failures - 1), 30_000);
  return Math.round(base * (1 + random() * 0.5));
}

/**
 * Tries an action again after the server asked to wait (503 or 429 with Retry-After, jittered;
 * decision 0031), re-rendering its host every second so the wait it shows counts down. One action
 * waits at a time; a new one replaces it.
 */
export class RetryController implements ReactiveController {
  /** Failures in a row of the action now waiting. */
  failures = 0;
  private retryAt: number | null = null;
  private timer?: ReturnType<typeof setTimeout>;
  private ticker?: ReturnType<typeof setInterval>;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Whether an action is waiting for its next try. */
  get waiting(): boolean {
    return this.retryAt !== null;
  }

  /** Whole seconds until the next try (at least 1 while waiting). */
  get secondsLeft(): number {
    return this.retryAt === null ? 0 : Math.max(1, Math.ceil((this.retryAt - performance.now()) / 1000));
  }

  /** Runs `action` once the wait `error` asks for has passed. */
  later(error: unknown, action: () => void): void {
    this.cancel();
    this.failures += 1;
    const delay = retryDelayMs(error, this.failures);
    this.retryAt = performance.now() + delay;
    this.ticker = setInterval(() => this.host.requestUpdate(), 1000);
    this.timer = setTimeout(() => {
      this.cancel();
      this.host.requestUpdate();
      action();
    }, delay);
    this.host.requestUpdate();
  }

  /** Stops waiting; `done` also forgets the failures (the action succeeded or was given up). */
  cancel(done = false): void {
    clearTimeout(this.timer);
    clearInterval(this.ticker);
    this.retryAt = null;
    if (done) this.failures = 0;
  }

  hostDisconnected(): void {
    this.cancel(true);
  }
}
