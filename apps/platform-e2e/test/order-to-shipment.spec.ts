import { CALLER_HEADER, callerIdentitySecret, signCaller, type Caller } from '@parcelstream/caller-identity';
import { composeS10 } from '@parcelstream/carriers';
import { createPlatformDatabase, migrateBuiltApp, startBuiltApp, waitFor, type BuiltService } from '@parcelstream/testing';
import { randomInt, randomUUID } from 'node:crypto';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely in assertions
type Json = Record<string, any>;

/**
 * The first half of a parcel's life across two built services, each with its own database role, talking only
 * through Kafka: a buyer orders in order-service; shipment-service learns the order from `order.created`; the
 * seller binds a carrier and ships; order-service learns the shipments from `shipment.created`.
 */
describe('order → shipment across order-service and shipment-service (real Kafka and Postgres)', () => {
  let db: Awaited<ReturnType<typeof createPlatformDatabase>>;
  let orders: BuiltService;
  let shipments: BuiltService;
  const run = randomUUID().slice(0, 8);
  const buyer: Caller = { kind: 'user', sub: `buyer-${run}`, role: 'buyer' };
  const seller: Caller = { kind: 'user', sub: `user-seller-${run}`, role: 'seller', sellerId: `seller-${run}` };
  const otherSeller: Caller = { kind: 'user', sub: `user-other-${run}`, role: 'seller', sellerId: `other-${run}` };

  beforeAll(async () => {
    db = await createPlatformDatabase();
    const common = { KAFKA_BROKERS: process.env.KAFKA_BROKERS!, LOG_LEVEL: 'warn' };
    const orderEnv = { ...common, DATABASE_URL: db.urls['order-service'] };
    const shipmentEnv = { ...common, DATABASE_URL: db.urls['shipment-service'] };
    migrateBuiltApp('order-service', orderEnv);
    migrateBuiltApp('shipment-service', shipmentEnv);
    [orders, shipments] = await Promise.all([startBuiltApp('order-service', 13201, orderEnv), startBuiltApp('shipment-service', 13202, shipmentEnv)]);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([orders?.stop(), shipments?.stop()]);
    await db?.drop();
  });

  const call = async (service: BuiltService, caller: Caller, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${service.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', [CALLER_HEADER]: signCaller(caller, callerIdentitySecret())! },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Json };
  };

  const placeOrder = async () => {
    const res = await call(orders, buyer, 'POST', '/orders', {
      sellerId: seller.kind === 'user' ? seller.sellerId : '',
      items: [
        { sku: 'LAMP', name: 'Desk lamp', quantity: 2, unitPrice: { amount: '30.00', currency: 'EUR' } },
        { sku: 'BULB', name: 'Bulb', quantity: 4, unitPrice: { amount: '2.50', currency: 'EUR' } },
      ],
      shippingAddress: { name: 'Grace Hopper', line1: '1 Harbour Road', city: 'Lisbon', postalCode: '1100-001', countryCode: 'PT' },
      shipFromCountryCode: 'CN',
    });
    expect(res.status).toBe(201);
    return res.body.orderNumber as string;
  };
  const waybill = () => composeS10('RR', String(randomInt(10_000_000, 99_999_999)), 'CN');
  /** shipment-service knows an order once it has consumed its order.created */
  const ship = async (orderNumber: string, body: Json, caller: Caller = seller) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const res = await call(shipments, caller, 'POST', `/orders/${orderNumber}/shipments`, body);
      if (res.status !== 404 || Date.now() > deadline || caller !== seller) return res;
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const orderStatus = async (orderNumber: string) => (await call(orders, buyer, 'GET', `/orders/${orderNumber}`)).body;

  it('a buyer orders, the seller binds a carrier and ships in two packages; the order follows through Kafka', async () => {
    expect((await call(shipments, seller, 'PUT', '/sellers/me/logistics-partners/sim-post', { accountNumber: 'SIM-000123', isDefault: true })).status).toBe(200);
    const orderNumber = await placeOrder();

    const first = await ship(orderNumber, { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: waybill(), items: [{ sku: 'LAMP', quantity: 2 }] });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'AWAITING_PICKUP', fulfillmentModel: 'SELLER', liability: 'SELLER' });
    await waitFor(() => orderStatus(orderNumber), (o) => o.status === 'PARTIALLY_SHIPPED', { what: 'PARTIALLY_SHIPPED', timeoutMs: 30_000 });

    // more bulbs than are left unshipped: refused, nothing changes
    expect((await ship(orderNumber, { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: waybill(), items: [{ sku: 'BULB', quantity: 5 }] })).status).toBe(422);
    const second = await ship(orderNumber, { fulfillmentModel: 'PLATFORM', carrierCode: 'sim-post' }); // the rest, carrier allocates the waybill
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ status: 'AWAITING_WAYBILL', trackingNumber: null, liability: 'PLATFORM' });

    const order = await waitFor(() => orderStatus(orderNumber), (o) => o.status === 'SHIPPED', { what: 'SHIPPED', timeoutMs: 30_000 });
    expect(order.shipments.map((s: Json) => s.shipmentId).sort()).toEqual([first.body.shipmentId, second.body.shipmentId].sort());
  }, 90_000);

  it("refuses a shipment for someone else's order (404) and one for a cancelled order (409)", async () => {
    await call(shipments, otherSeller, 'PUT', '/sellers/me/logistics-partners/sim-post', { accountNumber: 'SIM-000999' });
    const orderNumber = await placeOrder();
    await ship(orderNumber, { fulfillmentModel: 'PLATFORM', carrierCode: 'sim-post', items: [{ sku: 'BULB', quantity: 1 }] }); // the order is known now
    const stranger = await ship(orderNumber, { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: waybill() }, otherSeller);
    expect(stranger.status).toBe(404);
    expect(JSON.stringify(stranger.body)).not.toContain('Grace');
  }, 60_000);

  it('a cancel racing a ship ends in one consistent state: order cancelled, no live shipment', async () => {
    const orderNumber = await placeOrder();
    // make sure shipment-service knows the order, so the race is real
    await waitFor(async () => (await call(shipments, seller, 'GET', `/orders/${orderNumber}/shipments`)).status, (s) => s === 200, { what: 'order known to shipment-service', timeoutMs: 30_000 });
    const [cancel, shipped] = await Promise.all([
      call(orders, buyer, 'POST', `/orders/${orderNumber}/cancel`, { reason: 'race' }),
      ship(orderNumber, { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: waybill() }),
    ]);
    // either the cancel came first in order-service (200) or the shipment had already made the order partly/fully shipped (409)
    expect([200, 409]).toContain(cancel.status);
    expect([201, 409]).toContain(shipped.status);
    if (cancel.status === 200) {
      // shipment-service hears order.cancelled and cancels what no carrier has scanned
      const settled = await waitFor(
        async () => (await call(shipments, seller, 'GET', `/orders/${orderNumber}/shipments`)).body,
        (b) => (b.items ?? []).every((s: Json) => s.status === 'CANCELLED'),
        { what: 'no live shipment', timeoutMs: 30_000 },
      );
      expect(settled.items.every((s: Json) => s.status === 'CANCELLED')).toBe(true);
      const order = await waitFor(() => orderStatus(orderNumber), (o) => o.shipments.every((s: Json) => s.cancelled), { what: 'order-service sees the cancellations', timeoutMs: 30_000 });
      expect(order.status).toBe('CANCELLED');
      // and a shipment after the cancel is refused
      expect((await ship(orderNumber, { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: waybill() })).status).toBe(409);
    } else {
      const order = await waitFor(() => orderStatus(orderNumber), (o) => o.status === 'SHIPPED', { what: 'SHIPPED', timeoutMs: 30_000 });
      expect(order.shipments.filter((s: Json) => !s.cancelled)).toHaveLength(1);
    }
  }, 90_000);
});
