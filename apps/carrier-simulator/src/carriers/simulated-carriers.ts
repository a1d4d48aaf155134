import { findCarrier, type CarrierCode, type ConnectorStyle, type SimulatorFormatId, type WaybillFormatId } from '@parcelstream/carriers';

/**
 * The carriers the simulator plays (libs/carriers' catalog, `simulated: true`) and how each behaves on a
 * journey: whether it hands cross-border parcels to the last-mile carrier under a new number, or delivers
 * them itself (the 17TRACK style reports the destination post as a second provider under the same number).
 */
export interface SimulatedCarrier {
  code: CarrierCode;
  name: string;
  style: Exclude<ConnectorStyle, 'manual'>;
  /** the format its allocated numbers have */
  formatId: WaybillFormatId;
  /** cross-border: hands over to `LAST_MILE_CARRIER` with a new number after customs */
  handsOver: boolean;
  /** plays only the domestic last leg (its own journeys are domestic) */
  lastMileOnly: boolean;
}

export const LAST_MILE_CARRIER = 'sim-lastmile' satisfies CarrierCode;

const profile = (code: CarrierCode, handsOver: boolean, lastMileOnly = false): SimulatedCarrier => {
  const carrier = findCarrier(code);
  if (!carrier?.simulated || carrier.connectorStyle === 'manual') throw new Error(`${code} is not a simulated carrier of the catalog`);
  return { code, name: carrier.name, style: carrier.connectorStyle, formatId: carrier.trackingNumberFormats[0] as WaybillFormatId, handsOver, lastMileOnly };
};

export const SIMULATED_CARRIERS: readonly SimulatedCarrier[] = [
  profile('sim-post', true),
  profile('sim-track', true),
  profile('sim-seventeen', false),
  profile('sim-poll', true),
  profile(LAST_MILE_CARRIER, false, true),
];

const BY_CODE = new Map<string, SimulatedCarrier>(SIMULATED_CARRIERS.map((c) => [c.code, c]));

export function simulatedCarrier(code: string): SimulatedCarrier | undefined {
  return BY_CODE.get(code);
}

export function isSimulatorFormat(id: WaybillFormatId): id is SimulatorFormatId {
  return id === 'sim-track' || id === 'sim-seventeen' || id === 'sim-poll' || id === 'sim-lastmile';
}
