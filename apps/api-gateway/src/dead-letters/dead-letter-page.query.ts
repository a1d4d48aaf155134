import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/**
 * `?limit=&cursor=` of the merged dead-letter list. Like the shared PageQuery, but its cursor holds a position
 * in each service's list, so it is longer.
 */
export class DeadLetterPageQuery {
  /** page size, 1–100 (default 20) */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number = 20;

  /** `nextCursor` of the previous page */
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  cursor?: string;
}
