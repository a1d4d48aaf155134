import { Body, Controller, Get, HttpCode, Module, Post, type INestApplication } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { OrderCreatedEvent, type OrderCreated } from '@parcelstream/contracts';
import { createDeadLetterTableSql, createMessagingTablesSql, OutboxRelay, OutboxWriter } from '@parcelstream/messaging';
import type { EventBatch } from '@parcelstream/nest-messaging';
import { initTracing, SpanKind, SpanStatusCode, startSpan, traceparentOf } from '@parcelstream/observability';
import { createTestSchema, testDatabaseUrl, uniqueName, waitFor, type TestSchema } from '@parcelstream/testing';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { IsString } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createServiceApp, serviceDataSourceOptions, ServiceModule } from '../src';

const PORT = 14020;

class PlaceOrderBody {
  @IsString()
  orderNumber!: string;
}

/**
 * A service made by createServiceApp (tracing set up first with an in-memory exporter, which it keeps): one
 * HTTP request that writes order.created through the outbox, consumed by the service's @EventPattern handler,
 * is ONE trace: caller → HTTP server → outbox create → relay send → consumer process → handler. Real Kafka and Postgres.
 */
describe('tracing through a service: HTTP → outbox → Kafka → consumer (real Kafka and Postgres)', () => {
  const exporter = new InMemorySpanExporter();
  let db: TestSchema;
  let app: INestApplication;
  const serviceName = uniqueName('traced').replace(/\./g, '-');
  const handled: string[] = [];

  beforeAll(async () => {
    initTracing({ serviceName, exporter, env: {} });
    db = await createTestSchema('service_tracing', { setupSql: (s) => [...createMessagingTablesSql(s), ...createDeadLetterTableSql(s)] });

    @Controller('orders')
    class OrdersHttpController {
      constructor(
        private readonly dataSource: DataSource,
        private readonly outbox: OutboxWriter,
        private readonly relay: OutboxRelay,
      ) {}

      @Post()
      @HttpCode(201)
      async place(@Body() body: PlaceOrderBody) {
        const payload: OrderCreated = {
          orderId: randomUUID(),
          orderNumber: body.orderNumber,
          buyerId: 'buyer-1',
          sellerId: 'seller-1',
          items: [{ sku: 'SKU-1', quantity: 1 }],
          shipFromCountryCode: 'CN',
          shipToCountryCode: 'DE',
          createdAt: new Date().toISOString(),
        };
        await this.dataSource.transaction((tx) => this.outbox.append(tx, [{ contract: OrderCreatedEvent, key: payload.orderId, payload }]));
        this.relay.wake();
        return { orderId: payload.orderId };
      }

      @Get('broken')
      broken() {
        throw new Error('database on fire');
      }
    }

    @Controller()
    class OrderEventsController {
      @EventPattern(OrderCreatedEvent.type)
      onOrderCreated(@Payload() batch: EventBatch<OrderCreated>) {
        handled.push(...batch.events.map((e) => e.payload.orderNumber));
        return Promise.resolve();
      }
    }

    @Module({ controllers: [OrdersHttpController, OrderEventsController] })
    class OrdersModule {}

    app = await createServiceApp(
      ServiceModule.forService({
        serviceName,
        schema: db.schema,
        dataSource: serviceDataSourceOptions({ url: testDatabaseUrl(), schema: db.schema, migrations: [] }),
        imports: [OrdersModule],
        messaging: { brokers: process.env.KAFKA_BROKERS!.split(','), retryDelaysMs: [200] },
      }),
      { name: serviceName, port: PORT, logLevel: 'fatal' },
    );
    await app.startAllMicroservices();
    await app.listen(PORT, '127.0.0.1');
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const spans = () => exporter.getFinishedSpans();
  const id = (s: ReadableSpan) => s.spanContext().spanId;
  const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;

  it('one request is one trace from the caller to the handler, with the parcel named on its spans', async () => {
    const orderNumber = `PS-${randomUUID().slice(0, 4).toUpperCase()}-TRCE-0001`;
    const caller = startSpan('POST orders-service', { kind: SpanKind.CLIENT, parent: null }); // as the gateway would
    const res = await fetch(`http://127.0.0.1:${PORT}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: traceparentOf(caller) },
      body: JSON.stringify({ orderNumber }),
    });
    caller.end();
    expect(res.status).toBe(201);
    const traceId = caller.spanContext().traceId;
    expect(res.headers.get('x-request-id')).toBe(traceId);
    await waitFor(() => handled, (h) => h.includes(orderNumber), { what: 'the handler run' });
    const inTrace = () => spans().filter((s) => s.spanContext().traceId === traceId);
    const ours = await waitFor(inTrace, (s) => s.some((x) => x.name.startsWith('handle ')), { what: 'the handle span' });

    const byName = (name: string) => ours.filter((s) => s.name === name);
    const [server] = byName('POST /orders');
    const [create] = byName('create orders.order.events.v1');
    const [send] = byName('send orders.order.events.v1');
    const [process] = byName('process orders.order.events.v1');
    const [handle] = byName('handle parcelstream.order.created.v1');
    expect(server).toMatchObject({ kind: SpanKind.SERVER, attributes: { 'http.route': '/orders', 'http.response.status_code': 201 } });
    expect(server.resource.attributes['service.name']).toBe(serviceName);
    expect(parentOf(server)).toBe(caller.spanContext().spanId);
    expect(parentOf(create)).toBe(id(server));
    expect(create.attributes['parcelstream.order_numbers']).toEqual([orderNumber]);
    expect(parentOf(send)).toBe(id(create));
    expect(parentOf(process)).toBe(id(send));
    expect(process.kind).toBe(SpanKind.CONSUMER);
    expect(process.links.map((l) => l.context.spanId)).toContain(id(send));
    expect(parentOf(handle)).toBe(id(process));
    expect(handle.attributes['parcelstream.order_numbers']).toEqual([orderNumber]);
    expect(ours.every((s) => s.status.code !== SpanStatusCode.ERROR)).toBe(true);
  });

  it('an unexpected error is a 500 whose server span is ERROR and holds the exception', async () => {
    const res = await fetch(`http://127.0.0.1:${PORT}/orders/broken`);
    expect(res.status).toBe(500);
    const traceId = res.headers.get('x-request-id')!;
    const [server] = await waitFor(
      () => spans().filter((s) => s.spanContext().traceId === traceId),
      (s) => s.length === 1,
      { what: 'the server span' },
    );
    expect(server).toMatchObject({ name: 'GET /orders/broken', status: { code: SpanStatusCode.ERROR } });
    expect(server.events).toEqual([expect.objectContaining({ name: 'exception', attributes: expect.objectContaining({ 'exception.message': 'database on fire' }) })]);
    expect(await res.text()).not.toContain('database on fire'); // the trace has it, the client does not
  });
});
