/**
 * Attribute names of messaging spans: OpenTelemetry's messaging semantic conventions (still "incubating", so
 * named here rather than imported) and Parcelstream's own, by which `npm run traces` finds one parcel's trace.
 */
export const MessagingAttribute = {
  system: 'messaging.system',
  destination: 'messaging.destination.name',
  partition: 'messaging.destination.partition.id',
  operationType: 'messaging.operation.type',
  operationName: 'messaging.operation.name',
  consumerGroup: 'messaging.consumer.group.name',
  batchMessageCount: 'messaging.batch.message_count',
  messageId: 'messaging.message.id',
  kafkaMessageKey: 'messaging.kafka.message.key',
  kafkaOffset: 'messaging.kafka.offset',
} as const;

export const ParcelAttribute = {
  /** the message key: the aggregate (shipment, order) the event belongs to */
  aggregateId: 'parcelstream.aggregate_id',
  aggregateIds: 'parcelstream.aggregate_ids',
  eventType: 'parcelstream.event_type',
  eventTypes: 'parcelstream.event_types',
  shipmentIds: 'parcelstream.shipment_ids',
  trackingNumbers: 'parcelstream.tracking_numbers',
  orderNumbers: 'parcelstream.order_numbers',
} as const;
