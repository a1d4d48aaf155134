import type { INestApplication } from '@nestjs/common';
import { CALLER_HEADER, callerIdentitySecret, signCaller, type Caller } from '@parcelstream/caller-identity';
import { Topics, TrackingTimelineChangedEvent, type NormalizedTrackingEvent, type TrackingTimelineChanged } from '@parcelstream/contracts';
import { createServiceApp, runServiceMigrations, ServiceModule } from '@parcelstream/service-runtime';
import { createPlatformDatabase, SseClient, TopicRecorder, uniqueName, waitFor } from '@parcelstream/testing';
import { Kafka, logLevel } from 'kafkajs';
import { DEFAULT_TRACKING_CONFIG, type TrackingConfig } from '../src/config/tracking-config';
import { TRACKING_SCHEMA, trackingDataSourceOptions } from '../src/database/tracking-data-source';
import { TimelineChangesListener } from '../src/live/timeline-changes.listener';
import { TrackingModule } from '../src/tracking.module';
import { checkpoint, createdMessage, HOUR, normalizedMessage, shipmentCreated } from './support/tracking-fixtures';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely in assertions
type Json = Record<string, any>;

const PORT_A = 13701;
const PORT_B = 13702;
const B_MAX_STREAMS = 6;

const buyerA: Caller = { kind: 'user', sub: 'buyer-a', role: 'buyer' };
const buyerB: Caller = { kind: 'user', sub: 'buyer-b', role: 'buyer' };
const callerHeader = (caller?: Caller): Record<string, string> => (caller ? { [CALLER_HEADER]: signCaller(caller, callerIdentitySecret())! } : {});

/**
 * Live tracking over two tracking-service instances in one database (real Kafka and Postgres): A ingests the
 * carrier events; B consumes nothing but its own live group on tracking.timeline.changes.v1 and serves the
 * streams — so whatever B streams after it opened came from A's ingestion through Kafka.
 */
