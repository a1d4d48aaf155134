import type { CarrierEvent } from '../carriers/carrier-event';
import { dialectOf } from '../carriers/dialects';
import { isPushDialect } from '../carriers/carrier-dialect';
import { WaybillAllocator } from '../carriers/waybill-allocator';
import { formatLocalTime } from '../journeys/local-time';
import { scriptJourney, type ScriptedStep } from '../journeys/script-journey';
import { LAST_MILE_CARRIER } from '../carriers/simulated-carriers';
import type { LoadOptions } from './load-options';

/** ten simulated minutes between two events of one shipment */
const STEP_MS = 10 * 60_000;

/**
 * The events of a load run — pure given the options, the clock and the run's start: `shipments` journeys
 * scripted from the seed, each contributing its share of `events` in the carrier's dialect (its scripted
 * steps of that carrier first, then further facility scans), all in the past, with ids unique to the run;
 * then cut into requests as the style wants (events of many shipments per request for the standard
 * webhook, one shipment per request otherwise), at most `batch` a request, shipments interleaved.
 */
export function planLoad(options: LoadOptions, nowMs: number, runStartedAtMs = nowMs): CarrierEvent[][] {
  const dialect = dialectOf(options.carrierCode);
  if (!isPushDialect(dialect)) throw new RangeError(`${options.carrierCode} does not push`);
  const allocator = new WaybillAllocator(options.seed, 'per-run', runStartedAtMs);
  const perShipment: CarrierEvent[][] = [];
  for (let s = 0; s < options.shipments; s++) {
    const want = Math.floor(options.events / options.shipments) + (s < options.events % options.shipments ? 1 : 0);
    const trackingNumber = allocator.allocate(options.carrierCode, options.originCountryCode);
    const script = scriptJourney({
      seed: options.seed,
      carrierCode: options.carrierCode,
      trackingNumber,
      originCountryCode: options.originCountryCode,
      destinationCountryCode: options.destinationCountryCode,
      lastMileTrackingNumber: allocator.allocate(LAST_MILE_CARRIER, options.destinationCountryCode),
    });
    const own = script.steps.filter((step) => step.carrierCode === options.carrierCode && step.milestone !== 'RETURNED');
    const steps: ScriptedStep[] = [];
    for (let k = 0; k < want; k++) {
      const scripted = own[k];
      steps.push(scripted ?? { ...(own[own.length - 1] as ScriptedStep), milestone: k % 2 === 0 ? 'ARRIVED_AT_FACILITY' : 'DEPARTED_ORIGIN_FACILITY', description: `Facility scan ${k}`, next: undefined, duties: undefined, estimatedDelivery: undefined });
    }
    perShipment.push(
      steps.map((step, k) => {
        const at = nowMs - (want - k) * STEP_MS;
        const event: CarrierEvent = {
          ref: `L${s}#${k}`,
          journeyId: `L${s}`,
          seq: k + 1,
          kind: 'STEP',
          milestone: step.milestone,
          carrierCode: options.carrierCode,
          trackingNumber,
          code: dialect.codeOf(step.milestone),
          occurredAt: formatLocalTime(at, step.place.utcOffsetMinutes),
          place: step.place,
          originCountryCode: options.originCountryCode,
          description: step.description,
        };
        if (dialect.carriesEventIds) event.eventId = `${trackingNumber}.${runStartedAtMs.toString(36)}.${k}`;
        if (step.duties) event.duties = step.duties;
        if (step.next) event.next = step.next;
        return event;
      }),
    );
  }
  const requests: CarrierEvent[][] = [];
  if (dialect.requestKey(perShipment[0]?.[0] as CarrierEvent) === '*') {
    // one stream in time order across shipments, cut every `batch` events
    const all = perShipment.flat().sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
    for (let i = 0; i < all.length; i += options.batch) requests.push(all.slice(i, i + options.batch));
    return requests;
  }
  const perShipmentRequests = perShipment.map((events) => {
    const out: CarrierEvent[][] = [];
    for (let i = 0; i < events.length; i += options.batch) out.push(events.slice(i, i + options.batch));
    return out;
  });
  for (let round = 0; perShipmentRequests.some((r) => r.length > round); round++) {
    for (const r of perShipmentRequests) if (r[round]) requests.push(r[round] as CarrierEvent[]);
  }
  return requests;
}
