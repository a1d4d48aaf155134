import { createPlatformDatabase, migrateBuiltApp, startBuiltApp } from '@parcelstream/testing';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/**
 * The webpack build (not the TypeScript sources) boots, injects its dependencies by type (decorator metadata
 * survived the build: the webhook route reaches its use-case and the connector), and stops cleanly; production
 * refuses to start on development webhook secrets. Needs `nx run carrier-sync-service:build` first.
 */
describe('carrier-sync-service built output (real Kafka and Postgres)', () => {
  let db: Awaited<ReturnType<typeof createPlatformDatabase>>;
  let app: Awaited<ReturnType<typeof startBuiltApp>> | undefined;
  beforeAll(async () => {
    db = await createPlatformDatabase();
  });
  afterAll(async () => {
    await app?.stop(); // a failed expectation must not leave the process (and its port) behind
    await db.drop();
  });

  it('migrates, becomes ready, verifies a webhook through its injected use-case, and shuts down gracefully', async () => {
    const env = { DATABASE_URL: db.urls['carrier-sync-service'], KAFKA_BROKERS: process.env.KAFKA_BROKERS!, LOG_LEVEL: 'info', BACKGROUND_WORKERS: 'off' };
    expect(migrateBuiltApp('carrier-sync-service', env)).toMatch(/carrier_sync: \d+ migration\(s\) applied/);
    app = await startBuiltApp('carrier-sync-service', 13103, env);
    const ready = await (await fetch(`${app.baseUrl}/health/ready`)).json();
    expect(ready).toMatchObject({ status: 'ok', info: { postgres: { status: 'up' }, kafka: { status: 'up' } } });

    const unsigned = await fetch(`${app.baseUrl}/webhooks/carriers/sim-post`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"events":[]}' });
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toMatchObject({ title: 'Invalid webhook signature', detail: expect.stringContaining('webhook-signature') });
    const health = await fetch(`${app.baseUrl}/ops/carriers`);
    expect(health.status).toBeLessThan(500);

    expect(await app.stop()).toBe(0);
    const messages = app.output.map((l) => (JSON.parse(l) as { msg?: string }).msg);
    expect(messages).toEqual(expect.arrayContaining(['SIGTERM: draining', 'stopped cleanly']));
    expect(messages.join('\n')).toContain('development webhook secrets in use');
  }, 60_000);

  it('production refuses to start without the carriers’ webhook secrets, naming each variable', () => {
    const main = path.join(__dirname, '..', '..', '..', 'dist', 'apps', 'carrier-sync-service', 'main.js');
    const r = spawnSync(process.execPath, [main], {
      env: { PATH: process.env.PATH, NODE_ENV: 'production', DATABASE_URL: db.urls['carrier-sync-service'], KAFKA_BROKERS: process.env.KAFKA_BROKERS!, CALLER_IDENTITY_SECRET: 'x'.repeat(32), WEBHOOK_CARRIERS: 'sim-post,sim-track' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toMatch(/CARRIER_SIM_POST_WEBHOOK_SECRET.*CARRIER_SIM_TRACK_WEBHOOK_SECRET/);
  });
});
