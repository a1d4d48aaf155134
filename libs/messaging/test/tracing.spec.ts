import { headerString } from '@parcelstream/contracts';
import { initTracing, SpanKind, SpanStatusCode, withSpan } from '@parcelstream/observability';
import { uniqueName, waitFor } from '@parcelstream/testing';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { EventConsumer, OutboxRelay, OutboxWriter, type ConsumedEvent, type EventBatchHandler, type SqlExecutor } from '../src';
import { collect, messagingFixture, type MessagingFixture } from './support/messaging-fixture';
import { parcelScannedContract, type ParcelScanned } from './support/test-event';

/**
 * The spans of the backbone, from an in-memory exporter: a "request" writes to the outbox, the relay publishes,
 * a consumer applies the events and writes follow-ups. Real Postgres and Kafka.
 */
describe('tracing across the outbox, Kafka and the consumer (real Postgres and Kafka)', () => {
  let fx: MessagingFixture;
  const exporter = new InMemorySpanExporter();
  beforeAll(async () => {
    initTracing({ serviceName: 'messaging-test', exporter, env: {} });
    fx = await messagingFixture('tracing', 1); // one partition: the three events arrive in one chunk
  });
  afterAll(() => fx.close());

  const spans = () => exporter.getFinishedSpans();
  const id = (s: ReadableSpan) => s.spanContext().spanId;
  const traceOf = (s: ReadableSpan) => s.spanContext().traceId;
  const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;
  const tp = (s: ReadableSpan) => `00-${traceOf(s)}-${id(s)}-01`;

  it('request → create → send → process (linked to every message) → handle → create: one trace per request, with links', async () => {
    const contract = parcelScannedContract(fx.topic);
    const followUpTopic = uniqueName('tracing-follow-up');
    await fx.kafka.ensureTopics([{ topic: followUpTopic, partitions: 1 }]);
    const followUp = parcelScannedContract(followUpTopic);
    const writer = new OutboxWriter({ schema: fx.db.schema, source: '/parcelstream/test' });
    const request = (name: string, key: string, seqs: number[]) =>
      withSpan(name, { kind: SpanKind.SERVER, parent: null }, () =>
        fx.db.dataSource.transaction((tx) => writer.append(tx, seqs.map((seq) => ({ contract, key, payload: { key, seq } })))),
      );
    await request('POST /a', 'parcel-A', [0]);
    await request('POST /b', 'parcel-B', [0, 1000]); // 1000: the handler refuses it

    const relay = new OutboxRelay(fx.db.dataSource, fx.kafka, { schema: fx.db.schema, pollIntervalMs: 20 });
    const onTopic = await collect(fx.kafka, [fx.topic]);
    const followUps = await collect(fx.kafka, [followUpTopic]);
    relay.start();
    let consumer: EventConsumer | undefined;
    try {
      await waitFor(() => onTopic.messages.length, (n) => n === 3, { what: 'the three events on the topic' });
      const handler: EventBatchHandler<ParcelScanned> = {
        contract,
        async handle(events: ConsumedEvent<ParcelScanned>[], tx: SqlExecutor) {
          if (events.some((e) => e.payload.seq === 1000)) throw new Error('cannot apply seq 1000');
          await writer.append(tx, events.map((e) => ({ contract: followUp, key: e.payload.key, payload: { key: e.payload.key, seq: e.payload.seq + 1 } })));
        },
      };
      consumer = new EventConsumer({ groupId: uniqueName('tracing-group'), schema: fx.db.schema, db: fx.db.dataSource, kafka: fx.kafka, retryDelaysMs: [], handlers: [handler] });
      await consumer.start();
      relay.wake();
      await waitFor(() => followUps.messages.length, (n) => n === 2, { what: 'two follow-ups' });
      await waitFor(() => spans().filter((s) => s.name === `send ${followUpTopic}`).length, (n) => n === 2, { what: 'their send spans' });
    } finally {
      await consumer?.stop();
      await relay.stop();
      await onTopic.stop();
      await followUps.stop();
    }

    const [serverA] = spans().filter((s) => s.name === 'POST /a');
    const [serverB] = spans().filter((s) => s.name === 'POST /b');
    const creates = spans().filter((s) => s.name === `create ${fx.topic}`);
    const createA = creates.find((s) => parentOf(s) === id(serverA))!;
    const createB = creates.find((s) => parentOf(s) === id(serverB))!;
    expect(createA).toMatchObject({ kind: SpanKind.PRODUCER, attributes: { 'messaging.destination.name': fx.topic, 'messaging.batch.message_count': 1, 'parcelstream.aggregate_ids': ['parcel-A'] } });
    expect(createB.attributes).toMatchObject({ 'messaging.batch.message_count': 2, 'parcelstream.aggregate_ids': ['parcel-B'] });

    // the relay's send spans continue the context stored on each row; the message carries the send span's traceparent
    const sends = spans().filter((s) => s.name === `send ${fx.topic}`);
    expect(sends.map((s) => [parentOf(s), s.attributes['messaging.kafka.message.key']])).toEqual([
      [id(createA), 'parcel-A'],
      [id(createB), 'parcel-B'],
      [id(createB), 'parcel-B'],
    ]);
    expect(sends.every((s) => s.kind === SpanKind.PRODUCER)).toBe(true);
    expect(onTopic.messages.map((m) => headerString(m.headers, 'traceparent'))).toEqual(sends.map(tp));
    expect(onTopic.messages.map((m) => headerString(m.headers, 'ce_id'))).toEqual(sends.map((s) => s.attributes['messaging.message.id']));

    // one CONSUMER span for the chunk: a child of the first message's send span, linked to all three
    const [process] = spans().filter((s) => s.name === `process ${fx.topic}`);
    expect(process).toMatchObject({ kind: SpanKind.CONSUMER, attributes: { 'messaging.batch.message_count': 3, 'messaging.destination.partition.id': '0', 'parcelstream.aggregate_ids': ['parcel-A', 'parcel-B'] } });
    expect(parentOf(process)).toBe(id(sends[0]));
    expect(traceOf(process)).toBe(traceOf(serverA));
    expect(process.links.map((l) => [l.context.traceId, l.context.spanId, l.attributes?.['parcelstream.aggregate_id']])).toEqual(sends.map((s) => [traceOf(s), id(s), s.attributes['parcelstream.aggregate_id']]));
    expect(process.events.map((e) => e.name)).toEqual(['dead-lettered']);

    // handler runs under it: the chunk (fails), then one event at a time; the refused one is ERROR
    const handles = spans().filter((s) => s.name === 'handle parcelstream.test.parcel-scanned.v1');
    expect(handles.every((h) => parentOf(h) === id(process))).toBe(true);
    expect(handles.map((h) => [h.attributes['messaging.batch.message_count'], h.status.code])).toEqual([
      [3, SpanStatusCode.ERROR],
      [1, SpanStatusCode.UNSET],
      [1, SpanStatusCode.UNSET],
      [1, SpanStatusCode.ERROR],
    ]);
    expect(handles[3].status.message).toBe('cannot apply seq 1000');

    // what the handlers wrote goes on in the same trace: create under the handler run, send under the create
    const followUpCreates = spans().filter((s) => s.name === `create ${followUpTopic}`);
    expect(followUpCreates.map(parentOf)).toEqual([id(handles[1]), id(handles[2])]);
    const followUpSends = spans().filter((s) => s.name === `send ${followUpTopic}`);
    expect(followUpSends.map(parentOf).sort()).toEqual(followUpCreates.map(id).sort());
    const traceA = new Set([serverA, createA, sends[0], process, ...handles, ...followUpCreates, ...followUpSends].map(traceOf));
    expect([...traceA]).toEqual([traceOf(serverA)]);
    expect(new Set([createB, sends[1], sends[2]].map(traceOf))).toEqual(new Set([traceOf(serverB)]));
    expect(traceOf(serverB)).not.toBe(traceOf(serverA));
  }, 60_000);
});
