import { createHmac, timingSafeEqual } from 'node:crypto';

/** `aftership-hmac-sha256`: base64 HMAC-SHA256 of the raw body with the webhook secret. */
export function signAftership(secret: Buffer | string, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}

export function verifyAftership(signature: string | undefined, rawBody: Buffer, secrets: readonly Buffer[]): boolean {
  if (!signature) return false;
  const offered = Buffer.from(signature.trim(), 'base64');
  return secrets.some((secret) => {
    const expected = Buffer.from(signAftership(secret, rawBody), 'base64');
    return offered.length === expected.length && timingSafeEqual(offered, expected);
  });
}
