export const FAULT_KINDS = ['duplicate', 'reorder', 'delay', 'http5xx', 'timeout', 'malformed', 'unmapped-code', 'bad-signature'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** `webhook`: what the simulated carriers push; `api`: how their APIs answer carrier-sync */
export const FAULT_TARGETS = ['webhook', 'api'] as const;
export type FaultTarget = (typeof FAULT_TARGETS)[number];

export const API_OPERATIONS = ['registrations', 'waybills', 'tracking'] as const;
export type ApiOperation = (typeof API_OPERATIONS)[number];

/**
 * Which fault means something where:
 * - webhooks: duplicate (the delivery's events again, in a new delivery), reorder (an event swapped behind
 *   the next), delay (an event held back while later ones go ahead), malformed (a body the platform must
 *   refuse), unmapped-code (an extra event with a code the platform's mapping lacks), bad-signature;
 * - APIs: http5xx, timeout (no answer: the caller's timeout fires), delay (a slow answer), malformed
 *   (truncated JSON, or a tracking page with invalid fields), and for the polled tracking API also
 *   duplicate (events twice in a page), reorder (events shuffled) and unmapped-code.
 */
export const MEANINGFUL: Readonly<Record<FaultTarget, readonly FaultKind[]>> = {
  webhook: ['duplicate', 'reorder', 'delay', 'malformed', 'unmapped-code', 'bad-signature'],
  api: ['http5xx', 'timeout', 'delay', 'malformed', 'duplicate', 'reorder', 'unmapped-code'],
};

/** API faults that only the tracking API can show (they are about events) */
export const TRACKING_ONLY: ReadonlySet<FaultKind> = new Set(['duplicate', 'reorder', 'unmapped-code']);

export interface FaultSpec {
  kind: FaultKind;
  /** a simulated carrier's code, or `*` for all */
  carrierCode: string;
  target: FaultTarget;
  /** API faults: which call (`*`: every call) */
  operation: ApiOperation | '*';
  /** probability that a matching delivery / event / call is hit, 0..1 */
  rate: number;
  /** at most this many hits, then the rule is spent */
  count?: number;
  /** `delay`: how long (ms); `timeout`: how long the answer hangs before the connection is dropped */
  delayMs: number;
  /** `http5xx`: which status */
  status: number;
  /** the rule ends by itself then (epoch ms) */
  expiresAtMs?: number;
}

export interface FaultRule extends FaultSpec {
  id: string;
  createdAtMs: number;
  /** how often it fired */
  applied: number;
}

export interface FaultContext {
  target: FaultTarget;
  carrierCode: string;
  operation?: ApiOperation;
}

export class InvalidFaultError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'InvalidFaultError';
  }
}
