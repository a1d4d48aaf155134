import { Injectable } from '@nestjs/common';
import { rowsOf, type SqlExecutor } from '@parcelstream/messaging';
import type { TransitStats } from './predicted-window';

export interface TransitSample {
  shipmentId: string;
  carrierCode: string;
  originCountryCode: string;
  destinationCountryCode: string;
  transitHours: number;
  deliveredAt: string;
}

export const laneKey = (carrierCode: string, origin: string | null, destination: string | null) => `${carrierCode}|${origin ?? ''}|${destination ?? ''}`;

/** Observed transit times (first physical scan → delivered), per carrier and lane. */
@Injectable()
export class TransitSamplesRepository {
  async record(tx: SqlExecutor, samples: TransitSample[]): Promise<void> {
    if (samples.length === 0) return;
    await tx.query(
      `INSERT INTO tracking.transit_samples (shipment_id, carrier_code, origin_country_code, destination_country_code, transit_hours, delivered_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::timestamptz[])
       ON CONFLICT (shipment_id) DO NOTHING`,
      [
        samples.map((s) => s.shipmentId),
        samples.map((s) => s.carrierCode),
        samples.map((s) => s.originCountryCode),
        samples.map((s) => s.destinationCountryCode),
        samples.map((s) => s.transitHours),
        samples.map((s) => s.deliveredAt),
      ],
    );
  }

  /**
   * p25/p75 of the last `sampleSize` deliveries per lane, and per carrier, in one query. Keys: `laneKey(carrier,
   * origin, destination)` for lanes and `laneKey(carrier, null, null)` for carriers.
   */
  async stats(db: SqlExecutor, lanes: { carrierCode: string; origin: string | null; destination: string | null }[], sampleSize: number): Promise<Map<string, TransitStats>> {
    if (lanes.length === 0) return new Map();
    const rows = rowsOf<{ carrier_code: string; o: string | null; d: string | null; n: number; p25: number; p75: number }>(
      await db.query(
        `WITH lanes AS (SELECT DISTINCT * FROM unnest($1::text[], $2::text[], $3::text[]) AS l(carrier_code, o, d))
         SELECT l.carrier_code, l.o, l.d, count(*)::int AS n,
                percentile_cont(0.25) WITHIN GROUP (ORDER BY x.transit_hours) AS p25, percentile_cont(0.75) WITHIN GROUP (ORDER BY x.transit_hours) AS p75
           FROM lanes l CROSS JOIN LATERAL (
                SELECT s.transit_hours FROM tracking.transit_samples s
                 WHERE s.carrier_code = l.carrier_code AND s.origin_country_code = l.o AND s.destination_country_code = l.d
                 ORDER BY s.delivered_at DESC LIMIT $4) x
          WHERE l.o IS NOT NULL AND l.d IS NOT NULL
          GROUP BY l.carrier_code, l.o, l.d
         UNION ALL
         SELECT c.carrier_code, NULL, NULL, count(*)::int,
                percentile_cont(0.25) WITHIN GROUP (ORDER BY x.transit_hours), percentile_cont(0.75) WITHIN GROUP (ORDER BY x.transit_hours)
           FROM (SELECT DISTINCT carrier_code FROM lanes) c CROSS JOIN LATERAL (
                SELECT s.transit_hours FROM tracking.transit_samples s WHERE s.carrier_code = c.carrier_code ORDER BY s.delivered_at DESC LIMIT $4) x
          GROUP BY c.carrier_code`,
        [lanes.map((l) => l.carrierCode), lanes.map((l) => l.origin), lanes.map((l) => l.destination), sampleSize],
      ),
    );
    return new Map(rows.map((r) => [laneKey(r.carrier_code, r.o, r.d), { samples: r.n, p25Hours: r.p25, p75Hours: r.p75 }]));
  }
}
