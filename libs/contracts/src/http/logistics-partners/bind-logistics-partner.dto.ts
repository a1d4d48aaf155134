import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/**
 * `PUT /v1/sellers/me/logistics-partners/{carrierCode}`. The same validation shape as shipment-service's
 * own `BindLogisticsPartnerDto` (which adds OpenAPI descriptions); a parity test in shipment-service keeps them equal.
 */
export class BindLogisticsPartnerDto {
  /**
   * the seller's account number with the carrier (checked against the carrier's rule by shipment-service)
   * @example "SIM-000123"
   */
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  accountNumber!: string;

  /** make this the seller's default carrier (unsets the previous default) */
  @IsOptional()
  @IsBoolean()
  isDefault?: boolean;
}
