/** Transit-time statistics of a lane or a carrier: the 25th and 75th percentile, in hours, over `samples` deliveries. */
export interface TransitStats {
  samples: number;
  p25Hours: number;
  p75Hours: number;
}

export const MIN_LANE_SAMPLES = 5;
export const MIN_CARRIER_SAMPLES = 10;
/** without observations: a domestic parcel 1–4 days, a cross-border one 6–15 days */
export const DEFAULT_WINDOW_HOURS = { domestic: [24, 96], crossBorder: [144, 360] } as const;

const HOUR_MS = 3_600_000;
const roundToHour = (ms: number) => new Date(Math.round(ms / HOUR_MS) * HOUR_MS).toISOString();

/**
 * Our predicted delivery window: from the anchor (the first physical scan, else when the shipment became known)
 * plus the lane's p25–p75 transit time; the carrier's overall figures when the lane has too few deliveries; a
 * static default by domestic vs cross-border last. Rounded to the hour so that small changes don't publish revisions.
 */
export function predictedWindow(
  anchor: Date,
  lane: { originCountryCode: string | null; destinationCountryCode: string | null },
  laneStats: TransitStats | undefined,
  carrierStats: TransitStats | undefined,
): { from: string; to: string } {
  let hours: readonly [number, number];
  if (laneStats && laneStats.samples >= MIN_LANE_SAMPLES) hours = [laneStats.p25Hours, laneStats.p75Hours];
  else if (carrierStats && carrierStats.samples >= MIN_CARRIER_SAMPLES) hours = [carrierStats.p25Hours, carrierStats.p75Hours];
  else {
    const domestic = lane.originCountryCode !== null && lane.originCountryCode === lane.destinationCountryCode;
    hours = domestic ? DEFAULT_WINDOW_HOURS.domestic : DEFAULT_WINDOW_HOURS.crossBorder;
  }
  const from = anchor.getTime() + hours[0] * HOUR_MS;
  const to = Math.max(from + HOUR_MS, anchor.getTime() + hours[1] * HOUR_MS);
  return { from: roundToHour(from), to: roundToHour(to) };
}
