import { Injectable } from '@nestjs/common';
import type { NormalizedTrackingEvent } from '@parcelstream/contracts';
import { rowsOf, type SqlExecutor } from '@parcelstream/messaging';
import { eventRank, type FoldEvent } from '../timeline/compute-timeline';

export type ResolvedEvent = NormalizedTrackingEvent & { resolvedShipmentId: string | null };

interface FoldRow {
  shipment_id: string;
  carrier_code: string;
  event_id: string;
  tracking_number: string;
  status: FoldEvent['status'];
  substatus: string | null;
  occurred_at_local: string;
  location: FoldEvent['location'];
  estimated_delivery: FoldEvent['estimatedDelivery'];
  duties: FoldEvent['duties'];
}

/** A batch's events once each per (carrier, event id); a copy with a shipment wins over one without. */
export function uniqueEvents(events: ResolvedEvent[]): ResolvedEvent[] {
  const unique = new Map<string, ResolvedEvent>();
  for (const e of events) {
    const key = `${e.carrierCode}\u0000${e.eventId}`;
    const seen = unique.get(key);
    if (!seen || (!seen.resolvedShipmentId && e.resolvedShipmentId)) unique.set(key, e);
  }
  return [...unique.values()];
}

export const EVENT_PARAM_TYPES = ['text', 'text', 'uuid', 'text', 'text', 'smallint', 'text', 'text', 'text', 'text', 'jsonb', 'jsonb', 'jsonb', 'text', 'text', 'text', 'timestamptz'] as const;

/**
 * The event upsert, reading its rows from `source` (`unnest(…)` of `eventParams`, columns aliased c, id, s, n, st,
 * rk, sub, raw, d, o, loc, eta, dut, nn, nc, src, r). A copy of a stored event changes nothing, except that it
 * gives a shipment to a stored orphan. Returns `t.shipment_id` of the rows inserted or given a shipment.
 */
export function eventUpsertSql(source: string): string {
  return `INSERT INTO tracking.tracking_events AS t (carrier_code, event_id, shipment_id, tracking_number, status, status_rank, substatus, raw_code,
           description, occurred_at, occurred_at_local, location, estimated_delivery, duties, next_tracking_number, next_carrier_code, source, received_at)
         SELECT c, id, s, n, st, rk, sub, raw, d, date_trunc('milliseconds', o::timestamptz), o, loc, eta, dut, nn, nc, src, r FROM ${source}
         ON CONFLICT (carrier_code, event_id) DO UPDATE SET shipment_id = excluded.shipment_id
          WHERE t.shipment_id IS NULL AND excluded.shipment_id IS NOT NULL
         RETURNING t.shipment_id`;
}

export const EVENT_COLUMNS = 'c, id, s, n, st, rk, sub, raw, d, o, loc, eta, dut, nn, nc, src, r';

export function eventParams(rows: ResolvedEvent[]): unknown[] {
  const json = (v: object | undefined) => (v === undefined ? null : JSON.stringify(v));
  return [
    rows.map((e) => e.carrierCode),
    rows.map((e) => e.eventId),
    rows.map((e) => e.resolvedShipmentId),
    rows.map((e) => e.trackingNumber),
    rows.map((e) => e.status),
    rows.map((e) => eventRank(e.status)),
    rows.map((e) => e.substatus ?? null),
    rows.map((e) => e.rawCode),
    rows.map((e) => e.description),
    rows.map((e) => e.occurredAt),
    rows.map((e) => json(e.location)),
    rows.map((e) => json(e.estimatedDelivery)),
    rows.map((e) => json(e.duties)),
    rows.map((e) => e.nextTrackingNumber ?? null),
    rows.map((e) => e.nextCarrierCode ?? null),
    rows.map((e) => e.source),
    rows.map((e) => e.receivedAt),
  ];
}

/** The stored checkpoints (`tracking_events`): each carrier event once, whatever the copies and the order. */
@Injectable()
export class TrackingEventsRepository {
  /** Every stored event of these shipments (one query), as the fold reads them. */
  async loadForFold(tx: SqlExecutor, shipmentIds: string[]): Promise<Map<string, FoldEvent[]>> {
    const rows = rowsOf<FoldRow>(
      await tx.query(
        `SELECT shipment_id, carrier_code, event_id, tracking_number, status, substatus, occurred_at_local, location, estimated_delivery, duties
           FROM tracking.tracking_events WHERE shipment_id = ANY($1::uuid[])`,
        [shipmentIds],
      ),
    );
    const byShipment = new Map<string, FoldEvent[]>(shipmentIds.map((id) => [id, []]));
    for (const r of rows) {
      byShipment.get(r.shipment_id)?.push({
        carrierCode: r.carrier_code,
        eventId: r.event_id,
        trackingNumber: r.tracking_number,
        status: r.status,
        substatus: r.substatus,
        occurredAt: r.occurred_at_local,
        location: r.location,
        estimatedDelivery: r.estimated_delivery,
        duties: r.duties,
      });
    }
    return byShipment;
  }
}
