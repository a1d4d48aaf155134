import { chunk, retryDelayMs } from './webhook-delivery';
import { retryAfterOf } from './webhook-post';

describe('webhook deliveries', () => {
  it('retry delays double from the base up to the cap', () => {
    const policy = { maxAttempts: 10, retryBaseMs: 500, retryMaxMs: 3000 };
    expect([1, 2, 3, 4, 5].map((a) => retryDelayMs(policy, a))).toEqual([500, 1000, 2000, 3000, 3000]);
  });

  it('chunks keep the order and the limit', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 100)).toEqual([]);
  });
});

describe('Retry-After', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterOf('3')).toBe(3000);
    expect(retryAfterOf(null)).toBeUndefined();
    expect(retryAfterOf('soon')).toBeUndefined();
    const at = retryAfterOf(new Date(Date.now() + 60_000).toUTCString()) ?? 0;
    expect(at).toBeGreaterThan(55_000);
    expect(at).toBeLessThanOrEqual(60_000);
  });
});
