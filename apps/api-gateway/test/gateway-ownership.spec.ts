import { composeS10 } from '@parcelstream/carriers';
import { createPlatformDatabase, migrateBuiltApp, startBuiltApp, waitFor, type BuiltService } from '@parcelstream/testing';
import { createHmac, randomInt, randomUUID } from 'node:crypto';
import { callGateway, testPort, token, TEST_JWT_SECRET, type GatewayAnswer, type Json } from './support/gateway-client';

/**
 * The ownership matrix (issue 6, item 4): every public endpoint × {owner buyer, owner seller, other buyer,
 * other seller, ops, anonymous} × the objects of two sides (A and B), each seen by the other side as someone
 * else's. The built gateway runs in front of the four built services (each its own process, database role and
 * schema), which talk over the real Kafka broker; the objects are made through the gateway.
 */

type Relation = 'ownerBuyer' | 'ownerSeller' | 'otherBuyer' | 'otherSeller' | 'ops' | 'anonymous';
const RELATIONS: Relation[] = ['ownerBuyer', 'ownerSeller', 'otherBuyer', 'otherSeller', 'ops', 'anonymous'];

interface Side {
  name: 'A' | 'B';
  buyerSub: string;
  sellerId: string;
  buyer: string;
  seller: string;
  buyerName: string;
  street: string;
  /** a carrier only this side's seller binds, with its account number */
  extraCarrier: { code: string; accountNumber: string };
  orderNumber: string;
  shipmentId: string;
  waybill: string;
}

interface Cell {
  method: string;
  path: string;
  body?: unknown;
  stream?: boolean;
}

/** An expected status, `any` (only the leak checks apply), or `skip` (the owner's own write, made in the setup). */
type Expectation = number | 'any' | 'skip';

interface Row {
  endpoint: string;
  cell: (object: Side) => Cell;
  expect: Record<Relation, Expectation>;
  /** further checks on a 2xx answer; returns what is wrong */
  check?: (relation: Relation, answer: GatewayAnswer, object: Side) => string | undefined;
}

const owners = (owner: number, other: number, ops: number, anonymous = 401): Record<Relation, Expectation> => ({
  ownerBuyer: owner,
  ownerSeller: owner,
  otherBuyer: other,
  otherSeller: other,
  ops,
  anonymous,
});
/** a seller-only write on the object: its seller did it in the setup; the other seller must not find it */
const sellerWrite: Record<Relation, Expectation> = { ownerBuyer: 403, ownerSeller: 'skip', otherBuyer: 403, otherSeller: 404, ops: 403, anonymous: 401 };
const opsOnly = (ops: Expectation): Record<Relation, Expectation> => ({ ownerBuyer: 403, ownerSeller: 403, otherBuyer: 403, otherSeller: 403, ops, anonymous: 401 });
const everyone = (status: Expectation): Record<Relation, Expectation> => ({ ownerBuyer: status, ownerSeller: status, otherBuyer: status, otherSeller: status, ops: status, anonymous: status });
const seesOwnerSide = (r: Relation) => r === 'ownerBuyer' || r === 'ownerSeller' || r === 'ops';

