import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { FULFILLMENT_MODELS, type FulfillmentModel } from '../../events/shipment-events';
import { ShipmentLineDto } from './shipment-line.dto';

/**
 * `POST /v1/orders/{orderNumber}/shipments`: mark (part of) an order shipped. The same validation shape as
 * shipment-service's own `CreateShipmentDto`; a parity test in shipment-service keeps them equal.
 */
export class CreateShipmentDto {
  /** PLATFORM: shipped by platform (the carrier allocates the waybill); SELLER: shipped by seller */
  @IsIn(FULFILLMENT_MODELS)
  fulfillmentModel!: FulfillmentModel;

  /**
   * a catalog carrier: bound by the seller (SELLER) or platform-contracted (PLATFORM)
   * @example "sim-post"
   */
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  carrierCode!: string;

  /**
   * required for SELLER (validated for the carrier), refused for PLATFORM
   * @example "RB123456785CN"
   */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  trackingNumber?: string;

  /** omitted: every item not shipped yet */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ShipmentLineDto)
  items?: ShipmentLineDto[];
}
