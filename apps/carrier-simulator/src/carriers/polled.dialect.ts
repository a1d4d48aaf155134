import type { Milestone } from '../journeys/milestone';
import type { CarrierEvent, DialectCode, ExpectedMeaning } from './carrier-event';
import type { PolledDialect as PolledDialectContract } from './carrier-dialect';

/** one-letter codes (carrier-sync's polled mapping); the style has no "collected by the recipient": S */
const LETTERS: Readonly<Record<Milestone, [letter: string, expected: ExpectedMeaning]>> = {
  LABEL_CREATED: ['M', { status: 'INFO_RECEIVED', substatus: 'INFO_RECEIVED.LABEL_CREATED' }],
  PICKED_UP: ['A', { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.PICKED_UP' }],
  ARRIVED_AT_FACILITY: ['F', { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.ARRIVED_AT_FACILITY' }],
  DEPARTED_ORIGIN_FACILITY: ['D', { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.DEPARTED_ORIGIN_FACILITY' }],
  DEPARTED_ORIGIN_COUNTRY: ['E', { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.DEPARTED_ORIGIN_COUNTRY' }],
  IN_LINE_HAUL: ['L', { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.IN_LINE_HAUL' }],
  ARRIVED_DESTINATION_COUNTRY: ['I', { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.ARRIVED_DESTINATION_COUNTRY' }],
  CUSTOMS_PROCESSING: ['C', { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.CUSTOMS_PROCESSING' }],
  CUSTOMS_HELD: ['H', { status: 'EXCEPTION', substatus: 'EXCEPTION.CUSTOMS_HELD' }],
  DUTIES_DUE: ['P', { status: 'EXCEPTION', substatus: 'EXCEPTION.DUTIES_UNPAID' }],
  CUSTOMS_RELEASED: ['R', { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.CUSTOMS_RELEASED' }],
  HANDED_TO_LAST_MILE: ['T', { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.HANDED_TO_LAST_MILE' }],
  OUT_FOR_DELIVERY: ['O', { status: 'OUT_FOR_DELIVERY', substatus: 'OUT_FOR_DELIVERY.WITH_COURIER' }],
  ATTEMPT_FAILED: ['N', { status: 'ATTEMPT_FAIL', substatus: 'ATTEMPT_FAIL.RECIPIENT_UNAVAILABLE' }],
  AT_PICKUP_POINT: ['K', { status: 'AVAILABLE_FOR_PICKUP', substatus: 'AVAILABLE_FOR_PICKUP.AT_PICKUP_POINT' }],
  DELIVERED_SIGNED: ['S', { status: 'DELIVERED', substatus: 'DELIVERED.SIGNED' }],
  DELIVERED_LEFT_AT_DOOR: ['V', { status: 'DELIVERED', substatus: 'DELIVERED.LEFT_AT_DOOR' }],
  COLLECTED_BY_RECIPIENT: ['S', { status: 'DELIVERED', substatus: 'DELIVERED.SIGNED' }],
  RETURNING: ['B', { status: 'RETURNING', substatus: 'RETURNING.TO_SENDER' }],
  RETURNED: ['Z', { status: 'RETURNED', substatus: 'RETURNED.TO_SENDER' }],
};

/** letters the polled mapping leaves free: the `unmapped-code` fault uses them */
const UNUSED_LETTERS = ['Q', 'J', 'U', 'W', 'Y'];

/**
 * The polled carrier (`sim-poll`): its tracking API answers `{ page, pages, shipments: [{ no, evts: [{ id,
 * c, t, d, loc, eta?, duty?, nxt? }] }] }` with one-letter codes (see carrier-api/).
 */
export class PolledDialect implements PolledDialectContract {
  readonly style = 'polled' as const;
  readonly carriesEventIds = true;

  codeOf(milestone: Milestone): DialectCode {
    const [rawCode, expected] = LETTERS[milestone];
    return { rawCode, expected };
  }

  unmappedCode(n: number): DialectCode {
    return { rawCode: UNUSED_LETTERS[n % UNUSED_LETTERS.length] as string, expected: { status: 'UNKNOWN' } };
  }

  renderEvent(e: CarrierEvent): Record<string, unknown> {
    return {
      id: e.eventId,
      c: e.code.rawCode,
      t: e.occurredAt,
      d: e.description,
      loc: { city: e.place.city, cc: e.place.countryCode },
      ...(e.estimatedDelivery ? { eta: { from: e.estimatedDelivery.from, to: e.estimatedDelivery.to } } : {}),
      ...(e.duties ? { duty: { amt: e.duties.amount, cur: e.duties.currency, by: e.duties.payer } } : {}),
      ...(e.next ? { nxt: { carrier: e.next.carrierCode, no: e.next.trackingNumber } } : {}),
    };
  }
}
