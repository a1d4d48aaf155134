import { Injectable, Logger } from '@nestjs/common';
import type { OrderCreated } from '@parcelstream/contracts';
import type { SqlExecutor } from '@parcelstream/messaging';
import { KnownOrdersRepository } from '../known-orders.repository';

export interface RecordKnownOrdersCommand {
  tx: SqlExecutor;
  orders: OrderCreated[];
}

/** Learns orders from `order.created`: who sells and buys, what was bought, from where to where. */
@Injectable()
export class RecordKnownOrdersUseCase {
  private readonly log = new Logger('KnownOrders');

  constructor(private readonly knownOrders: KnownOrdersRepository) {}

  async execute(cmd: RecordKnownOrdersCommand): Promise<void> {
    const recorded = new Set(await this.knownOrders.recordCreated(cmd.tx, cmd.orders));
    const skipped = cmd.orders.filter((o) => !recorded.has(o.orderId));
    // a redelivered order is already known; a different order with a known order number is refused
    if (skipped.length > 0) this.log.debug({ msg: 'order.created already known or its number taken', orderIds: skipped.map((o) => o.orderId) });
  }
}
