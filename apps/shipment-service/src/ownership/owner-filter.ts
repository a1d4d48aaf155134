import { UnauthorizedException } from '@nestjs/common';
import { buyerIdOf, isOps, sellerIdOf, type Caller } from '@parcelstream/caller-identity';

/**
 * Whose orders and shipments a caller may see, as SQL parameters: ops sees all (both null), a buyer only
 * theirs, a seller only theirs. Queries apply it with `ownerCondition`, so ownership is enforced by the
 * query itself and someone else's resource is simply not found (404, never 403).
 */
export interface OwnerFilter {
  sellerId: string | null;
  buyerId: string | null;
}

export function ownerFilterOf(caller: Caller): OwnerFilter {
  if (isOps(caller)) return { sellerId: null, buyerId: null };
  const buyerId = buyerIdOf(caller);
  if (buyerId) return { sellerId: null, buyerId };
  const sellerId = sellerIdOf(caller);
  if (sellerId) return { sellerId, buyerId: null };
  throw new UnauthorizedException('authentication required');
}

/** The seller id of a caller that `@CurrentCaller(['seller'])` let through. */
export function sellerIdOfCaller(caller: Caller): string {
  const sellerId = sellerIdOf(caller);
  if (!sellerId) throw new UnauthorizedException('a seller identity is required');
  return sellerId;
}

/** `($s IS NULL OR alias.seller_id = $s) AND ($b IS NULL OR alias.buyer_id = $b)` with the parameter positions given. */
export function ownerCondition(sellerParam: number, buyerParam: number, alias: string): string {
  return `($${sellerParam}::text IS NULL OR ${alias}.seller_id = $${sellerParam}) AND ($${buyerParam}::text IS NULL OR ${alias}.buyer_id = $${buyerParam})`;
}