describe('live tracking: SSE per tracking number across replicas, resumable (real Kafka and Postgres)', () => {
  let db: Awaited<ReturnType<typeof createPlatformDatabase>>;
  let a: INestApplication;
  let b: INestApplication | undefined;
  let recorder: TopicRecorder;
  const open: SseClient[] = [];
  const baseB = `http://127.0.0.1:${PORT_B}`;
  /**
   * A's name, its CloudEvents source: other suites' tracking-services on the shared broker may fold this test's
   * events too (into their own databases) and publish their own timeline changes for the same shipment ids
   */
  const serviceA = uniqueName('tracking-live-a');

  const start = async (port: number, ingest: boolean, config: Partial<TrackingConfig>) => {
    const url = db.urls['tracking-service'];
    const app = await createServiceApp(
      ServiceModule.forService({
        serviceName: ingest ? serviceA : 'tracking-service',
        schema: TRACKING_SCHEMA,
        dataSource: trackingDataSourceOptions(url),
        imports: [TrackingModule.forRoot({ ...DEFAULT_TRACKING_CONFIG, sweepIntervalMs: 3_600_000, ...config })],
        // from the end: the shared broker's history of carrier events (other suites') is not this test's
        messaging: { brokers: process.env.KAFKA_BROKERS!.split(','), consumerGroup: uniqueName('tracking-live-it').replace(/\./g, '-'), retryDelaysMs: [200], fromBeginning: false },
      }),
      { name: 'tracking-service', port, logLevel: 'fatal', consumeEvents: ingest },
    );
    await app.init();
    await app.startAllMicroservices();
    await app.listen(port, '127.0.0.1');
    return app;
  };

  beforeAll(async () => {
    db = await createPlatformDatabase();
    await runServiceMigrations(trackingDataSourceOptions(db.urls['tracking-service']), () => undefined);
    recorder = await new TopicRecorder().record([Topics.TrackingTimelineChanges]);
    a = await start(PORT_A, true, {});
    b = await start(PORT_B, false, { streamHeartbeatMs: 200, streamMaxConnections: B_MAX_STREAMS });
  }, 90_000);

  afterEach(() => {
    for (const c of open.splice(0)) c.close();
  });

  afterAll(async () => {
    for (const c of open.splice(0)) c.close();
    await b?.close();
    await a?.close();
    await recorder?.close();
    await db?.drop();
  });

  const stream = async (n: string, headers: Record<string, string | undefined> = {}) => {
    const client = await SseClient.open(`${baseB}/tracking/${encodeURIComponent(n)}/stream`, headers);
    open.push(client);
    return client;
  };
  const view = async (n: string, caller?: Caller) => {
    const res = await fetch(`${baseB}/tracking/${encodeURIComponent(n)}`, { headers: callerHeader(caller) });
    return { status: res.status, body: (await res.json()) as Json };
  };
  /** publishes shipment.created and waits until it is applied (the owners are known): its version comes first */
  const created = async (s: ReturnType<typeof shipmentCreated>) => {
    await recorder.publish([createdMessage(s)]);
    await waitFor(() => view(s.trackingNumber!, buyerA), (r) => r.status === 200 && r.body.orderNumber === s.orderNumber, { what: 'shipment.created applied' });
  };
  /** publishes one checkpoint and waits until B's GET shows `events` events: one ingestion batch, one version */
  const apply = async (n: string, e: NormalizedTrackingEvent, events: number) => {
    await recorder.publish([normalizedMessage(e)]);
    return waitFor(() => view(n), (r) => r.status === 200 && r.body.events.length === events, { what: `${events} events on ${n}` });
  };
  const timelineChanges = (shipmentId: string) =>
    recorder.events<TrackingTimelineChanged>(TrackingTimelineChangedEvent.type, (p) => p.shipmentId === shipmentId).filter((e) => e.source === `/parcelstream/${serviceA}`);

  it("a stream on B opens with the current view and gets the change A's ingestion makes, through Kafka; heartbeats between", async () => {
    const s = shipmentCreated();
    const n = s.trackingNumber!;
    const t0 = Date.now() - 10 * HOUR;
    await created(s);
    await apply(n, checkpoint({ shipmentId: s.shipmentId, trackingNumber: n, status: 'INFO_RECEIVED', occurredAt: new Date(t0).toISOString() }), 1);

    const sub = await stream(n);
    expect(sub.status).toBe(200);
    expect(sub.contentType).toMatch(/^text\/event-stream/);
    expect(sub.response.headers['cache-control']).toContain('no-cache');
    const [first] = await sub.waitForEvents(1, 'the opening view');
    expect(first.event).toBe('timeline');
    const v0 = Number(first.id);
    expect(v0).toBeGreaterThanOrEqual(1);
    expect(sub.views[0]).toEqual((await view(n)).body);

    const pickup = checkpoint({ shipmentId: s.shipmentId, trackingNumber: n, status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.PICKED_UP', occurredAt: new Date(t0 + HOUR).toISOString(), location: { city: 'Shenzhen', countryCode: 'CN', facility: 'SZX hub 3' } });
    await recorder.publish([normalizedMessage(pickup)]);
    await sub.waitForEvents(2, 'the change made on A');
    expect(sub.ids).toEqual([v0, v0 + 1]);
    expect(sub.views[1]).toMatchObject({ status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.PICKED_UP', lastLocation: { city: 'Shenzhen', countryCode: 'CN' } });
    expect(sub.views[1].events.map((e: Json) => e.id)).toEqual([sub.views[0].events[0].id, pickup.eventId]);
    expect(sub.views[1]).toEqual((await view(n)).body);
    expect(JSON.stringify(sub.views)).not.toContain('SZX hub'); // anonymous: the public view

    // the change went out on Kafka from the outbox: one per version, in order, what changed and no view
    const changes = await waitFor(() => timelineChanges(s.shipmentId), (l) => l.some((e) => e.payload.version === v0 + 1), { what: 'the change on Kafka' });
    expect(changes.map((e) => e.payload.version)).toEqual(Array.from({ length: v0 + 1 }, (_, i) => i + 1));
    expect(changes[v0].payload).toMatchObject({ status: 'IN_TRANSIT', eventCount: 2 });
    expect(changes[v0].payload.changes).toEqual(expect.arrayContaining(['EVENTS', 'STATUS', 'LOCATION']));
    await waitFor(() => sub.comments.filter((c) => c === 'heartbeat').length, (k) => k >= 2, { what: 'heartbeats' });
  });

  it('a client that reconnects with Last-Event-ID gets exactly the versions it missed, each as it was, then live ones; no duplicates', async () => {
    const s = shipmentCreated();
    const n = s.trackingNumber!;
    const t0 = Date.now() - 20 * HOUR;
    const ev = (h: number, status: NormalizedTrackingEvent['status'], substatus?: string) =>
      checkpoint({ shipmentId: s.shipmentId, trackingNumber: n, status, substatus, occurredAt: new Date(t0 + h * HOUR).toISOString() });
    await created(s);
    await apply(n, ev(0, 'INFO_RECEIVED'), 1);
    const first = await stream(n);
    await first.waitForEvents(1);
    await recorder.publish([normalizedMessage(ev(1, 'IN_TRANSIT', 'IN_TRANSIT.PICKED_UP'))]);
    await first.waitForEvents(2);
    const lastSeen = first.ids[1];
    first.close();

    const missed = [ev(2, 'IN_TRANSIT', 'IN_TRANSIT.DEPARTED_ORIGIN_COUNTRY'), ev(3, 'IN_TRANSIT', 'IN_TRANSIT.CUSTOMS_PROCESSING')];
    await apply(n, missed[0], 3);
    await apply(n, missed[1], 4);

    const resumed = await stream(n, { 'last-event-id': String(lastSeen) });
    await resumed.waitForEvents(2, 'the two missed versions');
    expect(resumed.ids).toEqual([lastSeen + 1, lastSeen + 2]);
    // each as of its version: the first replayed one has not the later event yet
    expect(resumed.views.map((v) => v.events.length)).toEqual([3, 4]);
    expect(resumed.views.map((v) => v.substatus)).toEqual(['IN_TRANSIT.DEPARTED_ORIGIN_COUNTRY', 'IN_TRANSIT.CUSTOMS_PROCESSING']);
    expect(resumed.views[1]).toEqual((await view(n)).body);

    await recorder.publish([normalizedMessage(ev(4, 'OUT_FOR_DELIVERY'))]);
    await resumed.waitForEvents(3, 'the live version after the replay');
    await waitFor(() => resumed.comments.length, (k) => k >= 2, { what: 'two heartbeats after it (time for a duplicate to show)' });
    expect(resumed.ids).toEqual([lastSeen + 1, lastSeen + 2, lastSeen + 3]);
    expect(resumed.views[2]).toMatchObject({ status: 'OUT_FOR_DELIVERY' });

    // up to date: nothing but what comes next; ahead of the shipment (a foreign id): the current view again
    const upToDate = await stream(n, { 'last-event-id': String(lastSeen + 3) });
    const ahead = await stream(n, { 'last-event-id': String(lastSeen + 1000) });
    await ahead.waitForEvents(1);
    expect(ahead.ids).toEqual([lastSeen + 3]);
    await waitFor(() => upToDate.comments.length, (k) => k >= 2, { what: 'heartbeats on the up-to-date stream' });
    expect(upToDate.events).toEqual([]);
    await recorder.publish([normalizedMessage(ev(5, 'DELIVERED', 'DELIVERED.SIGNED'))]);
    await upToDate.waitForEvents(1);
    expect(upToDate.ids).toEqual([lastSeen + 4]);
    expect(upToDate.views[0]).toMatchObject({ status: 'DELIVERED' });
  });

  it('multi-leg: the stream by the last-mile number is the one timeline; the last-mile scan (no shipment id) reaches both numbers', async () => {
    const s = shipmentCreated();
    const firstLeg = s.trackingNumber!;
    const lastMile = `LM${Date.now()}${Math.floor(Math.random() * 1000)}`;
    const t0 = Date.now() - 8 * HOUR;
    await created(s);
    await apply(firstLeg, checkpoint({ shipmentId: s.shipmentId, trackingNumber: firstLeg, status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.PICKED_UP', occurredAt: new Date(t0).toISOString() }), 1);
    await apply(
      firstLeg,
      checkpoint({ shipmentId: s.shipmentId, trackingNumber: firstLeg, status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.HANDED_TO_LAST_MILE', occurredAt: new Date(t0 + HOUR).toISOString(), nextTrackingNumber: lastMile, nextCarrierCode: 'sim-lastmile' }),
      2,
    );
    const byLastMile = await stream(lastMile);
    const byFirst = await stream(firstLeg);
    await byLastMile.waitForEvents(1);
    await byFirst.waitForEvents(1);
    expect(byLastMile.ids).toEqual(byFirst.ids);
    expect(byLastMile.views[0]).toMatchObject({ trackingNumber: lastMile, legs: [{ carrierCode: 'sim-post', trackingNumber: firstLeg }, { carrierCode: 'sim-lastmile', trackingNumber: lastMile }] });

    const delivered = checkpoint({ carrierCode: 'sim-lastmile', trackingNumber: lastMile, status: 'DELIVERED', substatus: 'DELIVERED.LEFT_AT_DOOR', occurredAt: new Date(t0 + 5 * HOUR).toISOString() });
    await recorder.publish([normalizedMessage(delivered)]);
    await byLastMile.waitForEvents(2);
    await byFirst.waitForEvents(2);
    expect(byLastMile.ids).toEqual([byFirst.ids[0], byFirst.ids[0] + 1]);
    expect(byFirst.ids).toEqual(byLastMile.ids);
    for (const sub of [byLastMile, byFirst]) expect(sub.views[1]).toMatchObject({ status: 'DELIVERED', substatus: 'DELIVERED.LEFT_AT_DOOR' });
    const { trackingNumber: t1, carrier: c1, ...restLast } = byLastMile.views[1];
    const { trackingNumber: t2, carrier: c2, ...restFirst } = byFirst.views[1];
    expect([t1, t2]).toEqual([lastMile, firstLeg]);
    expect(c1).not.toEqual(c2);
    expect(restLast).toEqual(restFirst);
    expect(restLast.events.map((e: Json) => e.id)).toContain(delivered.eventId);
  });

  it("the GET's rules: the buyer streams the full view, another buyer and anonymous the public one (replays too); unknown number 404, bad Last-Event-ID 400", async () => {
    const s = shipmentCreated();
    const n = s.trackingNumber!;
    await created(s);
    const scan = checkpoint({ shipmentId: s.shipmentId, trackingNumber: n, status: 'IN_TRANSIT', location: { city: 'Shenzhen', countryCode: 'CN', facility: 'SZX hub 3' } });
    await recorder.publish([normalizedMessage(scan)]);
    await waitFor(() => view(n, buyerA), (r) => r.status === 200 && r.body.events.length === 1 && r.body.orderNumber === s.orderNumber, { what: 'owners and the scan' });

    const owner = await stream(n, callerHeader(buyerA));
    const other = await stream(n, { ...callerHeader(buyerB), 'last-event-id': '0' }); // a replay from the start
    await owner.waitForEvents(1);
    await other.waitForEvents(1);
    expect(owner.views[0]).toMatchObject({ orderNumber: s.orderNumber, events: [{ location: { city: 'Shenzhen', countryCode: 'CN', facility: 'SZX hub 3' } }] });
    for (const v of other.views) {
      expect(v.orderNumber).toBeUndefined();
      expect(JSON.stringify(v)).not.toContain('SZX hub');
    }
    expect(other.views[other.views.length - 1].events[0].location).toEqual({ city: 'Shenzhen', countryCode: 'CN' });
    expect(other.ids).toEqual(Array.from({ length: other.ids.length }, (_, i) => i + 1)); // every version, from 1
    expect(other.ids[other.ids.length - 1]).toBe(owner.ids[0]);

    const unknown = await stream('RB000000000XX');
    expect(unknown.status).toBe(404);
    expect(unknown.contentType).toContain('application/problem+json');
    expect(JSON.parse(await unknown.waitForBody())).toMatchObject({ status: 404, instance: '/tracking/RB000000000XX/stream' });
    const bad = await stream(n, { 'last-event-id': 'yesterday' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(await bad.waitForBody()).detail).toMatch(/Last-Event-ID/);
  });

  it('STREAM_MAX_CONNECTIONS per process: one more is a 503 with Retry-After; a client that hangs up frees its place', async () => {
    const s = shipmentCreated();
    await created(s);
    await waitFor(() => view(s.trackingNumber!), (r) => r.status === 200, { what: 'the shipment' });
    const subs = [];
    for (let i = 0; i < B_MAX_STREAMS; i++) subs.push(await stream(s.trackingNumber!));
    expect(subs.map((x) => x.status)).toEqual(Array(B_MAX_STREAMS).fill(200));
    const refused = await stream(s.trackingNumber!);
    expect(refused.status).toBe(503);
    expect(refused.response.headers['retry-after']).toBe('5');
    expect(refused.contentType).toContain('application/problem+json');
    subs[0].close();
    const again = await waitFor(() => stream(s.trackingNumber!), (c) => c.status === 200, { what: 'a place again' });
    await again.waitForEvents(1);
  });

  it('shutdown: streams end before the app is closed, the group of the replica is deleted', async () => {
    const s = shipmentCreated();
    await created(s);
    await waitFor(() => view(s.trackingNumber!), (r) => r.status === 200, { what: 'the shipment' });
    const sub = await stream(s.trackingNumber!);
    await sub.waitForEvents(1);
    const group = b!.get(TimelineChangesListener).groupId;
    const admin = new Kafka({ clientId: 'live-test-admin', brokers: process.env.KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      expect((await admin.listGroups()).groups.map((g) => g.groupId)).toContain(group);
      const started = Date.now();
      await b!.close();
      b = undefined;
      expect(Date.now() - started).toBeLessThan(10_000);
      await sub.waitForEnd();
      expect((await admin.listGroups()).groups.map((g) => g.groupId)).not.toContain(group);
    } finally {
      await admin.disconnect();
    }
  });
});
