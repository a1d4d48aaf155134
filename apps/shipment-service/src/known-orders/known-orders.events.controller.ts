import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { OrderCreatedEvent, type OrderCreated } from '@parcelstream/contracts';
import type { EventBatch } from '@parcelstream/nest-messaging';
import { RecordKnownOrdersUseCase } from './use-cases/record-known-orders.use-case';

/** Consumes `orders.order.events.v1` → the orders this service may ship (inbox and effect in one transaction). */
@Controller()
export class KnownOrdersEventsController {
  constructor(private readonly recordKnownOrders: RecordKnownOrdersUseCase) {}

  @EventPattern(OrderCreatedEvent.type)
  async onOrderCreated(@Payload() batch: EventBatch<OrderCreated>): Promise<void> {
    await this.recordKnownOrders.execute({ tx: batch.tx, orders: batch.events.map((e) => e.payload) });
  }
}
