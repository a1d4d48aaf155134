import { FINAL_EVENT_STATES, type Journey, type JourneyEvent } from './journey';

export interface Releasable {
  /** events to send now, in order, all of one carrier and number (one request's worth for this journey) */
  webhook: JourneyEvent[];
  /** events the polled carrier's tracking API shows now */
  poll: JourneyEvent[];
}

/**
 * What of a journey may go out now — pure. Events go out in order: an event waits until the ones before it
 * are done (accepted, served or given up), so a last-mile scan never overtakes the hand-over that announces
 * its number. Exceptions are the faults' doing: a delayed event is stepped over (later events overtake it);
 * a reordered event was swapped behind its successor and never rides in the same request as that one.
 * The polled carrier shows every due event at once; the push events after them wait until a poll served them.
 */
export function releasableEvents(journey: Journey, nowMs: number): Releasable {
  const webhook: JourneyEvent[] = [];
  const poll: JourneyEvent[] = [];
  for (const e of journey.events) {
    if (FINAL_EVENT_STATES.has(e.state)) continue;
    if (e.state === 'IN_FLIGHT') break;
    if (e.heldUntilMs !== undefined && e.heldUntilMs > nowMs) continue;
    if (e.dueAtMs > nowMs) break;
    if (e.channel === 'poll') {
      if (webhook.length > 0) break;
      poll.push(e);
      continue;
    }
    if (poll.length > 0) break;
    const first = webhook[0];
    if (first && (first.event.carrierCode !== e.event.carrierCode || first.event.trackingNumber !== e.event.trackingNumber || e.reordered)) break;
    webhook.push(e);
  }
  return { webhook, poll };
}

/** The earliest real time something of the journey may become releasable (undefined: nothing left to wait for). */
export function nextWakeOf(journey: Journey, nowMs: number): number | undefined {
  let wake: number | undefined;
  for (const e of journey.events) {
    if (FINAL_EVENT_STATES.has(e.state) || e.state === 'IN_FLIGHT') continue;
    const at = Math.max(e.dueAtMs, e.heldUntilMs ?? 0);
    if (at > nowMs && (wake === undefined || at < wake)) wake = at;
  }
  return wake;
}

/** `reorder` fault: the event at `index` trades places with the one after it (nothing to do for the last). */
export function swapWithNext(journey: Journey, index: number): boolean {
  const e = journey.events[index];
  const next = journey.events[index + 1];
  if (!e || !next || FINAL_EVENT_STATES.has(next.state) || next.state === 'IN_FLIGHT') return false;
  journey.events[index] = next;
  journey.events[index + 1] = e;
  e.reordered = true;
  return true;
}
