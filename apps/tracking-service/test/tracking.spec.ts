import type { INestApplication } from '@nestjs/common';
import { CALLER_HEADER, callerIdentitySecret, signCaller, type Caller } from '@parcelstream/caller-identity';
import {
  ShipmentCancelledEvent,
  Topics,
  TrackingEtaRevisedEvent,
  TrackingShipmentStalledEvent,
  TrackingStatusChangedEvent,
  type TrackingEtaRevised,
  type TrackingShipmentStalled,
  type TrackingStatusChanged,
} from '@parcelstream/contracts';
import { createServiceApp, runServiceMigrations, ServiceModule } from '@parcelstream/service-runtime';
import { cloudEventMessage, createPlatformDatabase, TopicRecorder, uniqueName, waitFor } from '@parcelstream/testing';
import { DataSource } from 'typeorm';
import { DEFAULT_TRACKING_CONFIG, TRACKING_CONSUMER_DEFAULTS } from '../src/config/tracking-config';
import { TRACKING_SCHEMA, trackingDataSourceOptions } from '../src/database/tracking-data-source';
import { IngestTrackingEventsUseCase } from '../src/ingestion/ingest-tracking-events.use-case';
import { LiveTrackingRepository } from '../src/live/live-tracking.repository';
import { SweepStallsUseCase } from '../src/stalls/sweep-stalls.use-case';
import { PruneTimelineVersionsUseCase } from '../src/timeline/prune-timeline-versions.use-case';
import { TrackingViewsRepository } from '../src/queries/tracking-views.repository';
import { TrackingModule } from '../src/tracking.module';
import { checkpoint, createdMessage, HOUR, localIso, normalizedMessage, shipmentCreated } from './support/tracking-fixtures';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely in assertions
type Json = Record<string, any>;

const buyerA: Caller = { kind: 'user', sub: 'buyer-a', role: 'buyer' };
const buyerB: Caller = { kind: 'user', sub: 'buyer-b', role: 'buyer' };
const sellerA: Caller = { kind: 'user', sub: 'user-seller-a', role: 'seller', sellerId: 'seller-a' };
const sellerB: Caller = { kind: 'user', sub: 'user-seller-b', role: 'seller', sellerId: 'seller-b' };
const ops: Caller = { kind: 'user', sub: 'ops-1', role: 'ops' };
const anonymous: Caller = { kind: 'anonymous' };
const LOCATION = { city: 'Leipzig', countryCode: 'DE', facility: 'LEJ hub 2' };

