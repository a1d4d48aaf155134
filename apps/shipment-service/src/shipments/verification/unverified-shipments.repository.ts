import { Injectable } from '@nestjs/common';
import { rowsOf, type SqlExecutor } from '@parcelstream/messaging';

export interface FlaggedShipment {
  shipment_id: string;
  order_id: string;
  seller_id: string;
  window_ended_at: Date;
}

/** The verification of SELLER-model shipments (`shipments.shipments.verification_status`). */
@Injectable()
export class UnverifiedShipmentsRepository {
  /**
   * One atomic, set-based step: SELLER-model shipments still PENDING, never scanned, not cancelled, and
   * created more than `windowSeconds` ago become UNVERIFIED. `FOR UPDATE SKIP LOCKED` lets several replicas
   * sweep at once without waiting for or double-flagging each other's rows.
   */
  async flagOverdue(tx: SqlExecutor, windowSeconds: number, limit: number): Promise<FlaggedShipment[]> {
    return rowsOf<FlaggedShipment>(
      await tx.query(
        `WITH due AS (
           SELECT shipment_id FROM shipments.shipments
           WHERE fulfillment_model = 'SELLER' AND verification_status = 'PENDING' AND first_scan_at IS NULL AND status <> 'CANCELLED'
             AND created_at < now() - make_interval(secs => $1)
           ORDER BY created_at
           LIMIT $2
           FOR UPDATE SKIP LOCKED
         )
         UPDATE shipments.shipments s SET verification_status = 'UNVERIFIED', verification_failed_at = now(), updated_at = now()
         FROM due
         WHERE s.shipment_id = due.shipment_id AND s.verification_status = 'PENDING' AND s.first_scan_at IS NULL
         RETURNING s.shipment_id, s.order_id, s.seller_id, s.created_at + make_interval(secs => $1) AS window_ended_at`,
        [windowSeconds, limit],
      ),
    );
  }
}
