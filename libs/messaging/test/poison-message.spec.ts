import { headerString } from '@parcelstream/contracts';
import { EventConsumer, RetryHeader } from '../src';
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
  }, 90_000);
});