describe('tracking-service (real Kafka and Postgres)', () => {
  let db: Awaited<ReturnType<typeof createPlatformDatabase>>;
  let app: INestApplication;
  let baseUrl: string;
  let recorder: TopicRecorder;
  /** this suite's app, its CloudEvents source (other suites' tracking-services on the shared broker may fold the same events) */
  const SERVICE = uniqueName('tracking-it');

  beforeAll(async () => {
    db = await createPlatformDatabase();
    const url = db.urls['tracking-service'];
    await runServiceMigrations(trackingDataSourceOptions(url), () => undefined);
    app = await createServiceApp(
      ServiceModule.forService({
        serviceName: SERVICE,
        schema: TRACKING_SCHEMA,
        dataSource: trackingDataSourceOptions(url),
        imports: [TrackingModule.forRoot({ ...DEFAULT_TRACKING_CONFIG, sweepIntervalMs: 3_600_000 })],
        // from the end: the shared broker's history of other suites' carrier events would be folded first (slow, and
        // its deliveries would feed the carrier's transit statistics that the ETA test expects to be empty)
        messaging: { ...TRACKING_CONSUMER_DEFAULTS, brokers: process.env.KAFKA_BROKERS!.split(','), consumerGroup: uniqueName('tracking-service').replace(/\./g, '-'), retryDelaysMs: [200], fromBeginning: false },
      }),
      { name: 'tracking-service', port: 0, logLevel: 'fatal' },
    );
    await app.init();
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    recorder = await new TopicRecorder().record([Topics.TrackingShipmentStatus]);
  }, 60_000);

  afterAll(async () => {
    await recorder?.close();
    await app?.close();
    await db?.drop();
  });

  const call = async (caller: Caller | undefined, path: string) => {
    const identity = caller ? signCaller(caller, callerIdentitySecret()) : undefined;
    const res = await fetch(`${baseUrl}${path}`, { headers: identity ? { [CALLER_HEADER]: identity } : {} });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Json, type: res.headers.get('content-type') };
  };
  const view = (n: string, caller?: Caller) => call(caller, `/tracking/${n}`);
  /** the milestones this suite's app published */
  const publishedHere = <T>(type: string, where: (payload: T) => boolean = () => true) => recorder.events<T>(type, where).filter((e) => e.source === `/parcelstream/${SERVICE}`);
  const statusChanges = (shipmentId: string) =>
    publishedHere<TrackingStatusChanged>(TrackingStatusChangedEvent.type, (p) => p.shipmentId === shipmentId).map((e) => `${e.payload.previousStatus}>${e.payload.status}:${e.payload.substatus ?? ''}`);

  it('ingests from the real topic: out of order, duplicated, UNKNOWN codes, customs with duties → the SPEC §4 view', async () => {
    const s = shipmentCreated();
    const n = s.trackingNumber!;
    const t0 = Date.now() - 20 * HOUR;
    const ev = (h: number, status: Parameters<typeof checkpoint>[0]['status'], extra: Partial<Parameters<typeof checkpoint>[0]> = {}) =>
      checkpoint({ shipmentId: s.shipmentId, trackingNumber: n, status, occurredAt: localIso(t0 + h * HOUR, '+08:00'), location: { city: 'Shenzhen', region: 'GD', countryCode: 'CN', facility: 'SZX hub 3' }, ...extra });
    const info = ev(0, 'INFO_RECEIVED', { substatus: 'INFO_RECEIVED.LABEL_CREATED', location: undefined });
    const pickup = ev(1, 'IN_TRANSIT', { substatus: 'IN_TRANSIT.PICKED_UP', estimatedDelivery: { from: '2026-12-01T00:00:00Z', to: '2026-12-03T00:00:00Z' } });
    const odd = ev(2, 'UNKNOWN', { rawCode: 'X-77', description: 'Parcel scanned' });
    const customs = ev(3, 'IN_TRANSIT', { substatus: 'IN_TRANSIT.CUSTOMS_PROCESSING', location: { city: 'Frankfurt', countryCode: 'DE' }, occurredAt: localIso(t0 + 3 * HOUR, '+01:00') });
    const duties = ev(4, 'EXCEPTION', { substatus: 'EXCEPTION.DUTIES_UNPAID', duties: { amount: '18.40', currency: 'EUR', payer: 'BUYER' }, location: { city: 'Frankfurt', countryCode: 'DE' } });
    const dupId = normalizedMessage(pickup);
    // arrival order: newest first, a redelivered copy (same ce_id), a re-sent copy (new ce_id, same carrier event id)
    await recorder.publish([normalizedMessage(duties), normalizedMessage(odd), dupId, createdMessage(s), normalizedMessage(customs), normalizedMessage(info), { ...dupId }, normalizedMessage(pickup)]);
    const res = await waitFor(() => view(n), (r) => r.status === 200 && r.body.events.length === 5, { what: 'the view with 5 events' });

    expect(res.body).toEqual({
      trackingNumber: n,
      carrier: { code: 'sim-post', name: 'Simulated Post' },
      status: 'EXCEPTION',
      substatus: 'EXCEPTION.DUTIES_UNPAID',
      actionRequired: true,
      lastLocation: { city: 'Frankfurt', countryCode: 'DE' },
      estimatedDelivery: { from: '2026-12-01T00:00:00.000Z', to: '2026-12-03T00:00:00.000Z', source: 'CARRIER' },
      customs: { state: 'DUTIES_DUE', duties: { amount: '18.40', currency: 'EUR', payer: 'BUYER' } },
      legs: [{ carrierCode: 'sim-post', trackingNumber: n }],
      events: [info, pickup, odd, customs, duties].map((e) => ({
        id: e.eventId,
        occurredAt: e.occurredAt,
        status: e.status,
        substatus: e.substatus ?? null,
        description: e.description,
        location: e.location ? { city: e.location.city, countryCode: e.location.countryCode } : null,
        source: 'CARRIER',
        rawCode: e.rawCode,
      })),
    });
    expect(res.body.events[3].occurredAt).toMatch(/\+01:00$/); // the carrier's local time, as sent
    const raw = JSON.stringify(res.body);
    expect(raw).not.toContain('buyer-a');
    expect(raw).not.toContain('SZX hub');
  });

  it('anonymous and other users get the public view; the buyer, the seller and ops the full one; /orders/:n/tracking is 404 for others', async () => {
    const s = shipmentCreated();
    await recorder.publish([createdMessage(s), normalizedMessage(checkpoint({ shipmentId: s.shipmentId, trackingNumber: s.trackingNumber!, status: 'IN_TRANSIT', location: { city: 'Shenzhen', countryCode: 'CN', facility: 'SZX hub 3' } }))]);
    await waitFor(() => view(s.trackingNumber!, ops), (r) => r.status === 200 && r.body.status === 'IN_TRANSIT' && r.body.orderNumber, { what: 'IN_TRANSIT with owners' });
    for (const who of [undefined, buyerB, sellerB]) {
      const r = await view(s.trackingNumber!, who);
      expect(r.body.orderNumber).toBeUndefined();
      expect(r.body.events[0].location).toEqual({ city: 'Shenzhen', countryCode: 'CN' });
    }
    for (const who of [buyerA, sellerA, ops]) {
      const r = await view(s.trackingNumber!, who);
      expect(r.body.orderNumber).toBe(s.orderNumber);
      expect(r.body.events[0].location).toEqual({ city: 'Shenzhen', countryCode: 'CN', facility: 'SZX hub 3' });
      const order = await call(who, `/orders/${s.orderNumber}/tracking`);
      expect(order.status).toBe(200);
      expect(order.body).toMatchObject({ orderNumber: s.orderNumber, shipments: [{ trackingNumber: s.trackingNumber, status: 'IN_TRANSIT', orderNumber: s.orderNumber }] });
    }
    for (const who of [buyerB, sellerB]) {
      const r = await call(who, `/orders/${s.orderNumber}/tracking`);
      expect(r.status).toBe(404);
      expect(r.type).toContain('application/problem+json');
    }
    expect((await call(undefined, `/orders/${s.orderNumber}/tracking`)).status).toBe(401);
    const unknown = await view('RB000000000XX');
    expect(unknown.status).toBe(404);
    expect(unknown.type).toContain('application/problem+json');
  });

  it('lookups share queries when they come together; each still gets the view its own caller may see, with the route\'s span headers and metrics', async () => {
    const a = shipmentCreated();
    const b = shipmentCreated();
    await recorder.publish([createdMessage(a), createdMessage(b)]);
    for (const s of [a, b]) await recorder.publish([normalizedMessage(checkpoint({ shipmentId: s.shipmentId, trackingNumber: s.trackingNumber!, status: 'IN_TRANSIT', location: LOCATION }))]);
    for (const s of [a, b]) await waitFor(() => view(s.trackingNumber!, ops), (r) => r.status === 200 && r.body.status === 'IN_TRANSIT', { what: `${s.trackingNumber} in transit` });
    // one query for many lookups (what LookupBatches sends when they come together): each row its own caller's view, in order
    const asked = Array.from({ length: 48 }, (_, i) => ({ s: i % 2 ? a : b, caller: [buyerA, buyerB, sellerA, anonymous][i % 4] }));
    const lookups = [
      ...asked.map(({ s, caller }) => ({ trackingNumber: s.trackingNumber!, carrierCode: null, caller })),
      { trackingNumber: 'RB000000000XX', carrierCode: null, caller: ops },
      { trackingNumber: a.trackingNumber!, carrierCode: 'some-other-carrier', caller: ops },
      { trackingNumber: a.trackingNumber!, carrierCode: a.carrierCode, caller: ops },
    ];
    const views = await app.get(TrackingViewsRepository).byTrackingNumbers(app.get(DataSource), lookups);
    expect(views).toHaveLength(lookups.length);
    asked.forEach(({ s, caller }, i) => {
      expect(views[i]?.trackingNumber).toBe(s.trackingNumber);
      expect(views[i]?.orderNumber).toBe(caller === buyerA || caller === sellerA ? s.orderNumber : undefined);
      expect(views[i]?.events[0].location).toEqual(caller === buyerA || caller === sellerA ? LOCATION : { city: LOCATION.city, countryCode: LOCATION.countryCode });
    });
    expect(views.slice(asked.length).map((v) => v?.orderNumber)).toEqual([undefined, undefined, a.orderNumber]);
    expect(views.at(-3)).toBeUndefined();

    // the same through HTTP, side by side
    const answers = await Promise.all(asked.map(({ s, caller }) => view(s.trackingNumber!, caller === anonymous ? undefined : caller)));
    expect(answers.map((r) => [r.status, r.body.orderNumber])).toEqual(views.slice(0, asked.length).map((v) => [200, v?.orderNumber]));

    const res = await fetch(`${baseUrl}/tracking/${a.trackingNumber}`);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('etag')).toBeNull(); // answered by TrackingLookupMiddleware: Express's res.json (the controller's way) adds an ETag
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    expect(res.headers.get('traceparent')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/http_server_request_duration_seconds_count\{[^}]*route="\/tracking\/:trackingNumber"[^}]*status="200"[^}]*\} [1-9]/);

    // what the lookup route does not answer itself is the controller's, as before
    const forged = await fetch(`${baseUrl}/tracking/${a.trackingNumber}`, { headers: { [CALLER_HEADER]: 'eyJzdWIiOiJ4In0.forged' } });
    expect([forged.status, forged.headers.get('content-type')]).toEqual([401, expect.stringContaining('application/problem+json')]);
    expect((await call(undefined, `/tracking/${a.trackingNumber}?carrierCode=some-other-carrier`)).status).toBe(404);
    expect((await call(undefined, `/tracking/${a.trackingNumber}?carrierCode=${a.carrierCode}`)).body.trackingNumber).toBe(a.trackingNumber);
    expect((await call(undefined, `/tracking/${a.trackingNumber}?x=1`)).status).toBe(200); // other parameters: the controller's answer (unknown ones ignored)
  });

  it('multi-leg: a hand-over links the last-mile number; either number shows one timeline, last-mile events without a shipment id join it', async () => {
    const s = shipmentCreated();
    const first = s.trackingNumber!;
    const lastMile = `LM${Date.now()}`;
    const t0 = Date.now() - 10 * HOUR;
    // the last-mile carrier's first scan arrives before the hand-over is known, keyed by carrier:number
    const early = checkpoint({ carrierCode: 'sim-lastmile', trackingNumber: lastMile, status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.ARRIVED_AT_FACILITY', occurredAt: new Date(t0 + 3 * HOUR).toISOString() });
    await recorder.publish([
      createdMessage(s),
      normalizedMessage(early),
      normalizedMessage(checkpoint({ shipmentId: s.shipmentId, trackingNumber: first, status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.PICKED_UP', occurredAt: new Date(t0).toISOString() })),
    ]);
    await waitFor(() => view(first), (r) => r.status === 200 && r.body.events.length === 1, { what: 'first leg' });
    expect((await view(lastMile)).status).toBe(404); // not linked yet
    await recorder.publish([
      normalizedMessage(
        checkpoint({ shipmentId: s.shipmentId, trackingNumber: first, status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.HANDED_TO_LAST_MILE', occurredAt: new Date(t0 + 2 * HOUR).toISOString(), nextTrackingNumber: lastMile, nextCarrierCode: 'sim-lastmile' }),
      ),
    ]);
    const byLastMile = await waitFor(() => view(lastMile), (r) => r.status === 200 && r.body.events.length === 3, { what: 'joined timeline' });
    await recorder.publish([normalizedMessage(checkpoint({ carrierCode: 'sim-lastmile', trackingNumber: lastMile, status: 'DELIVERED', substatus: 'DELIVERED.LEFT_AT_DOOR', occurredAt: new Date(t0 + 6 * HOUR).toISOString() }))]);
    const done = await waitFor(() => view(first), (r) => r.body.status === 'DELIVERED', { what: 'DELIVERED via the last-mile number' });
    expect(byLastMile.body.legs).toEqual([
      { carrierCode: 'sim-post', trackingNumber: first },
      { carrierCode: 'sim-lastmile', trackingNumber: lastMile },
    ]);
    expect(byLastMile.body.carrier).toEqual({ code: 'sim-lastmile', name: 'Simulated Last Mile' });
    const again = await view(lastMile);
    expect(again.body.events).toEqual(done.body.events);
    expect(done.body.events.map((e: Json) => e.substatus)).toEqual(['IN_TRANSIT.PICKED_UP', 'IN_TRANSIT.HANDED_TO_LAST_MILE', 'IN_TRANSIT.ARRIVED_AT_FACILITY', 'DELIVERED.LEFT_AT_DOOR']);
    expect(done.body.estimatedDelivery).toBeNull();
  });

  it.each([
    ['the orphan first', true],
    ['the hand-over first', false],
  ])(
    'an orphan and the hand-over that links its waybill, applied in two transactions at once (%s): the orphan joins its shipment',
    async (_order, orphanFirst) => {
      // the two travel under different keys (carrier:number, shipment id), so different partitions, consumers or replicas
      const ingest = app.get(IngestTrackingEventsUseCase);
      const s = shipmentCreated();
      const lastMile = `LM${Date.now()}${orphanFirst ? 'A' : 'B'}`;
      const t0 = Date.now() - 10 * HOUR;
      const handOver = checkpoint({
        shipmentId: s.shipmentId,
        trackingNumber: s.trackingNumber!,
        status: 'IN_TRANSIT',
        substatus: 'IN_TRANSIT.HANDED_TO_LAST_MILE',
        occurredAt: new Date(t0 + 2 * HOUR).toISOString(),
        nextTrackingNumber: lastMile,
        nextCarrierCode: 'sim-lastmile',
      });
      const orphan = checkpoint({ carrierCode: 'sim-lastmile', trackingNumber: lastMile, status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.ARRIVED_AT_FACILITY', occurredAt: new Date(t0 + 3 * HOUR).toISOString() });
      const [first, second] = orphanFirst ? [orphan, handOver] : [handOver, orphan];
      let waited = false;
      const a = app.get(DataSource).createQueryRunner();
      const b = app.get(DataSource).createQueryRunner();
      await Promise.all([a.connect(), b.connect()]);
      try {
        await a.startTransaction();
        await b.startTransaction();
        await ingest.execute(a.manager, [first]);
        let secondDone = false;
        const secondApplied = ingest.execute(b.manager, [second]).then(() => (secondDone = true));
        await new Promise((r) => setTimeout(r, 500));
        waited = !secondDone; // for the first transaction's waybill lock
        await a.commitTransaction();
        await secondApplied;
        await b.commitTransaction();
      } finally {
        if (a.isTransactionActive) await a.rollbackTransaction();
        if (b.isTransactionActive) await b.rollbackTransaction();
        await Promise.all([a.release(), b.release()]);
      }
      const [{ n }] = await app.get(DataSource).query(`SELECT count(*)::int AS n FROM tracking.tracking_events WHERE tracking_number = $1 AND shipment_id IS NULL`, [lastMile]);
      expect({ orphans: n, waited }).toEqual({ orphans: 0, waited: true });
      const res = await view(lastMile);
      expect(res.status).toBe(200);
      expect(res.body.events.map((e: Json) => e.id)).toEqual([handOver.eventId, orphan.eventId]);
    },
  );

  it('stored orphans join their shipment once its waybill is linked: a re-sent copy with the shipment id, and the others of that waybill', async () => {
    const s = shipmentCreated(); // shipment.created never comes: only the events link the waybill
    const n = s.trackingNumber!;
    const t0 = Date.now() - 10 * HOUR;
    const at = (h: number) => new Date(t0 + h * HOUR).toISOString();
    const label = checkpoint({ trackingNumber: n, status: 'INFO_RECEIVED', occurredAt: at(0) });
    const pickup = checkpoint({ trackingNumber: n, status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.PICKED_UP', occurredAt: at(1) });
    await recorder.publish([normalizedMessage(label), normalizedMessage(pickup)]); // keyed sim-post:<number>, no shipment
    const orphans = () => app.get(DataSource).query(`SELECT count(*)::int AS n FROM tracking.tracking_events WHERE tracking_number = $1 AND shipment_id IS NULL`, [n]);
    await waitFor(orphans, (r: { n: number }[]) => r[0].n === 2, { what: 'two orphans stored' });
    expect((await view(n)).status).toBe(404);

    const resent = { ...label, shipmentId: s.shipmentId }; // the same carrier event, now attributed
    const arrived = checkpoint({ shipmentId: s.shipmentId, trackingNumber: n, status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.ARRIVED_AT_FACILITY', occurredAt: at(2) });
    await recorder.publish([normalizedMessage(resent), normalizedMessage(arrived)]);
    const res = await waitFor(() => view(n), (r) => r.status === 200 && r.body.events.length === 3, { what: 'three events on the timeline' });
    expect(res.body.events.map((e: Json) => e.id)).toEqual([label.eventId, pickup.eventId, arrived.eventId]);
    expect(res.body).toMatchObject({ status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.ARRIVED_AT_FACILITY', legs: [{ carrierCode: 'sim-post', trackingNumber: n }] });
    expect((await orphans())[0].n).toBe(0);
    const [{ folded }] = await app.get(DataSource).query(`SELECT event_count AS folded FROM tracking.shipment_tracking WHERE shipment_id = $1`, [s.shipmentId]);
    expect(folded).toBe(3);
  });

  it('events before shipment.created are kept and attached; status changes are published once per change; a late scan never regresses DELIVERED', async () => {
    const s = shipmentCreated();
    const n = s.trackingNumber!;
    const t0 = Date.now() - 30 * HOUR;
    const at = (h: number) => new Date(t0 + h * HOUR).toISOString();
    const events = [
      checkpoint({ shipmentId: s.shipmentId, trackingNumber: n, status: 'INFO_RECEIVED', occurredAt: at(0) }),
      checkpoint({ shipmentId: s.shipmentId, trackingNumber: n, status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.PICKED_UP', occurredAt: at(1) }),
    ];
    await recorder.publish(events.map((e) => normalizedMessage(e)));
    await waitFor(() => view(n), (r) => r.status === 200 && r.body.status === 'IN_TRANSIT', { what: 'IN_TRANSIT before shipment.created' });
    expect((await view(n, buyerA)).body.orderNumber).toBeUndefined(); // owners not known yet
    await recorder.publish([createdMessage(s)]);
    await waitFor(() => view(n, buyerA), (r) => r.body.orderNumber === s.orderNumber, { what: 'owners attached' });

    const delivered = checkpoint({ shipmentId: s.shipmentId, trackingNumber: n, status: 'DELIVERED', substatus: 'DELIVERED.SIGNED', occurredAt: at(20) });
    const late = checkpoint({ shipmentId: s.shipmentId, trackingNumber: n, status: 'OUT_FOR_DELIVERY', occurredAt: at(21) });
    await recorder.publish([normalizedMessage(delivered), normalizedMessage(late), normalizedMessage(delivered), normalizedMessage(events[0])]);
    await waitFor(() => view(n), (r) => r.body.events.length === 4, { what: '4 events' });
    expect((await view(n)).body).toMatchObject({ status: 'DELIVERED', substatus: 'DELIVERED.SIGNED' });
    await waitFor(() => statusChanges(s.shipmentId), (l) => l.some((c) => c.includes('>DELIVERED')), { what: 'status changes up to DELIVERED' });
    await new Promise((r) => setTimeout(r, 1_000));
    const changes = statusChanges(s.shipmentId);
    // the first batch may hold both early events or one: either way each change once, ending DELIVERED
    expect([
      ['PENDING>INFO_RECEIVED:', 'INFO_RECEIVED>IN_TRANSIT:IN_TRANSIT.PICKED_UP', 'IN_TRANSIT>DELIVERED:DELIVERED.SIGNED'],
      ['PENDING>IN_TRANSIT:IN_TRANSIT.PICKED_UP', 'IN_TRANSIT>DELIVERED:DELIVERED.SIGNED'],
    ]).toContainEqual(changes);
    const [changed] = publishedHere<TrackingStatusChanged>(TrackingStatusChangedEvent.type, (p) => p.shipmentId === s.shipmentId && p.status === 'DELIVERED');
    expect(changed.payload).toMatchObject({ trackingNumber: n, occurredAt: at(20) });
  });

  it('publishes ETA revisions: predicted from the lane until the carrier gives one', async () => {
    const s = shipmentCreated({ originCountryCode: 'FR', destinationCountryCode: 'FR' });
    const n = s.trackingNumber!;
    await recorder.publish([createdMessage(s)]);
    const predicted = await waitFor(() => view(n), (r) => r.status === 200 && r.body.estimatedDelivery?.source === 'PREDICTED', { what: 'predicted window' });
    const span = Date.parse(predicted.body.estimatedDelivery.to) - Date.parse(predicted.body.estimatedDelivery.from);
    expect(span).toBe(72 * HOUR); // domestic default: 1–4 days
    await recorder.publish([
      normalizedMessage(checkpoint({ shipmentId: s.shipmentId, trackingNumber: n, status: 'IN_TRANSIT', estimatedDelivery: { from: '2026-12-24T08:00:00+01:00', to: '2026-12-24T18:00:00+01:00' } })),
    ]);
    await waitFor(() => view(n), (r) => r.body.estimatedDelivery?.source === 'CARRIER', { what: 'carrier window' });
    const revisions = await waitFor(
      () => publishedHere<TrackingEtaRevised>(TrackingEtaRevisedEvent.type, (p) => p.shipmentId === s.shipmentId),
      (l) => l.some((e) => e.payload.source === 'CARRIER'),
      { what: 'eta revisions' },
    );
    expect(revisions[revisions.length - 1].payload.estimatedDelivery).toEqual({ from: '2026-12-24T07:00:00.000Z', to: '2026-12-24T17:00:00.000Z' });
  });

  it('a cancelled shipment is CANCELLED', async () => {
    const s = shipmentCreated();
    await recorder.publish([createdMessage(s)]);
    await waitFor(() => view(s.trackingNumber!), (r) => r.status === 200, { what: 'created' });
    await recorder.publish([cloudEventMessage(Topics.ShipmentEvents, ShipmentCancelledEvent.type, s.shipmentId, { shipmentId: s.shipmentId, orderId: s.orderId, cancelledAt: new Date().toISOString() })]);
    await waitFor(() => view(s.trackingNumber!), (r) => r.body.status === 'CANCELLED', { what: 'CANCELLED' });
  });

  it('the sweep signals a stall once per stall and expires shipments never scanned; concurrent sweeps never double up', async () => {
    const scanned = shipmentCreated();
    const never = shipmentCreated();
    await recorder.publish([createdMessage(scanned), createdMessage(never), normalizedMessage(checkpoint({ shipmentId: scanned.shipmentId, trackingNumber: scanned.trackingNumber!, status: 'IN_TRANSIT' }))]);
    await waitFor(() => view(scanned.trackingNumber!), (r) => r.body.status === 'IN_TRANSIT', { what: 'scanned' });
    await waitFor(() => view(never.trackingNumber!), (r) => r.status === 200, { what: 'never scanned' });
    const sweep = app.get(SweepStallsUseCase);
    const dataSource = app.get(DataSource);
    const inFourDays = new Date(Date.now() + 4 * 24 * HOUR);
    const rounds = await Promise.all([1, 2, 3].map(() => dataSource.transaction((tx) => sweep.execute(tx, inFourDays))));
    expect(rounds.reduce((sum, r) => sum + r.stalled, 0)).toBeGreaterThanOrEqual(1);
    await dataSource.transaction((tx) => sweep.execute(tx, inFourDays));
    const stalls = await waitFor(() => publishedHere<TrackingShipmentStalled>(TrackingShipmentStalledEvent.type, (p) => p.shipmentId === scanned.shipmentId), (l) => l.length >= 1, { what: 'stall' });
    await new Promise((r) => setTimeout(r, 500));
    expect(publishedHere(TrackingShipmentStalledEvent.type, (p: TrackingShipmentStalled) => p.shipmentId === scanned.shipmentId)).toHaveLength(1);
    expect(stalls[0].payload).toMatchObject({ trackingNumber: scanned.trackingNumber, status: 'IN_TRANSIT' });

    await dataSource.transaction((tx) => sweep.execute(tx, new Date(Date.now() + 31 * 24 * HOUR)));
    expect((await view(never.trackingNumber!)).body).toMatchObject({ status: 'EXPIRED', substatus: 'EXPIRED.NO_SCANS' });
    expect((await view(scanned.trackingNumber!)).body.status).toBe('IN_TRANSIT'); // scanned: stalled, not expired
  });

  it('old timeline versions are pruned, each shipment keeping its latest; a stream resumed from before them gets the kept view, the current one', async () => {
    const s = shipmentCreated();
    await recorder.publish([createdMessage(s)]);
    const t0 = Date.now() - 3 * HOUR;
    for (const [i, status] of (['INFO_RECEIVED', 'IN_TRANSIT', 'OUT_FOR_DELIVERY'] as const).entries()) {
      await recorder.publish([normalizedMessage(checkpoint({ shipmentId: s.shipmentId, trackingNumber: s.trackingNumber!, status, occurredAt: new Date(t0 + i * HOUR).toISOString() }))]);
      await waitFor(() => view(s.trackingNumber!), (r) => r.body.status === status, { what: status });
    }
    const dataSource = app.get(DataSource);
    const versionsOf = async (id: string) =>
      ((await dataSource.query(`SELECT version FROM tracking.timeline_versions WHERE shipment_id = $1 ORDER BY version`, [id])) as { version: number }[]).map((r) => r.version);
    const before = await versionsOf(s.shipmentId);
    expect(before.length).toBeGreaterThanOrEqual(3);
    const latest = before.at(-1)!;
    // all of this shipment's versions are 40 days old; the other tests' shipments have only recent ones
    await dataSource.query(`UPDATE tracking.timeline_versions SET changed_at = now() - interval '40 days' WHERE shipment_id = $1`, [s.shipmentId]);
    const prune = app.get(PruneTimelineVersionsUseCase);
    const rounds = await Promise.all([1, 2].map(() => dataSource.transaction((tx) => prune.execute(tx, new Date(), 1))));
    const rest = await dataSource.transaction((tx) => prune.execute(tx, new Date()));
    expect(rounds.reduce((a, b) => a + b, 0) + rest).toBe(before.length - 1); // replicas side by side: each old version once
    expect(await versionsOf(s.shipmentId)).toEqual([latest]);
    expect(await dataSource.transaction((tx) => prune.execute(tx, new Date()))).toBe(0); // the latest stays, however old

    const resumed = await app.get(LiveTrackingRepository).after(dataSource, { shipmentId: s.shipmentId, carrierCode: s.carrierCode!, trackingNumber: s.trackingNumber! }, buyerA, 1, 100);
    expect(resumed.map((v) => [v.version, v.view.status, v.view.events.length])).toEqual([[latest, 'OUT_FOR_DELIVERY', 3]]);

    // numbering goes on from the latest
    await recorder.publish([normalizedMessage(checkpoint({ shipmentId: s.shipmentId, trackingNumber: s.trackingNumber!, status: 'DELIVERED' }))]);
    await waitFor(() => view(s.trackingNumber!), (r) => r.body.status === 'DELIVERED', { what: 'delivered' });
    expect(await versionsOf(s.shipmentId)).toEqual([latest, latest + 1]);
  });
});
