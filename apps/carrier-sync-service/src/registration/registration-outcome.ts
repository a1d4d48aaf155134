import { CircuitOpenError } from '../circuit-breaker/circuit-breaker';
import { CarrierRateLimitedError, CarrierRejectedError } from '../carrier-api/carrier-api.client';
import type { RegistrationResult } from './registrations.repository';

export interface RetryPolicy {
  maxAttempts: number;
  backoffMs: number;
}

const MAX_BACKOFF_MS = 5 * 60_000;

/** Exponential back-off with ±20 % jitter: attempt 1 → backoffMs, 2 → 2×, … capped at 5 minutes. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, policy.backoffMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * What a failed call means for the registration: a refusal is final; an open circuit or a rate limit waits
 * without spending an attempt; anything else (5xx, timeout) is retried with back-off until maxAttempts.
 */
export function failedRegistration(shipmentId: string, attemptsBefore: number, error: unknown, policy: RetryPolicy, now: number): RegistrationResult {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof CarrierRejectedError) return { shipmentId, status: 'FAILED', error: message, counted: true };
  if (error instanceof CircuitOpenError) return { shipmentId, status: 'PENDING', nextAttemptAt: new Date(Math.max(error.retryAt, now + 50)), error: message, counted: false };
  if (error instanceof CarrierRateLimitedError) return { shipmentId, status: 'PENDING', nextAttemptAt: new Date(now + error.retryAfterMs), error: message, counted: false };
  const attempt = attemptsBefore + 1;
  if (attempt >= policy.maxAttempts) return { shipmentId, status: 'FAILED', error: `gave up after ${attempt} attempts: ${message}`, counted: true };
  return { shipmentId, status: 'PENDING', nextAttemptAt: new Date(now + backoffDelay(policy, attempt)), error: message, counted: true };
}
