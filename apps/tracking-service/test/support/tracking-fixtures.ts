import { ShipmentCreatedEvent, Topics, TrackingEventNormalizedEvent, type NormalizedTrackingEvent, type ShipmentCreated } from '@parcelstream/contracts';
import { cloudEventMessage, type CloudEventMessage } from '@parcelstream/testing';
import { randomUUID } from 'node:crypto';

export const HOUR = 3_600_000;

/** ISO-8601 in a carrier's local offset (e.g. `+08:00`), as carriers send it. */
export function localIso(ms: number, offset = '+00:00'): string {
  const sign = offset.startsWith('-') ? -1 : 1;
  const [h, m] = offset.slice(1).split(':').map(Number);
  return `${new Date(ms + sign * (h * 60 + m) * 60_000).toISOString().slice(0, 19)}${offset}`;
}

export function shipmentCreated(overrides: Partial<ShipmentCreated> = {}): ShipmentCreated {
  return {
    shipmentId: randomUUID(),
    orderId: randomUUID(),
    orderNumber: `PS-${code()}-${code()}-${code()}`,
    sellerId: 'seller-a',
    buyerId: 'buyer-a',
    carrierCode: 'sim-post',
    trackingNumber: `RB${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}GB`,
    fulfillmentModel: 'SELLER',
    liability: 'SELLER',
    items: [{ sku: 'MUG-BLUE', quantity: 1 }],
    originCountryCode: 'CN',
    destinationCountryCode: 'DE',
    createdAt: new Date().toISOString(),
    ...overrides,
  };
}

function code() {
  return Math.random().toString(36).slice(2, 6).toUpperCase().padEnd(4, 'X').replace(/[^0-9A-Z]/g, 'X');
}

export function checkpoint(base: Partial<NormalizedTrackingEvent> & Pick<NormalizedTrackingEvent, 'trackingNumber' | 'status'>): NormalizedTrackingEvent {
  return {
    eventId: randomUUID(),
    carrierCode: 'sim-post',
    rawCode: base.status === 'UNKNOWN' ? 'ZZ' : base.status.slice(0, 3),
    description: `${base.status} ${base.substatus ?? ''}`.trim(),
    occurredAt: new Date().toISOString(),
    source: 'CARRIER',
    receivedAt: new Date().toISOString(),
    ...base,
  };
}

export const createdMessage = (s: ShipmentCreated): CloudEventMessage => cloudEventMessage(Topics.ShipmentEvents, ShipmentCreatedEvent.type, s.shipmentId, s);
export const normalizedMessage = (e: NormalizedTrackingEvent, id?: string): CloudEventMessage =>
  cloudEventMessage(Topics.NormalizedTrackingEvents, TrackingEventNormalizedEvent.type, e.shipmentId ?? `${e.carrierCode}:${e.trackingNumber}`, e, id);
