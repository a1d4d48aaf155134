/**
 * Synthetic cross-border journeys as carrier-sync publishes them: `NormalizedTrackingEvent` payloads
 * (libs/contracts) on `carrier.tracking-events.normalized.v1`, key = shipment id, CloudEvents 1.0 binary
 * headers as carrier-sync's outbox writes them. Deterministic: shipment i, step j always gives the same event.
 */
import { createHash, randomUUID } from 'node:crypto';

export const NORMALIZED_TOPIC = 'carrier.tracking-events.normalized.v1';
export const NORMALIZED_TYPE = 'parcelstream.tracking-event.normalized.v1';
export const STATUS_TOPIC = 'tracking.shipment.status.v1';
const HOUR = 3_600_000;

const ORIGIN = { city: 'Shenzhen', region: 'GD', countryCode: 'CN', facility: 'SZX hub 3', offset: '+08:00' };
const DESTINATION = { city: 'Frankfurt', region: 'HE', countryCode: 'DE', facility: 'FRA gateway', offset: '+01:00' };
const FIRST = [
  { status: 'INFO_RECEIVED', substatus: 'INFO_RECEIVED.LABEL_CREATED', rawCode: 'LBL', place: ORIGIN },
  { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.PICKED_UP', rawCode: 'PU', place: ORIGIN, eta: true },
];
const MIDDLE = [
  { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.DEPARTED_ORIGIN_FACILITY', rawCode: 'DOF', place: ORIGIN },
  { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.DEPARTED_ORIGIN_COUNTRY', rawCode: 'DOC', place: ORIGIN },
  { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.IN_LINE_HAUL', rawCode: 'LH', place: ORIGIN },
  { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.ARRIVED_DESTINATION_COUNTRY', rawCode: 'ADC', place: DESTINATION },
  { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.CUSTOMS_PROCESSING', rawCode: 'CP', place: DESTINATION },
  { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.CUSTOMS_RELEASED', rawCode: 'CR', place: DESTINATION },
];
const LAST = [
  { status: 'OUT_FOR_DELIVERY', substatus: 'OUT_FOR_DELIVERY.WITH_COURIER', rawCode: 'OFD', place: DESTINATION },
  { status: 'DELIVERED', substatus: 'DELIVERED.SIGNED', rawCode: 'DLV', place: DESTINATION },
];

/** The steps of a journey of `length` events (≥ 4): label, pick-up, transit scans, out for delivery, delivered. */
export function journeySteps(length) {
  if (length < 4) throw new Error('a journey needs at least 4 events');
  const middle = Array.from({ length: length - FIRST.length - LAST.length }, (_, i) => MIDDLE[i % MIDDLE.length]);
  return [...FIRST, ...middle, ...LAST];
}

/** A deterministic UUID (v4 layout) from a name, so reruns address the same shipments. */
export function uuidOf(name) {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const waybillOf = (i) => `BN${String(i).padStart(9, '0')}GB`;

function localIso(ms, offset) {
  const sign = offset.startsWith('-') ? -1 : 1;
  const [h, m] = offset.slice(1).split(':').map(Number);
  return `${new Date(ms + sign * (h * 60 + m) * 60_000).toISOString().slice(0, 19)}${offset}`;
}

/** Event `step` of shipment `i` (0-based), journeys starting `t0` (epoch ms), one step every 6 h. */
export function journeyEvent(i, step, steps, t0) {
  const s = steps[step];
  const at = t0 + (i % 97) * 60_000 + step * 6 * HOUR;
  const { offset, ...location } = s.place;
  const event = {
    eventId: `bench-${i}-${step}`,
    shipmentId: uuidOf(`bench-shipment-${i}`),
    carrierCode: 'sim-post',
    trackingNumber: waybillOf(i),
    status: s.status,
    substatus: s.substatus,
    rawCode: s.rawCode,
    description: `${s.substatus} (${location.city})`,
    occurredAt: localIso(at, offset),
    location,
    source: 'CARRIER',
    receivedAt: new Date(at + 5 * 60_000).toISOString(),
  };
  if (s.eta) event.estimatedDelivery = { from: new Date(t0 + 8 * 24 * HOUR).toISOString(), to: new Date(t0 + 11 * 24 * HOUR).toISOString() };
  return event;
}

/**
 * All events of `shipments` journeys of `perShipment` events, in arrival order:
 *  - `rounds`: every parcel moves one step, then the next step (what a busy carrier feed looks like);
 *  - `grouped`: one parcel's whole journey, then the next one's (a replay / back-fill);
 *  - `shuffled`: any order (seeded), which the timeline must not care about.
 */
export function journeyEvents({ shipments, perShipment, order = 'rounds', t0 = Date.UTC(2026, 0, 5, 8), firstShipment = 0 }) {
  const steps = journeySteps(perShipment);
  const events = [];
  if (order === 'grouped') {
    for (let i = 0; i < shipments; i++) for (let j = 0; j < perShipment; j++) events.push(journeyEvent(firstShipment + i, j, steps, t0));
  } else {
    for (let j = 0; j < perShipment; j++) for (let i = 0; i < shipments; i++) events.push(journeyEvent(firstShipment + i, j, steps, t0));
  }
  if (order === 'shuffled') {
    let seed = 0x2545f491;
    const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (let k = events.length - 1; k > 0; k--) {
      const r = Math.floor(next() * (k + 1));
      [events[k], events[r]] = [events[r], events[k]];
    }
  }
  return events;
}

/** A Kafka message as carrier-sync's outbox relay sends it (CloudEvents binary mode). */
export function normalizedMessage(event, now = new Date().toISOString()) {
  const id = randomUUID();
  return {
    key: event.shipmentId,
    value: JSON.stringify(event),
    headers: {
      ce_id: id,
      ce_source: '/parcelstream/carrier-sync-service',
      ce_type: NORMALIZED_TYPE,
      ce_specversion: '1.0',
      ce_time: now,
      ce_subject: event.shipmentId,
      traceparent: `00-${id.replace(/-/g, '')}-${id.replace(/-/g, '').slice(0, 16)}-01`,
      'content-type': 'application/json',
    },
  };
}
