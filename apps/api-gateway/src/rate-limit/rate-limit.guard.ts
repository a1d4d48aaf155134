import { type CanActivate, type ExecutionContext, HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
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
        : { subject: req.rateSubject, limit: req.caller?.kind === 'user' ? this.env.RATE_LIMIT_AUTHENTICATED : this.env.RATE_LIMIT_ANONYMOUS };
    const decision = await this.limiter.hit(subject, limit);
    const res = ctx.switchToHttp().getResponse<{ setHeader(n: string, v: string): void }>();
    res.setHeader('RateLimit-Limit', String(limit));
    res.setHeader('RateLimit-Remaining', String(decision.remaining));
    if (!decision.allowed) {
      throw new HttpException(
        { title: 'Too Many Requests', detail: `More than ${limit} requests in ${this.env.RATE_LIMIT_WINDOW_SECONDS} s.`, retryAfter: decision.retryAfterSeconds },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    return true;
  }
}
