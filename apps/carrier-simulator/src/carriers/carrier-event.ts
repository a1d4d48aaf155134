import type { Milestone } from '../journeys/milestone';
import type { Place } from '../journeys/places';
import type { DutiesDue } from '../journeys/script-journey';

/** What the platform should make of an event (carrier-sync's mapping table), `UNKNOWN` for an unmapped code. */
export interface ExpectedMeaning {
  status: string;
  substatus?: string;
}

/** A carrier's code for a milestone, and what it means on the platform. */
export interface DialectCode {
  rawCode: string;
  expected: ExpectedMeaning;
  /** the standard webhook's carriers declare status and sub-status themselves (SPEC §5) */
  declared?: ExpectedMeaning;
}

/**
 * One event as a simulated carrier emits it, in any style: a journey step (or an extra event with an
 * unmapped code) with its carrier code, local time and place resolved. Dialects render it.
 */
export interface CarrierEvent {
  /** `<journeyId>#<seq>`, `<journeyId>#<seq>u` for an unmapped extra */
  ref: string;
  journeyId: string;
  seq: number;
  kind: 'STEP' | 'UNMAPPED';
  milestone: Milestone;
  carrierCode: string;
  trackingNumber: string;
  /** the carrier's own event id, for styles that have one (else the platform fingerprints the event) */
  eventId?: string;
  code: DialectCode;
  /** ISO-8601 with the place's UTC offset */
  occurredAt: string;
  place: Place;
  /** where the journey started: the 17TRACK style reports origin and destination posts apart */
  originCountryCode: string;
  description: string;
  duties?: DutiesDue;
  estimatedDelivery?: { from: string; to: string };
  next?: { carrierCode: string; trackingNumber: string };
}
