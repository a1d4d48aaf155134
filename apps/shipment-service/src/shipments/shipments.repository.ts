import { Injectable } from '@nestjs/common';
import type { FulfillmentModel, LiabilityParty, ShipmentStatus } from '@parcelstream/contracts';
import { rowsOf, type SqlExecutor } from '@parcelstream/messaging';
import { ownerCondition, type OwnerFilter } from '../ownership/owner-filter';
import type { ShipmentLine } from './rules/item-allocation';
import type { VerificationStatus } from './rules/fulfillment-terms';
import type { ShipmentRow } from './shipment.row';

export interface NewShipment {
  shipmentId: string;
  orderId: string;
  orderNumber: string;
  sellerId: string;
  buyerId: string;
  carrierCode: string;
  trackingNumber: string | null;
  fulfillmentModel: FulfillmentModel;
  liability: LiabilityParty;
  status: ShipmentStatus;
  verificationStatus: VerificationStatus;
  originCountryCode: string;
  destinationCountryCode: string;
  items: ShipmentLine[];
}

export interface CancelledShipment {
  shipment_id: string;
  order_id: string;
  cancelled_at: Date;
  cancellation_reason: string | null;
}

const SHIPMENT_SELECT = `
  SELECT s.shipment_id, s.order_id, s.order_number, s.seller_id, s.buyer_id, s.carrier_code, s.tracking_number, s.fulfillment_model,
         s.liability, s.status, s.verification_status, s.carrier_registration_status, s.carrier_registration_failure,
         s.waybill_assigned_at, s.first_scan_at, s.created_at, s.updated_at, s.cancelled_at, s.cancellation_reason,
         COALESCE((SELECT json_agg(json_build_object('sku', i.sku, 'quantity', i.quantity) ORDER BY i.sku)
                   FROM shipments.shipment_items i WHERE i.shipment_id = s.shipment_id), '[]'::json) AS items
  FROM shipments.shipments s`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Shipments and their items (`shipments.shipments`, `shipments.shipment_items`): creation, reads, cancellation. */
@Injectable()
export class ShipmentsRepository {
  async insert(tx: SqlExecutor, s: NewShipment): Promise<void> {
    await tx.query(
      `INSERT INTO shipments.shipments (shipment_id, order_id, order_number, seller_id, buyer_id, carrier_code, tracking_number, fulfillment_model,
         liability, status, verification_status, origin_country_code, destination_country_code)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [s.shipmentId, s.orderId, s.orderNumber, s.sellerId, s.buyerId, s.carrierCode, s.trackingNumber, s.fulfillmentModel, s.liability, s.status,
        s.verificationStatus, s.originCountryCode, s.destinationCountryCode],
    );
    await tx.query(
      `INSERT INTO shipments.shipment_items (shipment_id, order_id, sku, quantity)
       SELECT $1, $2, x.sku, x.quantity FROM unnest($3::text[], $4::int[]) AS x(sku, quantity)`,
      [s.shipmentId, s.orderId, s.items.map((i) => i.sku), s.items.map((i) => i.quantity)],
    );
  }

  /**
   * Whether a live shipment created within `reuseAfterDays` already has this (carrier, tracking number).
   * Takes a transaction-scoped advisory lock on the pair first, so two requests with the same waybill cannot
   * both see it free; the lock is held until the caller's transaction ends.
   */
  async waybillInUse(tx: SqlExecutor, carrierCode: string, trackingNumber: string, reuseAfterDays: number): Promise<boolean> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('waybill:' || $1 || ':' || $2, 0))`, [carrierCode, trackingNumber]);
    const rows = rowsOf<{ shipment_id: string }>(
      await tx.query(
        `SELECT shipment_id FROM shipments.shipments
         WHERE carrier_code = $1 AND tracking_number = $2 AND status <> 'CANCELLED' AND created_at > now() - make_interval(days => $3)
         LIMIT 1`,
        [carrierCode, trackingNumber, reuseAfterDays],
      ),
    );
    return rows.length > 0;
  }

