import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('lets a burst through, then refuses with the wait until the next token, then refills', () => {
    let now = 0;
    const bucket = new TokenBucket(2, 3, () => now);
    expect([bucket.take(), bucket.take(), bucket.take()].every((t) => t.ok)).toBe(true);
    expect(bucket.take()).toEqual({ ok: false, retryAfterMs: 500 });
    now = 250;
    expect(bucket.take()).toEqual({ ok: false, retryAfterMs: 250 });
    now = 500;
    expect(bucket.take()).toEqual({ ok: true });
    now = 60_000;
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()].map((t) => t.ok)).toEqual([true, true, true, false]);
  });
});
