/**
 * A token bucket: `ratePerSec` tokens a second up to `burst`; a request takes one. `pauseUntil` honours a
 * carrier's `Retry-After` (no token is handed out before then).
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private pausedUntil = 0;

  constructor(
    private readonly ratePerSec: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.updatedAt = now();
  }

  /** Takes a token if one is there; else returns how many ms until one will be. */
  tryTake(): { ok: true } | { ok: false; waitMs: number } {
    const now = this.now();
    if (now < this.pausedUntil) return { ok: false, waitMs: this.pausedUntil - now };
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.ratePerSec);
    this.updatedAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, waitMs: Math.ceil(((1 - this.tokens) / this.ratePerSec) * 1000) };
  }

  async take(signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal?.aborted) return false;
      const attempt = this.tryTake();
      if (attempt.ok) return true;
      await new Promise((r) => setTimeout(r, attempt.waitMs));
    }
  }

  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
    this.tokens = 0;
  }
}
