import { Type } from 'class-transformer';
import { IsIn, IsISO31661Alpha2, IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { TRACKING_STATUSES, type TrackingStatus } from '../../tracking/tracking-status';

export class SellerUpdateLocationDto {
  /** @example "Shenzhen" */
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  city!: string;

  /** @example "Guangdong" */
  @IsOptional()
  @IsString()
  @MaxLength(120)
  region?: string;

  /** @example "CN" */
  @IsISO31661Alpha2()
  countryCode!: string;
}

/**
 * `POST /v1/shipments/{shipmentId}/events`: a seller's manual logistics update (SELLER model only). The same
 * validation shape as shipment-service's own `SellerTrackingUpdateDto`; a parity test there keeps them equal.
 */
export class SellerTrackingUpdateDto {
  /** a canonical status (UNKNOWN is not one) */
  @IsIn(TRACKING_STATUSES)
  status!: TrackingStatus;

  /**
   * a known sub-status of `status`
   * @example "IN_TRANSIT.PICKED_UP"
   */
  @IsOptional()
  @IsString()
  @MaxLength(80)
  substatus?: string;

  /** @example "Handed to the courier at our warehouse" */
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  description!: string;

  /**
   * ISO-8601 with its UTC offset
   * @example "2025-11-26T09:30:00+08:00"
   */
  @IsISO8601({ strict: true })
  @Matches(/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/, { message: 'occurredAt must be an ISO-8601 date-time with a UTC offset' })
  occurredAt!: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => SellerUpdateLocationDto)
  location?: SellerUpdateLocationDto;
}
