import { ArrayMinSize, IsDateString, IsIn, IsISO31661Alpha2, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { Topics } from '../topics/topic-catalog';
import { defineEvent } from './event-contract';
import { ORDER_NUMBER_PATTERN } from './order-events';
import { nested, OrderLine } from './shared-payload-types';

export const FULFILLMENT_MODELS = ['PLATFORM', 'SELLER'] as const;
export type FulfillmentModel = (typeof FULFILLMENT_MODELS)[number];
export const LIABILITY_PARTIES = ['PLATFORM', 'SELLER'] as const;
export type LiabilityParty = (typeof LIABILITY_PARTIES)[number];

export class ShipmentCreated {
  @IsUUID()
  shipmentId!: string;

  @IsUUID()
  orderId!: string;

  @Matches(ORDER_NUMBER_PATTERN)
  orderNumber!: string;

  @IsString()
  @MaxLength(128)
  sellerId!: string;

  @IsString()
  @MaxLength(128)
  buyerId!: string;

  @IsString()
  @MaxLength(64)
  carrierCode!: string;

  /** null while a PLATFORM shipment waits for the carrier to allocate a waybill */
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(64)
  trackingNumber!: string | null;

  @IsIn(FULFILLMENT_MODELS)
  fulfillmentModel!: FulfillmentModel;

  @IsIn(LIABILITY_PARTIES)
  liability!: LiabilityParty;

  @ValidateNested({ each: true })
  @ArrayMinSize(1)
  @nested(OrderLine)
  items!: OrderLine[];

  @IsISO31661Alpha2()
  originCountryCode!: string;

  @IsISO31661Alpha2()
  destinationCountryCode!: string;

  @IsDateString()
  createdAt!: string;
}

export class ShipmentCancelled {
  @IsUUID()
  shipmentId!: string;

  @IsUUID()
  orderId!: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;

  @IsDateString()
  cancelledAt!: string;
}

export const ShipmentCreatedEvent = defineEvent('parcelstream.shipment.created.v1', Topics.ShipmentEvents, ShipmentCreated);
export const ShipmentCancelledEvent = defineEvent('parcelstream.shipment.cancelled.v1', Topics.ShipmentEvents, ShipmentCancelled);

export const SHIPMENT_STATUSES = ['AWAITING_WAYBILL', 'AWAITING_PICKUP', 'IN_TRANSIT', 'DELIVERED', 'EXCEPTION', 'RETURNED', 'CANCELLED'] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/** A PLATFORM shipment's carrier allocated its waybill (or a SELLER shipment's waybill was confirmed). */
export class ShipmentWaybillAssigned {
  @IsUUID()
  shipmentId!: string;

  @IsUUID()
  orderId!: string;

  @IsString()
  @MaxLength(64)
  carrierCode!: string;

  @IsString()
  @MaxLength(64)
  trackingNumber!: string;

  @IsDateString()
  assignedAt!: string;
}

/** A SELLER-model shipment saw no physical carrier scan within the verification window. */
export class ShipmentVerificationFailed {
  @IsUUID()
  shipmentId!: string;

  @IsUUID()
  orderId!: string;

  @IsString()
  @MaxLength(128)
  sellerId!: string;

  @IsDateString()
  windowEndedAt!: string;
}

export const ShipmentWaybillAssignedEvent = defineEvent('parcelstream.shipment.waybill-assigned.v1', Topics.ShipmentEvents, ShipmentWaybillAssigned);
export const ShipmentVerificationFailedEvent = defineEvent(
  'parcelstream.shipment.verification-failed.v1',
  Topics.ShipmentEvents,
  ShipmentVerificationFailed,
);
