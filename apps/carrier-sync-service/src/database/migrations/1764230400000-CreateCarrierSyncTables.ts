import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * carrier-sync's own tables (schema `carrier_sync`):
 * - shipments / waybills: which shipment a (carrier, number) belongs to, every leg included (hand-overs);
 * - registrations: the registration of each shipment with its carrier, worked off by the registration worker;
 * - poll_targets: the polled waybills with their adaptive schedule and a lease (several replicas);
 * - raw_payloads: every inbound payload as received, with its outcome (recompute after a mapping change);
 * - webhook_deliveries: the webhook ids seen (a repeated id is accepted and ignored);
 * - carrier_events: the carrier events already published (event id or fingerprint), so a re-sent or
 *   re-polled event is not published twice;
 * - unmapped_codes: raw codes without a mapping, counted per carrier.
 */
export class CreateCarrierSyncTables1764230400000 implements MigrationInterface {
  name = 'CreateCarrierSyncTables1764230400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE carrier_sync.shipments (
        shipment_id uuid PRIMARY KEY,
        carrier_code text NOT NULL,
        tracking_number text,
        fulfillment_model text NOT NULL CHECK (fulfillment_model IN ('PLATFORM', 'SELLER')),
        origin_country_code char(2) NOT NULL,
        destination_country_code char(2) NOT NULL,
        cancelled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE carrier_sync.waybills (
        carrier_code text NOT NULL,
        tracking_number text NOT NULL,
        shipment_id uuid NOT NULL REFERENCES carrier_sync.shipments (shipment_id),
        leg smallint NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (carrier_code, tracking_number, shipment_id)
      )`);
    // a number may be reused by its carrier after months: the newest shipment with it wins
    await q.query(`CREATE INDEX waybills_lookup ON carrier_sync.waybills (carrier_code, tracking_number, created_at DESC)`);
    await q.query(`
      CREATE TABLE carrier_sync.registrations (
        shipment_id uuid PRIMARY KEY REFERENCES carrier_sync.shipments (shipment_id),
        carrier_code text NOT NULL,
        requested_tracking_number text,
        status text NOT NULL CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        completed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX registrations_due ON carrier_sync.registrations (next_attempt_at) WHERE status = 'PENDING'`);
    await q.query(`
      CREATE TABLE carrier_sync.poll_targets (
        carrier_code text NOT NULL,
        tracking_number text NOT NULL,
        shipment_id uuid,
        last_status text,
        last_event_at timestamptz,
        next_poll_at timestamptz NOT NULL DEFAULT now(),
        idle_polls integer NOT NULL DEFAULT 0,
        polls integer NOT NULL DEFAULT 0,
        stopped_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (carrier_code, tracking_number)
      )`);
    await q.query(`CREATE INDEX poll_targets_due ON carrier_sync.poll_targets (carrier_code, next_poll_at) WHERE stopped_at IS NULL`);
    await q.query(`
      CREATE TABLE carrier_sync.raw_payloads (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        carrier_code text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('WEBHOOK', 'POLL')),
        received_at timestamptz NOT NULL DEFAULT now(),
        headers jsonb NOT NULL,
        body text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('ACCEPTED', 'REJECTED', 'DUPLICATE')),
        reason text,
        event_count integer NOT NULL DEFAULT 0,
        lag_ms bigint
      )`);
    await q.query(`CREATE INDEX raw_payloads_by_carrier ON carrier_sync.raw_payloads (carrier_code, received_at)`);
    await q.query(`
      CREATE TABLE carrier_sync.webhook_deliveries (
        carrier_code text NOT NULL,
        delivery_id text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (carrier_code, delivery_id)
      )`);
    await q.query(`
      CREATE TABLE carrier_sync.carrier_events (
        carrier_code text NOT NULL,
        event_id text NOT NULL,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (carrier_code, event_id)
      )`);
    await q.query(`
      CREATE TABLE carrier_sync.unmapped_codes (
        carrier_code text NOT NULL,
        raw_code text NOT NULL,
        occurrences bigint NOT NULL,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (carrier_code, raw_code)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['unmapped_codes', 'carrier_events', 'webhook_deliveries', 'raw_payloads', 'poll_targets', 'registrations', 'waybills', 'shipments']) {
      await q.query(`DROP TABLE IF EXISTS carrier_sync.${t}`);
    }
  }
}
