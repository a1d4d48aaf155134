import { isTrackingStatus, TERMINAL_STATUSES, type TrackingStatus } from '@parcelstream/contracts';

export interface PollScheduleOptions {
  baseIntervalMs: number;
  nearDeliveryIntervalMs: number;
  maxIntervalMs: number;
}

export type PollDecision = { stop: true } | { stop: false; delayMs: number };

/** Statuses after which the parcel is about to be delivered: poll often. */
const NEAR_DELIVERY: ReadonlySet<TrackingStatus> = new Set(['OUT_FOR_DELIVERY', 'AVAILABLE_FOR_PICKUP', 'ATTEMPT_FAIL']);
/** Sub-statuses that put the parcel in the destination country's hands: halfway between. */
const CLOSING_IN = new Set(['IN_TRANSIT.ARRIVED_DESTINATION_COUNTRY', 'IN_TRANSIT.CUSTOMS_RELEASED', 'IN_TRANSIT.HANDED_TO_LAST_MILE']);

/**
 * When to poll a waybill next: never again after a terminal status; often near delivery; at the base
 * interval while news comes; doubling (up to the ceiling) for every poll that brought nothing new.
 */
export function nextPoll(lastStatus: string | null, lastSubstatus: string | null, idlePolls: number, o: PollScheduleOptions): PollDecision {
  const status = lastStatus && isTrackingStatus(lastStatus) ? lastStatus : null;
  if (status && TERMINAL_STATUSES.has(status)) return { stop: true };
  let delay = o.baseIntervalMs;
  if (status && NEAR_DELIVERY.has(status)) delay = o.nearDeliveryIntervalMs;
  else if (lastSubstatus && CLOSING_IN.has(lastSubstatus)) delay = Math.max(o.nearDeliveryIntervalMs, Math.round(o.baseIntervalMs / 2));
  return { stop: false, delayMs: Math.min(o.maxIntervalMs, delay * 2 ** Math.min(idlePolls, 16)) };
}
