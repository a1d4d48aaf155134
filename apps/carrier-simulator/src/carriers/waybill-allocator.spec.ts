import { validateWaybill } from '@parcelstream/carriers';
import { SIMULATED_CARRIERS } from './simulated-carriers';
import { WaybillAllocator } from './waybill-allocator';

describe('WaybillAllocator', () => {
  it.each(SIMULATED_CARRIERS.map((c) => c.code))('allocates valid, distinct %s numbers in sequence', (code) => {
    const allocator = new WaybillAllocator('seed', 'per-run', Date.parse('2026-11-20T00:00:00Z'));
    const numbers = Array.from({ length: 50 }, () => allocator.allocate(code, 'CN'));
    expect(new Set(numbers).size).toBe(50);
    for (const n of numbers) expect(validateWaybill(code, n)).toMatchObject({ valid: true });
  });

  it('S10 numbers carry the origin country; a bad country is refused', () => {
    const allocator = new WaybillAllocator('seed', 1);
    expect(allocator.allocate('sim-post', 'BR')).toMatch(/^CP00000001\dBR$/);
    expect(() => allocator.allocate('sim-post', 'XX')).toThrow(RangeError);
  });

  it('a fixed start gives the same numbers on every run; per-run starts differ between runs', () => {
    const fixed = () => new WaybillAllocator('seed', 1000).allocate('sim-track', 'CN');
    expect(fixed()).toBe(fixed());
    const runA = new WaybillAllocator('seed', 'per-run', 1_000_000).allocate('sim-track', 'CN');
    const runB = new WaybillAllocator('seed', 'per-run', 2_000_000).allocate('sim-track', 'CN');
    expect(runA).not.toBe(runB);
  });

  it('refuses carriers it does not play', () => {
    expect(() => new WaybillAllocator('seed').allocate('ups', 'US')).toThrow(RangeError);
  });
});
