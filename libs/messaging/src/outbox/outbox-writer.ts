import { randomUUID } from 'node:crypto';
import { CLOUDEVENTS_SPEC_VERSION, JSON_CONTENT_TYPE, toKafkaHeaders, validatePayload, type EventContract } from '@parcelstream/contracts';
import { MessagingAttribute, SpanKind, traceparentOf, withSpan } from '@parcelstream/observability';
import { quoteSchema } from '../schema/messaging-tables';
import type { SqlExecutor } from '../sql-executor';
import { parcelAttributes } from '../tracing/parcel-attributes';
import { slotOfKey } from './key-slot';

export interface OutboxEvent<T extends object = object> {
  contract: EventContract<T>;
  /** the aggregate id: Kafka key and CloudEvents subject */
  key: string;
  payload: T;
  /** defaults to a new UUID */
  id?: string;
  /** defaults to now */
  time?: string;
}

export interface OutboxWriterOptions {
  schema: string;
  /** CloudEvents source, e.g. `/parcelstream/order-service` */
  source: string;
}

/**
 * Appends events to the outbox inside the caller's transaction: they are published if and only if the
 * transaction commits. Payloads are validated against their contract before they are written.
 *
 * Each append is a `create <topic>` PRODUCER span (a child of the active span: the request or the handler run),
 * and its traceparent is stored in every row's headers, in the same transaction: the relay's `send` span
 * continues it, and the consumers link to that.
 */
export class OutboxWriter {
  private readonly table: string;

  constructor(private readonly options: OutboxWriterOptions) {
    this.table = `${quoteSchema(options.schema)}.outbox`;
  }

  /** One INSERT for the whole list (set-based). Returns the event ids in order. */
  async append(tx: SqlExecutor, events: OutboxEvent[]): Promise<string[]> {
    if (events.length === 0) return [];
    const topics = [...new Set(events.map((e) => e.contract.topic))];
    const attributes = {
      [MessagingAttribute.system]: 'kafka',
      [MessagingAttribute.operationType]: 'create',
      [MessagingAttribute.operationName]: 'create',
      [MessagingAttribute.batchMessageCount]: events.length,
      ...(topics.length === 1 ? { [MessagingAttribute.destination]: topics[0] } : {}),
      ...parcelAttributes(events.map((e) => ({ key: e.key, type: e.contract.type, payload: e.payload }))),
    };
    return withSpan(`create ${topics.length === 1 ? topics[0] : 'outbox'}`, { kind: SpanKind.PRODUCER, attributes }, (span) => this.write(tx, events, traceparentOf(span)));
  }

  private async write(tx: SqlExecutor, events: OutboxEvent[], traceparent: string): Promise<string[]> {
    const cols = { slot: [] as number[], topic: [] as string[], key: [] as string[], id: [] as string[], type: [] as string[], headers: [] as string[], payload: [] as string[] };
    for (const e of events) {
      validatePayload(e.contract, e.payload);
      const id = e.id ?? randomUUID();
      const headers = toKafkaHeaders({
        id,
        source: this.options.source,
        type: e.contract.type,
        specversion: CLOUDEVENTS_SPEC_VERSION,
        time: e.time ?? new Date().toISOString(),
        subject: e.key,
        traceparent,
        datacontenttype: JSON_CONTENT_TYPE,
      });
      cols.slot.push(slotOfKey(e.key));
      cols.topic.push(e.contract.topic);
      cols.key.push(e.key);
      cols.id.push(id);
      cols.type.push(e.contract.type);
      cols.headers.push(JSON.stringify(headers));
      cols.payload.push(JSON.stringify(e.payload));
    }
    await insertOutboxRows(tx, this.table, cols);
    return cols.id;
  }
}

/** A message as it was once published: its headers (CloudEvents and trace) and JSON value, sent again as is. */
export interface RecordedMessage {
  topic: string;
  key: string;
  headers: Record<string, string>;
  /** the value, JSON text */
  payload: string;
}

/**
 * Appends recorded messages to `schema`'s outbox inside the caller's transaction, without re-validating them
 * and keeping their `ce_id`: a consumer that has applied one already finds it in its inbox (replays).
 */
export async function appendRecordedMessages(tx: SqlExecutor, schema: string, messages: RecordedMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await insertOutboxRows(tx, `${quoteSchema(schema)}.outbox`, {
    slot: messages.map((m) => slotOfKey(m.key)),
    topic: messages.map((m) => m.topic),
    key: messages.map((m) => m.key),
    id: messages.map((m) => m.headers.ce_id ?? ''),
    type: messages.map((m) => m.headers.ce_type ?? ''),
    headers: messages.map((m) => JSON.stringify(m.headers)),
    payload: messages.map((m) => m.payload),
  });
}

async function insertOutboxRows(
  tx: SqlExecutor,
  table: string,
  cols: { slot: number[]; topic: string[]; key: string[]; id: string[]; type: string[]; headers: string[]; payload: string[] },
): Promise<void> {
  await tx.query(
    `INSERT INTO ${table} (slot, topic, message_key, event_id, event_type, headers, payload)
     SELECT * FROM unnest($1::smallint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::jsonb[])`,
    [cols.slot, cols.topic, cols.key, cols.id, cols.type, cols.headers, cols.payload],
  );
}
