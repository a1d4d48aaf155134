import { headerString } from '@parcelstream/contracts';
import { DeadLetterStore, EventConsumer, RetryHeader, type KafkaPort } from '../src';
import { uniqueName, waitFor } from '@parcelstream/testing';
import { effectsHandler, effectsTableSql } from './support/effects-handler';
import { collect, messagingFixture, type MessagingFixture } from './support/messaging-fixture';
import { cloudEventMessage } from './support/publish-events';

describe('poison messages: retry tiers, then the dead-letter topic (real Postgres and Kafka)', () => {
  let fx: MessagingFixture;
  beforeAll(async () => {
    fx = await messagingFixture('poison', 1);
    for (const sql of effectsTableSql(fx.db.schema)) await fx.db.dataSource.query(sql);
  });
  afterAll(() => fx.close());

  it('dead-letters the poison after the configured attempts with its origin; the messages after it still flow', async () => {
    const type = 'parcelstream.test.parcel-scanned.v1';
    const key = 'parcel-1'; // one key, one partition: the poison sits in the middle of the stream
    const good = Array.from({ length: 40 }, (_, seq) => cloudEventMessage(fx.topic, type, key, { key, seq }));
    const poisonByHandler = cloudEventMessage(fx.topic, type, key, { key, seq: 1000 });
    const invalidPayload = cloudEventMessage(fx.topic, type, key, { key, seq: 'not a number' });
    const notJson = { ...cloudEventMessage(fx.topic, type, key, {}), value: '{"key": "parcel-1", ' };
    await fx.kafka.publish([...good.slice(0, 20), poisonByHandler, invalidPayload, notJson, ...good.slice(20)]);

    const groupId = uniqueName('poison-group');
    const calls = new Map<number, number>();
    const consumer = new EventConsumer({
      groupId,
      schema: fx.db.schema,
      db: fx.db.dataSource,
      kafka: fx.kafka,
      retryDelaysMs: [300, 600],
      handlers: [effectsHandler(fx.db.schema, fx.topic, { failFor: new Set([1000]), calls })],
    });
    await consumer.start(); // declares its retry and dead-letter topics
    const deadLetters = await collect(fx.kafka, [consumer.deadLetterTopic]);
    try {
      await waitFor(() => deadLetters.messages.length, (n) => n >= 3, { timeoutMs: 60_000, what: 'three dead letters' });
      const [{ applied }] = await fx.db.dataSource.query(`SELECT count(*)::int AS applied FROM "${fx.db.schema}".effects`);
      expect(applied).toBe(40);
    } finally {
      await consumer.stop();
      await deadLetters.stop();
    }

    const byReason = new Map(deadLetters.messages.map((m) => [headerString(m.headers, RetryHeader.deadLetterReason), m]));
    expect([...byReason.keys()].sort()).toEqual(['handler-failed', 'invalid-json', 'invalid-payload']);

    const failed = byReason.get('handler-failed')!;
    expect(JSON.parse(failed.value!.toString())).toEqual({ key, seq: 1000 });
    expect(headerString(failed.headers, RetryHeader.attempts)).toBe('3');
    expect(headerString(failed.headers, RetryHeader.originalTopic)).toBe(fx.topic);
    expect(headerString(failed.headers, RetryHeader.originalPartition)).toBe('0');
    expect(headerString(failed.headers, RetryHeader.originalOffset)).toBe('20');
    expect(headerString(failed.headers, RetryHeader.lastError)).toContain('cannot apply seq 1000');
    expect(headerString(failed.headers, RetryHeader.consumerGroup)).toBe(groupId);
    expect(headerString(failed.headers, 'ce_id')).toBe(poisonByHandler.headers!.ce_id);
    // tried in a batch, then alone, then in each of the two retry tiers
    expect(calls.get(1000)).toBe(4);
    expect(headerString(byReason.get('invalid-payload')!.headers, RetryHeader.originalOffset)).toBe('21');
    expect(headerString(byReason.get('invalid-json')!.headers, RetryHeader.originalOffset)).toBe('22');

    // each dead letter is also recorded, with the same facts, in the schema's dead_letter table
    const rows = (await fx.db.dataSource.query(
      `SELECT consumer_group, original_topic, original_partition, original_offset::text AS original_offset, message_key, headers,
              convert_from(payload, 'UTF8') AS payload, reason, last_error, attempts, replay_count
         FROM "${fx.db.schema}".dead_letter ORDER BY original_offset`,
    )) as Record<string, unknown>[];
    expect(rows).toEqual([
      expect.objectContaining({ original_offset: '20', reason: 'handler-failed', attempts: 3, payload: JSON.stringify({ key, seq: 1000 }) }),
      expect.objectContaining({ original_offset: '21', reason: 'invalid-payload', attempts: 1 }),
      expect.objectContaining({ original_offset: '22', reason: 'invalid-json', payload: '{"key": "parcel-1", ' }),
    ]);
    for (const row of rows) expect(row).toMatchObject({ consumer_group: groupId, original_topic: fx.topic, original_partition: 0, message_key: key, replay_count: 0 });
    expect(rows[0].last_error).toContain('cannot apply seq 1000');
    expect((rows[0].headers as Record<string, string>).ce_id).toBe(poisonByHandler.headers!.ce_id);
    expect(Object.keys(rows[0].headers as object).filter((h) => h.startsWith('x-'))).toEqual([]); // bookkeeping stays out
  }, 90_000);

  it('records the dead letter before publishing it: a failed publish is retried, and neither copy is doubled', async () => {
    const type = 'parcelstream.test.parcel-scanned.v1';
    const key = 'parcel-2';
    const topic = uniqueName('poison-publish-fails'); // its own topic: only this message
    await fx.kafka.ensureTopics([{ topic, partitions: 1 }]);
    const invalid = cloudEventMessage(topic, type, key, { key, seq: -5 });
    const groupId = uniqueName('publish-fails-group');
    const deadLetterTopic = `${groupId}.dead-letter.v1`;
    const rowsAtFailure: number[] = [];
    let failuresLeft = 2;
    const flaky: KafkaPort = {
      ...fx.kafka,
      publish: async (messages) => {
        if (messages.some((m) => m.topic === deadLetterTopic) && failuresLeft-- > 0) {
          const [{ n }] = await fx.db.dataSource.query(`SELECT count(*)::int AS n FROM "${fx.db.schema}".dead_letter WHERE consumer_group = $1`, [groupId]);
          rowsAtFailure.push(n);
          throw new Error('broker unreachable (test)');
        }
        return fx.kafka.publish(messages);
      },
      subscribe: (s) => fx.kafka.subscribe(s),
      ensureTopics: (t) => fx.kafka.ensureTopics(t),
    };
    const consumer = new EventConsumer({ groupId, schema: fx.db.schema, db: fx.db.dataSource, kafka: flaky, retryDelaysMs: [], handlers: [effectsHandler(fx.db.schema, topic)] });
    await consumer.start();
    const deadLetters = await collect(fx.kafka, [deadLetterTopic]);
    try {
      await fx.kafka.publish([invalid]);
      await waitFor(() => deadLetters.messages.length, (n) => n >= 1, { timeoutMs: 30_000, what: 'the dead letter after two failed publishes' });
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      await consumer.stop();
      await deadLetters.stop();
    }
    expect(rowsAtFailure).toEqual([1, 1]); // recorded first, once
    expect(deadLetters.messages.map((m) => headerString(m.headers, 'ce_id'))).toEqual([invalid.headers!.ce_id]);
    const [{ n }] = await fx.db.dataSource.query(`SELECT count(*)::int AS n FROM "${fx.db.schema}".dead_letter WHERE consumer_group = $1`, [groupId]);
    expect(n).toBe(1);
  }, 40_000);

  it('records a dead letter once per origin: a redelivered one (crash before the offset commit) finds its row', async () => {
    const store = new DeadLetterStore(fx.db.schema);
    const record = {
      consumerGroup: uniqueName('redelivery-group'),
      originalTopic: fx.topic,
      originalPartition: 0,
      originalOffset: '7',
      key: 'k',
      headers: { ce_id: 'e-1' },
      payload: Buffer.from([0x7b, 0xff, 0x00]), // not even UTF-8: stored as raw bytes
      reason: 'invalid-json',
      lastError: 'SyntaxError',
      attempts: 1,
      failedAt: new Date(),
    };
    await store.record(fx.db.dataSource, [record]);
    await store.record(fx.db.dataSource, [{ ...record, failedAt: new Date(Date.now() + 1000), lastError: 'again' }]);
    const rows = (await fx.db.dataSource.query(`SELECT id, payload, last_error FROM "${fx.db.schema}".dead_letter WHERE consumer_group = $1`, [
      record.consumerGroup,
    ])) as { id: string; payload: Buffer; last_error: string }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ payload: record.payload, last_error: 'SyntaxError' });
    await expect(store.replay(fx.db.dataSource, rows[0].id)).rejects.toThrow('its value is not JSON');
    expect((await store.find(fx.db.dataSource, rows[0].id))?.replayCount).toBe(0);
    expect(await store.replay(fx.db.dataSource, '00000000-0000-4000-8000-000000000000')).toBeUndefined();
    expect(await store.find(fx.db.dataSource, 'not-a-uuid')).toBeUndefined();

    // NUL characters (refused by Postgres text/jsonb) and garbage origin headers still give a row
    await store.record(fx.db.dataSource, [{ ...record, originalOffset: 'x', originalPartition: NaN, headers: { 'ce_\u0000id': 'a\u0000b' }, lastError: 'bad \u0000 byte' }]);
    const [odd] = (await fx.db.dataSource.query(`SELECT headers, last_error, original_offset::text AS o FROM "${fx.db.schema}".dead_letter WHERE original_partition = -1`)) as {
      headers: Record<string, string>;
      last_error: string;
      o: string;
    }[];
    expect(odd).toEqual({ headers: { 'ce_\uFFFDid': 'a\uFFFDb' }, last_error: 'bad \uFFFD byte', o: '-1' });
  });
});
