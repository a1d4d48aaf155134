#!/usr/bin/env node
/**
 * npm run token -- --role buyer --sub buyer-1 [--seller-id seller-1] [--ttl 3600]
 * Prints a development bearer token (HS256 with AUTH_JWT_SECRET, or the development default), with the
 * issuer and audience the gateway checks (AUTH_JWT_ISSUER / AUTH_JWT_AUDIENCE).
 */
import { SignJWT } from 'jose';

export const DEV_JWT_SECRET = 'parcelstream-dev-jwt-secret-change-me';

export async function devToken({ role, sub, sellerId, ttlSeconds = 3600, secret = process.env.AUTH_JWT_SECRET ?? DEV_JWT_SECRET }) {
  if (!['buyer', 'seller', 'ops'].includes(role)) throw new Error('--role must be buyer, seller or ops');
  if (!sub) throw new Error('--sub is required');
  const claims = { role, ...(role === 'seller' ? { sellerId: sellerId ?? sub } : {}) };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(process.env.AUTH_JWT_ISSUER ?? 'parcelstream')
    .setAudience(process.env.AUTH_JWT_AUDIENCE ?? 'parcelstream-api')
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(new TextEncoder().encode(secret));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const opt = (name) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  devToken({ role: opt('role') ?? 'buyer', sub: opt('sub') ?? 'demo-buyer', sellerId: opt('seller-id'), ttlSeconds: Number(opt('ttl') ?? 3600) })
    .then((t) => process.stdout.write(`${t}\n`))
    .catch((e) => {
      process.stderr.write(`token: ${e.message}\n`);
      process.exit(1);
    });
}
