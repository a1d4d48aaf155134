import { type CanActivate, type ExecutionContext, HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { GatewayRequest } from '../auth/caller-context';
import { GATEWAY_ENV, GatewayEnv } from '../config/gateway.env';
import { RedisRateLimiter } from './rate-limiter';

/** Per subject (user, or IP when anonymous), after authentication: 429 with Retry-After when over. */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly limiter: RedisRateLimiter,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<GatewayRequest>();
    if (!req.rateSubject) return true; // not an API route
    const limit = req.caller?.kind === 'user' ? this.env.RATE_LIMIT_AUTHENTICATED : this.env.RATE_LIMIT_ANONYMOUS;
    const decision = await this.limiter.hit(req.rateSubject, limit);
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
