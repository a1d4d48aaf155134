import { IsIn, IsInt, IsISO31661Alpha2, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { SIMULATED_CARRIERS } from '../../carriers/simulated-carriers';
import { CUSTOMS_OUTCOMES, DELIVERY_OUTCOMES, type CustomsOutcome, type DeliveryOutcome } from '../../journeys/journey-scenario';

const CARRIER_CODES = SIMULATED_CARRIERS.map((c) => c.code);

/** Start journeys directly (demos, tests): a number of the carrier (checked) or allocated ones; the scenario drawn or forced. */
export class CreateJourneyDto {
  @IsIn(CARRIER_CODES)
  carrierCode!: string;

  /** the parcel's number (valid for the carrier); absent: allocated */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  trackingNumber?: string;

  @IsISO31661Alpha2()
  originCountryCode!: string;

  @IsISO31661Alpha2()
  destinationCountryCode!: string;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  shipmentRef?: string;

  /** journeys to start (allocated numbers only) */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  count?: number;

  @IsOptional()
  @IsIn(CUSTOMS_OUTCOMES)
  customs?: CustomsOutcome;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2)
  failedAttempts?: 0 | 1 | 2;

  @IsOptional()
  @IsIn(DELIVERY_OUTCOMES)
  outcome?: DeliveryOutcome;

  /** real ms until the journey starts (default SIM_JOURNEY_START_DELAY_MS) */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  startDelayMs?: number;
}
