export const CALLER_ROLES = ['buyer', 'seller', 'ops'] as const;
export type CallerRole = (typeof CALLER_ROLES)[number];

/** Who is calling, as the gateway established it from a verified JWT. */
export type Caller =
  | { kind: 'anonymous' }
  | { kind: 'user'; sub: string; role: CallerRole; sellerId?: string };

export const ANONYMOUS: Caller = Object.freeze({ kind: 'anonymous' });

/** The id that owns seller-side objects: the `sellerId` claim, else the subject. */
export function sellerIdOf(caller: Caller): string | undefined {
  return caller.kind === 'user' && caller.role === 'seller' ? (caller.sellerId ?? caller.sub) : undefined;
}

export function buyerIdOf(caller: Caller): string | undefined {
  return caller.kind === 'user' && caller.role === 'buyer' ? caller.sub : undefined;
}

export function isOps(caller: Caller): boolean {
  return caller.kind === 'user' && caller.role === 'ops';
}
