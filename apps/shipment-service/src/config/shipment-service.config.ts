import type { ShipmentServiceEnv } from './shipment-service.env';

/** The typed configuration the feature modules read (built once from the validated environment). */
export interface ShipmentServiceConfig {
  verification: {
    /** a SELLER-model shipment unscanned for this long is flagged UNVERIFIED */
    windowHours: number;
    sweepIntervalMs: number;
    /** shipments flagged per transaction */
    sweepBatchSize: number;
  };
  /** (carrier, tracking number) identifies one live shipment for this long */
  waybillReuseAfterDays: number;
}

export const SHIPMENT_SERVICE_CONFIG = Symbol('SHIPMENT_SERVICE_CONFIG');

export const DEFAULT_SHIPMENT_SERVICE_CONFIG: ShipmentServiceConfig = {
  verification: { windowHours: 72, sweepIntervalMs: 60_000, sweepBatchSize: 500 },
  waybillReuseAfterDays: 180,
};

export function shipmentServiceConfigOf(env: ShipmentServiceEnv): ShipmentServiceConfig {
  return {
    verification: {
      windowHours: env.VERIFICATION_WINDOW_HOURS,
      sweepIntervalMs: env.VERIFICATION_SWEEP_INTERVAL_MS,
      sweepBatchSize: DEFAULT_SHIPMENT_SERVICE_CONFIG.verification.sweepBatchSize,
    },
    waybillReuseAfterDays: env.WAYBILL_REUSE_AFTER_DAYS,
  };
}
