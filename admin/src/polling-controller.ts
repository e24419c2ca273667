import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Runs `task` now and then every `intervalMs()` while the host is in the page and the page is
 * visible: a hidden tab stops asking the server, and catches up as soon as it is shown again.
 * The next run is scheduled only after the previous one settles, so slow answers never pile up.
 */
export class PollingController implements ReactiveController {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private connected = false;
  private running = false;
  /** A refresh asked for while a run was under way: run again as soon as it settles. */
  private again = false;

  constructor(
    host: ReactiveControllerHost,
    private readonly task: () => Promise<void>,
    private readonly intervalMs: () => number,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    document.addEventListener('visibilitychange', this.onVisibility);
    if (!document.hidden) void this.run();
  }

  hostDisconnected(): void {
    this.connected = false;
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.stop();
  }

  /** Runs the task now (a manual refresh, or new inputs) and restarts the interval from here. */
  async refresh(): Promise<void> {
    await this.run();
  }

  private readonly onVisibility = (): void => {
    if (document.hidden) this.stop();
    else void this.run();
  };

  private stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async run(): Promise<void> {
    if (!this.connected) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.stop();
    this.running = true;
    try {
      await this.task();
    } finally {
      this.running = false;
      if (this.again) {
        this.again = false;
        void this.run();
      } else if (this.connected && !document.hidden) {
        this.timer = setTimeout(() => void this.run(), this.intervalMs());
      }
    }
  }
}
