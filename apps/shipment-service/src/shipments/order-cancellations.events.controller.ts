import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { OrderCancelledEvent, type OrderCancelled } from '@parcelstream/contracts';
import type { EventBatch } from '@parcelstream/nest-messaging';
import { CancelOrderShipmentsUseCase } from './use-cases/cancel-order-shipments.use-case';

/** Consumes `order.cancelled` from `orders.order.events.v1`: the order's unscanned shipments are cancelled. */
@Controller()
export class OrderCancellationsEventsController {
  constructor(private readonly cancelOrderShipments: CancelOrderShipmentsUseCase) {}

  @EventPattern(OrderCancelledEvent.type)
  async onOrderCancelled(@Payload() batch: EventBatch<OrderCancelled>): Promise<void> {
    await this.cancelOrderShipments.execute({ tx: batch.tx, cancellations: batch.events.map((e) => e.payload) });
  }
}
