import { CallerIdentityError, signCaller, verifyCaller } from './signed-caller';

describe('signed caller identity (gateway → service)', () => {
  const secret = 'test-secret';
  const seller = { kind: 'user', sub: 'user-7', role: 'seller', sellerId: 'seller-7' } as const;
  const now = 1_800_000_000;

  it('round-trips a caller', () => {
    expect(verifyCaller(signCaller(seller, secret, now), secret, now + 5)).toEqual(seller);
  });

  it('treats a missing header as anonymous and signs nothing for anonymous', () => {
    expect(verifyCaller(undefined, secret)).toEqual({ kind: 'anonymous' });
    expect(signCaller({ kind: 'anonymous' }, secret)).toBeUndefined();
  });

  it.each([
    ['another secret', (h: string) => h, 'other-secret', now, /signature/],
    ['a forged role', (h: string) => `${Buffer.from(JSON.stringify({ sub: 'user-7', role: 'ops', exp: now + 60 })).toString('base64url')}.${h.split('.')[1]}`, secret, now, /signature/],
    ['an expired header', (h: string) => h, secret, now + 61, /expired/],
    ['garbage', () => 'not-a-header', secret, now, /malformed/],
  ])('refuses %s', (_what, tamper, key, at, error) => {
    const header = tamper(signCaller(seller, secret, now)!);
    expect(() => verifyCaller(header, key, at)).toThrow(CallerIdentityError);
    expect(() => verifyCaller(header, key, at)).toThrow(error);
  });
});
