import type { EventLocation, EventStatus, EtaSource, TrackingEventSource, TrackingStatus } from '@parcelstream/contracts';
import type { CustomsState } from '../customs/customs-state';

/** SPEC §4 "A tracking view". `orderNumber` only in the full view (the order's buyer, seller, ops). */
export interface TrackingView {
  trackingNumber: string | null;
  carrier: { code: string; name: string } | null;
  status: TrackingStatus;
  substatus: string | null;
  actionRequired: boolean;
  lastLocation: { city: string | null; countryCode: string } | null;
  estimatedDelivery: { from: string; to: string; source: EtaSource } | null;
  customs?: { state: CustomsState; duties: { amount: string; currency: string; payer: 'BUYER' | 'SELLER' | 'PLATFORM' } | null };
  legs: { carrierCode: string; trackingNumber: string }[];
  /** oldest first */
  events: TrackingViewEvent[];
  orderNumber?: string;
}

export interface TrackingViewEvent {
  id: string;
  /** the carrier's local time with its UTC offset, as sent */
  occurredAt: string;
  status: EventStatus;
  substatus: string | null;
  description: string;
  /** public view: city and country only */
  location: Partial<EventLocation> | null;
  source: TrackingEventSource;
  rawCode: string;
}

export interface OrderTrackingView {
  orderNumber: string;
  shipments: TrackingView[];
}
