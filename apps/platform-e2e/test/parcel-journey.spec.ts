import { composeS10 } from '@parcelstream/carriers';
import { startBuiltApp, waitFor, type BuiltService } from '@parcelstream/testing';
import { randomInt, randomUUID } from 'node:crypto';
import { PlatformUnderTest, type Json } from './support/platform';

const BASE = 13560; // gateway 13560, services 13561–13564, simulator 13569

interface SseEvent {
  id?: string;
  event?: string;
  data: string;
}

/** Reads a Server-Sent Events stream until stopped, collecting its events. */
function openStream(url: string, headers: Record<string, string>) {
  const events: SseEvent[] = [];
  const abort = new AbortController();
  const done = (async () => {
    const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
    if (res.status !== 200) throw new Error(`stream ${url}: ${res.status} ${await res.text()}`);
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const e: SseEvent = { data: '' };
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) continue; // heartbeat
          const [field, ...rest] = line.split(':');
          const value = rest.join(':').replace(/^ /, '');
          if (field === 'id') e.id = value;
          else if (field === 'event') e.event = value;
          else if (field === 'data') e.data += (e.data ? '\n' : '') + value;
        }
        if (e.data) events.push(e);
      }
    }
  })().catch((e: Error) => {
    if (e.name !== 'AbortError') throw e;
  });
  return { events, close: () => (abort.abort(), done) };
}

/**
 * Issue 6, item 5 — one parcel across every app, over real Kafka and Postgres: a buyer orders; the seller binds
 * a carrier and ships with its own waybill; carrier-sync registers it with the (simulated) carrier, which moves
 * the parcel from China through export, line-haul, customs held with duties, release, a hand-over to a last-mile
 * carrier under a new number, a failed attempt and delivery, pushing signed webhooks through the gateway. The
 * buyer follows it live on the tracking stream and by either number, and the order ends DELIVERED.
 */
