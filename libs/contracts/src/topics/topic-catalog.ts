/**
 * The versioned topic catalog: `<domain>.<entity>.<kind>.v<N>` (SPEC §6). The key of every message is the
 * aggregate id, so one aggregate's events stay in order. A breaking payload change means a new version.
 */
export const Topics = {
  /** order-service: order.created, order.cancelled, order.status-changed — key: orderId */
  OrderEvents: 'orders.order.events.v1',
  /** shipment-service: shipment.created, cancelled, waybill-assigned, verification — key: shipmentId */
  ShipmentEvents: 'shipments.shipment.events.v1',
  /** carrier-sync: registration-succeeded/failed, waybill-assigned — key: shipmentId */
  CarrierRegistrationEvents: 'carrier.registration.events.v1',
  /** carrier-sync and seller updates: one normalised carrier checkpoint each — key: shipmentId (else carrier:number) */
  NormalizedTrackingEvents: 'carrier.tracking-events.normalized.v1',
  /** tracking-service milestones: status changes, ETA revisions, stalls, exceptions — key: shipmentId */
  TrackingShipmentStatus: 'tracking.shipment.status.v1',
  /** tracking-service: one event per timeline version (live-stream fan-out to every replica) — key: shipmentId */
  TrackingTimelineChanges: 'tracking.timeline.changes.v1',
} as const;
export type Topic = (typeof Topics)[keyof typeof Topics];

export interface TopicSpec {
  topic: Topic;
  partitions: number;
  retentionMs: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Partitions bound the consumer parallelism of each topic; retention covers a replay window. */
export const TOPIC_SPECS: readonly TopicSpec[] = [
  { topic: Topics.OrderEvents, partitions: 6, retentionMs: 7 * DAY_MS },
  { topic: Topics.ShipmentEvents, partitions: 6, retentionMs: 7 * DAY_MS },
  { topic: Topics.CarrierRegistrationEvents, partitions: 6, retentionMs: 7 * DAY_MS },
  { topic: Topics.NormalizedTrackingEvents, partitions: 12, retentionMs: 14 * DAY_MS },
  { topic: Topics.TrackingShipmentStatus, partitions: 6, retentionMs: 7 * DAY_MS },
  // only live streams read it (resumes read the database): a day covers a consumer's outage
  { topic: Topics.TrackingTimelineChanges, partitions: 6, retentionMs: 1 * DAY_MS },
];

/** Retry tiers and the dead-letter topic belong to one consumer group. */
export function retryTopic(consumerGroup: string, tier: number): string {
  return `${consumerGroup}.retry-${tier}.v1`;
}

export function deadLetterTopic(consumerGroup: string): string {
  return `${consumerGroup}.dead-letter.v1`;
}
