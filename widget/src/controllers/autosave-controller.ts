import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError, type Answers } from '../api-client.js';
import { retryDelayMs } from './retry-controller.js';

export type SaveState = 'unsaved' | 'saving' | 'saved';

export interface AutosaveOptions {
  /** Sends a batch of answers; resolves once the server acknowledged them. */
  save: (answers: Answers) => Promise<unknown>;
  /** Where unacknowledged answers survive a reload or a closed tab. */
  storageKey?: string;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Saves each answer as soon as it is chosen. Batches what piles up while a request is in flight,
 * keeps unacknowledged answers in localStorage, and retries transient failures with exponential
 * backoff, or after the server's Retry-After when it is overloaded (jittered) — at once when the
 * browser reports it is back online.
 */
export class AutosaveController implements ReactiveController {
  /** Called once when the server refuses a save because the attempt is over. */
  onClosed?: () => void;

  readonly states = new Map<string, SaveState>();
  /** True while the browser says it is offline or the last request never got an answer. */
  offline = !navigator.onLine;
  closed = false;
  /** True while the server answers that it is overloaded (503 or 429): answers wait here meanwhile. */
  busy = false;
  /** When the next retry is due (performance.now() time), or null. */
  retryAt: number | null = null;

  private pending: Answers = {};
  private inFlight = false;
  private failures = 0;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: AutosaveOptions,
  ) {
    this.baseDelayMs = options.baseDelayMs ?? 1000;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    host.addController(this);
  }

  /** Marks what the server already holds, and re-queues anything a previous page left unsaved. */
  restore(saved: Answers): Answers {
    for (const questionId of Object.keys(saved)) this.states.set(questionId, 'saved');
    const left = this.readStored();
    for (const [questionId, optionId] of Object.entries(left)) {
      if (saved[questionId] !== optionId) this.pending[questionId] = optionId;
    }
    for (const questionId of Object.keys(this.pending)) this.states.set(questionId, 'unsaved');
    if (Object.keys(this.pending).length) void this.flush();
    return { ...saved, ...this.pending };
  }

  enqueue(questionId: string, optionId: string): void {
    if (this.closed) return;
    this.pending[questionId] = optionId;
    this.states.set(questionId, 'unsaved');
    this.persist();
    this.host.requestUpdate();
    void this.flush();
  }

  get unsavedCount(): number {
    return Object.keys(this.pending).length;
  }

  /** Answers chosen but not yet acknowledged, to send along with the submission. */
  get unsaved(): Answers {
    return { ...this.pending };
  }

  /** Forgets the stored queue once the attempt is submitted. */
  clear(): void {
    this.pending = {};
    this.cancelRetry();
    if (this.options.storageKey) {
      try {
        localStorage.removeItem(this.options.storageKey);
      } catch {
        // storage unavailable (private mode): nothing was kept
      }
    }
  }

  async flush(): Promise<void> {
    if (this.inFlight || this.closed) return;
    const batch = { ...this.pending };
    if (!Object.keys(batch).length) return;
    this.cancelRetry();
    this.inFlight = true;
    for (const questionId of Object.keys(batch)) this.states.set(questionId, 'saving');
    this.host.requestUpdate();
    let succeeded = false;
    try {
      await this.options.save(batch);
      succeeded = true;
      this.failures = 0;
      this.offline = !navigator.onLine;
      this.busy = false;
      for (const [questionId, optionId] of Object.entries(batch)) {
        // a newer choice made while this batch was in flight stays queued
        if (this.pending[questionId] === optionId) {
          delete this.pending[questionId];
          this.states.set(questionId, 'saved');
        } else {
          this.states.set(questionId, 'unsaved');
        }
      }
      this.persist();
    } catch (error) {
      for (const questionId of Object.keys(batch)) this.states.set(questionId, 'unsaved');
      if (error instanceof ApiError && error.code === 'ATTEMPT_CLOSED') {
        this.closed = true;
        this.onClosed?.();
      } else if (!(error instanceof ApiError) || error.transient) {
        if (error instanceof ApiError && error.status === 0) this.offline = true;
        this.busy = error instanceof ApiError && error.busy;
        this.failures += 1;
        this.scheduleRetry(error);
      }
    } finally {
      this.inFlight = false;
      this.host.requestUpdate();
    }
    if (succeeded && Object.keys(this.pending).length) void this.flush();
  }

  hostConnected(): void {
    window.addEventListener('online', this.handleOnline);
    window.addEventListener('offline', this.handleOffline);
  }

  hostDisconnected(): void {
    window.removeEventListener('online', this.handleOnline);
    window.removeEventListener('offline', this.handleOffline);
    this.cancelRetry();
  }

  private readonly handleOnline = () => {
    this.offline = false;
    this.failures = 0;
    this.host.requestUpdate();
    void this.flush();
  };

  private readonly handleOffline = () => {
    this.offline = true;
    this.host.requestUpdate();
  };

  private scheduleRetry(error: unknown): void {
    const delay =
      error instanceof ApiError && error.retryAfterSeconds !== null
        ? retryDelayMs(error, this.failures)
        : Math.min(this.baseDelayMs * 2 ** (this.failures - 1), this.maxDelayMs);
    this.retryAt = performance.now() + delay;
    this.retryTimer = setTimeout(() => {
      this.retryAt = null;
      void this.flush();
    }, delay);
  }

  private cancelRetry(): void {
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.retryAt = null;
  }

  private persist(): void {
    if (!this.options.storageKey) return;
    try {
      if (Object.keys(this.pending).length) localStorage.setItem(this.options.storageKey, JSON.stringify(this.pending));
      else localStorage.removeItem(this.options.storageKey);
    } catch {
      // storage unavailable: the queue still lives in memory
    }
  }

  private readStored(): Answers {
    if (!this.options.storageKey) return {};
    try {
      const raw = localStorage.getItem(this.options.storageKey);
      return raw ? (JSON.parse(raw) as Answers) : {};
    } catch {
      return {};
    }
  }
}
