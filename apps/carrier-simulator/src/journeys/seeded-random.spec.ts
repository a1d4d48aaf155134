import { hashOf, SeededRandom } from './seeded-random';

describe('SeededRandom', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const take = (seed: string) => {
      const r = new SeededRandom(seed);
      return Array.from({ length: 5 }, () => r.next());
    };
    expect(take('parcelstream')).toEqual(take('parcelstream'));
    expect(take('parcelstream')).not.toEqual(take('parcelstream-2'));
  });

  it('stays in range and is roughly uniform', () => {
    const r = new SeededRandom('uniform');
    const buckets = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) {
      const x = r.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      buckets[Math.floor(x * 4)]! += 1;
    }
    for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(600);
  });

  it('int, pick and weighted stay within their choices', () => {
    const r = new SeededRandom('choices');
    const ints = new Set(Array.from({ length: 500 }, () => r.int(2, 4)));
    expect([...ints].sort()).toEqual([2, 3, 4]);
    expect(['a', 'b']).toContain(r.pick(['a', 'b']));
    const counts = { x: 0, y: 0 };
    for (let i = 0; i < 10_000; i++) counts[r.weighted([['x', 9], ['y', 1]] as const)] += 1;
    expect(counts.x / 10_000).toBeCloseTo(0.9, 1);
    expect(() => r.pick([])).toThrow(RangeError);
  });

  it('hashOf is stable and separates its parts', () => {
    expect(hashOf('a', 'bc')).toBe(hashOf('a', 'bc'));
    expect(hashOf('a', 'bc')).not.toBe(hashOf('ab', 'c'));
  });
});
