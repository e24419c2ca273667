import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ApiError } from './errors.js';

/**
 * Admission control (decision 0031): past a bound on work in progress, a request is refused at
 * once with 503 OVERLOADED and Retry-After, before its body is read, rather than queued behind
 * seconds of work. Two measured signals: requests in flight in this process, and how late the event
 * loop runs (a saturated CPU shows there first, while requests still wait unread in socket buffers).
 *
 * The decision is `admissionDecision`, pure; `createAdmission` feeds it the signals.
 */

/**
 * `always`: health checks and CORS preflights (a refused preflight reaches the page as a network
 * error, Retry-After unread). `attempt`: the work of an attempt in progress (save, submit, reload
 * it), shed last. `other`: everything that begins a journey or reads public figures — practice
 * sets and their checks, and the answer page, among them (decision 0036): never counted, shed first.
 */
export type AdmissionClass = 'always' | 'attempt' | 'other';

export interface AdmissionBound {
  /** Requests in flight at which this class is refused. */
  maxInFlight: number;
  /** Event-loop delay (ms, p99 of the last sampling window) at which this class is refused. */
  maxLagMs: number;
}

export interface AdmissionSettings {
  attempt: AdmissionBound;
  other: AdmissionBound;
  /** Retry-After given to `other`; `attempt` gets a second, they are few and short. */
  retryAfterSeconds: number;
  /**
   * A late event loop refuses requests only with at least this many in flight. With fewer, the
   * lateness is not this server's queue (another process on the machine, a collection, an export
   * worker): refusing a lone visitor would relieve nothing.
   */
  lagNeedsInFlight: number;
}

export interface AdmissionSignals {
  inFlight: number;
  lagMs: number;
}

export type AdmissionDecision = { admit: true } | { admit: false; retryAfterSeconds: number };

/** Measured on the 2-core development machine with `npm run bench -- --surge` (BENCHMARKS.md). */
export const DEFAULT_ADMISSION: AdmissionSettings = {
  attempt: { maxInFlight: 256, maxLagMs: 200 },
  other: { maxInFlight: 64, maxLagMs: 50 },
  retryAfterSeconds: 3,
  lagNeedsInFlight: 8,
};

const ATTEMPT_WORK = /^\/api\/attempts\/[^/]+(\/answers|\/submit)?\/?$/;

/** Which class a request falls in, from its method and path alone (no body, no database). */
export function admissionClass(method: string, path: string): AdmissionClass {
  if (method === 'OPTIONS' || path === '/api/health' || path === '/api/ping') return 'always';
  if (ATTEMPT_WORK.test(path) && (method === 'PUT' || method === 'POST' || method === 'GET')) return 'attempt';
  return 'other';
}

export function admissionDecision(kind: AdmissionClass, signals: AdmissionSignals, settings: AdmissionSettings): AdmissionDecision {
  if (kind === 'always') return { admit: true };
  const bound = settings[kind];
  const late = signals.lagMs >= bound.maxLagMs && signals.inFlight >= settings.lagNeedsInFlight;
  if (signals.inFlight < bound.maxInFlight && !late) return { admit: true };
  return { admit: false, retryAfterSeconds: kind === 'attempt' ? 1 : settings.retryAfterSeconds };
}

export const overloaded = (retryAfterSeconds: number) =>
  new ApiError('OVERLOADED', 'Hệ thống đang có quá nhiều người truy cập cùng lúc, vui lòng thử lại sau giây lát', undefined, { retryAfterSeconds });

/** How often the event-loop delay is read (and its histogram started afresh). */
const LAG_WINDOW_MS = 200;

export interface Admission {
  /** Null when admitted (call `release` once the response is built), else the refusal to send. */
  enter(method: string, path: string): ApiError | null;
  release(): void;
  readonly signals: AdmissionSignals;
  stop(): void;
}

/** The admission of one app; `settings` null admits everything (ADMISSION=off) but still counts. */
export function createAdmission(settings: AdmissionSettings | null): Admission {
  const signals: AdmissionSignals = { inFlight: 0, lagMs: 0 };
  let histogram: ReturnType<typeof monitorEventLoopDelay> | null = null;
  let timer: ReturnType<typeof setInterval> | undefined;
  if (settings) {
    histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
    // The interval itself runs late when the loop lags; the histogram saw every delay meanwhile.
    timer = setInterval(() => {
      const h = histogram!;
      signals.lagMs = h.count > 0 ? h.percentile(99) / 1e6 : 0;
      h.reset();
    }, LAG_WINDOW_MS);
    timer.unref();
  }
  return {
    signals,
    enter(method, path) {
      const kind = admissionClass(method, path);
      if (settings) {
        const decision = admissionDecision(kind, signals, settings);
        if (!decision.admit) return overloaded(decision.retryAfterSeconds);
      }
      signals.inFlight++;
      return null;
    },
    release() {
      signals.inFlight--;
    },
    stop() {
      clearInterval(timer);
      histogram?.disable();
    },
  };
}
