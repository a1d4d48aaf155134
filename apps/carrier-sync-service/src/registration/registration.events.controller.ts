import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ShipmentCancelledEvent, ShipmentCreatedEvent, type ShipmentCancelled, type ShipmentCreated } from '@parcelstream/contracts';
import type { EventBatch } from '@parcelstream/nest-messaging';
import { PollTargetsRepository } from '../polling/poll-targets.repository';
import { ShipmentsRepository } from '../shipments/shipments.repository';
import { RegistrationsRepository } from './registrations.repository';
import { RegistrationWorker } from './registration.worker';

/**
 * `shipment.created` → the shipment and a PENDING registration, set-based in the batch's transaction. The
 * carrier is called by the RegistrationWorker, outside this transaction (HTTP has no place in it).
 */
@Controller()
export class RegistrationEventsController {
  constructor(
    private readonly shipments: ShipmentsRepository,
    private readonly registrations: RegistrationsRepository,
    private readonly pollTargets: PollTargetsRepository,
    private readonly worker: RegistrationWorker,
  ) {}

  @EventPattern(ShipmentCreatedEvent.type)
  async onShipmentCreated(@Payload() { events, tx }: EventBatch<ShipmentCreated>) {
    const payloads = events.map((e) => e.payload);
    const fresh = await this.shipments.recordCreated(tx, payloads);
    await this.registrations.enqueue(tx, payloads.filter((p) => fresh.has(p.shipmentId)));
    this.worker.wakeSoon();
  }

  @EventPattern(ShipmentCancelledEvent.type)
  async onShipmentCancelled(@Payload() { events, tx }: EventBatch<ShipmentCancelled>) {
    const ids = events.map((e) => e.payload.shipmentId);
    await this.registrations.cancel(tx, ids);
    await this.pollTargets.stopForShipments(tx, ids);
  }
}
