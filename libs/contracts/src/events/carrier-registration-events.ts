import { IsDateString, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { Topics } from '../topics/topic-catalog';
import { defineEvent } from './event-contract';

/** carrier-sync registered a shipment's waybill with its carrier (or the carrier allocated one). */
export class CarrierRegistrationSucceeded {
  @IsUUID()
  shipmentId!: string;

  @IsString()
  @MaxLength(64)
  carrierCode!: string;

  @IsString()
  @MaxLength(64)
  trackingNumber!: string;

  @IsDateString()
  registeredAt!: string;
}

export class CarrierRegistrationFailed {
  @IsUUID()
  shipmentId!: string;

  @IsString()
  @MaxLength(64)
  carrierCode!: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  trackingNumber?: string;

  @IsString()
  @MaxLength(500)
  reason!: string;

  @IsDateString()
  failedAt!: string;
}

/** A PLATFORM-model shipment's carrier allocated its waybill number. */
export class CarrierWaybillAssigned {
  @IsUUID()
  shipmentId!: string;

  @IsString()
  @MaxLength(64)
  carrierCode!: string;

  @IsString()
  @MaxLength(64)
  trackingNumber!: string;

  @IsDateString()
  assignedAt!: string;
}

export const CarrierRegistrationSucceededEvent = defineEvent(
  'parcelstream.carrier.registration-succeeded.v1',
  Topics.CarrierRegistrationEvents,
  CarrierRegistrationSucceeded,
);
export const CarrierRegistrationFailedEvent = defineEvent('parcelstream.carrier.registration-failed.v1', Topics.CarrierRegistrationEvents, CarrierRegistrationFailed);
export const CarrierWaybillAssignedEvent = defineEvent('parcelstream.carrier.waybill-assigned.v1', Topics.CarrierRegistrationEvents, CarrierWaybillAssigned);
