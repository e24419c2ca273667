import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Counts down to a server-given instant. The time left is `target − serverNow` as the server saw it,
 * measured from the moment the response arrived with `performance.now()`: the device's wall clock,
 * which may be wrong by minutes, is never read. Shaped like Lit's ClockController.
 */
export class CountdownController implements ReactiveController {
  /** Called once when the countdown reaches zero. */
  onExpire?: () => void;

  private leftAtAnchor = 0;
  private anchor: number | null = null;
  private interval?: ReturnType<typeof setInterval>;
  private lastSecond = -1;
  private expired = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly tickMs = 250,
  ) {
    host.addController(this);
  }

  /** Starts counting down to `targetIso`, the server's clock reading `serverNowIso` right now. */
  start(targetIso: string, serverNowIso: string): void {
    this.leftAtAnchor = Date.parse(targetIso) - Date.parse(serverNowIso);
    this.anchor = performance.now();
    this.expired = false;
    this.lastSecond = -1;
    this.schedule();
    this.host.requestUpdate();
  }

  stop(): void {
    this.anchor = null;
    this.clear();
  }

  get running(): boolean {
    return this.anchor !== null;
  }

  /** Milliseconds left, never negative. */
  get remainingMs(): number {
    if (this.anchor === null) return 0;
    return Math.max(0, this.leftAtAnchor - (performance.now() - this.anchor));
  }

  hostConnected(): void {
    if (this.anchor !== null) this.schedule();
  }

  hostDisconnected(): void {
    this.clear();
  }

  private schedule(): void {
    this.clear();
    this.interval = setInterval(() => this.tick(), this.tickMs);
    this.tick();
  }

  private tick(): void {
    const left = this.remainingMs;
    const second = Math.ceil(left / 1000);
    if (second !== this.lastSecond) {
      this.lastSecond = second;
      this.host.requestUpdate();
    }
    if (left <= 0 && !this.expired) {
      this.expired = true;
      this.clear();
      this.onExpire?.();
    }
  }

  private clear(): void {
    if (this.interval !== undefined) clearInterval(this.interval);
    this.interval = undefined;
  }
}
