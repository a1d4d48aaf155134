import { Injectable } from '@nestjs/common';
import type { OrderStatus } from '@parcelstream/contracts';
import type { SqlExecutor } from '@parcelstream/messaging';
import { rowsOf } from '@parcelstream/messaging';
import type { OrderShipmentView, OrderSummaryView, OrderView } from './dto/order.view';
import { ownerCondition, type OrderOwnerFilter } from './order-ownership';

interface OrderRow {
  id: string;
  order_number: string;
  status: OrderStatus;
  buyer_id: string;
  seller_id: string;
  currency: string;
  total_amount: string;
  recipient_name: string;
  address_line1: string;
  address_line2: string | null;
  address_city: string;
  address_region: string | null;
  address_postal_code: string;
  address_country_code: string;
  ship_from_country_code: string;
  created_at: Date;
  updated_at: Date;
  cancelled_at: Date | null;
  items: { sku: string; name: string; quantity: number; unitPrice: string }[];
  shipments: OrderShipmentView[];
}

export interface NewOrder {
  id: string;
  orderNumber: string;
  buyerId: string;
  sellerId: string;
  currency: string;
  totalAmount: string;
  address: { name: string; line1: string; line2?: string; city: string; region?: string; postalCode: string; countryCode: string };
  shipFromCountryCode: string;
  items: { sku: string; name: string; quantity: number; unitPrice: string }[];
}

export interface OrderCursor {
  createdAt: string;
  id: string;
}

/** The orders schema's SQL. Every read takes the caller's owner filter: ownership is in the query. */
@Injectable()
export class OrdersRepository {
  /** Inserts the order and its lines; false when the order number is taken (the caller draws another). */
  async insert(tx: SqlExecutor, o: NewOrder): Promise<boolean> {
    const inserted = rowsOf(
      await tx.query(
        `INSERT INTO orders.orders (id, order_number, buyer_id, seller_id, status, ship_from_country_code, currency, total_amount,
           recipient_name, address_line1, address_line2, address_city, address_region, address_postal_code, address_country_code)
         VALUES ($1, $2, $3, $4, 'AWAITING_SHIPMENT', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
         ON CONFLICT (order_number) DO NOTHING RETURNING id`,
        [o.id, o.orderNumber, o.buyerId, o.sellerId, o.shipFromCountryCode, o.currency, o.totalAmount, o.address.name, o.address.line1,
          o.address.line2 ?? null, o.address.city, o.address.region ?? null, o.address.postalCode, o.address.countryCode],
      ),
    );
    if (inserted.length === 0) return false;
    await tx.query(
      `INSERT INTO orders.order_items (order_id, line_no, sku, name, quantity, unit_price_amount)
       SELECT $1, n, sku, name, quantity, price FROM unnest($2::text[], $3::text[], $4::int[], $5::numeric[]) WITH ORDINALITY AS t(sku, name, quantity, price, n)`,
      [o.id, o.items.map((i) => i.sku), o.items.map((i) => i.name), o.items.map((i) => i.quantity), o.items.map((i) => i.unitPrice)],
    );
    return true;
  }

  /** One round trip: the order, its lines and its shipments. */
  async findView(db: SqlExecutor, orderNumber: string, owner: OrderOwnerFilter): Promise<OrderView | undefined> {
    const [row] = rowsOf<OrderRow>(
      await db.query(
        `SELECT o.*,
           (SELECT json_agg(json_build_object('sku', i.sku, 'name', i.name, 'quantity', i.quantity, 'unitPrice', i.unit_price_amount::text) ORDER BY i.line_no)
              FROM orders.order_items i WHERE i.order_id = o.id) AS items,
           (SELECT coalesce(json_agg(json_build_object('shipmentId', s.shipment_id, 'carrierCode', s.carrier_code, 'trackingNumber', s.tracking_number,
                     'fulfillmentModel', s.fulfillment_model, 'cancelled', s.cancelled, 'trackingStatus', s.tracking_status,
                     'trackingSubstatus', s.tracking_substatus, 'items', s.items) ORDER BY s.created_at, s.shipment_id), '[]')
              FROM orders.order_shipments s WHERE s.order_id = o.id) AS shipments
         FROM orders.orders o
        WHERE o.order_number = $1 AND ${ownerCondition(2, 3)}`,
        [orderNumber, owner.buyerId, owner.sellerId],
      ),
    );
    return row ? toView(row) : undefined;
  }

