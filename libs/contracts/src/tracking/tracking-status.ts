/**
 * Canonical tracking statuses (SPEC §3). Forward path first, then side states.
 * Every carrier code maps onto one of these (or `UNKNOWN`, which never changes a status).
 */
export const TRACKING_STATUSES = [
  'PENDING',
  'INFO_RECEIVED',
  'IN_TRANSIT',
  'OUT_FOR_DELIVERY',
  'AVAILABLE_FOR_PICKUP',
  'DELIVERED',
  'ATTEMPT_FAIL',
  'EXCEPTION',
  'RETURNING',
  'RETURNED',
  'EXPIRED',
  'CANCELLED',
] as const;
export type TrackingStatus = (typeof TRACKING_STATUSES)[number];

/** A raw carrier code without a mapping: stored on the event, never a status change. */
export const UNKNOWN_STATUS = 'UNKNOWN' as const;
export type EventStatus = TrackingStatus | typeof UNKNOWN_STATUS;
export const EVENT_STATUSES: readonly EventStatus[] = [...TRACKING_STATUSES, UNKNOWN_STATUS];

/** States after which nothing but an explicit exit may change the status. */
export const TERMINAL_STATUSES: ReadonlySet<TrackingStatus> = new Set(['DELIVERED', 'RETURNED', 'CANCELLED', 'EXPIRED']);

/**
 * Precedence: how far along a parcel is. A status of lower rank never replaces one of higher rank that
 * happened earlier, except through the explicit exits below. Side states sit at the rank of the forward
 * step they interrupt.
 */
export const STATUS_RANK: Readonly<Record<TrackingStatus, number>> = {
  PENDING: 0,
  INFO_RECEIVED: 10,
  IN_TRANSIT: 20,
  EXCEPTION: 25,
  ATTEMPT_FAIL: 30,
  OUT_FOR_DELIVERY: 30,
  AVAILABLE_FOR_PICKUP: 40,
  RETURNING: 50,
  DELIVERED: 100,
  RETURNED: 100,
  EXPIRED: 90,
  CANCELLED: 100,
};

/**
 * Explicit exits: transitions allowed even though the target ranks lower than the current status
 * (e.g. an `EXCEPTION` resolved by a new scan, a failed attempt followed by another delivery run,
 * an expired parcel that is scanned again).
 */
export const EXPLICIT_EXITS: Readonly<Partial<Record<TrackingStatus, readonly TrackingStatus[]>>> = {
  EXCEPTION: ['IN_TRANSIT', 'OUT_FOR_DELIVERY', 'AVAILABLE_FOR_PICKUP', 'RETURNING'],
  ATTEMPT_FAIL: ['OUT_FOR_DELIVERY', 'AVAILABLE_FOR_PICKUP', 'IN_TRANSIT', 'RETURNING', 'EXCEPTION'],
  OUT_FOR_DELIVERY: ['ATTEMPT_FAIL', 'EXCEPTION'],
  AVAILABLE_FOR_PICKUP: ['RETURNING', 'EXCEPTION'],
  EXPIRED: ['IN_TRANSIT', 'OUT_FOR_DELIVERY', 'AVAILABLE_FOR_PICKUP', 'EXCEPTION', 'RETURNING'],
};

export function isTrackingStatus(value: string): value is TrackingStatus {
  return (TRACKING_STATUSES as readonly string[]).includes(value);
}

export function isTerminal(status: TrackingStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}

/** May `next` (seen later in carrier time) replace `current`? */
export function canTransition(current: TrackingStatus, next: TrackingStatus): boolean {
  if (current === next) return true;
  if (isTerminal(current) && current !== 'EXPIRED') return false;
  if (STATUS_RANK[next] >= STATUS_RANK[current]) return true;
  return EXPLICIT_EXITS[current]?.includes(next) ?? false;
}
