import { IsISO31661Alpha2, IsString, MaxLength, MinLength } from 'class-validator';

/** SELLER model: carrier-sync tells the carrier about the seller's waybill (idempotent on `shipmentRef`). */
export class RegistrationRequestDto {
  /** the platform's shipment id: a repeated call with it returns the first answer */
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  shipmentRef!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(64)
  trackingNumber!: string;

  @IsISO31661Alpha2()
  originCountryCode!: string;

  @IsISO31661Alpha2()
  destinationCountryCode!: string;
}
