import { Controller, Module, type INestApplication } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { callerIdentitySecret, CALLER_HEADER, signCaller, type Caller } from '@parcelstream/caller-identity';
import { headerString, OrderCreatedEvent, Topics, type OrderCreated } from '@parcelstream/contracts';
import { createDeadLetterTableSql, createMessagingTablesSql, DeadLetterStore, KAFKA_PORT, RetryHeader, type IncomingMessage, type KafkaPort } from '@parcelstream/messaging';
import type { EventBatch } from '@parcelstream/nest-messaging';
import { cloudEventMessage, createTestSchema, testDatabaseUrl, uniqueName, waitFor, type TestSchema } from '@parcelstream/testing';
import { createServiceApp, deadLetterIdPrefixOf, serviceDataSourceOptions, ServiceModule, type DeadLetterPage, type DeadLetterView } from '../src';

/**
 * A service built from ServiceModule whose handler fails while a flag is set ("the cause"): the poison event
 * is retried, dead-lettered (topic and table), listed by `GET /ops/dead-letters`, and after the cause is
 * fixed a replay through the outbox applies it exactly once — a second replay is de-duplicated by the inbox.
 */
describe('dead letters: inspect and replay over HTTP (real Kafka and Postgres)', () => {
  let db: TestSchema;
  let app: INestApplication;
  let baseUrl: string;
  let kafka: KafkaPort;
  const serviceName = uniqueName('dlq-svc').replace(/\./g, '-');
  const flakySeller = uniqueName('flaky-seller'); // unique per run: copies left on the shared topic by earlier runs do not fail
  const cause = { broken: true };

  const ops: Caller = { kind: 'user', sub: 'ops-1', role: 'ops' };
  const seller: Caller = { kind: 'user', sub: 'user-9', role: 'seller', sellerId: 'seller-9' };
  const as = (caller: Caller) => ({ [CALLER_HEADER]: signCaller(caller, callerIdentitySecret())! });

  beforeAll(async () => {
    db = await createTestSchema('dead_letter_replay', {
      setupSql: (s) => [...createMessagingTablesSql(s), ...createDeadLetterTableSql(s), `CREATE TABLE "${s}".order_notes (order_id uuid NOT NULL, seller_id text NOT NULL)`],
    });
    const schema = db.schema;

    @Controller()
    class OrderNotesEventsController {
      @EventPattern(OrderCreatedEvent.type)
      async onOrderCreated(@Payload() batch: EventBatch<OrderCreated>) {
        if (cause.broken && batch.events.some((e) => e.payload.sellerId === flakySeller)) throw new Error('the flaky seller directory is down');
        await batch.tx.query(`INSERT INTO "${schema}".order_notes SELECT * FROM unnest($1::uuid[], $2::text[])`, [
          batch.events.map((e) => e.payload.orderId),
          batch.events.map((e) => e.payload.sellerId),
        ]);
      }
    }

    @Module({ controllers: [OrderNotesEventsController] })
    class OrderNotesModule {}

    app = await createServiceApp(
      ServiceModule.forService({
        serviceName,
        schema,
        dataSource: serviceDataSourceOptions({ url: testDatabaseUrl(), schema, migrations: [] }),
        imports: [OrderNotesModule],
        messaging: { brokers: process.env.KAFKA_BROKERS!.split(','), retryDelaysMs: [200, 200] },
      }),
      { name: serviceName, port: 0, logLevel: 'fatal' },
    );
    await app.init();
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    kafka = app.get<KafkaPort>(KAFKA_PORT);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const key = randomUUID(); // one key: every message below sits in one partition, in this order
  const order = (sellerId: string) => {
    const payload: OrderCreated = {
      orderId: randomUUID(),
      orderNumber: 'PS-7KQ2-9XMD-4TAB',
      buyerId: 'buyer-1',
      sellerId,
      items: [{ sku: 'SKU-1', quantity: 1 }],
      shipFromCountryCode: 'CN',
      shipToCountryCode: 'DE',
      createdAt: new Date().toISOString(),
    };
    return { payload, message: cloudEventMessage(Topics.OrderEvents, OrderCreatedEvent.type, key, payload) };
  };
  const notesOf = async (orderId: string) =>
    ((await db.dataSource.query(`SELECT count(*)::int AS n FROM "${db.schema}".order_notes WHERE order_id = $1`, [orderId])) as { n: number }[])[0].n;
  const listAll = async (): Promise<DeadLetterView[]> => {
    const seen: DeadLetterView[] = [];
    for (let cursor: string | null = null, pages = 0; pages === 0 || cursor; pages++) {
      const res = await fetch(`${baseUrl}/ops/dead-letters?limit=1${cursor ? `&cursor=${cursor}` : ''}`, { headers: as(ops) });
      expect(res.status).toBe(200);
      const page = (await res.json()) as DeadLetterPage;
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.items);
      cursor = page.nextCursor;
    }
    return seen;
  };

  const good = [order('seller-ok'), order('seller-ok'), order('seller-ok')];
  const poison = order(flakySeller);
  // not published: a malformed message on a shared catalog topic would be dead-lettered by every other suite's consumers too
  const notJson = { ceId: randomUUID(), value: '{"orderId": ' };
  const after = [order('seller-ok'), order('seller-ok'), order('seller-ok')];
  let poisonView: DeadLetterView;
  let notJsonView: DeadLetterView;

  it('dead-letters the poison within 5 attempts (topic with headers, and table) while the rest of the partition flows', async () => {
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
      await kafka.publish([...good.map((g) => g.message), poison.message, ...after.map((g) => g.message)]);
      const ours = () => deadLetters.find((m) => headerString(m.headers, 'ce_id') === poison.message.headers.ce_id);
      const dead = (await waitFor(ours, (m) => m !== undefined, { what: "the poison's dead letter", timeoutMs: 60_000 }))!;
      expect(headerString(dead.headers, RetryHeader.deadLetterReason)).toBe('handler-failed');
      expect(Number(headerString(dead.headers, RetryHeader.attempts))).toBe(3);
      expect(headerString(dead.headers, RetryHeader.originalTopic)).toBe(Topics.OrderEvents);
      expect(headerString(dead.headers, RetryHeader.originalOffset)).toMatch(/^\d+$/);
      expect(headerString(dead.headers, RetryHeader.lastError)).toContain('the flaky seller directory is down');
      for (const g of [...good, ...after]) expect(await notesOf(g.payload.orderId)).toBe(1);
      expect(await notesOf(poison.payload.orderId)).toBe(0);

      const [row] = (await db.dataSource.query(
        `SELECT reason, attempts, original_topic, original_offset::text AS original_offset FROM "${db.schema}".dead_letter WHERE headers->>'ce_id' = $1`,
        [poison.message.headers.ce_id],
      )) as { reason: string; attempts: number; original_topic: string; original_offset: string }[];
      expect(row).toEqual({ reason: 'handler-failed', attempts: 3, original_topic: Topics.OrderEvents, original_offset: headerString(dead.headers, RetryHeader.originalOffset) });
    } finally {
      await collector.stop();
    }
  }, 90_000);

  it('lists the dead letters for ops, newest first, page by page', async () => {
    await new DeadLetterStore(db.schema).record(db.dataSource, [
      {
        consumerGroup: serviceName,
        originalTopic: Topics.OrderEvents,
        originalPartition: 0,
        originalOffset: '-1',
        key,
        headers: { ce_id: notJson.ceId, ce_type: OrderCreatedEvent.type },
        payload: Buffer.from(notJson.value),
        reason: 'invalid-json',
        lastError: 'SyntaxError: Unexpected end of JSON input',
        attempts: 1,
        failedAt: new Date(),
      },
    ]);
    const all = await waitFor(listAll, (items) => items.some((i) => i.headers.ce_id === notJson.ceId), { what: 'both dead letters listed' });
    expect(new Set(all.map((i) => i.id)).size).toBe(all.length);
    const failedAt = all.map((i) => Date.parse(i.failedAt));
    expect([...failedAt].sort((a, b) => b - a)).toEqual(failedAt);

    poisonView = all.find((i) => i.headers.ce_id === poison.message.headers.ce_id)!;
    notJsonView = all.find((i) => i.headers.ce_id === notJson.ceId)!;
    const prefix = deadLetterIdPrefixOf(db.schema);
    expect(poisonView).toMatchObject({
      consumerGroup: serviceName,
      originalTopic: Topics.OrderEvents,
      key,
      reason: 'handler-failed',
      attempts: 3,
      payload: poison.message.value,
      replayCount: 0,
      replayedAt: null,
    });
    expect(poisonView.id).toMatch(new RegExp(`^${prefix}:[0-9a-f-]{36}$`));
    expect(poisonView.lastError).toContain('the flaky seller directory is down');
    expect(notJsonView).toMatchObject({ reason: 'invalid-json', attempts: 1, payload: notJson.value });
    expect(all.indexOf(notJsonView)).toBeLessThan(all.indexOf(poisonView)); // newer
    expect(deadLetterIdPrefixOf('carrier_sync')).toBe('carrier-sync');

    const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`messaging_dead_letters_total\\{group="${serviceName}",topic="${Topics.OrderEvents}",reason="handler-failed"\\} [1-9]`));
  }, 40_000);

  it('refuses callers who are not ops, and bad cursors and unknown ids with problem JSON', async () => {
    const tampered = { [CALLER_HEADER]: `${as(ops)[CALLER_HEADER].split('.')[0]}.${as(seller)[CALLER_HEADER].split('.')[1]}` };
    for (const [headers, status] of [
      [{}, 401],
      [tampered, 401],
      [as(seller), 403],
      [as({ kind: 'user', sub: 'buyer-1', role: 'buyer' }), 403],
    ] as const) {
      const list = await fetch(`${baseUrl}/ops/dead-letters`, { headers });
      expect(list.status).toBe(status);
      expect(list.headers.get('content-type')).toContain('application/problem+json');
      const replay = await fetch(`${baseUrl}/ops/dead-letters/${encodeURIComponent(poisonView.id)}/replay`, { method: 'POST', headers });
      expect(replay.status).toBe(status);
    }

    const badCursor = await fetch(`${baseUrl}/ops/dead-letters?cursor=nonsense`, { headers: as(ops) });
    expect(badCursor.status).toBe(400);
    expect(await badCursor.json()).toMatchObject({ status: 400, errors: [{ field: 'cursor' }] });
    expect((await fetch(`${baseUrl}/ops/dead-letters?limit=0`, { headers: as(ops) })).status).toBe(400);

    const prefix = deadLetterIdPrefixOf(db.schema);
    for (const id of [`${prefix}:${randomUUID()}`, `shipments:${poisonView.id.split(':')[1]}`, 'garbage', `${prefix}:not-a-uuid`]) {
      const res = await fetch(`${baseUrl}/ops/dead-letters/${encodeURIComponent(id)}/replay`, { method: 'POST', headers: as(ops) });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.json()).toMatchObject({ status: 404, title: 'Not Found' });
    }
    const notReplayable = await fetch(`${baseUrl}/ops/dead-letters/${encodeURIComponent(notJsonView.id)}/replay`, { method: 'POST', headers: as(ops) });
    expect(notReplayable.status).toBe(409);
    expect((await db.dataSource.query(`SELECT count(*)::int AS n FROM "${db.schema}".outbox`))[0].n).toBe(0);
  });

  it('after the cause is fixed, a replay applies the event exactly once; replaying again is counted and de-duplicated', async () => {
    expect(await notesOf(poison.payload.orderId)).toBe(0); // the refused replays above changed nothing
    cause.broken = false;
    const replay = () => fetch(`${baseUrl}/ops/dead-letters/${encodeURIComponent(poisonView.id)}/replay`, { method: 'POST', headers: as(ops) });

    const first = await replay();
    expect(first.status).toBe(202);
    expect(await first.json()).toMatchObject({ id: poisonView.id, replayCount: 1, replayedAt: expect.any(String) });
    await waitFor(() => notesOf(poison.payload.orderId), (n) => n > 0, { what: 'the replayed event applied', timeoutMs: 30_000 });

    const second = await replay();
    expect(second.status).toBe(202);
    expect(await second.json()).toMatchObject({ replayCount: 2 });
    // once the relay has sent the second copy, a sentinel behind it in the same partition proves it was consumed
    const outboxRows = async () => ((await db.dataSource.query(`SELECT count(*)::int AS n FROM "${db.schema}".outbox`)) as { n: number }[])[0].n;
    await waitFor(outboxRows, (n) => n === 0, { what: 'the outbox drained' });
    const sentinel = order('seller-ok');
    await kafka.publish([sentinel.message]);
    await waitFor(() => notesOf(sentinel.payload.orderId), (n) => n > 0, { what: 'the sentinel applied', timeoutMs: 30_000 });

    expect(await notesOf(poison.payload.orderId)).toBe(1);
    const inbox = (await db.dataSource.query(`SELECT count(*)::int AS n FROM "${db.schema}".inbox WHERE event_id = $1`, [poison.message.headers.ce_id])) as { n: number }[];
    expect(inbox[0].n).toBe(1); // the replays kept the original ce_id
    const [listed] = (await listAll()).filter((i) => i.id === poisonView.id);
    expect(listed).toMatchObject({ replayCount: 2, reason: 'handler-failed' });
    expect(Date.parse(listed.replayedAt!)).toBeGreaterThanOrEqual(Date.parse(listed.failedAt));
  }, 90_000);
});
