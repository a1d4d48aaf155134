import { Injectable } from '@nestjs/common';
import type { ShipmentCreated } from '@parcelstream/contracts';
import { rowsOf, type SqlExecutor } from '@parcelstream/messaging';

export interface WaybillLeg {
  carrierCode: string;
  trackingNumber: string;
  shipmentId: string;
}

/** Which shipment a (carrier, number) belongs to — every leg, so hand-overs keep their shipment. */
@Injectable()
export class ShipmentsRepository {
  /** Records new shipments and their first waybill (set-based); returns the ids that were new. */
  async recordCreated(tx: SqlExecutor, shipments: ShipmentCreated[]): Promise<Set<string>> {
    if (shipments.length === 0) return new Set();
    const inserted = rowsOf<{ shipment_id: string }>(
      await tx.query(
        `INSERT INTO carrier_sync.shipments (shipment_id, carrier_code, tracking_number, fulfillment_model, origin_country_code, destination_country_code)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
         ON CONFLICT (shipment_id) DO NOTHING RETURNING shipment_id`,
        [
          shipments.map((s) => s.shipmentId),
          shipments.map((s) => s.carrierCode),
          shipments.map((s) => s.trackingNumber),
          shipments.map((s) => s.fulfillmentModel),
          shipments.map((s) => s.originCountryCode),
          shipments.map((s) => s.destinationCountryCode),
        ],
      ),
    );
    const fresh = new Set(inserted.map((r) => r.shipment_id));
    await this.addLegs(
      tx,
      shipments.filter((s) => fresh.has(s.shipmentId) && s.trackingNumber).map((s) => ({ carrierCode: s.carrierCode, trackingNumber: s.trackingNumber as string, shipmentId: s.shipmentId })),
      1,
    );
    return fresh;
  }

  async addLegs(tx: SqlExecutor, legs: WaybillLeg[], leg: number): Promise<void> {
    if (legs.length === 0) return;
    await tx.query(
      `INSERT INTO carrier_sync.waybills (carrier_code, tracking_number, shipment_id, leg)
       SELECT c, n, s, $4 FROM unnest($1::text[], $2::text[], $3::uuid[]) AS t(c, n, s)
       ON CONFLICT DO NOTHING`,
      [legs.map((l) => l.carrierCode), legs.map((l) => l.trackingNumber), legs.map((l) => l.shipmentId), leg],
    );
  }

  async setTrackingNumbers(tx: SqlExecutor, legs: WaybillLeg[]): Promise<void> {
    if (legs.length === 0) return;
    await tx.query(
      `UPDATE carrier_sync.shipments s SET tracking_number = t.n FROM unnest($1::uuid[], $2::text[]) AS t(id, n) WHERE s.shipment_id = t.id`,
      [legs.map((l) => l.shipmentId), legs.map((l) => l.trackingNumber)],
    );
    await this.addLegs(tx, legs, 1);
  }

  /** The shipment of each number of one carrier (the newest, as numbers get reused after months). */
  async attribute(db: SqlExecutor, carrierCode: string, numbers: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(numbers)];
    if (unique.length === 0) return new Map();
    const rows = rowsOf<{ tracking_number: string; shipment_id: string }>(
      await db.query(
        `SELECT DISTINCT ON (tracking_number) tracking_number, shipment_id FROM carrier_sync.waybills
          WHERE carrier_code = $1 AND tracking_number = ANY($2::text[])
          ORDER BY tracking_number, created_at DESC`,
        [carrierCode, unique],
      ),
    );
    return new Map(rows.map((r) => [r.tracking_number, r.shipment_id]));
  }
}
