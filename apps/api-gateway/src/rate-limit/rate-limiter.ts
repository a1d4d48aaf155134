import Redis from 'ioredis';

export interface RateDecision {
  allowed: boolean;
  remaining: number;
  /** seconds until the window resets */
  retryAfterSeconds: number;
}

/** Redis with the lease script as a command (EVALSHA: the script text is sent once, not with every request) */
type LeasingRedis = Redis & { leaseTokens(key: string, windowMs: string, want: string, limit: string): Promise<[number, number, number]> };

/**
 * Takes up to ARGV[2] tokens of the window's budget ARGV[3] at once: INCRBY the window's counter (its expiry set
 * on first use), grant what still fitted under the limit. Returns { granted, counter after, PTTL }.
 */
const LEASE_SCRIPT = `
local want = tonumber(ARGV[2])
local n = redis.call('INCRBY', KEYS[1], want)
if n == want then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local granted = math.max(0, math.min(want, tonumber(ARGV[3]) - (n - want)))
return { granted, n, redis.call('PTTL', KEYS[1]) }`;

/** a replica holds at most this share of a subject's window budget unused (and never more than MAX_LEASE tokens) */
const LEASE_SHARE = 0.01;
const MAX_LEASE = 64;
/** leases of past windows are dropped once this many subjects are held */
const MAX_SUBJECTS = 50_000;

interface Lease {
  window: number;
  /** tokens taken from Redis and not yet used here */
  tokens: number;
  /** the size of the last lease taken (doubles while the subject keeps using them up, up to its cap) */
  size: number;
  /** the window's budget left in Redis after the last lease (other replicas' leases included) */
  remainingInRedis: number;
  windowEndsAt: number;
}

/**
 * Fixed-window counters in Redis, shared by every gateway replica: `limit` requests per subject per window.
 * A busy subject's tokens are leased from Redis in small batches instead of one round trip per request: the
 * first lease of a window is 1 token (a subject that sends one request pays one round trip, as before), each
 * lease that is used up doubles the next, up to 1 % of the subject's limit (at most 64). So the counts stay
 * shared — a replica can only spend what it took from Redis, and never admits more than the limit in sum —
 * and a replica can hold at most 1 % of a subject's budget unused, which other replicas may then be refused
 * early; with a limit under 200 every lease is one token and the limit is exact per request, as before.
 * If Redis is unreachable the gateway lets requests through (and logs): rate limiting must not become an outage.
 */
export class RedisRateLimiter {
  private readonly redis: LeasingRedis;
  private readonly leases = new Map<string, Lease>();

  constructor(
    url: string,
    private readonly windowSeconds: number,
    private readonly onError: (e: unknown) => void = () => undefined,
  ) {
    const redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 1000 });
    redis.defineCommand('leaseTokens', { numberOfKeys: 1, lua: LEASE_SCRIPT });
    redis.on('error', (e) => this.onError(e));
    this.redis = redis as LeasingRedis;
  }

  async hit(subject: string, limit: number): Promise<RateDecision> {
    const windowMs = this.windowSeconds * 1000;
    const now = Date.now();
    const window = Math.floor(now / windowMs);
    const held = this.leases.get(subject);
    const lease = held && held.window === window ? held : undefined;
    if (lease && lease.tokens > 0) {
      lease.tokens--;
      return { allowed: true, remaining: lease.remainingInRedis + lease.tokens, retryAfterSeconds: secondsUntil(lease.windowEndsAt, now) };
    }
    const cap = Math.max(1, Math.min(MAX_LEASE, Math.floor(limit * LEASE_SHARE)));
    const want = lease ? Math.min(cap, lease.size * 2) : 1;
    try {
      const [granted, count, ttl] = await this.redis.leaseTokens(`ratelimit:${subject}:${window}`, String(windowMs), String(want), String(limit));
      const windowEndsAt = Date.now() + (ttl > 0 ? ttl : windowMs);
      const current = this.leases.get(subject);
      // requests of this subject that went to Redis side by side each add what they got
      const tokens = (current?.window === window ? current.tokens : 0) + Math.max(0, granted - 1);
      this.remember(subject, { window, tokens, size: want, remainingInRedis: Math.max(0, limit - count), windowEndsAt }, window);
      const retryAfterSeconds = secondsUntil(windowEndsAt, Date.now());
      return granted > 0 ? { allowed: true, remaining: Math.max(0, limit - count) + tokens, retryAfterSeconds } : { allowed: false, remaining: 0, retryAfterSeconds };
    } catch (e) {
      this.onError(e);
      return { allowed: true, remaining: limit, retryAfterSeconds: 0 };
    }
  }

  private remember(subject: string, lease: Lease, window: number): void {
    if (this.leases.size >= MAX_SUBJECTS && !this.leases.has(subject)) {
      for (const [s, l] of this.leases) if (l.window !== window) this.leases.delete(s);
      // still full (that many subjects in one window): the one held longest goes, its unused tokens with it
      if (this.leases.size >= MAX_SUBJECTS) this.leases.delete(this.leases.keys().next().value as string);
    }
    this.leases.set(subject, lease);
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  close(): void {
    this.redis.disconnect();
  }
}

const secondsUntil = (at: number, now: number) => Math.max(1, Math.ceil((at - now) / 1000));
