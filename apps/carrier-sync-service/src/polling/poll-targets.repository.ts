import { Injectable } from '@nestjs/common';
import { rowsOf, type SqlExecutor } from '@parcelstream/messaging';
import type { WaybillLeg } from '../shipments/shipments.repository';

export interface PollTarget {
  carrierCode: string;
  trackingNumber: string;
  lastStatus: string | null;
  lastSubstatus: string | null;
  idlePolls: number;
}

export interface PollOutcome {
  trackingNumber: string;
  /** null: stop polling */
  nextPollAt: Date | null;
  lastStatus: string | null;
  lastSubstatus: string | null;
  lastEventAt: string | null;
  idlePolls: number;
}

@Injectable()
export class PollTargetsRepository {
  async add(tx: SqlExecutor, legs: WaybillLeg[]): Promise<void> {
    if (legs.length === 0) return;
    await tx.query(
      `INSERT INTO carrier_sync.poll_targets (carrier_code, tracking_number, shipment_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[]) ON CONFLICT DO NOTHING`,
      [legs.map((l) => l.carrierCode), legs.map((l) => l.trackingNumber), legs.map((l) => l.shipmentId)],
    );
  }

  async stopForShipments(tx: SqlExecutor, shipmentIds: string[]): Promise<void> {
    if (shipmentIds.length === 0) return;
    await tx.query(`UPDATE carrier_sync.poll_targets SET stopped_at = now() WHERE shipment_id = ANY($1::uuid[]) AND stopped_at IS NULL`, [shipmentIds]);
  }

  /**
   * Leases due waybills of one carrier: FOR UPDATE SKIP LOCKED so replicas take different rows, and the lease
   * moves next_poll_at forward so a crashed poller's waybills come back after `leaseMs`.
   */
  async leaseDue(db: SqlExecutor, carrierCode: string, limit: number, leaseMs: number): Promise<PollTarget[]> {
    const rows = rowsOf<{ carrier_code: string; tracking_number: string; last_status: string | null; idle_polls: number }>(
      await db.query(
        `WITH due AS (
           SELECT carrier_code, tracking_number FROM carrier_sync.poll_targets
            WHERE carrier_code = $1 AND stopped_at IS NULL AND next_poll_at <= now()
            ORDER BY next_poll_at LIMIT $2 FOR UPDATE SKIP LOCKED)
         UPDATE carrier_sync.poll_targets p SET next_poll_at = now() + make_interval(secs => $3::double precision / 1000), polls = p.polls + 1
           FROM due WHERE p.carrier_code = due.carrier_code AND p.tracking_number = due.tracking_number
         RETURNING p.carrier_code, p.tracking_number, p.last_status, p.idle_polls`,
        [carrierCode, limit, leaseMs],
      ),
    );
    return rows.map((r) => {
      const [status, substatus] = (r.last_status ?? '').split('|');
      return { carrierCode: r.carrier_code, trackingNumber: r.tracking_number, lastStatus: status || null, lastSubstatus: substatus || null, idlePolls: r.idle_polls };
    });
  }

  async release(db: SqlExecutor, carrierCode: string, numbers: string[], delayMs: number): Promise<void> {
    if (numbers.length === 0) return;
    await db.query(
      `UPDATE carrier_sync.poll_targets SET next_poll_at = now() + make_interval(secs => $3::double precision / 1000), polls = polls - 1
        WHERE carrier_code = $1 AND tracking_number = ANY($2::text[])`,
      [carrierCode, numbers, delayMs],
    );
  }

  async saveOutcomes(tx: SqlExecutor, carrierCode: string, outcomes: PollOutcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    await tx.query(
      `UPDATE carrier_sync.poll_targets p
          SET next_poll_at = COALESCE(t.next_at, p.next_poll_at),
              stopped_at = CASE WHEN t.next_at IS NULL THEN now() ELSE NULL END,
              last_status = t.status, last_event_at = COALESCE(t.event_at, p.last_event_at), idle_polls = t.idle
         FROM unnest($2::text[], $3::timestamptz[], $4::text[], $5::timestamptz[], $6::int[]) AS t(n, next_at, status, event_at, idle)
        WHERE p.carrier_code = $1 AND p.tracking_number = t.n`,
      [
        carrierCode,
        outcomes.map((o) => o.trackingNumber),
        outcomes.map((o) => o.nextPollAt?.toISOString() ?? null),
        outcomes.map((o) => (o.lastStatus ? `${o.lastStatus}|${o.lastSubstatus ?? ''}` : null)),
        outcomes.map((o) => o.lastEventAt),
        outcomes.map((o) => o.idlePolls),
      ],
    );
  }
}
