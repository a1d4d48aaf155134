import { ShipmentCreatedEvent, Topics, TrackingEventNormalizedEvent, type NormalizedTrackingEvent, type ShipmentCreated } from '@parcelstream/contracts';
import { cloudEventMessage, createPlatformDatabase, metricValue, migrateBuiltApp, scrapeMetrics, SseClient, startBuiltApp, TopicRecorder, waitFor, type BuiltService } from '@parcelstream/testing';
import { randomInt, randomUUID } from 'node:crypto';
import { callGateway, testPort, token, TEST_JWT_SECRET } from './support/gateway-client';

const TRACKING_PORT = testPort(60);
const GATEWAY_PORT = testPort(61);
const NOWHERE = 'http://127.0.0.1:9'; // the other services: not needed here

/**
 * `GET /v1/tracking/{n}/stream` through the built gateway in front of a built tracking-service (its own process,
 * database and consumer groups, over the real broker): events pass as they come, Last-Event-ID and the caller
 * are forwarded, and closing travels both ways.
 */
describe('api-gateway live tracking passthrough (built gateway and tracking-service, real Kafka and Postgres)', () => {
  let db: Awaited<ReturnType<typeof createPlatformDatabase>>;
  let tracking: BuiltService | undefined;
  let gateway: BuiltService;
  let recorder: TopicRecorder;
  const open: SseClient[] = [];
  const run = randomUUID().slice(0, 8);

  beforeAll(async () => {
    db = await createPlatformDatabase();
    const env = { DATABASE_URL: db.urls['tracking-service'], KAFKA_BROKERS: process.env.KAFKA_BROKERS!, LOG_LEVEL: 'warn', KAFKA_CONSUMER_START: 'latest', STREAM_HEARTBEAT_MS: '300' };
    migrateBuiltApp('tracking-service', env);
    tracking = await startBuiltApp('tracking-service', TRACKING_PORT, env, { timeoutMs: 60_000 });
    gateway = await startBuiltApp(
      'api-gateway',
      GATEWAY_PORT,
      {
        AUTH_JWT_SECRET: TEST_JWT_SECRET,
        TRACKING_SERVICE_URL: tracking.baseUrl,
        ORDER_SERVICE_URL: NOWHERE,
        SHIPMENT_SERVICE_URL: NOWHERE,
        CARRIER_SYNC_SERVICE_URL: NOWHERE,
        RATE_LIMIT_ANONYMOUS: '100000',
        RATE_LIMIT_AUTHENTICATED: '100000',
        LOG_LEVEL: 'warn',
      },
      { readyPath: '/health/live', portVariable: 'GATEWAY_PORT' },
    );
    recorder = new TopicRecorder();
  }, 120_000);

  afterEach(() => {
    for (const c of open.splice(0)) c.close();
  });

  afterAll(async () => {
    for (const c of open.splice(0)) c.close();
    await Promise.all([gateway?.stop(), tracking?.stop()]);
    await recorder?.close();
    await db?.drop();
  });

  const stream = async (n: string, headers: Record<string, string | undefined> = {}) => {
    const client = await SseClient.open(`${gateway.baseUrl}/v1/tracking/${encodeURIComponent(n)}/stream`, headers);
    open.push(client);
    return client;
  };
  const openStreamsOnTracking = async () => {
    return metricValue(await scrapeMetrics(tracking!.baseUrl), 'tracking_live_streams_open');
  };
  const shipment = (): ShipmentCreated => ({
    shipmentId: randomUUID(),
    orderId: randomUUID(),
    orderNumber: `PS-${run.slice(0, 4).toUpperCase()}-${randomInt(1000, 9999)}-LIVE`.replace(/[^A-Z0-9-]/g, 'X'),
    sellerId: `seller-${run}`,
    buyerId: `buyer-${run}`,
    carrierCode: 'sim-post',
    trackingNumber: `RB${randomInt(100_000_000, 999_999_999)}GB`,
    fulfillmentModel: 'SELLER',
    liability: 'SELLER',
    items: [{ sku: 'MUG-BLUE', quantity: 1 }],
    originCountryCode: 'CN',
    destinationCountryCode: 'DE',
    createdAt: new Date().toISOString(),
  });
  const scan = (s: ShipmentCreated, status: NormalizedTrackingEvent['status'], hoursAgo: number): NormalizedTrackingEvent => ({
    eventId: randomUUID(),
    shipmentId: s.shipmentId,
    carrierCode: 'sim-post',
    trackingNumber: s.trackingNumber!,
    status,
    rawCode: status.slice(0, 3),
    description: status,
    occurredAt: new Date(Date.now() - hoursAgo * 3_600_000).toISOString(),
    location: { city: 'Shenzhen', countryCode: 'CN', facility: 'SZX hub 3' },
    source: 'CARRIER',
    receivedAt: new Date().toISOString(),
  });
  const publish = (...messages: ReturnType<typeof cloudEventMessage>[]) => recorder.publish(messages);
  const created = (s: ShipmentCreated) => cloudEventMessage(Topics.ShipmentEvents, ShipmentCreatedEvent.type, s.shipmentId, s);
  const normalized = (e: NormalizedTrackingEvent) => cloudEventMessage(Topics.NormalizedTrackingEvents, TrackingEventNormalizedEvent.type, e.shipmentId!, e);
  /** through the gateway, as its buyer: shows `events` events once they are applied */
  const applied = async (s: ShipmentCreated, bearer: string, events: number) =>
    waitFor(() => callGateway(gateway.baseUrl, 'GET', `/v1/tracking/${s.trackingNumber}`, { bearer }), (r) => r.status === 200 && r.body.orderNumber === s.orderNumber && r.body.events?.length === events, {
      timeoutMs: 60_000,
      what: `${events} events through the gateway`,
    });

  it('passes events through as they happen with the caller forwarded; a hang-up closes the upstream; Last-Event-ID resumes after it', async () => {
    const s = shipment();
    const buyer = await token({ role: 'buyer' }, s.buyerId);
    await publish(created(s));
    await applied(s, buyer, 0);
    await publish(normalized(scan(s, 'INFO_RECEIVED', 5)));
    await applied(s, buyer, 1);

    const owner = await stream(s.trackingNumber!, { authorization: `Bearer ${buyer}` });
    expect(owner.status).toBe(200);
    expect(owner.contentType).toMatch(/^text\/event-stream/);
    expect(owner.response.headers['x-accel-buffering']).toBe('no');
    await owner.waitForEvents(1, 'the opening view through the gateway');
    expect(owner.views[0]).toMatchObject({ trackingNumber: s.trackingNumber, orderNumber: s.orderNumber, events: [{ location: { facility: 'SZX hub 3' } }] }); // the buyer: full view
    const anonymous = await stream(s.trackingNumber!);
    await anonymous.waitForEvents(1);
    expect(anonymous.views[0].orderNumber).toBeUndefined();
    expect(JSON.stringify(anonymous.views)).not.toContain('SZX hub');
    await waitFor(() => owner.comments.length, (k) => k >= 1, { what: 'heartbeats through the gateway' });
    await waitFor(openStreamsOnTracking, (k) => k === 2, { what: 'two streams open on tracking-service' });

    await publish(normalized(scan(s, 'IN_TRANSIT', 4)));
    await owner.waitForEvents(2, 'the change, live through the gateway');
    expect(owner.ids).toEqual([owner.ids[0], owner.ids[0] + 1]);
    expect(owner.views[1]).toMatchObject({ status: 'IN_TRANSIT', orderNumber: s.orderNumber });
    expect(owner.ended).toBe(false);

    // the client hangs up: the gateway closes its upstream stream
    owner.close();
    anonymous.close();
    await waitFor(openStreamsOnTracking, (k) => k === 0, { what: 'the upstream streams closed' });

    // two changes while away: with Last-Event-ID both, each as it was (without it, only the current view)
    const lastSeen = owner.ids[1];
    await publish(normalized(scan(s, 'OUT_FOR_DELIVERY', 3)));
    await applied(s, buyer, 3);
    await publish(normalized(scan(s, 'DELIVERED', 2)));
    await applied(s, buyer, 4);
    const resumed = await stream(s.trackingNumber!, { authorization: `Bearer ${buyer}`, 'last-event-id': String(lastSeen) });
    await resumed.waitForEvents(2, 'the missed changes');
    await waitFor(() => resumed.comments.length, (k) => k >= 2, { what: 'heartbeats after them' });
    expect(resumed.ids).toEqual([lastSeen + 1, lastSeen + 2]);
    expect(resumed.views.map((v) => [v.status, v.events.length, v.orderNumber])).toEqual([
      ['OUT_FOR_DELIVERY', 3, s.orderNumber],
      ['DELIVERED', 4, s.orderNumber],
    ]);
  });

  it("the service's refusals pass on as problems with the public URL: unknown number 404, bad Last-Event-ID 400", async () => {
    const unknown = await stream('RB000000000XX');
    expect(unknown.status).toBe(404);
    expect(unknown.contentType).toContain('application/problem+json');
    expect(JSON.parse(await unknown.waitForBody())).toMatchObject({ status: 404, instance: '/v1/tracking/RB000000000XX/stream' });
    const bad = await stream('RB000000000XX', { 'last-event-id': 'soon' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(await bad.waitForBody()).detail).toMatch(/Last-Event-ID/);
  });

  it('tracking-service shutting down ends the client stream; then the gateway answers 503', async () => {
    const s = shipment();
    const buyer = await token({ role: 'buyer' }, s.buyerId);
    await publish(created(s));
    await applied(s, buyer, 0);
    const sub = await stream(s.trackingNumber!);
    await sub.waitForEvents(1);
    expect(await tracking!.stop()).toBe(0);
    tracking = undefined;
    await sub.waitForEnd();
    const after = await stream(s.trackingNumber!);
    expect(after.status).toBe(503);
    expect(after.contentType).toContain('application/problem+json');
  });
});
