import type { CarrierEvent } from '../carriers/carrier-event';
import { dialectOf } from '../carriers/dialects';
import { simulatedCarrier } from '../carriers/simulated-carriers';
import type { JourneyEvent } from './journey';
import { formatLocalTime } from './local-time';
import type { JourneyScript, ScriptedStep } from './script-journey';

export interface EventTiming {
  journeyId: string;
  /** real time (epoch ms) the journey starts */
  startedAtMs: number;
  /** simulated ms per real ms */
  timeScale: number;
  originCountryCode: string;
}

/** Simulated offset → real time: the journey runs `timeScale` times faster than the wall clock. */
export function realTimeOf(timing: EventTiming, atSimMs: number): number {
  return timing.startedAtMs + Math.round(atSimMs / timing.timeScale);
}

/**
 * The carrier events of a script — pure: each step in its carrier's dialect (raw code and what the platform
 * makes of it), at its real time in the place's local time. Carrier event ids (for the styles that have them)
 * include the journey's start time: a restarted simulator that plays the same number again does not reuse
 * the ids the platform has already seen.
 */
export function eventsOfScript(script: JourneyScript, timing: EventTiming): JourneyEvent[] {
  return script.steps.map((step) => {
    const dueAtMs = realTimeOf(timing, step.atSimMs);
    return { event: carrierEventOf(step, timing, dueAtMs), channel: channelOf(step.carrierCode), dueAtMs, state: 'SCHEDULED', faultsDecided: false, faults: [], deliveries: [] };
  });
}

/** The extra event the `unmapped-code` fault adds right after `after`: same carrier, number and place, a code the platform does not know. */
export function unmappedEventAfter(after: JourneyEvent, n: number, timing: EventTiming): JourneyEvent {
  const dialect = dialectOf(after.event.carrierCode);
  const dueAtMs = after.dueAtMs + Math.max(1, Math.round(60_000 / timing.timeScale));
  const event: CarrierEvent = {
    ...after.event,
    ref: `${after.event.ref}u`,
    kind: 'UNMAPPED',
    code: dialect.unmappedCode(n),
    eventId: after.event.eventId === undefined ? undefined : `${after.event.eventId}u`,
    occurredAt: formatLocalTime(dueAtMs, after.event.place.utcOffsetMinutes),
    description: 'Status update (code not documented)',
    duties: undefined,
    estimatedDelivery: undefined,
    next: undefined,
  };
  return { event, channel: after.channel, dueAtMs, state: 'SCHEDULED', faultsDecided: true, faults: ['unmapped-code'], deliveries: [] };
}

function channelOf(carrierCode: string): JourneyEvent['channel'] {
  return simulatedCarrier(carrierCode)?.style === 'polled' ? 'poll' : 'webhook';
}

function carrierEventOf(step: ScriptedStep, timing: EventTiming, dueAtMs: number): CarrierEvent {
  const dialect = dialectOf(step.carrierCode);
  const offset = step.place.utcOffsetMinutes;
  const event: CarrierEvent = {
    ref: `${timing.journeyId}#${step.seq}`,
    journeyId: timing.journeyId,
    seq: step.seq,
    kind: 'STEP',
    milestone: step.milestone,
    carrierCode: step.carrierCode,
    trackingNumber: step.trackingNumber,
    code: dialect.codeOf(step.milestone),
    occurredAt: formatLocalTime(dueAtMs, offset),
    place: step.place,
    originCountryCode: timing.originCountryCode,
    description: step.description,
  };
  if (dialect.carriesEventIds) event.eventId = `${step.trackingNumber}.${timing.startedAtMs.toString(36)}.${step.seq}`;
  if (step.duties) event.duties = step.duties;
  if (step.next) event.next = step.next;
  if (step.estimatedDelivery) {
    event.estimatedDelivery = {
      from: formatLocalTime(realTimeOf(timing, step.estimatedDelivery.fromSimMs), offset),
      to: formatLocalTime(realTimeOf(timing, step.estimatedDelivery.toSimMs), offset),
    };
  }
  return event;
}
