import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TRACKING_STATUSES, type TrackingStatus } from '@parcelstream/contracts';
import { Type } from 'class-transformer';
import { IsIn, IsISO31661Alpha2, IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';

export class SellerUpdateLocationDto {
  @ApiProperty({ example: 'Shenzhen', maxLength: 120 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  city!: string;

  @ApiPropertyOptional({ example: 'Guangdong', maxLength: 120 })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  region?: string;

  @ApiProperty({ example: 'CN' })
  @IsISO31661Alpha2()
  countryCode!: string;
}

export class SellerTrackingUpdateDto {
  @ApiProperty({ enum: TRACKING_STATUSES, description: 'a canonical status (UNKNOWN is not one)' })
  @IsIn(TRACKING_STATUSES)
  status!: TrackingStatus;

  @ApiPropertyOptional({ example: 'IN_TRANSIT.PICKED_UP', description: 'a known sub-status of `status`' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  substatus?: string;

  @ApiProperty({ example: 'Handed to the courier at our warehouse', maxLength: 500 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  description!: string;

  @ApiProperty({ example: '2025-11-26T09:30:00+08:00', description: 'ISO-8601 with its UTC offset' })
  @IsISO8601({ strict: true })
  @Matches(/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/, { message: 'occurredAt must be an ISO-8601 date-time with a UTC offset' })
  occurredAt!: string;

  @ApiPropertyOptional({ type: SellerUpdateLocationDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SellerUpdateLocationDto)
  location?: SellerUpdateLocationDto;
}

export class SellerTrackingUpdateAccepted {
  @ApiProperty({ example: 'seller:7d1f0e5c-2f4a-4c65-9a59-0d1c1f2b3c4d', description: 'the event id on carrier.tracking-events.normalized.v1' })
  eventId!: string;
}
