import type { SeededRandom } from './seeded-random';

export const CUSTOMS_OUTCOMES = ['CLEARED', 'HELD', 'HELD_WITH_DUTIES'] as const;
export type CustomsOutcome = (typeof CUSTOMS_OUTCOMES)[number];

export const DELIVERY_OUTCOMES = ['DELIVERED', 'PICKUP_POINT', 'RETURNED'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

/** What happens to one parcel: drawn from the journey's seed, or forced (control API, tests, demos). */
export interface JourneyScenario {
  crossBorder: boolean;
  /** `NONE` for a domestic journey */
  customs: CustomsOutcome | 'NONE';
  failedAttempts: 0 | 1 | 2;
  outcome: DeliveryOutcome;
  /** a new carrier and number for the last leg */
  handOver: boolean;
}

export type ScenarioOverrides = Partial<Pick<JourneyScenario, 'customs' | 'failedAttempts' | 'outcome'>>;

export class ImpossibleScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImpossibleScenarioError';
  }
}

/**
 * Draws the scenario: customs cleared 65 %, held 15 %, held with duties 20 %; no failed attempt 75 %, one
 * 18 %, two 7 %; after two failed attempts the parcel waits at a pickup point and is collected or returned
 * (half each), after one it is redelivered (80 %) or collected. Overrides win, checked for sense.
 */
export function drawScenario(random: SeededRandom, base: { crossBorder: boolean; handOver: boolean }, overrides: ScenarioOverrides = {}): JourneyScenario {
  const drawnCustoms = random.weighted<CustomsOutcome>([
    ['CLEARED', 65],
    ['HELD', 15],
    ['HELD_WITH_DUTIES', 20],
  ]);
  const drawnAttempts = random.weighted<0 | 1 | 2>([
    [0, 75],
    [1, 18],
    [2, 7],
  ]);
  const collectedOrReturned = random.chance(0.5);
  const redelivered = random.chance(0.8);

  if (!base.crossBorder && overrides.customs !== undefined && overrides.customs !== 'NONE') {
    throw new ImpossibleScenarioError('a domestic journey has no customs');
  }
  if (base.crossBorder && overrides.customs === 'NONE') throw new ImpossibleScenarioError('a cross-border journey goes through customs');
  const customs = base.crossBorder ? (overrides.customs ?? drawnCustoms) : 'NONE';

  let failedAttempts = overrides.failedAttempts ?? drawnAttempts;
  let outcome: DeliveryOutcome;
  if (overrides.outcome !== undefined) {
    outcome = overrides.outcome;
    if (outcome === 'RETURNED' && overrides.failedAttempts === 0) throw new ImpossibleScenarioError('a parcel is returned only after a failed delivery attempt');
    if (outcome === 'RETURNED' && overrides.failedAttempts === undefined) failedAttempts = 2;
  } else if (failedAttempts === 2) {
    outcome = collectedOrReturned ? 'PICKUP_POINT' : 'RETURNED';
  } else if (failedAttempts === 1) {
    outcome = redelivered ? 'DELIVERED' : 'PICKUP_POINT';
  } else {
    outcome = 'DELIVERED';
  }
  return { crossBorder: base.crossBorder, customs, failedAttempts, outcome, handOver: base.crossBorder && base.handOver };
}
