import { createHash } from 'node:crypto';
import { header, lookupCode, type CarrierCheckpoint, type CodeMapping, type InboundDelivery, type ParseResult, type PushConnector, type Verification } from '../connector';
import { PayloadReader } from '../payload-reader';
import { ALPHA3_TO_ALPHA2 } from '../shared/country-codes';
import { AFTERSHIP_MAPPING } from './aftership-mapping';
import { verifyAftership } from './aftership.signature';

/**
 * Aggregator-style push (AfterShip-like): one tracking per request,
 * `{ event: "tracking_update", event_id, ts, msg: { tracking_number, slug, tag, subtag, expected_delivery?,
 * next_couriers?: [{ slug, tracking_number }], checkpoints: [{ checkpoint_time, tag, subtag, message, city?,
 * state?, country_iso3? }] } }`, signed `aftership-hmac-sha256`. Checkpoints carry no id: the
 * normaliser fingerprints them. Its free-text `location` may be a street address: never read. `ts` (unix seconds), when present, is held to the replay window.
 */
export class AftershipConnector implements PushConnector {
  readonly style = 'aftership-push' as const;
  readonly archivedHeaders = ['aftership-hmac-sha256', 'content-type', 'user-agent'];

  verify(delivery: InboundDelivery, secrets: readonly Buffer[], toleranceSec: number): Verification {
    if (!verifyAftership(header(delivery, 'aftership-hmac-sha256'), delivery.rawBody, secrets)) return { ok: false, reason: 'aftership-hmac-sha256 does not match' };
    const body = this.envelope(delivery.rawBody);
    if (typeof body?.ts === 'number' && Math.abs(body.ts - delivery.receivedAt.getTime() / 1000) > toleranceSec) {
      return { ok: false, reason: 'ts is outside the replay window' };
    }
    const id = typeof body?.event_id === 'string' && body.event_id ? body.event_id : createHash('sha256').update(delivery.rawBody).digest('hex');
    return { ok: true, deliveryId: id };
  }

  private envelope(rawBody: Buffer): { event_id?: unknown; ts?: unknown } | null {
    try {
      return JSON.parse(rawBody.toString('utf8')) as { event_id?: unknown; ts?: unknown } | null;
    } catch {
      return null; // a signed but malformed body: parse() reports it
    }
  }

  countEvents(body: unknown): number {
    const checkpoints = (body as { msg?: { checkpoints?: unknown } } | null)?.msg?.checkpoints;
    return Array.isArray(checkpoints) ? checkpoints.length : 0;
  }

  parse(body: unknown): ParseResult {
    const r = new PayloadReader();
    const root = r.object(body, '');
    const msg = root && r.object(root.msg, 'msg');
    const trackingNumber = msg && r.string(msg.tracking_number, 'msg.tracking_number', { max: 64 });
    const checkpoints = msg && r.array(msg.checkpoints, 'msg.checkpoints', { min: 1 });
    const expected = msg && r.optionalTimestamp(msg.expected_delivery, 'msg.expected_delivery');
    const next = msg && Array.isArray(msg.next_couriers) ? r.optionalObject(msg.next_couriers[0], 'msg.next_couriers[0]') : undefined;
    const nextTrackingNumber = next && r.optionalString(next.tracking_number, 'msg.next_couriers[0].tracking_number', { max: 64 });
    const nextCarrierCode = next && r.optionalString(next.slug, 'msg.next_couriers[0].slug', { max: 64 });
    const out: CarrierCheckpoint[] = [];
    (checkpoints ?? []).forEach((raw, i) => {
      const at = `msg.checkpoints[${i}]`;
      const c = r.object(raw, at);
      if (!c) return;
      const subtag = r.string(c.subtag, `${at}.subtag`, { max: 80 });
      const iso3 = r.optionalString(c.country_iso3, `${at}.country_iso3`, { max: 3, pattern: /^[A-Z]{3}$/ });
      const countryCode = iso3 ? ALPHA3_TO_ALPHA2[iso3] : undefined;
      const handOver = subtag !== undefined && lookupCode(AFTERSHIP_MAPPING, subtag)?.substatus === 'IN_TRANSIT.HANDED_TO_LAST_MILE';
      out.push({
        trackingNumber: trackingNumber ?? '',
        rawCode: subtag ?? '',
        description: r.string(c.message, `${at}.message`, { max: 500 }) ?? '',
        occurredAt: r.timestamp(c.checkpoint_time, `${at}.checkpoint_time`) ?? '',
        location: countryCode
          ? {
              countryCode,
              city: r.optionalString(c.city, `${at}.city`, { max: 120 }),
              region: r.optionalString(c.state, `${at}.state`, { max: 120 }),
            }
          : undefined,
        estimatedDelivery: expected ? { from: expected, to: expected } : undefined,
        ...(handOver && nextTrackingNumber ? { nextTrackingNumber, nextCarrierCode } : {}),
      });
    });
    return r.errors.length > 0 ? { ok: false, errors: r.errors } : { ok: true, checkpoints: out };
  }

  map(checkpoint: CarrierCheckpoint): CodeMapping | undefined {
    return lookupCode(AFTERSHIP_MAPPING, checkpoint.rawCode);
  }
}
