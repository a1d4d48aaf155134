import { Injectable } from '@nestjs/common';
import { TrackingTimelineChangedEvent, type TimelineChangeKind, type TrackingStatus, type TrackingTimelineChanged } from '@parcelstream/contracts';
import { rowsOf, type OutboxEvent, type SqlExecutor } from '@parcelstream/messaging';

/** A new version of one shipment's timeline, as recorded. */
export interface TimelineVersion {
  shipmentId: string;
  version: number;
  changes: TimelineChangeKind[];
  status: TrackingStatus;
  substatus: string | null;
  eventCount: number;
  changedAt: Date;
}

/** `tracking.timeline.changed` for a version: what the live streams of every replica hear (ids and statuses only). */
export function timelineChanged(v: TimelineVersion): OutboxEvent<TrackingTimelineChanged> {
  return {
    contract: TrackingTimelineChangedEvent,
    key: v.shipmentId,
    payload: {
      shipmentId: v.shipmentId,
      version: v.version,
      changes: v.changes,
      status: v.status,
      ...(v.substatus ? { substatus: v.substatus } : {}),
      eventCount: v.eventCount,
      changedAt: v.changedAt.toISOString(),
    },
  };
}

/** the view's legs, as GET /tracking shows them */
const LEGS_JSON = `coalesce((SELECT jsonb_agg(jsonb_build_object('carrierCode', n.carrier_code, 'trackingNumber', n.tracking_number) ORDER BY n.leg_no, n.linked_at)
                           FROM tracking.tracking_numbers n WHERE n.shipment_id = s.shipment_id), '[]'::jsonb)`;

/**
 * `timeline_versions`: one row per change of a shipment's view (events, status, action required, location,
 * customs, ETA, legs), numbered 1, 2, 3… per shipment, with the state at that version; each event joining the
 * timeline is marked with the version it joined in. Written in the recomputation's transaction, while its rows
 * are locked (so versions of one shipment never race).
 */
@Injectable()
export class TimelineVersionsRepository {
  /**
   * One statement for the batch: compares each shipment's written state with its latest version (none: the state
   * of a shipment nothing is known of), inserts a version where anything differs, marks the events that joined.
   */
  async record(tx: SqlExecutor, shipmentIds: string[]): Promise<TimelineVersion[]> {
    if (shipmentIds.length === 0) return [];
    const rows = rowsOf<{ shipment_id: string; version: number; changes: TimelineChangeKind[]; status: TrackingStatus; substatus: string | null; event_count: number; changed_at: Date }>(
      await tx.query(
        `WITH now_state AS (
           SELECT s.shipment_id, s.status, s.substatus, s.action_required, s.last_location, s.customs,
                  s.carrier_eta_from, s.carrier_eta_to, s.predicted_eta_from, s.predicted_eta_to, l.legs, s.event_count,
                  coalesce(v.version, 0) AS last_version,
                  array_remove(ARRAY[
                    CASE WHEN s.event_count <> coalesce(v.event_count, 0) THEN 'EVENTS' END,
                    CASE WHEN (s.status, s.substatus) IS DISTINCT FROM (coalesce(v.status, 'PENDING'), v.substatus) THEN 'STATUS' END,
                    CASE WHEN s.action_required <> coalesce(v.action_required, false) THEN 'ACTION_REQUIRED' END,
                    CASE WHEN s.last_location IS DISTINCT FROM v.last_location THEN 'LOCATION' END,
                    CASE WHEN s.customs IS DISTINCT FROM v.customs THEN 'CUSTOMS' END,
                    CASE WHEN (s.carrier_eta_from, s.carrier_eta_to, s.predicted_eta_from, s.predicted_eta_to)
                              IS DISTINCT FROM (v.carrier_eta_from, v.carrier_eta_to, v.predicted_eta_from, v.predicted_eta_to) THEN 'ETA' END,
                    CASE WHEN v.legs IS NOT NULL AND l.legs <> v.legs THEN 'LEGS' END
                  ], NULL) AS changes
             FROM tracking.shipment_tracking s
             CROSS JOIN LATERAL (SELECT ${LEGS_JSON} AS legs) l
             LEFT JOIN LATERAL (SELECT * FROM tracking.timeline_versions v WHERE v.shipment_id = s.shipment_id ORDER BY v.version DESC LIMIT 1) v ON true
            WHERE s.shipment_id = ANY($1::uuid[])
         ), inserted AS (
           INSERT INTO tracking.timeline_versions AS t (shipment_id, version, changes, status, substatus, action_required, last_location, customs,
                                                        carrier_eta_from, carrier_eta_to, predicted_eta_from, predicted_eta_to, legs, event_count)
           SELECT shipment_id, last_version + 1, changes, status, substatus, action_required, last_location, customs,
                  carrier_eta_from, carrier_eta_to, predicted_eta_from, predicted_eta_to, legs, event_count
             FROM now_state WHERE cardinality(changes) > 0
           RETURNING t.shipment_id, t.version, t.changes, t.status, t.substatus, t.event_count, t.changed_at
         ), joined AS (
           UPDATE tracking.tracking_events e SET timeline_version = i.version
             FROM inserted i WHERE e.shipment_id = i.shipment_id AND e.timeline_version IS NULL
         )
         SELECT * FROM inserted`,
        [[...new Set(shipmentIds)]],
      ),
    );
    return rows.map((r) => ({
      shipmentId: r.shipment_id,
      version: r.version,
      changes: r.changes,
      status: r.status,
      substatus: r.substatus,
      eventCount: r.event_count,
      changedAt: r.changed_at,
    }));
  }

  /**
   * Deletes up to `limit` versions changed before `before` that are not their shipment's latest (the latest is
   * what `record` compares with, and the state a resumed stream ends on). Replicas pruning side by side take
   * disjoint rows (SKIP LOCKED). Returns how many went.
   */
  async prune(tx: SqlExecutor, before: Date, limit: number): Promise<number> {
    const rows = rowsOf<{ n: string }>(
      await tx.query(
        `WITH old AS (
           SELECT v.shipment_id, v.version FROM tracking.timeline_versions v
            WHERE v.changed_at < $1
              AND EXISTS (SELECT 1 FROM tracking.timeline_versions w WHERE w.shipment_id = v.shipment_id AND w.version > v.version)
            LIMIT $2 FOR UPDATE SKIP LOCKED),
         gone AS (
           DELETE FROM tracking.timeline_versions v USING old WHERE v.shipment_id = old.shipment_id AND v.version = old.version RETURNING 1)
         SELECT count(*) AS n FROM gone`,
        [before, limit],
      ),
    );
    return Number(rows[0]?.n ?? 0);
  }
}
