import { Injectable } from '@nestjs/common';
import { rowsOf, type SqlExecutor } from '@parcelstream/messaging';

/** How a waybill came to belong to a shipment: the shipment itself, a carrier hand-over, or an event that named both. */
export type LinkSource = 'SHIPMENT' | 'HANDOVER' | 'EVENT';

export interface WaybillLink {
  carrierCode: string;
  trackingNumber: string;
  shipmentId: string;
  linkedBy: LinkSource;
  /** for a hand-over: the waybill the parcel came from (its leg + 1 is this leg) */
  from?: { carrierCode: string; trackingNumber: string };
}

const PRIORITY: Record<LinkSource, number> = { EVENT: 0, SHIPMENT: 1, HANDOVER: 2 };
const waybillKey = (carrierCode: string, trackingNumber: string) => `${carrierCode}\u0000${trackingNumber}`;
/** the first key of tracking-service's advisory locks on waybills (the second is the waybill's bucket) */
const WAYBILL_LOCK_CLASS = 7001;

/** Waybills → shipments and legs (`tracking_numbers`); set-based per batch. */
@Injectable()
export class TrackingNumbersRepository {
  /**
   * Upserts the links (one statement). A shipment's own number is leg 1; a hand-over's number is the leg of the
   * number it came from + 1; a link an event implied is replaced by a shipment or hand-over link, never the reverse.
   */
  async link(tx: SqlExecutor, links: WaybillLink[]): Promise<void> {
    const rows = linkRows(links);
    if (rows.length === 0) return;
    await tx.query(linkInsertSql(`unnest(${arrayParams(1, LINK_PARAM_TYPES)})`), linkParams(rows));
  }

  /**
   * Serialises the two halves of an orphan's adoption for these waybills until the transaction ends: storing an
   * event no shipment claims yet, and linking its waybill (which attaches the orphans already stored). Without it
   * the two can run side by side — the event's waybill and the hand-over that links it travel under different
   * keys, so in different partitions — each blind to the other's uncommitted row, and the event stays an orphan
   * for good. Advisory locks on 1,024 buckets of the waybill (a transaction holds at most that many), taken in
   * bucket order; a statement after this one sees what the other transaction committed.
   */
  async lockWaybills(tx: SqlExecutor, waybills: { carrierCode: string; trackingNumber: string }[]): Promise<void> {
    if (waybills.length === 0) return;
    await tx.query(
      `SELECT count(pg_advisory_xact_lock(${WAYBILL_LOCK_CLASS}, b)) FROM (
         SELECT DISTINCT hashtext(w) & 1023 AS b FROM unnest($1::text[]) AS w ORDER BY b OFFSET 0) buckets`,
      [waybills.map((w) => `${w.carrierCode} ${w.trackingNumber}`)], // text for hashtext: no NUL (waybillKey has one)
    );
  }

  /** The shipment each waybill belongs to now (the newest link: carriers reuse numbers after some months). */
  async resolve(tx: SqlExecutor, waybills: { carrierCode: string; trackingNumber: string }[]): Promise<Map<string, string>> {
    if (waybills.length === 0) return new Map();
    const rows = rowsOf<{ carrier_code: string; tracking_number: string; shipment_id: string }>(
      await tx.query(
        `SELECT DISTINCT ON (t.carrier_code, t.tracking_number) t.carrier_code, t.tracking_number, t.shipment_id
           FROM tracking.tracking_numbers t
           JOIN unnest($1::text[], $2::text[]) AS w(carrier_code, tracking_number) USING (carrier_code, tracking_number)
          ORDER BY t.carrier_code, t.tracking_number, t.linked_at DESC`,
        [waybills.map((w) => w.carrierCode), waybills.map((w) => w.trackingNumber)],
      ),
    );
    return new Map(rows.map((r) => [waybillKey(r.carrier_code, r.tracking_number), r.shipment_id]));
  }

  /** Events that came before their waybill was linked join the shipment now; returns the shipments they joined. */
  async attachOrphans(tx: SqlExecutor, links: { carrierCode: string; trackingNumber: string; shipmentId: string }[]): Promise<string[]> {
    if (links.length === 0) return [];
    const rows = rowsOf<{ shipment_id: string }>(
      await tx.query(
        `UPDATE tracking.tracking_events e SET shipment_id = l.shipment_id
           FROM unnest($1::text[], $2::text[], $3::uuid[]) AS l(carrier_code, tracking_number, shipment_id)
          WHERE e.shipment_id IS NULL AND e.carrier_code = l.carrier_code AND e.tracking_number = l.tracking_number
         RETURNING e.shipment_id`,
        [links.map((l) => l.carrierCode), links.map((l) => l.trackingNumber), links.map((l) => l.shipmentId)],
      ),
    );
    return [...new Set(rows.map((r) => r.shipment_id))];
  }
}

export { waybillKey };

/** One row per (waybill, shipment), the strongest link source kept; in shipment order (rows are locked in that order). */
export function linkRows(links: WaybillLink[]): WaybillLink[] {
  const unique = new Map<string, WaybillLink>();
  for (const l of links) {
    const key = `${waybillKey(l.carrierCode, l.trackingNumber)}\u0000${l.shipmentId}`;
    const seen = unique.get(key);
    if (!seen || PRIORITY[l.linkedBy] > PRIORITY[seen.linkedBy]) unique.set(key, l);
  }
  return [...unique.values()].sort((a, b) => (a.shipmentId < b.shipmentId ? -1 : a.shipmentId > b.shipmentId ? 1 : 0));
}

export const LINK_PARAM_TYPES = ['text', 'text', 'uuid', 'text', 'text', 'text'] as const;

/** `$first::type[], …` for consecutive array parameters. */
export function arrayParams(first: number, types: readonly string[]): string {
  return types.map((t, i) => `$${first + i}::${t}[]`).join(', ');
}

/** The link upsert (see `link`), reading its rows from `source`, e.g. `unnest($1::text[], …)` in the order of `linkParams`. */
export function linkInsertSql(source: string): string {
  return `INSERT INTO tracking.tracking_numbers AS t (carrier_code, tracking_number, shipment_id, leg_no, linked_by)
       SELECT l.carrier_code, l.tracking_number, l.shipment_id,
              CASE WHEN l.linked_by = 'HANDOVER'
                   THEN coalesce((SELECT max(f.leg_no) FROM tracking.tracking_numbers f
                                   WHERE f.shipment_id = l.shipment_id AND f.carrier_code = l.from_carrier AND f.tracking_number = l.from_number), 1) + 1
                   ELSE 1 END,
              l.linked_by
         FROM ${source} AS l(carrier_code, tracking_number, shipment_id, linked_by, from_carrier, from_number)
       ON CONFLICT (carrier_code, tracking_number, shipment_id) DO UPDATE SET leg_no = excluded.leg_no, linked_by = excluded.linked_by
        WHERE t.linked_by = 'EVENT' AND excluded.linked_by <> 'EVENT'`;
}

export function linkParams(rows: WaybillLink[]): unknown[] {
  return [
    rows.map((l) => l.carrierCode),
    rows.map((l) => l.trackingNumber),
    rows.map((l) => l.shipmentId),
    rows.map((l) => l.linkedBy),
    rows.map((l) => l.from?.carrierCode ?? null),
    rows.map((l) => l.from?.trackingNumber ?? null),
  ];
}
