import { CALLER_HEADER, callerIdentitySecret, signCaller, type Caller } from '@parcelstream/caller-identity';
import { composeS10, composeSimulatorWaybill } from '@parcelstream/carriers';
import {
  CarrierRegistrationSucceededEvent,
  CarrierWaybillAssignedEvent,
  OrderCreatedEvent,
  Topics,
  type CarrierRegistrationSucceeded,
  type CarrierWaybillAssigned,
  type OrderCreated,
} from '@parcelstream/contracts';
import { cloudEventMessage, createPlatformDatabase, migrateBuiltApp, startBuiltApp, TopicRecorder, waitFor, type BuiltService } from '@parcelstream/testing';
import { randomInt, randomUUID } from 'node:crypto';
import { startPrivateKafka, type PrivateKafka } from './support/private-kafka';
import { compareWithTopic, type SimulatedJourney } from './support/simulator-journeys';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely in assertions
type Json = any;

/**
 * carrier-sync against the carrier simulator, all three built and run as processes (simulator, carrier-sync,
 * shipment-service) over real HTTP, a real Kafka broker of the suite's own and Postgres: shipments created in
 * shipment-service are registered with the simulated carriers (or get a number allocated), the carriers'
 * journeys come back as signed webhooks and polls, and every event reaches the normalised topic exactly once —
 * through a carrier outage (the circuit breaker opens and recovers) and through webhook faults.
 *
 * Ports 13601-13603 (apps) and 13690-13691 (Kafka). Needs the three apps built (the test target builds them).
 */
jest.setTimeout(240_000);

const SIM_PORT = 13601;
const SYNC_PORT = 13602;
const SHIPMENTS_PORT = 13603;

let kafka: PrivateKafka;
let db: Awaited<ReturnType<typeof createPlatformDatabase>>;
let simulator: BuiltService;
let carrierSync: BuiltService;
let shipments: BuiltService;
let recorder: TopicRecorder;

const run = randomUUID().slice(0, 8);
const seller: Caller = { kind: 'user', sub: `user-seller-${run}`, role: 'seller', sellerId: `seller-${run}` };
const ops: Caller = { kind: 'user', sub: `ops-${run}`, role: 'ops' };

beforeAll(async () => {
  kafka = await startPrivateKafka('carrier-sync-simulator-it', 13690);
  db = await createPlatformDatabase();
  const common = { KAFKA_BROKERS: kafka.brokers, LOG_LEVEL: 'warn' };
  const syncEnv = {
    ...common,
    DATABASE_URL: db.urls['carrier-sync-service'],
    CARRIER_API_BASE_URL: `http://127.0.0.1:${SIM_PORT}`,
    CARRIER_API_TIMEOUT_MS: '1000',
    CIRCUIT_FAILURE_THRESHOLD: '3',
    CIRCUIT_OPEN_MS: '1500',
    REGISTRATION_BACKOFF_MS: '100',
    REGISTRATION_IDLE_MS: '50',
    REGISTRATION_MAX_ATTEMPTS: '100',
    POLL_INTERVAL_MS: '100',
    POLL_BASE_INTERVAL_MS: '150',
    POLL_NEAR_DELIVERY_INTERVAL_MS: '100',
    POLL_MAX_INTERVAL_MS: '300',
  };
  const shipmentEnv = { ...common, DATABASE_URL: db.urls['shipment-service'] };
  migrateBuiltApp('carrier-sync-service', syncEnv);
  migrateBuiltApp('shipment-service', shipmentEnv);
  recorder = await new TopicRecorder(kafka.brokers).record([Topics.NormalizedTrackingEvents, Topics.CarrierRegistrationEvents]);
  [simulator, carrierSync, shipments] = await Promise.all([
    startBuiltApp(
      'carrier-simulator',
      SIM_PORT,
      {
        LOG_LEVEL: 'warn',
        SIM_SEED: `carrier-sync-it-${run}`,
        SIM_WEBHOOK_TARGET: `http://127.0.0.1:${SYNC_PORT}/webhooks/carriers`,
        // a journey of 4 to 26 simulated days in 2 to 15 s
        SIM_TIME_SCALE: '150000',
        // the carrier's first scan comes a second after it took the shipment (after carrier-sync recorded the number)
        SIM_JOURNEY_START_DELAY_MS: '1000',
        SIM_WEBHOOK_RETRY_BASE_MS: '100',
        SIM_WEBHOOK_RETRY_MAX_MS: '1000',
        SIM_WEBHOOK_MAX_ATTEMPTS: '50',
      },
      { portVariable: 'SIM_PORT' },
    ),
    startBuiltApp('carrier-sync-service', SYNC_PORT, syncEnv, { timeoutMs: 60_000 }),
    startBuiltApp('shipment-service', SHIPMENTS_PORT, shipmentEnv, { timeoutMs: 60_000 }),
  ]);
  await bindCarriers(['sim-post', 'sim-track', 'sim-seventeen', 'sim-poll']);
}, 240_000);

