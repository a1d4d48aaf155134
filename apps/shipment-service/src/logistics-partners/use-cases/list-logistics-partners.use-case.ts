import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { LogisticsPartnerBindingList } from '../dto/logistics-partner-binding.view';
import { toBindingView } from '../logistics-partner-binding.mapper';
import { LogisticsPartnerBindingsRepository } from '../logistics-partner-bindings.repository';

export interface ListLogisticsPartnersCommand {
  sellerId: string;
}

/** The seller's bound carriers, the default first (a catalog-sized list: no pagination). */
@Injectable()
export class ListLogisticsPartnersUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bindings: LogisticsPartnerBindingsRepository,
  ) {}

  async execute(cmd: ListLogisticsPartnersCommand): Promise<LogisticsPartnerBindingList> {
    return { items: (await this.bindings.listBound(this.dataSource, cmd.sellerId)).map(toBindingView) };
  }
}
