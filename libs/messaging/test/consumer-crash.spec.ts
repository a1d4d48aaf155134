import { testDatabaseUrl, uniqueName, waitFor } from '@parcelstream/testing';
import { killHard, runFixture } from './support/child-process';
import { effectsTableSql } from './support/effects-handler';
import { messagingFixture, type MessagingFixture } from './support/messaging-fixture';
import { cloudEventMessage, publishInChunks } from './support/publish-events';

const EVENTS = 5_000;
const KEYS = 50;

describe('consumer crash mid-batch (real Postgres and Kafka)', () => {
  let fx: MessagingFixture;
  beforeAll(async () => {
    fx = await messagingFixture('consumer_crash');
    for (const sql of effectsTableSql(fx.db.schema)) await fx.db.dataSource.query(sql);
  });
  afterAll(() => fx.close());

  const counts = async () => {
    const [row] = await fx.db.dataSource.query(
      `SELECT count(*)::int AS applied, count(DISTINCT event_id)::int AS distinct_events FROM "${fx.db.schema}".effects`,
    );
    return row as { applied: number; distinct_events: number };
  };

  it('applies every event exactly once across a SIGKILL and a restart, redelivered copies included', async () => {
    const messages = Array.from({ length: EVENTS }, (_, n) => {
      const key = `parcel-${n % KEYS}`;
      return cloudEventMessage(fx.topic, 'parcelstream.test.parcel-scanned.v1', key, { key, seq: Math.floor(n / KEYS) });
    });
    // 500 copies of already-sent events (a producer's relay retried): same ce_id
    const copies = messages.slice(0, 500).map((m) => ({ ...m }));
    await publishInChunks(fx.kafka, [...messages, ...copies]);

    const env = {
      SCHEMA: fx.db.schema,
      DATABASE_URL: testDatabaseUrl(),
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      TOPIC: fx.topic,
      GROUP: uniqueName('crash-group'),
      DELAY_MS: '25',
      CHUNK: '100',
    };
    const first = runFixture('consumer-process.ts', env);
    await waitFor(counts, (c) => c.applied >= 1_000, { timeoutMs: 60_000, what: '1,000 effects before the crash' });
    await killHard(first);
    const atCrash = await counts();
    expect(atCrash.applied).toBeLessThan(EVENTS); // killed mid-way

    const second = runFixture('consumer-process.ts', { ...env, DELAY_MS: '0' });
    try {
      await waitFor(counts, (c) => c.distinct_events === EVENTS, { timeoutMs: 90_000, what: 'all events applied' });
      await new Promise((r) => setTimeout(r, 1_500)); // let any double application show
    } finally {
      await killHard(second);
    }
    expect(await counts()).toEqual({ applied: EVENTS, distinct_events: EVENTS });
    const [{ inbox }] = await fx.db.dataSource.query(`SELECT count(*)::int AS inbox FROM "${fx.db.schema}".inbox WHERE consumer = $1`, [env.GROUP]);
    expect(inbox).toBe(EVENTS);
  }, 180_000);
});
