import { CALLER_HEADER, callerIdentitySecret, signCaller } from '@parcelstream/caller-identity';
import { createPlatformDatabase, migrateBuiltApp, startBuiltApp } from '@parcelstream/testing';

/**
 * The webpack build (not the TypeScript sources) boots, injects its dependencies by type (decorator metadata
 * survived the build: /health/ready needs the Kafka and Postgres indicators injected), and stops cleanly.
 */
describe('order-service built output (real Kafka and Postgres)', () => {
  let db: Awaited<ReturnType<typeof createPlatformDatabase>>;
  let app: Awaited<ReturnType<typeof startBuiltApp>> | undefined;
  beforeAll(async () => {
    db = await createPlatformDatabase();
  });
  afterAll(async () => {
    await app?.stop(); // a failed expectation must not leave the process (and its port) behind
    await db.drop();
  });

  it('migrates, becomes ready with Kafka and Postgres injected, and shuts down gracefully on SIGTERM', async () => {
    // from the topics' end: the shared broker's history (other suites' poison messages among it) is not this test's
    const env = { DATABASE_URL: db.urls['order-service'], KAFKA_BROKERS: process.env.KAFKA_BROKERS!, LOG_LEVEL: 'info', KAFKA_CONSUMER_START: 'latest' };
    expect(migrateBuiltApp('order-service', env)).toMatch(/orders: [1-9]\d* migration\(s\) applied/);
    expect(migrateBuiltApp('order-service', env)).toContain('orders: 0 migration(s) applied');

    app = await startBuiltApp('order-service', 13101, env);
    const ready = await (await fetch(`${app.baseUrl}/health/ready`)).json();
    expect(ready).toMatchObject({ status: 'ok', info: { postgres: { status: 'up' }, kafka: { status: 'up' } } });
    const metrics = await (await fetch(`${app.baseUrl}/metrics`)).text();
    expect(metrics).toContain('http_server_request_duration_seconds_bucket');
    const missing = await fetch(`${app.baseUrl}/no-such-route`, { headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(missing.headers.get('traceparent')).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-/);
    // the backbone's dead-letter ops API, on the table of the service's own migration
    const ops = { [CALLER_HEADER]: signCaller({ kind: 'user', sub: 'ops-1', role: 'ops' }, callerIdentitySecret())! };
    const deadLetters = await fetch(`${app.baseUrl}/ops/dead-letters`, { headers: ops });
    expect(deadLetters.status).toBe(200);
    // empty but for poison messages another suite (platform-e2e) may publish on the shared topics meanwhile
    const listed = (await deadLetters.json()) as { items: { headers: Record<string, string> }[]; nextCursor: string | null };
    expect(listed.items.filter((i) => i.headers.ce_source !== '/parcelstream/test')).toEqual([]);
    expect((await fetch(`${app.baseUrl}/ops/dead-letters/orders:${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/replay`, { method: 'POST', headers: ops })).status).toBe(404);
    expect((await fetch(`${app.baseUrl}/ops/dead-letters`)).status).toBe(401);

    expect(await app.stop()).toBe(0);
    const lines = app.output.map((l) => JSON.parse(l) as { msg?: string; level: string; service: string });
    expect(lines.every((l) => l.service === 'order-service')).toBe(true); // JSON logs
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['SIGTERM: draining', 'consumers stopped, outbox flushed', 'Kafka disconnected', 'stopped cleanly']));
  }, 60_000);
});
