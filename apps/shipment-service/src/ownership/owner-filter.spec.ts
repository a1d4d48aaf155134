import { UnauthorizedException } from '@nestjs/common';
import { ownerCondition, ownerFilterOf, sellerIdOfCaller } from './owner-filter';

describe('owner filter', () => {
  it('ops sees everything, a buyer and a seller only their own', () => {
    expect(ownerFilterOf({ kind: 'user', sub: 'o1', role: 'ops' })).toEqual({ sellerId: null, buyerId: null });
    expect(ownerFilterOf({ kind: 'user', sub: 'b1', role: 'buyer' })).toEqual({ sellerId: null, buyerId: 'b1' });
    expect(ownerFilterOf({ kind: 'user', sub: 'u1', role: 'seller', sellerId: 's1' })).toEqual({ sellerId: 's1', buyerId: null });
    expect(ownerFilterOf({ kind: 'user', sub: 'u2', role: 'seller' })).toEqual({ sellerId: 'u2', buyerId: null });
  });

  it('an anonymous caller owns nothing', () => {
    expect(() => ownerFilterOf({ kind: 'anonymous' })).toThrow(UnauthorizedException);
    expect(() => sellerIdOfCaller({ kind: 'user', sub: 'b1', role: 'buyer' })).toThrow(UnauthorizedException);
  });

  it('is applied in SQL', () => {
    expect(ownerCondition(2, 3, 's')).toBe('($2::text IS NULL OR s.seller_id = $2) AND ($3::text IS NULL OR s.buyer_id = $3)');
  });
});
