import { CANONICAL, type Milestone } from '../journeys/milestone';
import type { CarrierEvent, DialectCode } from './carrier-event';
import type { DeliveryContext, PushDialect } from './carrier-dialect';
import { standardWebhookHeaders } from './webhook-signing';

/** The carrier's own short codes; the meaning is declared beside them (SPEC §5). */
const RAW_CODES: Readonly<Record<Milestone, string>> = {
  LABEL_CREATED: 'LBL',
  PICKED_UP: 'PU',
  ARRIVED_AT_FACILITY: 'ARR',
  DEPARTED_ORIGIN_FACILITY: 'DEP',
  DEPARTED_ORIGIN_COUNTRY: 'EXP',
  IN_LINE_HAUL: 'LH',
  ARRIVED_DESTINATION_COUNTRY: 'IMP',
  CUSTOMS_PROCESSING: 'CUS-P',
  CUSTOMS_HELD: 'CUS-H',
  DUTIES_DUE: 'CUS-D',
  CUSTOMS_RELEASED: 'CUS-R',
  HANDED_TO_LAST_MILE: 'HND',
  OUT_FOR_DELIVERY: 'OFD',
  ATTEMPT_FAILED: 'ATT',
  AT_PICKUP_POINT: 'PUP',
  DELIVERED_SIGNED: 'DLV-S',
  DELIVERED_LEFT_AT_DOOR: 'DLV-D',
  COLLECTED_BY_RECIPIENT: 'DLV-C',
  RETURNING: 'RTS',
  RETURNED: 'RTD',
};

/**
 * The platform's open format (SPEC §5), spoken by `sim-post` and `sim-lastmile`: events of many numbers per
 * request (up to 500), each with its id, declared status and sub-status, the hand-over's
 * `nextTrackingNumber`/`nextCarrierCode`, duties; Standard Webhooks signing.
 */
export class StandardWebhookDialect implements PushDialect {
  readonly style = 'standard-webhook' as const;
  readonly carriesEventIds = true;
  readonly maxEventsPerRequest = 500;

  codeOf(milestone: Milestone): DialectCode {
    const meaning = CANONICAL[milestone];
    return { rawCode: RAW_CODES[milestone], expected: meaning, declared: meaning };
  }

  /** a sub-status outside the canonical vocabulary: the connector maps it to nothing */
  unmappedCode(n: number): DialectCode {
    return { rawCode: `ZZ${n}`, expected: { status: 'UNKNOWN' }, declared: { status: 'IN_TRANSIT', substatus: `IN_TRANSIT.SIM_UNDOCUMENTED_${n}` } };
  }

  requestKey(): string {
    return '*';
  }

  render(events: readonly CarrierEvent[]): string {
    return JSON.stringify({
      events: events.map((e) => ({
        trackingNumber: e.trackingNumber,
        eventId: e.eventId,
        status: e.code.declared?.status,
        ...(e.code.declared?.substatus ? { substatus: e.code.declared.substatus } : {}),
        rawCode: e.code.rawCode,
        description: e.description,
        occurredAt: e.occurredAt,
        location: { city: e.place.city, ...(e.place.region ? { region: e.place.region } : {}), countryCode: e.place.countryCode, ...(e.place.facility ? { facility: e.place.facility } : {}) },
        ...(e.estimatedDelivery ? { estimatedDelivery: e.estimatedDelivery } : {}),
        ...(e.next ? { nextTrackingNumber: e.next.trackingNumber, nextCarrierCode: e.next.carrierCode } : {}),
        ...(e.duties ? { duties: e.duties } : {}),
      })),
    });
  }

  signatureHeaders(rawBody: string, secret: Buffer, context: DeliveryContext): Record<string, string> {
    return { 'content-type': 'application/json', ...standardWebhookHeaders(secret, context.deliveryId, Math.floor(context.sentAtMs / 1000), rawBody) };
  }
}
