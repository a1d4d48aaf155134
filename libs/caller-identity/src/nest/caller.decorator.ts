import { createParamDecorator, type ExecutionContext, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import type { Caller, CallerRole } from '../caller';
import { CALLER_HEADER, CallerIdentityError, verifyCaller } from '../signed-caller';

export const DEV_CALLER_IDENTITY_SECRET = 'dev-caller-identity-secret';

/** The shared secret; production refuses to run on the development default. */
export function callerIdentitySecret(env: NodeJS.ProcessEnv = process.env): string {
  const secret = env.CALLER_IDENTITY_SECRET;
  if (secret) return secret;
  if (env.NODE_ENV === 'production') throw new Error('CALLER_IDENTITY_SECRET must be set in production');
  return DEV_CALLER_IDENTITY_SECRET;
}

/** The caller a request's signed header names (anonymous without one); CallerIdentityError when it does not verify. */
export function callerOfHeaders(headers: Record<string, string | string[] | undefined>): Caller {
  const raw = headers[CALLER_HEADER];
  return verifyCaller(Array.isArray(raw) ? raw[0] : raw, callerIdentitySecret());
}

/**
 * The verified caller of this request (anonymous without the header). `@CurrentCaller(['seller'])` also
 * requires one of the roles. A bad or expired header is a 401, a wrong role a 403.
 */
export const CurrentCaller = createParamDecorator((roles: CallerRole[] | undefined, ctx: ExecutionContext): Caller => {
  const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>();
  let caller: Caller;
  try {
    caller = callerOfHeaders(req.headers);
  } catch (e) {
    throw new UnauthorizedException(e instanceof CallerIdentityError ? e.message : 'invalid caller identity');
  }
  if (roles && roles.length > 0) {
    if (caller.kind === 'anonymous') throw new UnauthorizedException('authentication required');
    if (!roles.includes(caller.role)) throw new ForbiddenException(`this needs the role ${roles.join(' or ')}`);
  }
  return caller;
});
