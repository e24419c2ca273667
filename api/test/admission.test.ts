import { afterEach, describe, expect, it } from 'vitest';
import { configFromEnv } from '../src/config.js';
import { admissionClass, admissionDecision, createAdmission, DEFAULT_ADMISSION, type AdmissionSettings } from '../src/http/admission.js';

const settings: AdmissionSettings = {
  attempt: { maxInFlight: 10, maxLagMs: 400 },
  other: { maxInFlight: 4, maxLagMs: 100 },
  retryAfterSeconds: 3,
  lagNeedsInFlight: 2,
};

describe('admission classes', () => {
  it('puts the work of an attempt in progress first, health checks and preflights outside any bound', () => {
    expect(admissionClass('PUT', '/api/attempts/a1b2/answers')).toBe('attempt');
    expect(admissionClass('POST', '/api/attempts/a1b2/submit')).toBe('attempt');
    expect(admissionClass('GET', '/api/attempts/a1b2')).toBe('attempt');
    expect(admissionClass('GET', '/api/health')).toBe('always');
    expect(admissionClass('OPTIONS', '/api/contests/x/attempts')).toBe('always');
    for (const [method, path] of [
      ['POST', '/api/contests/x/attempts'],
      ['POST', '/api/contests/x/contestants'],
      ['POST', '/api/contests/x/sessions'],
      ['GET', '/api/contests/x/leaderboard'],
      ['GET', '/api/contests/x'],
      ['GET', '/api/admin/contests/x/stats'],
      ['DELETE', '/api/attempts/a1b2'],
      ['POST', '/api/attempts/a1b2/submit/extra'],
    ] as const) {
      expect(admissionClass(method, path), `${method} ${path}`).toBe('other');
    }
  });
});

describe('admission decision', () => {
  it('admits below both bounds', () => {
    expect(admissionDecision('other', { inFlight: 3, lagMs: 99 }, settings)).toEqual({ admit: true });
    expect(admissionDecision('attempt', { inFlight: 9, lagMs: 399 }, settings)).toEqual({ admit: true });
  });

  it('sheds starts, registrations and reads first, while an attempt still gets through', () => {
    for (const signals of [{ inFlight: 4, lagMs: 0 }, { inFlight: settings.lagNeedsInFlight, lagMs: 100 }, { inFlight: 9, lagMs: 399 }]) {
      expect(admissionDecision('other', signals, settings)).toEqual({ admit: false, retryAfterSeconds: 3 });
      expect(admissionDecision('attempt', signals, settings)).toEqual({ admit: true });
    }
  });

  it('sheds the work of an attempt only past its own, higher bound, asking it back after a second', () => {
    expect(admissionDecision('attempt', { inFlight: 10, lagMs: 0 }, settings)).toEqual({ admit: false, retryAfterSeconds: 1 });
    expect(admissionDecision('attempt', { inFlight: settings.lagNeedsInFlight, lagMs: 400 }, settings)).toEqual({ admit: false, retryAfterSeconds: 1 });
  });

  it('never refuses a lone visitor because the machine is busy with something else', () => {
    const few = settings.lagNeedsInFlight - 1;
    expect(admissionDecision('other', { inFlight: few, lagMs: 10_000 }, settings)).toEqual({ admit: true });
    expect(admissionDecision('attempt', { inFlight: few, lagMs: 10_000 }, settings)).toEqual({ admit: true });
  });

  it('always admits health checks and preflights', () => {
    expect(admissionDecision('always', { inFlight: 1e6, lagMs: 1e6 }, settings)).toEqual({ admit: true });
  });
});

describe('admission of a process', () => {
  const admissions: ReturnType<typeof createAdmission>[] = [];
  afterEach(() => admissions.splice(0).forEach((a) => a.stop()));

  it('counts what it admitted until released, and refuses with 503 OVERLOADED and a Vietnamese message', () => {
    const admission = createAdmission({ ...settings, other: { maxInFlight: 1, maxLagMs: 1e9 }, attempt: { maxInFlight: 2, maxLagMs: 1e9 } });
    admissions.push(admission);
    expect(admission.enter('GET', '/api/contests/x')).toBeNull();
    const refusal = admission.enter('POST', '/api/contests/x/attempts');
    expect(refusal).toMatchObject({ code: 'OVERLOADED', status: 503, extra: { retryAfterSeconds: 3 } });
    expect(refusal!.message).toMatch(/quá nhiều người truy cập/);
    expect(admission.enter('PUT', '/api/attempts/a/answers')).toBeNull();
    expect(admission.enter('PUT', '/api/attempts/a/answers')).toMatchObject({ code: 'OVERLOADED' });
    expect(admission.enter('GET', '/api/health')).toBeNull();
    expect(admission.signals.inFlight).toBe(3);
    admission.release();
    admission.release();
    admission.release();
    expect(admission.enter('POST', '/api/contests/x/attempts')).toBeNull();
  });

  it('admits everything when turned off, still counting', () => {
    const admission = createAdmission(null);
    for (let i = 0; i < 1000; i++) expect(admission.enter('POST', '/api/contests/x/attempts')).toBeNull();
    expect(admission.signals.inFlight).toBe(1000);
  });
});

describe('admission settings', () => {
  it('defaults to the measured bounds, and ADMISSION=off turns it off', () => {
    expect(configFromEnv({}).admission).toEqual(DEFAULT_ADMISSION);
    expect(configFromEnv({ ADMISSION: 'off' }).admission).toBeNull();
  });

  it('reads every bound from the environment', () => {
    const config = configFromEnv({
      ADMISSION_MAX_IN_FLIGHT: '50',
      ADMISSION_MAX_LAG_MS: '900',
      ADMISSION_OTHER_MAX_IN_FLIGHT: '5',
      ADMISSION_OTHER_MAX_LAG_MS: '90',
      ADMISSION_RETRY_AFTER_SECONDS: '7',
      ADMISSION_LAG_MIN_IN_FLIGHT: '3',
    });
    expect(config.admission).toEqual({ attempt: { maxInFlight: 50, maxLagMs: 900 }, other: { maxInFlight: 5, maxLagMs: 90 }, retryAfterSeconds: 7, lagNeedsInFlight: 3 });
  });

  it('refuses to start with the attempt bound below the other one, or a bound that is not a number', () => {
    expect(() => configFromEnv({ ADMISSION_MAX_IN_FLIGHT: '10', ADMISSION_OTHER_MAX_IN_FLIGHT: '20' })).toThrow(/ưu tiên/);
    expect(() => configFromEnv({ ADMISSION_OTHER_MAX_LAG_MS: 'nhiều' })).toThrow(/ADMISSION_OTHER_MAX_LAG_MS/);
  });

  it('keeps an idle connection longer than a proxy does, and the headers timeout above it', () => {
    expect(configFromEnv({}).connections).toEqual({ keepAliveTimeoutMs: 65_000, headersTimeoutMs: 66_000, requestTimeoutMs: 120_000 });
    expect(configFromEnv({ KEEP_ALIVE_TIMEOUT_SECONDS: '200' }).connections).toEqual({
      keepAliveTimeoutMs: 200_000,
      headersTimeoutMs: 201_000,
      requestTimeoutMs: 202_000,
    });
  });
});
