import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** `?limit=&cursor=` of every list (SPEC §4): answered with `{ items, nextCursor }`. */
export class PageQuery {
  /** page size, 1–100 (default 20) */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;

  /** `nextCursor` of the previous page */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}
