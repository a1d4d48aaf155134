import { Injectable } from '@nestjs/common';
import type { OrderCancelled, OrderCreated } from '@parcelstream/contracts';
import { rowsOf, type SqlExecutor } from '@parcelstream/messaging';
import { ownerCondition, type OwnerFilter } from '../ownership/owner-filter';

export interface KnownOrderRow {
  order_id: string;
  order_number: string;
  seller_id: string;
  buyer_id: string;
  ship_from_country_code: string;
  ship_to_country_code: string;
  cancelled_at: Date | null;
}

export interface OrderLineProgress {
  sku: string;
  ordered: number;
  /** in shipments that are not cancelled */
  shipped: number;
}

const ORDER_COLUMNS = 'o.order_id, o.order_number, o.seller_id, o.buyer_id, o.ship_from_country_code, o.ship_to_country_code, o.cancelled_at';

/**
 * The orders this service learnt from `orders.order.events.v1` (`shipments.known_orders` and its lines).
 * It never reads the orders schema: ownership and items come from `order.created`, cancellation from
 * `order.cancelled`. Writes are set-based, one statement per batch.
 */
@Injectable()
export class KnownOrdersRepository {
  /**
   * Records created orders; fills a placeholder left by an earlier `order.cancelled`. Returns the ids
   * recorded; an order whose number another order already holds is skipped (and reported by the caller).
   */
  async recordCreated(tx: SqlExecutor, orders: OrderCreated[]): Promise<string[]> {
    const unique = [...new Map(orders.map((o) => [o.orderId, o])).values()];
    if (unique.length === 0) return [];
    const columns = [
      unique.map((o) => o.orderId),
      unique.map((o) => o.orderNumber),
      unique.map((o) => o.sellerId),
      unique.map((o) => o.buyerId),
      unique.map((o) => o.shipFromCountryCode),
      unique.map((o) => o.shipToCountryCode),
      unique.map((o) => o.createdAt),
    ];
    const source = `unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
                    AS x(order_id, order_number, seller_id, buyer_id, ship_from, ship_to, ordered_at)`;
    const inserted = rowsOf<{ order_id: string }>(
      await tx.query(
        `INSERT INTO shipments.known_orders (order_id, order_number, seller_id, buyer_id, ship_from_country_code, ship_to_country_code, ordered_at)
         SELECT * FROM ${source}
         ON CONFLICT DO NOTHING RETURNING order_id`,
        columns,
      ),
    );
    const filled = rowsOf<{ order_id: string }>(
      await tx.query(
        `UPDATE shipments.known_orders o SET seller_id = x.seller_id, buyer_id = x.buyer_id, ship_from_country_code = x.ship_from,
           ship_to_country_code = x.ship_to, ordered_at = x.ordered_at
         FROM ${source}
         WHERE o.order_id = x.order_id AND o.seller_id IS NULL AND o.order_number = x.order_number
         RETURNING o.order_id`,
        columns,
      ),
    );
    const recorded = [...inserted, ...filled].map((r) => r.order_id);
    const lines = unique.flatMap((o) => o.items.map((i) => ({ orderId: o.orderId, sku: i.sku, quantity: i.quantity })));
    await tx.query(
      `INSERT INTO shipments.known_order_lines (order_id, sku, quantity)
       SELECT x.order_id, x.sku, sum(x.quantity) FROM unnest($1::uuid[], $2::text[], $3::int[]) AS x(order_id, sku, quantity)
       WHERE x.order_id = ANY($4::uuid[])
       GROUP BY x.order_id, x.sku
       ON CONFLICT DO NOTHING`,
      [lines.map((l) => l.orderId), lines.map((l) => l.sku), lines.map((l) => l.quantity), recorded],
    );
    return recorded;
  }

  /** Marks orders cancelled (the first cancellation time wins); an order not known yet gets a placeholder. */
  async recordCancelled(tx: SqlExecutor, cancellations: OrderCancelled[]): Promise<void> {
    const unique = [...new Map(cancellations.map((c) => [c.orderId, c])).values()];
    if (unique.length === 0) return;
    const columns = [unique.map((c) => c.orderId), unique.map((c) => c.orderNumber), unique.map((c) => c.cancelledAt)];
    const source = `unnest($1::uuid[], $2::text[], $3::timestamptz[]) AS x(order_id, order_number, cancelled_at)`;
    // lock in a fixed order, so concurrent batches cannot deadlock on each other
    await tx.query(
      `WITH locked AS (
         SELECT o.order_id FROM shipments.known_orders o WHERE o.order_id = ANY($1::uuid[]) ORDER BY o.order_id FOR UPDATE
       )
       UPDATE shipments.known_orders o SET cancelled_at = COALESCE(o.cancelled_at, x.cancelled_at)
       FROM ${source}, locked
       WHERE o.order_id = x.order_id AND locked.order_id = o.order_id`,
      columns,
    );
    await tx.query(
      `INSERT INTO shipments.known_orders (order_id, order_number, cancelled_at) SELECT * FROM ${source} ON CONFLICT DO NOTHING`,
      columns,
    );
  }

  /** The seller's order, locked for the caller's transaction (shipping serialises on it); null if not theirs. */
  async lockForSeller(tx: SqlExecutor, orderNumber: string, sellerId: string): Promise<KnownOrderRow | null> {
    const [row] = rowsOf<KnownOrderRow>(
      await tx.query(`SELECT ${ORDER_COLUMNS} FROM shipments.known_orders o WHERE o.order_number = $1 AND o.seller_id = $2 FOR UPDATE`, [orderNumber, sellerId]),
    );
    return row ?? null;
  }

  async findForOwner(db: SqlExecutor, orderNumber: string, owner: OwnerFilter): Promise<KnownOrderRow | null> {
    const [row] = rowsOf<KnownOrderRow>(
      await db.query(
        `SELECT ${ORDER_COLUMNS} FROM shipments.known_orders o
         WHERE o.order_number = $1 AND o.seller_id IS NOT NULL AND ${ownerCondition(2, 3, 'o')}`,
        [orderNumber, owner.sellerId, owner.buyerId],
      ),
    );
    return row ?? null;
  }

  /** Per sku: how many were ordered and how many are in live (not cancelled) shipments. */
  async lineProgress(tx: SqlExecutor, orderId: string): Promise<OrderLineProgress[]> {
    return rowsOf<OrderLineProgress>(
      await tx.query(
        `SELECT l.sku, l.quantity AS ordered,
                COALESCE((SELECT sum(i.quantity) FROM shipments.shipment_items i JOIN shipments.shipments s ON s.shipment_id = i.shipment_id
                          WHERE i.order_id = l.order_id AND i.sku = l.sku AND s.status <> 'CANCELLED'), 0)::int AS shipped
         FROM shipments.known_order_lines l WHERE l.order_id = $1 ORDER BY l.sku`,
        [orderId],
      ),
    );
  }
}
