import { ApiProperty } from '@nestjs/swagger';

export class LogisticsPartnerBindingView {
  @ApiProperty({ example: 'sim-post' })
  carrierCode!: string;

  @ApiProperty({ example: 'Simulated Post' })
  carrierName!: string;

  @ApiProperty({ description: 'normalised (upper-cased, spaces removed)', example: 'SIM-000123' })
  accountNumber!: string;

  @ApiProperty()
  isDefault!: boolean;

  @ApiProperty({ format: 'date-time' })
  boundAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class LogisticsPartnerBindingList {
  @ApiProperty({ type: [LogisticsPartnerBindingView] })
  items!: LogisticsPartnerBindingView[];
}
