import { randomUUID } from 'node:crypto';
import { CLOUDEVENTS_SPEC_VERSION, JSON_CONTENT_TYPE, toKafkaHeaders, validatePayload, type EventContract } from '@parcelstream/contracts';
import { currentTraceparent } from '@parcelstream/observability';
import { quoteSchema } from '../schema/messaging-tables';
import type { SqlExecutor } from '../sql-executor';
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
 */
export class OutboxWriter {
  private readonly table: string;

  constructor(private readonly options: OutboxWriterOptions) {
    this.table = `${quoteSchema(options.schema)}.outbox`;
  }

  /** One INSERT for the whole list (set-based). Returns the event ids in order. */
  async append(tx: SqlExecutor, events: OutboxEvent[]): Promise<string[]> {
    if (events.length === 0) return [];
    const traceparent = currentTraceparent();
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
