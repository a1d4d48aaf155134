export type CircuitState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

export interface CircuitBreakerOptions {
  /** consecutive failures that open the circuit */
  failureThreshold: number;
  /** how long it stays open before one trial call (half-open) */
  openMs: number;
  now?: () => number;
}

/**
 * A circuit breaker for one carrier: CLOSED counts consecutive failures and opens at the threshold; OPEN
 * refuses calls until `openMs` passed, then lets ONE trial call through (HALF_OPEN); the trial's success
 * closes it, its failure opens it again for another `openMs`.
 */
export class CircuitBreaker {
  private current: CircuitState = 'CLOSED';
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  get state(): CircuitState {
    if (this.current === 'OPEN' && this.now() - this.openedAt >= this.options.openMs) return 'HALF_OPEN';
    return this.current;
  }

  /** When a refused caller may try again (ms since epoch); now when calls are allowed. */
  get retryAt(): number {
    return this.current === 'OPEN' ? this.openedAt + this.options.openMs : this.now();
  }

  /** May a call go out now? In HALF_OPEN only one trial at a time. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'CLOSED') return true;
    if (state === 'OPEN') return false;
    if (this.trialInFlight) return false;
    this.current = 'HALF_OPEN';
    this.trialInFlight = true;
    return true;
  }

  onSuccess(): void {
    this.current = 'CLOSED';
    this.failures = 0;
    this.trialInFlight = false;
  }

  onFailure(): void {
    this.trialInFlight = false;
    if (this.current === 'HALF_OPEN') {
      this.open();
      return;
    }
    this.failures += 1;
    if (this.failures >= this.options.failureThreshold) this.open();
  }

  private open(): void {
    this.current = 'OPEN';
    this.openedAt = this.now();
    this.failures = 0;
  }
}

export class CircuitOpenError extends Error {
  constructor(
    readonly key: string,
    readonly retryAt: number,
  ) {
    super(`circuit for ${key} is open`);
    this.name = 'CircuitOpenError';
  }
}

/** One breaker per carrier, created on first use. */
export class CircuitBreakers {
  private readonly breakers = new Map<string, CircuitBreaker>();

  constructor(private readonly options: CircuitBreakerOptions) {}

  of(key: string): CircuitBreaker {
    let breaker = this.breakers.get(key);
    if (!breaker) this.breakers.set(key, (breaker = new CircuitBreaker(this.options)));
    return breaker;
  }

  states(): Record<string, CircuitState> {
    return Object.fromEntries([...this.breakers].map(([k, b]) => [k, b.state]));
  }

  /** Runs `call` through the carrier's breaker; a refused call throws CircuitOpenError without calling. */
  async run<T>(key: string, call: () => Promise<T>, isFailure: (error: unknown) => boolean = () => true): Promise<T> {
    const breaker = this.of(key);
    if (!breaker.tryAcquire()) throw new CircuitOpenError(key, breaker.retryAt);
    try {
      const result = await call();
      breaker.onSuccess();
      return result;
    } catch (e) {
      if (isFailure(e)) breaker.onFailure();
      else breaker.onSuccess();
      throw e;
    }
  }
}
