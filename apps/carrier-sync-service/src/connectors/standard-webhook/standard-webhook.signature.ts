import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com, SPEC §5): `webhook-signature` holds one or
 * more space-separated `v1,<base64 HMAC-SHA256(secret, "{id}.{timestamp}.{raw body}")>` (several during a
 * secret rotation); `webhook-timestamp` is unix seconds and must be within the tolerance of now.
 */
export function signStandardWebhook(secret: Buffer | string, id: string, timestamp: number, rawBody: Buffer | string): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${id}.${timestamp}.`);
  mac.update(rawBody);
  return `v1,${mac.digest('base64')}`;
}

export type StandardWebhookCheck = { ok: true } | { ok: false; reason: string };

export function verifyStandardWebhook(
  input: { id?: string; timestamp?: string; signature?: string; rawBody: Buffer },
  secrets: readonly Buffer[],
  toleranceSec: number,
  now: Date,
): StandardWebhookCheck {
  if (!input.id || !input.timestamp || !input.signature) return { ok: false, reason: 'missing webhook-id, webhook-timestamp or webhook-signature' };
  if (!/^\d{1,12}$/.test(input.timestamp)) return { ok: false, reason: 'webhook-timestamp must be unix seconds' };
  const skew = Number(input.timestamp) - Math.floor(now.getTime() / 1000);
  if (skew < -toleranceSec) return { ok: false, reason: 'webhook-timestamp is too old (replay window exceeded)' };
  if (skew > toleranceSec) return { ok: false, reason: 'webhook-timestamp is in the future' };
  const offered = input.signature
    .split(' ')
    .map((s) => s.trim())
    .filter((s) => s.startsWith('v1,'))
    .map((s) => Buffer.from(s.slice(3), 'base64'));
  if (offered.length === 0) return { ok: false, reason: 'no v1 signature in webhook-signature' };
  for (const secret of secrets) {
    const expected = Buffer.from(signStandardWebhook(secret, input.id, Number(input.timestamp), input.rawBody).slice(3), 'base64');
    if (offered.some((o) => o.length === expected.length && timingSafeEqual(o, expected))) return { ok: true };
  }
  return { ok: false, reason: 'no webhook-signature matches' };
}
