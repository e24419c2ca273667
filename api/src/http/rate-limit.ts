/**
 * A fixed-window counter per key. Limits are per server process; they protect against floods,
 * not against a determined distributed attacker (that is the reverse proxy's job).
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts one request; answers the seconds to wait when over the limit, else 0. */
  hit(key: string, nowMs: number): number {
    if (this.windows.size > 50_000) this.prune(nowMs);
    const window = this.windows.get(key);
    if (!window || nowMs - window.start >= this.windowMs) {
      this.windows.set(key, { start: nowMs, count: 1 });
      return 0;
    }
    window.count++;
    if (window.count <= this.limit) return 0;
    return Math.max(1, Math.ceil((window.start + this.windowMs - nowMs) / 1000));
  }

  /** The seconds to wait when `key` has used up its window's allowance, else 0; counts nothing. */
  retryAfter(key: string, nowMs: number): number {
    const window = this.windows.get(key);
    if (!window || nowMs - window.start >= this.windowMs || window.count < this.limit) return 0;
    return Math.max(1, Math.ceil((window.start + this.windowMs - nowMs) / 1000));
  }

  /** Keys counted now (each at most one window old after a prune): bounded by `prune`. */
  get size(): number {
    return this.windows.size;
  }

  private prune(nowMs: number): void {
    for (const [key, window] of this.windows) {
      if (nowMs - window.start >= this.windowMs) this.windows.delete(key);
    }
  }
}
