import { Inject, Injectable } from '@nestjs/common';
import { TrackingShipmentStalledEvent, type TrackingStatus } from '@parcelstream/contracts';
import { OutboxWriter, rowsOf, type SqlExecutor } from '@parcelstream/messaging';
import { TRACKING_CONFIG, type TrackingConfig } from '../config/tracking-config';
import { RecomputeTimelinesUseCase } from '../timeline/recompute-timelines.use-case';

const OPEN = `s.status NOT IN ('DELIVERED', 'RETURNED', 'CANCELLED', 'EXPIRED')`;

export interface SweepResult {
  stalled: number;
  expired: number;
}

/**
 * One round of the periodic sweep, in one transaction. Rows are claimed with `FOR UPDATE SKIP LOCKED`, so
 * several replicas sweep side by side without signalling a shipment twice.
 *  - stall: an open shipment whose newest scan is older than STALL_AFTER_HOURS → `tracking.shipment.stalled`,
 *    once per stall (remembered as the scan time it was raised for; a new scan starts a new one);
 *  - expiry: no physical scan ever, EXPIRE_AFTER_DAYS after the shipment became known → `EXPIRED.NO_SCANS`
 *    (a fact folded into the timeline; a later scan exits it).
 */
@Injectable()
export class SweepStallsUseCase {
  constructor(
    private readonly outbox: OutboxWriter,
    private readonly recompute: RecomputeTimelinesUseCase,
    @Inject(TRACKING_CONFIG) private readonly config: TrackingConfig,
  ) {}

  async execute(tx: SqlExecutor, now: Date, limit = 1_000): Promise<SweepResult> {
    const stalled = rowsOf<{ shipment_id: string; status: TrackingStatus; last_event_at: Date; latest_number: string | null }>(
      await tx.query(
        `WITH due AS (
           SELECT s.shipment_id FROM tracking.shipment_tracking s
            WHERE ${OPEN} AND s.last_event_at < $1 AND s.stall_signalled_for IS DISTINCT FROM s.last_event_at
            ORDER BY s.last_event_at LIMIT $2 FOR UPDATE SKIP LOCKED)
         UPDATE tracking.shipment_tracking s SET stall_signalled_for = s.last_event_at, updated_at = now()
           FROM due WHERE s.shipment_id = due.shipment_id
         RETURNING s.shipment_id, s.status, s.last_event_at,
                   (SELECT n.tracking_number FROM tracking.tracking_numbers n WHERE n.shipment_id = s.shipment_id
                     ORDER BY n.leg_no DESC, n.linked_at DESC LIMIT 1) AS latest_number`,
        [new Date(now.getTime() - this.config.stallAfterMs), limit],
      ),
    );
    await this.outbox.append(
      tx,
      stalled.map((s) => ({
        contract: TrackingShipmentStalledEvent,
        key: s.shipment_id,
        payload: { shipmentId: s.shipment_id, trackingNumber: s.latest_number ?? '', status: s.status, lastScanAt: s.last_event_at.toISOString(), detectedAt: now.toISOString() },
      })),
    );

    const expired = rowsOf<{ shipment_id: string }>(
      await tx.query(
        `WITH due AS (
           SELECT s.shipment_id FROM tracking.shipment_tracking s
            WHERE s.first_scan_at IS NULL AND s.expired_at IS NULL AND ${OPEN} AND s.first_seen_at < $1
            ORDER BY s.first_seen_at LIMIT $2 FOR UPDATE SKIP LOCKED)
         UPDATE tracking.shipment_tracking s SET expired_at = $3, updated_at = now()
           FROM due WHERE s.shipment_id = due.shipment_id
         RETURNING s.shipment_id`,
        [new Date(now.getTime() - this.config.expireAfterMs), limit, now],
      ),
    );
    await this.recompute.execute(tx, expired.map((e) => e.shipment_id));
    return { stalled: stalled.length, expired: expired.length };
  }
}
