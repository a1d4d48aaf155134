import { Injectable } from '@nestjs/common';
import type { TrackingStatus } from '@parcelstream/contracts';
import { rowsOf, type SqlExecutor } from '@parcelstream/messaging';
import type { Customs } from '../customs/customs-state';

/** A shipment's tracking row as the recomputation reads it (locked for the transaction). */
export interface ShipmentTrackingRow {
  shipmentId: string;
  carrierCode: string | null;
  originCountryCode: string | null;
  destinationCountryCode: string | null;
  shipmentCreatedAt: Date | null;
  firstSeenAt: Date;
  cancelledAt: Date | null;
  expiredAt: Date | null;
  status: TrackingStatus;
  substatus: string | null;
  eta: { from: Date; to: Date } | null;
  deliveredAt: Date | null;
  /** the newest leg's waybill, when one is linked */
  latestTrackingNumber: string | null;
}

/** The folded state written back for one shipment. */
export interface ShipmentTrackingState {
  shipmentId: string;
  status: TrackingStatus;
  substatus: string | null;
  statusSince: string | null;
  actionRequired: boolean;
  lastLocation: object | null;
  customs: Customs | null;
  carrierEta: { from: string; to: string } | null;
  predictedEta: { from: string; to: string } | null;
  firstScanAt: string | null;
  lastEventAt: string | null;
  deliveredAt: string | null;
  eventCount: number;
}

export interface LockedRow {
  shipment_id: string;
  carrier_code: string | null;
  origin_country_code: string | null;
  destination_country_code: string | null;
  shipment_created_at: Date | null;
  first_seen_at: Date;
  cancelled_at: Date | null;
  expired_at: Date | null;
  status: TrackingStatus;
  substatus: string | null;
  eta_from: Date | null;
  eta_to: Date | null;
  delivered_at: Date | null;
  latest_number: string | null;
}

/**
 * Creates the missing rows of the shipments `idsQuery` selects (one `shipment_id` column, in id order) and locks
 * them all, returning what the recomputation reads. `latest_number` is read in the statement's snapshot.
 */
export function lockSql(idsQuery: string): string {
  return `INSERT INTO tracking.shipment_tracking AS s (shipment_id) ${idsQuery}
         ON CONFLICT (shipment_id) DO UPDATE SET shipment_id = excluded.shipment_id
         RETURNING s.shipment_id, s.carrier_code, s.origin_country_code, s.destination_country_code, s.shipment_created_at, s.first_seen_at,
                   s.cancelled_at, s.expired_at, s.status, s.substatus, s.delivered_at,
                   coalesce(s.carrier_eta_from, s.predicted_eta_from) AS eta_from, coalesce(s.carrier_eta_to, s.predicted_eta_to) AS eta_to,
                   (SELECT n.tracking_number FROM tracking.tracking_numbers n WHERE n.shipment_id = s.shipment_id
                     ORDER BY n.leg_no DESC, n.linked_at DESC LIMIT 1) AS latest_number`;
}

export function lockedRows(rows: LockedRow[]): Map<string, ShipmentTrackingRow> {
  return new Map(
    rows.map((r) => [
      r.shipment_id,
      {
        shipmentId: r.shipment_id,
        carrierCode: r.carrier_code,
        originCountryCode: r.origin_country_code,
        destinationCountryCode: r.destination_country_code,
        shipmentCreatedAt: r.shipment_created_at,
        firstSeenAt: r.first_seen_at,
        cancelledAt: r.cancelled_at,
        expiredAt: r.expired_at,
        status: r.status,
        substatus: r.substatus,
        eta: r.eta_from && r.eta_to ? { from: r.eta_from, to: r.eta_to } : null,
        deliveredAt: r.delivered_at,
        latestTrackingNumber: r.latest_number,
      },
    ]),
  );
}

/** `shipment_tracking`: one row per shipment, written set-based per batch. */
@Injectable()
export class ShipmentTrackingRepository {
  /** Creates missing rows and locks all of them (id order, so concurrent batches cannot deadlock on them): one statement. */
  async lock(tx: SqlExecutor, shipmentIds: string[]): Promise<Map<string, ShipmentTrackingRow>> {
    const ids = [...new Set(shipmentIds)].sort();
    return lockedRows(rowsOf<LockedRow>(await tx.query(lockSql('SELECT unnest($1::uuid[])'), [ids])));
  }

  /** Writes the folded states back: one `INSERT … ON CONFLICT DO UPDATE` from unnest. */
  async write(tx: SqlExecutor, states: ShipmentTrackingState[]): Promise<void> {
    if (states.length === 0) return;
    await tx.query(
      `INSERT INTO tracking.shipment_tracking AS s (shipment_id, status, substatus, status_since, action_required, last_location, customs,
         carrier_eta_from, carrier_eta_to, predicted_eta_from, predicted_eta_to, first_scan_at, last_event_at, delivered_at, event_count)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::boolean[], $6::jsonb[], $7::jsonb[],
                            $8::timestamptz[], $9::timestamptz[], $10::timestamptz[], $11::timestamptz[], $12::timestamptz[], $13::timestamptz[], $14::timestamptz[], $15::int[])
       ON CONFLICT (shipment_id) DO UPDATE SET
         status = excluded.status, substatus = excluded.substatus, status_since = excluded.status_since, action_required = excluded.action_required,
         last_location = excluded.last_location, customs = excluded.customs, carrier_eta_from = excluded.carrier_eta_from, carrier_eta_to = excluded.carrier_eta_to,
         predicted_eta_from = excluded.predicted_eta_from, predicted_eta_to = excluded.predicted_eta_to, first_scan_at = excluded.first_scan_at,
         last_event_at = excluded.last_event_at, delivered_at = excluded.delivered_at, event_count = excluded.event_count, updated_at = now()`,
      [
        states.map((s) => s.shipmentId),
        states.map((s) => s.status),
        states.map((s) => s.substatus),
        states.map((s) => s.statusSince),
        states.map((s) => s.actionRequired),
        states.map((s) => (s.lastLocation ? JSON.stringify(s.lastLocation) : null)),
        states.map((s) => (s.customs ? JSON.stringify(s.customs) : null)),
        states.map((s) => s.carrierEta?.from ?? null),
        states.map((s) => s.carrierEta?.to ?? null),
        states.map((s) => s.predictedEta?.from ?? null),
        states.map((s) => s.predictedEta?.to ?? null),
        states.map((s) => s.firstScanAt),
        states.map((s) => s.lastEventAt),
        states.map((s) => s.deliveredAt),
        states.map((s) => s.eventCount),
      ],
    );
  }
}
