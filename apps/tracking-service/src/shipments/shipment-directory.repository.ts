import { Injectable } from '@nestjs/common';
import type { ShipmentCreated } from '@parcelstream/contracts';
import type { SqlExecutor } from '@parcelstream/messaging';

/** Who owns each shipment and where it goes, from shipment-service's events (columns of `shipment_tracking`). */
@Injectable()
export class ShipmentDirectoryRepository {
  /** A redelivered or late shipment.created rewrites the same facts; the folded state is left alone. */
  async recordCreated(tx: SqlExecutor, shipments: ShipmentCreated[]): Promise<void> {
    const rows = [...new Map(shipments.map((s) => [s.shipmentId, s])).values()].sort((a, b) => (a.shipmentId < b.shipmentId ? -1 : 1));
    await tx.query(
      `INSERT INTO tracking.shipment_tracking AS s (shipment_id, order_id, order_number, buyer_id, seller_id, carrier_code,
         origin_country_code, destination_country_code, shipment_created_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[])
       ON CONFLICT (shipment_id) DO UPDATE SET order_id = excluded.order_id, order_number = excluded.order_number, buyer_id = excluded.buyer_id,
         seller_id = excluded.seller_id, carrier_code = excluded.carrier_code, origin_country_code = excluded.origin_country_code,
         destination_country_code = excluded.destination_country_code, shipment_created_at = excluded.shipment_created_at, updated_at = now()`,
      [
        rows.map((s) => s.shipmentId),
        rows.map((s) => s.orderId),
        rows.map((s) => s.orderNumber),
        rows.map((s) => s.buyerId),
        rows.map((s) => s.sellerId),
        rows.map((s) => s.carrierCode),
        rows.map((s) => s.originCountryCode),
        rows.map((s) => s.destinationCountryCode),
        rows.map((s) => s.createdAt),
      ],
    );
  }

  async markCancelled(tx: SqlExecutor, cancellations: { shipmentId: string; cancelledAt: string }[]): Promise<void> {
    const rows = [...new Map(cancellations.map((c) => [c.shipmentId, c])).values()].sort((a, b) => (a.shipmentId < b.shipmentId ? -1 : 1));
    await tx.query(
      `INSERT INTO tracking.shipment_tracking AS s (shipment_id, cancelled_at)
       SELECT * FROM unnest($1::uuid[], $2::timestamptz[])
       ON CONFLICT (shipment_id) DO UPDATE SET cancelled_at = coalesce(s.cancelled_at, excluded.cancelled_at), updated_at = now()`,
      [rows.map((c) => c.shipmentId), rows.map((c) => c.cancelledAt)],
    );
  }
}
