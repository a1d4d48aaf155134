import { TOPIC_SPECS, Topics } from '@parcelstream/contracts';
import { createPlatformDatabase, migrateBuiltApp, startBuiltApp, waitFor, type BuiltService } from '@parcelstream/testing';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { checkpoint, HOUR, normalizedMessage } from './support/tracking-fixtures';

/**
 * Graceful shutdown of the built tracking-service under load (issue 7 item 5): SIGTERM while it is consuming a
 * backlog of normalised events. Readiness must turn false at once while the process still answers
 * (`/health/live`), the process must exit 0 after "stopped cleanly", the consumer group's committed offsets
 * must cover exactly the events it applied (nothing applied left uncommitted, nothing committed unapplied),
 * its outbox must be empty, and a second instance in the same group must finish the load with every event
 * applied exactly once. Needs `nx run tracking-service:build` first.
 */
const PORT = 13104;
const SHIPMENTS = 1_000;
const JOURNEY = ['INFO_RECEIVED', 'IN_TRANSIT', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED'] as const;
const TOTAL = SHIPMENTS * JOURNEY.length;
const SHUTDOWN_DELAY_MS = 1_500;
const TOPIC = Topics.NormalizedTrackingEvents;

interface Probe {
  at: number;
  ready: number | 'down';
  readyDetail?: string;
  live: number | 'down';
}

/** An answer's status and its problem detail, or 'down' when nothing answers. */
const answerOf = async (url: string): Promise<{ status: number | 'down'; detail?: string }> => {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    const text = await res.text();
    let detail: string | undefined;
    try {
      detail = (JSON.parse(text) as { detail?: string }).detail;
    } catch {
      /* not JSON */
    }
    return { status: res.status, detail };
  } catch {
    return { status: 'down' };
  }
};

