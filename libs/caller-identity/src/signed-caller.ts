import { createHmac, timingSafeEqual } from 'node:crypto';
import { CALLER_ROLES, type Caller, type CallerRole } from './caller';

/**
 * The gateway → service identity header: `x-parcelstream-caller: <base64url(JSON)>.<base64url(HMAC-SHA256)>`.
 * The JSON is `{ sub, role, sellerId?, exp }` (exp: unix seconds, short-lived). Services trust a caller only
 * when the signature verifies with the shared `CALLER_IDENTITY_SECRET` and it has not expired; no header
 * means anonymous. A client cannot forge it: the gateway strips any incoming copy and signs its own.
 */
export const CALLER_HEADER = 'x-parcelstream-caller';
const DEFAULT_TTL_SECONDS = 60;

export class CallerIdentityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CallerIdentityError';
  }
}

const mac = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('base64url');

export function signCaller(caller: Caller, secret: string, nowSeconds = Math.floor(Date.now() / 1000), ttlSeconds = DEFAULT_TTL_SECONDS): string | undefined {
  if (caller.kind === 'anonymous') return undefined;
  const body = Buffer.from(
    JSON.stringify({ sub: caller.sub, role: caller.role, ...(caller.sellerId ? { sellerId: caller.sellerId } : {}), exp: nowSeconds + ttlSeconds }),
  ).toString('base64url');
  return `${body}.${mac(secret, body)}`;
}

export function verifyCaller(header: string | undefined, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): Caller {
  if (header === undefined || header === '') return { kind: 'anonymous' };
  const [body, signature, extra] = header.split('.');
  if (!body || !signature || extra !== undefined) throw new CallerIdentityError('malformed caller identity');
  const expected = Buffer.from(mac(secret, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new CallerIdentityError('caller identity signature does not verify');
  let claims: { sub?: unknown; role?: unknown; sellerId?: unknown; exp?: unknown };
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    throw new CallerIdentityError('malformed caller identity');
  }
  if (typeof claims.exp !== 'number' || claims.exp < nowSeconds) throw new CallerIdentityError('caller identity expired');
  if (typeof claims.sub !== 'string' || claims.sub === '' || claims.sub.length > 128) throw new CallerIdentityError('caller identity has no subject');
  if (!CALLER_ROLES.includes(claims.role as never)) throw new CallerIdentityError('caller identity has an unknown role');
  const sellerId = typeof claims.sellerId === 'string' && claims.sellerId !== '' ? claims.sellerId : undefined;
  return { kind: 'user', sub: claims.sub, role: claims.role as CallerRole, ...(sellerId ? { sellerId } : {}) };
}
