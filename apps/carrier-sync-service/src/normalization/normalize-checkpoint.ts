import { UNKNOWN_STATUS, type EventLocation, type NormalizedTrackingEvent } from '@parcelstream/contracts';
import { createHash } from 'node:crypto';
import type { CarrierCheckpoint, Connector } from '../connectors/connector';

/**
 * A stable id for a checkpoint without a carrier event id (SPEC §3): sha256 of carrier + number + raw code +
 * UTC time + location. The same checkpoint re-sent, re-polled or re-normalised gets the same id.
 */
export function checkpointFingerprint(carrierCode: string, c: CarrierCheckpoint): string {
  const utc = new Date(c.occurredAt).toISOString();
  const place = c.location ? [c.location.countryCode, c.location.region ?? '', c.location.city ?? '', c.location.facility ?? ''].join('/') : '';
  return `fp:${createHash('sha256').update([carrierCode, c.trackingNumber, c.rawCode, utc, place].join('|')).digest('hex')}`;
}

/** Only a place's city/region/country/facility travel: never a street or a person (SPEC §3 Privacy). */
function placeOf(location: EventLocation | undefined): EventLocation | undefined {
  if (!location?.countryCode) return undefined;
  const place: EventLocation = { countryCode: location.countryCode };
  if (location.city) place.city = location.city;
  if (location.region) place.region = location.region;
  if (location.facility) place.facility = location.facility;
  return place;
}

export type NormalizedCheckpoint = Omit<NormalizedTrackingEvent, 'shipmentId'> & { mapped: boolean };

/** One carrier checkpoint in canonical form; an unmapped raw code becomes an `UNKNOWN` event (code kept). */
export function normalizeCheckpoint(carrierCode: string, connector: Connector, c: CarrierCheckpoint, receivedAt: Date): NormalizedCheckpoint {
  const mapping = connector.map(c);
  const event: NormalizedCheckpoint = {
    eventId: c.carrierEventId ?? checkpointFingerprint(carrierCode, c),
    carrierCode,
    trackingNumber: c.trackingNumber,
    status: mapping?.status ?? UNKNOWN_STATUS,
    rawCode: c.rawCode,
    description: c.description,
    occurredAt: c.occurredAt,
    source: 'CARRIER',
    receivedAt: receivedAt.toISOString(),
    mapped: mapping !== undefined,
  };
  if (mapping?.substatus) event.substatus = mapping.substatus;
  const place = placeOf(c.location);
  if (place) event.location = place;
  if (c.estimatedDelivery) event.estimatedDelivery = { from: c.estimatedDelivery.from, to: c.estimatedDelivery.to };
  if (c.nextTrackingNumber) event.nextTrackingNumber = c.nextTrackingNumber;
  if (c.nextCarrierCode) event.nextCarrierCode = c.nextCarrierCode;
  if (c.duties) event.duties = { amount: c.duties.amount, currency: c.duties.currency, payer: c.duties.payer };
  return event;
}
