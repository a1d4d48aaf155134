import { ApiProperty } from '@nestjs/swagger';
import { FULFILLMENT_MODELS, LIABILITY_PARTIES, SHIPMENT_STATUSES, type FulfillmentModel, type LiabilityParty, type ShipmentStatus } from '@parcelstream/contracts';
import { VERIFICATION_STATUSES, type VerificationStatus } from '../rules/fulfillment-terms';
import { ShipmentLineDto } from './shipment-line.dto';

export const CARRIER_REGISTRATION_STATUSES = ['PENDING', 'REGISTERED', 'FAILED'] as const;
export type CarrierRegistrationStatus = (typeof CARRIER_REGISTRATION_STATUSES)[number];

export class CarrierRegistrationView {
  @ApiProperty({ enum: CARRIER_REGISTRATION_STATUSES, description: 'whether carrier-sync registered the shipment with its carrier' })
  status!: CarrierRegistrationStatus;

  @ApiProperty({ type: String, nullable: true })
  failureReason!: string | null;
}

export class ShipmentView {
  @ApiProperty({ format: 'uuid' })
  shipmentId!: string;

  @ApiProperty({ format: 'uuid' })
  orderId!: string;

  @ApiProperty({ example: 'PS-7KQ2-9XMD-4TAB' })
  orderNumber!: string;

  @ApiProperty({ example: 'sim-post' })
  carrierCode!: string;

  @ApiProperty({ type: String, nullable: true, description: 'null while a PLATFORM shipment waits for its carrier to allocate one' })
  trackingNumber!: string | null;

  @ApiProperty({ enum: FULFILLMENT_MODELS })
  fulfillmentModel!: FulfillmentModel;

  @ApiProperty({ enum: LIABILITY_PARTIES, description: 'who is liable for loss and damage' })
  liability!: LiabilityParty;

  @ApiProperty({ enum: SHIPMENT_STATUSES })
  status!: ShipmentStatus;

  @ApiProperty({ enum: VERIFICATION_STATUSES, description: 'SELLER model: verified by a first physical carrier scan within the window' })
  verificationStatus!: VerificationStatus;

  @ApiProperty({ type: CarrierRegistrationView })
  carrierRegistration!: CarrierRegistrationView;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: "the carrier's first physical scan" })
  firstScanAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  waybillAssignedAt!: string | null;

  @ApiProperty({ type: [ShipmentLineDto] })
  items!: ShipmentLineDto[];

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  cancelledAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  cancellationReason!: string | null;
}

export class ShipmentList {
  @ApiProperty({ type: [ShipmentView] })
  items!: ShipmentView[];
}