afterAll(async () => {
  await Promise.allSettled([simulator?.stop(), carrierSync?.stop(), shipments?.stop()]);
  await recorder?.close();
  await db?.drop();
  await kafka?.stop();
});

async function http(base: string, method: string, path: string, body?: unknown, caller?: Caller): Promise<{ status: number; body: Json }> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (caller) headers[CALLER_HEADER] = signCaller(caller, callerIdentitySecret()) as string;
  const res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
const sim = (method: string, path: string, body?: unknown) => http(simulator.baseUrl, method, path, body);

async function bindCarriers(codes: string[]): Promise<void> {
  for (const code of codes) expect((await http(shipments.baseUrl, 'PUT', `/sellers/me/logistics-partners/${code}`, { accountNumber: 'SIM-000123' }, seller)).status).toBe(200);
}

/** An order as order-service would announce it; shipment-service learns it from the topic. */
async function announceOrder(skus: string[], from = 'CN', to = 'GB'): Promise<string> {
  const orderId = randomUUID();
  const orderNumber = `PS-${run.slice(0, 4).toUpperCase()}-${randomInt(1000, 9999)}-${randomInt(1000, 9999)}`;
  const order: OrderCreated = {
    orderId,
    orderNumber,
    buyerId: `buyer-${run}`,
    sellerId: seller.kind === 'user' ? (seller.sellerId as string) : '',
    items: skus.map((sku) => ({ sku, quantity: 1 })),
    shipFromCountryCode: from,
    shipToCountryCode: to,
    shipToCity: 'Leeds',
    createdAt: new Date().toISOString(),
  };
  await recorder.publish([cloudEventMessage(Topics.OrderEvents, OrderCreatedEvent.type, orderId, order)]);
  return orderNumber;
}

/** The seller ships a package; retried while shipment-service has not consumed the order yet (404). */
async function ship(orderNumber: string, body: Record<string, unknown>): Promise<Json> {
  const res = await waitFor(() => http(shipments.baseUrl, 'POST', `/orders/${orderNumber}/shipments`, body, seller), (r) => r.status !== 404, { what: `order ${orderNumber} known to shipment-service`, timeoutMs: 30_000 });
  expect(res.status).toBe(201);
  return res.body;
}

const registrationsOf = (ids: string[]) => recorder.events<CarrierRegistrationSucceeded>(CarrierRegistrationSucceededEvent.type, (p) => ids.includes(p.shipmentId));
const carrierHealth = async (code: string): Promise<Json> => (await http(carrierSync.baseUrl, 'GET', '/ops/carriers', undefined, ops)).body.items.find((c: Json) => c.carrierCode === code);

async function journeysOf(shipmentIds: string[]): Promise<SimulatedJourney[]> {
  return Promise.all(
    shipmentIds.map(async (id) => {
      const [summary] = (await sim('GET', `/control/journeys?shipmentRef=${id}`)).body.items;
      return (await sim('GET', `/control/journeys/${summary.id}`)).body as SimulatedJourney;
    }),
  );
}

/** Waits until the simulator has nothing left to send and every one of these journeys is complete. */
async function journeysComplete(shipmentIds: string[]): Promise<SimulatedJourney[]> {
  await waitFor(() => sim('GET', '/control/journeys?state=COMPLETE'), (r) => shipmentIds.every((id) => r.body.items.some((j: Json) => j.shipmentRef === id)), { what: 'the journeys complete', timeoutMs: 120_000, intervalMs: 250 });
  await waitFor(() => sim('GET', '/control/status'), (r) => r.body.idle === true, { what: 'the simulator idle', timeoutMs: 60_000 });
  return journeysOf(shipmentIds);
}

