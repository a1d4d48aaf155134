import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { IsString } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { headerString, OrderCreatedEvent, type OrderCreated } from '@parcelstream/contracts';
import { createDeadLetterTableSql, createMessagingTablesSql, KAFKA_PORT, OutboxRelay, OutboxWriter, RetryHeader, type IncomingMessage, type KafkaPort } from '@parcelstream/messaging';
import type { EventBatch } from '@parcelstream/nest-messaging';
import { createTestSchema, testDatabaseUrl, uniqueName, waitFor, type TestSchema } from '@parcelstream/testing';
import { DataSource } from 'typeorm';
import { createServiceApp, serviceDataSourceOptions, ServiceModule } from '../src';
import type { INestApplication } from '@nestjs/common';

class PlaceOrderBody {
  @IsString()
  sellerId!: string;
}

/**
 * A Nest service built from ServiceModule: an HTTP write that leaves through the outbox, and an
 * @EventPattern handler fed by the batch transport (inbox + effect in one transaction, dead letters).
 */
describe('ServiceModule with the Kafka batch transport (real Kafka and Postgres)', () => {
  let db: TestSchema;
  let app: INestApplication;
  let baseUrl: string;
  const serviceName = uniqueName('svc').replace(/\./g, '-');

  beforeAll(async () => {
    db = await createTestSchema('service_module', {
      setupSql: (s) => [...createMessagingTablesSql(s), ...createDeadLetterTableSql(s), `CREATE TABLE "${s}".order_notes (order_id uuid NOT NULL, seller_id text NOT NULL)`],
    });
    const schema = db.schema;

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
          orderNumber: 'PS-7KQ2-9XMD-4TAB',
          buyerId: 'buyer-1',
          sellerId: body.sellerId,
          items: [{ sku: 'SKU-1', quantity: 1 }],
          shipFromCountryCode: 'CN',
          shipToCountryCode: 'DE',
          createdAt: new Date().toISOString(),
        };
        await this.dataSource.transaction((tx) => this.outbox.append(tx, [{ contract: OrderCreatedEvent, key: payload.orderId, payload }]));
        this.relay.wake();
        return { orderId: payload.orderId };
      }
    }

    @Controller()
    class OrderNotesEventsController {
      @EventPattern(OrderCreatedEvent.type)
      async onOrderCreated(@Payload() batch: EventBatch<OrderCreated>) {
        if (batch.events.some((e) => e.payload.sellerId === 'blocked-seller')) throw new Error('seller blocked by test');
        await batch.tx.query(`INSERT INTO "${schema}".order_notes SELECT * FROM unnest($1::uuid[], $2::text[])`, [
          batch.events.map((e) => e.payload.orderId),
          batch.events.map((e) => e.payload.sellerId),
        ]);
      }
    }

    @Module({ controllers: [OrdersHttpController, OrderNotesEventsController] })
    class OrderNotesModule {}

    app = await createServiceApp(
      ServiceModule.forService({
        serviceName,
        schema,
        dataSource: serviceDataSourceOptions({ url: testDatabaseUrl(), schema, migrations: [] }),
        imports: [OrderNotesModule],
        messaging: { brokers: process.env.KAFKA_BROKERS!.split(','), retryDelaysMs: [200] },
      }),
      { name: serviceName, port: 0, logLevel: 'fatal' },
    );
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const notes = async (orderId: string) =>
    (await db.dataSource.query(`SELECT seller_id FROM "${db.schema}".order_notes WHERE order_id = $1`, [orderId])) as { seller_id: string }[];

  it('an HTTP write leaves through the outbox and comes back through the @EventPattern handler, once', async () => {
    const res = await fetch(`${baseUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sellerId: 'seller-a' }) });
    expect(res.status).toBe(201);
    const { orderId } = (await res.json()) as { orderId: string };
    await waitFor(() => notes(orderId), (rows) => rows.length > 0, { what: 'the order note' });
    await new Promise((r) => setTimeout(r, 500));
    expect(await notes(orderId)).toEqual([{ seller_id: 'seller-a' }]);
  });

  it('/metrics shows the outbox backlog, its age and what the relay published', async () => {
    const metric = (text: string, name: string) => Number(new RegExp(`^${name} ([0-9.e+-]+)$`, 'm').exec(text)?.[1] ?? NaN);
    const text = await (await fetch(`${baseUrl}/metrics`)).text();
    expect(metric(text, 'messaging_outbox_published_total')).toBeGreaterThanOrEqual(1); // the order above
    expect(metric(text, 'messaging_outbox_pending')).toBeGreaterThanOrEqual(0);
    expect(metric(text, 'messaging_outbox_oldest_age_seconds')).toBeGreaterThanOrEqual(0);
    // the consumer that applied the order reports its lag per partition (caught up: 0)
    expect(text).toMatch(/^messaging_consumer_lag\{group="[^"]+",topic="orders\.order\.events\.v1",partition="\d+"\} 0$/m);
  });

  it('refuses unknown properties with an RFC 9457 problem naming the field', async () => {
    const res = await fetch(`${baseUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sellerId: 's', street: 'x' }) });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 400, errors: [{ field: 'street', message: 'property street should not exist' }] });
  });

  it("dead-letters an event whose handler throws, with the handler's own error", async () => {
    const kafka = app.get<KafkaPort>(KAFKA_PORT);
    const deadLetters: IncomingMessage[] = [];
    const collector = await kafka.subscribe({
      groupId: uniqueName('dlq-reader'),
      topics: [`${serviceName}.dead-letter.v1`],
      onBatch: async (b) => {
        deadLetters.push(...b.messages);
        await b.commit((BigInt(b.messages[b.messages.length - 1].offset) + 1n).toString());
      },
    });
    try {
      const res = await fetch(`${baseUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sellerId: 'blocked-seller' }) });
      const { orderId } = (await res.json()) as { orderId: string };
      // the topic is shared with earlier runs: find this order's dead letter
      const ours = () => deadLetters.find((m) => m.value?.toString().includes(orderId) && (JSON.parse(m.value.toString()) as OrderCreated).orderId === orderId);
      const dead = (await waitFor(ours, (m) => m !== undefined, { what: 'a dead letter', timeoutMs: 30_000 }))!;
      expect(headerString(dead.headers, RetryHeader.lastError)).toContain('seller blocked by test');
      expect(headerString(dead.headers, RetryHeader.originalTopic)).toBe('orders.order.events.v1');
      expect(await notes(orderId)).toEqual([]);
    } finally {
      await collector.stop();
    }
  }, 40_000);
});