describe('api-gateway ownership matrix over the built services (real Kafka and Postgres)', () => {
  let db: Awaited<ReturnType<typeof createPlatformDatabase>>;
  const services: BuiltService[] = [];
  let gateway: BuiltService;
  const run = randomUUID().slice(0, 8);
  const sides: Record<'A' | 'B', Side> = {} as Record<'A' | 'B', Side>;
  let ops: string;
  const call = (method: string, path: string, opts: Parameters<typeof callGateway>[3] = {}) => callGateway(gateway.baseUrl, method, path, opts);
  const waybill = () => composeS10('RR', String(randomInt(10_000_000, 99_999_999)), 'CN');

  beforeAll(async () => {
    db = await createPlatformDatabase();
    // each app's consumer group is new (startBuiltApp): from the topics' end, not through other suites' history
    const common = { KAFKA_BROKERS: process.env.KAFKA_BROKERS!, LOG_LEVEL: 'warn', KAFKA_CONSUMER_START: 'latest' };
    const envOf = (app: string, extra: Record<string, string> = {}) => ({ ...common, DATABASE_URL: db.urls[app], ...extra });
    const apps: [string, number, Record<string, string>][] = [
      ['order-service', testPort(21), envOf('order-service')],
      ['shipment-service', testPort(22), envOf('shipment-service')],
      // no carrier API behind it here: its registration and polling workers stay off (intake, consumers and ops queries run)
      ['carrier-sync-service', testPort(23), envOf('carrier-sync-service', { BACKGROUND_WORKERS: 'off', CARRIER_API_BASE_URL: 'http://127.0.0.1:9' })],
      ['tracking-service', testPort(24), envOf('tracking-service')],
    ];
    for (const [app, , env] of apps) migrateBuiltApp(app, env);
    services.push(...(await Promise.all(apps.map(([app, port, env]) => startBuiltApp(app, port, env, { timeoutMs: 60_000 })))));
    const [orders, shipments, carrierSync, tracking] = services;
    gateway = await startBuiltApp(
      'api-gateway',
      testPort(20),
      {
        AUTH_JWT_SECRET: TEST_JWT_SECRET,
        ORDER_SERVICE_URL: orders.baseUrl,
        SHIPMENT_SERVICE_URL: shipments.baseUrl,
        CARRIER_SYNC_SERVICE_URL: carrierSync.baseUrl,
        TRACKING_SERVICE_URL: tracking.baseUrl,
        // counters in the shared Redis are per IP for anonymous callers: other suites' limits must not bite here
        RATE_LIMIT_ANONYMOUS: '100000',
        RATE_LIMIT_AUTHENTICATED: '100000',
        LOG_LEVEL: 'warn',
      },
      { readyPath: '/health/ready', portVariable: 'GATEWAY_PORT' },
    );
    ops = await token({ role: 'ops' }, `ops-${run}`);

    // account numbers of this run only (the catalog's examples appear in GET /v1/carriers)
    const extra = { A: { code: 'ups', accountNumber: `U${run.slice(0, 5).toUpperCase()}` }, B: { code: 'fedex', accountNumber: String(randomInt(100_000_000, 999_999_999)) } };
    const people = { A: ['Ada Lovelace', '12 St James Square'], B: ['Alan Turing', '78 High Street'] };
    await Promise.all(
      (['A', 'B'] as const).map(async (name) => {
        const buyerSub = `buyer-${name}-${run}`;
        const sellerId = `seller-${name}-${run}`;
        const buyer = await token({ role: 'buyer' }, buyerSub);
        const seller = await token({ role: 'seller', sellerId }, `user-seller-${name}-${run}`);
        for (const [code, accountNumber] of [['sim-post', `SIM-${randomInt(100_000, 999_999)}`], [extra[name].code, extra[name].accountNumber]]) {
          const bound = await call('PUT', `/v1/sellers/me/logistics-partners/${code}`, { bearer: seller, body: { accountNumber } });
          expect({ code, status: bound.status }).toEqual({ code, status: 200 });
        }
        const [buyerName, street] = people[name];
        const placed = await call('POST', '/v1/orders', {
          bearer: buyer,
          headers: { 'idempotency-key': `order-${name}-${run}` },
          body: {
            sellerId,
            items: [{ sku: 'TEA', name: 'Tea tin', quantity: 2, unitPrice: { amount: '7.50', currency: 'EUR' } }],
            shippingAddress: { name: buyerName, line1: street, city: 'London', postalCode: 'SW1Y 4LE', countryCode: 'GB' },
            shipFromCountryCode: 'CN',
          },
        });
        expect(placed.status).toBe(201);
        const orderNumber = placed.body.orderNumber as string;
        const number = waybill();
        // shipment-service learns the order from order.created (Kafka): until then the order is not found
        const shipped = await waitFor(
          () =>
            call('POST', `/v1/orders/${orderNumber}/shipments`, {
              bearer: seller,
              headers: { 'idempotency-key': `ship-${name}-${run}` },
              body: { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: number },
            }),
          (r) => r.status !== 404,
          { what: `order ${orderNumber} known to shipment-service`, timeoutMs: 30_000, intervalMs: 200 },
        );
        expect(shipped.status).toBe(201);
        expect(shipped.body).toMatchObject({ trackingNumber: number, fulfillmentModel: 'SELLER', liability: 'SELLER' });
        // the same Idempotency-Key and body: the first answer again, passed through the gateway
        const again = await call('POST', `/v1/orders/${orderNumber}/shipments`, {
          bearer: seller,
          headers: { 'idempotency-key': `ship-${name}-${run}` },
          body: { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: number },
        });
        expect(again.body.shipmentId).toBe(shipped.body.shipmentId);
        const update = await call('POST', `/v1/shipments/${shipped.body.shipmentId}/events`, {
          bearer: seller,
          body: { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.PICKED_UP', description: 'Handed to the courier', occurredAt: new Date(Date.now() - 3_600_000).toISOString(), location: { city: 'Shenzhen', countryCode: 'CN' } },
        });
        expect(update.status).toBe(202);
        sides[name] = { name, buyerSub, sellerId, buyer, seller, buyerName, street, extraCarrier: extra[name], orderNumber, shipmentId: shipped.body.shipmentId, waybill: number };
      }),
    );
    // the read models follow through Kafka: tracking-service (the seller's update, the shipment's owners), order-service (its shipments)
    for (const side of Object.values(sides)) {
      await waitFor(() => call('GET', `/v1/tracking/${side.waybill}`, { bearer: side.buyer }), (r) => r.status === 200 && r.body.orderNumber === side.orderNumber && r.body.events?.length > 0, {
        what: `tracking of ${side.waybill}`,
        timeoutMs: 30_000,
      });
      await waitFor(() => call('GET', `/v1/orders/${side.orderNumber}`, { bearer: side.buyer }), (r) => r.body.shipments?.length === 1 && r.body.shipments[0].trackingStatus === 'IN_TRANSIT', {
        what: `order ${side.orderNumber} with its shipment and its tracking status`,
        timeoutMs: 30_000,
      });
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all([gateway?.stop(), ...services.map((s) => s.stop())]);
    await db?.drop();
  });

  const shipmentBody = () => ({ fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: waybill() });
  const sellerUpdate = { status: 'DELIVERED', description: 'Delivered (forged)', occurredAt: new Date(Date.now() - 60_000).toISOString() };

  const rows: Row[] = [
    { endpoint: 'GET /v1/carriers', cell: () => ({ method: 'GET', path: '/v1/carriers' }), expect: everyone(200) },
    { endpoint: 'GET /v1/carriers/detect', cell: (o) => ({ method: 'GET', path: `/v1/carriers/detect?trackingNumber=${o.waybill}` }), expect: everyone(200) },
    {
      endpoint: 'GET /v1/orders/{orderNumber}',
      cell: (o) => ({ method: 'GET', path: `/v1/orders/${o.orderNumber}` }),
      expect: owners(200, 404, 200),
      check: (_r, a, o) =>
        a.body.orderNumber === o.orderNumber && a.body.shippingAddress?.name === o.buyerName && a.body.shipments?.[0]?.shipmentId === o.shipmentId && a.body.shipments[0].trackingNumber === o.waybill &&
        a.body.shipments[0].trackingStatus === 'IN_TRANSIT'
          ? undefined
          : 'not the order with its shipment',
    },
    {
      endpoint: 'GET /v1/orders',
      cell: () => ({ method: 'GET', path: '/v1/orders?limit=100' }),
      expect: owners(200, 200, 200),
      check: (r, a, o) => {
        const listed = (a.body.items as Json[]).some((i) => i.orderNumber === o.orderNumber);
        return listed === seesOwnerSide(r) ? undefined : listed ? 'lists someone else’s order' : 'does not list the caller’s order';
      },
    },
    { endpoint: 'POST /v1/orders/{orderNumber}/cancel', cell: (o) => ({ method: 'POST', path: `/v1/orders/${o.orderNumber}/cancel`, body: { reason: 'not mine' } }), expect: { ...owners(404, 404, 404), ownerBuyer: 'skip', ownerSeller: 'skip', ops: 'skip' } },
    {
      endpoint: 'GET /v1/orders/{orderNumber}/tracking',
      cell: (o) => ({ method: 'GET', path: `/v1/orders/${o.orderNumber}/tracking` }),
      expect: owners(200, 404, 200),
      check: (_r, a, o) => (a.text.includes(o.waybill) ? undefined : 'the order’s waybill is missing'),
    },
    {
      endpoint: 'GET /v1/tracking/{trackingNumber}',
      cell: (o) => ({ method: 'GET', path: `/v1/tracking/${o.waybill}` }),
      expect: everyone(200),
      check: (r, a, o) => {
        if (a.body.trackingNumber !== o.waybill || !(a.body.events?.length > 0)) return 'not the timeline';
        if (seesOwnerSide(r)) return a.body.orderNumber === o.orderNumber ? undefined : 'the full view lacks orderNumber';
        return 'orderNumber' in a.body ? 'the public view shows orderNumber' : undefined;
      },
    },
    // tracking-service's live stream is another helper's work in progress: whatever it answers, it must not leak
    { endpoint: 'GET /v1/tracking/{trackingNumber}/stream', cell: (o) => ({ method: 'GET', path: `/v1/tracking/${o.waybill}/stream`, stream: true }), expect: everyone('any') },
    {
      endpoint: 'GET /v1/sellers/me/logistics-partners',
      cell: () => ({ method: 'GET', path: '/v1/sellers/me/logistics-partners' }),
      expect: { ownerBuyer: 403, ownerSeller: 200, otherBuyer: 403, otherSeller: 200, ops: 403, anonymous: 401 },
      check: (r, a, o) => {
        const listed = (a.body.items as Json[]).some((b) => b.carrierCode === o.extraCarrier.code);
        return listed === (r === 'ownerSeller') ? undefined : listed ? 'lists another seller’s binding' : 'misses the seller’s binding';
      },
    },
    {
      endpoint: 'PUT /v1/sellers/me/logistics-partners/{carrierCode}',
      cell: (o) => ({ method: 'PUT', path: `/v1/sellers/me/logistics-partners/${o.extraCarrier.code}`, body: { accountNumber: o.extraCarrier.accountNumber } }),
      expect: { ownerBuyer: 403, ownerSeller: 'skip', otherBuyer: 403, otherSeller: 'skip', ops: 403, anonymous: 401 },
    },
    { endpoint: 'DELETE /v1/sellers/me/logistics-partners/{carrierCode}', cell: (o) => ({ method: 'DELETE', path: `/v1/sellers/me/logistics-partners/${o.extraCarrier.code}` }), expect: sellerWrite },
    { endpoint: 'POST /v1/orders/{orderNumber}/shipments', cell: (o) => ({ method: 'POST', path: `/v1/orders/${o.orderNumber}/shipments`, body: shipmentBody() }), expect: sellerWrite },
    {
      endpoint: 'GET /v1/shipments/{shipmentId}',
      cell: (o) => ({ method: 'GET', path: `/v1/shipments/${o.shipmentId}` }),
      expect: owners(200, 404, 200),
      check: (_r, a, o) => (a.body.shipmentId === o.shipmentId && a.body.orderNumber === o.orderNumber && a.body.trackingNumber === o.waybill ? undefined : 'not the shipment'),
    },
    { endpoint: 'POST /v1/shipments/{shipmentId}/events', cell: (o) => ({ method: 'POST', path: `/v1/shipments/${o.shipmentId}/events`, body: sellerUpdate }), expect: sellerWrite },
    { endpoint: 'POST /v1/shipments/{shipmentId}/cancel', cell: (o) => ({ method: 'POST', path: `/v1/shipments/${o.shipmentId}/cancel`, body: { reason: 'not mine' } }), expect: sellerWrite },
    {
      endpoint: 'GET /v1/ops/carriers',
      cell: () => ({ method: 'GET', path: '/v1/ops/carriers' }),
      expect: opsOnly(200),
      check: (_r, a) => (Array.isArray(a.body.items) ? undefined : 'no items'),
    },
    // unsigned: carrier-sync refuses it whoever sends it (signatures are the carriers' authentication, not tokens)
    { endpoint: 'POST /v1/webhooks/carriers/{carrierCode}', cell: () => ({ method: 'POST', path: '/v1/webhooks/carriers/sim-post', body: { events: [] } }), expect: everyone(401) },
    // the services' dead-letter endpoints land later: here only who may reach them (the merge: gateway-dead-letters.stand-in.spec.ts)
    { endpoint: 'GET /v1/ops/dead-letters', cell: () => ({ method: 'GET', path: '/v1/ops/dead-letters' }), expect: opsOnly('skip') },
    { endpoint: 'POST /v1/ops/dead-letters/{id}/replay', cell: () => ({ method: 'POST', path: `/v1/ops/dead-letters/orders:${randomUUID()}/replay` }), expect: opsOnly('skip') },
  ];

  const bearerOf = (relation: Relation, owner: Side, other: Side): string | undefined =>
    ({ ownerBuyer: owner.buyer, ownerSeller: owner.seller, otherBuyer: other.buyer, otherSeller: other.seller, ops, anonymous: undefined })[relation];

  /** What of the owner's must never reach someone else: personal data, ids, and numbers the caller did not give. */
  const leaks = (answer: GatewayAnswer, cell: Cell, owner: Side): string[] => {
    const secrets: [string, string][] = [
      ['buyer name', owner.buyerName],
      ['street', owner.street],
      ['buyer id', owner.buyerSub],
      ['seller id', owner.sellerId],
      ['account number', owner.extraCarrier.accountNumber],
      ['order number', owner.orderNumber],
      ['shipment id', owner.shipmentId],
      ['waybill', owner.waybill],
    ];
    return secrets.filter(([, value]) => !cell.path.includes(value) && answer.text.includes(value)).map(([what]) => what);
  };

  let cells = 0;
  it.each(rows.map((r) => [r.endpoint, r] as const))('%s', async (_endpoint, row) => {
    const wrong: Json[] = [];
    for (const [owner, other] of [
      [sides.A, sides.B],
      [sides.B, sides.A],
    ]) {
      for (const relation of RELATIONS) {
        const expected = row.expect[relation];
        if (expected === 'skip') continue;
        const cell = row.cell(owner);
        const answer = await call(cell.method, cell.path, { bearer: bearerOf(relation, owner, other), body: cell.body, firstChunkOnly: cell.stream });
        cells++;
        const where = { owner: owner.name, relation, status: answer.status };
        if (expected !== 'any' && answer.status !== expected) wrong.push({ ...where, expected, body: answer.text.slice(0, 300) });
        if (answer.status >= 400 && !answer.headers.get('content-type')?.startsWith('application/problem+json')) wrong.push({ ...where, problem: 'not application/problem+json' });
        if (!seesOwnerSide(relation)) {
          const leaked = leaks(answer, cell, owner);
          if (leaked.length > 0) wrong.push({ ...where, leaked });
        }
        if (row.check && answer.status >= 200 && answer.status < 300) {
          const problem = row.check(relation, answer, owner);
          if (problem) wrong.push({ ...where, problem });
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('left every object as it was: the refused writes changed nothing', async () => {
    for (const side of Object.values(sides)) {
      const order = await call('GET', `/v1/orders/${side.orderNumber}`, { bearer: side.buyer });
      expect(order.body.status).not.toBe('CANCELLED');
      const shipment = await call('GET', `/v1/shipments/${side.shipmentId}`, { bearer: side.seller });
      expect(shipment.body.status).not.toBe('CANCELLED');
      const ownShipments = await call('GET', `/v1/orders/${side.orderNumber}/tracking`, { bearer: side.seller });
      expect(ownShipments.status).toBe(200);
      const bindings = await call('GET', '/v1/sellers/me/logistics-partners', { bearer: side.seller });
      expect((bindings.body.items as Json[]).map((b) => b.carrierCode).sort()).toEqual([side.extraCarrier.code, 'sim-post'].sort());
      const timeline = await call('GET', `/v1/tracking/${side.waybill}`, { bearer: side.buyer });
      expect((timeline.body.events as Json[]).map((e) => e.status)).not.toContain('DELIVERED'); // the other seller's forged update was refused
    }
    // and shipment-service holds one shipment per order still (no stranger's shipment slipped in)
    for (const side of Object.values(sides)) {
      const order = await waitFor(
        () => call('GET', `/v1/orders/${side.orderNumber}`, { bearer: ops }),
        (r) => r.status === 200,
        { what: 'order for ops', timeoutMs: 5000 },
      );
      expect(order.body.shipments).toHaveLength(1);
    }
    // every cell of the matrix ran (both sides' objects)
    expect(cells).toBe(2 * rows.reduce((n, r) => n + RELATIONS.filter((rel) => r.expect[rel] !== 'skip').length, 0));
  });

  it('the owner’s own writes go through: the seller unbinds and re-binds, cancels the shipment; the buyer cannot cancel a shipped order', async () => {
    const a = sides.A;
    expect((await call('DELETE', `/v1/sellers/me/logistics-partners/${a.extraCarrier.code}`, { bearer: a.seller })).status).toBe(204);
    expect((await call('PUT', `/v1/sellers/me/logistics-partners/${a.extraCarrier.code}`, { bearer: a.seller, body: { accountNumber: a.extraCarrier.accountNumber, isDefault: true } })).body).toMatchObject({
      carrierCode: a.extraCarrier.code,
      isDefault: true,
    });
    expect((await call('POST', `/v1/orders/${a.orderNumber}/cancel`, { bearer: a.buyer, body: {} })).status).toBe(409);
    const cancelled = await call('POST', `/v1/shipments/${a.shipmentId}/cancel`, { bearer: a.seller, body: { reason: 'wrong parcel' } });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ shipmentId: a.shipmentId, status: 'CANCELLED' });
  });

  it('validates the new bodies with the shared DTOs before any service sees them', async () => {
    const b = sides.B;
    const unknown = await call('POST', `/v1/orders/${b.orderNumber}/shipments`, { bearer: b.seller, body: { ...shipmentBody(), liability: 'PLATFORM' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ field: 'liability', message: 'property liability should not exist' }]);
    const badModel = await call('POST', `/v1/orders/${b.orderNumber}/shipments`, { bearer: b.seller, body: { ...shipmentBody(), fulfillmentModel: 'DRONE' } });
    expect(badModel.status).toBe(400);
    expect(badModel.body.errors.map((e: Json) => e.field)).toEqual(['fulfillmentModel']);
    const noOffset = await call('POST', `/v1/shipments/${b.shipmentId}/events`, { bearer: b.seller, body: { status: 'IN_TRANSIT', description: 'x', occurredAt: '2026-01-01T10:00:00' } });
    expect(noOffset.status).toBe(400);
    const badAccount = await call('PUT', '/v1/sellers/me/logistics-partners/sim-post', { bearer: b.seller, body: { accountNumber: 'SIM-1', colour: 'red' } });
    expect(badAccount.body.errors).toEqual([{ field: 'colour', message: 'property colour should not exist' }]);
    const big = await call('POST', `/v1/shipments/${b.shipmentId}/events`, { bearer: b.seller, raw: JSON.stringify({ status: 'IN_TRANSIT', description: 'x'.repeat(100_000), occurredAt: new Date().toISOString() }) });
    expect(big.status).toBe(413);
    const order = await call('GET', `/v1/orders/${b.orderNumber}`, { bearer: b.buyer });
    expect(order.body.shipments).toHaveLength(1);
  });

  it('passes carrier webhooks to carrier-sync byte for byte: a good signature is accepted, a tampered one is a 401', async () => {
    const secret = 'sim-post-secret'; // carrier-sync's development secret for sim-post (SPEC §5)
    const body = JSON.stringify({
      events: [{ trackingNumber: sides.B.waybill, eventId: `ev-${run}`, status: 'IN_TRANSIT', rawCode: 'DEP', description: 'Departed facility', occurredAt: new Date(Date.now() - 1_800_000).toISOString() }],
    });
    const sign = (id: string, ts: number, raw: string) => `v1,${createHmac('sha256', secret).update(`${id}.${ts}.${raw}`).digest('base64')}`;
    const send = (headers: Record<string, string>, raw = body) => call('POST', '/v1/webhooks/carriers/sim-post', { raw, headers });
    const now = Math.floor(Date.now() / 1000);
    const id = `msg-${run}`;
    // spacing changes the bytes but not the JSON: a gateway that re-serialised the body would break this signature
    const spaced = body.replace('{"events":', '{ "events" : ');
    expect((await send({ 'webhook-id': id, 'webhook-timestamp': String(now), 'webhook-signature': sign(id, now, spaced) }, spaced)).status).toBe(202);
    const tampered = spaced.replace('Departed facility', 'Delivered');
    const refusals = [
      await send({ 'webhook-id': `${id}-2`, 'webhook-timestamp': String(now), 'webhook-signature': sign(`${id}-2`, now, spaced) }, tampered),
      await send({ 'webhook-id': `${id}-3`, 'webhook-timestamp': String(now - 3600), 'webhook-signature': sign(`${id}-3`, now - 3600, spaced) }, spaced),
      await send({ 'webhook-id': `${id}-4`, 'webhook-timestamp': String(now) }, spaced),
      await send({ 'webhook-id': `${id}-5`, 'webhook-timestamp': String(now), 'webhook-signature': `v1,${createHmac('sha256', 'wrong-secret').update(`${id}-5.${now}.${spaced}`).digest('base64')}` }, spaced),
    ];
    expect(refusals.map((r) => r.status)).toEqual([401, 401, 401, 401]);
    for (const r of refusals) expect(r.headers.get('content-type')).toContain('application/problem+json');
  });

  it('documents every new route in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${gateway.baseUrl}/docs/openapi.json`)).json()) as Json;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/sellers/me/logistics-partners',
        '/v1/sellers/me/logistics-partners/{carrierCode}',
        '/v1/orders/{orderNumber}/shipments',
        '/v1/shipments/{shipmentId}',
        '/v1/shipments/{shipmentId}/events',
        '/v1/shipments/{shipmentId}/cancel',
        '/v1/ops/carriers',
        '/v1/ops/dead-letters',
        '/v1/ops/dead-letters/{id}/replay',
      ]),
    );
    const createShipment = doc.paths['/v1/orders/{orderNumber}/shipments'].post;
    const schemaName = createShipment.requestBody.content['application/json'].schema.$ref.split('/').pop();
    expect(Object.keys(doc.components.schemas[schemaName].properties).sort()).toEqual(['carrierCode', 'fulfillmentModel', 'items', 'trackingNumber']);
  });
});
