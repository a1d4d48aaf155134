import { Injectable } from '@nestjs/common';
import type { ShipmentCreated } from '@parcelstream/contracts';
import { rowsOf, type SqlExecutor } from '@parcelstream/messaging';

export interface DueRegistration {
  shipmentId: string;
  carrierCode: string;
  requestedTrackingNumber: string | null;
  attempts: number;
  originCountryCode: string;
  destinationCountryCode: string;
}

export interface RegistrationResult {
  shipmentId: string;
  status: 'SUCCEEDED' | 'FAILED' | 'PENDING';
  /** PENDING: when to try again */
  nextAttemptAt?: Date;
  error?: string;
  /** whether this try counts as an attempt (a refusal by an open circuit does not) */
  counted: boolean;
}

@Injectable()
export class RegistrationsRepository {
  /** One PENDING registration per new shipment (set-based). */
  async enqueue(tx: SqlExecutor, shipments: ShipmentCreated[]): Promise<void> {
    if (shipments.length === 0) return;
    await tx.query(
      `INSERT INTO carrier_sync.registrations (shipment_id, carrier_code, requested_tracking_number, status)
       SELECT id, c, n, 'PENDING' FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(id, c, n)
       ON CONFLICT (shipment_id) DO NOTHING`,
      [shipments.map((s) => s.shipmentId), shipments.map((s) => s.carrierCode), shipments.map((s) => s.trackingNumber)],
    );
  }

  async cancel(tx: SqlExecutor, shipmentIds: string[]): Promise<void> {
    if (shipmentIds.length === 0) return;
    await tx.query(`UPDATE carrier_sync.registrations SET status = 'CANCELLED', completed_at = now() WHERE shipment_id = ANY($1::uuid[]) AND status = 'PENDING'`, [shipmentIds]);
    await tx.query(`UPDATE carrier_sync.shipments SET cancelled_at = now() WHERE shipment_id = ANY($1::uuid[])`, [shipmentIds]);
  }

  /**
   * Claims due registrations for this worker: FOR UPDATE SKIP LOCKED (replicas take different rows), and the
   * claim pushes next_attempt_at past the work's longest run, so a crashed worker's rows come back by themselves.
   */
  async claimDue(db: SqlExecutor, limit: number, claimMs: number): Promise<DueRegistration[]> {
    const rows = rowsOf<{ shipment_id: string; carrier_code: string; requested_tracking_number: string | null; attempts: number; origin_country_code: string; destination_country_code: string }>(
      await db.query(
        `WITH due AS (
           SELECT shipment_id FROM carrier_sync.registrations
            WHERE status = 'PENDING' AND next_attempt_at <= now()
            ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
         UPDATE carrier_sync.registrations r SET next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
           FROM due, carrier_sync.shipments s
          WHERE r.shipment_id = due.shipment_id AND s.shipment_id = r.shipment_id
         RETURNING r.shipment_id, r.carrier_code, r.requested_tracking_number, r.attempts, s.origin_country_code, s.destination_country_code`,
        [limit, claimMs],
      ),
    );
    return rows.map((r) => ({
      shipmentId: r.shipment_id,
      carrierCode: r.carrier_code,
      requestedTrackingNumber: r.requested_tracking_number,
      attempts: r.attempts,
      originCountryCode: r.origin_country_code,
      destinationCountryCode: r.destination_country_code,
    }));
  }

  async saveResults(tx: SqlExecutor, results: RegistrationResult[]): Promise<void> {
    if (results.length === 0) return;
    await tx.query(
      `UPDATE carrier_sync.registrations r
          SET status = t.status,
              attempts = r.attempts + CASE WHEN t.counted THEN 1 ELSE 0 END,
              next_attempt_at = COALESCE(t.next_at, r.next_attempt_at),
              last_error = t.error,
              completed_at = CASE WHEN t.status = 'PENDING' THEN NULL ELSE now() END
         FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::text[], $5::boolean[]) AS t(id, status, next_at, error, counted)
        WHERE r.shipment_id = t.id AND r.status = 'PENDING'`,
      [
        results.map((r) => r.shipmentId),
        results.map((r) => r.status),
        results.map((r) => r.nextAttemptAt?.toISOString() ?? null),
        results.map((r) => r.error ?? null),
        results.map((r) => r.counted),
      ],
    );
  }
}
