import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

export class LedgerQuery {
  @IsOptional()
  @IsIn(['webhook', 'api'])
  channel?: 'webhook' | 'api';

  @IsOptional()
  @IsString()
  carrier?: string;

  @IsOptional()
  @IsString()
  trackingNumber?: string;

  @IsOptional()
  @IsString()
  journeyId?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  status?: number;

  /** entries after this sequence number (page on with `nextSeq`) */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  afterSeq?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  limit?: number;
}
