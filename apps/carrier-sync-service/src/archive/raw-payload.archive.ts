import { Injectable } from '@nestjs/common';
import { rowsOf, type SqlExecutor } from '@parcelstream/messaging';

export const PAYLOAD_OUTCOMES = ['ACCEPTED', 'REJECTED', 'DUPLICATE'] as const;
export type PayloadOutcome = (typeof PAYLOAD_OUTCOMES)[number];
export type PayloadChannel = 'WEBHOOK' | 'POLL';

export interface RawPayload {
  carrierCode: string;
  channel: PayloadChannel;
  receivedAt: Date;
  /** the connector's header subset (signatures included, no cookies or auth of ours) */
  headers: Record<string, string>;
  body: string;
  outcome: PayloadOutcome;
  reason?: string;
  eventCount: number;
  /** received − the newest carrier event time in the payload */
  lagMs?: number;
}

export interface ArchivedPayload {
  id: string;
  carrierCode: string;
  channel: PayloadChannel;
  receivedAt: Date;
  body: string;
}

/** Rejected bodies are cut here: an unauthenticated sender must not fill the archive. */
const REJECTED_BODY_LIMIT = 64 * 1024;

/** Every payload as received, with what became of it, so statuses can be recomputed after a mapping change. */
@Injectable()
export class RawPayloadArchive {
  async record(db: SqlExecutor, payloads: RawPayload[]): Promise<void> {
    if (payloads.length === 0) return;
    await db.query(
      `INSERT INTO carrier_sync.raw_payloads (carrier_code, channel, received_at, headers, body, outcome, reason, event_count, lag_ms)
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::jsonb[], $5::text[], $6::text[], $7::text[], $8::int[], $9::bigint[])`,
      [
        payloads.map((p) => p.carrierCode),
        payloads.map((p) => p.channel),
        payloads.map((p) => p.receivedAt.toISOString()),
        payloads.map((p) => JSON.stringify(p.headers)),
        payloads.map((p) => (p.outcome === 'REJECTED' ? p.body.slice(0, REJECTED_BODY_LIMIT) : p.body)),
        payloads.map((p) => p.outcome),
        payloads.map((p) => p.reason ?? null),
        payloads.map((p) => p.eventCount),
        payloads.map((p) => (p.lagMs === undefined ? null : Math.round(p.lagMs))),
      ],
    );
  }

  /** Accepted and duplicate payloads of a carrier since a time, oldest first, a page at a time (keyset on id). */
  async acceptedSince(db: SqlExecutor, carrierCode: string, since: Date, afterId: string, limit: number): Promise<ArchivedPayload[]> {
    const rows = rowsOf<{ id: string; carrier_code: string; channel: PayloadChannel; received_at: Date; body: string }>(
      await db.query(
        `SELECT id::text, carrier_code, channel, received_at, body FROM carrier_sync.raw_payloads
          WHERE carrier_code = $1 AND received_at >= $2 AND outcome = 'ACCEPTED' AND id > $3::bigint
          ORDER BY id LIMIT $4`,
        [carrierCode, since.toISOString(), afterId, limit],
      ),
    );
    return rows.map((r) => ({ id: r.id, carrierCode: r.carrier_code, channel: r.channel, receivedAt: new Date(r.received_at), body: r.body }));
  }
}
