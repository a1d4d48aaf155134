import { MAX_FUTURE_SKEW_MS, sellerUpdateErrors, sellerUpdateRefusal } from './seller-tracking-update';

describe('seller tracking updates', () => {
  const now = new Date('2025-11-26T10:00:00Z');

  it('only on live SELLER-model shipments', () => {
    expect(sellerUpdateRefusal({ fulfillmentModel: 'SELLER', status: 'IN_TRANSIT' })).toBeNull();
    expect(sellerUpdateRefusal({ fulfillmentModel: 'PLATFORM', status: 'IN_TRANSIT' })).toMatchObject({ reason: 'NOT_SELLER_FULFILLED' });
    expect(sellerUpdateRefusal({ fulfillmentModel: 'SELLER', status: 'CANCELLED' })).toMatchObject({ reason: 'SHIPMENT_CANCELLED' });
  });

  it('accepts a sub-status of its status and a time with an offset', () => {
    expect(sellerUpdateErrors({ status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.PICKED_UP', occurredAt: '2025-11-26T17:30:00+08:00' }, now)).toEqual([]);
    expect(sellerUpdateErrors({ status: 'DELIVERED', occurredAt: '2025-11-26T09:00:00Z' }, now)).toEqual([]);
  });

  it.each([
    [{ status: 'IN_TRANSIT', substatus: 'DELIVERED.SIGNED', occurredAt: '2025-11-26T09:00:00Z' }, 'substatus', /not a sub-status of IN_TRANSIT/],
    [{ status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.TELEPORTED', occurredAt: '2025-11-26T09:00:00Z' }, 'substatus', /not a known sub-status/],
    [{ status: 'IN_TRANSIT', occurredAt: new Date(now.getTime() + MAX_FUTURE_SKEW_MS + 1000).toISOString() }, 'occurredAt', /future/],
  ] as const)('refuses %j', (update, field, message) => {
    const errors = sellerUpdateErrors(update, now);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ field });
    expect(errors[0]?.message).toMatch(message);
  });
});
