import { UnauthorizedException } from '@nestjs/common';
import type { Caller } from '@parcelstream/caller-identity';
import type { GatewayRequest } from './caller-context';
import { InvalidTokenError, type TokenVerifier } from './token-verifier';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/;

/**
 * The request's caller: anonymous without an Authorization header; with one, its bearer token must verify —
 * a bad token is a 401, never anonymous.
 */
export async function bearerCallerOf(tokens: TokenVerifier, req: Pick<GatewayRequest, 'headers'>): Promise<Caller> {
  const header = req.headers['authorization'];
  const authorization = Array.isArray(header) ? header[0] : header;
  if (!authorization) return { kind: 'anonymous' };
  const m = BEARER.exec(authorization);
  if (!m) throw new UnauthorizedException({ detail: 'Authorization must be "Bearer <JWT>".' });
  try {
    return await tokens.verify(m[1]);
  } catch (e) {
    throw new UnauthorizedException({ detail: e instanceof InvalidTokenError ? e.message : 'the token is not valid' });
  }
}

/** the subject for rate limiting: `user:<sub>`, or `ip:<address>` when anonymous */
export function rateSubjectOf(caller: Caller, ip: string | undefined): string {
  return caller.kind === 'user' ? `user:${caller.sub}` : `ip:${ip ?? 'unknown'}`;
}
