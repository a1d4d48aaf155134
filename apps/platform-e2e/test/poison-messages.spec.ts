import { composeS10 } from '@parcelstream/carriers';
import {
  CarrierRegistrationFailedEvent,
  CarrierRegistrationSucceededEvent,
  CarrierWaybillAssignedEvent,
  OrderCancelledEvent,
  OrderCreatedEvent,
  ShipmentCancelledEvent,
  ShipmentCreatedEvent,
  ShipmentWaybillAssignedEvent,
  TOPIC_SPECS,
  TrackingEventNormalizedEvent,
  TrackingStatusChangedEvent,
  type EventContract,
} from '@parcelstream/contracts';
import { cloudEventMessage, metricValue, scrapeMetrics, waitFor } from '@parcelstream/testing';
import { Kafka, logLevel } from 'kafkajs';
import { randomInt, randomUUID } from 'node:crypto';
import { PlatformUnderTest, SERVICE_APPS, type Json, type ServiceApp } from './support/platform';

/** Who consumes what (each service's @EventPattern handlers). */
const CONSUMERS: [EventContract<object>, ServiceApp[]][] = [
  [OrderCreatedEvent, ['shipment-service']],
  [OrderCancelledEvent, ['shipment-service']],
  [ShipmentCreatedEvent, ['order-service', 'carrier-sync-service', 'tracking-service']],
  [ShipmentCancelledEvent, ['order-service', 'carrier-sync-service', 'tracking-service']],
  [ShipmentWaybillAssignedEvent, ['order-service', 'tracking-service']],
  [CarrierRegistrationSucceededEvent, ['shipment-service']],
  [CarrierRegistrationFailedEvent, ['shipment-service']],
  [CarrierWaybillAssignedEvent, ['shipment-service']],
  [TrackingEventNormalizedEvent, ['shipment-service', 'tracking-service']],
  [TrackingStatusChangedEvent, ['order-service']],
];
const PREFIX: Record<ServiceApp, string> = { 'order-service': 'orders', 'shipment-service': 'shipments', 'carrier-sync-service': 'carrier-sync', 'tracking-service': 'tracking' };

interface Poison {
  id: string;
  type: string;
  topic: string;
  partition: number;
  reason: 'invalid-payload' | 'invalid-json';
  consumers: ServiceApp[];
}

/**
 * Issue 9, item 2 — poison messages on every consumed topic, on the whole platform: every partition of every
 * topic a service consumes gets a message that cannot be applied (a payload that fails its contract, or JSON
 * that does not parse) ahead of the real traffic. Each consuming service dead-letters it at once (within 5
 * attempts) with its reason and origin, it shows in `GET /v1/ops/dead-letters`, and the real traffic behind it
 * on the same partitions still flows: an order is shipped, tracked and projected end to end.
 */
