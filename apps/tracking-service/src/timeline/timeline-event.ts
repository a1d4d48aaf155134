import type { DeliveryWindow, DutiesDue, EventLocation, EventStatus, TrackingEventSource } from '@parcelstream/contracts';

/** One stored checkpoint of a shipment's timeline, as the fold reads it. */
export interface TimelineEvent {
  carrierCode: string;
  /** the carrier's event id, else the producer's fingerprint; unique per carrier */
  eventId: string;
  trackingNumber: string;
  status: EventStatus;
  substatus?: string | null;
  rawCode: string;
  description: string;
  /** ISO-8601 with the carrier's original UTC offset, as sent */
  occurredAt: string;
  location?: EventLocation | null;
  estimatedDelivery?: DeliveryWindow | null;
  duties?: DutiesDue | null;
  nextTrackingNumber?: string | null;
  nextCarrierCode?: string | null;
  source: TrackingEventSource;
}
