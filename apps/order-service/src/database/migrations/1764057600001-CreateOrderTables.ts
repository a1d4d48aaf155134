import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOrderTables1764057600001 implements MigrationInterface {
  name = 'CreateOrderTables1764057600001';

  async up(q: QueryRunner): Promise<void> {
    // the buyer's name and address live here and nowhere else (SPEC §3 Privacy)
    await q.query(`
      CREATE TABLE orders.orders (
        id uuid PRIMARY KEY,
        order_number text NOT NULL UNIQUE,
        buyer_id text NOT NULL,
        seller_id text NOT NULL,
        status text NOT NULL,
        ship_from_country_code char(2) NOT NULL,
        currency char(3) NOT NULL,
        total_amount numeric(14, 2) NOT NULL,
        recipient_name text NOT NULL,
        address_line1 text NOT NULL,
        address_line2 text,
        address_city text NOT NULL,
        address_region text,
        address_postal_code text NOT NULL,
        address_country_code char(2) NOT NULL,
        cancelled_at timestamptz,
        cancelled_by text,
        cancel_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX orders_buyer_newest_idx ON orders.orders (buyer_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX orders_seller_newest_idx ON orders.orders (seller_id, created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE orders.order_items (
        order_id uuid NOT NULL REFERENCES orders.orders (id),
        line_no int NOT NULL,
        sku text NOT NULL,
        name text NOT NULL,
        quantity int NOT NULL CHECK (quantity > 0),
        unit_price_amount numeric(14, 2) NOT NULL,
        PRIMARY KEY (order_id, line_no)
      )`);
    await q.query(`
      CREATE TABLE orders.idempotency_keys (
        buyer_id text NOT NULL,
        idempotency_key text NOT NULL,
        request_hash text NOT NULL,
        order_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (buyer_id, idempotency_key)
      )`);
    // the order's packages as shipment and tracking events describe them
    await q.query(`
      CREATE TABLE orders.order_shipments (
        shipment_id uuid PRIMARY KEY,
        order_id uuid NOT NULL,
        carrier_code text NOT NULL,
        tracking_number text,
        fulfillment_model text NOT NULL,
        cancelled boolean NOT NULL DEFAULT false,
        tracking_status text,
        tracking_substatus text,
        items jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX order_shipments_order_idx ON orders.order_shipments (order_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['order_shipments', 'idempotency_keys', 'order_items', 'orders']) await q.query(`DROP TABLE orders.${t}`);
  }
}
