import type { EventStatus, TrackingEventSource } from '@parcelstream/contracts';

/** Statuses a carrier reports without touching the parcel (label data, unmapped codes, cancellations, expiry). */
const NOT_PHYSICAL: ReadonlySet<EventStatus> = new Set<EventStatus>(['PENDING', 'INFO_RECEIVED', 'UNKNOWN', 'CANCELLED', 'EXPIRED']);

/**
 * A first physical scan: a carrier event (not a seller's manual update) that shows the parcel in the
 * carrier's hands. It starts the shipment's journey and verifies a SELLER-model shipment.
 */
export function isPhysicalCarrierScan(event: { source: TrackingEventSource; status: EventStatus }): boolean {
  return event.source === 'CARRIER' && !NOT_PHYSICAL.has(event.status);
}
