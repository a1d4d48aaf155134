import { createPlatformDatabase, migrateBuiltApp, startBuiltApp, type BuiltService } from '@parcelstream/testing';
import { randomUUID } from 'node:crypto';
import { callGateway, token, TEST_JWT_SECRET, type Json } from './support/gateway-client';

/**
 * What `npm run fuzz` found at the public door (issue 9), kept fixed: hostile input is a 4xx RFC 9457 problem
 * (it was a 500 or a bare answer), and the OpenAPI document the fuzzer generates from marks as required only
 * what is. The built gateway in front of a built order-service (its own database role, the real broker).
 */
describe('api-gateway: hostile input found by the fuzzer (real order-service)', () => {
  let db: Awaited<ReturnType<typeof createPlatformDatabase>>;
  let orders: BuiltService;
  let gateway: BuiltService;
  let buyer: string;
  const run = randomUUID().slice(0, 8);
  const call = (method: string, path: string, opts: Parameters<typeof callGateway>[3] = {}) => callGateway(gateway.baseUrl, method, path, opts);
  const order = {
    sellerId: `seller-${run}`,
    items: [{ sku: 'CUP', name: 'Cup', quantity: 1, unitPrice: { amount: '3.00', currency: 'EUR' } }],
    shippingAddress: { name: 'Grace Hopper', line1: '1 Navy Yard', city: 'Arlington', postalCode: '22202', countryCode: 'US' },
    shipFromCountryCode: 'CN',
  };

  beforeAll(async () => {
    db = await createPlatformDatabase();
    const orderEnv = { DATABASE_URL: db.urls['order-service'], KAFKA_BROKERS: process.env.KAFKA_BROKERS!, LOG_LEVEL: 'warn' };
    migrateBuiltApp('order-service', orderEnv);
    orders = await startBuiltApp('order-service', 13961, orderEnv);
    gateway = await startBuiltApp(
      'api-gateway',
      13960,
      { AUTH_JWT_SECRET: TEST_JWT_SECRET, ORDER_SERVICE_URL: orders.baseUrl, RATE_LIMIT_ANONYMOUS: '100000', RATE_LIMIT_AUTHENTICATED: '100000', LOG_LEVEL: 'warn' },
      { readyPath: '/health/live', portVariable: 'GATEWAY_PORT' },
    );
    buyer = await token({ role: 'buyer' }, `buyer-${run}`);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([gateway?.stop(), orders?.stop()]);
    await db?.drop();
  });

  const expectProblem = (res: { status: number; headers: Headers; body: Json }, status: number, what: string) => {
    expect({ what, status: res.status, type: res.headers.get('content-type') }).toEqual({ what, status, type: expect.stringContaining('application/problem+json') });
    expect(res.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
  };

  it('answers unreadable bodies, NULs, deep nesting, prototype keys and oversized request lines with 4xx problems', async () => {
    const valid = JSON.stringify(order);
    expectProblem(await call('POST', '/v1/orders', { bearer: buyer, raw: valid, headers: { 'content-type': 'application/json; charset=latin1' } }), 415, 'latin1 body');
    expectProblem(await call('POST', '/v1/orders', { bearer: buyer, raw: valid, headers: { 'content-encoding': 'gzip' } }), 400, 'not gzip');
    expectProblem(await call('POST', '/v1/orders', { bearer: buyer, raw: `${'['.repeat(5000)}${']'.repeat(5000)}` }), 400, 'deeply nested');
    expectProblem(await call('POST', '/v1/orders', { bearer: buyer, body: { ...order, shippingAddress: { ...order.shippingAddress, name: 'Grace\u0000' } } }), 400, 'NUL in a name');
    expectProblem(await call('POST', '/v1/orders', { bearer: buyer, raw: `{"__proto__":{"isAdmin":true},${valid.slice(1)}` }), 400, '__proto__');
    expectProblem(await call('POST', '/v1/orders/PS-0000-0000-0000/cancel', { bearer: buyer, raw: '{"constructor":{"prototype":{"isAdmin":true}}}' }), 400, 'constructor.prototype');
    expectProblem(await call('GET', '/v1/orders/PS-%00', { bearer: buyer }), 400, 'NUL in an order number');
    const long = await fetch(`${gateway.baseUrl}/v1/orders?cursor=${'%3C'.repeat(7000)}`, { headers: { authorization: `Bearer ${buyer}` } });
    expect({ status: long.status, type: long.headers.get('content-type') }).toEqual({ status: 431, type: 'application/problem+json' });
    // the control: the same order, well-formed, is taken; and none of the refused ones was
    expect((await call('GET', '/v1/orders', { bearer: buyer })).body.items).toEqual([]);
    expect((await call('POST', '/v1/orders', { bearer: buyer, body: order })).status).toBe(201);
    expect((await call('GET', '/v1/orders', { bearer: buyer })).body.items).toHaveLength(1);
  });

  it('marks as required in the OpenAPI document only what is required', async () => {
    const doc = (await (await fetch(`${gateway.baseUrl}/docs/openapi.json`)).json()) as Json;
    const listParams = doc.paths['/v1/orders'].get.parameters as Json[];
    expect(listParams.filter((p) => p.in === 'query').map((p) => [p.name, p.required])).toEqual([
      ['limit', false],
      ['cursor', false],
    ]);
    for (const [route, method] of [
      ['/v1/orders', 'post'],
      ['/v1/orders/{orderNumber}/shipments', 'post'],
      ['/v1/shipments/{shipmentId}/events', 'post'],
    ]) {
      const headers = (doc.paths[route][method].parameters as Json[]).filter((p) => p.in === 'header');
      expect({ route, headers: headers.map((p) => [p.name, p.required]) }).toEqual({ route, headers: [['Idempotency-Key', false]] });
    }
    expect((await call('GET', '/v1/orders', { bearer: buyer })).status).toBe(200); // no limit: the default
  });
});
