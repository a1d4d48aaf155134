import { createHash } from 'node:crypto';
import { DUTY_PAYERS } from '../shared/duty-payers';
import { header, lookupCode, type CarrierCheckpoint, type CodeMapping, type InboundDelivery, type ParseResult, type PushConnector, type Verification } from '../connector';
import { PayloadReader } from '../payload-reader';
import { STANDARD_WEBHOOK_MAPPING } from './standard-webhook-mapping';
import { verifyStandardWebhook } from './standard-webhook.signature';

/**
 * The platform's open format (SPEC §5): Standard Webhooks signing and a body of up to 500 events
 * `{ events: [{ trackingNumber, eventId, status, substatus?, rawCode, description, occurredAt, location?, … }] }`.
 */
export class StandardWebhookConnector implements PushConnector {
  readonly style = 'standard-webhook' as const;
  readonly archivedHeaders = ['webhook-id', 'webhook-timestamp', 'webhook-signature', 'content-type', 'user-agent'];

  verify(delivery: InboundDelivery, secrets: readonly Buffer[], toleranceSec: number): Verification {
    const id = header(delivery, 'webhook-id');
    const check = verifyStandardWebhook(
      { id, timestamp: header(delivery, 'webhook-timestamp'), signature: header(delivery, 'webhook-signature'), rawBody: delivery.rawBody },
      secrets,
      toleranceSec,
      delivery.receivedAt,
    );
    return check.ok ? { ok: true, deliveryId: id ?? createHash('sha256').update(delivery.rawBody).digest('hex') } : check;
  }

  countEvents(body: unknown): number {
    const events = (body as { events?: unknown } | null)?.events;
    return Array.isArray(events) ? events.length : 0;
  }

  parse(body: unknown): ParseResult {
    const r = new PayloadReader();
    const root = r.object(body, '');
    const events = root && r.array(root.events, 'events', { min: 1 });
    const checkpoints: CarrierCheckpoint[] = [];
    (events ?? []).forEach((raw, i) => {
      const at = `events[${i}]`;
      const e = r.object(raw, at);
      if (!e) return;
      const location = r.optionalObject(e.location, `${at}.location`);
      const window = r.optionalObject(e.estimatedDelivery, `${at}.estimatedDelivery`);
      const duties = r.optionalObject(e.duties, `${at}.duties`);
      const substatus = r.optionalString(e.substatus, `${at}.substatus`, { max: 80 });
      const checkpoint: Partial<CarrierCheckpoint> = {
        trackingNumber: r.string(e.trackingNumber, `${at}.trackingNumber`, { max: 64 }),
        carrierEventId: r.string(e.eventId, `${at}.eventId`, { max: 200 }),
        rawCode: r.string(e.rawCode, `${at}.rawCode`, { max: 80 }),
        description: r.string(e.description, `${at}.description`, { max: 500 }),
        occurredAt: r.timestamp(e.occurredAt, `${at}.occurredAt`),
        declared: { status: r.string(e.status, `${at}.status`, { max: 40 }) ?? '', ...(substatus ? { substatus } : {}) },
        location: location && {
          countryCode: r.countryCode(location.countryCode, `${at}.location.countryCode`) ?? '',
          city: r.optionalString(location.city, `${at}.location.city`, { max: 120 }),
          region: r.optionalString(location.region, `${at}.location.region`, { max: 120 }),
          facility: r.optionalString(location.facility, `${at}.location.facility`, { max: 160 }),
        },
        estimatedDelivery: window && { from: r.timestamp(window.from, `${at}.estimatedDelivery.from`) ?? '', to: r.timestamp(window.to, `${at}.estimatedDelivery.to`) ?? '' },
        nextTrackingNumber: r.optionalString(e.nextTrackingNumber, `${at}.nextTrackingNumber`, { max: 64 }),
        nextCarrierCode: r.optionalString(e.nextCarrierCode, `${at}.nextCarrierCode`, { max: 64 }),
        duties: duties && {
          amount: r.string(duties.amount, `${at}.duties.amount`, { max: 20, pattern: /^\d+(\.\d{1,4})?$/ }) ?? '',
          currency: r.string(duties.currency, `${at}.duties.currency`, { max: 3, pattern: /^[A-Z]{3}$/ }) ?? '',
          payer: r.oneOf(duties.payer, `${at}.duties.payer`, DUTY_PAYERS) ?? 'BUYER',
        },
      };
      checkpoints.push(checkpoint as CarrierCheckpoint);
    });
    return r.errors.length > 0 ? { ok: false, errors: r.errors } : { ok: true, checkpoints };
  }

  map(checkpoint: CarrierCheckpoint): CodeMapping | undefined {
    const declared = checkpoint.declared;
    if (!declared) return undefined;
    if (declared.substatus === undefined) return lookupCode(STANDARD_WEBHOOK_MAPPING, declared.status);
    const mapping = lookupCode(STANDARD_WEBHOOK_MAPPING, declared.substatus);
    return mapping?.status === declared.status ? mapping : undefined;
  }
}
