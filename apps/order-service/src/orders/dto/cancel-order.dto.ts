import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class CancelOrderDto {
  @ApiPropertyOptional({ example: 'ordered the wrong size' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
