import { Injectable } from '@nestjs/common';
import type { SqlExecutor } from '@parcelstream/messaging';
import { ShipmentCarrierProgressRepository, type RegistrationOutcome } from '../shipment-carrier-progress.repository';

export interface RecordCarrierRegistrationsCommand {
  tx: SqlExecutor;
  outcomes: RegistrationOutcome[];
}

/** Keeps carrier-sync's latest registration outcome per shipment (REGISTERED or FAILED with its reason). */
@Injectable()
export class RecordCarrierRegistrationsUseCase {
  constructor(private readonly progress: ShipmentCarrierProgressRepository) {}

  async execute(cmd: RecordCarrierRegistrationsCommand): Promise<void> {
    await this.progress.recordRegistrations(cmd.tx, cmd.outcomes);
  }
}
