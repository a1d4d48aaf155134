import { SetMetadata } from '@nestjs/common';
import type { CallerRole } from '@parcelstream/caller-identity';

export const ACCESS_KEY = 'parcelstream:access';
export type Access = 'anyone' | CallerRole[];

/** Who may call a route: `anyone` (anonymous too) or a list of roles. Every route must say. */
export const AllowAnyone = () => SetMetadata(ACCESS_KEY, 'anyone' satisfies Access);
export const AllowRoles = (...roles: CallerRole[]) => SetMetadata(ACCESS_KEY, roles satisfies Access);
