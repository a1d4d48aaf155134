import { CALLER_ROLES, type Caller, type CallerRole } from '@parcelstream/caller-identity';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

export class InvalidTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTokenError';
  }
}

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  /** HS256 (development, tests) */
  secret?: string;
  /** RS256 via the identity provider's JWKS (production) */
  jwksUrl?: string;
}

/**
 * Verifies a bearer JWT: signature (HS256 with the shared secret, or RS256 against the JWKS — never `none`,
 * never an algorithm the key was not meant for), issuer, audience, expiry; then the claims SPEC §4 names.
 */
export class TokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly algorithms: string[];

  constructor(private readonly options: TokenVerifierOptions) {
    if (options.jwksUrl) {
      this.key = createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 600_000 });
      this.algorithms = ['RS256'];
    } else if (options.secret) {
      this.key = new TextEncoder().encode(options.secret);
      this.algorithms = ['HS256'];
    } else {
      throw new Error('a token verifier needs a secret or a JWKS URL');
    }
  }

  async verify(token: string): Promise<Caller> {
    let payload: JWTPayload;
    try {
      const verified = await jwtVerify(token, this.key as Uint8Array, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: this.algorithms,
        requiredClaims: ['sub', 'exp'],
        clockTolerance: 5,
      });
      payload = verified.payload;
    } catch (e) {
      throw new InvalidTokenError(describe(e));
    }
    const role = payload['role'];
    if (typeof role !== 'string' || !CALLER_ROLES.includes(role as CallerRole)) throw new InvalidTokenError('the token has no valid role');
    const sub = payload.sub as string;
    if (sub.length === 0 || sub.length > 128) throw new InvalidTokenError('the token has no valid subject');
    const sellerId = payload['sellerId'];
    if (role === 'seller' && (typeof sellerId !== 'string' || sellerId.length === 0 || sellerId.length > 128)) {
      throw new InvalidTokenError('a seller token needs a sellerId');
    }
    return { kind: 'user', sub, role: role as CallerRole, ...(role === 'seller' ? { sellerId: sellerId as string } : {}) };
  }
}

function describe(e: unknown): string {
  if (e instanceof errors.JWTExpired) return 'the token has expired';
  if (e instanceof errors.JWTClaimValidationFailed) return `the token's ${e.claim} claim is not accepted`;
  if (e instanceof errors.JOSEAlgNotAllowed) return 'the token is signed with an algorithm that is not accepted';
  if (e instanceof errors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  return 'the token is not valid';
}
