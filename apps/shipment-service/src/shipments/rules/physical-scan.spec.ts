import { EVENT_STATUSES, type EventStatus } from '@parcelstream/contracts';
import { isPhysicalCarrierScan } from './physical-scan';

describe('isPhysicalCarrierScan', () => {
  const physical: EventStatus[] = ['IN_TRANSIT', 'OUT_FOR_DELIVERY', 'AVAILABLE_FOR_PICKUP', 'DELIVERED', 'ATTEMPT_FAIL', 'EXCEPTION', 'RETURNING', 'RETURNED'];

  it.each(EVENT_STATUSES.map((s) => [s, physical.includes(s)] as const))('a carrier %s event is a physical scan: %s', (status, expected) => {
    expect(isPhysicalCarrierScan({ source: 'CARRIER', status })).toBe(expected);
  });

  it('a seller update never is', () => {
    expect(isPhysicalCarrierScan({ source: 'SELLER', status: 'IN_TRANSIT' })).toBe(false);
  });
});
