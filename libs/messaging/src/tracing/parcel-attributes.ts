import { ParcelAttribute, type Attributes } from '@parcelstream/observability';

/** at most this many values per attribute: a span of a 500-event chunk stays small */
const MAX_VALUES = 50;

/**
 * Span attributes that name the parcels a set of events is about, so `npm run traces -- <id>` finds the trace:
 * the message keys (aggregate ids), and the `shipmentId`, `trackingNumber` and `orderNumber` fields of the
 * payloads (the names every contract uses for them).
 */
export function parcelAttributes(events: { key?: string | null; type?: string; payload?: unknown }[]): Attributes {
  const values = {
    [ParcelAttribute.aggregateIds]: new Set<string>(),
    [ParcelAttribute.eventTypes]: new Set<string>(),
    [ParcelAttribute.shipmentIds]: new Set<string>(),
    [ParcelAttribute.trackingNumbers]: new Set<string>(),
    [ParcelAttribute.orderNumbers]: new Set<string>(),
  };
  const add = (set: Set<string>, value: unknown) => {
    if (typeof value === 'string' && value && set.size < MAX_VALUES) set.add(value);
  };
  for (const e of events) {
    add(values[ParcelAttribute.aggregateIds], e.key);
    add(values[ParcelAttribute.eventTypes], e.type);
    const p = (typeof e.payload === 'object' && e.payload !== null ? e.payload : {}) as Record<string, unknown>;
    add(values[ParcelAttribute.shipmentIds], p.shipmentId);
    add(values[ParcelAttribute.trackingNumbers], p.trackingNumber);
    add(values[ParcelAttribute.orderNumbers], p.orderNumber);
  }
  const attributes: Attributes = {};
  for (const [name, set] of Object.entries(values)) if (set.size > 0) attributes[name] = [...set];
  return attributes;
}
