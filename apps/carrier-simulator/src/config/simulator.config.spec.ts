import { loadEnv } from '@parcelstream/service-runtime';
import { resolveSigningSecrets, toSimulatorConfig } from './simulator.config';
import { SimulatorEnv } from './simulator.env';

describe('simulator configuration', () => {
  it('defaults run locally without setup: port 3100, carrier-sync direct, development secrets', () => {
    const env = loadEnv(SimulatorEnv, {});
    const { secrets, defaulted } = resolveSigningSecrets(false, {});
    const config = toSimulatorConfig(env, secrets);
    expect(config).toMatchObject({ port: 3100, webhookTarget: 'http://127.0.0.1:3003/webhooks/carriers', timeScale: 3600, seed: 'parcelstream', waybillSequenceStart: 'per-run' });
    expect(defaulted).toEqual(['sim-post', 'sim-track', 'sim-seventeen', 'sim-lastmile']);
    expect(secrets.get('sim-post')?.toString()).toBe('sim-post-secret');
  });

  it('SIM_PORT wins over PORT; values are converted and checked', () => {
    expect(toSimulatorConfig(loadEnv(SimulatorEnv, { PORT: '3000', SIM_PORT: '13600', SIM_TIME_SCALE: '36000.5' }), new Map())).toMatchObject({ port: 13600, timeScale: 36000.5 });
    const invalid = () => loadEnv(SimulatorEnv, { SIM_TIME_SCALE: '0', SIM_WEBHOOK_TARGET: 'nope' });
    expect(invalid).toThrow('SIM_TIME_SCALE must not be less than 1');
    expect(invalid).toThrow('SIM_WEBHOOK_TARGET must match');
  });

  it('signs with CARRIER_<CODE>_WEBHOOK_SECRET (the first value); production refuses to run without them, naming each', () => {
    const { secrets } = resolveSigningSecrets(false, { CARRIER_SIM_TRACK_WEBHOOK_SECRET: 'new,old' });
    expect(secrets.get('sim-track')?.toString()).toBe('new');
    expect(() => resolveSigningSecrets(true, { CARRIER_SIM_POST_WEBHOOK_SECRET: 'x' })).toThrow(
      'production needs the carriers\' webhook secrets: set CARRIER_SIM_TRACK_WEBHOOK_SECRET, CARRIER_SIM_SEVENTEEN_WEBHOOK_SECRET, CARRIER_SIM_LASTMILE_WEBHOOK_SECRET',
    );
  });
});
