import { Injectable } from '@nestjs/common';
import type { Caller } from '@parcelstream/caller-identity';
import { rowsOf, type SqlExecutor } from '@parcelstream/messaging';
import { eventsJson, OWNER, ownerParams, toView, VIEW_COLUMNS, type ViewRow } from '../queries/tracking-views.repository';
import type { TrackingView } from '../queries/tracking.view';

/** What a stream follows: the shipment the number named when it opened, and the number as the caller gave it. */
export interface StreamBinding {
  shipmentId: string;
  carrierCode: string | null;
  trackingNumber: string | null;
}

/** A view as of a timeline version (the stream's `id:`). */
export interface VersionedView {
  version: number;
  view: TrackingView;
}

/**
 * The live stream's reads, with the GET's rules (who sees the full view is decided in the SQL): the current view
 * with its version, and the views as of each version after N, rebuilt from `timeline_versions` and the events
 * that had joined by then.
 */
@Injectable()
export class LiveTrackingRepository {
  /** The number's shipment (the newest link, as GET /tracking) with its current view and version (0: none yet). */
  async current(db: SqlExecutor, trackingNumber: string, carrierCode: string | null, caller: Caller): Promise<{ binding: StreamBinding; current: VersionedView } | undefined> {
    const [row] = rowsOf<ViewRow & { version: number }>(
      await db.query(
        `WITH hit AS (
           SELECT n.shipment_id, n.carrier_code, n.tracking_number FROM tracking.tracking_numbers n
            WHERE n.tracking_number = $1 AND ($2::text IS NULL OR n.carrier_code = $2)
            ORDER BY n.linked_at DESC LIMIT 1)
         SELECT h.carrier_code, h.tracking_number, ${OWNER(3, 4, 5)} AS is_owner,
                CASE WHEN ${OWNER(3, 4, 5)} THEN s.order_number END AS order_number, ${VIEW_COLUMNS},
                coalesce((SELECT max(v.version) FROM tracking.timeline_versions v WHERE v.shipment_id = s.shipment_id), 0) AS version
           FROM hit h JOIN tracking.shipment_tracking s ON s.shipment_id = h.shipment_id`,
        [trackingNumber, carrierCode, ...ownerParams(caller)],
      ),
    );
    if (!row) return undefined;
    return { binding: { shipmentId: row.shipment_id, carrierCode: row.carrier_code, trackingNumber: row.tracking_number }, current: { version: row.version, view: toView(row) } };
  }

  /** The views as of the versions after `after`, oldest first, at most `limit` of them. */
  async after(db: SqlExecutor, binding: StreamBinding, caller: Caller, after: number, limit: number): Promise<VersionedView[]> {
    const rows = rowsOf<ViewRow & { version: number }>(
      await db.query(
        `SELECT v.version, $2::text AS carrier_code, $3::text AS tracking_number, ${OWNER(6, 7, 8)} AS is_owner,
                CASE WHEN ${OWNER(6, 7, 8)} THEN s.order_number END AS order_number,
                v.shipment_id, v.status, v.substatus, v.action_required, v.last_location, v.customs,
                v.carrier_eta_from, v.carrier_eta_to, v.predicted_eta_from, v.predicted_eta_to, v.legs,
                ${eventsJson('e.shipment_id = v.shipment_id AND e.timeline_version <= v.version')} AS events
           FROM tracking.timeline_versions v JOIN tracking.shipment_tracking s ON s.shipment_id = v.shipment_id
          WHERE v.shipment_id = $1 AND v.version > $4
          ORDER BY v.version LIMIT $5`,
        [binding.shipmentId, binding.carrierCode, binding.trackingNumber, after, limit, ...ownerParams(caller)],
      ),
    );
    return rows.map((r) => ({ version: r.version, view: toView(r) }));
  }
}
