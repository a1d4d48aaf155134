import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsISO31661Alpha2, IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min } from 'class-validator';

/** An order line as it travels on Kafka: no prices or names of people, just what was bought. */
export class OrderLine {
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  sku!: string;

  @IsInt()
  @Min(1)
  quantity!: number;
}

/** A place as events may carry it: city and country, never a street address (SPEC §3 Privacy). */
export class EventLocation {
  @IsOptional()
  @IsString()
  @MaxLength(120)
  city?: string;

  @IsOptional()
  @IsString()
  @MaxLength(120)
  region?: string;

  @IsISO31661Alpha2()
  countryCode!: string;

  @IsOptional()
  @IsString()
  @MaxLength(160)
  facility?: string;
}

export const nested = <T>(cls: new () => T) => Type(() => cls);
