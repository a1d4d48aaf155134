import { Topics, TrackingStatusChangedEvent, type TrackingStatusChanged } from '@parcelstream/contracts';
import { runServiceMigrations } from '@parcelstream/service-runtime';
import { createPlatformDatabase, TopicRecorder, uniqueName, waitFor, workspaceRoot } from '@parcelstream/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { Client } from 'pg';
import { trackingDataSourceOptions } from '../src/database/tracking-data-source';
import { checkpoint, HOUR, normalizedMessage } from './support/tracking-fixtures';

const SHIPMENTS = 200;
const JOURNEY = ['INFO_RECEIVED', 'IN_TRANSIT', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED'] as const;

function runApp(env: Record<string, string>): ChildProcess & { output: string[] } {
  const root = workspaceRoot();
  const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'fixtures', 'tracking-app-process.ts')], {
    cwd: root,
    env: { ...process.env, SWC_NODE_PROJECT: path.join(root, 'apps/tracking-service/tsconfig.json'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & { output: string[] };
  child.output = [];
  child.stdout?.on('data', (d: Buffer) => child.output.push(...d.toString().split('\n').filter(Boolean)));
  child.stderr?.on('data', (d: Buffer) => child.output.push(...d.toString().split('\n').filter(Boolean)));
  return child;
}

const killHard = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

// Known flake under review: once in several clean CI runs a shipment showed a second status chain starting at
// PENDING (see the closing note of session 10). Retried, with the first failure logged, until it is understood.

describe('ingestion across a SIGKILL mid-batch (real Kafka and Postgres)', () => {
  let db: Awaited<ReturnType<typeof createPlatformDatabase>>;
  let pg: Client;
  let recorder: TopicRecorder;

  beforeAll(async () => {
    db = await createPlatformDatabase();
    await runServiceMigrations(trackingDataSourceOptions(db.urls['tracking-service']), () => undefined);
    pg = new Client({ connectionString: db.urls['tracking-service'] });
    await pg.connect();
    recorder = await new TopicRecorder().record([Topics.TrackingShipmentStatus]);
  });
  afterAll(async () => {
    await recorder?.close();
    await pg?.end();
    await db?.drop();
  });

  let mine: string[] = [];
  // the topic is shared with other suites on the broker: count only this test's shipments
  const counts = async () => {
    const { rows } = await pg.query<{ events: number; delivered: number; folded: number }>(
      `SELECT (SELECT count(*)::int FROM tracking.tracking_events WHERE shipment_id = ANY($1::uuid[])) AS events,
              (SELECT count(*)::int FROM tracking.shipment_tracking WHERE status = 'DELIVERED' AND shipment_id = ANY($1::uuid[])) AS delivered,
              (SELECT coalesce(sum(event_count), 0)::int FROM tracking.shipment_tracking WHERE shipment_id = ANY($1::uuid[])) AS folded`,
      [mine],
    );
    return rows[0];
  };

  it('applies every event exactly once: each stored once, every timeline folded over all of them, each status change published once', async () => {
    const t0 = Date.now() - 48 * HOUR;
    const shipments = Array.from({ length: SHIPMENTS }, () => ({ shipmentId: randomUUID(), trackingNumber: `RB${randomUUID().slice(0, 9)}GB` }));
    mine = shipments.map((s) => s.shipmentId);
    const events = shipments.flatMap((s) => JOURNEY.map((status, i) => checkpoint({ ...s, status, occurredAt: new Date(t0 + i * HOUR).toISOString() })));
    const messages = events.map((e) => normalizedMessage(e));
    const copies = messages.slice(0, 300).map((m) => ({ ...m })); // redelivered (same ce_id)
    const resent = events.slice(300, 500).map((e) => normalizedMessage(e)); // re-sent by the producer (new ce_id, same carrier event)
    await recorder.publish([...messages, ...copies, ...resent]);

    const group = uniqueName('tracking-crash').replace(/\./g, '-');
    // its own CloudEvents source: another tracking-service on the shared broker (another suite's) folds these
    // shared-topic events too and publishes its own PENDING → … chain for the same shipment ids
    const env = { DATABASE_URL: db.urls['tracking-service'], KAFKA_BROKERS: process.env.KAFKA_BROKERS!, GROUP: group, SERVICE_NAME: group, DELAY_MS: '400' };
    const ownSource = `/parcelstream/${group}`;
    const first = runApp(env);
    try {
      await waitFor(counts, (c) => c.events >= 100, { timeoutMs: 60_000, what: 'some events before the crash' });
    } finally {
      await killHard(first); // never left running: it would go on publishing beside the second
    }
    const atCrash = await counts();
    expect(atCrash.events).toBeLessThan(events.length);

    const second = runApp({ ...env, DELAY_MS: '0' });
    try {
      await waitFor(counts, (c) => c.delivered === SHIPMENTS && c.folded === events.length, { timeoutMs: 90_000, what: 'every timeline complete' });
      await new Promise((r) => setTimeout(r, 1_500));
    } finally {
      await killHard(second);
    }
    expect(await counts()).toEqual({ events: events.length, delivered: SHIPMENTS, folded: events.length });
    const ceIds = [...messages, ...resent].map((m) => m.headers['ce_id']);
    const { rows } = await pg.query<{ inbox: number }>(`SELECT count(*)::int AS inbox FROM tracking.inbox WHERE consumer = $1 AND event_id = ANY($2::text[])`, [env.GROUP, ceIds]);
    expect(rows[0].inbox).toBe(ceIds.length);

    // each shipment's status changes form one chain PENDING → … → DELIVERED, no change twice (ids de-duplicated:
    // the relay is at-least-once)
    const published = () =>
      recorder.messages
        .filter((m) => m.headers['ce_type'] === TrackingStatusChangedEvent.type && m.headers['ce_source'] === ownSource)
        .map((m) => ({ id: m.headers['ce_id'], payload: JSON.parse(m.value) as TrackingStatusChanged }));
    await waitFor(() => published().filter((e) => e.payload.status === 'DELIVERED'), (l) => new Set(l.map((e) => e.payload.shipmentId)).size >= SHIPMENTS, {
      timeoutMs: 30_000,
      what: 'DELIVERED published for every shipment',
    });
    const ids = new Set<string>(shipments.map((s) => s.shipmentId));
    const byShipment = new Map<string, TrackingStatusChanged[]>();
    const seen = new Set<string>();
    for (const e of published().filter((p) => ids.has(p.payload.shipmentId))) {
      if (seen.has(e.id)) continue;
      seen.add(e.id);
      byShipment.set(e.payload.shipmentId, [...(byShipment.get(e.payload.shipmentId) ?? []), e.payload]);
    }
    const broken: { shipmentId: string; chain: string[] }[] = [];
    for (const [shipmentId, chain] of byShipment) {
      const linked = chain[0].previousStatus === 'PENDING' && chain.every((c, i) => i === 0 || c.previousStatus === chain[i - 1].status);
      const ok = linked && chain[chain.length - 1].status === 'DELIVERED' && new Set(chain.map((c) => c.status)).size === chain.length;
      if (!ok) broken.push({ shipmentId, chain: chain.map((c) => `${c.previousStatus}->${c.status}@${c.occurredAt}`) });
    }
    if (broken.length > 0) {
      // evidence for the diagnosis: what the database holds for the first broken shipment
      const id = broken[0].shipmentId;
      const evidence = await pg.query(
        `SELECT e.event_id, e.status, e.occurred_at, e.shipment_id FROM tracking.tracking_events e WHERE e.shipment_id = $1 ORDER BY e.occurred_at`,
        [id],
      ).catch((e: Error) => ({ rows: [e.message] }));
      const messages = recorder.messages.filter((m) => m.headers['ce_type'] === TrackingStatusChangedEvent.type && m.key === id).map((m) => `${m.headers['ce_source']} ${m.headers['ce_id']} ${m.value}`);
      console.error(JSON.stringify({ broken, events: evidence.rows, messages }, null, 1));
    }
    expect(broken).toEqual([]);
  }, 180_000);
});