/** Every event every journey emitted is on the normalised topic exactly once, with the meaning the simulator expects; nothing else is. */
async function expectEachEventPublishedOnce(journeys: SimulatedJourney[], shipmentIds: string[]): Promise<void> {
  const total = journeys.reduce((n, j) => n + j.timeline.length, 0);
  await waitFor(
    () => journeys.map((j) => compareWithTopic(j, recorder.messages)),
    (all) => all.every((c) => c.copies.every((x) => x.published.length >= 1)),
    { what: `all ${total} journey events on the normalised topic`, timeoutMs: 60_000, intervalMs: 250 },
  );
  journeys.forEach((journey, i) => {
    const { copies, unexpected } = compareWithTopic(journey, recorder.messages);
    expect(unexpected.map((u) => u.event)).toEqual([]);
    for (const { simulated, published } of copies) {
      expect({ ref: simulated.ref, copies: published.length }).toEqual({ ref: simulated.ref, copies: 1 });
      const [{ event, key }] = published as [(typeof published)[number]];
      expect({ ref: simulated.ref, status: event.status, substatus: event.substatus }).toEqual({ ref: simulated.ref, status: simulated.expectedStatus, substatus: simulated.expectedSubstatus });
      if (simulated.eventId) expect(event.eventId).toBe(simulated.eventId);
      // the aggregator styles have no field for duties
      if (simulated.duties && ['sim-post', 'sim-poll'].includes(simulated.carrierCode)) expect(event.duties).toEqual(simulated.duties);
      if (simulated.nextTrackingNumber) expect(event).toMatchObject({ nextTrackingNumber: simulated.nextTrackingNumber, nextCarrierCode: simulated.nextCarrierCode });
      // attributed to the shipment, or (before carrier-sync linked the number) keyed by carrier and number
      if (event.shipmentId) expect({ ref: simulated.ref, shipmentId: event.shipmentId, key }).toEqual({ ref: simulated.ref, shipmentId: shipmentIds[i], key: shipmentIds[i] });
      else expect(key).toBe(`${event.carrierCode}:${event.trackingNumber}`);
    }
  });
}

