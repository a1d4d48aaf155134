'use strict';
/**
 * Who calls: no token, a valid development token of each role (tools/dev/token.mjs: buyer A/B, seller A/B,
 * ops) and tampered ones that must all be a 401 — flipped signature, forged claims under the old signature,
 * `alg: none`, another algorithm or secret, expired, wrong issuer or audience, missing claims, and
 * Authorization headers that are not `Bearer <JWT>`.
 */
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { SignJWT } = require('jose');

const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const decode = (part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

async function signed(claims, { sub, secret, iss = process.env.AUTH_JWT_ISSUER ?? 'parcelstream', aud = process.env.AUTH_JWT_AUDIENCE ?? 'parcelstream-api', exp, alg = 'HS256' }) {
  let jwt = new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' });
  if (sub !== undefined) jwt = jwt.setSubject(sub);
  if (iss) jwt = jwt.setIssuer(iss);
  if (aud) jwt = jwt.setAudience(aud);
  if (exp !== null) jwt = jwt.setExpirationTime(exp ?? Math.floor(Date.now() / 1000) + 3600);
  return jwt.sign(new TextEncoder().encode(secret));
}

/**
 * @param {string} run a short id of this run (subjects are unique per run: rate-limit counters and data stay apart)
 * @param {string} secret the gateway's AUTH_JWT_SECRET
 * @returns {Promise<{ identities: Record<string, {sub: string, role: string, sellerId?: string}>, headers: Record<string, string | undefined>, tampered: string[] }>}
 */
async function makeCallers(run, secret) {
  const { devToken } = await import(pathToFileURL(path.join(__dirname, '..', 'dev', 'token.mjs')).href);
  const identities = {
    buyerA: { sub: `fuzz-buyer-a-${run}`, role: 'buyer' },
    buyerB: { sub: `fuzz-buyer-b-${run}`, role: 'buyer' },
    sellerA: { sub: `fuzz-seller-user-a-${run}`, role: 'seller', sellerId: `fuzz-seller-a-${run}` },
    sellerB: { sub: `fuzz-seller-user-b-${run}`, role: 'seller', sellerId: `fuzz-seller-b-${run}` },
    ops: { sub: `fuzz-ops-${run}`, role: 'ops' },
  };
  const tokens = {};
  for (const [name, id] of Object.entries(identities)) tokens[name] = await devToken({ ...id, secret, ttlSeconds: 6 * 3600 });

  const good = tokens.buyerA;
  const [h, p, s] = good.split('.');
  const flip = (sig) => `${sig.slice(0, -4)}${sig.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
  const now = Math.floor(Date.now() / 1000);
  const forged = {
    'flipped signature': `${h}.${p}.${flip(s)}`,
    'no signature': `${h}.${p}.`,
    'forged role ops': `${h}.${b64({ ...decode(p), role: 'ops' })}.${s}`,
    'forged subject (buyer B)': `${h}.${b64({ ...decode(p), sub: identities.buyerB.sub })}.${s}`,
    'forged seller claims': `${tokens.sellerB.split('.')[0]}.${b64({ ...decode(tokens.sellerB.split('.')[1]), sellerId: identities.sellerA.sellerId })}.${tokens.sellerB.split('.')[2]}`,
    'forged expiry': `${h}.${b64({ ...decode(p), exp: now + 10 * 365 * 86400 })}.${s}`,
    'alg none': `${b64({ alg: 'none', typ: 'JWT' })}.${p}.`,
    'alg None': `${b64({ alg: 'None', typ: 'JWT' })}.${b64({ ...decode(p), role: 'ops' })}.`,
    'alg HS512, same secret': await signed({ role: 'ops' }, { sub: identities.ops.sub, secret, alg: 'HS512' }),
    'another secret': await signed({ role: 'ops' }, { sub: identities.ops.sub, secret: 'not-the-gateway-secret-0000' }),
    'empty secret header kid trick': `${b64({ alg: 'HS256', kid: '../../../../dev/null' })}.${p}.${s}`,
    expired: await devToken({ ...identities.buyerA, secret, ttlSeconds: -3600 }),
    'wrong issuer': await signed({ role: 'buyer' }, { sub: identities.buyerA.sub, secret, iss: 'evil' }),
    'wrong audience': await signed({ role: 'buyer' }, { sub: identities.buyerA.sub, secret, aud: 'another-api' }),
    'no expiry': await signed({ role: 'buyer' }, { sub: identities.buyerA.sub, secret, exp: null }),
    'no subject': await signed({ role: 'buyer' }, { secret }),
    'empty subject': await signed({ role: 'buyer' }, { sub: '', secret }),
    'huge subject': await signed({ role: 'buyer' }, { sub: 'b'.repeat(129), secret }),
    'role admin': await signed({ role: 'admin' }, { sub: identities.buyerA.sub, secret }),
    'role as array': await signed({ role: ['ops'] }, { sub: identities.buyerA.sub, secret }),
    'seller without sellerId': await signed({ role: 'seller' }, { sub: identities.sellerA.sub, secret }),
    'seller with numeric sellerId': await signed({ role: 'seller', sellerId: 42 }, { sub: identities.sellerA.sub, secret }),
    'header is JSON garbage': `${Buffer.from('{"alg":').toString('base64url')}.${p}.${s}`,
    'payload not JSON': `${h}.${Buffer.from('not json').toString('base64url')}.${s}`,
    'two dots only': '..',
    'four parts': `${good}.extra`,
  };
  const headers = { anonymous: undefined };
  for (const [name, token] of Object.entries(tokens)) headers[name] = `Bearer ${token}`;
  const tampered = [];
  for (const [name, token] of Object.entries(forged)) {
    headers[`tampered: ${name}`] = `Bearer ${token}`;
    tampered.push(`tampered: ${name}`);
  }
  const malformed = {
    'lower-case scheme': `bearer ${good}`,
    'Basic scheme': `Basic ${Buffer.from('ops:ops').toString('base64')}`,
    'scheme only': 'Bearer',
    'double space': `Bearer  ${good}`,
    'token only': good,
    'garbage token': 'Bearer abc',
    'SQL token': "Bearer ' OR 1=1 --",
    'huge token': `Bearer ${'a'.repeat(8000)}.${'b'.repeat(100)}.c`,
  };
  for (const [name, value] of Object.entries(malformed)) {
    headers[`tampered: ${name}`] = value;
    tampered.push(`tampered: ${name}`);
  }
  return { identities, headers, tampered };
}

module.exports = { makeCallers };
