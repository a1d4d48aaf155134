import type { INestApplication } from '@nestjs/common';
import { CALLER_HEADER, callerIdentitySecret, signCaller, type Caller } from '@parcelstream/caller-identity';
import {
  OrderCancelledEvent,
  OrderCreatedEvent,
  OrderStatusChangedEvent,
  ShipmentCancelledEvent,
  ShipmentCreatedEvent,
  Topics,
  TrackingStatusChangedEvent,
  type OrderCreated,
  type OrderStatusChanged,
  type ShipmentCreated,
} from '@parcelstream/contracts';
import { createServiceApp, runServiceMigrations, ServiceModule } from '@parcelstream/service-runtime';
import { cloudEventMessage, createPlatformDatabase, TopicRecorder, uniqueName, waitFor } from '@parcelstream/testing';
import { randomUUID } from 'node:crypto';
import { ORDERS_SCHEMA, orderDataSourceOptions } from '../src/database/order-data-source';
import { OrdersModule } from '../src/orders/orders.module';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely in assertions
type Json = Record<string, any>;

const buyerA: Caller = { kind: 'user', sub: 'buyer-a', role: 'buyer' };
const buyerB: Caller = { kind: 'user', sub: 'buyer-b', role: 'buyer' };
const sellerA: Caller = { kind: 'user', sub: 'user-seller-a', role: 'seller', sellerId: 'seller-a' };
const sellerB: Caller = { kind: 'user', sub: 'user-seller-b', role: 'seller', sellerId: 'seller-b' };
const ops: Caller = { kind: 'user', sub: 'ops-1', role: 'ops' };

const orderBody = (overrides: Record<string, unknown> = {}) => ({
  sellerId: 'seller-a',
  items: [
    { sku: 'MUG-BLUE', name: 'Blue mug', quantity: 2, unitPrice: { amount: '12.50', currency: 'EUR' } },
    { sku: 'TEE-M', name: 'T-shirt M', quantity: 1, unitPrice: { amount: '20', currency: 'EUR' } },
  ],
  shippingAddress: { name: 'Ada Lovelace', line1: '12 Example Street', city: 'Berlin', postalCode: '10115', countryCode: 'DE' },
  shipFromCountryCode: 'CN',
  ...overrides,
});

