import { type CanActivate, type ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { bearerCallerOf, rateSubjectOf } from './bearer-caller';
import { Reflector } from '@nestjs/core';
import type { GatewayRequest } from './caller-context';
import { ACCESS_KEY, type Access } from './access.decorator';
import { TokenVerifier } from './token-verifier';

/**
 * Every request: a bearer token, if present, must verify (else 401 — a bad token is never treated as
 * anonymous); the route's access rule is then checked (401 when a role is needed and there is no token,
 * 403 for the wrong role). Sets `req.caller` and `req.rateSubject`.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TokenVerifier) private readonly tokens: TokenVerifier,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<GatewayRequest>();
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [ctx.getHandler(), ctx.getClass()]);
    if (access === undefined) return true; // health, metrics, docs, the tracking page: not part of the API
    req.caller = await bearerCallerOf(this.tokens, req);
    req.rateSubject = rateSubjectOf(req.caller, req.ip);
    if (access === 'anyone') return true;
    if (req.caller.kind === 'anonymous') throw new UnauthorizedException({ detail: 'This needs a bearer token.' });
    if (!access.includes(req.caller.role)) throw new ForbiddenException({ detail: `This needs the role ${access.join(' or ')}.` });
    return true;
  }
}
