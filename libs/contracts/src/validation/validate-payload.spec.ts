import { OrderCreatedEvent } from '../events/order-events';
import { TrackingEventNormalizedEvent } from '../events/tracking-events';
import { PayloadValidationError, validatePayload } from './validate-payload';

const orderCreated = {
  orderId: '0b7e5c1e-5f43-4c1a-9d7e-2f1c3b4a5d6e',
  orderNumber: 'PS-7KQ2-9XMD-4TAB',
  buyerId: 'buyer-1',
  sellerId: 'seller-1',
  items: [{ sku: 'SKU-1', quantity: 2 }],
  shipFromCountryCode: 'CN',
  shipToCountryCode: 'DE',
  shipToCity: 'Berlin',
  createdAt: '2026-11-25T08:00:00.000Z',
};

describe('validatePayload', () => {
  it('returns the payload, typed as the contract class (the valid JSON object itself, not a copy)', () => {
    const event = validatePayload(OrderCreatedEvent, orderCreated);
    expect(event).toBe(orderCreated);
    expect(event.items[0].quantity).toBe(2);
  });

  it('refuses personal data the contract does not name (street address)', () => {
    expect(() => validatePayload(OrderCreatedEvent, { ...orderCreated, line1: '1 Main St' })).toThrow(PayloadValidationError);
  });

  it('reports nested field errors with their path', () => {
    try {
      validatePayload(OrderCreatedEvent, { ...orderCreated, items: [{ sku: 'A', quantity: 0 }] });
      fail('expected an error');
    } catch (e) {
      expect((e as PayloadValidationError).errors).toEqual([{ field: 'items.0.quantity', message: 'quantity must not be less than 1' }]);
    }
  });

  it('keeps the carrier time with its original offset and refuses a bad one', () => {
    const base = {
      eventId: 'sim-post:1',
      carrierCode: 'sim-post',
      trackingNumber: 'RB123456785GB',
      status: 'IN_TRANSIT',
      rawCode: 'EXP',
      description: 'Departed',
      occurredAt: '2026-11-25T09:30:00+08:00',
      source: 'CARRIER',
      receivedAt: '2026-11-25T01:31:00Z',
    };
    expect(validatePayload(TrackingEventNormalizedEvent, base).occurredAt).toBe('2026-11-25T09:30:00+08:00');
    expect(() => validatePayload(TrackingEventNormalizedEvent, { ...base, occurredAt: 'yesterday' })).toThrow(/occurredAt/);
    expect(() => validatePayload(TrackingEventNormalizedEvent, { ...base, status: 'LOST' })).toThrow(/status/);
  });

  it('refuses a payload that is not an object', () => {
    expect(() => validatePayload(OrderCreatedEvent, [1])).toThrow(/JSON object/);
  });
});
