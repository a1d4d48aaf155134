import { type CanActivate, type ExecutionContext, HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Caller } from '@parcelstream/caller-identity';
import { RATE_CLASS_KEY, type RateClass } from '../auth/access.decorator';
import type { GatewayRequest } from '../auth/caller-context';
import { GATEWAY_ENV, GatewayEnv } from '../config/gateway.env';
import { RedisRateLimiter } from './rate-limiter';

/**
 * Per subject (user, or IP when anonymous; carrier and IP for signed webhooks), after authentication: 429 with
 * Retry-After when over.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly limiter: RedisRateLimiter,
    private readonly reflector: Reflector,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<GatewayRequest>();
    if (!req.rateSubject) return true; // not an API route
    const rateClass = this.reflector.getAllAndOverride<RateClass | undefined>(RATE_CLASS_KEY, [ctx.getHandler(), ctx.getClass()]);
    const { subject, limit } =
      rateClass === 'webhooks'
        ? { subject: `webhooks:${String(req.params?.carrierCode ?? '')}:${req.ip ?? 'unknown'}`, limit: this.env.RATE_LIMIT_WEBHOOKS }
        : { subject: req.rateSubject, limit: apiLimitOf(req.caller, this.env) };
    await admitOrRefuse(this.limiter, ctx.switchToHttp().getResponse(), subject, limit, this.env.RATE_LIMIT_WINDOW_SECONDS);
    return true;
  }
}

/** a user's budget a window, or an anonymous IP's */
export function apiLimitOf(caller: Caller | undefined, env: Pick<GatewayEnv, 'RATE_LIMIT_AUTHENTICATED' | 'RATE_LIMIT_ANONYMOUS'>): number {
  return caller?.kind === 'user' ? env.RATE_LIMIT_AUTHENTICATED : env.RATE_LIMIT_ANONYMOUS;
}

/**
 * Counts one request of `subject` against its window's `limit` and says so in RateLimit-Limit and
 * RateLimit-Remaining; over the limit, a 429 (Retry-After: until the window resets).
 */
export async function admitOrRefuse(limiter: RedisRateLimiter, res: { setHeader(n: string, v: string): void }, subject: string, limit: number, windowSeconds: number): Promise<void> {
  const decision = await limiter.hit(subject, limit);
  res.setHeader('RateLimit-Limit', String(limit));
  res.setHeader('RateLimit-Remaining', String(decision.remaining));
  if (!decision.allowed) {
    throw new HttpException(
      { title: 'Too Many Requests', detail: `More than ${limit} requests in ${windowSeconds} s.`, retryAfter: decision.retryAfterSeconds },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
