import { Injectable } from '@nestjs/common';
import type { Caller } from '@parcelstream/caller-identity';
import { buyerIdOf, isOps, sellerIdOf } from '@parcelstream/caller-identity';
import { findCarrier } from '@parcelstream/carriers';
import type { EventLocation, TrackingStatus } from '@parcelstream/contracts';
import { preparedQuery } from '@parcelstream/service-runtime';
import type { DataSource } from 'typeorm';
import type { Customs } from '../customs/customs-state';
import type { TrackingView, TrackingViewEvent } from './tracking.view';

/** A row of the view queries (also the live stream's, which reads views as of a version). */
export interface ViewRow {
  shipment_id: string;
  carrier_code: string | null;
  tracking_number: string | null;
  /** null unless the caller owns the order (decided in SQL) */
  order_number: string | null;
  is_owner: boolean;
  status: TrackingStatus;
  substatus: string | null;
  action_required: boolean;
  last_location: TrackingView['lastLocation'];
  customs: Customs | null;
  carrier_eta_from: Date | null;
  carrier_eta_to: Date | null;
  predicted_eta_from: Date | null;
  predicted_eta_to: Date | null;
  legs: TrackingView['legs'] | null;
  events: (Omit<TrackingViewEvent, 'location'> & { location: EventLocation | null })[];
}

/** one waybill lookup of one caller */
export interface TrackingLookup {
  trackingNumber: string;
  carrierCode: string | null;
  caller: Caller;
}

/** the caller as SQL parameters: ops, buyer id, seller id */
export const ownerParams = (caller: Caller) => [isOps(caller), buyerIdOf(caller) ?? null, sellerIdOf(caller) ?? null];
/** whether the caller (SQL expressions of ownerParams' three) may see `s` (shipment_tracking) in full */
const ownerOf = (ops: string, buyer: string, seller: string) => `(${ops} OR (${buyer} IS NOT NULL AND s.buyer_id = ${buyer}) OR (${seller} IS NOT NULL AND s.seller_id = ${seller}))`;
/** the same, with the caller as parameters $ops, $buyer, $seller */
export const OWNER = (ops: number, buyer: number, seller: number) => ownerOf(`$${ops}::boolean`, `$${buyer}::text`, `$${seller}::text`);

/** the events of the view (`e`: tracking_events matching `where`), oldest first, as one JSON array */
export const eventsJson = (where: string) => `
  (SELECT coalesce(json_agg(json_build_object('id', e.event_id, 'occurredAt', e.occurred_at_local, 'status', e.status, 'substatus', e.substatus,
            'description', e.description, 'location', e.location, 'source', e.source, 'rawCode', e.raw_code)
            ORDER BY e.occurred_at, e.status_rank, e.carrier_code COLLATE "C", e.event_id COLLATE "C"), '[]')
     FROM tracking.tracking_events e WHERE ${where})`;

/** the view's columns of `s` (shipment_tracking), its legs and its events oldest first — all in the one query */
export const VIEW_COLUMNS = `
  s.shipment_id, s.status, s.substatus, s.action_required, s.last_location, s.customs,
  s.carrier_eta_from, s.carrier_eta_to, s.predicted_eta_from, s.predicted_eta_to,
  (SELECT json_agg(json_build_object('carrierCode', n.carrier_code, 'trackingNumber', n.tracking_number) ORDER BY n.leg_no, n.linked_at)
     FROM tracking.tracking_numbers n WHERE n.shipment_id = s.shipment_id) AS legs,
  ${eventsJson('e.shipment_id = s.shipment_id')} AS events`;

/** the same, with the caller as the columns of a batch row `q` (ownerParams of each lookup) */
const OWNER_OF_ROW = ownerOf('q.ops', 'q.buyer', 'q.seller');

/**
 * Waybills' views, many lookups in one statement: row i of the arrays ($1 numbers, $2 carrier codes or null, $3–$5
 * each lookup's caller) → at most one row with `i`, its latest-linked number (of the carrier code if given);
 * ownership decided in SQL per lookup. One index probe per number (tracking_numbers_lookup_idx).
 */
