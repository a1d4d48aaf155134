import { IsDateString, IsIn, IsISO4217CurrencyCode, IsNumberString, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { Topics } from '../topics/topic-catalog';
import { EVENT_STATUSES, type EventStatus, TRACKING_STATUSES, type TrackingStatus } from '../tracking/tracking-status';
import { defineEvent } from './event-contract';
import { EventLocation, nested } from './shared-payload-types';

export const EVENT_SOURCES = ['CARRIER', 'SELLER'] as const;
export type TrackingEventSource = (typeof EVENT_SOURCES)[number];

export class DeliveryWindow {
  @IsDateString()
  from!: string;

  @IsDateString()
  to!: string;
}

export class DutiesDue {
  @IsNumberString()
  amount!: string;

  @IsISO4217CurrencyCode()
  currency!: string;

  /** DDP: the seller or platform pays; DDU: the buyer pays. */
  @IsIn(['BUYER', 'SELLER', 'PLATFORM'])
  payer!: 'BUYER' | 'SELLER' | 'PLATFORM';
}

/** One carrier checkpoint (or seller update) in canonical form. Key: shipmentId. */
export class NormalizedTrackingEvent {
  /** The carrier's event id, else a fingerprint of carrier + number + raw code + UTC time + location. */
  @IsString()
  @MaxLength(200)
  eventId!: string;

  @IsOptional()
  @IsUUID()
  shipmentId?: string;

  @IsString()
  @MaxLength(64)
  carrierCode!: string;

  @IsString()
  @MaxLength(64)
  trackingNumber!: string;

  @IsIn(EVENT_STATUSES)
  status!: EventStatus;

  @IsOptional()
  @IsString()
  @MaxLength(80)
  substatus?: string;

  @IsString()
  @MaxLength(80)
  rawCode!: string;

  @IsString()
  @MaxLength(500)
  description!: string;

  /** ISO-8601 with the carrier's original UTC offset, kept as sent. */
  @IsDateString({ strict: true })
  occurredAt!: string;

  @IsOptional()
  @ValidateNested()
  @nested(EventLocation)
  location?: EventLocation;

  @IsOptional()
  @ValidateNested()
  @nested(DeliveryWindow)
  estimatedDelivery?: DeliveryWindow;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  nextTrackingNumber?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  nextCarrierCode?: string;

  @IsOptional()
  @ValidateNested()
  @nested(DutiesDue)
  duties?: DutiesDue;

  @IsIn(EVENT_SOURCES)
  source!: TrackingEventSource;

  @IsDateString()
  receivedAt!: string;
}

export class TrackingStatusChanged {
  @IsUUID()
  shipmentId!: string;

  @IsString()
  @MaxLength(64)
  trackingNumber!: string;

  @IsIn(TRACKING_STATUSES)
  @IsOptional()
  previousStatus?: TrackingStatus;

  @IsIn(TRACKING_STATUSES)
  status!: TrackingStatus;

  @IsOptional()
  @IsString()
  @MaxLength(80)
  substatus?: string;

  @IsDateString()
  occurredAt!: string;
}

export const ETA_SOURCES = ['CARRIER', 'PREDICTED'] as const;
export type EtaSource = (typeof ETA_SOURCES)[number];

/** The shipment's delivery window changed (the carrier's estimate, else our prediction from the lane). */
export class TrackingEtaRevised {
  @IsUUID()
  shipmentId!: string;

  @IsString()
  @MaxLength(64)
  trackingNumber!: string;

  @IsOptional()
  @ValidateNested()
  @nested(DeliveryWindow)
  previous?: DeliveryWindow;

  @ValidateNested()
  @nested(DeliveryWindow)
  estimatedDelivery!: DeliveryWindow;

  @IsIn(ETA_SOURCES)
  source!: EtaSource;

  @IsDateString()
  revisedAt!: string;
}

/** No new carrier scan for the configured time: raised once per stall (a new scan ends it). */
export class TrackingShipmentStalled {
  @IsUUID()
  shipmentId!: string;

  @IsString()
  @MaxLength(64)
  trackingNumber!: string;

  @IsIn(TRACKING_STATUSES)
  status!: TrackingStatus;

  /** carrier time of the last scan */
  @IsDateString()
  lastScanAt!: string;

  @IsDateString()
  detectedAt!: string;
}

export const TrackingEventNormalizedEvent = defineEvent(
  'parcelstream.tracking-event.normalized.v1',
  Topics.NormalizedTrackingEvents,
  NormalizedTrackingEvent,
);
export const TrackingStatusChangedEvent = defineEvent(
  'parcelstream.tracking.shipment.status-changed.v1',
  Topics.TrackingShipmentStatus,
  TrackingStatusChanged,
);
export const TrackingEtaRevisedEvent = defineEvent('parcelstream.tracking.shipment.eta-revised.v1', Topics.TrackingShipmentStatus, TrackingEtaRevised);
export const TrackingShipmentStalledEvent = defineEvent('parcelstream.tracking.shipment.stalled.v1', Topics.TrackingShipmentStatus, TrackingShipmentStalled);
