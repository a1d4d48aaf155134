import { Injectable } from '@nestjs/common';
import { rowsOf, type SqlExecutor } from '@parcelstream/messaging';
import { lockedRows, lockSql, type LockedRow, type ShipmentTrackingRow } from '../timeline/shipment-tracking.repository';
import { EVENT_COLUMNS, EVENT_PARAM_TYPES, eventParams, eventUpsertSql, uniqueEvents, type ResolvedEvent } from './tracking-events.repository';
import { arrayParams, LINK_PARAM_TYPES, linkInsertSql, linkParams, linkRows, type WaybillLink } from './tracking-numbers.repository';

/**
 * The writes of one ingested batch in ONE statement (a chain of data-modifying CTEs): upsert the waybill links,
 * upsert the events, attach earlier orphans of the linked waybills, then create and lock the rows of every
 * shipment that gained an event (id order, as `ShipmentTrackingRepository.lock`) and return them.
 *
 * The sub-statements share one snapshot and none sees another's rows, so each is written not to need to:
 *  - the orphan update leaves the batch's own events to the event upsert, which already gives a stored orphan
 *    copy its shipment (run one after the other, the upsert came first and the update then skipped those rows);
 *  - a hand-over's leg reads the number it came from as stored before the statement (as one link statement did);
 *  - `latest_number` of the locked rows is read before the statement: it is only the fallback waybill of a
 *    shipment without events, and every row locked here has at least one;
 *  - the fold's load is the next statement: it runs after the locks are held, so its snapshot holds every
 *    batch that held them before.
 */
@Injectable()
export class IngestWritesRepository {
  async storeAndLock(
    tx: SqlExecutor,
    batch: { links: WaybillLink[]; events: ResolvedEvent[]; attachFor: { carrierCode: string; trackingNumber: string; shipmentId: string }[] },
  ): Promise<Map<string, ShipmentTrackingRow>> {
    if (batch.events.length === 0 && batch.links.length === 0) return new Map();
    const linkFirst = 1;
    const eventFirst = linkFirst + LINK_PARAM_TYPES.length;
    const attachFirst = eventFirst + EVENT_PARAM_TYPES.length;
    const rows = rowsOf<LockedRow>(
      await tx.query(
        `WITH linked AS (
           ${linkInsertSql(`unnest(${arrayParams(linkFirst, LINK_PARAM_TYPES)})`)}
         ), batch AS (
           SELECT * FROM unnest(${arrayParams(eventFirst, EVENT_PARAM_TYPES)}) AS u(${EVENT_COLUMNS})
         ), stored AS (
           ${eventUpsertSql('batch')}
         ), attached AS (
           UPDATE tracking.tracking_events e SET shipment_id = a.shipment_id
             FROM unnest(${arrayParams(attachFirst, ['text', 'text', 'uuid'])}) AS a(carrier_code, tracking_number, shipment_id)
            WHERE e.shipment_id IS NULL AND e.carrier_code = a.carrier_code AND e.tracking_number = a.tracking_number
              AND NOT EXISTS (SELECT 1 FROM batch b WHERE b.c = e.carrier_code AND b.id = e.event_id)
           RETURNING e.shipment_id
         )
         ${lockSql(`SELECT shipment_id FROM (SELECT shipment_id FROM stored UNION SELECT shipment_id FROM attached) t WHERE shipment_id IS NOT NULL ORDER BY shipment_id`)}`,
        [
          ...linkParams(linkRows(batch.links)),
          ...eventParams(uniqueEvents(batch.events)),
          batch.attachFor.map((l) => l.carrierCode),
          batch.attachFor.map((l) => l.trackingNumber),
          batch.attachFor.map((l) => l.shipmentId),
        ],
      ),
    );
    return lockedRows(rows);
  }
}
