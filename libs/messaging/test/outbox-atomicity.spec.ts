import { headerString } from '@parcelstream/contracts';
import { OutboxRelay, OutboxWriter } from '../src';
import { waitFor } from '@parcelstream/testing';
import { collect, messagingFixture, payloadOf, type MessagingFixture } from './support/messaging-fixture';
import { parcelScannedContract, type ParcelScanned } from './support/test-event';

describe('transactional outbox (real Postgres and Kafka)', () => {
  let fx: MessagingFixture;
  beforeAll(async () => {
    fx = await messagingFixture('outbox_atomicity');
  });
  afterAll(() => fx.close());

  it('publishes exactly the events of committed transactions, none of rolled-back ones', async () => {
    const contract = parcelScannedContract(fx.topic);
    const writer = new OutboxWriter({ schema: fx.db.schema, source: '/parcelstream/test' });
    const collector = await collect(fx.kafka, [fx.topic]);

    await expect(
      fx.db.dataSource.transaction(async (tx) => {
        await writer.append(tx, [0, 1, 2].map((seq) => ({ contract, key: 'rolled-back', payload: { key: 'rolled-back', seq } })));
        throw new Error('business rule failed after the outbox write');
      }),
    ).rejects.toThrow('business rule failed');

    const committedIds = await fx.db.dataSource.transaction((tx) =>
      writer.append(tx, [0, 1].map((seq) => ({ contract, key: 'committed', payload: { key: 'committed', seq } }))),
    );

    const relay = new OutboxRelay(fx.db.dataSource, fx.kafka, { schema: fx.db.schema, pollIntervalMs: 20 });
    relay.start();
    await waitFor(() => collector.messages.length, (n) => n >= 2, { what: 'two committed events' });
    await new Promise((r) => setTimeout(r, 1_000)); // anything else would have arrived by now
    await relay.stop();
    await collector.stop();

    expect(collector.messages.map((m) => headerString(m.headers, 'ce_id'))).toEqual(committedIds);
    expect(collector.messages.map((m) => payloadOf<ParcelScanned>(m))).toEqual([
      { key: 'committed', seq: 0 },
      { key: 'committed', seq: 1 },
    ]);
    expect(collector.messages.every((m) => m.key === 'committed')).toBe(true);
    expect(headerString(collector.messages[0].headers, 'ce_type')).toBe('parcelstream.test.parcel-scanned.v1');
    expect(headerString(collector.messages[0].headers, 'traceparent')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    const [{ left }] = await fx.db.dataSource.query(`SELECT count(*)::int AS left FROM "${fx.db.schema}".outbox`);
    expect(left).toBe(0);
  });

  it('refuses to write an event whose payload breaks its contract', async () => {
    const contract = parcelScannedContract(fx.topic);
    const writer = new OutboxWriter({ schema: fx.db.schema, source: '/parcelstream/test' });
    await expect(
      fx.db.dataSource.transaction((tx) => writer.append(tx, [{ contract, key: 'k', payload: { key: 'k', seq: -1 } }])),
    ).rejects.toThrow(/seq/);
  });
});
