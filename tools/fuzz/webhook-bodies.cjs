'use strict';
/**
 * Carrier pushes (beyond the OpenAPI document, which cannot describe them): bodies in each connector's own
 * format (SPEC §5 standard webhook, the AfterShip-like and 17TRACK-like pushes) and their signatures,
 * computed when the request is sent (the standard scheme is time-bound) — valid, stale, in the future,
 * with another secret, garbage or missing.
 */
const fc = require('fast-check');
const { createHash, createHmac } = require('node:crypto');
const { pastTime, COUNTRIES } = require('./schema-values.cjs');

/** development secrets (apps/carrier-sync-service/src/config/carrier-sync.config.ts) */
const SECRETS = { 'sim-post': 'sim-post-secret', 'sim-track': 'sim-track-secret', 'sim-seventeen': 'sim-seventeen-secret', 'sim-lastmile': 'sim-lastmile-secret' };
const STYLE = { 'sim-post': 'standard', 'sim-lastmile': 'standard', 'sim-track': 'aftership', 'sim-seventeen': 'seventeen' };
const STATUSES = ['INFO_RECEIVED', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED', 'EXCEPTION', 'ATTEMPT_FAIL', 'RETURNING'];
const CODES = ['IN_TRANSIT', 'IN_TRANSIT.PICKED_UP', 'IN_TRANSIT.CUSTOMS_PROCESSING', 'EXCEPTION.CUSTOMS_HELD', 'DELIVERED', 'ZZ_UNMAPPED', 'InTransit_001', 'Delivered_001', 'A', 'T', 'D'];
const ISO3 = ['GBR', 'NLD', 'DEU', 'CHN', 'USA', 'XXX'];

/** the standard webhook's body, as an OpenAPI-style schema (so the schema mutations apply to it) */
const STANDARD_SCHEMA = {
  type: 'object',
  required: ['events'],
  properties: {
    events: {
      type: 'array',
      minItems: 1,
      maxItems: 500,
      items: {
        type: 'object',
        required: ['trackingNumber', 'eventId', 'status', 'rawCode', 'description', 'occurredAt'],
        properties: {
          trackingNumber: { type: 'string', maxLength: 64 },
          eventId: { type: 'string', maxLength: 200 },
          status: { type: 'string', maxLength: 40 },
          substatus: { type: 'string', maxLength: 80 },
          rawCode: { type: 'string', maxLength: 80 },
          description: { type: 'string', maxLength: 500 },
          occurredAt: { type: 'string' },
          location: { type: 'object', required: ['city', 'countryCode'], properties: { city: { type: 'string' }, region: { type: 'string' }, countryCode: { type: 'string' }, facility: { type: 'string' } } },
          estimatedDelivery: { type: 'object', required: ['from', 'to'], properties: { from: { type: 'string' }, to: { type: 'string' } } },
          nextTrackingNumber: { type: 'string' },
          nextCarrierCode: { type: 'string' },
          duties: { type: 'object', required: ['amount', 'currency', 'payer'], properties: { amount: { type: 'string' }, currency: { type: 'string' }, payer: { type: 'string' } } },
        },
      },
    },
  },
};

function standardBody(waybills) {
  const event = fc.record(
    {
      trackingNumber: fc.constantFrom(...waybills),
      eventId: fc.uuid(),
      status: fc.constantFrom(...STATUSES),
      rawCode: fc.constantFrom(...CODES),
      description: fc.constantFrom('Arrived at facility', 'Out for delivery', 'Customs', 'Delivered to mailbox'),
      occurredAt: pastTime,
      location: fc.record({ city: fc.constantFrom('Rotterdam', 'Shenzhen', 'London'), countryCode: fc.constantFrom(...COUNTRIES) }),
      duties: fc.record({ amount: fc.constantFrom('12.50', '0.00'), currency: fc.constantFrom('EUR', 'GBP'), payer: fc.constantFrom('BUYER', 'SELLER', 'PLATFORM') }),
    },
    { requiredKeys: ['trackingNumber', 'eventId', 'status', 'rawCode', 'description', 'occurredAt'] },
  );
  return fc.record({ events: fc.array(event, { minLength: 1, maxLength: 4 }) });
}

function aftershipBody(waybills) {
  return fc.record({
    event: fc.constant('tracking_update'),
    event_id: fc.uuid(),
    ts: fc.constant(null).map(() => Math.floor(Date.now() / 1000)),
    msg: fc.record({
      tracking_number: fc.constantFrom(...waybills),
      slug: fc.constantFrom('sim-track', 'ups', 'unknown-courier'),
      tag: fc.constantFrom('InTransit', 'Delivered', 'Exception', 'Nope'),
      subtag: fc.constantFrom('InTransit_001', 'Delivered_001', 'Exception_011', 'Zzz_999'),
      checkpoints: fc.array(
        fc.record({
          checkpoint_time: pastTime,
          tag: fc.constantFrom('InTransit', 'Delivered'),
          subtag: fc.constantFrom('InTransit_001', 'Delivered_001', 'InTransit_009'),
          message: fc.constantFrom('Departed', 'Delivered'),
          city: fc.constantFrom('Leeds', 'Utrecht'),
          country_iso3: fc.constantFrom(...ISO3),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    }),
  });
}

function seventeenBody(waybills) {
  return fc.record({
    event: fc.constant('TRACKING_UPDATED'),
    data: fc.record({
      number: fc.constantFrom(...waybills),
      carrier: fc.constantFrom(1, 100, 'sim'),
      track_info: fc.record({
        tracking: fc.record({
          providers: fc.array(
            fc.record({
              provider: fc.record({ key: fc.nat(99999) }),
              events: fc.array(
                fc.record({
                  time_iso: pastTime,
                  description: fc.constantFrom('Accepted', 'In transit', 'Delivered'),
                  sub_status: fc.constantFrom('InTransit_PickedUp', 'Delivered_Other', 'Exception_Returning', 'Unknown_X'),
                  address: fc.record({ country: fc.constantFrom('GB', 'CN', 'xx'), city: fc.constantFrom('Hull', 'Wuhan') }),
                }),
                { minLength: 1, maxLength: 3 },
              ),
            }),
            { minLength: 1, maxLength: 2 },
          ),
        }),
      }),
    }),
  });
}

function bodyFor(carrierCode, waybills) {
  switch (STYLE[carrierCode]) {
    case 'aftership':
      return aftershipBody(waybills);
    case 'seventeen':
      return seventeenBody(waybills);
    default:
      return standardBody(waybills);
  }
}

const SIGNINGS = ['valid', 'valid', 'valid', 'stale', 'future', 'another secret', 'garbage', 'none', 'signature of another body'];

/** the signature headers for `raw` (the body as sent), computed now */
function signatureHeaders(carrierCode, raw, signing, deliveryId) {
  if (signing === 'none') return {};
  const secret = signing === 'another secret' ? 'not-the-secret' : (SECRETS[carrierCode] ?? 'no-secret-known');
  const signed = signing === 'signature of another body' ? Buffer.concat([raw, Buffer.from(' ')]) : raw;
  const now = Math.floor(Date.now() / 1000);
  const ts = signing === 'stale' ? now - 3600 : signing === 'future' ? now + 3600 : now;
  if (signing === 'garbage') return { 'webhook-id': deliveryId, 'webhook-timestamp': String(now), 'webhook-signature': 'v1,AAAA v2,zz', 'aftership-hmac-sha256': '!!!', sign: 'g'.repeat(64) };
  switch (STYLE[carrierCode]) {
    case 'aftership':
      return { 'aftership-hmac-sha256': createHmac('sha256', secret).update(signed).digest('base64') };
    case 'seventeen':
      return { sign: createHash('sha256').update(signed).update('/').update(secret).digest('hex') };
    default: {
      const mac = createHmac('sha256', secret).update(`${deliveryId}.${ts}.`).update(signed).digest('base64');
      return { 'webhook-id': deliveryId, 'webhook-timestamp': String(ts), 'webhook-signature': `v1,${mac}` };
    }
  }
}

/**
 * An AfterShip-style push carries its own `ts` (held to the replay window): set when sent, like the
 * signature — now, an hour ago (stale) or an hour ahead (future).
 */
function refreshTimestamps(carrierCode, bodyText, signing) {
  if (STYLE[carrierCode] !== 'aftership') return bodyText;
  const now = Math.floor(Date.now() / 1000);
  const ts = signing === 'stale' ? now - 3600 : signing === 'future' ? now + 3600 : now;
  return bodyText.replace(/"ts":-?\d+/, `"ts":${ts}`);
}

/** Must a push signed this way be refused? A 17TRACK-style signature has no time in it: stale and future are just valid. */
function signingRefused(carrierCode, signing) {
  if (signing === 'valid') return false;
  if ((signing === 'stale' || signing === 'future') && STYLE[carrierCode] === 'seventeen') return false;
  return true;
}

module.exports = { bodyFor, signatureHeaders, refreshTimestamps, signingRefused, STANDARD_SCHEMA, SIGNINGS, SECRETS, STYLE };
