import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { CUSTOMS_OUTCOMES, DELIVERY_OUTCOMES, type CustomsOutcome, type DeliveryOutcome } from '../../journeys/journey-scenario';

/** The forced parts of the scenario the next registration of a number plays (the rest is drawn from the seed). */
export class PlanScenarioDto {
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
}