const BY_TRACKING_NUMBERS = `WITH q AS (
     SELECT * FROM unnest($1::text[], $2::text[], $3::boolean[], $4::text[], $5::text[]) WITH ORDINALITY AS q(number, carrier, ops, buyer, seller, i)),
   hit AS (
     SELECT q.i, q.ops, q.buyer, q.seller, h.shipment_id, h.carrier_code, h.tracking_number FROM q CROSS JOIN LATERAL (
       SELECT n.shipment_id, n.carrier_code, n.tracking_number FROM tracking.tracking_numbers n
        WHERE n.tracking_number = q.number AND (q.carrier IS NULL OR n.carrier_code = q.carrier)
        ORDER BY n.linked_at DESC LIMIT 1) h)
   SELECT q.i, q.carrier_code, q.tracking_number, ${OWNER_OF_ROW} AS is_owner,
          CASE WHEN ${OWNER_OF_ROW} THEN s.order_number END AS order_number, ${VIEW_COLUMNS}
     FROM hit q JOIN tracking.shipment_tracking s ON s.shipment_id = q.shipment_id`;

/** an order's shipments the caller may see, each with its first leg's number */
const BY_ORDER_NUMBER = `SELECT first_leg.carrier_code, first_leg.tracking_number, true AS is_owner, s.order_number, ${VIEW_COLUMNS}
     FROM tracking.shipment_tracking s
     LEFT JOIN LATERAL (SELECT n.carrier_code, n.tracking_number FROM tracking.tracking_numbers n
                         WHERE n.shipment_id = s.shipment_id ORDER BY n.leg_no, n.linked_at LIMIT 1) first_leg ON true
    WHERE s.order_number = $1 AND ${OWNER(2, 3, 4)}
    ORDER BY s.shipment_created_at, s.shipment_id`;

/**
 * The read path: one SQL round trip per request, a prepared statement per pooled connection (parsed and planned
 * once); who sees what is decided in the query.
 */
@Injectable()
export class TrackingViewsRepository {
  /** Each lookup's view (undefined: no such number, or not of that carrier), in the order asked, from one query. */
  async byTrackingNumbers(db: DataSource, lookups: readonly TrackingLookup[]): Promise<(TrackingView | undefined)[]> {
    const columns: unknown[][] = [[], [], [], [], []];
    for (const { trackingNumber, carrierCode, caller } of lookups) {
      const [ops, buyer, seller] = ownerParams(caller);
      columns[0].push(trackingNumber);
      columns[1].push(carrierCode);
      columns[2].push(ops);
      columns[3].push(buyer);
      columns[4].push(seller);
    }
    const rows = await preparedQuery<ViewRow & { i: string }>(db, 'tracking-views-by-numbers', BY_TRACKING_NUMBERS, columns);
    const views: (TrackingView | undefined)[] = new Array(lookups.length).fill(undefined);
    for (const row of rows) views[Number(row.i) - 1] = toView(row);
    return views;
  }

  /** The order's shipments the caller may see (its buyer, its seller, ops); none for anyone else. */
  async byOrderNumber(db: DataSource, orderNumber: string, caller: Caller): Promise<TrackingView[]> {
    const rows = await preparedQuery<ViewRow>(db, 'tracking-views-by-order', BY_ORDER_NUMBER, [orderNumber, ...ownerParams(caller)]);
    return rows.map(toView);
  }
}

export function toView(r: ViewRow): TrackingView {
  const carrierCode = r.carrier_code;
  const eta =
    r.carrier_eta_from && r.carrier_eta_to
      ? { from: r.carrier_eta_from.toISOString(), to: r.carrier_eta_to.toISOString(), source: 'CARRIER' as const }
      : r.predicted_eta_from && r.predicted_eta_to
        ? { from: r.predicted_eta_from.toISOString(), to: r.predicted_eta_to.toISOString(), source: 'PREDICTED' as const }
        : null;
  return {
    trackingNumber: r.tracking_number,
    carrier: carrierCode ? { code: carrierCode, name: findCarrier(carrierCode)?.name ?? carrierCode } : null,
    status: r.status,
    substatus: r.substatus,
    actionRequired: r.action_required,
    lastLocation: r.last_location,
    estimatedDelivery: eta,
    ...(r.customs ? { customs: { state: r.customs.state, duties: r.customs.duties } } : {}),
    legs: r.legs ?? [],
    events: r.events.map((e) => ({ ...e, location: e.location ? (r.is_owner ? e.location : { city: e.location.city, countryCode: e.location.countryCode }) : null })),
    ...(r.is_owner && r.order_number ? { orderNumber: r.order_number } : {}),
  };
}
