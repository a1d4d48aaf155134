import Redis from 'ioredis';

export interface RateDecision {
  allowed: boolean;
  remaining: number;
  /** seconds until the window resets */
  retryAfterSeconds: number;
}

// INCR the window's counter and set its expiry on first use, atomically
const SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { n, redis.call('PTTL', KEYS[1]) }`;

/**
 * Fixed-window counters in Redis, shared by every gateway replica: `limit` requests per subject per window.
 * If Redis is unreachable the gateway lets requests through (and logs): rate limiting must not become an outage.
 */
export class RedisRateLimiter {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly windowSeconds: number,
    private readonly onError: (e: unknown) => void = () => undefined,
  ) {
    this.redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 1000 });
    this.redis.on('error', (e) => this.onError(e));
  }

  async hit(subject: string, limit: number): Promise<RateDecision> {
    const windowMs = this.windowSeconds * 1000;
    const window = Math.floor(Date.now() / windowMs);
    try {
      const [count, ttl] = (await this.redis.eval(SCRIPT, 1, `ratelimit:${subject}:${window}`, String(windowMs))) as [number, number];
      const retryAfterSeconds = Math.max(1, Math.ceil((ttl > 0 ? ttl : windowMs) / 1000));
      return { allowed: count <= limit, remaining: Math.max(0, limit - count), retryAfterSeconds };
    } catch (e) {
      this.onError(e);
      return { allowed: true, remaining: limit, retryAfterSeconds: 0 };
    }
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  close(): void {
    this.redis.disconnect();
  }
}
