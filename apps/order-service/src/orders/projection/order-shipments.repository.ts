import { Injectable } from '@nestjs/common';
import type { OrderStatus, ShipmentCreated, TrackingStatus } from '@parcelstream/contracts';
import { rowsOf, type SqlExecutor } from '@parcelstream/messaging';
import type { OrderProgress } from './order-status-projection';

/** The order's packages as shipment and tracking events describe them; set-based writes per batch. */
@Injectable()
export class OrderShipmentsRepository {
  /** Returns the order ids touched. A redelivered shipment.created changes nothing. */
  async recordCreated(tx: SqlExecutor, shipments: ShipmentCreated[]): Promise<string[]> {
    const rows = rowsOf<{ order_id: string }>(
      await tx.query(
        `INSERT INTO orders.order_shipments (shipment_id, order_id, carrier_code, tracking_number, fulfillment_model, items, created_at)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::timestamptz[])
         ON CONFLICT (shipment_id) DO NOTHING RETURNING order_id`,
        [
          shipments.map((s) => s.shipmentId),
          shipments.map((s) => s.orderId),
          shipments.map((s) => s.carrierCode),
          shipments.map((s) => s.trackingNumber),
          shipments.map((s) => s.fulfillmentModel),
          shipments.map((s) => JSON.stringify(s.items)),
          shipments.map((s) => s.createdAt),
        ],
      ),
    );
    return rows.map((r) => r.order_id);
  }

  async markCancelled(tx: SqlExecutor, shipmentIds: string[]): Promise<string[]> {
    const rows = rowsOf<{ order_id: string }>(
      await tx.query(
        `UPDATE orders.order_shipments SET cancelled = true, updated_at = now() WHERE shipment_id = ANY($1::uuid[]) AND NOT cancelled RETURNING order_id`,
        [shipmentIds],
      ),
    );
    return rows.map((r) => r.order_id);
  }

  async setTrackingNumbers(tx: SqlExecutor, updates: { shipmentId: string; trackingNumber: string }[]): Promise<void> {
    await tx.query(
      `UPDATE orders.order_shipments s SET tracking_number = u.tracking_number, updated_at = now()
         FROM unnest($1::uuid[], $2::text[]) AS u(shipment_id, tracking_number) WHERE s.shipment_id = u.shipment_id`,
      [updates.map((u) => u.shipmentId), updates.map((u) => u.trackingNumber)],
    );
  }

  /** One status per shipment (the batch's last); returns the order ids touched. */
  async setTrackingStatuses(tx: SqlExecutor, updates: { shipmentId: string; status: TrackingStatus; substatus?: string }[]): Promise<string[]> {
    const rows = rowsOf<{ order_id: string }>(
      await tx.query(
        `UPDATE orders.order_shipments s SET tracking_status = u.status, tracking_substatus = u.substatus, updated_at = now()
           FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(shipment_id, status, substatus)
          WHERE s.shipment_id = u.shipment_id RETURNING s.order_id`,
        [updates.map((u) => u.shipmentId), updates.map((u) => u.status), updates.map((u) => u.substatus ?? null)],
      ),
    );
    return rows.map((r) => r.order_id);
  }

  /** The orders (locked for update), their lines and their packages, for the status projection. */
  async loadProgress(tx: SqlExecutor, orderIds: string[]): Promise<Map<string, OrderProgress & { orderNumber: string }>> {
    const orders = rowsOf<{ id: string; order_number: string; status: OrderStatus }>(
      await tx.query(`SELECT id, order_number, status FROM orders.orders WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [orderIds]),
    );
    const lines = rowsOf<{ order_id: string; sku: string; quantity: number }>(
      await tx.query(`SELECT order_id, sku, quantity FROM orders.order_items WHERE order_id = ANY($1::uuid[])`, [orderIds]),
    );
    const shipments = rowsOf<{ order_id: string; cancelled: boolean; items: { sku: string; quantity: number }[]; tracking_status: TrackingStatus | null }>(
      await tx.query(`SELECT order_id, cancelled, items, tracking_status FROM orders.order_shipments WHERE order_id = ANY($1::uuid[])`, [orderIds]),
    );
    const progress = new Map(orders.map((o) => [o.id, { orderNumber: o.order_number, status: o.status, lines: [] as OrderProgress['lines'], shipments: [] as OrderProgress['shipments'] }]));
    for (const l of lines) progress.get(l.order_id)?.lines.push({ sku: l.sku, quantity: l.quantity });
    for (const s of shipments) progress.get(s.order_id)?.shipments.push({ cancelled: s.cancelled, items: s.items, trackingStatus: s.tracking_status });
    return progress;
  }

  async setStatuses(tx: SqlExecutor, changes: { orderId: string; status: OrderStatus }[]): Promise<void> {
    await tx.query(
      `UPDATE orders.orders o SET status = c.status, updated_at = now()
         FROM unnest($1::uuid[], $2::text[]) AS c(id, status) WHERE o.id = c.id`,
      [changes.map((c) => c.orderId), changes.map((c) => c.status)],
    );
  }
}
