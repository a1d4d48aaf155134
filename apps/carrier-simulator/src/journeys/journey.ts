import type { CarrierEvent } from '../carriers/carrier-event';
import type { JourneyScript } from './script-journey';

/**
 * Where an event of a journey stands: waiting for its time, out in a webhook delivery, accepted by the
 * platform (202), served in a polled carrier's tracking answer, or given up after the last retry.
 */
export type EventState = 'SCHEDULED' | 'IN_FLIGHT' | 'ACCEPTED' | 'SERVED' | 'GAVE_UP';

export const FINAL_EVENT_STATES: ReadonlySet<EventState> = new Set(['ACCEPTED', 'SERVED', 'GAVE_UP']);

/** One event of a running journey: a scripted step, or an extra event the `unmapped-code` fault added. */
export interface JourneyEvent {
  event: CarrierEvent;
  /** push carriers send webhooks; the polled carrier shows the event on its tracking API */
  channel: 'webhook' | 'poll';
  /** real time (epoch ms) from which the event may go out */
  dueAtMs: number;
  state: EventState;
  /** the event-level faults (delay, reorder, unmapped code) were decided for it */
  faultsDecided: boolean;
  /** `delay` fault: held back until then, while later events go ahead */
  heldUntilMs?: number;
  /** `reorder` fault: swapped behind the event after it, and never sent in the same request as that one */
  reordered?: boolean;
  /** faults applied to it, for the journey view */
  faults: string[];
  /** the webhook deliveries it went out in */
  deliveries: string[];
  firstSentAtMs?: number;
  doneAtMs?: number;
}

export type JourneyOrigin = 'REGISTRATION' | 'ALLOCATION' | 'CONTROL';

/** A parcel's journey as it runs: its script and where each event stands. Kept in memory only. */
export interface Journey {
  id: string;
  carrierCode: string;
  trackingNumber: string;
  lastMileTrackingNumber?: string;
  /** the platform's shipment id, for journeys started by a registration or an allocation */
  shipmentRef?: string;
  origin: JourneyOrigin;
  originCountryCode: string;
  destinationCountryCode: string;
  createdAtMs: number;
  startedAtMs: number;
  script: JourneyScript;
  events: JourneyEvent[];
}

export function isComplete(journey: Journey): boolean {
  return journey.events.every((e) => FINAL_EVENT_STATES.has(e.state));
}
