import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bindings, the orders this service learnt from `order.created`, shipments with their items, and the
 * Idempotency-Key store. Everything lives in the `shipments` schema (owned by `shipments_svc`).
 */
export class CreateShipmentTables1764144000000 implements MigrationInterface {
  name = 'CreateShipmentTables1764144000000';

  async up(q: QueryRunner): Promise<void> {
    // a seller's logistics partners; unbinding is soft (unbound_at), so existing shipments keep their carrier
    await q.query(`
      CREATE TABLE shipments.logistics_partner_bindings (
        seller_id text NOT NULL,
        carrier_code text NOT NULL,
        account_number text NOT NULL,
        is_default boolean NOT NULL DEFAULT false,
        bound_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        unbound_at timestamptz,
        PRIMARY KEY (seller_id, carrier_code),
        CONSTRAINT binding_default_is_bound CHECK (NOT (is_default AND unbound_at IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX logistics_partner_bindings_one_default ON shipments.logistics_partner_bindings (seller_id) WHERE is_default`);

    // what order.created told us (never read from the orders schema). A row whose seller_id is null is a
    // placeholder: its order.cancelled arrived before its order.created.
    await q.query(`
      CREATE TABLE shipments.known_orders (
        order_id uuid PRIMARY KEY,
        order_number text NOT NULL UNIQUE,
        seller_id text,
        buyer_id text,
        ship_from_country_code char(2),
        ship_to_country_code char(2),
        ordered_at timestamptz,
        cancelled_at timestamptz,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT known_order_complete CHECK (
          (seller_id IS NULL AND buyer_id IS NULL AND ship_from_country_code IS NULL AND ship_to_country_code IS NULL AND ordered_at IS NULL)
          OR (seller_id IS NOT NULL AND buyer_id IS NOT NULL AND ship_from_country_code IS NOT NULL AND ship_to_country_code IS NOT NULL AND ordered_at IS NOT NULL))
      )`);
    await q.query(`
      CREATE TABLE shipments.known_order_lines (
        order_id uuid NOT NULL REFERENCES shipments.known_orders (order_id) ON DELETE CASCADE,
        sku text NOT NULL,
        quantity integer NOT NULL CHECK (quantity > 0),
        PRIMARY KEY (order_id, sku)
      )`);

    await q.query(`
      CREATE TABLE shipments.shipments (
        shipment_id uuid PRIMARY KEY,
        order_id uuid NOT NULL REFERENCES shipments.known_orders (order_id),
        order_number text NOT NULL,
        seller_id text NOT NULL,
        buyer_id text NOT NULL,
        carrier_code text NOT NULL,
        tracking_number text,
        fulfillment_model text NOT NULL CHECK (fulfillment_model IN ('PLATFORM', 'SELLER')),
        liability text NOT NULL CHECK (liability IN ('PLATFORM', 'SELLER')),
        status text NOT NULL CHECK (status IN ('AWAITING_WAYBILL', 'AWAITING_PICKUP', 'IN_TRANSIT', 'DELIVERED', 'EXCEPTION', 'RETURNED', 'CANCELLED')),
        verification_status text NOT NULL CHECK (verification_status IN ('NOT_REQUIRED', 'PENDING', 'VERIFIED', 'UNVERIFIED')),
        verification_failed_at timestamptz,
        origin_country_code char(2) NOT NULL,
        destination_country_code char(2) NOT NULL,
        carrier_registration_status text NOT NULL DEFAULT 'PENDING' CHECK (carrier_registration_status IN ('PENDING', 'REGISTERED', 'FAILED')),
        carrier_registration_failure text,
        carrier_registration_at timestamptz,
        waybill_assigned_at timestamptz,
        first_scan_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        cancelled_at timestamptz,
        cancellation_reason text,
        CONSTRAINT seller_model_has_waybill CHECK (fulfillment_model = 'PLATFORM' OR tracking_number IS NOT NULL),
        CONSTRAINT cancelled_has_time CHECK ((status = 'CANCELLED') = (cancelled_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX shipments_order_idx ON shipments.shipments (order_id)`);
    await q.query(`CREATE INDEX shipments_waybill_idx ON shipments.shipments (carrier_code, tracking_number, created_at) WHERE tracking_number IS NOT NULL`);
    await q.query(`
      CREATE INDEX shipments_verification_due_idx ON shipments.shipments (created_at)
        WHERE fulfillment_model = 'SELLER' AND verification_status = 'PENDING' AND first_scan_at IS NULL`);
    await q.query(`
      CREATE TABLE shipments.shipment_items (
        shipment_id uuid NOT NULL REFERENCES shipments.shipments (shipment_id) ON DELETE CASCADE,
        order_id uuid NOT NULL,
        sku text NOT NULL,
        quantity integer NOT NULL CHECK (quantity > 0),
        PRIMARY KEY (shipment_id, sku)
      )`);
    await q.query(`CREATE INDEX shipment_items_order_idx ON shipments.shipment_items (order_id, sku)`);

    // Idempotency-Key: the first request's fingerprint and answer, per caller scope. The row is inserted
    // first (its unique key makes a concurrent retry wait) and answered in the same transaction, so a
    // committed row always has its response.
    await q.query(`
      CREATE TABLE shipments.idempotency_keys (
        scope text NOT NULL,
        idempotency_key text NOT NULL,
        request_fingerprint text NOT NULL,
        response_status integer,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, idempotency_key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['idempotency_keys', 'shipment_items', 'shipments', 'known_order_lines', 'known_orders', 'logistics_partner_bindings']) {
      await q.query(`DROP TABLE shipments.${table}`);
    }
  }
}
