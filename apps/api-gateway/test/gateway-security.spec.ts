import { CALLER_HEADER, signCaller, DEV_CALLER_IDENTITY_SECRET } from '@parcelstream/caller-identity';
import { createPlatformDatabase, migrateBuiltApp, startBuiltApp, waitFor, type BuiltService } from '@parcelstream/testing';
import { randomUUID } from 'node:crypto';
import { SignJWT, generateKeyPair } from 'jose';
import { testPort } from './support/gateway-client';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely in assertions
type Json = Record<string, any>;

const SECRET = 'gateway-test-secret-0123456789';
const encode = (s: string) => new TextEncoder().encode(s);

async function token(claims: Json, opts: { secret?: string; iss?: string; aud?: string; exp?: number; sub?: string } = {}) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(opts.sub ?? 'buyer-a')
    .setIssuer(opts.iss ?? 'parcelstream')
    .setAudience(opts.aud ?? 'parcelstream-api')
    .setExpirationTime(opts.exp ?? Math.floor(Date.now() / 1000) + 600)
    .sign(encode(opts.secret ?? SECRET));
}

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** The gateway in front of a real order-service (both built, each its own process). */
describe('api-gateway authentication, validation and limits (real order-service, Redis)', () => {
  let db: Awaited<ReturnType<typeof createPlatformDatabase>>;
  let orders: BuiltService;
  let gateway: BuiltService;
  const run = randomUUID().slice(0, 8);
  let buyerA: string;
  let buyerB: string;

  beforeAll(async () => {
    db = await createPlatformDatabase();
    const orderEnv = { DATABASE_URL: db.urls['order-service'], KAFKA_BROKERS: process.env.KAFKA_BROKERS!, LOG_LEVEL: 'warn', KAFKA_CONSUMER_START: 'latest' };
    migrateBuiltApp('order-service', orderEnv);
    orders = await startBuiltApp('order-service', testPort(1), orderEnv);
    gateway = await startBuiltApp(
      'api-gateway',
      testPort(0),
      {
        AUTH_JWT_SECRET: SECRET,
        ORDER_SERVICE_URL: orders.baseUrl,
        TRACKING_SERVICE_URL: 'http://127.0.0.1:9', // nothing listens: tracking-service does not answer
        RATE_LIMIT_ANONYMOUS: '8',
        RATE_LIMIT_WEBHOOKS: '30',
        RATE_LIMIT_WINDOW_SECONDS: '60',
        LOG_LEVEL: 'warn',
      },
      { readyPath: '/health/live', portVariable: 'GATEWAY_PORT' },
    );
    buyerA = await token({ role: 'buyer' }, { sub: `buyer-a-${run}` });
    buyerB = await token({ role: 'buyer' }, { sub: `buyer-b-${run}` });
  }, 90_000);

  afterAll(async () => {
    await Promise.all([gateway?.stop(), orders?.stop()]);
    await db?.drop();
  });

  const call = async (method: string, path: string, opts: { bearer?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}) => {
    const res = await fetch(`${gateway.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(opts.bearer ? { authorization: `Bearer ${opts.bearer}` } : {}), ...opts.headers },
      body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
    });
    const text = await res.text();
    let body: Json = {};
    try {
      body = text ? (JSON.parse(text) as Json) : {};
    } catch {
      body = { text };
    }
    return { status: res.status, body, headers: res.headers };
  };

  const order = {
    sellerId: `seller-${run}`,
    items: [{ sku: 'CUP', name: 'Cup', quantity: 1, unitPrice: { amount: '3.00', currency: 'EUR' } }],
    shippingAddress: { name: 'Edsger Dijkstra', line1: '5 Canal Street', city: 'Amsterdam', postalCode: '1011', countryCode: 'NL' },
    shipFromCountryCode: 'CN',
  };

  it('routes a buyer to their order, and another buyer gets a 404 with no personal data', async () => {
    const created = await call('POST', '/v1/orders', { bearer: buyerA, body: order, headers: { 'idempotency-key': `k-${run}` } });
    expect(created.status).toBe(201);
    const again = await call('POST', '/v1/orders', { bearer: buyerA, body: order, headers: { 'idempotency-key': `k-${run}` } });
    expect(again.body.orderNumber).toBe(created.body.orderNumber); // Idempotency-Key passed through
    const own = await call('GET', `/v1/orders/${created.body.orderNumber}`, { bearer: buyerA });
    expect(own.status).toBe(200);
    const other = await call('GET', `/v1/orders/${created.body.orderNumber}`, { bearer: buyerB });
    expect(other.status).toBe(404);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    expect(other.body.instance).toBe(`/v1/orders/${created.body.orderNumber}`);
    expect(JSON.stringify(other.body)).not.toContain('Dijkstra');
  });

  it('refuses tampered, expired, foreign and unsigned tokens with 401', async () => {
    const good = buyerA;
    const [header, payload, signature] = good.split('.');
    const flipped = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    const forgedRole = `${header}.${b64({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'ops' })}.${signature}`;
    const algNone = `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`;
    const { privateKey } = await generateKeyPair('RS256');
    const rs256 = await new SignJWT({ role: 'buyer' }).setProtectedHeader({ alg: 'RS256' }).setSubject('x').setIssuer('parcelstream').setAudience('parcelstream-api').setExpirationTime('10m').sign(privateKey);
    const cases: [string, string][] = [
      ['bad signature', flipped],
      ['forged role', forgedRole],
      ['alg none', algNone],
      ['another algorithm', rs256],
      ['another secret', await token({ role: 'ops' }, { secret: 'someone-elses-secret-0000' })],
      ['expired', await token({ role: 'buyer' }, { exp: Math.floor(Date.now() / 1000) - 60 })],
      ['wrong issuer', await token({ role: 'buyer' }, { iss: 'evil' })],
      ['wrong audience', await token({ role: 'buyer' }, { aud: 'other-api' })],
      ['unknown role', await token({ role: 'admin' })],
      ['seller without sellerId', await token({ role: 'seller' })],
      ['not a JWT', 'abc'],
    ];
    for (const [what, bearer] of cases) {
      // /v1/tracking/{n}: the lookup route below the route chain refuses them the same way
      for (const path of ['/v1/orders', '/v1/tracking/RB123456785GB']) {
        const res = await call('GET', path, { bearer });
        expect({ what, path, status: res.status }).toEqual({ what, path, status: 401 });
        expect(res.headers.get('content-type')).toContain('application/problem+json');
      }
    }
    // a bad token on a public route is still a 401, never silently anonymous
    expect((await call('GET', '/v1/carriers', { bearer: flipped })).status).toBe(401);
  });

  it('the waybill lookup route answers as the route chain would: its rate-limit headers, the caller passed on, a 503 problem when tracking-service does not answer', async () => {
    const lookup = await call('GET', '/v1/tracking/RB123456785GB?carrierCode=sim-post', { bearer: buyerB });
    expect(lookup.status).toBe(503);
    expect(lookup.headers.get('content-type')).toContain('application/problem+json');
    expect(lookup.body).toMatchObject({ status: 503, title: 'Service Unavailable', instance: '/v1/tracking/RB123456785GB', detail: expect.stringContaining('not answering') });
    expect(lookup.headers.get('ratelimit-limit')).toBe('600'); // RATE_LIMIT_AUTHENTICATED's default
    expect(Number(lookup.headers.get('ratelimit-remaining'))).toBeLessThan(600);
    expect(lookup.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    const malformed = await call('GET', '/v1/tracking/RB123456785GB', { headers: { authorization: 'Basic abc' } });
    expect([malformed.status, malformed.body.detail]).toEqual([401, 'Authorization must be "Bearer <JWT>".']);
    // what the route leaves to the controller gets the controller's answer (here: the same 503)
    expect((await call('GET', '/v1/tracking/RB123456785GB?carrierCode=a+b', { bearer: buyerB })).status).toBe(503);
    const metrics = await (await fetch(`${gateway.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/http_server_request_duration_seconds_count\{[^}]*route="\/v1\/tracking\/:trackingNumber"[^}]*status="503"[^}]*\} [1-9]/);
  });

  it('ignores a caller header a client forges: only the gateway signs identities', async () => {
    const forged = signCaller({ kind: 'user', sub: 'ops-x', role: 'ops' }, DEV_CALLER_IDENTITY_SECRET)!;
    const res = await call('GET', '/v1/orders', { headers: { [CALLER_HEADER]: forged } });
    expect(res.status).toBe(401);
  });

  it('validates bodies: unknown properties 400 with the field, oversized 413, malformed 400 — and forwards nothing', async () => {
    const unknown = await call('POST', '/v1/orders', { bearer: buyerB, body: { ...order, isAdmin: true } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ field: 'isAdmin', message: 'property isAdmin should not exist' }]);
    const big = await call('POST', '/v1/orders', { bearer: buyerB, raw: JSON.stringify({ ...order, sellerId: 'x'.repeat(100_000) }) });
    expect(big.status).toBe(413);
    const malformed = await call('POST', '/v1/orders', { bearer: buyerB, raw: '{"sellerId": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');
    const wrongRole = await call('POST', '/v1/orders', { bearer: await token({ role: 'ops' }), body: order });
    expect(wrongRole.status).toBe(403);
    const list = await call('GET', '/v1/orders', { bearer: buyerB });
    expect(list.body.items).toEqual([]); // none of the refused requests created anything
  });

  it('rate-limits anonymous callers per IP with 429 and Retry-After (counters in Redis)', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    await waitFor(
      async () => {
        const res = await call('GET', '/v1/carriers');
        statuses.push(res.status);
        if (res.status === 429) {
          retryAfter = res.headers.get('retry-after');
          expect(res.headers.get('content-type')).toContain('application/problem+json');
        }
        return res.status;
      },
      (s) => s === 429,
      { intervalMs: 0, timeoutMs: 10_000, what: 'a 429' },
    );
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(8);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // the same IP's budget on the waybill lookup route (handled below the route chain): the same 429
    const lookup = await call('GET', '/v1/tracking/RB123456785GB');
    expect([lookup.status, lookup.headers.get('ratelimit-limit'), lookup.body.status]).toEqual([429, '8', 429]);
    expect(Number(lookup.headers.get('retry-after'))).toBeGreaterThan(0);
    // an authenticated caller has its own counter
    expect((await call('GET', '/v1/carriers', { bearer: buyerA })).status).toBe(200);
    // and carriers' signed webhooks from the same IP have their own budget (per carrier): not the anonymous one
    const push = await call('POST', `/v1/webhooks/carriers/sim-post-${run}`, { body: { events: [] } });
    expect(push.status).not.toBe(429);
    expect(push.headers.get('ratelimit-limit')).toBe('30');
  });

  it('rate-limits carrier webhooks per carrier and IP under their own limit', async () => {
    const carrier = `sim-lastmile-${run}`;
    const statuses: number[] = [];
    await waitFor(
      async () => {
        const res = await call('POST', `/v1/webhooks/carriers/${carrier}`, { body: { events: [] } });
        statuses.push(res.status);
        return res.status;
      },
      (s) => s === 429,
      { intervalMs: 0, timeoutMs: 20_000, what: 'a 429 for webhooks' },
    );
    expect(statuses.filter((s) => s !== 429).length).toBe(30);
    // another carrier's pushes are not held back by this one's
    expect((await call('POST', `/v1/webhooks/carriers/sim-track-${run}`, { body: { events: [] } })).status).not.toBe(429);
  });

  it('serves the carrier catalog, detection and the OpenAPI document itself', async () => {
    expect((await call('GET', '/v1/carriers', { bearer: buyerB })).body.items.map((c: Json) => c.code)).toContain('sim-post');
    const detect = await call('GET', '/v1/carriers/detect?trackingNumber=RB123456785GB', { bearer: buyerB });
    expect(detect.body.candidates[0]).toMatchObject({ carrierCode: 'royal-mail', checkDigitValid: true });
    expect((await call('GET', '/v1/carriers/detect', { bearer: buyerB })).status).toBe(400);
    const doc = (await (await fetch(`${gateway.baseUrl}/docs/openapi.json`)).json()) as Json;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/orders', '/v1/orders/{orderNumber}', '/v1/tracking/{trackingNumber}', '/v1/webhooks/carriers/{carrierCode}']));
  });
});
