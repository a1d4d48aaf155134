import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { KnownOrdersModule } from '../known-orders/known-orders.module';
import { LogisticsPartnersModule } from '../logistics-partners/logistics-partners.module';
import { CarrierRegistrationEventsController } from './carrier-registration.events.controller';
import { CarrierScansEventsController } from './carrier-scans.events.controller';
import { OrderCancellationsEventsController } from './order-cancellations.events.controller';
import { ShipmentCarrierProgressRepository } from './shipment-carrier-progress.repository';
import { ShipmentsHttpController } from './shipments.http.controller';
import { ShipmentsRepository } from './shipments.repository';
import { AssignWaybillsUseCase } from './use-cases/assign-waybills.use-case';
import { CancelOrderShipmentsUseCase } from './use-cases/cancel-order-shipments.use-case';
import { CancelShipmentUseCase } from './use-cases/cancel-shipment.use-case';
import { CreateShipmentUseCase } from './use-cases/create-shipment.use-case';
import { FlagUnverifiedShipmentsUseCase } from './use-cases/flag-unverified-shipments.use-case';
import { GetShipmentUseCase } from './use-cases/get-shipment.use-case';
import { ListOrderShipmentsUseCase } from './use-cases/list-order-shipments.use-case';
import { PostSellerTrackingUpdateUseCase } from './use-cases/post-seller-tracking-update.use-case';
import { RecordCarrierRegistrationsUseCase } from './use-cases/record-carrier-registrations.use-case';
import { RecordFirstScansUseCase } from './use-cases/record-first-scans.use-case';
import { ShipmentVerificationSweep } from './verification/shipment-verification.sweep';
import { UnverifiedShipmentsRepository } from './verification/unverified-shipments.repository';

/** Shipments of known orders: creation, cancellation, seller updates, carrier progress, verification. */
@Module({
  imports: [KnownOrdersModule, LogisticsPartnersModule, IdempotencyModule],
  controllers: [ShipmentsHttpController, OrderCancellationsEventsController, CarrierRegistrationEventsController, CarrierScansEventsController],
  providers: [
    ShipmentsRepository,
    ShipmentCarrierProgressRepository,
    UnverifiedShipmentsRepository,
    CreateShipmentUseCase,
    CancelShipmentUseCase,
    PostSellerTrackingUpdateUseCase,
    GetShipmentUseCase,
    ListOrderShipmentsUseCase,
    CancelOrderShipmentsUseCase,
    AssignWaybillsUseCase,
    RecordCarrierRegistrationsUseCase,
    RecordFirstScansUseCase,
    FlagUnverifiedShipmentsUseCase,
    ShipmentVerificationSweep,
  ],
})
export class ShipmentsModule {}