describe('order-service (real Kafka and Postgres)', () => {
  let db: Awaited<ReturnType<typeof createPlatformDatabase>>;
  let app: INestApplication;
  let baseUrl: string;
  let recorder: TopicRecorder;

  beforeAll(async () => {
    db = await createPlatformDatabase();
    const url = db.urls['order-service'];
    await runServiceMigrations(orderDataSourceOptions(url), () => undefined);
    app = await createServiceApp(
      ServiceModule.forService({
        serviceName: 'order-service',
        schema: ORDERS_SCHEMA,
        dataSource: orderDataSourceOptions(url),
        imports: [OrdersModule],
        messaging: { brokers: process.env.KAFKA_BROKERS!.split(','), consumerGroup: uniqueName('order-service').replace(/\./g, '-'), retryDelaysMs: [200] },
      }),
      { name: 'order-service', port: 0, logLevel: 'fatal' },
    );
    await app.init();
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    recorder = await new TopicRecorder().record([Topics.OrderEvents]);
  }, 60_000);

  afterAll(async () => {
    await recorder?.close();
    await app?.close();
    await db?.drop();
  });

  const call = async (caller: Caller | undefined, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const identity = caller ? signCaller(caller, callerIdentitySecret()) : undefined;
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(identity ? { [CALLER_HEADER]: identity } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Json, type: res.headers.get('content-type') };
  };
  const place = async (caller = buyerA, body = orderBody()) => (await call(caller, 'POST', '/orders', body)).body;

  it('places an order and announces it without the name or street', async () => {
    const res = await call(buyerA, 'POST', '/orders', orderBody());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'AWAITING_SHIPMENT', buyerId: 'buyer-a', sellerId: 'seller-a', total: { amount: '45.00', currency: 'EUR' }, shipments: [] });
    expect(res.body.orderNumber).toMatch(/^PS-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const [created] = await waitFor(
      () => recorder.events<OrderCreated>(OrderCreatedEvent.type, (p) => p.orderNumber === res.body.orderNumber),
      (l) => l.length === 1,
      { what: 'order.created' },
    );
    expect(created.payload).toMatchObject({ sellerId: 'seller-a', buyerId: 'buyer-a', shipToCountryCode: 'DE', shipToCity: 'Berlin', items: [{ sku: 'MUG-BLUE', quantity: 2 }, { sku: 'TEE-M', quantity: 1 }] });
    const raw = JSON.stringify(created.payload);
    expect(raw).not.toContain('Ada');
    expect(raw).not.toContain('Example Street');
    expect(raw).not.toContain('10115');
  });

  it('honours Idempotency-Key: a retry returns the same order, another body with the key is a 409', async () => {
    const key = randomUUID();
    const first = await call(buyerA, 'POST', '/orders', orderBody(), { 'idempotency-key': key });
    const retry = await call(buyerA, 'POST', '/orders', orderBody(), { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body.orderNumber).toBe(first.body.orderNumber);
    const other = await call(buyerA, 'POST', '/orders', orderBody({ shipFromCountryCode: 'JP' }), { 'idempotency-key': key });
    expect(other.status).toBe(409);
    expect(other.type).toContain('application/problem+json');
    // the same key from another buyer is another request
    expect((await call(buyerB, 'POST', '/orders', orderBody(), { 'idempotency-key': key })).body.orderNumber).not.toBe(first.body.orderNumber);
    await new Promise((r) => setTimeout(r, 500));
    expect(recorder.events<OrderCreated>(OrderCreatedEvent.type, (p) => p.orderNumber === first.body.orderNumber)).toHaveLength(1);
  });

  it('refuses bad input with RFC 9457 problems and changes nothing', async () => {
    const unknownField = await call(buyerA, 'POST', '/orders', orderBody({ couponCode: 'FREE' }));
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.errors).toEqual([{ field: 'couponCode', message: 'property couponCode should not exist' }]);
    const mixed = await call(buyerA, 'POST', '/orders', orderBody({ items: [{ sku: 'A', name: 'a', quantity: 1, unitPrice: { amount: '1', currency: 'EUR' } }, { sku: 'B', name: 'b', quantity: 1, unitPrice: { amount: '1', currency: 'USD' } }] }));
    expect(mixed.status).toBe(400);
    expect((await call(buyerA, 'POST', '/orders', orderBody({ items: [] }))).status).toBe(400);
    expect((await call(sellerA, 'POST', '/orders', orderBody())).status).toBe(403);
    expect((await call(undefined, 'POST', '/orders', orderBody())).status).toBe(401);
  });

  it('shows an order to its buyer, its seller and ops only; anyone else gets a 404', async () => {
    const { orderNumber } = await place();
    for (const who of [buyerA, sellerA, ops]) expect((await call(who, 'GET', `/orders/${orderNumber}`)).status).toBe(200);
    for (const who of [buyerB, sellerB]) {
      const res = await call(who, 'GET', `/orders/${orderNumber}`);
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain('Ada');
    }
    expect((await call(undefined, 'GET', `/orders/${orderNumber}`)).status).toBe(401);
    const forged = await fetch(`${baseUrl}/orders/${orderNumber}`, { headers: { [CALLER_HEADER]: signCaller(buyerA, 'not-the-secret')! } });
    expect(forged.status).toBe(401);
    expect((await call(buyerB, 'POST', `/orders/${orderNumber}/cancel`, {})).status).toBe(404);
  });

  it('lists own orders newest first with a cursor', async () => {
    const buyer: Caller = { kind: 'user', sub: `buyer-${randomUUID()}`, role: 'buyer' };
    const numbers: string[] = [];
    for (let i = 0; i < 3; i++) numbers.push((await place(buyer)).orderNumber);
    const first = await call(buyer, 'GET', '/orders?limit=2');
    expect(first.body.items.map((o: { orderNumber: string }) => o.orderNumber)).toEqual([numbers[2], numbers[1]]);
    const second = await call(buyer, 'GET', `/orders?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ items: [{ orderNumber: numbers[0] }], nextCursor: null });
    expect((await call(buyer, 'GET', '/orders?cursor=bm90LWEtY3Vyc29y')).status).toBe(400);
    const sellerView = await call(sellerA, 'GET', '/orders?limit=100');
    expect(sellerView.body.items.every((o: { sellerId: string }) => o.sellerId === 'seller-a')).toBe(true);
  });

  it('lets the buyer cancel before shipping, once, and announces it', async () => {
    const { orderNumber } = await place();
    const res = await call(buyerA, 'POST', `/orders/${orderNumber}/cancel`, { reason: 'changed my mind' });
    expect(res.body).toMatchObject({ status: 'CANCELLED' });
    expect((await call(buyerA, 'POST', `/orders/${orderNumber}/cancel`, {})).body.status).toBe('CANCELLED');
    await waitFor(() => recorder.events<{ orderNumber: string }>(OrderCancelledEvent.type, (p) => p.orderNumber === orderNumber), (l) => l.length === 1, { what: 'order.cancelled' });
    await new Promise((r) => setTimeout(r, 300));
    expect(recorder.events<{ orderNumber: string }>(OrderCancelledEvent.type, (p) => p.orderNumber === orderNumber)).toHaveLength(1);
  });

  it('projects shipments and tracking onto the order: partially shipped → shipped → in transit → delivered; redelivery changes nothing', async () => {
    const order = await place();
    const [created] = await waitFor(() => recorder.events<OrderCreated>(OrderCreatedEvent.type, (p) => p.orderNumber === order.orderNumber), (l) => l.length === 1);
    const orderId = created.payload.orderId;
    const shipment = (items: ShipmentCreated['items']): ShipmentCreated => ({
      shipmentId: randomUUID(),
      orderId,
      orderNumber: order.orderNumber,
      sellerId: 'seller-a',
      buyerId: 'buyer-a',
      carrierCode: 'sim-post',
      trackingNumber: 'RB123456785GB',
      fulfillmentModel: 'SELLER',
      liability: 'SELLER',
      items,
      originCountryCode: 'CN',
      destinationCountryCode: 'DE',
      createdAt: new Date().toISOString(),
    });
    const status = async () => (await call(buyerA, 'GET', `/orders/${order.orderNumber}`)).body.status as string;
    const first = shipment([{ sku: 'MUG-BLUE', quantity: 2 }]);
    const firstMessage = cloudEventMessage(Topics.ShipmentEvents, ShipmentCreatedEvent.type, first.shipmentId, first);
    await recorder.publish([firstMessage]);
    await waitFor(status, (s) => s === 'PARTIALLY_SHIPPED', { what: 'PARTIALLY_SHIPPED' });
    expect((await call(buyerA, 'POST', `/orders/${order.orderNumber}/cancel`, {})).status).toBe(409); // the buyer is too late

    const second = shipment([{ sku: 'TEE-M', quantity: 1 }]);
    await recorder.publish([firstMessage, cloudEventMessage(Topics.ShipmentEvents, ShipmentCreatedEvent.type, second.shipmentId, second)]); // first again: a redelivery
    await waitFor(status, (s) => s === 'SHIPPED', { what: 'SHIPPED' });
    const track = (shipmentId: string, s: string) =>
      cloudEventMessage(Topics.TrackingShipmentStatus, TrackingStatusChangedEvent.type, shipmentId, { shipmentId, trackingNumber: 'RB123456785GB', status: s, occurredAt: new Date().toISOString() });
    await recorder.publish([track(first.shipmentId, 'IN_TRANSIT')]);
    await waitFor(status, (s) => s === 'IN_TRANSIT', { what: 'IN_TRANSIT' });
    await recorder.publish([track(first.shipmentId, 'DELIVERED'), track(second.shipmentId, 'DELIVERED')]);
    await waitFor(status, (s) => s === 'DELIVERED', { what: 'DELIVERED' });

    const view = (await call(sellerA, 'GET', `/orders/${order.orderNumber}`)).body;
    expect(view.shipments).toHaveLength(2); // the redelivered shipment.created made no second row
    // the DELIVERED view is committed before its status-changed event has travelled outbox → relay → Kafka
    const transitions = await waitFor(
      () => recorder.events<OrderStatusChanged>(OrderStatusChangedEvent.type, (p) => p.orderId === orderId).map((e) => `${e.payload.from}>${e.payload.to}`),
      (t) => t.length >= 4,
      { what: 'four order.status-changed events' },
    );
    await new Promise((r) => setTimeout(r, 500)); // and no fifth
    expect(recorder.events<OrderStatusChanged>(OrderStatusChangedEvent.type, (p) => p.orderId === orderId)).toHaveLength(4);
    expect(transitions).toEqual(['AWAITING_SHIPMENT>PARTIALLY_SHIPPED', 'PARTIALLY_SHIPPED>SHIPPED', 'SHIPPED>IN_TRANSIT', 'IN_TRANSIT>DELIVERED']);
  }, 60_000);

  it('a cancelled shipment no longer counts', async () => {
    const order = await place();
    const [created] = await waitFor(() => recorder.events<OrderCreated>(OrderCreatedEvent.type, (p) => p.orderNumber === order.orderNumber), (l) => l.length === 1);
    const s = { shipmentId: randomUUID(), orderId: created.payload.orderId, orderNumber: order.orderNumber, sellerId: 'seller-a', buyerId: 'buyer-a', carrierCode: 'sim-post', trackingNumber: null, fulfillmentModel: 'PLATFORM', liability: 'PLATFORM', items: created.payload.items, originCountryCode: 'CN', destinationCountryCode: 'DE', createdAt: new Date().toISOString() };
    await recorder.publish([cloudEventMessage(Topics.ShipmentEvents, ShipmentCreatedEvent.type, s.shipmentId, s)]);
    const status = async () => (await call(ops, 'GET', `/orders/${order.orderNumber}`)).body.status as string;
    await waitFor(status, (v) => v === 'SHIPPED', { what: 'SHIPPED' });
    await recorder.publish([cloudEventMessage(Topics.ShipmentEvents, ShipmentCancelledEvent.type, s.shipmentId, { shipmentId: s.shipmentId, orderId: s.orderId, cancelledAt: new Date().toISOString() })]);
    await waitFor(status, (v) => v === 'AWAITING_SHIPMENT', { what: 'back to AWAITING_SHIPMENT' });
  }, 30_000);
});
