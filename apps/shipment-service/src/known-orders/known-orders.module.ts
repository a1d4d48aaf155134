import { Module } from '@nestjs/common';
import { KnownOrdersEventsController } from './known-orders.events.controller';
import { KnownOrdersRepository } from './known-orders.repository';
import { RecordKnownOrdersUseCase } from './use-cases/record-known-orders.use-case';

/** The orders learnt from order-service's events; shipping locks and checks them. */
@Module({
  controllers: [KnownOrdersEventsController],
  providers: [KnownOrdersRepository, RecordKnownOrdersUseCase],
  exports: [KnownOrdersRepository],
})
export class KnownOrdersModule {}
