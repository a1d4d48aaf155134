import { quoteSchema } from './messaging-tables';

/**
 * DDL for the dead-letter record every service keeps in its own schema, next to its outbox and inbox: what
 * its consumers gave up on, for ops to inspect and replay. One row per (consumer group, original topic,
 * partition, offset): a redelivered dead letter finds its row.
 */
export function createDeadLetterTableSql(schema: string): string[] {
  const s = quoteSchema(schema);
  return [
    `CREATE TABLE ${s}.dead_letter (
       id uuid PRIMARY KEY,
       consumer_group text NOT NULL,
       original_topic text NOT NULL,
       original_partition int NOT NULL,
       original_offset bigint NOT NULL,
       message_key text,
       headers jsonb NOT NULL,
       payload bytea,
       reason text NOT NULL,
       last_error text NOT NULL,
       attempts int NOT NULL,
       failed_at timestamptz NOT NULL,
       replayed_at timestamptz,
       replay_count int NOT NULL DEFAULT 0,
       CONSTRAINT dead_letter_origin_key UNIQUE (consumer_group, original_topic, original_partition, original_offset)
     )`,
    `CREATE INDEX dead_letter_failed_at_idx ON ${s}.dead_letter (failed_at DESC, id DESC)`,
  ];
}

export function dropDeadLetterTableSql(schema: string): string[] {
  return [`DROP TABLE ${quoteSchema(schema)}.dead_letter`];
}
