import { LAST_MILE_CARRIER, simulatedCarrier } from '../carriers/simulated-carriers';
import { drawScenario, type JourneyScenario, type ScenarioOverrides } from './journey-scenario';
import type { Milestone } from './milestone';
import { placesOf, type Place } from './places';
import { SeededRandom } from './seeded-random';

export type DutyPayer = 'BUYER' | 'SELLER' | 'PLATFORM';

export interface DutiesDue {
  amount: string;
  currency: string;
  payer: DutyPayer;
}

/** One step of a journey as scripted: what happens, where, and when in simulated time. */
export interface ScriptedStep {
  /** 1-based position in the journey */
  seq: number;
  milestone: Milestone;
  /** 1: the carrier the parcel was registered with; 2: the last-mile carrier after a hand-over */
  leg: 1 | 2;
  carrierCode: string;
  trackingNumber: string;
  /** simulated milliseconds since the journey started */
  atSimMs: number;
  place: Place;
  description: string;
  duties?: DutiesDue;
  /** the carrier's delivery estimate, in simulated ms since the start */
  estimatedDelivery?: { fromSimMs: number; toSimMs: number };
  /** the hand-over's new carrier and number */
  next?: { carrierCode: string; trackingNumber: string };
}

export interface JourneyRequest {
  /** the simulator's seed: with the carrier and number it decides everything about the journey */
  seed: string;
  carrierCode: string;
  trackingNumber: string;
  originCountryCode: string;
  destinationCountryCode: string;
  /** the last-mile carrier's number, needed when the carrier hands cross-border parcels over */
  lastMileTrackingNumber?: string;
  overrides?: ScenarioOverrides;
}

export interface JourneyScript {
  scenario: JourneyScenario;
  steps: ScriptedStep[];
  /** simulated ms from the start to the last step */
  durationSimMs: number;
}

const HOUR = 3_600_000;

/**
 * Scripts a parcel's journey — pure: the same request gives the same script. Cross-border: label, pickup,
 * origin sorting, export, line-haul, import, customs (sometimes held, sometimes with duties due), release,
 * then either a hand-over to the last-mile carrier under a new number or the carrier's own destination leg;
 * out for delivery, failed attempts, and delivery, collection at a pickup point, or a return to the sender.
 * Domestic journeys skip the border. Every random draw comes from one generator seeded by (seed, carrier,
 * number); the scenario and places are drawn first, so an override changes no other choice (the times of
 * the steps after an overridden part may shift).
 */
