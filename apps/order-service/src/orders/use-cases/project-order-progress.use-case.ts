import { Injectable } from '@nestjs/common';
import { OrderStatusChangedEvent, type OrderStatus } from '@parcelstream/contracts';
import { OutboxWriter, type SqlExecutor } from '@parcelstream/messaging';
import { OrderShipmentsRepository } from '../projection/order-shipments.repository';
import { projectOrderStatus } from '../projection/order-status-projection';

/**
 * Recomputes the status of the orders a batch of shipment/tracking events touched, in the batch's
 * transaction, and announces each change (`order.status-changed`).
 */
@Injectable()
export class ProjectOrderProgressUseCase {
  constructor(
    private readonly shipments: OrderShipmentsRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(tx: SqlExecutor, orderIds: string[]): Promise<void> {
    const ids = [...new Set(orderIds)];
    if (ids.length === 0) return;
    const progress = await this.shipments.loadProgress(tx, ids);
    const changes: { orderId: string; orderNumber: string; from: OrderStatus; status: OrderStatus }[] = [];
    for (const [orderId, p] of progress) {
      const status = projectOrderStatus(p);
      if (status !== p.status) changes.push({ orderId, orderNumber: p.orderNumber, from: p.status, status });
    }
    if (changes.length === 0) return;
    await this.shipments.setStatuses(tx, changes);
    const changedAt = new Date().toISOString();
    await this.outbox.append(
      tx,
      changes.map((c) => ({
        contract: OrderStatusChangedEvent,
        key: c.orderId,
        payload: { orderId: c.orderId, orderNumber: c.orderNumber, from: c.from, to: c.status, changedAt },
      })),
    );
  }
}
