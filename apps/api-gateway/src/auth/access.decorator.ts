import { SetMetadata } from '@nestjs/common';
import type { CallerRole } from '@parcelstream/caller-identity';

export const ACCESS_KEY = 'parcelstream:access';
export type Access = 'anyone' | CallerRole[];

/** Who may call a route: `anyone` (anonymous too) or a list of roles. Every route must say. */
export const AllowAnyone = () => SetMetadata(ACCESS_KEY, 'anyone' satisfies Access);
export const AllowRoles = (...roles: CallerRole[]) => SetMetadata(ACCESS_KEY, roles satisfies Access);

export const RATE_CLASS_KEY = 'parcelstream:rate-class';
export type RateClass = 'webhooks';
/**
 * A route whose callers are not users: signed carrier pushes get their own budget per carrier and IP
 * (RATE_LIMIT_WEBHOOKS), instead of the anonymous one meant for people.
 */
export const RateLimitClass = (rateClass: RateClass) => SetMetadata(RATE_CLASS_KEY, rateClass);
