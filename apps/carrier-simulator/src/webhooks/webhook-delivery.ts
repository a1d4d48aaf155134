import type { JourneyEvent } from '../journeys/journey';

/** One webhook request's worth of events; retried under the same id until accepted or out of attempts. */
export interface WebhookDelivery {
  id: string;
  carrierCode: string;
  events: JourneyEvent[];
  /** attempts made so far */
  attempt: number;
  nextAttemptAtMs: number;
  /** a copy the `duplicate` fault sends (it changes no event's state) */
  duplicateOf?: string;
}

export interface RetryPolicy {
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
}

/** Delay before the next attempt after `attempt` failed: base × 2^(attempt − 1), capped. */
export function retryDelayMs(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.retryMaxMs, policy.retryBaseMs * 2 ** Math.max(0, attempt - 1));
}

/** Splits events into requests of at most `max` (a carrier's batch), keeping their order. */
export function chunk<T>(items: readonly T[], max: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += max) out.push(items.slice(i, i + max));
  return out;
}
