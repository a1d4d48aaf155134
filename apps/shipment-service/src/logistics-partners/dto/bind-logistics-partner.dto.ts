import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class BindLogisticsPartnerDto {
  @ApiProperty({ description: "the seller's account number with the carrier (checked against the carrier's rule)", example: 'SIM-000123', maxLength: 64 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  accountNumber!: string;

  @ApiPropertyOptional({ description: "make this the seller's default carrier (unsets the previous default)" })
  @IsOptional()
  @IsBoolean()
  isDefault?: boolean;
}
