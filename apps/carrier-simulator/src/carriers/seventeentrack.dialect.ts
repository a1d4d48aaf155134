import type { Milestone } from '../journeys/milestone';
import type { CarrierEvent, DialectCode, ExpectedMeaning } from './carrier-event';
import type { PushDialect } from './carrier-dialect';
import { seventeentrackHeaders } from './webhook-signing';

const inTransit: ExpectedMeaning = { status: 'IN_TRANSIT' };
const delivered: ExpectedMeaning = { status: 'DELIVERED' };
const customsHeld: ExpectedMeaning = { status: 'EXCEPTION', substatus: 'EXCEPTION.CUSTOMS_HELD' };

/** 17TRACK's `sub_status` per milestone (its vocabulary is coarser: several milestones share one) */
const SUB_STATUSES: Readonly<Record<Milestone, [subStatus: string, expected: ExpectedMeaning]>> = {
  LABEL_CREATED: ['InfoReceived', { status: 'INFO_RECEIVED', substatus: 'INFO_RECEIVED.LABEL_CREATED' }],
  PICKED_UP: ['InTransit_PickedUp', { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.PICKED_UP' }],
  ARRIVED_AT_FACILITY: ['InTransit_Other', inTransit],
  DEPARTED_ORIGIN_FACILITY: ['InTransit_Other', inTransit],
  DEPARTED_ORIGIN_COUNTRY: ['InTransit_Departure', { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.DEPARTED_ORIGIN_COUNTRY' }],
  IN_LINE_HAUL: ['InTransit_Other', inTransit],
  ARRIVED_DESTINATION_COUNTRY: ['InTransit_Arrival', { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.ARRIVED_DESTINATION_COUNTRY' }],
  CUSTOMS_PROCESSING: ['InTransit_CustomsProcessing', { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.CUSTOMS_PROCESSING' }],
  CUSTOMS_HELD: ['InTransit_CustomsRequiringInformation', customsHeld],
  DUTIES_DUE: ['InTransit_CustomsRequiringInformation', customsHeld],
  CUSTOMS_RELEASED: ['InTransit_CustomsReleased', { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.CUSTOMS_RELEASED' }],
  HANDED_TO_LAST_MILE: ['InTransit_Other', inTransit],
  OUT_FOR_DELIVERY: ['OutForDelivery_Other', { status: 'OUT_FOR_DELIVERY', substatus: 'OUT_FOR_DELIVERY.WITH_COURIER' }],
  ATTEMPT_FAILED: ['DeliveryFailure_NoBody', { status: 'ATTEMPT_FAIL', substatus: 'ATTEMPT_FAIL.RECIPIENT_UNAVAILABLE' }],
  AT_PICKUP_POINT: ['AvailableForPickup_Other', { status: 'AVAILABLE_FOR_PICKUP', substatus: 'AVAILABLE_FOR_PICKUP.AT_PICKUP_POINT' }],
  DELIVERED_SIGNED: ['Delivered_Other', delivered],
  DELIVERED_LEFT_AT_DOOR: ['Delivered_Other', delivered],
  COLLECTED_BY_RECIPIENT: ['Delivered_Other', delivered],
  RETURNING: ['Exception_Returning', { status: 'RETURNING', substatus: 'RETURNING.TO_SENDER' }],
  RETURNED: ['Exception_Returned', { status: 'RETURNED', substatus: 'RETURNED.TO_SENDER' }],
};

const PROVIDERS = {
  ORIGIN: { key: 3011, name: 'Simulated origin post' },
  DESTINATION: { key: 5011, name: 'Simulated destination post' },
} as const;

/**
 * The 17TRACK-style push (`sim-seventeen`): one number per request, `TRACKING_UPDATED` with the events of
 * the origin and destination posts as two providers (newest first), `sub_status` codes, the delivery
 * window in `time_metrics`; signed by the `sign` header. No event ids, no delivery id (the platform
 * de-duplicates a re-push by its body). Duties and hand-overs have no field in this style.
 */
export class SeventeentrackDialect implements PushDialect {
  readonly style = 'seventeentrack-push' as const;
  readonly carriesEventIds = false;
  readonly maxEventsPerRequest = 500;

  codeOf(milestone: Milestone): DialectCode {
    const [rawCode, expected] = SUB_STATUSES[milestone];
    return { rawCode, expected };
  }

  unmappedCode(n: number): DialectCode {
    return { rawCode: `InTransit_SimUndocumented${n}`, expected: { status: 'UNKNOWN' } };
  }

  requestKey(event: CarrierEvent): string {
    return event.trackingNumber;
  }

  render(events: readonly CarrierEvent[]): string {
    const first = events[0];
    if (!first) throw new RangeError('a tracking update needs at least one event');
    const latest = events[events.length - 1] as CarrierEvent;
    const eta = [...events].reverse().find((e) => e.estimatedDelivery)?.estimatedDelivery;
    const byProvider = new Map<keyof typeof PROVIDERS, CarrierEvent[]>();
    for (const e of events) {
      const provider = e.place.countryCode === e.originCountryCode ? 'ORIGIN' : 'DESTINATION';
      byProvider.set(provider, [...(byProvider.get(provider) ?? []), e]);
    }
    return JSON.stringify({
      event: 'TRACKING_UPDATED',
      data: {
        number: first.trackingNumber,
        carrier: 190_271,
        track_info: {
          latest_status: { status: latest.code.rawCode.split('_')[0], sub_status: latest.code.rawCode },
          ...(eta ? { time_metrics: { estimated_delivery_date: { from: eta.from, to: eta.to } } } : {}),
          tracking: {
            providers: [...byProvider].map(([provider, list]) => ({
              provider: PROVIDERS[provider],
              events: [...list].reverse().map((e) => ({
                time_iso: e.occurredAt,
                description: e.description,
                location: [e.place.city, e.place.countryCode].join(', '),
                sub_status: e.code.rawCode,
                address: { country: e.place.countryCode, ...(e.place.region ? { state: e.place.region } : {}), city: e.place.city },
              })),
            })),
          },
        },
      },
    });
  }

  signatureHeaders(rawBody: string, secret: Buffer): Record<string, string> {
    return { 'content-type': 'application/json', ...seventeentrackHeaders(secret, rawBody) };
  }
}
