import { randomUUID } from 'node:crypto';
import {
  CarrierRegistrationFailedEvent,
  CarrierWaybillAssignedEvent,
  OrderCancelledEvent,
  OrderCreatedEvent,
  ShipmentCancelledEvent,
  ShipmentCreatedEvent,
  ShipmentWaybillAssignedEvent,
  Topics,
  TrackingEventNormalizedEvent,
  type NormalizedTrackingEvent,
  type OrderCreated,
} from '@parcelstream/contracts';
import { waitFor } from '@parcelstream/testing';
import { cloudEvent, collectEvents } from './support/cloud-events';
import { buyer, call, ops, seller } from './support/http-client';
import { orderCreated, placeOrder, randomOrderNumber, randomSellerId, s10Waybill } from './support/order-fixtures';
import { startShipmentService, type ShipmentServiceUnderTest } from './support/shipment-service-app';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('shipments (real Kafka and Postgres, in-process service)', () => {
  let svc: ShipmentServiceUnderTest;
  let collected: Awaited<ReturnType<typeof collectEvents>>;

  beforeAll(async () => {
    svc = await startShipmentService();
    collected = await collectEvents(svc.kafka, [Topics.ShipmentEvents, Topics.NormalizedTrackingEvents]);
  });
  afterAll(async () => {
    await collected?.stop();
    await svc?.close();
  });

  const ship = (sellerId: string, orderNumber: string, body: unknown, headers?: Record<string, string>) =>
    call(svc.baseUrl, 'POST', `/orders/${orderNumber}/shipments`, { caller: seller(sellerId), body, headers });

  /** A seller with sim-post bound. */
  async function sellerWithSimPost(): Promise<string> {
    const sellerId = randomSellerId();
    expect((await call(svc.baseUrl, 'PUT', '/sellers/me/logistics-partners/sim-post', { caller: seller(sellerId), body: { accountNumber: 'SIM-000123' } })).status).toBe(200);
    return sellerId;
  }

  async function knownOrder(sellerId: string, items: Record<string, number>): Promise<OrderCreated> {
    return placeOrder(svc.kafka, svc.db, orderCreated(sellerId, items));
  }

  const shipmentRow = async (shipmentId: string) =>
    ((await svc.db.query(`SELECT status, first_scan_at, verification_status, tracking_number FROM shipments.shipments WHERE shipment_id = $1`, [shipmentId])) as Json[])[0];

  const carrierScan = (shipmentId: string, trackingNumber: string, status: NormalizedTrackingEvent['status'], occurredAt: string): NormalizedTrackingEvent => ({
    eventId: `sim-post:${randomUUID()}`,
    shipmentId,
    carrierCode: 'sim-post',
    trackingNumber,
    status,
    rawCode: status === 'IN_TRANSIT' ? 'PU' : 'LBL',
    description: 'scan',
    occurredAt,
    source: 'CARRIER',
    receivedAt: new Date().toISOString(),
  });

  it('ships a whole order (SELLER model) and announces shipment.created; its seller, buyer and ops see it, nobody else', async () => {
    const sellerId = await sellerWithSimPost();
    const order = await knownOrder(sellerId, { 'SKU-A': 2, 'SKU-B': 1 });
    const waybill = s10Waybill();

    const res = await ship(sellerId, order.orderNumber, { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: waybill.toLowerCase() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      orderNumber: order.orderNumber,
      orderId: order.orderId,
      trackingNumber: waybill,
      status: 'AWAITING_PICKUP',
      fulfillmentModel: 'SELLER',
      liability: 'SELLER',
      verificationStatus: 'PENDING',
      carrierCode: 'sim-post',
      firstScanAt: null,
      items: [{ sku: 'SKU-A', quantity: 2 }, { sku: 'SKU-B', quantity: 1 }],
    });
    const { shipmentId } = res.body as { shipmentId: string };

    for (const caller of [seller(sellerId), buyer(order.buyerId), ops()]) {
      expect((await call(svc.baseUrl, 'GET', `/shipments/${shipmentId}`, { caller })).body).toEqual(res.body);
    }
    for (const caller of [seller(randomSellerId()), buyer('someone-else')]) {
      const hidden = await call(svc.baseUrl, 'GET', `/shipments/${shipmentId}`, { caller });
      expect(hidden.status).toBe(404);
      expect(hidden.contentType).toContain('application/problem+json');
      expect((await call(svc.baseUrl, 'GET', `/orders/${order.orderNumber}/shipments`, { caller })).status).toBe(404);
    }
    expect((await call(svc.baseUrl, 'GET', `/shipments/not-a-uuid`, { caller: ops() })).status).toBe(404);
    expect((await call(svc.baseUrl, 'GET', `/orders/${order.orderNumber}/shipments`, { caller: buyer(order.buyerId) })).body).toEqual({ items: [res.body] });

    const [created] = await waitFor(() => collected.of(ShipmentCreatedEvent, (p) => p.shipmentId === shipmentId), (e) => e.length > 0, { what: 'shipment.created' });
    expect(created.key).toBe(shipmentId);
    expect(created.payload).toMatchObject({
      orderId: order.orderId,
      orderNumber: order.orderNumber,
      sellerId,
      buyerId: order.buyerId,
      trackingNumber: waybill,
      fulfillmentModel: 'SELLER',
      liability: 'SELLER',
      originCountryCode: 'CN',
      destinationCountryCode: 'DE',
      items: [{ sku: 'SKU-A', quantity: 2 }, { sku: 'SKU-B', quantity: 1 }],
    });

    const again = await ship(sellerId, order.orderNumber, { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: s10Waybill() });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ title: 'Nothing left to ship', type: 'urn:parcelstream:problem:nothing-left-to-ship' });
  });

  it('ships in several packages; more than is unshipped, or an unknown sku, is a 422 naming the sku; a cancelled package frees its items', async () => {
    const sellerId = await sellerWithSimPost();
    const order = await knownOrder(sellerId, { 'SKU-A': 3, 'SKU-B': 1 });
    const first = await ship(sellerId, order.orderNumber, { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: s10Waybill(), items: [{ sku: 'SKU-A', quantity: 2 }] });
    expect(first.status).toBe(201);
    expect(first.body.items).toEqual([{ sku: 'SKU-A', quantity: 2 }]);

    const over = await ship(sellerId, order.orderNumber, { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: s10Waybill(), items: [{ sku: 'SKU-A', quantity: 2 }] });
    expect(over.status).toBe(422);
    expect(over.contentType).toContain('application/problem+json');
    expect(over.body.errors).toEqual([{ field: 'items.0.quantity', message: 'only 1 of sku SKU-A is left unshipped (asked 2)' }]);
    expect(over.body.detail).toContain('SKU-A');

    const unknown = await ship(sellerId, order.orderNumber, { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: s10Waybill(), items: [{ sku: 'SKU-Z', quantity: 1 }] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([{ field: 'items.0.sku', message: 'the order has no sku SKU-Z' }]);

    const rest = await ship(sellerId, order.orderNumber, { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: s10Waybill() });
    expect(rest.status).toBe(201);
    expect(rest.body.items).toEqual([{ sku: 'SKU-A', quantity: 1 }, { sku: 'SKU-B', quantity: 1 }]);
    expect((await ship(sellerId, order.orderNumber, { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: s10Waybill() })).status).toBe(409);

    expect((await call(svc.baseUrl, 'POST', `/shipments/${first.body.shipmentId}/cancel`, { caller: seller(sellerId), body: {} })).status).toBe(200);
    const reshipped = await ship(sellerId, order.orderNumber, { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: s10Waybill() });
    expect(reshipped.status).toBe(201);
    expect(reshipped.body.items).toEqual([{ sku: 'SKU-A', quantity: 2 }]);
    const list = await call(svc.baseUrl, 'GET', `/orders/${order.orderNumber}/shipments`, { caller: seller(sellerId) });
    expect(list.body.items.map((s: Json) => s.status)).toEqual(['CANCELLED', 'AWAITING_PICKUP', 'AWAITING_PICKUP']);

    // concurrent shipments of one order serialise on it: the remaining items ship once
    const another = await knownOrder(sellerId, { 'SKU-A': 2 });
    const racing = await Promise.all([1, 2, 3].map(() => ship(sellerId, another.orderNumber, { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: s10Waybill() })));
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409, 409]);
  });

  it("refuses a shipment for someone else's order, or an unknown one, with 404 (not 403)", async () => {
    const owner = await sellerWithSimPost();
    const intruder = await sellerWithSimPost();
    const order = await knownOrder(owner, { 'SKU-A': 1 });
    for (const orderNumber of [order.orderNumber, randomOrderNumber()]) {
      const res = await ship(intruder, orderNumber, { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: s10Waybill() });
      expect(res.status).toBe(404);
      expect(res.contentType).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 404, title: 'Order not found', detail: `No order ${orderNumber}.` });
    }
    const asBuyer = await call(svc.baseUrl, 'POST', `/orders/${order.orderNumber}/shipments`, { caller: buyer(order.buyerId), body: { fulfillmentModel: 'PLATFORM', carrierCode: 'sim-post' } });
    expect(asBuyer.status).toBe(403);
    expect((await ship(owner, order.orderNumber, { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: s10Waybill() })).status).toBe(201);
  });

  it('refuses bad shipment requests: waybill rules, carrier rules, a waybill already in use', async () => {
    const sellerId = await sellerWithSimPost();
    const order = await knownOrder(sellerId, { 'SKU-A': 5 });
    const one = [{ sku: 'SKU-A', quantity: 1 }];
    const attempt = (body: Json) => ship(sellerId, order.orderNumber, { items: one, ...body });

    expect(await attempt({ fulfillmentModel: 'SELLER', carrierCode: 'sim-post' })).toMatchObject({ status: 400, body: { title: 'Tracking number required' } });
    expect(await attempt({ fulfillmentModel: 'PLATFORM', carrierCode: 'sim-post', trackingNumber: s10Waybill() })).toMatchObject({
      status: 400,
      body: { title: 'Tracking number not allowed', errors: [{ field: 'trackingNumber' }] },
    });
    const good = s10Waybill();
    const badCheckDigit = `${good.slice(0, 10)}${(Number(good[10]) + 1) % 10}${good.slice(11)}`;
    expect(await attempt({ fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: badCheckDigit })).toMatchObject({
      status: 422,
      body: { title: 'Invalid tracking number', errors: [{ field: 'trackingNumber', message: expect.stringMatching(/check digit/) }] },
    });
    expect(await attempt({ fulfillmentModel: 'SELLER', carrierCode: 'sim-track', trackingNumber: 'ST00000000017' })).toMatchObject({ status: 422, body: { title: 'Carrier not bound' } });
    expect(await attempt({ fulfillmentModel: 'PLATFORM', carrierCode: 'ups' })).toMatchObject({ status: 422, body: { title: 'Carrier not contracted by the platform' } });
    expect(await attempt({ fulfillmentModel: 'SELLER', carrierCode: 'no-such', trackingNumber: good })).toMatchObject({ status: 422, body: { title: 'Unknown carrier' } });
    expect(await attempt({ fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: good, parcelWeight: 2 })).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'parcelWeight', message: 'property parcelWeight should not exist' }] },
    });
    expect(await attempt({ fulfillmentModel: 'BY_DRONE', carrierCode: 'sim-post' })).toMatchObject({ status: 400, body: { errors: [{ field: 'fulfillmentModel' }] } });
    expect(await attempt({ fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: good, items: [{ sku: 'SKU-A', quantity: 0 }] })).toMatchObject({ status: 400 });

    // the same (carrier, number) cannot belong to two live shipments, even on another order
    expect((await attempt({ fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: good })).status).toBe(201);
    const otherOrder = await knownOrder(sellerId, { 'SKU-A': 1 });
    const reused = await ship(sellerId, otherOrder.orderNumber, { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: good });
    expect(reused).toMatchObject({ status: 409, body: { title: 'Tracking number already in use' } });

    // two concurrent requests with one new waybill: exactly one wins
    const contested = s10Waybill();
    const results = await Promise.all([1, 2, 3].map(() => attempt({ fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: contested })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);

    // unbinding the carrier keeps existing shipments, refuses new ones
    const before = await call(svc.baseUrl, 'GET', `/orders/${order.orderNumber}/shipments`, { caller: seller(sellerId) });
    expect((await call(svc.baseUrl, 'DELETE', '/sellers/me/logistics-partners/sim-post', { caller: seller(sellerId) })).status).toBe(204);
    expect(await attempt({ fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: s10Waybill() })).toMatchObject({ status: 422, body: { title: 'Carrier not bound' } });
    expect((await call(svc.baseUrl, 'GET', `/orders/${order.orderNumber}/shipments`, { caller: seller(sellerId) })).body).toEqual(before.body);
  });

  it('PLATFORM model: AWAITING_WAYBILL until carrier-sync assigns the waybill, then shipment.waybill-assigned, once', async () => {
    const sellerId = randomSellerId(); // PLATFORM needs no binding
    const order = await knownOrder(sellerId, { 'SKU-A': 1 });
    const res = await ship(sellerId, order.orderNumber, { fulfillmentModel: 'PLATFORM', carrierCode: 'sim-post' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ trackingNumber: null, status: 'AWAITING_WAYBILL', fulfillmentModel: 'PLATFORM', liability: 'PLATFORM', verificationStatus: 'NOT_REQUIRED' });
    const { shipmentId } = res.body;
    await waitFor(() => collected.of(ShipmentCreatedEvent, (p) => p.shipmentId === shipmentId), (e) => e.length === 1, { what: 'shipment.created' });

    const waybill = s10Waybill();
    const assigned = cloudEvent(CarrierWaybillAssignedEvent, shipmentId, { shipmentId, carrierCode: 'sim-post', trackingNumber: waybill, assignedAt: new Date().toISOString() });
    await svc.kafka.publish([assigned, assigned]); // the same event twice (a redelivery)
    const view = await waitFor(
      async () => (await call(svc.baseUrl, 'GET', `/shipments/${shipmentId}`, { caller: seller(sellerId) })).body,
      (v: Json) => v.trackingNumber !== null,
      { what: 'the waybill' },
    );
    expect(view).toMatchObject({ trackingNumber: waybill, status: 'AWAITING_PICKUP', waybillAssignedAt: expect.any(String) });

    // a later assignment with another number (another event id) changes nothing either
    await svc.kafka.publish([cloudEvent(CarrierWaybillAssignedEvent, shipmentId, { shipmentId, carrierCode: 'sim-post', trackingNumber: s10Waybill(), assignedAt: new Date().toISOString() })]);
    await svc.kafka.publish([
      cloudEvent(CarrierRegistrationFailedEvent, shipmentId, { shipmentId, carrierCode: 'sim-post', reason: 'carrier timeout', failedAt: new Date().toISOString() }),
    ]);
    await waitFor(
      async () => (await call(svc.baseUrl, 'GET', `/shipments/${shipmentId}`, { caller: seller(sellerId) })).body,
      (v: Json) => v.carrierRegistration.status === 'FAILED',
      { what: 'the registration outcome' },
    );
    await new Promise((r) => setTimeout(r, 500));
    expect((await shipmentRow(shipmentId)).tracking_number).toBe(waybill);
    const events = collected.of(ShipmentWaybillAssignedEvent, (p) => p.shipmentId === shipmentId);
    expect(events.map((e) => e.payload)).toEqual([{ shipmentId, orderId: order.orderId, carrierCode: 'sim-post', trackingNumber: waybill, assignedAt: expect.any(String) }]);
    expect(events[0].key).toBe(shipmentId);
  });

  it('honours Idempotency-Key: the same request gives the same 201 (one shipment, one event); another body with that key is a 409', async () => {
    const sellerId = await sellerWithSimPost();
    const order = await knownOrder(sellerId, { 'SKU-A': 4 });
    const key = randomUUID();
    const body = { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: s10Waybill(), items: [{ sku: 'SKU-A', quantity: 1 }] };

    const first = await ship(sellerId, order.orderNumber, body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const retries = await Promise.all([1, 2, 3].map(() => ship(sellerId, order.orderNumber, { ...body }, { 'idempotency-key': key })));
    for (const retry of retries) {
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
    }
    const conflicting = await ship(sellerId, order.orderNumber, { ...body, items: [{ sku: 'SKU-A', quantity: 2 }] }, { 'idempotency-key': key });
    expect(conflicting).toMatchObject({ status: 409, body: { title: 'Idempotency-Key reused' } });
    // the key belongs to this seller: another seller's key space is its own
    expect((await ship(randomSellerId(), order.orderNumber, body, { 'idempotency-key': key })).status).toBe(404);

    // two first requests racing with one key: one shipment
    const raceKey = randomUUID();
    const raceBody = { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: s10Waybill(), items: [{ sku: 'SKU-A', quantity: 1 }] };
    const raced = await Promise.all([1, 2, 3].map(() => ship(sellerId, order.orderNumber, raceBody, { 'idempotency-key': raceKey })));
    expect(raced.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(raced.map((r) => r.body.shipmentId)).size).toBe(1);

    const rows = (await svc.db.query(`SELECT shipment_id FROM shipments.shipments WHERE order_id = $1`, [order.orderId])) as Json[];
    expect(rows.map((r) => r.shipment_id).sort()).toEqual([first.body.shipmentId, raced[0].body.shipmentId].sort());
    await new Promise((r) => setTimeout(r, 1000));
    expect(collected.of(ShipmentCreatedEvent, (p) => p.orderId === order.orderId).map((e) => e.payload.shipmentId).sort()).toEqual(
      [first.body.shipmentId, raced[0].body.shipmentId].sort(),
    );
    expect((await ship(sellerId, order.orderNumber, body, { 'idempotency-key': 'not a valid key' })).status).toBe(400);
  });

  it('redelivered events change nothing: order.created, order.cancelled and waybill assignments applied once', async () => {
    const sellerId = await sellerWithSimPost();
    const order = orderCreated(sellerId, { 'SKU-A': 2 });
    const createdEventId = randomUUID();
    await placeOrder(svc.kafka, svc.db, order, createdEventId);
    const shipped = await ship(sellerId, order.orderNumber, { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: s10Waybill(), items: [{ sku: 'SKU-A', quantity: 1 }] });
    expect(shipped.status).toBe(201);

    // the same order.created again (same ce_id), and a replay with a new id and other items
    await svc.kafka.publish([
      cloudEvent(OrderCreatedEvent, order.orderId, order, createdEventId),
      cloudEvent(OrderCreatedEvent, order.orderId, { ...order, items: [{ sku: 'SKU-A', quantity: 9 }] }),
    ]);
    const cancelledEventId = randomUUID();
    const cancelled = cloudEvent(OrderCancelledEvent, order.orderId, { orderId: order.orderId, orderNumber: order.orderNumber, cancelledBy: 'SELLER', cancelledAt: new Date().toISOString() }, cancelledEventId);
    await svc.kafka.publish([cancelled, cancelled]);
    await waitFor(() => shipmentRow(shipped.body.shipmentId), (r) => r.status === 'CANCELLED', { what: 'the shipment cancelled by order.cancelled' });
    await svc.kafka.publish([cancelled]);
    await svc.kafka.publish([cloudEvent(OrderCreatedEvent, order.orderId, order, createdEventId)]);
    await new Promise((r) => setTimeout(r, 1000));

    expect(await svc.db.query(`SELECT sku, quantity FROM shipments.known_order_lines WHERE order_id = $1`, [order.orderId])).toEqual([{ sku: 'SKU-A', quantity: 2 }]);
    const inbox = (await svc.db.query(`SELECT count(*)::int AS n FROM shipments.inbox WHERE event_id = ANY($1)`, [[createdEventId, cancelledEventId]])) as Json[];
    expect(inbox[0].n).toBe(2);
    expect(collected.of(ShipmentCancelledEvent, (p) => p.shipmentId === shipped.body.shipmentId)).toHaveLength(1);
    // still cancelled: a redelivered order.created does not revive the order
    expect((await ship(sellerId, order.orderNumber, { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: s10Waybill() })).status).toBe(409);
  });

  it('an order.cancelled that arrives before its order.created keeps the order cancelled', async () => {
    const sellerId = await sellerWithSimPost();
    const order = orderCreated(sellerId, { 'SKU-A': 1 });
    await svc.kafka.publish([
      cloudEvent(OrderCancelledEvent, order.orderId, { orderId: order.orderId, orderNumber: order.orderNumber, cancelledBy: 'BUYER', cancelledAt: new Date().toISOString() }),
    ]);
    await placeOrder(svc.kafka, svc.db, order);
    expect(await ship(sellerId, order.orderNumber, { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: s10Waybill() })).toMatchObject({
      status: 409,
      body: { title: 'Order cancelled' },
    });
    expect((await call(svc.baseUrl, 'GET', `/orders/${order.orderNumber}/shipments`, { caller: buyer(order.buyerId) })).body).toEqual({ items: [] });
  });

  it('cancel vs ship races end consistently: the order cancelled and no live shipment; shipping after the cancel is a 409', async () => {
    const sellerId = await sellerWithSimPost();
    const orders = await Promise.all(Array.from({ length: 6 }, () => knownOrder(sellerId, { 'SKU-A': 1 })));
    const outcomes = await Promise.all(
      orders.map(async (order, i) => {
        const cancel = svc.kafka.publish([
          cloudEvent(OrderCancelledEvent, order.orderId, { orderId: order.orderId, orderNumber: order.orderNumber, cancelledBy: 'BUYER', cancelledAt: new Date().toISOString() }),
        ]);
        await new Promise((r) => setTimeout(r, i * 15)); // spread the interleavings
        const [shipped] = await Promise.all([ship(sellerId, order.orderNumber, { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: s10Waybill() }), cancel]);
        return { order, shipped };
      }),
    );
    for (const { order, shipped } of outcomes) {
      expect([201, 409]).toContain(shipped.status);
      await waitFor(
        async () => (await svc.db.query(`SELECT cancelled_at FROM shipments.known_orders WHERE order_id = $1`, [order.orderId])) as Json[],
        (rows) => rows[0]?.cancelled_at != null,
        { what: 'the order cancelled' },
      );
      const live = await waitFor(
        async () => (await svc.db.query(`SELECT shipment_id FROM shipments.shipments WHERE order_id = $1 AND status <> 'CANCELLED'`, [order.orderId])) as Json[],
        (rows) => rows.length === 0,
        { what: 'no live shipment' },
      );
      expect(live).toEqual([]);
      if (shipped.status === 201) {
        await waitFor(() => collected.of(ShipmentCancelledEvent, (p) => p.shipmentId === shipped.body.shipmentId), (e) => e.length === 1, { what: 'shipment.cancelled' });
      }
      const late = await ship(sellerId, order.orderNumber, { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: s10Waybill() });
      expect(late).toMatchObject({ status: 409, body: { title: 'Order cancelled' } });
    }
  });

  it('cancel: before the first carrier scan (idempotent, announced once); after it, 409; the scan moves it IN_TRANSIT and verifies it', async () => {
    const sellerId = await sellerWithSimPost();
    const order = await knownOrder(sellerId, { 'SKU-A': 2 });
    const early = await ship(sellerId, order.orderNumber, { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: s10Waybill(), items: [{ sku: 'SKU-A', quantity: 1 }] });
    const cancelPath = `/shipments/${early.body.shipmentId}/cancel`;
    expect((await call(svc.baseUrl, 'POST', cancelPath, { caller: seller(randomSellerId()), body: {} })).status).toBe(404);
    const cancelled = await call(svc.baseUrl, 'POST', cancelPath, { caller: seller(sellerId), body: { reason: 'packed the wrong colour' } });
    expect(cancelled).toMatchObject({ status: 200, body: { status: 'CANCELLED', cancellationReason: 'packed the wrong colour', cancelledAt: expect.any(String) } });
    expect((await call(svc.baseUrl, 'POST', cancelPath, { caller: seller(sellerId) })).body).toEqual(cancelled.body);

    const waybill = s10Waybill();
    const scanned = await ship(sellerId, order.orderNumber, { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: waybill, items: [{ sku: 'SKU-A', quantity: 1 }] });
    const shipmentId = scanned.body.shipmentId as string;
    // label data, a seller update and an unmapped code are no scans; the physical scan (later in time) is
    await svc.kafka.publish([
      cloudEvent(TrackingEventNormalizedEvent, shipmentId, carrierScan(shipmentId, waybill, 'INFO_RECEIVED', '2025-11-26T08:00:00+08:00')),
      cloudEvent(TrackingEventNormalizedEvent, shipmentId, { ...carrierScan(shipmentId, waybill, 'IN_TRANSIT', '2025-11-26T08:30:00+08:00'), source: 'SELLER' }),
      cloudEvent(TrackingEventNormalizedEvent, shipmentId, carrierScan(shipmentId, waybill, 'UNKNOWN', '2025-11-26T08:45:00+08:00')),
      cloudEvent(TrackingEventNormalizedEvent, shipmentId, carrierScan(shipmentId, waybill, 'IN_TRANSIT', '2025-11-26T09:00:00+08:00')),
    ]);
    const view = await waitFor(
      async () => (await call(svc.baseUrl, 'GET', `/shipments/${shipmentId}`, { caller: seller(sellerId) })).body,
      (v: Json) => v.firstScanAt !== null,
      { what: 'the first scan' },
    );
    expect(view).toMatchObject({ status: 'IN_TRANSIT', verificationStatus: 'VERIFIED', firstScanAt: '2025-11-26T01:00:00.000Z' });
    const refused = await call(svc.baseUrl, 'POST', `/shipments/${shipmentId}/cancel`, { caller: seller(sellerId), body: {} });
    expect(refused).toMatchObject({ status: 409, body: { title: 'Shipment already scanned by the carrier' } });
    expect(refused.contentType).toContain('application/problem+json');

    // an order.cancelled now leaves the scanned parcel alone
    await svc.kafka.publish([
      cloudEvent(OrderCancelledEvent, order.orderId, { orderId: order.orderId, orderNumber: order.orderNumber, cancelledBy: 'OPS', cancelledAt: new Date().toISOString() }),
    ]);
    await waitFor(
      async () => (await svc.db.query(`SELECT cancelled_at FROM shipments.known_orders WHERE order_id = $1`, [order.orderId])) as Json[],
      (rows) => rows[0]?.cancelled_at != null,
      { what: 'the order cancelled' },
    );
    expect((await shipmentRow(shipmentId)).status).toBe('IN_TRANSIT');
    await new Promise((r) => setTimeout(r, 500));
    expect(collected.of(ShipmentCancelledEvent, (p) => p.shipmentId === early.body.shipmentId)).toHaveLength(1);
  });

  it('a manual seller update of a SELLER-model shipment lands on carrier.tracking-events.normalized.v1 with source SELLER', async () => {
    const sellerId = await sellerWithSimPost();
    const order = await knownOrder(sellerId, { 'SKU-A': 1, 'SKU-B': 1 });
    const waybill = s10Waybill();
    const own = await ship(sellerId, order.orderNumber, { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: waybill, items: [{ sku: 'SKU-A', quantity: 1 }] });
    const shipmentId = own.body.shipmentId as string;
    const update = {
      status: 'IN_TRANSIT',
      substatus: 'IN_TRANSIT.PICKED_UP',
      description: 'Handed to the courier at our warehouse',
      occurredAt: '2025-11-26T09:30:00+08:00',
      location: { city: 'Shenzhen', region: 'Guangdong', countryCode: 'CN' },
    };
    const key = randomUUID();
    const posted = await call(svc.baseUrl, 'POST', `/shipments/${shipmentId}/events`, { caller: seller(sellerId), body: update, headers: { 'idempotency-key': key } });
    expect(posted.status).toBe(202);
    expect(posted.body.eventId).toMatch(/^seller:[0-9a-f-]{36}$/);
    expect((await call(svc.baseUrl, 'POST', `/shipments/${shipmentId}/events`, { caller: seller(sellerId), body: update, headers: { 'idempotency-key': key } })).body).toEqual(posted.body);

    const [event] = await waitFor(
      () => collected.of(TrackingEventNormalizedEvent, (p) => p.eventId === posted.body.eventId),
      (e) => e.length > 0,
      { what: 'the seller update on the normalised topic' },
    );
    expect(event.key).toBe(shipmentId);
    expect(event.topic).toBe('carrier.tracking-events.normalized.v1');
    expect(event.payload).toEqual({
      eventId: posted.body.eventId,
      shipmentId,
      carrierCode: 'sim-post',
      trackingNumber: waybill,
      status: 'IN_TRANSIT',
      substatus: 'IN_TRANSIT.PICKED_UP',
      rawCode: 'SELLER_UPDATE',
      description: update.description,
      occurredAt: update.occurredAt,
      location: update.location,
      source: 'SELLER',
      receivedAt: expect.any(String),
    });
    // it is not a carrier scan: the shipment is still waiting for pickup and cancellable
    await new Promise((r) => setTimeout(r, 500));
    expect(await shipmentRow(shipmentId)).toMatchObject({ status: 'AWAITING_PICKUP', first_scan_at: null, verification_status: 'PENDING' });
    expect(collected.of(TrackingEventNormalizedEvent, (p) => p.shipmentId === shipmentId)).toHaveLength(1);

    const post = (id: string, body: Json, caller = seller(sellerId)) => call(svc.baseUrl, 'POST', `/shipments/${id}/events`, { caller, body });
    expect(await post(shipmentId, { ...update, status: 'UNKNOWN' })).toMatchObject({ status: 400, body: { errors: [{ field: 'status' }] } });
    expect(await post(shipmentId, { ...update, occurredAt: '2025-11-26T09:30:00' })).toMatchObject({ status: 400, body: { errors: [{ field: 'occurredAt' }] } });
    expect(await post(shipmentId, { ...update, substatus: 'DELIVERED.SIGNED' })).toMatchObject({ status: 422, body: { errors: [{ field: 'substatus' }] } });
    expect((await post(shipmentId, update, seller(randomSellerId()))).status).toBe(404);
    expect((await post(shipmentId, update, buyer(order.buyerId))).status).toBe(403);

    const platform = await ship(sellerId, order.orderNumber, { fulfillmentModel: 'PLATFORM', carrierCode: 'sim-post', items: [{ sku: 'SKU-B', quantity: 1 }] });
    expect(await post(platform.body.shipmentId, update)).toMatchObject({ status: 409, body: { title: 'Not a SELLER-model shipment' } });
  });
});
