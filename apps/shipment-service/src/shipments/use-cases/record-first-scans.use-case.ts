import { Injectable } from '@nestjs/common';
import { normalizeWaybill } from '@parcelstream/carriers';
import type { NormalizedTrackingEvent } from '@parcelstream/contracts';
import type { SqlExecutor } from '@parcelstream/messaging';
import { isPhysicalCarrierScan } from '../rules/physical-scan';
import { ShipmentCarrierProgressRepository } from '../shipment-carrier-progress.repository';

export interface RecordFirstScansCommand {
  tx: SqlExecutor;
  events: NormalizedTrackingEvent[];
}

/**
 * From the normalised tracking events, the first physical carrier scan of each shipment: it closes the
 * cancellation window, moves AWAITING_PICKUP to IN_TRANSIT and verifies a SELLER-model shipment. Seller
 * updates, label-only and unmapped events are not scans.
 */
@Injectable()
export class RecordFirstScansUseCase {
  constructor(private readonly progress: ShipmentCarrierProgressRepository) {}

  async execute(cmd: RecordFirstScansCommand): Promise<void> {
    const scans = cmd.events
      .filter(isPhysicalCarrierScan)
      .map((e) => ({ shipmentId: e.shipmentId ?? null, carrierCode: e.carrierCode, trackingNumber: normalizeWaybill(e.trackingNumber), occurredAt: e.occurredAt }));
    await this.progress.recordFirstScans(cmd.tx, scans);
  }
}
