import { UnauthorizedException } from '@nestjs/common';
import { buyerIdOf, isOps, sellerIdOf, type Caller } from '@parcelstream/caller-identity';

/**
 * Whose orders a caller may see, as SQL parameters: `(buyer IS NULL OR buyer_id = buyer) AND
 * (seller IS NULL OR seller_id = seller)`. Ops sees all; a buyer only theirs; a seller only theirs.
 */
export interface OrderOwnerFilter {
  buyerId: string | null;
  sellerId: string | null;
}

export function ownerFilterOf(caller: Caller): OrderOwnerFilter {
  if (isOps(caller)) return { buyerId: null, sellerId: null };
  const buyerId = buyerIdOf(caller);
  if (buyerId) return { buyerId, sellerId: null };
  const sellerId = sellerIdOf(caller);
  if (sellerId) return { buyerId: null, sellerId };
  throw new UnauthorizedException('authentication required');
}

/** The SQL condition for `ownerFilterOf`, with the two parameters at positions `$b` and `$s`. */
export const ownerCondition = (b: number, s: number, alias = 'o') =>
  `($${b}::text IS NULL OR ${alias}.buyer_id = $${b}) AND ($${s}::text IS NULL OR ${alias}.seller_id = $${s})`;
