import { createHash, createHmac } from 'node:crypto';

/**
 * The three push styles' signatures, computed the way the carriers compute them (the verifying side is
 * carrier-sync's connectors; these are written from the same specifications, not shared code).
 */

/** Standard Webhooks (SPEC §5): `v1,<base64 HMAC-SHA256(secret, "{id}.{timestamp}.{body}")>`. */
export function standardWebhookHeaders(secret: Buffer, id: string, timestampSec: number, rawBody: string): Record<string, string> {
  const mac = createHmac('sha256', secret).update(`${id}.${timestampSec}.`).update(rawBody).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': String(timestampSec), 'webhook-signature': `v1,${mac}` };
}

/** AfterShip style: `aftership-hmac-sha256` = base64 HMAC-SHA256(secret, body). */
export function aftershipHeaders(secret: Buffer, rawBody: string): Record<string, string> {
  return { 'aftership-hmac-sha256': createHmac('sha256', secret).update(rawBody).digest('base64') };
}

/** 17TRACK style: `sign` = hex SHA-256(body + "/" + key). */
export function seventeentrackHeaders(key: Buffer, rawBody: string): Record<string, string> {
  return { sign: createHash('sha256').update(rawBody).update('/').update(key).digest('hex') };
}

/**
 * A configured secret: `whsec_<base64>` (Standard Webhooks) is decoded, anything else is UTF-8. Of a
 * comma-separated list (a rotation in progress) the FIRST value signs; the receiver accepts them all.
 */
export function signingSecretOf(value: string): Buffer {
  const first = value.split(',').map((s) => s.trim()).find(Boolean);
  if (!first) throw new RangeError('empty webhook secret');
  return first.startsWith('whsec_') ? Buffer.from(first.slice('whsec_'.length), 'base64') : Buffer.from(first, 'utf8');
}
