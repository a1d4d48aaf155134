import { Injectable, Logger } from '@nestjs/common';
import { normalizeWaybill } from '@parcelstream/carriers';
import { ShipmentWaybillAssignedEvent } from '@parcelstream/contracts';
import { OutboxRelay, OutboxWriter, type SqlExecutor } from '@parcelstream/messaging';
import { ShipmentCarrierProgressRepository } from '../shipment-carrier-progress.repository';

export interface AssignWaybillsCommand {
  tx: SqlExecutor;
  assignments: { shipmentId: string; carrierCode: string; trackingNumber: string; assignedAt: string }[];
}

/**
 * A carrier allocated the waybill of PLATFORM-model shipments (through carrier-sync): each waiting shipment
 * takes its number, moves on to AWAITING_PICKUP, and `shipment.waybill-assigned` is announced. Shipments that
 * already have a number (a redelivery) or were cancelled are left alone.
 */
@Injectable()
export class AssignWaybillsUseCase {
  private readonly log = new Logger('AssignWaybills');

  constructor(
    private readonly progress: ShipmentCarrierProgressRepository,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
  ) {}

  async execute(cmd: AssignWaybillsCommand): Promise<void> {
    const assigned = await this.progress.assignWaybills(
      cmd.tx,
      cmd.assignments.map((a) => ({ ...a, trackingNumber: normalizeWaybill(a.trackingNumber) })),
    );
    if (assigned.length < cmd.assignments.length) {
      this.log.debug({ msg: 'waybill assignments without a waiting shipment ignored', count: cmd.assignments.length - assigned.length });
    }
    await this.outbox.append(
      cmd.tx,
      assigned.map((a) => ({
        contract: ShipmentWaybillAssignedEvent,
        key: a.shipment_id,
        payload: {
          shipmentId: a.shipment_id,
          orderId: a.order_id,
          carrierCode: a.carrier_code,
          trackingNumber: a.tracking_number,
          assignedAt: a.waybill_assigned_at.toISOString(),
        },
      })),
    );
    if (assigned.length > 0) this.relay.wake();
  }
}
