import { composeSimulatorWaybill } from '@parcelstream/carriers';
import { builtAppDir, startBuiltApp } from '@parcelstream/testing';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/**
 * The webpack build boots (SIM_PORT wins over PORT), injects by type (a registration reaches its use-case
 * and starts a journey), stops cleanly on SIGTERM, and refuses production without the signing secrets.
 * Needs `nx run carrier-simulator:build` first (the test target depends on it).
 */
describe('carrier-simulator built output', () => {
  let app: Awaited<ReturnType<typeof startBuiltApp>> | undefined;
  afterAll(async () => {
    await app?.stop(); // a failed expectation must not leave the process (and its port) behind
  });

  it('boots on SIM_PORT, registers a parcel, serves its journey and metrics, and shuts down gracefully', async () => {
    app = await startBuiltApp('carrier-simulator', 13610, { PORT: '13699', LOG_LEVEL: 'info', SIM_WEBHOOK_TARGET: 'http://127.0.0.1:13611/webhooks/carriers' }, { portVariable: 'SIM_PORT' });
    expect(app.baseUrl).toBe('http://127.0.0.1:13610');
    const trackingNumber = composeSimulatorWaybill('sim-poll', 77);
    const res = await fetch(`${app.baseUrl}/carriers/sim-poll/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ shipmentRef: 'built-1', trackingNumber, originCountryCode: 'CN', destinationCountryCode: 'GB' }),
    });
    expect(res.status).toBe(201);
    const journey = await (await fetch(`${app.baseUrl}/control/journeys/${trackingNumber}`)).json();
    expect(journey).toMatchObject({ carrierCode: 'sim-poll', shipmentRef: 'built-1', scenario: { crossBorder: true } });
    expect(await (await fetch(`${app.baseUrl}/metrics`)).text()).toContain('sim_journeys_started_total{carrier="sim-poll",origin="REGISTRATION"} 1');
    expect((await fetch(`${app.baseUrl}/docs/openapi.json`)).status).toBe(200);

    expect(await app.stop()).toBe(0);
    const messages = app.output.map((l) => (JSON.parse(l) as { msg?: string }).msg);
    expect(messages).toEqual(expect.arrayContaining(['SIGTERM: draining', 'stopped cleanly']));
    expect(messages.join('\n')).toContain('development webhook secrets in use');
  }, 60_000);

  it('production refuses to start without the carriers’ signing secrets, naming each variable', () => {
    const r = spawnSync(process.execPath, [path.join(builtAppDir('carrier-simulator'), 'main.js')], {
      env: { PATH: process.env.PATH, NODE_ENV: 'production', SIM_PORT: '13612', CARRIER_SIM_POST_WEBHOOK_SECRET: 'x' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toContain('CARRIER_SIM_TRACK_WEBHOOK_SECRET, CARRIER_SIM_SEVENTEEN_WEBHOOK_SECRET, CARRIER_SIM_LASTMILE_WEBHOOK_SECRET');
  });

  it('the load generator explains its options and refuses bad ones', () => {
    const load = path.join(builtAppDir('carrier-simulator'), 'load.js');
    const help = spawnSync(process.execPath, [load, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--concurrency');
    const bad = spawnSync(process.execPath, [load, '--carrier', 'sim-poll'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('is polled');
  });
});
