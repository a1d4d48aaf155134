import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsInt,
  IsISO31661Alpha2,
  IsISO4217CurrencyCode,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

export class MoneyDto {
  @ApiProperty({ example: '12.50', description: 'decimal string, at most 2 decimals' })
  @Matches(/^\d{1,12}(\.\d{1,2})?$/, { message: 'amount must be a decimal string such as "12.50"' })
  amount!: string;

  @ApiProperty({ example: 'EUR' })
  @IsISO4217CurrencyCode()
  currency!: string;
}

export class OrderItemDto {
  @ApiProperty({ example: 'MUG-BLUE-350' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'sku may hold letters, digits, ".", "_" and "-"' })
  sku!: string;

  @ApiProperty({ example: 'Blue mug, 350 ml' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: 2 })
  @IsInt()
  @Min(1)
  @Max(10_000)
  quantity!: number;

  @ApiProperty({ type: MoneyDto })
  @ValidateNested()
  @Type(() => MoneyDto)
  unitPrice!: MoneyDto;
}

export class ShippingAddressDto {
  @ApiProperty({ example: 'Ada Lovelace' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: '12 Example Street' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  line1!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  line2?: string;

  @ApiProperty({ example: 'Berlin' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  city!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(120)
  region?: string;

  @ApiProperty({ example: '10115' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  postalCode!: string;

  @ApiProperty({ example: 'DE' })
  @IsISO31661Alpha2()
  countryCode!: string;
}

export class CreateOrderDto {
  @ApiProperty({ example: 'seller-42' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  sellerId!: string;

  @ApiProperty({ type: [OrderItemDto] })
  @ValidateNested({ each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @Type(() => OrderItemDto)
  items!: OrderItemDto[];

  @ApiProperty({ type: ShippingAddressDto })
  @ValidateNested()
  @Type(() => ShippingAddressDto)
  shippingAddress!: ShippingAddressDto;

  @ApiProperty({ example: 'CN' })
  @IsISO31661Alpha2()
  shipFromCountryCode!: string;
}
