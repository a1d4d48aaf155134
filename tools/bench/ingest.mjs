#!/usr/bin/env node
/**
 * npm run bench:ingest — tracking-service ingestion, end to end, against two references, in one run:
 *  1. the BUILT tracking-service (dist/) on a private broker and a database of its own; N normalised tracking
 *     events are published to carrier.tracking-events.normalized.v1 as carrier-sync publishes them; the clock
 *     runs from the first publish until every event is stored and folded into its shipment (queryable);
 *  2. a per-message baseline (one transaction per event, as a naive @EventPattern handler would);
 *  3. a batched raw upsert of the same rows straight into Postgres (the ceiling).
 * Prints events/s of all three, the ratios, the service's peak RSS, and the targets met or not.
 */
import { BenchRun, log, pool, sleep } from './lib/bench-run.mjs';
import { parseFlags } from './lib/flags.mjs';
import { benchKafka } from './lib/kafka-client.mjs';
import { batchedCeiling, perMessageBaseline } from './lib/ingest-references.mjs';
import { fmt, machineSummary, printMachine, printTable, printTargets, sampleRss } from './lib/report.mjs';
import { journeyEvents, normalizedMessage, NORMALIZED_TOPIC, STATUS_TOPIC } from './lib/tracking-journeys.mjs';

const flags = parseFlags(
  process.argv.slice(2),
  {
    events: { type: 'int', default: 200_000, min: 1, help: 'normalised events published to the service' },
    shipments: { type: 'int', default: 20_000, min: 1, help: 'shipments they are spread over (events/shipments per journey, ≥ 4)' },
    order: { type: 'string', default: 'rounds', choices: ['rounds', 'grouped', 'shuffled'], help: 'arrival order: every parcel one step at a time, whole journeys, or shuffled' },
    'baseline-events': { type: 'int', default: 10_000, min: 0, help: 'events of the per-message baseline (whole journeys of the first shipments; 0 skips it)' },
    'ceiling-batch': { type: 'int', default: 5_000, min: 1, help: 'rows per batch of the raw upsert ceiling' },
    'ceiling-writers': { type: 'int', default: 2, min: 1, help: 'concurrent connections of the ceiling (the service consumes 2 partitions at once)' },
    'skip-ceiling': { type: 'bool', default: false, help: 'do not measure the ceiling' },
    port: { type: 'int', default: 13804, help: "tracking-service's HTTP port" },
    'kafka-port': { type: 'int', default: 13892, help: 'port of the private broker (instance "bench")' },
    'kafka-controller-port': { type: 'int', default: 13893, help: "the private broker's controller port" },
    mode: {
      type: 'string',
      default: 'drain',
      choices: ['drain', 'live'],
      help: 'drain: publish everything first, then time the service from its first chunk to the last event folded; live: time from the first publish while the service consumes (includes the bench\'s own publisher on the same cores)',
    },
    'node-options': {
      type: 'string',
      default: '--max-old-space-size=192',
      help: "tracking-service's NODE_OPTIONS, as k8s/base/tracking-service and docker-compose.yml set them ('' for Node's defaults)",
    },
    'service-env': { type: 'string', default: '', help: 'extra environment for tracking-service, e.g. "A=1,B=2"' },
    'timeout-s': { type: 'int', default: 900, help: 'give up when the service has not caught up after this long' },
  },
  { usage: 'npm run bench:ingest -- [flags]   (build first: npx nx build tracking-service)' },
);

const perShipment = Math.round(flags.events / flags.shipments);
if (perShipment * flags.shipments !== flags.events || perShipment < 4) {
  process.stderr.write(`error: --events must be a multiple of --shipments with at least 4 events per shipment (got ${flags.events} / ${flags.shipments})\n`);
  process.exit(2);
}

const serviceEnv = () => Object.fromEntries(flags['service-env'].split(',').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));

