import { Injectable } from '@nestjs/common';
import { rowsOf, type SqlExecutor } from '@parcelstream/messaging';

export interface WaybillAssignment {
  shipmentId: string;
  carrierCode: string;
  /** normalised */
  trackingNumber: string;
  assignedAt: string;
}

export interface AssignedWaybill {
  shipment_id: string;
  order_id: string;
  carrier_code: string;
  tracking_number: string;
  waybill_assigned_at: Date;
}

export interface RegistrationOutcome {
  shipmentId: string;
  status: 'REGISTERED' | 'FAILED';
  failureReason: string | null;
  at: string;
}

export interface CarrierScan {
  shipmentId: string | null;
  carrierCode: string;
  trackingNumber: string;
  occurredAt: string;
}

/**
 * What carrier-sync and the carriers report about shipments: allocated waybills, registration outcomes and
 * first physical scans. Each method is one set-based statement for a whole batch, and locks its rows in
 * shipment id order so that concurrent batches cannot deadlock.
 */
@Injectable()
export class ShipmentCarrierProgressRepository {
  /**
   * Gives PLATFORM shipments that still wait for a waybill the number their carrier allocated. A shipment
   * that already has one, or is cancelled, is left alone (so a redelivered assignment changes nothing).
   */
  async assignWaybills(tx: SqlExecutor, assignments: WaybillAssignment[]): Promise<AssignedWaybill[]> {
    const first = [...new Map(assignments.map((a) => [a.shipmentId, a])).values()];
    if (first.length === 0) return [];
    return rowsOf<AssignedWaybill>(
      await tx.query(
        `WITH x AS (
           SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[]) AS x(shipment_id, carrier_code, tracking_number, assigned_at)
         ), target AS (
           SELECT s.shipment_id FROM shipments.shipments s JOIN x ON x.shipment_id = s.shipment_id AND x.carrier_code = s.carrier_code
           WHERE s.fulfillment_model = 'PLATFORM' AND s.tracking_number IS NULL AND s.status <> 'CANCELLED'
           ORDER BY s.shipment_id FOR UPDATE OF s
         )
         UPDATE shipments.shipments s SET
           tracking_number = x.tracking_number,
           waybill_assigned_at = x.assigned_at,
           status = CASE WHEN s.status <> 'AWAITING_WAYBILL' THEN s.status WHEN s.first_scan_at IS NULL THEN 'AWAITING_PICKUP' ELSE 'IN_TRANSIT' END,
           updated_at = now()
         FROM x, target
         WHERE s.shipment_id = x.shipment_id AND target.shipment_id = s.shipment_id AND s.tracking_number IS NULL AND s.status <> 'CANCELLED'
         RETURNING s.shipment_id, s.order_id, s.carrier_code, s.tracking_number, s.waybill_assigned_at`,
        [first.map((a) => a.shipmentId), first.map((a) => a.carrierCode), first.map((a) => a.trackingNumber), first.map((a) => a.assignedAt)],
      ),
    );
  }

  /** Records carrier registration outcomes; an outcome older than the one recorded changes nothing. */
  async recordRegistrations(tx: SqlExecutor, outcomes: RegistrationOutcome[]): Promise<void> {
    const latest = new Map<string, RegistrationOutcome>();
    for (const o of outcomes) {
      const seen = latest.get(o.shipmentId);
      if (!seen || Date.parse(o.at) >= Date.parse(seen.at)) latest.set(o.shipmentId, o);
    }
    const list = [...latest.values()];
    if (list.length === 0) return;
    await tx.query(
      `WITH x AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[]) AS x(shipment_id, status, failure, at)
       ), target AS (
         SELECT s.shipment_id FROM shipments.shipments s JOIN x USING (shipment_id)
         WHERE s.carrier_registration_at IS NULL OR s.carrier_registration_at <= x.at
         ORDER BY s.shipment_id FOR UPDATE OF s
       )
       UPDATE shipments.shipments s SET carrier_registration_status = x.status, carrier_registration_failure = x.failure,
         carrier_registration_at = x.at, updated_at = now()
       FROM x, target
       WHERE s.shipment_id = x.shipment_id AND target.shipment_id = s.shipment_id
         AND (s.carrier_registration_at IS NULL OR s.carrier_registration_at <= x.at)`,
      [list.map((o) => o.shipmentId), list.map((o) => o.status), list.map((o) => o.failureReason), list.map((o) => o.at)],
    );
  }

  /**
   * Records the earliest physical carrier scan per shipment (matched by shipment id, else by the newest live
   * shipment with that carrier and number): the shipment leaves AWAITING_PICKUP for IN_TRANSIT and a
   * SELLER-model shipment is VERIFIED. Returns the shipments whose first scan changed.
   */
  async recordFirstScans(tx: SqlExecutor, scans: CarrierScan[]): Promise<string[]> {
    if (scans.length === 0) return [];
    const rows = rowsOf<{ shipment_id: string }>(
      await tx.query(
        `WITH scan AS (
           SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[]) AS x(shipment_id, carrier_code, tracking_number, occurred_at)
         ), by_number AS (
           SELECT DISTINCT ON (scan.carrier_code, scan.tracking_number, scan.occurred_at) s.shipment_id, scan.occurred_at
           FROM scan JOIN shipments.shipments s ON s.carrier_code = scan.carrier_code AND s.tracking_number = scan.tracking_number
           WHERE scan.shipment_id IS NULL AND s.status <> 'CANCELLED'
           ORDER BY scan.carrier_code, scan.tracking_number, scan.occurred_at, s.created_at DESC
         ), earliest AS (
           SELECT shipment_id, min(occurred_at) AS first_scan_at FROM (
             SELECT shipment_id, occurred_at FROM scan WHERE shipment_id IS NOT NULL
             UNION ALL SELECT shipment_id, occurred_at FROM by_number
           ) all_scans GROUP BY shipment_id
         ), target AS (
           SELECT s.shipment_id FROM shipments.shipments s JOIN earliest e USING (shipment_id)
           WHERE s.first_scan_at IS NULL OR e.first_scan_at < s.first_scan_at
           ORDER BY s.shipment_id FOR UPDATE OF s
         )
         UPDATE shipments.shipments s SET
           first_scan_at = LEAST(COALESCE(s.first_scan_at, e.first_scan_at), e.first_scan_at),
           status = CASE WHEN s.status = 'AWAITING_PICKUP' THEN 'IN_TRANSIT' ELSE s.status END,
           verification_status = CASE WHEN s.fulfillment_model = 'SELLER' THEN 'VERIFIED' ELSE s.verification_status END,
           updated_at = now()
         FROM earliest e, target
         WHERE s.shipment_id = e.shipment_id AND target.shipment_id = s.shipment_id AND (s.first_scan_at IS NULL OR e.first_scan_at < s.first_scan_at)
         RETURNING s.shipment_id`,
        [scans.map((s) => s.shipmentId), scans.map((s) => s.carrierCode), scans.map((s) => s.trackingNumber), scans.map((s) => s.occurredAt)],
      ),
    );
    return rows.map((r) => r.shipment_id);
  }
}
