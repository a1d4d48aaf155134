import { headerString } from '@parcelstream/contracts';
import { OutboxWriter } from '../src';
import { testDatabaseUrl, waitFor } from '@parcelstream/testing';
import { killHard, runFixture } from './support/child-process';
import { collect, messagingFixture, payloadOf, type MessagingFixture } from './support/messaging-fixture';
import { parcelScannedContract, type ParcelScanned } from './support/test-event';

const EVENTS = 10_000;
const KEYS = 100;

describe('outbox relay crash (real Postgres and Kafka)', () => {
  let fx: MessagingFixture;
  beforeAll(async () => {
    fx = await messagingFixture('relay_crash');
  });
  afterAll(() => fx.close());

  it('delivers every one of 10,000 events, in order per key, after the relay is SIGKILLed mid-way', async () => {
    const contract = parcelScannedContract(fx.topic);
    const writer = new OutboxWriter({ schema: fx.db.schema, source: '/parcelstream/test' });
    // 10,000 rows in 20 transactions; seq counts up per key
    for (let t = 0; t < 20; t++) {
      await fx.db.dataSource.transaction((tx) =>
        writer.append(
          tx,
          Array.from({ length: EVENTS / 20 }, (_, i) => {
            const n = t * (EVENTS / 20) + i;
            const key = `parcel-${n % KEYS}`;
            return { contract, key, payload: { key, seq: Math.floor(n / KEYS) } };
          }),
        ),
      );
    }
    const collector = await collect(fx.kafka, [fx.topic]);
    const env = { SCHEMA: fx.db.schema, DATABASE_URL: testDatabaseUrl(), KAFKA_BROKERS: process.env.KAFKA_BROKERS!, LEASE_TTL_MS: '2000', BATCH_SIZE: '100' };

    const first = runFixture('relay-process.ts', env);
    await waitFor(() => collector.messages.length, (n) => n >= 2_000, { timeoutMs: 60_000, what: 'the first relay to publish 2,000 events' });
    await killHard(first);
    const [{ left }] = await fx.db.dataSource.query(`SELECT count(*)::int AS left FROM "${fx.db.schema}".outbox`);
    expect(left).toBeGreaterThan(0); // it really died mid-way

    const second = runFixture('relay-process.ts', env);
    try {
      await waitFor(
        () => new Set(collector.messages.map((m) => headerString(m.headers, 'ce_id'))).size,
        (n) => n === EVENTS,
        { timeoutMs: 90_000, what: 'all 10,000 distinct events' },
      );
    } finally {
      await killHard(second);
      await collector.stop();
    }

    // in order per key: the first copy of each event arrives in seq order; copies only repeat a prefix
    const firstSeen = new Map<string, number[]>();
    const seen = new Set<string>();
    for (const m of collector.messages) {
      const id = headerString(m.headers, 'ce_id')!;
      if (seen.has(id)) continue;
      seen.add(id);
      const { key, seq } = payloadOf<ParcelScanned>(m);
      expect(m.key).toBe(key);
      const list = firstSeen.get(key) ?? [];
      list.push(seq);
      firstSeen.set(key, list);
    }
    expect(firstSeen.size).toBe(KEYS);
    for (const seqs of firstSeen.values()) expect(seqs).toEqual(Array.from({ length: EVENTS / KEYS }, (_, i) => i));
    const duplicates = collector.messages.length - EVENTS;
    expect(duplicates).toBeLessThanOrEqual(16 * 100); // at most one unacknowledged batch per slot is republished
  }, 180_000);
});
