/**
 * DDL for the messaging tables every service keeps in its own schema: the transactional outbox, the relay's
 * slot leases and the consumers' inbox. Services call these from their first migration.
 */
export const OUTBOX_SLOTS = 16;

const ident = (schema: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`unsafe schema name ${schema}`);
  return `"${schema}"`;
};

export function createMessagingTablesSql(schema: string): string[] {
  const s = ident(schema);
  return [
    // tx_id: the inserting transaction; the relay only reads rows whose transaction is older than every
    // running one (pg_snapshot_xmin), so a row that commits late is never skipped.
    `CREATE TABLE ${s}.outbox (
       id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
       tx_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
       slot smallint NOT NULL,
       topic text NOT NULL,
       message_key text NOT NULL,
       event_id text NOT NULL,
       event_type text NOT NULL,
       headers jsonb NOT NULL,
       payload jsonb NOT NULL,
       created_at timestamptz NOT NULL DEFAULT now()
     )`,
    `CREATE INDEX outbox_slot_id_idx ON ${s}.outbox (slot, id)`,
    `CREATE TABLE ${s}.outbox_lease (
       slot smallint PRIMARY KEY,
       owner text,
       expires_at timestamptz NOT NULL DEFAULT '-infinity'
     )`,
    `INSERT INTO ${s}.outbox_lease (slot) SELECT generate_series(0, ${OUTBOX_SLOTS - 1})`,
    // live relays, so that each takes a fair share of the slots
    `CREATE TABLE ${s}.outbox_relay (
       owner text PRIMARY KEY,
       heartbeat_at timestamptz NOT NULL
     )`,
    `CREATE TABLE ${s}.inbox (
       consumer text NOT NULL,
       event_id text NOT NULL,
       processed_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (consumer, event_id)
     )`,
  ];
}

export function dropMessagingTablesSql(schema: string): string[] {
  const s = ident(schema);
  return [`DROP TABLE ${s}.inbox`, `DROP TABLE ${s}.outbox_relay`, `DROP TABLE ${s}.outbox_lease`, `DROP TABLE ${s}.outbox`];
}

export const quoteSchema = ident;
