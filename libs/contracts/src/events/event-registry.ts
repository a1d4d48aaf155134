import type { EventContract } from './event-contract';
import { OrderCancelledEvent, OrderCreatedEvent, OrderStatusChangedEvent } from './order-events';
import { CarrierRegistrationFailedEvent, CarrierRegistrationSucceededEvent, CarrierWaybillAssignedEvent } from './carrier-registration-events';
import { ShipmentCancelledEvent, ShipmentCreatedEvent, ShipmentVerificationFailedEvent, ShipmentWaybillAssignedEvent } from './shipment-events';
import { TrackingEtaRevisedEvent, TrackingEventNormalizedEvent, TrackingShipmentStalledEvent, TrackingStatusChangedEvent } from './tracking-events';
import { TrackingTimelineChangedEvent } from './tracking-timeline-events';

/** Every event type the platform knows, by CloudEvents `type`. */
export const EVENT_CONTRACTS: ReadonlyMap<string, EventContract> = new Map(
  [
    OrderCreatedEvent,
    OrderCancelledEvent,
    OrderStatusChangedEvent,
    ShipmentCreatedEvent,
    ShipmentCancelledEvent,
    ShipmentWaybillAssignedEvent,
    ShipmentVerificationFailedEvent,
    CarrierRegistrationSucceededEvent,
    CarrierRegistrationFailedEvent,
    CarrierWaybillAssignedEvent,
    TrackingEventNormalizedEvent,
    TrackingStatusChangedEvent,
    TrackingEtaRevisedEvent,
    TrackingShipmentStalledEvent,
    TrackingTimelineChangedEvent,
  ].map((c) => [c.type, c as EventContract]),
);
