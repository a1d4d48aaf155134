import { TrackingEventNormalizedEvent, type NormalizedTrackingEvent } from '@parcelstream/contracts';
import { jsonValueOf, type RecordedMessage } from '@parcelstream/testing';

/** An event of a simulated journey as the simulator's control API shows it (GET /control/journeys/{id}). */
export interface SimulatedEvent {
  ref: string;
  kind: 'STEP' | 'UNMAPPED';
  milestone: string;
  carrierCode: string;
  trackingNumber: string;
  eventId?: string;
  rawCode: string;
  expectedStatus: string;
  expectedSubstatus?: string;
  occurredAt: string;
  state: string;
  nextTrackingNumber?: string;
  nextCarrierCode?: string;
  duties?: { amount: string; currency: string; payer: string };
}

export interface SimulatedJourney {
  id: string;
  carrierCode: string;
  trackingNumber: string;
  lastMileTrackingNumber?: string;
  shipmentRef?: string;
  state: string;
  scenario: { customs: string; failedAttempts: number; outcome: string; handOver: boolean };
  timeline: SimulatedEvent[];
}

/** The identity of a carrier checkpoint across both sides: carrier, number, raw code and the instant (UTC). */
export function checkpointKey(e: { carrierCode: string; trackingNumber: string; rawCode: string; occurredAt: string }): string {
  return `${e.carrierCode}|${e.trackingNumber}|${e.rawCode}|${new Date(e.occurredAt).toISOString()}`;
}

export interface Published {
  event: NormalizedTrackingEvent;
  key: string | null;
}

/**
 * How each event a journey emitted fared on the normalised topic: the copies published (must be exactly one),
 * and the events published for the journey's numbers that the journey never emitted (must be none).
 */
export function compareWithTopic(journey: SimulatedJourney, messages: RecordedMessage[]) {
  const numbers = new Set(journey.timeline.map((e) => e.trackingNumber));
  const published: Published[] = messages
    .filter((m) => m.headers['ce_type'] === TrackingEventNormalizedEvent.type)
    .flatMap((m) => jsonValueOf<NormalizedTrackingEvent>(m.value).map((event) => ({ event, key: m.key })))
    .filter((p) => numbers.has(p.event?.trackingNumber) && p.event.source === 'CARRIER');
  const byKey = new Map<string, Published[]>();
  for (const p of published) byKey.set(checkpointKey(p.event), [...(byKey.get(checkpointKey(p.event)) ?? []), p]);
  const expected = new Set(journey.timeline.map(checkpointKey));
  return {
    copies: journey.timeline.map((e) => ({ simulated: e, published: byKey.get(checkpointKey(e)) ?? [] })),
    unexpected: published.filter((p) => !expected.has(checkpointKey(p.event))),
  };
}
