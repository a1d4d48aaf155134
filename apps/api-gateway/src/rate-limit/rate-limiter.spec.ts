import { randomUUID } from 'node:crypto';
import { RedisRateLimiter } from './rate-limiter';

/** Against the machine's real Redis (REDIS_URL, else 127.0.0.1:6379), database 12, a subject of its own per test. */
const REDIS_URL = process.env.RATE_LIMIT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/12';
const WINDOW_SECONDS = 600; // no window boundary inside a test

describe('RedisRateLimiter: fixed windows in Redis, tokens leased in batches for busy subjects (real Redis)', () => {
  const limiters: RedisRateLimiter[] = [];
  /** what the limiters reported (a Redis failure lets requests through, so it must not pass unseen here) */
  const errors: unknown[] = [];
  const replica = async (windowSeconds = WINDOW_SECONDS) => {
    const l = new RedisRateLimiter(REDIS_URL, windowSeconds, (e) => errors.push(e));
    limiters.push(l);
    for (let i = 0; ; i++) {
      try {
        await l.ping(); // connected (no offline queue: a command before that fails)
        break;
      } catch (e) {
        if (i === 100) throw e;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    return l;
  };
  /** the Redis round trips a limiter makes (the real command, counted) */
  const roundTrips = (l: RedisRateLimiter) => {
    const redis = (l as unknown as { redis: { leaseTokens: (...a: unknown[]) => Promise<unknown> } }).redis;
    const calls = { n: 0 };
    const real = redis.leaseTokens.bind(redis);
    redis.leaseTokens = (...a: unknown[]) => {
      calls.n++;
      return real(...a);
    };
    return calls;
  };
  const hits = async (l: RedisRateLimiter, subject: string, limit: number, n: number) => {
    const decisions = [];
    for (let i = 0; i < n; i++) decisions.push(await l.hit(subject, limit));
    return decisions;
  };

  afterEach(() => expect(errors).toEqual([]));

  afterAll(() => {
    for (const l of limiters) l.close();
  });

  it('a limit under 200 is exact, one round trip per request: the limit-th is allowed, the next refused with Retry-After', async () => {
    const l = await replica();
    const trips = roundTrips(l);
    const subject = `test:${randomUUID()}`;
    const decisions = await hits(l, subject, 120, 121);
    expect(decisions.slice(0, 120).every((d) => d.allowed)).toBe(true);
    expect(decisions.map((d) => d.remaining).slice(0, 3)).toEqual([119, 118, 117]);
    expect(decisions[119]).toMatchObject({ allowed: true, remaining: 0 });
    expect(decisions[120]).toMatchObject({ allowed: false, remaining: 0 });
    expect(decisions[120].retryAfterSeconds).toBeGreaterThan(WINDOW_SECONDS - 5);
    expect(decisions[120].retryAfterSeconds).toBeLessThanOrEqual(WINDOW_SECONDS);
    expect(trips.n).toBe(121);
  });

  it('a busy subject leases its tokens: exactly the limit allowed on one replica, with far fewer round trips', async () => {
    const l = await replica();
    const trips = roundTrips(l);
    const subject = `test:${randomUUID()}`;
    const decisions = await hits(l, subject, 5_000, 5_100); // leases of 1, 2, 4, … up to 50 (1 % of the limit)
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5_000);
    expect(decisions.slice(5_000).every((d) => !d.allowed)).toBe(true);
    expect(decisions.slice(0, 5_000).every((d) => d.allowed)).toBe(true);
    // remaining counts down by one per request (what Redis has left plus this replica's unused tokens)
    expect(decisions.slice(0, 200).map((d) => d.remaining)).toEqual(Array.from({ length: 200 }, (_, i) => 4_999 - i));
    expect(trips.n).toBeLessThan(250); // ~106 leases for 5,000, then one trip per refused request
  });

  it('replicas share the budget: side by side they never admit more than the limit, and hold at most 1 % each unused', async () => {
    const [a, b] = [await replica(), await replica()];
    const subject = `test:${randomUUID()}`;
    let allowed = 0;
    for (let i = 0; i < 6_000; i++) {
      const batch = await Promise.all([a.hit(subject, 5_000), b.hit(subject, 5_000), a.hit(subject, 5_000)]);
      allowed += batch.filter((d) => d.allowed).length;
    }
    expect(allowed).toBeLessThanOrEqual(5_000);
    expect(allowed).toBeGreaterThanOrEqual(5_000 - 2 * 50);
  });

  it('another subject, or the next window, starts from a full budget', async () => {
    const l = await replica(2);
    const subject = `test:${randomUUID()}`;
    while (Date.now() % 2_000 > 200) await new Promise((r) => setTimeout(r, 10)); // at a window's start
    const first = await hits(l, subject, 3, 4);
    expect(first.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect((await l.hit(`test:${randomUUID()}`, 3)).allowed).toBe(true);
    await new Promise((r) => setTimeout(r, 2_000));
    expect((await hits(l, subject, 3, 3)).every((d) => d.allowed)).toBe(true);
  });
});