  async findById(db: SqlExecutor, shipmentId: string): Promise<ShipmentRow | null> {
    const [row] = rowsOf<ShipmentRow>(await db.query(`${SHIPMENT_SELECT} WHERE s.shipment_id = $1`, [shipmentId]));
    return row ?? null;
  }

  /** A shipment the caller knows exists (it created or locked it in this transaction). */
  async getById(db: SqlExecutor, shipmentId: string): Promise<ShipmentRow> {
    const row = await this.findById(db, shipmentId);
    if (!row) throw new Error(`shipment ${shipmentId} does not exist`);
    return row;
  }

  /** The shipment if the owner filter lets the caller see it (the query checks ownership). */
  async findForOwner(db: SqlExecutor, shipmentId: string, owner: OwnerFilter): Promise<ShipmentRow | null> {
    if (!UUID.test(shipmentId)) return null;
    const [row] = rowsOf<ShipmentRow>(
      await db.query(`${SHIPMENT_SELECT} WHERE s.shipment_id = $1 AND ${ownerCondition(2, 3, 's')}`, [shipmentId, owner.sellerId, owner.buyerId]),
    );
    return row ?? null;
  }

  async listForOrder(db: SqlExecutor, orderId: string): Promise<ShipmentRow[]> {
    return rowsOf<ShipmentRow>(await db.query(`${SHIPMENT_SELECT} WHERE s.order_id = $1 ORDER BY s.created_at, s.shipment_id`, [orderId]));
  }

  /** The seller's shipment, locked for the caller's transaction; null when it is not theirs. */
  async lockForSeller(tx: SqlExecutor, shipmentId: string, sellerId: string): Promise<ShipmentRow | null> {
    if (!UUID.test(shipmentId)) return null;
    const locked = rowsOf<{ shipment_id: string }>(
      await tx.query(`SELECT shipment_id FROM shipments.shipments WHERE shipment_id = $1 AND seller_id = $2 FOR UPDATE`, [shipmentId, sellerId]),
    );
    return locked.length > 0 ? this.findById(tx, shipmentId) : null;
  }

  /** Cancels one shipment that no carrier has scanned (the caller holds its lock and checked both). */
  async cancel(tx: SqlExecutor, shipmentId: string, reason: string | null): Promise<CancelledShipment> {
    const [row] = rowsOf<CancelledShipment>(
      await tx.query(
        `UPDATE shipments.shipments SET status = 'CANCELLED', cancelled_at = now(), cancellation_reason = $2, updated_at = now()
         WHERE shipment_id = $1 AND status <> 'CANCELLED' AND first_scan_at IS NULL
         RETURNING shipment_id, order_id, cancelled_at, cancellation_reason`,
        [shipmentId, reason],
      ),
    );
    if (!row) throw new Error(`shipment ${shipmentId} is cancelled or scanned already`);
    return row;
  }

  /** Cancels, in one statement, every shipment of these orders that no carrier has scanned yet. */
  async cancelUnscannedOfOrders(tx: SqlExecutor, orderIds: string[], reason: string): Promise<CancelledShipment[]> {
    if (orderIds.length === 0) return [];
    return rowsOf<CancelledShipment>(
      await tx.query(
        `WITH target AS (
           SELECT shipment_id FROM shipments.shipments
           WHERE order_id = ANY($1::uuid[]) AND status <> 'CANCELLED' AND first_scan_at IS NULL
           ORDER BY shipment_id FOR UPDATE
         )
         UPDATE shipments.shipments s SET status = 'CANCELLED', cancelled_at = now(), cancellation_reason = $2, updated_at = now()
         FROM target WHERE s.shipment_id = target.shipment_id AND s.status <> 'CANCELLED' AND s.first_scan_at IS NULL
         RETURNING s.shipment_id, s.order_id, s.cancelled_at, s.cancellation_reason`,
        [orderIds, reason],
      ),
    );
  }
}
