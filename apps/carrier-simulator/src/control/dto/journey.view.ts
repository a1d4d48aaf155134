import { FINAL_EVENT_STATES, isComplete, type EventState, type Journey, type JourneyEvent } from '../../journeys/journey';
import type { JourneyScenario } from '../../journeys/journey-scenario';

export class JourneyEventView {
  /** `<journeyId>#<seq>` (`…u`: an extra event with an unmapped code) */
  ref!: string;
  seq!: number;
  kind!: 'STEP' | 'UNMAPPED';
  milestone!: string;
  carrierCode!: string;
  trackingNumber!: string;
  channel!: 'webhook' | 'poll';
  /** the carrier's own event id (standard webhook, polled); absent: the platform fingerprints the event */
  eventId?: string;
  rawCode!: string;
  /** what carrier-sync's mapping should make of it (`UNKNOWN` for an unmapped code) */
  expectedStatus!: string;
  expectedSubstatus?: string;
  occurredAt!: string;
  dueAt!: string;
  state!: EventState;
  description!: string;
  location!: { city: string; region?: string; countryCode: string; facility?: string };
  duties?: { amount: string; currency: string; payer: string };
  estimatedDelivery?: { from: string; to: string };
  nextTrackingNumber?: string;
  nextCarrierCode?: string;
  faults!: string[];
  deliveries!: string[];
}

export class JourneySummaryView {
  id!: string;
  carrierCode!: string;
  trackingNumber!: string;
  lastMileTrackingNumber?: string;
  shipmentRef?: string;
  origin!: string;
  originCountryCode!: string;
  destinationCountryCode!: string;
  scenario!: JourneyScenario;
  createdAt!: string;
  startedAt!: string;
  /** SCHEDULED before the start, RUNNING while events are still to go out, COMPLETE once all are done */
  state!: 'SCHEDULED' | 'RUNNING' | 'COMPLETE';
  events!: { total: number; done: number; accepted: number; served: number; gaveUp: number };
  /** real time of the last scripted step */
  endsAt!: string;
}

export class JourneyView extends JourneySummaryView {
  timeline!: JourneyEventView[];
}

export class JourneyList {
  items!: JourneySummaryView[];
}

export function journeySummaryOf(j: Journey, nowMs = Date.now()): JourneySummaryView {
  const count = (state: EventState) => j.events.filter((e) => e.state === state).length;
  const last = j.events.reduce((m, e) => Math.max(m, e.dueAtMs), j.startedAtMs);
  return {
    id: j.id,
    carrierCode: j.carrierCode,
    trackingNumber: j.trackingNumber,
    ...(j.lastMileTrackingNumber ? { lastMileTrackingNumber: j.lastMileTrackingNumber } : {}),
    ...(j.shipmentRef ? { shipmentRef: j.shipmentRef } : {}),
    origin: j.origin,
    originCountryCode: j.originCountryCode,
    destinationCountryCode: j.destinationCountryCode,
    scenario: j.script.scenario,
    createdAt: new Date(j.createdAtMs).toISOString(),
    startedAt: new Date(j.startedAtMs).toISOString(),
    state: isComplete(j) ? 'COMPLETE' : nowMs < j.startedAtMs ? 'SCHEDULED' : 'RUNNING',
    events: {
      total: j.events.length,
      done: j.events.filter((e) => FINAL_EVENT_STATES.has(e.state)).length,
      accepted: count('ACCEPTED'),
      served: count('SERVED'),
      gaveUp: count('GAVE_UP'),
    },
    endsAt: new Date(last).toISOString(),
  };
}

export function journeyViewOf(j: Journey, nowMs = Date.now()): JourneyView {
  return { ...journeySummaryOf(j, nowMs), timeline: j.events.map(eventViewOf) };
}

function eventViewOf(e: JourneyEvent): JourneyEventView {
  const ev = e.event;
  return {
    ref: ev.ref,
    seq: ev.seq,
    kind: ev.kind,
    milestone: ev.milestone,
    carrierCode: ev.carrierCode,
    trackingNumber: ev.trackingNumber,
    channel: e.channel,
    ...(ev.eventId ? { eventId: ev.eventId } : {}),
    rawCode: ev.code.rawCode,
    expectedStatus: ev.code.expected.status,
    ...(ev.code.expected.substatus ? { expectedSubstatus: ev.code.expected.substatus } : {}),
    occurredAt: ev.occurredAt,
    dueAt: new Date(e.dueAtMs).toISOString(),
    state: e.state,
    description: ev.description,
    location: {
      city: ev.place.city,
      ...(ev.place.region ? { region: ev.place.region } : {}),
      countryCode: ev.place.countryCode,
      ...(ev.place.facility ? { facility: ev.place.facility } : {}),
    },
    ...(ev.duties ? { duties: ev.duties } : {}),
    ...(ev.estimatedDelivery ? { estimatedDelivery: ev.estimatedDelivery } : {}),
    ...(ev.next ? { nextTrackingNumber: ev.next.trackingNumber, nextCarrierCode: ev.next.carrierCode } : {}),
    faults: e.faults,
    deliveries: e.deliveries,
  };
}
