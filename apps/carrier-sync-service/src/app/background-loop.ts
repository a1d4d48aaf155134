import { Logger } from '@nestjs/common';

/**
 * A worker's loop: runs `round` until stopped; `round` returns how long to wait before the next one.
 * `wake()` cuts the wait short (new work arrived). A failing round is logged and retried after `idleMs`.
 */
export class BackgroundLoop {
  private running?: Promise<void>;
  private stopped = false;
  private wakeUp?: () => void;
  private woken = false;
  private readonly log: Logger;

  constructor(
    private readonly name: string,
    private readonly round: () => Promise<number>,
    private readonly idleMs: number,
  ) {
    this.log = new Logger(name);
  }

  start(): void {
    if (this.running) return;
    this.stopped = false;
    this.running = this.loop();
  }

  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.running;
    this.running = undefined;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let waitMs = this.idleMs;
      try {
        waitMs = await this.round();
      } catch (e) {
        this.log.warn(`${this.name} round failed: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (this.stopped) break;
      if (this.woken) {
        this.woken = false;
        if (waitMs > 0) continue;
      }
      if (waitMs > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, waitMs);
          this.wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeUp = undefined;
        this.woken = false;
      }
    }
  }
}
