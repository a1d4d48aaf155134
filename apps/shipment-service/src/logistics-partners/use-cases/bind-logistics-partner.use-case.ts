import { BadRequestException, Injectable } from '@nestjs/common';
import { findCarrier, validateAccountNumber } from '@parcelstream/carriers';
import { DataSource } from 'typeorm';
import type { LogisticsPartnerBindingView } from '../dto/logistics-partner-binding.view';
import { toBindingView } from '../logistics-partner-binding.mapper';
import { LogisticsPartnerBindingsRepository } from '../logistics-partner-bindings.repository';
import { unknownCarrier } from '../unknown-carrier.problem';

export interface BindLogisticsPartnerCommand {
  sellerId: string;
  carrierCode: string;
  accountNumber: string;
  isDefault?: boolean;
}

/**
 * Binds a catalog carrier to a seller with a validated account number; binding an unbound carrier again
 * revives it, and `isDefault: true` makes it the seller's only default.
 */
@Injectable()
export class BindLogisticsPartnerUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bindings: LogisticsPartnerBindingsRepository,
  ) {}

  async execute(cmd: BindLogisticsPartnerCommand): Promise<LogisticsPartnerBindingView> {
    if (!findCarrier(cmd.carrierCode)) throw unknownCarrier(cmd.carrierCode);
    const account = validateAccountNumber(cmd.carrierCode, cmd.accountNumber);
    if (!account.valid) {
      throw new BadRequestException({
        title: 'Invalid account number',
        detail: account.reason,
        errors: [{ field: 'accountNumber', message: account.reason }],
      });
    }
    const row = await this.dataSource.transaction(async (tx) => {
      await this.bindings.lockSeller(tx, cmd.sellerId);
      if (cmd.isDefault === true) await this.bindings.clearOtherDefaults(tx, cmd.sellerId, cmd.carrierCode);
      return this.bindings.upsert(tx, { sellerId: cmd.sellerId, carrierCode: cmd.carrierCode, accountNumber: account.normalized, isDefault: cmd.isDefault });
    });
    return toBindingView(row);
  }
}
