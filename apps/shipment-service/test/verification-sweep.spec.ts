import { randomUUID } from 'node:crypto';
import { ShipmentVerificationFailedEvent, Topics, TrackingEventNormalizedEvent } from '@parcelstream/contracts';
import { waitFor } from '@parcelstream/testing';
import { FlagUnverifiedShipmentsUseCase } from '../src/shipments/use-cases/flag-unverified-shipments.use-case';
import { cloudEvent, collectEvents } from './support/cloud-events';
import { call, seller } from './support/http-client';
import { orderCreated, placeOrder, randomSellerId, s10Waybill } from './support/order-fixtures';
import { startShipmentService, type ShipmentServiceUnderTest } from './support/shipment-service-app';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A verification window of ~5 s (0.0015 h) and a sweep every 250 ms, so the job runs for real within the test. */
const WINDOW_HOURS = 0.0015;

describe('verification of SELLER-model shipments (real Kafka and Postgres, in-process service)', () => {
  let svc: ShipmentServiceUnderTest;
  let collected: Awaited<ReturnType<typeof collectEvents>>;

  beforeAll(async () => {
    svc = await startShipmentService({ windowHours: WINDOW_HOURS, sweepIntervalMs: 250 });
    collected = await collectEvents(svc.kafka, [Topics.ShipmentEvents]);
  });
  afterAll(async () => {
    await collected?.stop();
    await svc?.close();
  });

  const view = async (sellerId: string, shipmentId: string) => (await call(svc.baseUrl, 'GET', `/shipments/${shipmentId}`, { caller: seller(sellerId) })).body as Json;

  it('flags a never-scanned shipment UNVERIFIED after the window and announces it; scanned, PLATFORM and cancelled ones are not flagged', async () => {
    const sellerId = randomSellerId();
    await call(svc.baseUrl, 'PUT', '/sellers/me/logistics-partners/sim-post', { caller: seller(sellerId), body: { accountNumber: 'SIM-000123' } });
    const order = await placeOrder(svc.kafka, svc.db, orderCreated(sellerId, { 'SKU-A': 4 }));
    const ship = async (body: Json) =>
      (await call(svc.baseUrl, 'POST', `/orders/${order.orderNumber}/shipments`, { caller: seller(sellerId), body: { items: [{ sku: 'SKU-A', quantity: 1 }], ...body } })).body as Json;
    const unscanned = await ship({ fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: s10Waybill() });
    const scannedWaybill = s10Waybill();
    const scanned = await ship({ fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: scannedWaybill });
    const platform = await ship({ fulfillmentModel: 'PLATFORM', carrierCode: 'sim-post' });
    const cancelled = await ship({ fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: s10Waybill() });
    expect((await call(svc.baseUrl, 'POST', `/shipments/${cancelled.shipmentId}/cancel`, { caller: seller(sellerId), body: {} })).status).toBe(200);

    // the carrier scans one of them within the window (matched by carrier and number, without a shipment id)
    await svc.kafka.publish([
      cloudEvent(TrackingEventNormalizedEvent, `sim-post:${scannedWaybill}`, {
        eventId: `sim-post:${randomUUID()}`,
        carrierCode: 'sim-post',
        trackingNumber: scannedWaybill,
        status: 'IN_TRANSIT',
        substatus: 'IN_TRANSIT.PICKED_UP',
        rawCode: 'PU',
        description: 'Picked up',
        occurredAt: new Date().toISOString(),
        source: 'CARRIER',
        receivedAt: new Date().toISOString(),
      }),
    ]);
    expect(await waitFor(() => view(sellerId, scanned.shipmentId), (v) => v.verificationStatus !== 'PENDING', { what: 'the scan' })).toMatchObject({
      verificationStatus: 'VERIFIED',
      status: 'IN_TRANSIT',
    });

    const flagged = await waitFor(() => view(sellerId, unscanned.shipmentId), (v) => v.verificationStatus === 'UNVERIFIED', { what: 'UNVERIFIED', timeoutMs: 20_000 });
    expect(flagged).toMatchObject({ status: 'AWAITING_PICKUP', firstScanAt: null });
    const [event] = await waitFor(() => collected.of(ShipmentVerificationFailedEvent, (p) => p.shipmentId === unscanned.shipmentId), (e) => e.length > 0, {
      what: 'shipment.verification-failed',
    });
    expect(event.key).toBe(unscanned.shipmentId);
    expect(event.payload).toEqual({ shipmentId: unscanned.shipmentId, orderId: order.orderId, sellerId, windowEndedAt: expect.any(String) });
    expect(Date.parse(event.payload.windowEndedAt) - Date.parse(unscanned.createdAt)).toBe(Math.round(WINDOW_HOURS * 3_600_000));

    await new Promise((r) => setTimeout(r, 750)); // a few more sweeps
    expect((await view(sellerId, scanned.shipmentId)).verificationStatus).toBe('VERIFIED');
    expect((await view(sellerId, platform.shipmentId)).verificationStatus).toBe('NOT_REQUIRED');
    expect((await view(sellerId, cancelled.shipmentId)).verificationStatus).toBe('PENDING');
    expect(collected.of(ShipmentVerificationFailedEvent, (p) => p.orderId === order.orderId).map((e) => e.payload.shipmentId)).toEqual([unscanned.shipmentId]);

    // a scan that arrives late still verifies the parcel (the flag's time stays on record)
    await svc.kafka.publish([
      cloudEvent(TrackingEventNormalizedEvent, unscanned.shipmentId, {
        eventId: `sim-post:${randomUUID()}`,
        shipmentId: unscanned.shipmentId,
        carrierCode: 'sim-post',
        trackingNumber: unscanned.trackingNumber,
        status: 'EXCEPTION',
        rawCode: 'DMG',
        description: 'Damaged at the hub',
        occurredAt: new Date().toISOString(),
        source: 'CARRIER',
        receivedAt: new Date().toISOString(),
      }),
    ]);
    expect(await waitFor(() => view(sellerId, unscanned.shipmentId), (v) => v.verificationStatus === 'VERIFIED', { what: 'the late scan' })).toMatchObject({
      status: 'IN_TRANSIT',
      firstScanAt: expect.any(String),
    });
  });

  it('several sweeps at once (replicas) flag each overdue shipment exactly once', async () => {
    const sellerId = randomSellerId();
    await call(svc.baseUrl, 'PUT', '/sellers/me/logistics-partners/sim-post', { caller: seller(sellerId), body: { accountNumber: 'SIM-000123' } });
    const order = await placeOrder(svc.kafka, svc.db, orderCreated(sellerId, { 'SKU-A': 12 }));
    const shipmentIds: string[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await call(svc.baseUrl, 'POST', `/orders/${order.orderNumber}/shipments`, {
        caller: seller(sellerId),
        body: { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: s10Waybill(), items: [{ sku: 'SKU-A', quantity: 1 }] },
      });
      shipmentIds.push(res.body.shipmentId as string);
    }
    // age them past the window, then race three sweeps (small batches) against the running job
    await svc.db.query(`UPDATE shipments.shipments SET created_at = created_at - interval '1 hour' WHERE order_id = $1`, [order.orderId]);
    const flagUnverified = svc.app.get(FlagUnverifiedShipmentsUseCase);
    await Promise.all([1, 2, 3].map(() => flagUnverified.execute({ windowHours: WINDOW_HOURS, batchSize: 2 })));

    const rows = (await svc.db.query(`SELECT verification_status FROM shipments.shipments WHERE order_id = $1`, [order.orderId])) as Json[];
    expect(rows.map((r) => r.verification_status)).toEqual(Array(12).fill('UNVERIFIED'));
    const events = await waitFor(() => collected.of(ShipmentVerificationFailedEvent, (p) => p.orderId === order.orderId), (e) => e.length >= 12, {
      what: 'twelve verification-failed events',
    });
    await new Promise((r) => setTimeout(r, 750));
    expect(collected.of(ShipmentVerificationFailedEvent, (p) => p.orderId === order.orderId)).toHaveLength(12);
    expect(new Set(events.map((e) => e.payload.shipmentId))).toEqual(new Set(shipmentIds));
  });
});
