import type { ConnectorStyle } from '@parcelstream/carriers';
import type { Milestone } from '../journeys/milestone';
import type { CarrierEvent, DialectCode } from './carrier-event';

/** How one carrier style says things: its codes for the milestones and, for push styles, its requests. */
export interface CarrierDialect {
  readonly style: Exclude<ConnectorStyle, 'manual'>;
  /** whether its events carry the carrier's own ids (else the platform fingerprints them) */
  readonly carriesEventIds: boolean;
  codeOf(milestone: Milestone): DialectCode;
  /** a code the platform's mapping does not know (the `unmapped-code` fault); `n` makes each one different */
  unmappedCode(n: number): DialectCode;
}

export interface DeliveryContext {
  /** the delivery's id: repeated on every retry, so the platform can tell a retry from a new delivery */
  deliveryId: string;
  sentAtMs: number;
}

export interface PushDialect extends CarrierDialect {
  /** most events one request may hold (the style's own limit; the simulator's batch size caps it further) */
  readonly maxEventsPerRequest: number;
  /** events of one request share this key (the tracking number, for one-tracking-per-request styles) */
  requestKey(event: CarrierEvent): string;
  render(events: readonly CarrierEvent[], context: DeliveryContext): string;
  signatureHeaders(rawBody: string, secret: Buffer, context: DeliveryContext): Record<string, string>;
}

export interface PolledDialect extends CarrierDialect {
  renderEvent(event: CarrierEvent): Record<string, unknown>;
}

export function isPushDialect(dialect: CarrierDialect): dialect is PushDialect {
  return 'render' in dialect;
}

/** `Exception_004` → `Exception` (the AfterShip-style tag of a subtag). */
export function tagOf(subtag: string): string {
  return subtag.split('_')[0] ?? subtag;
}
