import { createPlatformDatabase, migrateBuiltApp, startBuiltApp } from '@parcelstream/testing';

/**
 * The webpack build (not the TypeScript sources) boots with its validated environment, injects its
 * dependencies by type (decorator metadata survived the build), answers its API, and stops cleanly.
 * Needs `nx run shipment-service:build` first (CI builds before it tests).
 */
describe('shipment-service built output (real Kafka and Postgres)', () => {
  let db: Awaited<ReturnType<typeof createPlatformDatabase>>;
  let app: Awaited<ReturnType<typeof startBuiltApp>> | undefined;
  beforeAll(async () => {
    db = await createPlatformDatabase();
  });
  afterAll(async () => {
    await app?.stop(); // a failed expectation must not leave the process (and its port) behind
    await db.drop();
  });

  it('migrates, becomes ready, serves its API and shuts down gracefully on SIGTERM', async () => {
    const env = {
      DATABASE_URL: db.urls['shipment-service'],
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      LOG_LEVEL: 'info',
      VERIFICATION_WINDOW_HOURS: '0.5',
      VERIFICATION_SWEEP_INTERVAL_MS: '1000',
    };
    expect(migrateBuiltApp('shipment-service', env)).toContain('shipments: 3 migration(s) applied');
    expect(migrateBuiltApp('shipment-service', env)).toContain('shipments: 0 migration(s) applied');

    app = await startBuiltApp('shipment-service', 13102, env);
    const ready = await (await fetch(`${app.baseUrl}/health/ready`)).json();
    expect(ready).toMatchObject({ status: 'ok', info: { postgres: { status: 'up' }, kafka: { status: 'up' } } });
    const unauthenticated = await fetch(`${app.baseUrl}/sellers/me/logistics-partners`);
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get('content-type')).toContain('application/problem+json');

    expect(await app.stop()).toBe(0);
    const lines = app.output.map((l) => JSON.parse(l) as { msg?: string; service: string });
    expect(lines.every((l) => l.service === 'shipment-service')).toBe(true);
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['SIGTERM: draining', 'consumers stopped, outbox flushed', 'stopped cleanly']));
  }, 60_000);

  it('refuses to start with an invalid environment, naming the variable', () => {
    expect(() => migrateBuiltApp('shipment-service', { DATABASE_URL: db.urls['shipment-service'], VERIFICATION_WINDOW_HOURS: 'soon' })).toThrow(/VERIFICATION_WINDOW_HOURS/);
  });
});