  /** Newest first, keyset-paginated on (created_at, id). */
  async list(db: SqlExecutor, owner: OrderOwnerFilter, limit: number, after?: OrderCursor): Promise<{ view: OrderSummaryView; cursor: OrderCursor }[]> {
    const rows = rowsOf<{ order_number: string; status: OrderStatus; seller_id: string; buyer_id: string; currency: string; total_amount: string; created_at: Date; id: string }>(
      await db.query(
        `SELECT o.id, o.order_number, o.status, o.seller_id, o.buyer_id, o.currency, o.total_amount, o.created_at
           FROM orders.orders o
          WHERE ${ownerCondition(1, 2)}
            AND ($3::timestamptz IS NULL OR (o.created_at, o.id) < ($3::timestamptz, $4::uuid))
          ORDER BY o.created_at DESC, o.id DESC
          LIMIT $5`,
        [owner.buyerId, owner.sellerId, after?.createdAt ?? null, after?.id ?? null, limit],
      ),
    );
    return rows.map((r) => ({
      view: {
        orderNumber: r.order_number,
        status: r.status,
        sellerId: r.seller_id,
        buyerId: r.buyer_id,
        total: { amount: r.total_amount, currency: r.currency },
        createdAt: r.created_at.toISOString(),
      },
      cursor: { createdAt: r.created_at.toISOString(), id: r.id },
    }));
  }

  async lockForChange(tx: SqlExecutor, orderNumber: string, owner: OrderOwnerFilter) {
    const [row] = rowsOf<{ id: string; status: OrderStatus; order_number: string }>(
      await tx.query(`SELECT o.id, o.status, o.order_number FROM orders.orders o WHERE o.order_number = $1 AND ${ownerCondition(2, 3)} FOR UPDATE`, [
        orderNumber,
        owner.buyerId,
        owner.sellerId,
      ]),
    );
    return row;
  }

  async markCancelled(tx: SqlExecutor, orderId: string, by: string, reason: string | undefined): Promise<Date> {
    const [row] = rowsOf<{ cancelled_at: Date }>(
      await tx.query(
        `UPDATE orders.orders SET status = 'CANCELLED', cancelled_at = now(), cancelled_by = $2, cancel_reason = $3, updated_at = now()
          WHERE id = $1 RETURNING cancelled_at`,
        [orderId, by, reason ?? null],
      ),
    );
    return row.cancelled_at;
  }
}

function toView(r: OrderRow): OrderView {
  return {
    orderNumber: r.order_number,
    status: r.status,
    buyerId: r.buyer_id,
    sellerId: r.seller_id,
    items: r.items.map((i) => ({ sku: i.sku, name: i.name, quantity: i.quantity, unitPrice: { amount: i.unitPrice, currency: r.currency } })),
    total: { amount: r.total_amount, currency: r.currency },
    shippingAddress: {
      name: r.recipient_name,
      line1: r.address_line1,
      ...(r.address_line2 ? { line2: r.address_line2 } : {}),
      city: r.address_city,
      ...(r.address_region ? { region: r.address_region } : {}),
      postalCode: r.address_postal_code,
      countryCode: r.address_country_code,
    },
    shipFromCountryCode: r.ship_from_country_code,
    shipments: r.shipments,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    ...(r.cancelled_at ? { cancelledAt: r.cancelled_at.toISOString() } : {}),
  };
}
