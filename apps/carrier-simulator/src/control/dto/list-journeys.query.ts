import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

export class ListJourneysQuery {
  @IsOptional()
  @IsString()
  carrier?: string;

  @IsOptional()
  @IsIn(['SCHEDULED', 'RUNNING', 'COMPLETE'])
  state?: 'SCHEDULED' | 'RUNNING' | 'COMPLETE';

  /** the platform's shipment id */
  @IsOptional()
  @IsString()
  shipmentRef?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  limit?: number;
}