describe('tracking-service graceful shutdown under load (built output, real Kafka and Postgres)', () => {
  let db: Awaited<ReturnType<typeof createPlatformDatabase>>;
  let pg: Client;
  let kafka: Kafka;
  let admin: Admin;
  const started: BuiltService[] = [];

  beforeAll(async () => {
    db = await createPlatformDatabase();
    migrateBuiltApp('tracking-service', { DATABASE_URL: db.urls['tracking-service'] });
    pg = new Client({ connectionString: db.urls['tracking-service'] });
    await pg.connect();
    kafka = new Kafka({ clientId: 'graceful-shutdown-spec', brokers: process.env.KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
  }, 60_000);
  afterAll(async () => {
    for (const s of started) if (s.process.exitCode === null && s.process.signalCode === null) s.process.kill('SIGKILL');
    await admin?.disconnect();
    await pg?.end();
    await db?.drop();
  });

  it('SIGTERM mid-load: readiness false first, exit 0, offsets committed = events applied, outbox empty; a restart applies the rest exactly once', async () => {
    // the load: SHIPMENTS journeys of 5 normalised events, on the shared topic (other suites' events interleave)
    const t0 = Date.now() - 48 * HOUR;
    const base = Number.parseInt(randomBytes(3).toString('hex'), 16) * 1_000; // waybills of this run
    const shipments = Array.from({ length: SHIPMENTS }, (_, i) => ({ shipmentId: randomUUID(), trackingNumber: `RB${String(base + i).padStart(9, '0').slice(-9)}GB` }));
    const mine = shipments.map((s) => s.shipmentId);
    const messages = shipments.flatMap((s) => JOURNEY.map((status, i) => normalizedMessage(checkpoint({ ...s, status, occurredAt: new Date(t0 + i * HOUR).toISOString() }))));
    const ceIds = messages.map((m) => m.headers['ce_id']);

    // the group starts at the topics' ends as of now: what earlier runs and other suites left on the shared
    // topics is not part of this load (and would only slow the first instance down)
    const group = `tracking-shutdown-it-${randomBytes(4).toString('hex')}`;
    await startGroupAtEnd(admin, group, [TOPIC, Topics.ShipmentEvents]);

    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      for (let i = 0; i < messages.length; i += 500) {
        await producer.send({ topic: TOPIC, acks: -1, messages: messages.slice(i, i + 500).map((m) => ({ key: m.key, value: m.value, headers: m.headers })) });
      }
    } finally {
      await producer.disconnect();
    }
    const offsets = await offsetsOf(kafka, new Set(ceIds)); // ce_id → where it landed

    const counts = async () => {
      const { rows } = await pg.query<{ inbox: number; events: number; folded: number; delivered: number }>(
        `SELECT (SELECT count(*)::int FROM tracking.inbox WHERE consumer = $2 AND event_id = ANY($3::text[])) AS inbox,
                (SELECT count(*)::int FROM tracking.tracking_events WHERE shipment_id = ANY($1::uuid[])) AS events,
                (SELECT coalesce(sum(event_count), 0)::int FROM tracking.shipment_tracking WHERE shipment_id = ANY($1::uuid[])) AS folded,
                (SELECT count(*)::int FROM tracking.shipment_tracking WHERE status = 'DELIVERED' AND shipment_id = ANY($1::uuid[])) AS delivered`,
        [mine, group, ceIds],
      );
      return rows[0];
    };
    const appliedIds = async () => {
      const { rows } = await pg.query<{ event_id: string }>(`SELECT event_id FROM tracking.inbox WHERE consumer = $1 AND event_id = ANY($2::text[])`, [group, ceIds]);
      return new Set(rows.map((r) => r.event_id));
    };
    const committedIds = async () => {
      const [{ partitions }] = await admin.fetchOffsets({ groupId: group, topics: [TOPIC] });
      const next = new Map(partitions.map((p) => [p.partition, p.offset === '-1' ? -1n : BigInt(p.offset)]));
      return new Set(ceIds.filter((id) => BigInt(offsets.get(id)!.offset) < (next.get(offsets.get(id)!.partition) ?? -1n)));
    };
    const messagingLeftovers = async () => {
      const { rows } = await pg.query<{ outbox: number; relays: number; leased: number }>(
        `SELECT (SELECT count(*)::int FROM tracking.outbox) AS outbox,
                (SELECT count(*)::int FROM tracking.outbox_relay) AS relays,
                (SELECT count(*)::int FROM tracking.outbox_lease WHERE owner IS NOT NULL) AS leased`,
      );
      return rows[0];
    };

    const env = {
      DATABASE_URL: db.urls['tracking-service'],
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      KAFKA_CONSUMER_GROUP: group,
      LOG_LEVEL: 'info',
      SWEEP_INTERVAL_MS: '3600000',
    };

    // first instance: small chunks and fetches, so the backlog takes many transactions and commits
    const testStart = Date.now();
    const first = await startBuiltApp('tracking-service', PORT, { ...env, SHUTDOWN_DELAY_MS: String(SHUTDOWN_DELAY_MS), CONSUMER_CHUNK_SIZE: '10', CONSUMER_FETCH_BYTES_PER_PARTITION: '65536' }, { timeoutMs: 60_000 });
    started.push(first);
    const exited = new Promise<number | null>((resolve) => {
      if (first.process.exitCode !== null) resolve(first.process.exitCode);
      else first.process.once('close', (code) => resolve(code)); // 'close': its output is read to the end
    });
    await waitFor(counts, (c) => c.inbox >= TOTAL / 10, { timeoutMs: 90_000, intervalMs: 50, what: 'the first instance applying events' });

    const sigtermAt = Date.now();
    const startedToSigtermMs = sigtermAt - testStart;
    first.process.kill('SIGTERM');
    const atSigterm = await counts();
    // probe readiness and liveness side by side until the process is gone
    const probes: Probe[] = [];
    let gone = false;
    void exited.then(() => (gone = true));
    while (!gone) {
      const at = Date.now();
      if (at - sigtermAt > 40_000) {
        first.process.kill('SIGKILL'); // hung: the assertions below fail on it
        break;
      }
      const [ready, live] = await Promise.all([answerOf(`${first.baseUrl}/health/ready`), answerOf(`${first.baseUrl}/health/live`)]);
      probes.push({ at, ready: ready.status, readyDetail: ready.detail, live: live.status });
      await new Promise((r) => setTimeout(r, 50));
    }
    const code = await exited;
    const drainMs = Date.now() - sigtermAt;
    const afterStop = await counts();

    const logs = first.output.flatMap((l) => {
      try {
        return [JSON.parse(l) as { msg?: string; time?: string; level?: string }];
      } catch {
        return [];
      }
    });
    const logAt = (msg: string) => {
      const line = logs.find((l) => l.msg === msg);
      return line?.time ? Date.parse(line.time) : undefined;
    };
    const firstDraining = probes.find((p) => p.ready === 503);
    const report = {
      total: TOTAL,
      appliedAtSigterm: atSigterm.inbox,
      appliedAtExit: afterStop.inbox,
      startedToSigtermMs,
      drainMs,
      first503AfterMs: firstDraining ? firstDraining.at - sigtermAt : null,
      probes: probes.length,
      exitCode: code,
    };
    console.log(`graceful shutdown: ${JSON.stringify(report)}`);

    // SIGTERM landed mid-load
    expect(atSigterm.inbox).toBeGreaterThan(0);
    expect(atSigterm.inbox).toBeLessThan(TOTAL);
    // readiness turned false at once (well inside the delay) while the process was still live; never ready again
    expect(firstDraining).toBeDefined();
    expect(firstDraining!.readyDetail).toMatch(/draining/i);
    expect(firstDraining!.at - sigtermAt).toBeLessThan(SHUTDOWN_DELAY_MS);
    expect(probes.filter((p) => p.at >= firstDraining!.at).every((p) => p.ready !== 200)).toBe(true);
    expect(probes.some((p) => p.at >= firstDraining!.at && p.ready === 503 && p.live === 200)).toBe(true);
    // the delay held: the process was still serving liveness after most of SHUTDOWN_DELAY_MS
    expect(Math.max(...probes.filter((p) => p.live === 200).map((p) => p.at)) - sigtermAt).toBeGreaterThan(SHUTDOWN_DELAY_MS * 0.8);
    // a clean exit, in order: draining → consumers stopped and outbox flushed → stopped cleanly
    expect(code).toBe(0);
    const [drainingLog, flushedLog, stoppedLog] = [logAt('SIGTERM: draining'), logAt('consumers stopped, outbox flushed'), logAt('stopped cleanly')];
    expect([drainingLog, flushedLog, stoppedLog].every((t) => typeof t === 'number')).toBe(true);
    expect(drainingLog!).toBeLessThanOrEqual(flushedLog!);
    expect(flushedLog!).toBeLessThanOrEqual(stoppedLog!);
    expect(firstDraining!.at).toBeLessThan(flushedLog!);
    expect(logs.filter((l) => l.level === 'error' || l.level === 'fatal')).toEqual([]); // no error logged on the way out
    expect(drainMs).toBeLessThan(25_000);

    // the stop left work for the second instance: the drain stopped the consumers, it did not finish the load
    expect(afterStop.inbox).toBeLessThan(TOTAL);
    // nothing applied is uncommitted and nothing committed is unapplied: the committed offsets cover exactly
    // the applied events; each applied event stored and folded once
    const [applied, committed] = [await appliedIds(), await committedIds()];
    expect({ appliedNotCommitted: [...applied].filter((id) => !committed.has(id)).length, committedNotApplied: [...committed].filter((id) => !applied.has(id)).length }).toEqual({
      appliedNotCommitted: 0,
      committedNotApplied: 0,
    });
    expect(afterStop.events).toBe(afterStop.inbox);
    expect(afterStop.folded).toBe(afterStop.inbox);
    // the outbox is flushed and the relay handed its slots back
    expect(await messagingLeftovers()).toEqual({ outbox: 0, relays: 0, leased: 0 });

    // second instance in the same group: picks up at the committed offsets and finishes the load
    const secondStart = Date.now();
    const second = await startBuiltApp('tracking-service', PORT, env, { timeoutMs: 60_000 });
    started.push(second);
    const secondReadyMs = Date.now() - secondStart;
    await waitFor(counts, (c) => c.inbox === TOTAL && c.folded === TOTAL && c.delivered === SHIPMENTS, { timeoutMs: 120_000, intervalMs: 250, what: 'the second instance finishing the load' });
    console.log(`graceful shutdown: second instance ready after ${secondReadyMs} ms, load finished after ${Date.now() - secondStart} ms`);
    // the HTTP API shows complete timelines (a sample)
    for (const s of shipments.filter((_, i) => i % 100 === 0)) {
      const view = (await (await fetch(`${second.baseUrl}/tracking/${s.trackingNumber}`)).json()) as { status: string; events: unknown[] };
      expect({ status: view.status, events: view.events.length }).toEqual({ status: 'DELIVERED', events: JOURNEY.length });
    }
    expect(await second.stop()).toBe(0);

    expect(await counts()).toEqual({ inbox: TOTAL, events: TOTAL, folded: TOTAL, delivered: SHIPMENTS });
    expect((await committedIds()).size).toBe(TOTAL);
    expect(await messagingLeftovers()).toEqual({ outbox: 0, relays: 0, leased: 0 });
  }, 300_000);
});

/** Commits the topics' current ends as the group's offsets (creating the topics, as the services declare them, if missing). */
async function startGroupAtEnd(admin: Admin, groupId: string, topics: string[]): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t));
  if (missing.length > 0) {
    await admin
      .createTopics({ waitForLeaders: true, topics: missing.map((topic) => ({ topic, numPartitions: TOPIC_SPECS.find((t) => t.topic === topic)?.partitions ?? 6 })) })
      .catch(() => undefined); // created meanwhile by another suite
  }
  for (const topic of topics) {
    const ends = await admin.fetchTopicOffsets(topic);
    await admin.setOffsets({ groupId, topic, partitions: ends.map((o) => ({ partition: o.partition, offset: o.high })) });
  }
}

/** Reads the topic from the beginning (a throwaway group, nothing committed) until every id is found. */
async function offsetsOf(kafka: Kafka, ids: Set<string>): Promise<Map<string, { partition: number; offset: string }>> {
  const found = new Map<string, { partition: number; offset: string }>();
  const consumer = kafka.consumer({ groupId: `graceful-shutdown-offsets-${randomBytes(4).toString('hex')}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [TOPIC], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) {
          const id = m.headers?.['ce_id']?.toString();
          if (id && ids.has(id)) found.set(id, { partition: batch.partition, offset: m.offset });
        }
        return Promise.resolve();
      },
    });
    await waitFor(() => found.size, (n) => n === ids.size, { timeoutMs: 60_000, intervalMs: 100, what: 'every published event read back' });
  } finally {
    await consumer.disconnect();
  }
  return found;
}