describe('a parcel from order to delivery across every app (built platform and simulator, real Kafka and Postgres)', () => {
  let platform: PlatformUnderTest;
  let simulator: BuiltService;
  const run = randomUUID().slice(0, 8);

  beforeAll(async () => {
    const simulatorUrl = `http://127.0.0.1:${BASE + 9}`;
    platform = await PlatformUnderTest.start({
      basePort: BASE,
      env: { 'carrier-sync-service': { CARRIER_API_BASE_URL: simulatorUrl, REGISTRATION_BACKOFF_MS: '200', REGISTRATION_IDLE_MS: '100' } },
    });
    simulator = await startBuiltApp('carrier-simulator', BASE + 9, {
      SIM_WEBHOOK_TARGET: `${platform.gateway.baseUrl}/v1/webhooks/carriers`,
      SIM_TIME_SCALE: '20000', // a simulated hour in 0.18 s: the journey takes about half a minute
      SIM_JOURNEY_START_DELAY_MS: '0',
      SIM_SEED: `e2e-${run}`,
      LOG_LEVEL: 'warn',
    });
  }, 180_000);
  afterAll(async () => {
    await simulator?.stop();
    await platform?.stop();
  });

  it('orders, ships, registers, moves through customs and a hand-over, shows it live, and ends DELIVERED', async () => {
    const buyer = await platform.token('buyer', `buyer-${run}`);
    const seller = await platform.token('seller', `user-seller-${run}`, `seller-${run}`);
    const waybill = composeS10('RR', String(randomInt(10_000_000, 99_999_999)), 'CN');
    const planned = await fetch(`${simulator.baseUrl}/control/scenarios/sim-post/${waybill}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customs: 'HELD_WITH_DUTIES', failedAttempts: 1, outcome: 'DELIVERED' }),
    });
    expect(planned.status).toBe(200);

    expect((await platform.call('PUT', '/v1/sellers/me/logistics-partners/sim-post', { bearer: seller, body: { accountNumber: `SIM-${randomInt(100_000, 999_999)}` } })).status).toBe(200);
    const placed = await platform.call('POST', '/v1/orders', {
      bearer: buyer,
      headers: { 'idempotency-key': `e2e-${run}` },
      body: {
        sellerId: `seller-${run}`,
        items: [{ sku: 'TEAPOT', name: 'Cast-iron teapot', quantity: 1, unitPrice: { amount: '54.00', currency: 'EUR' } }],
        shippingAddress: { name: 'Dorothy Hodgkin', line1: '5 Parks Road', city: 'Oxford', postalCode: 'OX1 3PU', countryCode: 'GB' },
        shipFromCountryCode: 'CN',
      },
    });
    expect(placed.status).toBe(201);
    const orderNumber = placed.body.orderNumber as string;
    expect(placed.body.status).toBe('AWAITING_SHIPMENT');

    const shipped = await waitFor(
      () => platform.call('POST', `/v1/orders/${orderNumber}/shipments`, { bearer: seller, body: { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: waybill } }),
      (r) => r.status !== 404,
      { what: 'shipment-service knows the order', timeoutMs: 60_000, intervalMs: 250 },
    );
    expect(shipped.status).toBe(201);
    const shipmentId = shipped.body.shipmentId as string;
    // the buyer follows the parcel live from the moment tracking knows it
    await waitFor(() => platform.call('GET', `/v1/tracking/${waybill}`, { bearer: buyer }), (r) => r.status === 200, { what: 'tracking knows the waybill', timeoutMs: 60_000 });
    const stream = openStream(`${platform.gateway.baseUrl}/v1/tracking/${waybill}/stream`, { authorization: `Bearer ${buyer}` });

    // carrier-sync registers the waybill with the carrier; the simulator plays the planned journey
    await waitFor(() => platform.call('GET', `/v1/shipments/${shipmentId}`, { bearer: seller }), (r) => r.body.carrierRegistration?.status === 'REGISTERED', {
      what: 'registered with the carrier',
      timeoutMs: 60_000,
    });
    const journey = await waitFor(
      async () => (await fetch(`${simulator.baseUrl}/control/journeys/${waybill}`)).json() as Promise<Json>,
      (j) => j.state === 'COMPLETE',
      { what: 'the simulated journey complete', timeoutMs: 180_000, intervalMs: 1_000 },
    );
    expect(journey.shipmentRef).toBe(shipmentId);
    expect(journey.scenario).toMatchObject({ crossBorder: true, customs: 'HELD_WITH_DUTIES', failedAttempts: 1, outcome: 'DELIVERED', handOver: true });
    expect(journey.events.gaveUp).toBe(0);
    const lastMile = journey.lastMileTrackingNumber as string;
    expect(lastMile).toMatch(/^LM\d{11}$/);

    // the order follows its shipment's milestones to DELIVERED
    const order = await waitFor(() => platform.call('GET', `/v1/orders/${orderNumber}`, { bearer: buyer }), (r) => r.body.status === 'DELIVERED', {
      what: 'order DELIVERED',
      timeoutMs: 90_000,
      intervalMs: 500,
    });
    expect(order.body.shipments).toEqual([expect.objectContaining({ shipmentId, trackingStatus: 'DELIVERED' })]);

    // one timeline by either number: every event the carrier sent once, customs with duties, both legs
    const view = (await platform.call('GET', `/v1/tracking/${waybill}`, { bearer: buyer })).body;
    expect(view).toMatchObject({ status: 'DELIVERED', orderNumber });
    expect(view.legs.map((l: Json) => `${l.carrierCode} ${l.trackingNumber}`)).toEqual([`sim-post ${waybill}`, `sim-lastmile ${lastMile}`]);
    const sent = (journey.timeline as Json[]).filter((e) => e.state === 'ACCEPTED');
    expect(view.events).toHaveLength(sent.length);
    const statuses = new Set((view.events as Json[]).map((e) => e.substatus ?? e.status));
    for (const s of ['IN_TRANSIT.DEPARTED_ORIGIN_COUNTRY', 'EXCEPTION.CUSTOMS_HELD', 'IN_TRANSIT.CUSTOMS_RELEASED', 'IN_TRANSIT.HANDED_TO_LAST_MILE']) expect(statuses).toContain(s);
    expect([...statuses].some((s) => String(s).startsWith('ATTEMPT_FAIL'))).toBe(true);
    expect(view.customs).toMatchObject({ duties: expect.objectContaining({ currency: 'GBP' }) });
    const byLastMile = (await platform.call('GET', `/v1/tracking/${lastMile}`, { bearer: buyer })).body;
    expect(byLastMile.events).toEqual(view.events);
    // anonymous: the public view, no order number
    const anonymous = (await platform.call('GET', `/v1/tracking/${lastMile}`)).body;
    expect(anonymous.status).toBe('DELIVERED');
    expect(anonymous.orderNumber).toBeUndefined();

    // live: the stream carried the timeline as it changed, versions rising, ending DELIVERED
    await waitFor(() => stream.events.map((e) => JSON.parse(e.data) as Json), (views) => views.some((v) => v.status === 'DELIVERED'), { what: 'DELIVERED on the stream', timeoutMs: 30_000 });
    await stream.close();
    const versions = stream.events.map((e) => Number(e.id));
    expect(versions.length).toBeGreaterThan(3);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    expect(new Set(versions).size).toBe(versions.length);
  }, 420_000);
});
