import { createHash } from 'node:crypto';
import { header, lookupCode, type CarrierCheckpoint, type CodeMapping, type InboundDelivery, type ParseResult, type PushConnector, type Verification } from '../connector';
import { PayloadReader } from '../payload-reader';
import { SEVENTEENTRACK_MAPPING } from './seventeentrack-mapping';
import { verifySeventeentrack } from './seventeentrack.signature';

/**
 * 17TRACK-style push: `{ event: "TRACKING_UPDATED", data: { number, carrier, track_info: { time_metrics?:
 * { estimated_delivery_date: { from, to } }, tracking: { providers: [{ provider, events: [{ time_iso,
 * description, location?, stage?, sub_status, address?: { country, state, city } }] }] } } } }`, signed by the
 * `sign` header. 17TRACK sends no delivery id: a byte-identical re-push is the duplicate (body hash).
 * `address.street`/`postal_code` are never read.
 */
export class SeventeentrackConnector implements PushConnector {
  readonly style = 'seventeentrack-push' as const;
  readonly archivedHeaders = ['sign', 'content-type', 'user-agent'];

  verify(delivery: InboundDelivery, secrets: readonly Buffer[]): Verification {
    if (!verifySeventeentrack(header(delivery, 'sign'), delivery.rawBody, secrets)) return { ok: false, reason: 'sign does not match' };
    return { ok: true, deliveryId: createHash('sha256').update(delivery.rawBody).digest('hex') };
  }

  countEvents(body: unknown): number {
    const providers = (body as { data?: { track_info?: { tracking?: { providers?: unknown } } } } | null)?.data?.track_info?.tracking?.providers;
    return Array.isArray(providers) ? providers.reduce((n: number, p: { events?: unknown }) => n + (Array.isArray(p?.events) ? p.events.length : 0), 0) : 0;
  }

  parse(body: unknown): ParseResult {
    const r = new PayloadReader();
    const root = r.object(body, '');
    const data = root && r.object(root.data, 'data');
    const number = data && r.string(data.number, 'data.number', { max: 64 });
    const info = data && r.object(data.track_info, 'data.track_info');
    const metrics = info && r.optionalObject(info.time_metrics, 'data.track_info.time_metrics');
    const eta = metrics && r.optionalObject(metrics.estimated_delivery_date, 'data.track_info.time_metrics.estimated_delivery_date');
    const etaFrom = eta && r.optionalTimestamp(eta.from, 'data.track_info.time_metrics.estimated_delivery_date.from');
    const etaTo = eta && r.optionalTimestamp(eta.to, 'data.track_info.time_metrics.estimated_delivery_date.to');
    const tracking = info && r.object(info.tracking, 'data.track_info.tracking');
    const providers = tracking && r.array(tracking.providers, 'data.track_info.tracking.providers', { min: 1 });
    const out: CarrierCheckpoint[] = [];
    (providers ?? []).forEach((rawProvider, p) => {
      const provider = r.object(rawProvider, `providers[${p}]`);
      const events = provider && r.array(provider.events, `providers[${p}].events`);
      (events ?? []).forEach((raw, i) => {
        const at = `providers[${p}].events[${i}]`;
        const e = r.object(raw, at);
        if (!e) return;
        const address = r.optionalObject(e.address, `${at}.address`);
        const country = address && r.optionalString(address.country, `${at}.address.country`, { max: 2, pattern: /^[A-Z]{2}$/ });
        out.push({
          trackingNumber: number ?? '',
          rawCode: r.string(e.sub_status, `${at}.sub_status`, { max: 80 }) ?? '',
          description: r.string(e.description, `${at}.description`, { max: 500 }) ?? '',
          occurredAt: r.timestamp(e.time_iso, `${at}.time_iso`) ?? '',
          location: country
            ? { countryCode: country, city: r.optionalString(address.city, `${at}.address.city`, { max: 120 }), region: r.optionalString(address.state, `${at}.address.state`, { max: 120 }) }
            : undefined,
          estimatedDelivery: etaFrom && etaTo ? { from: etaFrom, to: etaTo } : undefined,
        });
      });
    });
    if (r.errors.length === 0 && out.length === 0) r.fail('data.track_info.tracking.providers', 'must hold at least one event');
    return r.errors.length > 0 ? { ok: false, errors: r.errors } : { ok: true, checkpoints: out };
  }

  map(checkpoint: CarrierCheckpoint): CodeMapping | undefined {
    return lookupCode(SEVENTEENTRACK_MAPPING, checkpoint.rawCode);
  }
}
