import { IsInt, IsNotEmpty, IsString, Max, MaxLength, Min } from 'class-validator';

/** Items of an order in one package. */
export class ShipmentLineDto {
  /** @example "SKU-1" */
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  sku!: string;

  /** @example 1 */
  @IsInt()
  @Min(1)
  @Max(100_000)
  quantity!: number;
}
