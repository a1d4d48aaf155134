import { WaybillAllocator } from '../carriers/waybill-allocator';
import { LAST_MILE_CARRIER, simulatedCarrier } from '../carriers/simulated-carriers';
import { isComplete, type Journey, type JourneyOrigin } from './journey';
import { eventsOfScript } from './journey-events';
import type { ScenarioOverrides } from './journey-scenario';
import { scriptJourney } from './script-journey';

export interface NewJourney {
  carrierCode: string;
  trackingNumber: string;
  originCountryCode: string;
  destinationCountryCode: string;
  origin: JourneyOrigin;
  shipmentRef?: string;
  overrides?: ScenarioOverrides;
  /** real ms after now at which the journey starts */
  startDelayMs: number;
}

export interface JourneyStoreOptions {
  seed: string;
  timeScale: number;
  /** see WaybillAllocator */
  waybillSequenceStart: number | 'per-run';
}

export class DuplicateJourneyError extends Error {
  constructor(readonly journey: Journey) {
    super(`${journey.carrierCode} ${journey.trackingNumber} already has journey ${journey.id}`);
    this.name = 'DuplicateJourneyError';
  }
}

/**
 * The journeys the simulator plays, in memory (one replica: SPEC §7 is a development tool). Indexed by id,
 * by (carrier, number) of both legs, and by (carrier, shipment ref) for idempotent registrations.
 */
export class JourneyStore {
  private journeys = new Map<string, Journey>();
  private byNumber = new Map<string, Journey>();
  private byShipmentRef = new Map<string, Journey>();
  private active = new Set<Journey>();
  /** scenarios planned for numbers not registered yet (control API): the registration's journey plays them */
  private planned = new Map<string, ScenarioOverrides>();
  private sequence = 0;
  private allocator: WaybillAllocator;

  constructor(private options: JourneyStoreOptions) {
    this.allocator = new WaybillAllocator(options.seed, options.waybillSequenceStart);
  }

  get seed(): string {
    return this.options.seed;
  }

  get timeScale(): number {
    return this.options.timeScale;
  }

  /** A new number of the carrier (a PLATFORM-model allocation, a hand-over's last-mile number). */
  allocateWaybill(carrierCode: string, originCountryCode: string): string {
    return this.allocator.allocate(carrierCode, originCountryCode);
  }

  /** Plans the scenario of the journey a later registration of this number starts (replaces an earlier plan). */
  plan(carrierCode: string, trackingNumber: string, overrides: ScenarioOverrides): void {
    this.planned.set(numberKey(carrierCode, trackingNumber), overrides);
  }

  plannedFor(carrierCode: string, trackingNumber: string): ScenarioOverrides | undefined {
    return this.planned.get(numberKey(carrierCode, trackingNumber));
  }

  /** Scripts and schedules a journey. Throws DuplicateJourneyError when the number is already playing. */
  create(input: NewJourney, nowMs = Date.now()): Journey {
    const existing = this.findByNumber(input.carrierCode, input.trackingNumber);
    if (existing) throw new DuplicateJourneyError(existing);
    const planKey = numberKey(input.carrierCode, input.trackingNumber);
    const carrier = simulatedCarrier(input.carrierCode);
    if (!carrier) throw new RangeError(`${input.carrierCode} is not a carrier the simulator plays`);
    const crossBorder = !carrier.lastMileOnly && input.originCountryCode !== input.destinationCountryCode;
    const lastMileTrackingNumber = crossBorder && carrier.handsOver ? this.allocateWaybill(LAST_MILE_CARRIER, input.destinationCountryCode) : undefined;
    const script = scriptJourney({
      seed: this.options.seed,
      carrierCode: input.carrierCode,
      trackingNumber: input.trackingNumber,
      originCountryCode: input.originCountryCode,
      destinationCountryCode: input.destinationCountryCode,
      lastMileTrackingNumber,
      overrides: input.overrides ?? this.planned.get(planKey),
    });
    this.planned.delete(planKey);
    const id = `J${String(++this.sequence).padStart(6, '0')}`;
    const startedAtMs = nowMs + input.startDelayMs;
    const journey: Journey = {
      id,
      carrierCode: input.carrierCode,
      trackingNumber: input.trackingNumber,
      lastMileTrackingNumber: script.scenario.handOver ? lastMileTrackingNumber : undefined,
      shipmentRef: input.shipmentRef,
      origin: input.origin,
      originCountryCode: input.originCountryCode,
      destinationCountryCode: input.destinationCountryCode,
      createdAtMs: nowMs,
      startedAtMs,
      script,
      events: eventsOfScript(script, { journeyId: id, startedAtMs, timeScale: this.options.timeScale, originCountryCode: input.originCountryCode }),
    };
    this.journeys.set(id, journey);
    this.byNumber.set(numberKey(journey.carrierCode, journey.trackingNumber), journey);
    if (journey.lastMileTrackingNumber) this.byNumber.set(numberKey(LAST_MILE_CARRIER, journey.lastMileTrackingNumber), journey);
    if (journey.shipmentRef) this.byShipmentRef.set(numberKey(journey.carrierCode, journey.shipmentRef), journey);
    this.active.add(journey);
    return journey;
  }

  find(id: string): Journey | undefined {
    return this.journeys.get(id);
  }

  findByNumber(carrierCode: string, trackingNumber: string): Journey | undefined {
    return this.byNumber.get(numberKey(carrierCode, trackingNumber));
  }

  /** by either leg's number, any carrier */
  findByAnyNumber(trackingNumber: string): Journey | undefined {
    for (const [key, journey] of this.byNumber) if (key.endsWith(`|${trackingNumber}`)) return journey;
    return undefined;
  }

  findByShipmentRef(carrierCode: string, shipmentRef: string): Journey | undefined {
    return this.byShipmentRef.get(numberKey(carrierCode, shipmentRef));
  }

  all(): Journey[] {
    return [...this.journeys.values()];
  }

  /** journeys with events still to go out (a finished journey leaves this set as soon as it is seen complete) */
  running(): Journey[] {
    for (const j of this.active) if (isComplete(j)) this.active.delete(j);
    return [...this.active];
  }

  /** Forgets everything (numbers start over too); a new seed when given. */
  reset(options: Partial<JourneyStoreOptions> = {}): void {
    this.options = { ...this.options, ...options };
    this.allocator = new WaybillAllocator(this.options.seed, this.options.waybillSequenceStart);
    this.journeys = new Map();
    this.byNumber = new Map();
    this.byShipmentRef = new Map();
    this.active = new Set();
    this.planned = new Map();
    this.sequence = 0;
  }
}

function numberKey(carrierCode: string, value: string): string {
  return `${carrierCode}|${value}`;
}
