import { Module } from '@nestjs/common';
import { OrdersEventsController } from './orders.events.controller';
import { OrdersHttpController } from './orders.http.controller';
import { OrdersRepository } from './orders.repository';
import { OrderShipmentsRepository } from './projection/order-shipments.repository';
import { CancelOrderUseCase } from './use-cases/cancel-order.use-case';
import { OrderQueries } from './use-cases/order-queries';
import { PlaceOrderUseCase } from './use-cases/place-order.use-case';
import { ProjectOrderProgressUseCase } from './use-cases/project-order-progress.use-case';

@Module({
  controllers: [OrdersHttpController, OrdersEventsController],
  providers: [OrdersRepository, OrderShipmentsRepository, PlaceOrderUseCase, CancelOrderUseCase, OrderQueries, ProjectOrderProgressUseCase],
})
export class OrdersModule {}
