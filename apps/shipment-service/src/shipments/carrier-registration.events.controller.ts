import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  CarrierRegistrationFailedEvent,
  CarrierRegistrationSucceededEvent,
  CarrierWaybillAssignedEvent,
  type CarrierRegistrationFailed,
  type CarrierRegistrationSucceeded,
  type CarrierWaybillAssigned,
} from '@parcelstream/contracts';
import type { EventBatch } from '@parcelstream/nest-messaging';
import { AssignWaybillsUseCase } from './use-cases/assign-waybills.use-case';
import { RecordCarrierRegistrationsUseCase } from './use-cases/record-carrier-registrations.use-case';

/** Consumes `carrier.registration.events.v1` from carrier-sync: allocated waybills and registration outcomes. */
@Controller()
export class CarrierRegistrationEventsController {
  constructor(
    private readonly assignWaybills: AssignWaybillsUseCase,
    private readonly recordRegistrations: RecordCarrierRegistrationsUseCase,
  ) {}

  @EventPattern(CarrierWaybillAssignedEvent.type)
  async onWaybillAssigned(@Payload() batch: EventBatch<CarrierWaybillAssigned>): Promise<void> {
    await this.assignWaybills.execute({ tx: batch.tx, assignments: batch.events.map((e) => e.payload) });
  }

  /** A registration that carries the carrier-allocated number also assigns it to a PLATFORM shipment still waiting for one. */
  @EventPattern(CarrierRegistrationSucceededEvent.type)
  async onRegistrationSucceeded(@Payload() batch: EventBatch<CarrierRegistrationSucceeded>): Promise<void> {
    const events = batch.events.map((e) => e.payload);
    await this.assignWaybills.execute({ tx: batch.tx, assignments: events.map((e) => ({ ...e, assignedAt: e.registeredAt })) });
    await this.recordRegistrations.execute({
      tx: batch.tx,
      outcomes: events.map((e) => ({ shipmentId: e.shipmentId, status: 'REGISTERED', failureReason: null, at: e.registeredAt })),
    });
  }

  @EventPattern(CarrierRegistrationFailedEvent.type)
  async onRegistrationFailed(@Payload() batch: EventBatch<CarrierRegistrationFailed>): Promise<void> {
    await this.recordRegistrations.execute({
      tx: batch.tx,
      outcomes: batch.events.map((e) => ({ shipmentId: e.payload.shipmentId, status: 'FAILED', failureReason: e.payload.reason, at: e.payload.failedAt })),
    });
  }
}
