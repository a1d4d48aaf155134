import type { OrderStatus, TrackingStatus } from '@parcelstream/contracts';

export interface ShipmentProgress {
  cancelled: boolean;
  items: { sku: string; quantity: number }[];
  /** the tracking service's current status, once it has one */
  trackingStatus?: TrackingStatus | null;
}

export interface OrderProgress {
  status: OrderStatus;
  lines: { sku: string; quantity: number }[];
  shipments: ShipmentProgress[];
}

/** Statuses that say the parcel is physically moving (beyond a label). */
const MOVING: ReadonlySet<TrackingStatus> = new Set(['IN_TRANSIT', 'OUT_FOR_DELIVERY', 'AVAILABLE_FOR_PICKUP', 'ATTEMPT_FAIL', 'DELIVERED']);
/** Statuses that need someone's attention on the order. */
const TROUBLE: ReadonlySet<TrackingStatus> = new Set(['EXCEPTION', 'RETURNING', 'RETURNED', 'EXPIRED']);

/**
 * The order's status from its lines and its packages:
 * `AWAITING_SHIPMENT` → `PARTIALLY_SHIPPED` (some items in a shipment) → `SHIPPED` (every item) →
 * `IN_TRANSIT` (a package moves) → `DELIVERED` (every package delivered); `EXCEPTION` while a package is in
 * trouble; `CANCELLED` stays. Cancelled packages do not count.
 */
export function projectOrderStatus(order: OrderProgress): OrderStatus {
  if (order.status === 'CANCELLED') return 'CANCELLED';
  const live = order.shipments.filter((s) => !s.cancelled);
  const shipped = new Map<string, number>();
  for (const s of live) for (const i of s.items) shipped.set(i.sku, (shipped.get(i.sku) ?? 0) + i.quantity);
  const ordered = new Map<string, number>();
  for (const l of order.lines) ordered.set(l.sku, (ordered.get(l.sku) ?? 0) + l.quantity);

  if (live.some((s) => s.trackingStatus && TROUBLE.has(s.trackingStatus))) return 'EXCEPTION';
  const anyShipped = [...shipped.values()].some((q) => q > 0);
  if (!anyShipped) return 'AWAITING_SHIPMENT';
  const allShipped = [...ordered].every(([sku, q]) => (shipped.get(sku) ?? 0) >= q);
  if (!allShipped) return 'PARTIALLY_SHIPPED';
  if (live.every((s) => s.trackingStatus === 'DELIVERED')) return 'DELIVERED';
  if (live.some((s) => s.trackingStatus && MOVING.has(s.trackingStatus))) return 'IN_TRANSIT';
  return 'SHIPPED';
}
