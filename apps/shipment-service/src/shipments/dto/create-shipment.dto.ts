import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FULFILLMENT_MODELS, type FulfillmentModel } from '@parcelstream/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ShipmentLineDto } from './shipment-line.dto';

export class CreateShipmentDto {
  @ApiProperty({ enum: FULFILLMENT_MODELS, description: 'PLATFORM: shipped by platform (carrier allocates the waybill); SELLER: shipped by seller' })
  @IsIn(FULFILLMENT_MODELS)
  fulfillmentModel!: FulfillmentModel;

  @ApiProperty({ example: 'sim-post', description: 'a catalog carrier: bound by the seller (SELLER) or platform-contracted (PLATFORM)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  carrierCode!: string;

  @ApiPropertyOptional({ example: 'RB123456785CN', description: 'required for SELLER (validated for the carrier), refused for PLATFORM' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  trackingNumber?: string;

  @ApiPropertyOptional({ type: [ShipmentLineDto], description: 'omitted: every item not shipped yet' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ShipmentLineDto)
  items?: ShipmentLineDto[];
}
