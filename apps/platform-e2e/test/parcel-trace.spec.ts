import { composeS10 } from '@parcelstream/carriers';
import { createPlatformDatabase, migrateBuiltApp, startBuiltApp, waitFor, workspaceRoot, type BuiltService } from '@parcelstream/testing';
import { SignJWT } from 'jose';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { randomInt, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely in assertions
type Json = Record<string, any>;

const SECRET = 'parcel-trace-test-secret-0123456789';
const [GATEWAY_PORT, ORDERS_PORT, SHIPMENTS_PORT, OTLP_ORDERS_PORT, COLLECTOR_PORT] = [14000, 14001, 14002, 14003, 14004];

/**
 * Following one parcel through the built gateway, order-service and shipment-service (each its own process,
 * real Kafka and Postgres) with the traces they write to JSON-lines files, read back with `npm run traces`.
 * order-service exports only at shutdown (a long batch delay): its spans reaching the file proves the flush.
 */
describe('one parcel followed through the traces of the built services', () => {
  let db: Awaited<ReturnType<typeof createPlatformDatabase>>;
  let services: BuiltService[] = [];
  let gateway: BuiltService;
  let orders: BuiltService;
  const dir = mkdtempSync(path.join(tmpdir(), 'parcel-traces-'));
  const run = randomUUID().slice(0, 8);

  beforeAll(async () => {
    db = await createPlatformDatabase();
    const common = { KAFKA_BROKERS: process.env.KAFKA_BROKERS!, LOG_LEVEL: 'warn', OTEL_TRACES_FILE: path.join(dir, '{service}.jsonl') };
    const orderEnv = { ...common, DATABASE_URL: db.urls['order-service'], OTEL_BSP_SCHEDULE_DELAY: '600000' };
    const shipmentEnv = { ...common, DATABASE_URL: db.urls['shipment-service'] };
    migrateBuiltApp('order-service', orderEnv);
    migrateBuiltApp('shipment-service', shipmentEnv);
    const shipments = await startBuiltApp('shipment-service', SHIPMENTS_PORT, shipmentEnv);
    orders = await startBuiltApp('order-service', ORDERS_PORT, orderEnv);
    gateway = await startBuiltApp(
      'api-gateway',
      GATEWAY_PORT,
      { ...common, AUTH_JWT_SECRET: SECRET, ORDER_SERVICE_URL: orders.baseUrl, SHIPMENT_SERVICE_URL: shipments.baseUrl },
      { readyPath: '/health/live', portVariable: 'GATEWAY_PORT' },
    );
    services = [gateway, orders, shipments];
  }, 90_000);

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const token = (sub: string, claims: Json) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuer('parcelstream').setAudience('parcelstream-api').setExpirationTime('10m').sign(new TextEncoder().encode(SECRET));
  const call = async (bearer: string, method: string, urlPath: string, body?: unknown) => {
    const res = await fetch(`${gateway.baseUrl}${urlPath}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, traceId: res.headers.get('x-request-id'), body: (text ? JSON.parse(text) : {}) as Json };
  };
  const traces = (query: string) => spawnSync(process.execPath, [path.join(workspaceRoot(), 'tools/traces/traces.cjs'), '--dir', dir, query], { encoding: 'utf8' });
  const spanLines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Json) : []);

  it('the order and the shipment of one parcel are each one trace from the gateway to the consuming service', async () => {
    const sellerId = `seller-${run}`;
    const buyer = await token(`buyer-${run}`, { role: 'buyer' });
    const seller = await token(`user-${sellerId}`, { role: 'seller', sellerId });
    expect((await call(seller, 'PUT', '/v1/sellers/me/logistics-partners/sim-post', { accountNumber: 'SIM-000123', isDefault: true })).status).toBe(200);
    const placed = await call(buyer, 'POST', '/v1/orders', {
      sellerId,
      items: [{ sku: 'LAMP', name: 'Desk lamp', quantity: 1, unitPrice: { amount: '30.00', currency: 'EUR' } }],
      shippingAddress: { name: 'Grace Hopper', line1: '1 Harbour Road', city: 'Lisbon', postalCode: '1100-001', countryCode: 'PT' },
      shipFromCountryCode: 'CN',
    });
    expect(placed.status).toBe(201);
    const orderNumber = placed.body.orderNumber as string;

    // shipment-service learns the order from order.created; then the seller ships with a waybill of their own
    const trackingNumber = composeS10('RR', String(randomInt(10_000_000, 99_999_999)), 'CN');
    const shipped = await waitFor(
      () => call(seller, 'POST', `/v1/orders/${orderNumber}/shipments`, { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber }),
      (r) => r.status !== 404,
      { what: 'shipment-service to know the order', timeoutMs: 30_000, intervalMs: 200 },
    );
    expect(shipped.status).toBe(201);
    const shipmentId = shipped.body.shipmentId as string;
    await waitFor(() => call(buyer, 'GET', `/v1/orders/${orderNumber}`), (r) => r.body.status === 'SHIPPED', { what: 'order-service to hear of the shipment', timeoutMs: 30_000 });

    // gateway and shipment-service export within a second; order-service only when it stops
    const gatewayFile = path.join(dir, 'api-gateway.jsonl');
    await waitFor(() => spanLines(gatewayFile).some((s) => s.traceId === shipped.traceId), (found) => found, { what: "the gateway's spans", timeoutMs: 10_000 });
    expect(spanLines(path.join(dir, 'order-service.jsonl')).some((s) => s.traceId === placed.traceId)).toBe(false);
    expect(await orders.stop()).toBe(0);
    const orderSpans = spanLines(path.join(dir, 'order-service.jsonl'));
    expect(orderSpans.map((s) => s.name)).toContain('POST /orders');
    expect(orderSpans.every((s) => s.service === 'order-service')).toBe(true);

    // the order: gateway → order-service → outbox → Kafka → shipment-service, one trace, found by order number
    const byOrder = traces(orderNumber);
    expect(byOrder.status).toBe(0);
    const orderTrace = byOrder.stdout.split('\n\n').find((block) => block.startsWith(`trace ${placed.traceId}`));
    expect(orderTrace).toBeDefined();
    expect(inOrder(orderTrace!, [
      'POST /v1/orders · api-gateway',
      'POST order-service · api-gateway',
      'POST /orders · order-service',
      'create orders.order.events.v1 · order-service',
      'send orders.order.events.v1 · order-service',
      'process orders.order.events.v1 · shipment-service',
      'handle parcelstream.order.created.v1 · shipment-service',
    ])).toBe(true);

    // the shipment: found by its tracking number and by its id, down to order-service's handler of shipment.created
    const byWaybill = traces(trackingNumber);
    expect(byWaybill.status).toBe(0);
    const shipTrace = byWaybill.stdout.split('\n\n').find((block) => block.startsWith(`trace ${shipped.traceId}`));
    expect(shipTrace).toBeDefined();
    expect(inOrder(shipTrace!, [
      `POST /v1/orders/:orderNumber/shipments · api-gateway`,
      'POST shipment-service · api-gateway',
      'POST /orders/:orderNumber/shipments · shipment-service',
      'create shipments.shipment.events.v1 · shipment-service',
      'send shipments.shipment.events.v1 · shipment-service',
      'process shipments.shipment.events.v1 · order-service',
      'handle parcelstream.shipment.created.v1 · order-service',
    ])).toBe(true);
    expect(traces(shipmentId).stdout).toContain(`trace ${shipped.traceId}`);
    expect(traces(`PS-${'Z'.repeat(4)}-ZZZZ-ZZZZ`).status).toBe(1);
  }, 120_000);

  it('with OTEL_EXPORTER_OTLP_ENDPOINT a built service sends its spans to the collector (OTLP/HTTP JSON), the last ones at SIGTERM', async () => {
    const received: { path?: string; contentType?: string; body: OtlpTraces }[] = [];
    const collector = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ path: req.url, contentType: req.headers['content-type'], body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpTraces });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(COLLECTOR_PORT, '127.0.0.1', () => resolve()));
    try {
      const service = await startBuiltApp('order-service', OTLP_ORDERS_PORT, {
        KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
        LOG_LEVEL: 'warn',
        DATABASE_URL: db.urls['order-service'],
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${COLLECTOR_PORT}`,
      });
      const res = await fetch(`${service.baseUrl}/orders/PS-AAAA-BBBB-CCCC`);
      const traceId = res.headers.get('x-request-id');
      expect(await service.stop()).toBe(0); // the batch processor's 5 s have not passed: the shutdown flush sends it
      const spans = received.flatMap((r) =>
        r.body.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((sp) => ({ ...sp, service: rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue })))),
      );
      expect(received[0]).toMatchObject({ path: '/v1/traces', contentType: 'application/json' });
      const ours = spans.find((sp) => sp.name === 'GET /orders/:orderNumber');
      expect(ours).toMatchObject({ service: 'order-service', kind: 2 }); // SPAN_KIND_SERVER
      expect(ours!.traceId).toBe(traceId);
    } finally {
      await new Promise<void>((resolve) => collector.close(() => resolve()));
    }
  }, 60_000);
});

interface OtlpTraces {
  resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: { name: string; kind: number; traceId: string }[] }[] }[];
}

/** Whether `lines` appear in `text` in this order, each one deeper in the tree than the one before. */
function inOrder(text: string, lines: string[]): boolean {
  let from = 0;
  let depth = -1;
  for (const line of lines) {
    const at = text.indexOf(line, from);
    if (at < 0) return false;
    const rowStart = text.lastIndexOf('\n', at) + 1;
    const lineDepth = at - rowStart;
    if (lineDepth <= depth) return false;
    depth = lineDepth;
    from = at + line.length;
  }
  return true;
}