it('shipments created in shipment-service are registered with the simulated carriers, and every event of their journeys reaches the normalised topic once', async () => {
  const orderNumber = await announceOrder(['POST', 'TRACK', 'SEVENTEEN', 'POLL']);
  const packages = [
    await ship(orderNumber, { fulfillmentModel: 'PLATFORM', carrierCode: 'sim-post', items: [{ sku: 'POST', quantity: 1 }] }),
    await ship(orderNumber, { fulfillmentModel: 'SELLER', carrierCode: 'sim-track', trackingNumber: composeSimulatorWaybill('sim-track', randomInt(1e6, 1e9)), items: [{ sku: 'TRACK', quantity: 1 }] }),
    await ship(orderNumber, { fulfillmentModel: 'SELLER', carrierCode: 'sim-seventeen', trackingNumber: composeSimulatorWaybill('sim-seventeen', randomInt(1e6, 1e9)), items: [{ sku: 'SEVENTEEN', quantity: 1 }] }),
    await ship(orderNumber, { fulfillmentModel: 'SELLER', carrierCode: 'sim-poll', trackingNumber: composeSimulatorWaybill('sim-poll', randomInt(1e6, 1e8)), items: [{ sku: 'POLL', quantity: 1 }] }),
  ];
  expect(packages[0]).toMatchObject({ status: 'AWAITING_WAYBILL', trackingNumber: null });
  const ids = packages.map((p) => p.shipmentId as string);

  // registered (the PLATFORM one with a number the carrier allocated, which shipment-service takes)
  const registered = await waitFor(() => registrationsOf(ids), (l) => l.length === 4, { what: 'four registrations', timeoutMs: 60_000 });
  const assigned = recorder.events<CarrierWaybillAssigned>(CarrierWaybillAssignedEvent.type, (p) => p.shipmentId === ids[0]);
  expect(assigned).toHaveLength(1);
  expect(assigned[0]!.payload).toMatchObject({ carrierCode: 'sim-post', trackingNumber: expect.stringMatching(/^CP\d{9}CN$/) });
  for (const [i, p] of packages.entries()) {
    expect(registered.find((r) => r.payload.shipmentId === p.shipmentId)?.payload.trackingNumber).toBe(i === 0 ? assigned[0]!.payload.trackingNumber : p.trackingNumber);
  }
  await waitFor(() => http(shipments.baseUrl, 'GET', `/shipments/${ids[0]}`, undefined, seller), (r) => r.body.trackingNumber === assigned[0]!.payload.trackingNumber, { what: 'shipment-service takes the allocated number' });

  const journeys = await journeysComplete(ids);
  expect(journeys.map((j) => j.carrierCode)).toEqual(['sim-post', 'sim-track', 'sim-seventeen', 'sim-poll']);
  expect(journeys.map((j) => j.trackingNumber)).toEqual(registered.sort((a, b) => ids.indexOf(a.payload.shipmentId) - ids.indexOf(b.payload.shipmentId)).map((r) => r.payload.trackingNumber));
  await expectEachEventPublishedOnce(journeys, ids);

  // the webhooks were all accepted first time; the hand-overs linked the last-mile numbers
  const webhooks = (await sim('GET', '/control/ledger?channel=webhook&limit=10000')).body.items;
  expect(webhooks.length).toBeGreaterThan(0);
  expect(webhooks.filter((w: Json) => w.status !== 202)).toEqual([]);
  for (const j of journeys.filter((x) => x.scenario.handOver && x.carrierCode !== 'sim-poll')) {
    const lastMile = compareWithTopic(j, recorder.messages).copies.filter((c) => c.simulated.carrierCode === 'sim-lastmile');
    expect(lastMile.length).toBeGreaterThan(0);
    expect(lastMile.every((c) => c.published[0]?.event.shipmentId === ids[journeys.indexOf(j)])).toBe(true);
  }
  // the first physical scans reached shipment-service through the same topic
  await waitFor(() => http(shipments.baseUrl, 'GET', `/shipments/${ids[1]}`, undefined, seller), (r) => r.body.verificationStatus === 'VERIFIED', { what: 'the SELLER shipment verified by a carrier scan' });
});

it('a carrier outage opens carrier-sync’s circuit breaker; when it ends, the waiting shipments are registered and no event is lost', async () => {
  const outage = await sim('POST', '/control/faults', { kind: 'http5xx', carrier: 'sim-post', operation: 'waybills' });
  expect(outage).toMatchObject({ status: 201, body: { target: 'api', live: true } });
  const orderNumber = await announceOrder(['A', 'B', 'C'], 'CN', 'DE');
  const packages = [];
  for (const sku of ['A', 'B', 'C']) packages.push(await ship(orderNumber, { fulfillmentModel: 'PLATFORM', carrierCode: 'sim-post', items: [{ sku, quantity: 1 }] }));
  const ids = packages.map((p) => p.shipmentId as string);

  // the breaker opens after 3 failures and then lets one trial through per 1.5 s: the carrier is not hammered
  await waitFor(() => carrierHealth('sim-post'), (h) => h.circuit === 'OPEN', { what: 'the sim-post circuit open', intervalMs: 50 });
  // what the carrier saw: a burst of failed calls (the threshold, plus any that were already in flight), then
  // exactly one trial per open period
  const failedCalls = async () => (await sim('GET', '/control/ledger?channel=api&carrier=sim-post&status=503&limit=1000')).body.items.map((e: Json) => Date.parse(e.at)) as number[];
  const gapsOf = (times: number[]) => times.slice(1).map((t, i) => t - (times[i] as number));
  const failed = await waitFor(failedCalls, (times) => gapsOf(times).filter((g) => g >= 1400).length >= 2, { what: 'two half-open trials failing', timeoutMs: 30_000, intervalMs: 200 });
  const gaps = gapsOf(failed);
  const firstTrial = gaps.findIndex((g) => g >= 1400);
  expect(firstTrial + 1).toBeGreaterThanOrEqual(3);
  expect(firstTrial + 1).toBeLessThanOrEqual(5);
  expect(gaps.slice(firstTrial).every((g) => g >= 1400)).toBe(true);
  expect(await carrierHealth('sim-post')).toMatchObject({ registrations: { pending: 3, failed: 0 } });
  expect(registrationsOf(ids)).toEqual([]);

  expect((await sim('DELETE', `/control/faults/${outage.body.id}`)).status).toBe(204);
  await waitFor(() => registrationsOf(ids), (l) => l.length === 3, { what: 'the three registrations after the outage', timeoutMs: 60_000 });
  expect(await carrierHealth('sim-post')).toMatchObject({ circuit: 'CLOSED', registrations: { pending: 0, failed: 0 } });
  const journeys = await journeysComplete(ids);
  await expectEachEventPublishedOnce(journeys, ids);
});

