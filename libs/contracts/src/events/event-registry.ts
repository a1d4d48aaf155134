import type { EventContract } from './event-contract';
import { OrderCancelledEvent, OrderCreatedEvent, OrderStatusChangedEvent } from './order-events';
import { ShipmentCancelledEvent, ShipmentCreatedEvent } from './shipment-events';
import { TrackingEventNormalizedEvent, TrackingStatusChangedEvent } from './tracking-events';

/** Every event type the platform knows, by CloudEvents `type`. */
export const EVENT_CONTRACTS: ReadonlyMap<string, EventContract> = new Map(
  [
    OrderCreatedEvent,
    OrderCancelledEvent,
    OrderStatusChangedEvent,
    ShipmentCreatedEvent,
    ShipmentCancelledEvent,
    TrackingEventNormalizedEvent,
    TrackingStatusChangedEvent,
  ].map((c) => [c.type, c as EventContract]),
);
