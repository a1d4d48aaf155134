/**
 * The two references bench:ingest compares tracking-service's ingestion with, written straight into a
 * tracking schema (migrated by the service's own migrate.js) from memory — neither pays for Kafka.
 *
 *  - `perMessageBaseline`: what a naive Nest `@EventPattern` handler does — one message, one transaction, the
 *    same statements the service runs per batch, run per event: inbox claim, link the waybill, insert the event,
 *    attach orphans, lock/create the shipment row, load its events, fold, write the state, append the
 *    status change to the outbox. Favoured slightly: no ETA prediction query, a simpler fold (sort, then
 *    precedence by rank; the same outcome for these forward journeys), no Kafka decode or offset commit.
 *  - `batchedCeiling`: the same rows (inbox, tracking_numbers, tracking_events, one shipment_tracking row per
 *    shipment) written with one multi-row statement per table per batch, nothing read back, no fold, no outbox:
 *    the most a batch consumer could get out of this Postgres.
 */
import { createHash, randomUUID } from 'node:crypto';

const RANK = { PENDING: 0, INFO_RECEIVED: 10, IN_TRANSIT: 20, EXCEPTION: 25, ATTEMPT_FAIL: 30, OUT_FOR_DELIVERY: 30, AVAILABLE_FOR_PICKUP: 40, RETURNING: 50, DELIVERED: 100, RETURNED: 100, EXPIRED: 90, CANCELLED: 100 };
const TERMINAL = new Set(['DELIVERED', 'RETURNED', 'CANCELLED', 'EXPIRED']);
const rankOf = (status) => (status === 'UNKNOWN' ? -1 : RANK[status]);
const json = (v) => (v === undefined ? null : JSON.stringify(v));

const INSERT_EVENT = `
  INSERT INTO tracking.tracking_events AS t (carrier_code, event_id, shipment_id, tracking_number, status, status_rank, substatus, raw_code,
    description, occurred_at, occurred_at_local, location, estimated_delivery, duties, next_tracking_number, next_carrier_code, source, received_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, date_trunc('milliseconds', $10::timestamptz), $10, $11, $12, $13, $14, $15, $16, $17)
  ON CONFLICT (carrier_code, event_id) DO UPDATE SET shipment_id = excluded.shipment_id WHERE t.shipment_id IS NULL AND excluded.shipment_id IS NOT NULL
  RETURNING t.shipment_id`;