it('webhook faults — duplicates, reordering, delays, bad signatures, malformed payloads, unmapped codes — lose nothing and publish nothing twice', async () => {
  const faults = [
    { kind: 'duplicate', carrier: 'sim-track', count: 2 },
    { kind: 'duplicate', carrier: 'sim-lastmile', rate: 0.3 },
    { kind: 'reorder', carrier: 'sim-post', rate: 0.3 },
    { kind: 'delay', carrier: 'sim-lastmile', rate: 0.3, delayMs: 400 },
    { kind: 'bad-signature', carrier: 'sim-seventeen', count: 2 },
    { kind: 'malformed', carrier: 'sim-lastmile', count: 2 },
    { kind: 'unmapped-code', carrier: 'sim-post', count: 1 },
    { kind: 'unmapped-code', carrier: 'sim-track', count: 1 },
    { kind: 'unmapped-code', carrier: 'sim-seventeen', count: 1 },
    { kind: 'unmapped-code', carrier: 'sim-poll', count: 1 },
  ];
  for (const f of faults) expect((await sim('POST', '/control/faults', f)).status).toBe(201);
  const orderNumber = await announceOrder(['P', 'T', 'S', 'Q'], 'CN', 'US');
  const packages = [
    await ship(orderNumber, { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: composeS10('RR', String(randomInt(1e7, 1e8 - 1)), 'CN'), items: [{ sku: 'P', quantity: 1 }] }),
    await ship(orderNumber, { fulfillmentModel: 'SELLER', carrierCode: 'sim-track', trackingNumber: composeSimulatorWaybill('sim-track', randomInt(1e6, 1e9)), items: [{ sku: 'T', quantity: 1 }] }),
    await ship(orderNumber, { fulfillmentModel: 'SELLER', carrierCode: 'sim-seventeen', trackingNumber: composeSimulatorWaybill('sim-seventeen', randomInt(1e6, 1e9)), items: [{ sku: 'S', quantity: 1 }] }),
    await ship(orderNumber, { fulfillmentModel: 'SELLER', carrierCode: 'sim-poll', trackingNumber: composeSimulatorWaybill('sim-poll', randomInt(1e6, 1e8)), items: [{ sku: 'Q', quantity: 1 }] }),
  ];
  const ids = packages.map((p) => p.shipmentId as string);
  const journeys = await journeysComplete(ids);
  await expectEachEventPublishedOnce(journeys, ids);

  const unmapped = journeys.flatMap((j) => j.timeline.filter((e) => e.kind === 'UNMAPPED'));
  expect(unmapped.map((e) => e.carrierCode).sort()).toEqual(['sim-poll', 'sim-post', 'sim-seventeen', 'sim-track']);
  for (const e of unmapped) {
    const health = await carrierHealth(e.carrierCode);
    expect(health.unmappedCodes).toEqual(expect.arrayContaining([expect.objectContaining({ rawCode: e.rawCode })]));
  }
  const webhooks = (await sim('GET', '/control/ledger?channel=webhook&limit=10000')).body.items as Json[];
  const ours = new Set(journeys.map((j) => j.id));
  const refusals = webhooks.filter((w) => w.status !== 202 && w.events.some((ev: Json) => ours.has(ev.journeyId)));
  expect(refusals.map((w) => w.status).sort()).toEqual([400, 400, 401, 401]);
  expect(webhooks.some((w) => w.duplicateOf && w.status === 202 && w.response.accepted === 0)).toBe(true);
  const counted = (await sim('GET', '/control/faults')).body.items.filter((f: Json) => f.count !== undefined);
  expect(counted.map((f: Json) => [f.kind, f.carrier, f.applied])).toEqual(faults.filter((f) => f.count !== undefined).map((f) => [f.kind, f.carrier, f.count]));
});

