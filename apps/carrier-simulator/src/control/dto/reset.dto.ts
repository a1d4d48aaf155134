import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class ResetDto {
  /** a new seed (default: keep the current one) */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  seed?: string;
}
