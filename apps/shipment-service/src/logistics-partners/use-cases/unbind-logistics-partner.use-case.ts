import { Injectable, NotFoundException } from '@nestjs/common';
import { findCarrier } from '@parcelstream/carriers';
import { DataSource } from 'typeorm';
import { LogisticsPartnerBindingsRepository } from '../logistics-partner-bindings.repository';
import { unknownCarrier } from '../unknown-carrier.problem';

export interface UnbindLogisticsPartnerCommand {
  sellerId: string;
  carrierCode: string;
}

/**
 * Unbinds a carrier (soft: the binding row stays, shipments already made with it keep working). Unbinding
 * an unbound carrier again succeeds; a carrier the seller never bound is a 404.
 */
@Injectable()
export class UnbindLogisticsPartnerUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bindings: LogisticsPartnerBindingsRepository,
  ) {}

  async execute(cmd: UnbindLogisticsPartnerCommand): Promise<void> {
    if (!findCarrier(cmd.carrierCode)) throw unknownCarrier(cmd.carrierCode);
    const outcome = await this.dataSource.transaction(async (tx) => {
      await this.bindings.lockSeller(tx, cmd.sellerId);
      return this.bindings.unbind(tx, cmd.sellerId, cmd.carrierCode);
    });
    if (outcome === 'never-bound') {
      throw new NotFoundException({ title: 'Carrier not bound', detail: `The carrier "${cmd.carrierCode}" is not one of your logistics partners.` });
    }
  }
}