/** One transaction per event on one connection, in arrival order (a naive handler consumes one message at a time). */
export async function perMessageBaseline(pool, messages, { consumer = 'tracking-service' } = {}) {
  const client = await pool.connect();
  const started = process.hrtime.bigint();
  try {
    for (const m of messages) {
      const e = JSON.parse(m.value);
      await client.query('BEGIN');
      const fresh = await client.query('INSERT INTO tracking.inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT (consumer, event_id) DO NOTHING RETURNING event_id', [consumer, m.headers.ce_id]);
      if (fresh.rowCount === 0) {
        await client.query('COMMIT');
        continue;
      }
      await client.query(
        `INSERT INTO tracking.tracking_numbers (carrier_code, tracking_number, shipment_id, leg_no, linked_by) VALUES ($1, $2, $3, 1, 'EVENT')
         ON CONFLICT (carrier_code, tracking_number, shipment_id) DO NOTHING`,
        [e.carrierCode, e.trackingNumber, e.shipmentId],
      );
      await client.query(INSERT_EVENT, [
        e.carrierCode, e.eventId, e.shipmentId, e.trackingNumber, e.status, rankOf(e.status), e.substatus ?? null, e.rawCode, e.description, e.occurredAt,
        json(e.location), json(e.estimatedDelivery), json(e.duties), e.nextTrackingNumber ?? null, e.nextCarrierCode ?? null, e.source, e.receivedAt,
      ]);
      await client.query('UPDATE tracking.tracking_events SET shipment_id = $3 WHERE shipment_id IS NULL AND carrier_code = $1 AND tracking_number = $2', [e.carrierCode, e.trackingNumber, e.shipmentId]);
      const locked = await client.query(
        `INSERT INTO tracking.shipment_tracking AS s (shipment_id) VALUES ($1) ON CONFLICT (shipment_id) DO UPDATE SET shipment_id = excluded.shipment_id
         RETURNING s.status, s.substatus`,
        [e.shipmentId],
      );
      const { rows } = await client.query(
        `SELECT carrier_code, event_id, tracking_number, status, substatus, occurred_at, occurred_at_local, location, estimated_delivery
           FROM tracking.tracking_events WHERE shipment_id = $1`,
        [e.shipmentId],
      );
      const t = fold(rows);
      await client.query(
        `UPDATE tracking.shipment_tracking SET status = $2, substatus = $3, status_since = $4, last_location = $5, carrier_eta_from = $6, carrier_eta_to = $7,
                first_scan_at = $8, last_event_at = $9, delivered_at = $10, event_count = $11, updated_at = now() WHERE shipment_id = $1`,
        [e.shipmentId, t.status, t.substatus, t.statusSince, json(t.lastLocation), t.eta?.from ?? null, t.eta?.to ?? null, t.firstScanAt, t.lastEventAt, t.deliveredAt, rows.length],
      );
      const before = locked.rows[0];
      if (before.status !== t.status || before.substatus !== t.substatus) {
        const payload = { shipmentId: e.shipmentId, trackingNumber: e.trackingNumber, previousStatus: before.status, status: t.status, substatus: t.substatus ?? undefined, occurredAt: new Date(t.statusSince).toISOString() };
        const id = randomUUID();
        await client.query(
          `INSERT INTO tracking.outbox (slot, topic, message_key, event_id, event_type, headers, payload) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [slotOf(e.shipmentId), 'tracking.shipment.status.v1', e.shipmentId, id, 'parcelstream.tracking.shipment.status-changed.v1', JSON.stringify({ ce_id: id, ce_type: 'parcelstream.tracking.shipment.status-changed.v1' }), JSON.stringify(payload)],
        );
      }
      await client.query('COMMIT');
    }
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Sort by carrier time then rank; move the status where precedence allows (never out of a terminal status). */
function fold(rows) {
  const events = rows.sort((a, b) => a.occurred_at - b.occurred_at || rankOf(a.status) - rankOf(b.status) || (a.event_id < b.event_id ? -1 : 1));
  const t = { status: 'PENDING', substatus: null, statusSince: null, lastLocation: null, eta: null, firstScanAt: null, lastEventAt: null, deliveredAt: null };
  for (const e of events) {
    t.lastEventAt = e.occurred_at_local;
    if (e.location) t.lastLocation = { city: e.location.city ?? null, countryCode: e.location.countryCode };
    if (e.estimated_delivery) t.eta = e.estimated_delivery;
    if (!t.firstScanAt && rankOf(e.status) >= RANK.IN_TRANSIT) t.firstScanAt = e.occurred_at_local;
    if (e.status === 'UNKNOWN' || TERMINAL.has(t.status) || rankOf(e.status) < RANK[t.status]) continue;
    if (e.status === 'DELIVERED') t.deliveredAt = e.occurred_at_local;
    if (t.status !== e.status || t.substatus !== e.substatus) t.statusSince = e.occurred_at_local;
    t.status = e.status;
    t.substatus = e.substatus;
  }
  if (TERMINAL.has(t.status)) t.eta = null;
  return t;
}

/** The outbox's slot of a key (FNV-1a, 16 slots), as libs/messaging computes it. */
function slotOf(key) {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % 16;
}

/**
 * The same rows in batches of `batchSize`, `writers` connections at once, each writer owning a disjoint set of
 * shipments (as Kafka partitions would), so no two transactions wait on one row.
 */
export async function batchedCeiling(pool, messages, { batchSize = 5_000, writers = 2, consumer = 'tracking-service' } = {}) {
  const streams = Array.from({ length: writers }, () => []);
  for (const m of messages) streams[parseInt(createHash('md5').update(m.key).digest('hex').slice(0, 8), 16) % writers].push(m);
  const started = process.hrtime.bigint();
  await Promise.all(
    streams.map(async (stream) => {
      const client = await pool.connect();
      try {
        for (let i = 0; i < stream.length; i += batchSize) await writeBatch(client, stream.slice(i, i + batchSize), consumer);
      } finally {
        client.release();
      }
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function writeBatch(client, batch, consumer) {
  const events = batch.map((m) => JSON.parse(m.value));
  const latest = new Map();
  for (const e of events) {
    const seen = latest.get(e.shipmentId);
    latest.set(e.shipmentId, { e: !seen || Date.parse(e.occurredAt) > Date.parse(seen.e.occurredAt) ? e : seen.e, n: (seen?.n ?? 0) + 1 });
  }
  const shipments = [...latest.keys()].sort();
  await client.query('BEGIN');
  try {
    await client.query('INSERT INTO tracking.inbox (consumer, event_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING', [consumer, batch.map((m) => m.headers.ce_id)]);
    await client.query(
      `INSERT INTO tracking.tracking_numbers (carrier_code, tracking_number, shipment_id, leg_no, linked_by)
       SELECT c, n, s, 1, 'EVENT' FROM unnest($1::text[], $2::text[], $3::uuid[]) AS u(c, n, s) ON CONFLICT DO NOTHING`,
      [shipments.map((s) => latest.get(s).e.carrierCode), shipments.map((s) => latest.get(s).e.trackingNumber), shipments],
    );
    await client.query(
      `INSERT INTO tracking.tracking_events (carrier_code, event_id, shipment_id, tracking_number, status, status_rank, substatus, raw_code,
         description, occurred_at, occurred_at_local, location, estimated_delivery, duties, next_tracking_number, next_carrier_code, source, received_at)
       SELECT c, id, s, n, st, rk, sub, raw, d, date_trunc('milliseconds', o::timestamptz), o, loc, eta, dut, nn, nc, src, r
         FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::smallint[], $7::text[], $8::text[], $9::text[], $10::text[],
                     $11::jsonb[], $12::jsonb[], $13::jsonb[], $14::text[], $15::text[], $16::text[], $17::timestamptz[])
              AS u(c, id, s, n, st, rk, sub, raw, d, o, loc, eta, dut, nn, nc, src, r)
       ON CONFLICT (carrier_code, event_id) DO NOTHING`,
      [
        events.map((e) => e.carrierCode), events.map((e) => e.eventId), events.map((e) => e.shipmentId), events.map((e) => e.trackingNumber),
        events.map((e) => e.status), events.map((e) => rankOf(e.status)), events.map((e) => e.substatus ?? null), events.map((e) => e.rawCode),
        events.map((e) => e.description), events.map((e) => e.occurredAt), events.map((e) => json(e.location)), events.map((e) => json(e.estimatedDelivery)),
        events.map((e) => json(e.duties)), events.map((e) => e.nextTrackingNumber ?? null), events.map((e) => e.nextCarrierCode ?? null),
        events.map((e) => e.source), events.map((e) => e.receivedAt),
      ],
    );
    const newest = shipments.map((s) => latest.get(s).e);
    await client.query(
      `INSERT INTO tracking.shipment_tracking AS s (shipment_id, status, substatus, status_since, last_location, last_event_at, event_count)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::jsonb[], $6::timestamptz[], $7::int[])
       ON CONFLICT (shipment_id) DO UPDATE SET status = excluded.status, substatus = excluded.substatus, status_since = excluded.status_since,
         last_location = excluded.last_location, last_event_at = excluded.last_event_at, event_count = s.event_count + excluded.event_count, updated_at = now()`,
      [shipments, newest.map((e) => e.status), newest.map((e) => e.substatus ?? null), newest.map((e) => e.occurredAt), newest.map((e) => json(e.location)), newest.map((e) => e.occurredAt), shipments.map((s) => latest.get(s).n)],
    );
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}
