import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTrackingTables1764057600200 implements MigrationInterface {
  name = 'CreateTrackingTables1764057600200';

  async up(q: QueryRunner): Promise<void> {
    // one row per shipment: who owns it (from shipment events) and the folded timeline state
    await q.query(`
      CREATE TABLE tracking.shipment_tracking (
        shipment_id uuid PRIMARY KEY,
        order_id uuid,
        order_number text,
        buyer_id text,
        seller_id text,
        carrier_code text,
        origin_country_code char(2),
        destination_country_code char(2),
        shipment_created_at timestamptz,
        cancelled_at timestamptz,
        expired_at timestamptz,
        status text NOT NULL DEFAULT 'PENDING',
        substatus text,
        status_since timestamptz,
        action_required boolean NOT NULL DEFAULT false,
        last_location jsonb,
        customs jsonb,
        carrier_eta_from timestamptz,
        carrier_eta_to timestamptz,
        predicted_eta_from timestamptz,
        predicted_eta_to timestamptz,
        first_scan_at timestamptz,
        last_event_at timestamptz,
        delivered_at timestamptz,
        event_count int NOT NULL DEFAULT 0,
        stall_signalled_for timestamptz,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX shipment_tracking_order_idx ON tracking.shipment_tracking (order_number)`);
    // the stall/expiry sweep scans only shipments that can still move
    await q.query(`
      CREATE INDEX shipment_tracking_open_idx ON tracking.shipment_tracking (last_event_at)
       WHERE status NOT IN ('DELIVERED', 'RETURNED', 'CANCELLED', 'EXPIRED')`);
    await q.query(`CREATE INDEX shipment_tracking_unscanned_idx ON tracking.shipment_tracking (first_seen_at) WHERE first_scan_at IS NULL AND expired_at IS NULL`);

    // waybills: (carrier, number) → shipment and leg; a carrier may reuse a number later, so the newest link wins
    await q.query(`
      CREATE TABLE tracking.tracking_numbers (
        carrier_code text NOT NULL,
        tracking_number text NOT NULL,
        shipment_id uuid NOT NULL,
        leg_no int NOT NULL,
        linked_by text NOT NULL CHECK (linked_by IN ('SHIPMENT', 'HANDOVER', 'EVENT')),
        linked_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (carrier_code, tracking_number, shipment_id)
      )`);
    await q.query(`CREATE INDEX tracking_numbers_lookup_idx ON tracking.tracking_numbers (tracking_number, linked_at DESC) INCLUDE (carrier_code, shipment_id)`);
    await q.query(`CREATE INDEX tracking_numbers_shipment_idx ON tracking.tracking_numbers (shipment_id, leg_no)`);

    // each carrier event once; occurred_at in UTC (ms) for ordering, occurred_at_local as the carrier sent it
    await q.query(`
      CREATE TABLE tracking.tracking_events (
        carrier_code text NOT NULL,
        event_id text NOT NULL,
        shipment_id uuid,
        tracking_number text NOT NULL,
        status text NOT NULL,
        status_rank smallint NOT NULL,
        substatus text,
        raw_code text NOT NULL,
        description text NOT NULL,
        occurred_at timestamptz NOT NULL,
        occurred_at_local text NOT NULL,
        location jsonb,
        estimated_delivery jsonb,
        duties jsonb,
        next_tracking_number text,
        next_carrier_code text,
        source text NOT NULL,
        received_at timestamptz NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        PRIMARY KEY (carrier_code, event_id)
      )`);
    await q.query(`CREATE INDEX tracking_events_timeline_idx ON tracking.tracking_events (shipment_id, occurred_at, status_rank, carrier_code COLLATE "C", event_id COLLATE "C")`);
    // events that arrived before their number was linked to a shipment
    await q.query(`CREATE INDEX tracking_events_orphans_idx ON tracking.tracking_events (carrier_code, tracking_number) WHERE shipment_id IS NULL`);

    // observed transit times (first physical scan → delivered) per carrier and lane, for the predicted window
    await q.query(`
      CREATE TABLE tracking.transit_samples (
        shipment_id uuid PRIMARY KEY,
        carrier_code text NOT NULL,
        origin_country_code char(2) NOT NULL,
        destination_country_code char(2) NOT NULL,
        transit_hours double precision NOT NULL,
        delivered_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX transit_samples_lane_idx ON tracking.transit_samples (carrier_code, origin_country_code, destination_country_code, delivered_at DESC)`);
    await q.query(`CREATE INDEX transit_samples_carrier_idx ON tracking.transit_samples (carrier_code, delivered_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE tracking.transit_samples, tracking.tracking_events, tracking.tracking_numbers, tracking.shipment_tracking`);
  }
}
