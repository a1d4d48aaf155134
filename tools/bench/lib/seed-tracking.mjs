/**
 * Seeds a migrated tracking schema set-based (generate_series), as if `shipments` journeys of `perShipment`
 * events had been ingested: shipment_tracking (owners and folded state), tracking_numbers (one leg each) and
 * tracking_events. 1,000,000 events take a minute or so; the shipments and waybills are those of
 * tracking-journeys.mjs (`BN<i, 9 digits>GB`).
 */
import pg from 'pg';
import { journeySteps } from './tracking-journeys.mjs';

export async function seedTracking(url, { shipments, perShipment, chunk = 20_000, log = () => undefined }) {
  const steps = journeySteps(perShipment);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let from = 0; from < shipments; from += chunk) {
      const to = Math.min(shipments, from + chunk) - 1;
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO tracking.shipment_tracking (shipment_id, order_id, order_number, buyer_id, seller_id, carrier_code, origin_country_code,
           destination_country_code, shipment_created_at, status, substatus, status_since, last_location, first_scan_at, last_event_at, delivered_at, event_count)
         SELECT md5('bench-shipment-' || i)::uuid, md5('bench-order-' || i)::uuid, 'PS-BNCH-' || lpad(i::text, 9, '0'), 'buyer-' || (i % 5000),
                'seller-' || (i % 200), 'sim-post', 'CN', 'DE', t0, 'DELIVERED', 'DELIVERED.SIGNED', t0 + ($3 - 1) * interval '6 hours',
                '{"city":"Frankfurt","countryCode":"DE"}', t0 + interval '6 hours', t0 + ($3 - 1) * interval '6 hours', t0 + ($3 - 1) * interval '6 hours', $3
           FROM generate_series($1::int, $2::int) AS i, LATERAL (SELECT timestamptz '2026-01-05 08:00Z' + (i % 97) * interval '1 minute' AS t0) t`,
        [from, to, perShipment],
      );
      await client.query(
        `INSERT INTO tracking.tracking_numbers (carrier_code, tracking_number, shipment_id, leg_no, linked_by)
         SELECT 'sim-post', 'BN' || lpad(i::text, 9, '0') || 'GB', md5('bench-shipment-' || i)::uuid, 1, 'SHIPMENT' FROM generate_series($1::int, $2::int) AS i`,
        [from, to],
      );
      await client.query(
        `INSERT INTO tracking.tracking_events (carrier_code, event_id, shipment_id, tracking_number, status, status_rank, substatus, raw_code, description,
           occurred_at, occurred_at_local, location, source, received_at)
         SELECT 'sim-post', 'bench-' || i || '-' || j, md5('bench-shipment-' || i)::uuid, 'BN' || lpad(i::text, 9, '0') || 'GB',
                st[j + 1], rk[j + 1], sub[j + 1], raw[j + 1], sub[j + 1] || ' (' || city[j + 1] || ')', at, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                jsonb_build_object('city', city[j + 1], 'countryCode', cc[j + 1], 'facility', fac[j + 1]), 'CARRIER', at + interval '5 minutes'
           FROM generate_series($1::int, $2::int) AS i CROSS JOIN generate_series(0, $3::int - 1) AS j,
                LATERAL (SELECT timestamptz '2026-01-05 08:00Z' + (i % 97) * interval '1 minute' + j * interval '6 hours' AS at) t,
                (SELECT $4::text[] AS st, $5::smallint[] AS rk, $6::text[] AS sub, $7::text[] AS raw, $8::text[] AS city, $9::text[] AS cc, $10::text[] AS fac) k`,
        [
          from,
          to,
          perShipment,
          steps.map((s) => s.status),
          steps.map((s) => RANK[s.status]),
          steps.map((s) => s.substatus),
          steps.map((s) => s.rawCode),
          steps.map((s) => s.place.city),
          steps.map((s) => s.place.countryCode),
          steps.map((s) => s.place.facility),
        ],
      );
      await client.query('COMMIT');
      log(`seeded ${to + 1} of ${shipments} shipments`);
    }
    await client.query('ANALYZE tracking.shipment_tracking, tracking.tracking_numbers, tracking.tracking_events');
    const { rows } = await client.query('SELECT (SELECT count(*)::int FROM tracking.tracking_events) AS events, (SELECT count(*)::int FROM tracking.shipment_tracking) AS shipments');
    return rows[0];
  } finally {
    await client.end();
  }
}

const RANK = { PENDING: 0, INFO_RECEIVED: 10, IN_TRANSIT: 20, EXCEPTION: 25, ATTEMPT_FAIL: 30, OUT_FOR_DELIVERY: 30, AVAILABLE_FOR_PICKUP: 40, RETURNING: 50, DELIVERED: 100, RETURNED: 100, EXPIRED: 90, CANCELLED: 100 };