await new BenchRun('bench:ingest').main(async (run) => {
  const machine = await machineSummary(run.adminUrl);
  const brokers = await run.broker({ port: flags['kafka-port'], controllerPort: flags['kafka-controller-port'] });
  const kafka = await benchKafka(run, brokers);

  log(`building ${fmt.int(flags.events)} events over ${fmt.int(flags.shipments)} shipments (${perShipment} each, ${flags.order})`);
  const events = journeyEvents({ shipments: flags.shipments, perShipment, order: flags.order });
  const messages = events.map((e) => normalizedMessage(e));

  // ---- 1. the service, end to end ----
  const serviceDb = await run.database('ingest');
  run.migrate('tracking-service', serviceDb.urls['tracking-service']);
  const db = pool(run, serviceDb.adminUrl, 2);
  const progress = async () => {
    const { rows } = await db.query(
      `SELECT (SELECT count(*)::int FROM tracking.tracking_events) AS stored,
              (SELECT coalesce(sum(event_count), 0)::int FROM tracking.shipment_tracking) AS folded,
              (SELECT extract(epoch FROM min(first_seen_at)) * 1000 FROM tracking.shipment_tracking)::float8 AS first_chunk_at`,
    );
    return rows[0];
  };
  let publishSeconds;
  const publish = async () => {
    log(`publishing ${fmt.int(messages.length)} events to ${NORMALIZED_TOPIC}`);
    const started = performance.now();
    await kafka.publish(NORMALIZED_TOPIC, messages);
    publishSeconds = (performance.now() - started) / 1000;
  };
  const startService = () =>
    run.startApp('tracking-service', {
      port: flags.port,
      env: { DATABASE_URL: serviceDb.urls['tracking-service'], KAFKA_BROKERS: brokers, SWEEP_INTERVAL_MS: '3600000', NODE_OPTIONS: flags['node-options'], ...serviceEnv() },
    });

  let service;
  let published = Promise.resolve();
  let t0;
  if (flags.mode === 'drain') {
    await kafka.createTopic(NORMALIZED_TOPIC, 12);
    await publish();
    log('starting tracking-service on the full topic');
    service = await startService();
  } else {
    service = await startService();
    await kafka.waitForGroup('tracking-service');
    t0 = Date.now();
    published = publish();
  }
  const rss = sampleRss(service.pid);
  const deadline = Date.now() + flags['timeout-s'] * 1000;
  let last = { stored: 0, folded: 0 };
  let lastPrint = 0;
  for (;;) {
    last = await progress();
    if (last.stored >= flags.events && last.folded >= flags.events) break;
    service.assertAlive();
    if (Date.now() > deadline) throw new Error(`not caught up after ${flags['timeout-s']} s: ${JSON.stringify(last)}`);
    if (Date.now() - lastPrint > 5_000) {
      lastPrint = Date.now();
      process.stdout.write(`  … ${fmt.int(last.stored)} stored, ${fmt.int(last.folded)} folded\n`);
    }
    await sleep(100);
  }
  const t1 = Date.now();
  await published;
  // drain: the clock starts with the first chunk's transaction (the earliest shipment row), not at the boot
  if (flags.mode === 'drain') t0 = last.first_chunk_at;
  const e2eSeconds = (t1 - t0) / 1000;
  const memory = rss.stop();

  const { rows: check } = await db.query(
    `SELECT count(*)::int AS shipments, count(*) FILTER (WHERE status = 'DELIVERED' AND event_count = $1)::int AS complete FROM tracking.shipment_tracking`,
    [perShipment],
  );
  // the milestones leave through the outbox: wait until the relay has published them all
  const outboxDeadline = Date.now() + 120_000;
  while ((await db.query('SELECT count(*)::int AS n FROM tracking.outbox')).rows[0].n > 0 && Date.now() < outboxDeadline) await sleep(200);
  const milestones = await kafka.messageCount(STATUS_TOPIC);
  const probe = await fetch(`${service.baseUrl}/tracking/${events[0].trackingNumber}`).then((r) => r.json());
  await service.stop();

  // ---- 2. per-message baseline ----
  let baseline;
  if (flags['baseline-events'] > 0) {
    const baselineShipments = Math.max(1, Math.floor(flags['baseline-events'] / perShipment));
    const subset = journeyEvents({ shipments: baselineShipments, perShipment, order: flags.order }).map((e) => normalizedMessage(e));
    log(`per-message baseline: ${fmt.int(subset.length)} events, one transaction each`);
    const baselineDb = await run.database('baseline');
    run.migrate('tracking-service', baselineDb.urls['tracking-service']);
    const seconds = await perMessageBaseline(pool(run, baselineDb.urls['tracking-service'], 1), subset);
    baseline = { events: subset.length, seconds, rate: subset.length / seconds };
  }

  // ---- 3. batched raw upsert ceiling ----
  let ceiling;
  if (!flags['skip-ceiling']) {
    log(`ceiling: ${fmt.int(messages.length)} rows, raw upserts of ${fmt.int(flags['ceiling-batch'])}, ${flags['ceiling-writers']} writers`);
    const ceilingDb = await run.database('ceiling');
    run.migrate('tracking-service', ceilingDb.urls['tracking-service']);
    const seconds = await batchedCeiling(pool(run, ceilingDb.urls['tracking-service'], flags['ceiling-writers']), messages, {
      batchSize: flags['ceiling-batch'],
      writers: flags['ceiling-writers'],
    });
    ceiling = { events: messages.length, seconds, rate: messages.length / seconds };
  }

  // ---- report ----
  const e2eRate = flags.events / e2eSeconds;
  printMachine({ ...machine, load: `${machine.load} at start` });
  printTable(`bench:ingest — ${fmt.int(flags.events)} events, ${fmt.int(flags.shipments)} shipments, ${perShipment} per journey, arrival order "${flags.order}"`, [
    ['measurement', 'events', 'seconds', 'events/s'],
    [flags.mode === 'drain' ? 'tracking-service, end to end (topic → stored and folded)' : 'tracking-service, end to end (publish → stored and folded)', fmt.int(flags.events), e2eSeconds.toFixed(2), fmt.int(e2eRate)],
    ...(baseline ? [['per-message baseline (1 transaction per event)', fmt.int(baseline.events), baseline.seconds.toFixed(2), fmt.int(baseline.rate)]] : []),
    ...(ceiling ? [[`ceiling (raw batched upsert, ${flags['ceiling-writers']} writers)`, fmt.int(ceiling.events), ceiling.seconds.toFixed(2), fmt.int(ceiling.rate)]] : []),
  ]);
  process.stdout.write(
    `\n  publishing alone took ${publishSeconds.toFixed(2)} s (${fmt.int(flags.events / publishSeconds)} events/s)` +
      `\n  shipments complete (DELIVERED, all events folded): ${fmt.int(check[0].complete)} of ${fmt.int(check[0].shipments)}` +
      `\n  milestones published on ${STATUS_TOPIC}: ${fmt.int(milestones)} (${(milestones / flags.events).toFixed(2)} per event)` +
      `\n  lookup of ${events[0].trackingNumber}: status ${probe.status}, ${probe.events?.length} events` +
      `\n  tracking-service peak RSS: ${memory.peakMiB.toFixed(0)} MiB sampled (/proc VmRSS every 100 ms), VmHWM ${memory.hwmMiB.toFixed(0)} MiB; NODE_OPTIONS="${flags['node-options']}"` +
      `${flags['service-env'] ? `\n  extra service environment: ${flags['service-env']}` : ''}\n`,
  );
  if (check[0].complete !== flags.shipments) throw new Error(`only ${check[0].complete} of ${flags.shipments} shipments are complete`);

  const targets = [
    { what: 'end to end ≥ 10,000 events/s', actual: `${fmt.int(e2eRate)} events/s`, met: e2eRate >= 10_000 },
    ...(baseline ? [{ what: '≥ 8× the per-message baseline', actual: fmt.ratio(e2eRate / baseline.rate), met: e2eRate / baseline.rate >= 8 }] : []),
    ...(ceiling ? [{ what: '≥ 40 % of the ceiling', actual: fmt.pct(e2eRate / ceiling.rate), met: e2eRate / ceiling.rate >= 0.4 }] : []),
    { what: 'tracking-service peak RSS < 300 MB', actual: `${Math.max(memory.peakMiB, memory.hwmMiB).toFixed(0)} MiB`, met: Math.max(memory.peakMiB, memory.hwmMiB) * 1.048576 < 300 },
  ];
  printTargets(targets);
});