describe('poison messages on every consumed topic (built platform, real Kafka and Postgres)', () => {
  let platform: PlatformUnderTest;
  const run = randomUUID().slice(0, 8);
  const poison: Poison[] = [];

  beforeAll(async () => {
    platform = await PlatformUnderTest.start({
      basePort: 13510,
      // no carrier API here: registration and polling stay off; intake, consumers and ops queries run
      env: { 'carrier-sync-service': { BACKGROUND_WORKERS: 'off', CARRIER_API_BASE_URL: 'http://127.0.0.1:9' } },
    });
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
  });

  it('dead-letters each poison message in every consumer with its reason and origin, and the traffic behind it flows', async () => {
    const kafka = new Kafka({ clientId: 'poison-test', brokers: process.env.KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    const admin = kafka.admin();
    await admin.connect();
    try {
      for (const spec of TOPIC_SPECS) {
        const consumed = CONSUMERS.filter(([c]) => c.topic === spec.topic);
        if (consumed.length === 0) continue;
        // the partitions the broker has (a topic made before the catalog grew keeps its count)
        const [metadata] = (await admin.fetchTopicMetadata({ topics: [spec.topic] })).topics;
        for (let partition = 0; partition < metadata.partitions.length; partition++) {
          const [contract, consumers] = consumed[partition % consumed.length];
          const reason = partition === 0 ? 'invalid-json' : 'invalid-payload';
          const m = cloudEventMessage(spec.topic, contract.type, `poison-${run}-${partition}`, { unexpected: true, orderNumber: 42 });
          const value = reason === 'invalid-json' ? '{"shipmentId": "unterminated' : m.value;
          await producer.send({ topic: spec.topic, messages: [{ key: m.key, value, headers: m.headers, partition }] });
          poison.push({ id: m.headers['ce_id'], type: contract.type, topic: spec.topic, partition, reason, consumers });
        }
      }
    } finally {
      await Promise.all([producer.disconnect(), admin.disconnect()]);
    }

    // the real traffic, behind the poison on every partition: order → ship → seller's scan → tracking → order status
    const buyer = await platform.token('buyer', `buyer-${run}`);
    const seller = await platform.token('seller', `user-seller-${run}`, `seller-${run}`);
    const ops = await platform.token('ops', `ops-${run}`);
    expect((await platform.call('PUT', '/v1/sellers/me/logistics-partners/sim-post', { bearer: seller, body: { accountNumber: `SIM-${randomInt(100_000, 999_999)}` } })).status).toBe(200);
    const placed = await platform.call('POST', '/v1/orders', {
      bearer: buyer,
      body: {
        sellerId: `seller-${run}`,
        items: [{ sku: 'MUG', name: 'Mug', quantity: 1, unitPrice: { amount: '9.00', currency: 'EUR' } }],
        shippingAddress: { name: 'Mary Somerville', line1: '4 Queen Street', city: 'Edinburgh', postalCode: 'EH2 1JE', countryCode: 'GB' },
        shipFromCountryCode: 'CN',
      },
    });
    expect(placed.status).toBe(201);
    const orderNumber = placed.body.orderNumber as string;
    const waybill = composeS10('RR', String(randomInt(10_000_000, 99_999_999)), 'CN');
    const shipped = await waitFor(
      () => platform.call('POST', `/v1/orders/${orderNumber}/shipments`, { bearer: seller, body: { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: waybill } }),
      (r) => r.status !== 404,
      { what: 'shipment-service knows the order (orders topic flows past the poison)', timeoutMs: 60_000, intervalMs: 250 },
    );
    expect(shipped.status).toBe(201);
    const shipmentId = shipped.body.shipmentId as string;
    const scan = await platform.call('POST', `/v1/shipments/${shipmentId}/events`, {
      bearer: seller,
      body: { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.PICKED_UP', description: 'Picked up', occurredAt: new Date(Date.now() - 3_600_000).toISOString(), location: { city: 'Shenzhen', countryCode: 'CN' } },
    });
    expect(scan.status).toBe(202);
    // shipments topic → tracking-service and order-service; normalised topic → tracking-service; status topic → order-service
    await waitFor(() => platform.call('GET', `/v1/tracking/${waybill}`, { bearer: buyer }), (r) => r.status === 200 && r.body.status === 'IN_TRANSIT', {
      what: 'tracking-service shows the scan',
      timeoutMs: 60_000,
    });
    await waitFor(() => platform.call('GET', `/v1/orders/${orderNumber}`, { bearer: buyer }), (r) => r.body.status === 'IN_TRANSIT', { what: 'order IN_TRANSIT', timeoutMs: 60_000 });
    // shipments topic → carrier-sync-service; registration topic → shipment-service (an outcome carrier-sync would publish)
    await waitFor(() => platform.adminQuery('SELECT 1 FROM carrier_sync.shipments WHERE shipment_id = $1', [shipmentId]), (rows) => rows.length === 1, {
      what: 'carrier-sync knows the shipment',
      timeoutMs: 60_000,
    });
    const outcome = cloudEventMessage(CarrierRegistrationFailedEvent.topic, CarrierRegistrationFailedEvent.type, shipmentId, {
      shipmentId,
      carrierCode: 'sim-post',
      trackingNumber: waybill,
      reason: 'carrier refused the account number',
      failedAt: new Date().toISOString(),
    });
    const outcomeProducer = kafka.producer();
    await outcomeProducer.connect();
    await outcomeProducer.send({ topic: outcome.topic, messages: [{ key: outcome.key, value: outcome.value, headers: outcome.headers }] });
    await outcomeProducer.disconnect();
    await waitFor(() => platform.call('GET', `/v1/shipments/${shipmentId}`, { bearer: seller }), (r) => r.body.carrierRegistration?.status === 'FAILED', {
      what: 'shipment-service applied the registration outcome',
      timeoutMs: 60_000,
    });

    // every consumer dead-lettered every poison message, with its reason and origin, visible to ops
    const expected = poison.flatMap((p) => p.consumers.map((app) => `${PREFIX[app]} ${p.id}`)).sort();
    const listed = async () => {
      const found = new Map<string, Json>();
      const ids = new Set(poison.map((p) => p.id));
      let cursor: string | null = null;
      do {
        const page = await platform.call('GET', `/v1/ops/dead-letters?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { bearer: ops });
        if (page.status !== 200) throw new Error(`dead letters: ${page.status} ${page.text}`);
        for (const item of page.body.items as Json[]) if (ids.has(item.headers?.ce_id)) found.set(`${String(item.id).split(':')[0]} ${item.headers.ce_id}`, item);
        cursor = page.body.nextCursor;
      } while (cursor && found.size < expected.length);
      return found;
    };
    let seen = new Map<string, Json>();
    const found = await waitFor(async () => (seen = await listed()), (f) => f.size >= expected.length, { what: `${expected.length} dead letters`, timeoutMs: 60_000, intervalMs: 500 }).catch(async (e: Error) => {
      const stored = await Promise.all(
        Object.values(PREFIX).map(async (p) => [p, await platform.adminQuery(`SELECT reason, original_topic, headers->>'ce_id' AS id FROM "${p.replace('-', '_')}".dead_letter ORDER BY failed_at DESC LIMIT 3`)]),
      );
      const missing = expected.filter((k) => !seen.has(k));
      throw new Error(`${e.message}\nmissing: ${missing.join(', ')}\nstored (newest 3 per service): ${JSON.stringify(stored)}\nfirst page: ${(await platform.call('GET', '/v1/ops/dead-letters?limit=3', { bearer: ops })).text.slice(0, 1500)}`);
    });
    expect([...found.keys()].sort()).toEqual(expected);
    for (const p of poison) {
      for (const app of p.consumers) {
        const item = found.get(`${PREFIX[app]} ${p.id}`)!;
        expect({ app, reason: item.reason, topic: item.originalTopic, partition: item.originalPartition, type: item.headers.ce_type }).toEqual({
          app,
          reason: p.reason,
          topic: p.topic,
          partition: p.partition,
          type: p.type,
        });
        expect(item.attempts).toBeLessThanOrEqual(5);
        expect(item.lastError).toEqual(expect.any(String));
      }
    }

    // and each service counted them on /metrics, by reason, beside the events it applied and its lag per partition
    for (const app of SERVICE_APPS) {
      const want = { 'invalid-json': 0, 'invalid-payload': 0 };
      for (const p of poison) if (p.consumers.includes(app)) want[p.reason] += 1;
      const text = await scrapeMetrics(platform.services[app].baseUrl);
      const counted = {
        app,
        'invalid-json': metricValue(text, 'messaging_dead_letters_total', { reason: 'invalid-json' }) >= want['invalid-json'],
        'invalid-payload': metricValue(text, 'messaging_dead_letters_total', { reason: 'invalid-payload' }) >= want['invalid-payload'],
        applied: metricValue(text, 'messaging_consumer_events_total', { outcome: 'applied' }) > 0,
        lag: /^messaging_consumer_lag\{[^}]*partition="\d+"[^}]*\} \d+$/m.test(text),
      };
      expect(counted).toEqual({ app, 'invalid-json': true, 'invalid-payload': true, applied: true, lag: true });
    }
  }, 240_000);
});
