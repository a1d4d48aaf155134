import { canTransition, isTerminal, STATUS_RANK, TRACKING_STATUSES } from './tracking-status';
import { statusOfSubstatus, TRACKING_SUBSTATUSES } from './tracking-substatus';

describe('tracking status precedence', () => {
  it.each([
    ['IN_TRANSIT', 'DELIVERED', true],
    ['DELIVERED', 'IN_TRANSIT', false],
    ['DELIVERED', 'EXCEPTION', false],
    ['RETURNED', 'IN_TRANSIT', false],
    ['OUT_FOR_DELIVERY', 'IN_TRANSIT', false],
    ['EXCEPTION', 'IN_TRANSIT', true],
    ['ATTEMPT_FAIL', 'OUT_FOR_DELIVERY', true],
    ['OUT_FOR_DELIVERY', 'ATTEMPT_FAIL', true],
    ['IN_TRANSIT', 'RETURNING', true],
    ['RETURNING', 'IN_TRANSIT', false],
    ['EXPIRED', 'IN_TRANSIT', true],
    ['PENDING', 'INFO_RECEIVED', true],
  ] as const)('%s → %s allowed: %s', (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
  });

  it('ranks every status and marks the terminal ones', () => {
    for (const s of TRACKING_STATUSES) expect(typeof STATUS_RANK[s]).toBe('number');
    expect(TRACKING_STATUSES.filter(isTerminal).sort()).toEqual(['CANCELLED', 'DELIVERED', 'EXPIRED', 'RETURNED']);
  });

  it('every sub-status starts with a canonical status', () => {
    for (const sub of TRACKING_SUBSTATUSES) {
      expect(TRACKING_STATUSES as readonly string[]).toContain(statusOfSubstatus(sub));
    }
  });
});
