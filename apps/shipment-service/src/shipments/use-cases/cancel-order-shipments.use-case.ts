import { Injectable } from '@nestjs/common';
import { ShipmentCancelledEvent, type OrderCancelled } from '@parcelstream/contracts';
import { OutboxRelay, OutboxWriter, type SqlExecutor } from '@parcelstream/messaging';
import { KnownOrdersRepository } from '../../known-orders/known-orders.repository';
import { ShipmentsRepository } from '../shipments.repository';

export interface CancelOrderShipmentsCommand {
  /** the consumer's transaction (it also holds the events' inbox rows) */
  tx: SqlExecutor;
  cancellations: OrderCancelled[];
}

export const ORDER_CANCELLED_REASON = 'order cancelled';

/**
 * `order.cancelled`: marks the known orders cancelled (so no new shipment is accepted) and cancels their
 * shipments that no carrier has scanned, announcing each. Updating the order row waits for a shipment being
 * created for it (that transaction holds the row lock), and the shipments are read after that, so a cancel
 * racing a ship always ends with the order cancelled and no live, unscanned shipment.
 */
@Injectable()
export class CancelOrderShipmentsUseCase {
  constructor(
    private readonly knownOrders: KnownOrdersRepository,
    private readonly shipments: ShipmentsRepository,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
  ) {}

  async execute(cmd: CancelOrderShipmentsCommand): Promise<void> {
    await this.knownOrders.recordCancelled(cmd.tx, cmd.cancellations);
    const cancelled = await this.shipments.cancelUnscannedOfOrders(cmd.tx, [...new Set(cmd.cancellations.map((c) => c.orderId))], ORDER_CANCELLED_REASON);
    await this.outbox.append(
      cmd.tx,
      cancelled.map((s) => ({
        contract: ShipmentCancelledEvent,
        key: s.shipment_id,
        payload: { shipmentId: s.shipment_id, orderId: s.order_id, reason: ORDER_CANCELLED_REASON, cancelledAt: s.cancelled_at.toISOString() },
      })),
    );
    if (cancelled.length > 0) this.relay.wake(); // the relay publishes once the consumer's transaction commits
  }
}
