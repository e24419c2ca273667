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

  private prune(nowMs: number): void {
    for (const [key, window] of this.windows) {
      if (nowMs - window.start >= this.windowMs) this.windows.delete(key);
    }
  }
}
