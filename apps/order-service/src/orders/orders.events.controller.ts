import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  ShipmentCancelledEvent,
  ShipmentCreatedEvent,
  ShipmentWaybillAssignedEvent,
  TrackingStatusChangedEvent,
  type ShipmentCancelled,
  type ShipmentCreated,
  type ShipmentWaybillAssigned,
  type TrackingStatusChanged,
} from '@parcelstream/contracts';
import type { EventBatch } from '@parcelstream/nest-messaging';
import { OrderShipmentsRepository } from './projection/order-shipments.repository';
import { ProjectOrderProgressUseCase } from './use-cases/project-order-progress.use-case';

/** Projects shipment and tracking progress onto orders. Each handler runs once per batch, set-based. */
@Controller()
export class OrdersEventsController {
  constructor(
    private readonly shipments: OrderShipmentsRepository,
    private readonly projectProgress: ProjectOrderProgressUseCase,
  ) {}

  @EventPattern(ShipmentCreatedEvent.type)
  async onShipmentCreated(@Payload() { events, tx }: EventBatch<ShipmentCreated>) {
    const touched = await this.shipments.recordCreated(tx, events.map((e) => e.payload));
    await this.projectProgress.execute(tx, touched);
  }

  @EventPattern(ShipmentCancelledEvent.type)
  async onShipmentCancelled(@Payload() { events, tx }: EventBatch<ShipmentCancelled>) {
    const touched = await this.shipments.markCancelled(tx, events.map((e) => e.payload.shipmentId));
    await this.projectProgress.execute(tx, touched);
  }

  @EventPattern(ShipmentWaybillAssignedEvent.type)
  async onWaybillAssigned(@Payload() { events, tx }: EventBatch<ShipmentWaybillAssigned>) {
    await this.shipments.setTrackingNumbers(tx, events.map((e) => e.payload));
  }

  @EventPattern(TrackingStatusChangedEvent.type)
  async onTrackingStatusChanged(@Payload() { events, tx }: EventBatch<TrackingStatusChanged>) {
    const latest = new Map(events.map((e) => [e.payload.shipmentId, e.payload])); // the batch's last per shipment
    const touched = await this.shipments.setTrackingStatuses(tx, [...latest.values()].map((p) => ({ shipmentId: p.shipmentId, status: p.status, substatus: p.substatus })));
    await this.projectProgress.execute(tx, touched);
  }
}
