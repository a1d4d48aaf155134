import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { buyerIdOf, isOps, type Caller } from '@parcelstream/caller-identity';
import { OrderCancelledEvent, OrderStatusChangedEvent, type OrderStatus } from '@parcelstream/contracts';
import { OutboxRelay, OutboxWriter } from '@parcelstream/messaging';
import { DataSource } from 'typeorm';
import type { OrderView } from '../dto/order.view';
import { ownerFilterOf } from '../order-ownership';
import { OrdersRepository } from '../orders.repository';

/** The buyer may cancel before anything ships; the seller (and ops) also while it is partly shipped. */
const CANCELLABLE_BY_BUYER: ReadonlySet<OrderStatus> = new Set(['AWAITING_SHIPMENT']);
const CANCELLABLE_BY_SELLER: ReadonlySet<OrderStatus> = new Set(['AWAITING_SHIPMENT', 'PARTIALLY_SHIPPED']);

export interface CancelOrderCommand {
  caller: Caller;
  orderNumber: string;
  reason?: string;
}

/**
 * Cancels an order and announces it; shipment-service then cancels the order's shipments that no carrier
 * has scanned, so a cancel racing a ship ends with the order cancelled and no live shipment.
 * Cancelling a cancelled order answers the same order again.
 */
@Injectable()
export class CancelOrderUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orders: OrdersRepository,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
  ) {}

  async execute(cmd: CancelOrderCommand): Promise<OrderView> {
    const owner = ownerFilterOf(cmd.caller);
    const by = isOps(cmd.caller) ? 'OPS' : buyerIdOf(cmd.caller) ? 'BUYER' : 'SELLER';
    const changed = await this.dataSource.transaction(async (tx) => {
      const order = await this.orders.lockForChange(tx, cmd.orderNumber, owner);
      if (!order) throw new NotFoundException({ detail: `No order ${cmd.orderNumber}.` });
      if (order.status === 'CANCELLED') return false;
      const allowed = by === 'BUYER' ? CANCELLABLE_BY_BUYER : CANCELLABLE_BY_SELLER;
      if (!allowed.has(order.status)) {
        throw new ConflictException({ title: 'Order cannot be cancelled', detail: `The order is ${order.status}; ${by === 'BUYER' ? 'a buyer may cancel only before shipping' : 'shipped orders cannot be cancelled'}.` });
      }
      const cancelledAt = (await this.orders.markCancelled(tx, order.id, by, cmd.reason)).toISOString();
      await this.outbox.append(tx, [
        { contract: OrderCancelledEvent, key: order.id, payload: { orderId: order.id, orderNumber: order.order_number, cancelledBy: by, reason: cmd.reason, cancelledAt } },
        { contract: OrderStatusChangedEvent, key: order.id, payload: { orderId: order.id, orderNumber: order.order_number, from: order.status, to: 'CANCELLED', changedAt: cancelledAt } },
      ]);
      return true;
    });
    if (changed) this.relay.wake();
    return (await this.orders.findView(this.dataSource, cmd.orderNumber, owner)) as OrderView;
  }
}
