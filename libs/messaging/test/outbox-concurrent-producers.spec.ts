import { headerString } from '@parcelstream/contracts';
import { OutboxRelay, OutboxWriter } from '../src';
import { waitFor } from '@parcelstream/testing';
import { Client } from 'pg';
import type { QueryRunner } from 'typeorm';
import { collect, messagingFixture, type MessagingFixture } from './support/messaging-fixture';
import { parcelScannedContract } from './support/test-event';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('outbox under concurrent producers (real Postgres and Kafka)', () => {
  let fx: MessagingFixture;
  let writer: OutboxWriter;
  beforeAll(async () => {
    fx = await messagingFixture('concurrent_producers');
    writer = new OutboxWriter({ schema: fx.db.schema, source: '/parcelstream/test' });
  });
  afterAll(() => fx.close());

  async function openTransactionWithEvent(key: string, seq: number): Promise<QueryRunner> {
    const qr = fx.db.dataSource.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    await writer.append(qr.manager, [{ contract: parcelScannedContract(fx.topic), key, payload: { key, seq } }]);
    return qr;
  }

  /** The classic polling publisher: remembers the highest id it has published. */
  async function naiveCursorPoll(cursor: number): Promise<{ ids: number[]; cursor: number }> {
    const rows: { id: string }[] = await fx.db.dataSource.query(`SELECT id FROM "${fx.db.schema}".outbox WHERE id > $1 ORDER BY id`, [cursor]);
    const ids = rows.map((r) => Number(r.id));
    return { ids, cursor: ids.length ? Math.max(...ids) : cursor };
  }

  it('a row whose transaction commits after a higher id was published is still published (the naive cursor loses it)', async () => {
    const long = await openTransactionWithEvent('slow-parcel', 0); // takes the lower id, commits last
    const short = await openTransactionWithEvent('fast-parcel', 0);
    await short.commitTransaction();
    await short.release();

    // the naive cursor sees the short transaction's row, moves past the long one's id ...
    const naive1 = await naiveCursorPoll(0);
    const relay = new OutboxRelay(fx.db.dataSource, fx.kafka, { schema: fx.db.schema });
    const publishedWhileOpen = await relay.publishOnce(); // ... ours waits: the long transaction may still commit a lower id
    await long.commitTransaction();
    await long.release();
    const naive2 = await naiveCursorPoll(naive1.cursor);
    const [{ lowest }] = await fx.db.dataSource.query(`SELECT min(id)::int AS lowest FROM "${fx.db.schema}".outbox`);

    expect(naive1.ids).toHaveLength(1);
    expect(naive2.ids).toEqual([]); // the trap: the long transaction's row is never seen
    expect(lowest).toBeLessThan(naive1.cursor);
    expect(publishedWhileOpen).toBe(0);
    // both rows now; "now" may wait for a transaction of another suite on the same server (xmin is cluster-wide)
    let published = 0;
    await waitFor(async () => (published += await relay.publishOnce()), (n) => n >= 2, { timeoutMs: 20_000, what: 'both rows published' });
    expect(published).toBe(2);
    await relay.stop();
  });

  it("a long transaction in another database (another service) does not hold publishing back", async () => {
    const other = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT pg_current_xact_id()'); // holds an xid: the cluster-wide xmin stays behind it
      const qr = await openTransactionWithEvent('other-db-parcel', 0);
      await qr.commitTransaction();
      await qr.release();
      const relay = new OutboxRelay(fx.db.dataSource, fx.kafka, { schema: fx.db.schema });
      let published = 0;
      await waitFor(async () => (published += await relay.publishOnce()), (n) => n >= 1, { timeoutMs: 10_000, what: 'published while the other database holds a transaction open' });
      expect(published).toBe(1);
      await relay.stop();
    } finally {
      await other.query('ROLLBACK');
      await other.end();
    }
  });

  it('8 producers with long and short transactions interleaved: no row is ever skipped', async () => {
    const collector = await collect(fx.kafka, [fx.topic]);
    const relay = new OutboxRelay(fx.db.dataSource, fx.kafka, { schema: fx.db.schema, pollIntervalMs: 5, batchSize: 50 });
    relay.start();
    const expected = new Set<string>();
    const producer = async (p: number) => {
      for (let i = 0; i < 60; i++) {
        const key = `producer-${p}`;
        const qr = await openTransactionWithEvent(key, i);
        const [{ event_id }] = await qr.manager.query(`SELECT event_id FROM "${fx.db.schema}".outbox WHERE tx_id = pg_current_xact_id()`);
        // every third transaction stays open while the others commit and the relay polls
        await sleep(i % 3 === 0 ? 30 + ((p * 7 + i) % 50) : (p + i) % 3);
        if ((p + i) % 11 === 0) {
          await qr.rollbackTransaction(); // some give up: their rows must never appear
        } else {
          await qr.commitTransaction();
          expected.add(event_id);
        }
        await qr.release();
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, p) => producer(p)));
    const ours = () => collector.messages.filter((m) => m.key?.startsWith('producer-'));
    await waitFor(() => ours().length, (n) => n >= expected.size, { what: 'every committed event' });
    await sleep(500);
    await relay.stop();
    await collector.stop();
    const received = ours().map((m) => headerString(m.headers, 'ce_id')!);
    expect(new Set(received)).toEqual(expected);
    expect(received).toHaveLength(expected.size);
  });
});
