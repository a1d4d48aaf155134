import { alpha3Of } from '../journeys/places';
import type { Milestone } from '../journeys/milestone';
import type { CarrierEvent, DialectCode, ExpectedMeaning } from './carrier-event';
import { tagOf, type DeliveryContext, type PushDialect } from './carrier-dialect';
import { aftershipHeaders } from './webhook-signing';

/** subtag per milestone, and what carrier-sync's aftership mapping makes of it */
const SUBTAGS: Readonly<Record<Milestone, [subtag: string, expected: ExpectedMeaning]>> = {
  LABEL_CREATED: ['InfoReceived_001', { status: 'INFO_RECEIVED', substatus: 'INFO_RECEIVED.LABEL_CREATED' }],
  PICKED_UP: ['InTransit_002', { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.PICKED_UP' }],
  ARRIVED_AT_FACILITY: ['InTransit_003', { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.ARRIVED_AT_FACILITY' }],
  DEPARTED_ORIGIN_FACILITY: ['InTransit_007', { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.DEPARTED_ORIGIN_FACILITY' }],
  DEPARTED_ORIGIN_COUNTRY: ['InTransit_008', { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.DEPARTED_ORIGIN_COUNTRY' }],
  IN_LINE_HAUL: ['InTransit_009', { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.IN_LINE_HAUL' }],
  ARRIVED_DESTINATION_COUNTRY: ['InTransit_004', { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.ARRIVED_DESTINATION_COUNTRY' }],
  CUSTOMS_PROCESSING: ['InTransit_006', { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.CUSTOMS_PROCESSING' }],
  CUSTOMS_HELD: ['Exception_004', { status: 'EXCEPTION', substatus: 'EXCEPTION.CUSTOMS_HELD' }],
  DUTIES_DUE: ['Exception_005', { status: 'EXCEPTION', substatus: 'EXCEPTION.DUTIES_UNPAID' }],
  CUSTOMS_RELEASED: ['InTransit_005', { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.CUSTOMS_RELEASED' }],
  HANDED_TO_LAST_MILE: ['InTransit_010', { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.HANDED_TO_LAST_MILE' }],
  OUT_FOR_DELIVERY: ['OutForDelivery_001', { status: 'OUT_FOR_DELIVERY', substatus: 'OUT_FOR_DELIVERY.WITH_COURIER' }],
  ATTEMPT_FAILED: ['AttemptFail_002', { status: 'ATTEMPT_FAIL', substatus: 'ATTEMPT_FAIL.RECIPIENT_UNAVAILABLE' }],
  AT_PICKUP_POINT: ['AvailableForPickup_001', { status: 'AVAILABLE_FOR_PICKUP', substatus: 'AVAILABLE_FOR_PICKUP.AT_PICKUP_POINT' }],
  DELIVERED_SIGNED: ['Delivered_003', { status: 'DELIVERED', substatus: 'DELIVERED.SIGNED' }],
  DELIVERED_LEFT_AT_DOOR: ['Delivered_004', { status: 'DELIVERED', substatus: 'DELIVERED.LEFT_AT_DOOR' }],
  COLLECTED_BY_RECIPIENT: ['Delivered_002', { status: 'DELIVERED', substatus: 'DELIVERED.PICKED_UP_BY_RECIPIENT' }],
  RETURNING: ['Exception_011', { status: 'RETURNING', substatus: 'RETURNING.TO_SENDER' }],
  RETURNED: ['Exception_012', { status: 'RETURNED', substatus: 'RETURNED.TO_SENDER' }],
};

/**
 * The aggregator-style push (AfterShip-like, `sim-track`): one tracking per request, `tracking_update` with
 * tag/subtag checkpoints (no checkpoint ids), alpha-3 countries, `next_couriers` for the hand-over, the
 * delivery id in `event_id`, `ts` in the signed body; `aftership-hmac-sha256` signing.
 */
export class AftershipDialect implements PushDialect {
  readonly style = 'aftership-push' as const;
  readonly carriesEventIds = false;
  readonly maxEventsPerRequest = 500;

  codeOf(milestone: Milestone): DialectCode {
    const [rawCode, expected] = SUBTAGS[milestone];
    return { rawCode, expected };
  }

  unmappedCode(n: number): DialectCode {
    return { rawCode: `InTransit_${900 + (n % 100)}`, expected: { status: 'UNKNOWN' } };
  }

  requestKey(event: CarrierEvent): string {
    return event.trackingNumber;
  }

  render(events: readonly CarrierEvent[], context: DeliveryContext): string {
    const first = events[0];
    if (!first) throw new RangeError('a tracking update needs at least one checkpoint');
    const latest = events[events.length - 1] as CarrierEvent;
    const eta = [...events].reverse().find((e) => e.estimatedDelivery)?.estimatedDelivery;
    const next = events.find((e) => e.next)?.next;
    return JSON.stringify({
      event: 'tracking_update',
      event_id: context.deliveryId,
      ts: Math.floor(context.sentAtMs / 1000),
      msg: {
        tracking_number: first.trackingNumber,
        slug: first.carrierCode,
        tag: tagOf(latest.code.rawCode),
        subtag: latest.code.rawCode,
        ...(eta ? { expected_delivery: eta.to } : {}),
        ...(next ? { next_couriers: [{ slug: next.carrierCode, tracking_number: next.trackingNumber }] } : {}),
        checkpoints: events.map((e) => {
          const iso3 = alpha3Of(e.place.countryCode);
          return {
            checkpoint_time: e.occurredAt,
            tag: tagOf(e.code.rawCode),
            subtag: e.code.rawCode,
            message: e.description,
            city: e.place.city,
            ...(e.place.region ? { state: e.place.region } : {}),
            ...(iso3 ? { country_iso3: iso3 } : {}),
            location: [e.place.facility, e.place.city].filter(Boolean).join(', '),
          };
        }),
      },
    });
  }

  signatureHeaders(rawBody: string, secret: Buffer): Record<string, string> {
    return { 'content-type': 'application/json', ...aftershipHeaders(secret, rawBody) };
  }
}
