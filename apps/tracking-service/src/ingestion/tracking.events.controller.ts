import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  ShipmentCancelledEvent,
  ShipmentCreatedEvent,
  ShipmentWaybillAssignedEvent,
  TrackingEventNormalizedEvent,
  type NormalizedTrackingEvent,
  type ShipmentCancelled,
  type ShipmentCreated,
  type ShipmentWaybillAssigned,
} from '@parcelstream/contracts';
import type { EventBatch } from '@parcelstream/nest-messaging';
import { RecordShipmentsUseCase } from '../shipments/record-shipments.use-case';
import { IngestTrackingEventsUseCase } from './ingest-tracking-events.use-case';

/** Kafka in: carrier checkpoints and shipment facts. Each handler runs once per batch, in the inbox's transaction. */
@Controller()
export class TrackingEventsController {
  constructor(
    private readonly ingest: IngestTrackingEventsUseCase,
    private readonly recordShipments: RecordShipmentsUseCase,
  ) {}

  @EventPattern(TrackingEventNormalizedEvent.type)
  async onNormalized(@Payload() { events, tx }: EventBatch<NormalizedTrackingEvent>) {
    await this.ingest.execute(tx, events.map((e) => e.payload));
  }

  @EventPattern(ShipmentCreatedEvent.type)
  async onShipmentCreated(@Payload() { events, tx }: EventBatch<ShipmentCreated>) {
    await this.recordShipments.execute(tx, { kind: 'created', shipments: events.map((e) => e.payload) });
  }

  @EventPattern(ShipmentWaybillAssignedEvent.type)
  async onWaybillAssigned(@Payload() { events, tx }: EventBatch<ShipmentWaybillAssigned>) {
    await this.recordShipments.execute(tx, { kind: 'waybill-assigned', waybills: events.map((e) => e.payload) });
  }

  @EventPattern(ShipmentCancelledEvent.type)
  async onShipmentCancelled(@Payload() { events, tx }: EventBatch<ShipmentCancelled>) {
    await this.recordShipments.execute(tx, { kind: 'cancelled', cancellations: events.map((e) => e.payload) });
  }
}
