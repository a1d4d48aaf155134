import { Injectable } from '@nestjs/common';
import { listCarriers } from '@parcelstream/carriers';
import { rowsOf } from '@parcelstream/messaging';
import { DataSource } from 'typeorm';
import { CarrierApiClient } from '../carrier-api/carrier-api.client';

export interface CarrierHealthView {
  carrierCode: string;
  connectorStyle: string;
  /** last payload accepted from the carrier (webhook or poll) */
  lastSuccessAt: string | null;
  /** share of the last hour's payloads that were refused (bad signature, malformed …) */
  errorRate: number;
  payloadsLastHour: number;
  /** push: median of received − newest carrier event time over the last hour; polled: how overdue the oldest due waybill is */
  lagMs: number | null;
  circuit: string;
  registrations: { pending: number; failed: number };
  unmappedCodes: { rawCode: string; occurrences: number; lastSeenAt: string }[];
}

/** Per-carrier sync health for ops (`GET /ops/carriers`), read from the archive and the work tables. */
@Injectable()
export class CarrierHealthQuery {
  constructor(
    private readonly dataSource: DataSource,
    private readonly api: CarrierApiClient,
  ) {}

  async all(): Promise<CarrierHealthView[]> {
    const [payloads, unmapped, registrations, pollLag] = await Promise.all([
      this.dataSource.query(
        `SELECT carrier_code,
                max(received_at) FILTER (WHERE outcome = 'ACCEPTED') AS last_success_at,
                count(*) FILTER (WHERE received_at > now() - interval '1 hour') AS total,
                count(*) FILTER (WHERE received_at > now() - interval '1 hour' AND outcome = 'REJECTED') AS rejected,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY lag_ms) FILTER (WHERE received_at > now() - interval '1 hour' AND outcome = 'ACCEPTED') AS lag_ms
           FROM carrier_sync.raw_payloads WHERE received_at > now() - interval '7 days' GROUP BY carrier_code`,
      ),
      this.dataSource.query(`SELECT carrier_code, raw_code, occurrences, last_seen_at FROM carrier_sync.unmapped_codes ORDER BY occurrences DESC`),
      this.dataSource.query(
        `SELECT carrier_code, count(*) FILTER (WHERE status = 'PENDING') AS pending, count(*) FILTER (WHERE status = 'FAILED') AS failed
           FROM carrier_sync.registrations GROUP BY carrier_code`,
      ),
      this.dataSource.query(
        `SELECT carrier_code, extract(epoch FROM now() - min(next_poll_at)) * 1000 AS lag_ms
           FROM carrier_sync.poll_targets WHERE stopped_at IS NULL AND next_poll_at <= now() GROUP BY carrier_code`,
      ),
    ]);
    const byCarrier = <T extends { carrier_code: string }>(rows: unknown) => {
      const map = new Map<string, T[]>();
      for (const r of rowsOf<T>(rows)) map.set(r.carrier_code, [...(map.get(r.carrier_code) ?? []), r]);
      return map;
    };
    const p = byCarrier<{ carrier_code: string; last_success_at: Date | null; total: string; rejected: string; lag_ms: number | null }>(payloads);
    const u = byCarrier<{ carrier_code: string; raw_code: string; occurrences: string; last_seen_at: Date }>(unmapped);
    const r = byCarrier<{ carrier_code: string; pending: string; failed: string }>(registrations);
    const l = byCarrier<{ carrier_code: string; lag_ms: number }>(pollLag);
    const circuits = this.api.breakers.states();
    return listCarriers()
      .filter((c) => c.connectorStyle !== 'manual')
      .map((c) => {
        const stats = p.get(c.code)?.[0];
        const total = Number(stats?.total ?? 0);
        const polledLag = l.get(c.code)?.[0]?.lag_ms;
        return {
          carrierCode: c.code,
          connectorStyle: c.connectorStyle,
          lastSuccessAt: stats?.last_success_at ? new Date(stats.last_success_at).toISOString() : null,
          errorRate: total === 0 ? 0 : Number(stats?.rejected ?? 0) / total,
          payloadsLastHour: total,
          lagMs: c.connectorStyle === 'polled' ? (polledLag === undefined ? 0 : Math.round(Number(polledLag))) : stats?.lag_ms == null ? null : Math.round(Number(stats.lag_ms)),
          circuit: circuits[c.code] ?? 'CLOSED',
          registrations: { pending: Number(r.get(c.code)?.[0]?.pending ?? 0), failed: Number(r.get(c.code)?.[0]?.failed ?? 0) },
          unmappedCodes: (u.get(c.code) ?? []).map((x) => ({ rawCode: x.raw_code, occurrences: Number(x.occurrences), lastSeenAt: new Date(x.last_seen_at).toISOString() })),
        };
      });
  }
}
