import { IsISO31661Alpha2, IsString, MaxLength, MinLength } from 'class-validator';

/** PLATFORM model: the carrier allocates the waybill (idempotent on `shipmentRef`). */
export class WaybillRequestDto {
  /** the platform's shipment id: a repeated call with it returns the number allocated first */
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  shipmentRef!: string;

  @IsISO31661Alpha2()
  originCountryCode!: string;

  @IsISO31661Alpha2()
  destinationCountryCode!: string;
}