export function scriptJourney(request: JourneyRequest): JourneyScript {
  const carrier = simulatedCarrier(request.carrierCode);
  if (!carrier) throw new RangeError(`${request.carrierCode} is not a carrier the simulator plays`);
  const random = new SeededRandom(`${request.seed}|${request.carrierCode}|${request.trackingNumber}`);
  const crossBorder = !carrier.lastMileOnly && request.originCountryCode !== request.destinationCountryCode;
  const scenario = drawScenario(random, { crossBorder, handOver: carrier.handsOver }, request.overrides);
  if (scenario.handOver && !request.lastMileTrackingNumber) throw new RangeError(`${carrier.code} hands over: lastMileTrackingNumber is required`);

  const origin = placesOf(carrier.lastMileOnly ? request.destinationCountryCode : request.originCountryCode);
  const destination = placesOf(request.destinationCountryCode);
  const originCity = { ...random.pick(origin.cities), countryCode: origin.countryCode };
  const destinationCity = { ...random.pick(destination.cities), countryCode: destination.countryCode };
  const originGateway = { ...origin.gateway, countryCode: origin.countryCode };
  const destinationGateway = { ...destination.gateway, countryCode: destination.countryCode };
  const sortingCentre: Place = { ...originCity, facility: `${originCity.city} Sorting Centre` };
  const depot: Place = { ...destinationCity, facility: `${destinationCity.city} Delivery Depot` };
  const pickupPoint: Place = { ...destinationCity, facility: `${destinationCity.city} Parcel Point` };
  const signed = random.chance(0.6);
  const duties = drawDuties(random, destination.currency);

  const steps: ScriptedStep[] = [];
  let clock = 0;
  let leg: 1 | 2 = 1;
  let current = { carrierCode: carrier.code as string, trackingNumber: request.trackingNumber };
  const add = (milestone: Milestone, afterHours: [number, number], place: Place, description: string, extra: Partial<ScriptedStep> = {}) => {
    clock += Math.round(random.between(afterHours[0], afterHours[1]) * HOUR);
    const step: ScriptedStep = { seq: steps.length + 1, milestone, leg, ...current, atSimMs: clock, place, description, ...extra };
    steps.push(step);
    return step;
  };

  add('LABEL_CREATED', [0, 0], originCity, 'Shipment information received');
  add('PICKED_UP', [2, 18], originCity, `Picked up in ${originCity.city}`);
  add('ARRIVED_AT_FACILITY', [2, 8], sortingCentre, `Arrived at ${sortingCentre.facility}`);
  add('DEPARTED_ORIGIN_FACILITY', [2, 8], sortingCentre, `Departed ${sortingCentre.facility}`);

  const etaSteps: ScriptedStep[] = [];
  if (scenario.crossBorder) {
    add('DEPARTED_ORIGIN_COUNTRY', [10, 36], originGateway, 'Export cleared: departed the country of origin');
    add('IN_LINE_HAUL', [1, 4], originGateway, `In transit to ${destination.countryCode} (line-haul)`);
    etaSteps.push(add('ARRIVED_DESTINATION_COUNTRY', [12, 60], destinationGateway, 'Arrived in the destination country'));
    add('CUSTOMS_PROCESSING', [1, 6], destinationGateway, 'Customs clearance in progress');
    if (scenario.customs === 'HELD' || scenario.customs === 'HELD_WITH_DUTIES') {
      add('CUSTOMS_HELD', [2, 12], destinationGateway, 'Held by customs: documents requested');
    }
    if (scenario.customs === 'HELD_WITH_DUTIES') {
      add('DUTIES_DUE', [0.5, 2], destinationGateway, `Import duties payable: ${duties.amount} ${duties.currency} (${duties.payer === 'BUYER' ? 'the recipient pays' : 'the sender pays'})`, { duties });
    }
    const releaseAfter: [number, number] = scenario.customs === 'CLEARED' ? [2, 24] : [12, 48];
    add('CUSTOMS_RELEASED', releaseAfter, destinationGateway, 'Released by customs');
    if (scenario.handOver) {
      const next = { carrierCode: LAST_MILE_CARRIER, trackingNumber: request.lastMileTrackingNumber as string };
      etaSteps.push(add('HANDED_TO_LAST_MILE', [3, 12], destinationGateway, `Handed over to the last-mile carrier, new tracking number ${next.trackingNumber}`, { next }));
      leg = 2;
      current = next;
    }
  }
  add('ARRIVED_AT_FACILITY', [4, 16], depot, `Arrived at ${depot.facility}`);

  const firstDeliveryRun = add('OUT_FOR_DELIVERY', [8, 20], depot, 'Out for delivery');
  for (let i = 0; i < scenario.failedAttempts; i++) {
    add('ATTEMPT_FAILED', [3, 9], depot, 'Delivery attempted: recipient not available');
    if (i < scenario.failedAttempts - 1 || scenario.outcome === 'DELIVERED') add('OUT_FOR_DELIVERY', [14, 26], depot, 'Out for delivery (new attempt)');
  }
  switch (scenario.outcome) {
    case 'DELIVERED':
      add(signed ? 'DELIVERED_SIGNED' : 'DELIVERED_LEFT_AT_DOOR', [1, 8], depot, signed ? 'Delivered, signed for by the recipient' : 'Delivered, left at the front door');
      break;
    case 'PICKUP_POINT':
      add('AT_PICKUP_POINT', [2, 6], pickupPoint, `Available for collection at ${pickupPoint.facility}`);
      add('COLLECTED_BY_RECIPIENT', [12, 96], pickupPoint, 'Collected by the recipient');
      break;
    case 'RETURNED':
      add('AT_PICKUP_POINT', [2, 6], pickupPoint, `Available for collection at ${pickupPoint.facility}`);
      add('RETURNING', [168, 200], pickupPoint, 'Not collected: returning to the sender');
      leg = 1;
      current = { carrierCode: carrier.code, trackingNumber: request.trackingNumber };
      add('RETURNED', [72, 240], sortingCentre, 'Returned to the sender');
      break;
  }

  // the carrier's estimate: a day-wide window around its planned first delivery run
  const planned = firstDeliveryRun.atSimMs + 4 * HOUR;
  for (const s of etaSteps) s.estimatedDelivery = { fromSimMs: planned - 12 * HOUR, toSimMs: planned + 12 * HOUR };
  firstDeliveryRun.estimatedDelivery = { fromSimMs: firstDeliveryRun.atSimMs, toSimMs: firstDeliveryRun.atSimMs + 10 * HOUR };
  return { scenario, steps, durationSimMs: clock };
}

function drawDuties(random: SeededRandom, currency: string): DutiesDue {
  const noMinorUnit = currency === 'JPY' || currency === 'KRW';
  const major = random.between(3, 80) * (noMinorUnit ? 150 : 1);
  const amount = noMinorUnit ? String(Math.round(major)) : major.toFixed(2);
  const payer = random.weighted<DutyPayer>([
    ['BUYER', 6],
    ['SELLER', 3],
    ['PLATFORM', 1],
  ]);
  return { amount, currency, payer };
}
