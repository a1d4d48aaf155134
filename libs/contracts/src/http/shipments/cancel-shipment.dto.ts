import { IsOptional, IsString, MaxLength } from 'class-validator';

/** `POST /v1/shipments/{shipmentId}/cancel` (before the first carrier scan). */
export class CancelShipmentDto {
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
