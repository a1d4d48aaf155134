import { InvalidEnvironmentError, loadEnv } from '@parcelstream/service-runtime';
import { shipmentServiceConfigOf } from './shipment-service.config';
import { ShipmentServiceEnv } from './shipment-service.env';

describe('ShipmentServiceEnv', () => {
  it('has production defaults', () => {
    expect(shipmentServiceConfigOf(loadEnv(ShipmentServiceEnv, {}))).toEqual({
      verification: { windowHours: 72, sweepIntervalMs: 60_000, sweepBatchSize: 500 },
      waybillReuseAfterDays: 180,
    });
  });

  it('reads the verification window (fractional) and sweep interval from strings', () => {
    const env = loadEnv(ShipmentServiceEnv, { VERIFICATION_WINDOW_HOURS: '0.0005', VERIFICATION_SWEEP_INTERVAL_MS: '250', WAYBILL_REUSE_AFTER_DAYS: '90' });
    expect(shipmentServiceConfigOf(env)).toMatchObject({ verification: { windowHours: 0.0005, sweepIntervalMs: 250 }, waybillReuseAfterDays: 90 });
  });

  it('names every invalid variable', () => {
    expect(() => loadEnv(ShipmentServiceEnv, { VERIFICATION_WINDOW_HOURS: 'soon', VERIFICATION_SWEEP_INTERVAL_MS: '5' })).toThrow(InvalidEnvironmentError);
    expect(() => loadEnv(ShipmentServiceEnv, { VERIFICATION_WINDOW_HOURS: 'soon' })).toThrow(/VERIFICATION_WINDOW_HOURS/);
    expect(() => loadEnv(ShipmentServiceEnv, { VERIFICATION_SWEEP_INTERVAL_MS: '5' })).toThrow(/VERIFICATION_SWEEP_INTERVAL_MS/);
  });
});
