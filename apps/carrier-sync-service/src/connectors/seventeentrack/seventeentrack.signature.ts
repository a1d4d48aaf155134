import { createHash, timingSafeEqual } from 'node:crypto';

/** 17TRACK's `sign` header: hex SHA-256 of `<raw body>/<key>`. */
export function signSeventeentrack(key: Buffer | string, rawBody: Buffer | string): string {
  return createHash('sha256').update(rawBody).update('/').update(key).digest('hex');
}

export function verifySeventeentrack(sign: string | undefined, rawBody: Buffer, keys: readonly Buffer[]): boolean {
  if (!sign || !/^[0-9a-fA-F]{64}$/.test(sign.trim())) return false;
  const offered = Buffer.from(sign.trim().toLowerCase(), 'hex');
  return keys.some((key) => timingSafeEqual(offered, Buffer.from(signSeventeentrack(key, rawBody), 'hex')));
}
